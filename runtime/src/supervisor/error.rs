//! Errors of the supervisor API, with OTP's reasons.

use std::fmt;

use crate::error::{Error, ErrorKind};
use crate::exit::ExitReason;
use crate::spec::SpecError;

/// Why a supervisor operation (start, terminate, restart, delete a child,
/// query) did not happen, in OTP's terms.
#[derive(Clone, Debug, PartialEq)]
pub enum SupervisorError {
    /// No child with that id.
    NotFound(String),
    /// A child with that id exists, not running (OTP `already_present`).
    AlreadyPresent(String),
    /// A child with that id is running (OTP `already_started`).
    AlreadyStarted(String),
    /// The child is running: terminate it first.
    Running(String),
    /// The child is being restarted.
    Restarting(String),
    /// The operation does not apply to this strategy (OTP `simple_one_for_one`).
    NotSupported(String),
    /// The child spec does not check (`path` says where).
    InvalidSpec(SpecError),
    /// The child's start (init) failed.
    StartFailed {
        /// The child's id.
        id: String,
        /// Why it failed.
        reason: ExitReason,
    },
    /// The supervisor could not be reached (down, shutting down, or past the deadline).
    Unavailable(Error),
}

impl fmt::Display for SupervisorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SupervisorError::NotFound(id) => write!(f, "no child '{id}'"),
            SupervisorError::AlreadyPresent(id) => write!(f, "already_present: '{id}'"),
            SupervisorError::AlreadyStarted(id) => write!(f, "already_started: '{id}'"),
            SupervisorError::Running(id) => write!(f, "child '{id}' is running"),
            SupervisorError::Restarting(id) => write!(f, "child '{id}' is restarting"),
            SupervisorError::NotSupported(what) => write!(f, "not supported: {what}"),
            SupervisorError::InvalidSpec(e) => write!(f, "invalid child spec: {e}"),
            SupervisorError::StartFailed { id, reason } => {
                write!(f, "child '{id}' failed to start: {reason}")
            }
            SupervisorError::Unavailable(e) => write!(f, "supervisor unavailable: {e}"),
        }
    }
}

impl std::error::Error for SupervisorError {}

impl From<SupervisorError> for Error {
    fn from(e: SupervisorError) -> Self {
        let kind = match &e {
            SupervisorError::NotFound(_) => ErrorKind::NotFound,
            SupervisorError::InvalidSpec(spec) => {
                return Error::validation(spec.path.clone(), spec.message.clone())
            }
            SupervisorError::Unavailable(inner) => return inner.clone(),
            SupervisorError::StartFailed { .. } => ErrorKind::Internal,
            _ => ErrorKind::Validation,
        };
        Error::new(kind, e.to_string())
    }
}
