//! `check_childspecs`: validate specs before anything starts.

use std::collections::HashSet;
use std::fmt;

use super::{AutoShutdown, ChildSpec, Restart, Shutdown, Strategy, SupervisorSpec};
use crate::error::Error;

/// A spec that cannot be started, with the path of the offending field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecError {
    /// Where, e.g. `children[2].id` or `period`.
    pub path: String,
    /// What is wrong with it.
    pub message: String,
}

impl SpecError {
    fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for SpecError {}

impl From<SpecError> for Error {
    fn from(e: SpecError) -> Self {
        Error::validation(e.path, e.message)
    }
}

/// Checks a list of child specs on their own (OTP `supervisor:check_childspecs/1`):
/// ids present and unique, shutdown timeouts and backoffs sane, significant children
/// not permanent.
pub fn check_childspecs(children: &[ChildSpec]) -> Result<(), SpecError> {
    let mut seen = HashSet::new();
    for (i, child) in children.iter().enumerate() {
        check_child(&format!("children[{i}]"), child)?;
        if !seen.insert(child.id.as_str()) {
            return Err(SpecError::new(
                format!("children[{i}].id"),
                format!("duplicate child id '{}'", child.id),
            ));
        }
    }
    Ok(())
}

pub(crate) fn check_child(at: &str, child: &ChildSpec) -> Result<(), SpecError> {
    if child.id.is_empty() {
        return Err(SpecError::new(
            format!("{at}.id"),
            "child id must not be empty",
        ));
    }
    if child.id.contains('/') {
        return Err(SpecError::new(
            format!("{at}.id"),
            format!("child id '{}' must not contain '/'", child.id),
        ));
    }
    if child.significant && child.restart == Restart::Permanent {
        return Err(SpecError::new(
            format!("{at}.significant"),
            "a permanent child cannot be significant (it never terminates by itself)",
        ));
    }
    if let Some(Shutdown::Timeout(t)) = child.shutdown {
        if t.is_zero() {
            return Err(SpecError::new(
                format!("{at}.shutdown"),
                "timeout must be positive; use brutal_kill to kill at once",
            ));
        }
    }
    if let Some(l) = &child.liveness {
        if child.kind() == crate::spec::ChildKind::Supervisor {
            return Err(SpecError::new(
                format!("{at}.liveness"),
                "liveness limits apply to workers; a supervisor's children have their own",
            ));
        }
        if l.handler_limit.is_zero() {
            return Err(SpecError::new(
                format!("{at}.liveness.handler_limit"),
                "must be positive",
            ));
        }
    }
    if child.max_in_flight == Some(0) {
        return Err(SpecError::new(
            format!("{at}.max_in_flight"),
            "must be at least 1",
        ));
    }
    if let Some(b) = &child.backoff {
        if b.initial.is_zero() || b.max < b.initial {
            return Err(SpecError::new(
                format!("{at}.backoff"),
                "needs 0 < initial <= max",
            ));
        }
        if !(b.multiplier >= 1.0 && b.multiplier.is_finite()) {
            return Err(SpecError::new(
                format!("{at}.backoff.multiplier"),
                "must be a finite number >= 1",
            ));
        }
        if !(0.0..=1.0).contains(&b.jitter) {
            return Err(SpecError::new(
                format!("{at}.backoff.jitter"),
                "must be within [0, 1]",
            ));
        }
    }
    Ok(())
}

impl SupervisorSpec {
    /// Checks the flags and every child spec together (what a supervisor's init
    /// runs before starting anything).
    pub fn check(&self) -> Result<(), SpecError> {
        if self.period.is_zero() {
            return Err(SpecError::new("period", "restart period must be positive"));
        }
        check_childspecs(&self.children)?;
        if self.strategy == Strategy::SimpleOneForOne {
            if self.children.len() != 1 {
                return Err(SpecError::new(
                    "children",
                    format!(
                        "simple_one_for_one needs exactly one template child spec, got {}",
                        self.children.len()
                    ),
                ));
            }
            if self.children[0].significant {
                return Err(SpecError::new(
                    "children[0].significant",
                    "significant children are not allowed with simple_one_for_one",
                ));
            }
            if self.auto_shutdown != AutoShutdown::Never {
                return Err(SpecError::new(
                    "auto_shutdown",
                    "auto_shutdown is not allowed with simple_one_for_one",
                ));
            }
        }
        Ok(())
    }
}
