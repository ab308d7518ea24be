//! Why an actor stopped, and how that maps to and from what ractor reports.
//!
//! OTP's rule for `transient` children hinges on this: `normal`, `shutdown` and
//! `{shutdown, _}` are not abnormal; everything else (a panic, an error exit, a
//! kill) is.

use std::fmt;

use ractor::{ActorProcessingErr, SupervisionEvent};
use serde::Serialize;

/// Why an actor stopped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum ExitReason {
    /// Stopped by itself, its work done.
    Normal,
    /// Asked to stop by its supervisor or the runtime; the detail says why
    /// (`reached_max_restart_intensity`, `auto_shutdown`), like OTP's `{shutdown, Term}`.
    Shutdown(Option<String>),
    /// Killed without a chance to clean up (brutal kill, shutdown timeout, fault).
    Killed,
    /// A handler, `init` or `terminate` panicked.
    Panic(String),
    /// The actor chose to exit with an error.
    Error(String),
    /// The node the actor's work ran on was lost (OTP's `noconnection`); the
    /// detail names the node.
    Noconnection(String),
}

/// Wire prefix ractor carries for shutdown reasons with a detail.
const SHUTDOWN: &str = "shutdown";
const NORMAL: &str = "normal";
const KILLED: &str = "killed";
const NOCONNECTION: &str = "noconnection";

impl ExitReason {
    /// Whether a `transient` child should be restarted after this exit.
    pub fn is_abnormal(&self) -> bool {
        !matches!(self, ExitReason::Normal | ExitReason::Shutdown(_))
    }

    /// The stop reason string handed to ractor's `stop`.
    pub(crate) fn to_stop_reason(&self) -> String {
        match self {
            ExitReason::Normal => NORMAL.to_string(),
            ExitReason::Shutdown(None) => SHUTDOWN.to_string(),
            ExitReason::Shutdown(Some(detail)) => format!("{SHUTDOWN}: {detail}"),
            ExitReason::Killed => KILLED.to_string(),
            ExitReason::Panic(m) => format!("panic: {m}"),
            ExitReason::Error(m) => format!("error: {m}"),
            ExitReason::Noconnection(node) => format!("{NOCONNECTION}: {node}"),
        }
    }

    /// Reads a ractor stop reason back (the inverse of [`Self::to_stop_reason`]).
    pub(crate) fn from_stop_reason(reason: Option<&str>) -> Self {
        match reason {
            None | Some(NORMAL) | Some("Drained") => ExitReason::Normal,
            Some(KILLED) | Some("actor_task_cancelled") => ExitReason::Killed,
            Some(SHUTDOWN) => ExitReason::Shutdown(None),
            Some(r) => {
                if let Some(detail) = r.strip_prefix("shutdown: ") {
                    ExitReason::Shutdown(Some(detail.to_string()))
                } else if let Some(m) = r.strip_prefix("panic: ") {
                    ExitReason::Panic(m.to_string())
                } else if let Some(m) = r.strip_prefix("error: ") {
                    ExitReason::Error(m.to_string())
                } else if let Some(node) = r.strip_prefix("noconnection: ") {
                    ExitReason::Noconnection(node.to_string())
                } else {
                    // A plain ractor actor stopped with its own words: an error exit.
                    ExitReason::Error(r.to_string())
                }
            }
        }
    }

    /// Reads the error of an `ActorFailed` event.
    pub(crate) fn from_failure(err: &ActorProcessingErr) -> Self {
        match err.downcast_ref::<ExitError>() {
            Some(ExitError(reason)) => reason.clone(),
            // ractor's own panic capture (e.g. in a plain actor) gives only a string.
            None => ExitReason::Error(err.to_string()),
        }
    }

    /// Reads the exit out of a ractor supervision event; `None` for non-exit events.
    pub(crate) fn from_event(evt: &SupervisionEvent) -> Option<(ractor::ActorId, Self)> {
        match evt {
            SupervisionEvent::ActorTerminated(cell, _, reason) => Some((
                cell.get_id(),
                ExitReason::from_stop_reason(reason.as_deref()),
            )),
            SupervisionEvent::ActorFailed(cell, err) => {
                Some((cell.get_id(), ExitReason::from_failure(err)))
            }
            _ => None,
        }
    }
}

impl fmt::Display for ExitReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_stop_reason())
    }
}

/// The typed error our actors hand to ractor when they fail, so the supervisor
/// can tell a panic from an error exit.
#[derive(Debug)]
pub(crate) struct ExitError(pub ExitReason);

impl fmt::Display for ExitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for ExitError {}

/// Turns a caught panic payload into its message.
pub(crate) fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(s) => *s,
        Err(payload) => match payload.downcast::<&'static str>() {
            Ok(s) => s.to_string(),
            Err(_) => "panic with a non-string payload".to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_reasons_round_trip() {
        for r in [
            ExitReason::Normal,
            ExitReason::Shutdown(None),
            ExitReason::Shutdown(Some("auto_shutdown".into())),
            ExitReason::Killed,
            ExitReason::Panic("boom".into()),
            ExitReason::Error("bad".into()),
            ExitReason::Noconnection("b".into()),
        ] {
            assert_eq!(ExitReason::from_stop_reason(Some(&r.to_stop_reason())), r);
        }
        assert_eq!(ExitReason::from_stop_reason(None), ExitReason::Normal);
    }

    #[test]
    fn only_normal_and_shutdown_are_not_abnormal() {
        assert!(!ExitReason::Normal.is_abnormal());
        assert!(!ExitReason::Shutdown(Some("x".into())).is_abnormal());
        assert!(ExitReason::Killed.is_abnormal());
        assert!(ExitReason::Panic("p".into()).is_abnormal());
        assert!(ExitReason::Error("e".into()).is_abnormal());
        assert!(ExitReason::Noconnection("b".into()).is_abnormal());
    }

    #[test]
    fn failure_errors_keep_their_type() {
        let err: ActorProcessingErr = Box::new(ExitError(ExitReason::Panic("p".into())));
        assert_eq!(
            ExitReason::from_failure(&err),
            ExitReason::Panic("p".into())
        );
        let other: ActorProcessingErr = From::from("plain");
        assert_eq!(
            ExitReason::from_failure(&other),
            ExitReason::Error("plain".into())
        );
    }
}
