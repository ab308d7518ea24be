//! The one error taxonomy shared by every boundary (Rust, Python, C, HTTP, wasm).
//!
//! Every call ends in a reply or in one of these kinds before its deadline. The
//! kind is what programs branch on; the message is for people; `path` names the
//! offending input (a JSON path, a parameter) for `validation` errors.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What went wrong, as a closed set that every language binding can map 1:1.
///
/// This is the one table of error kinds: the C status codes, the Go and Ruby
/// constants, the Python exceptions and hmsd's problem mapping are copies
/// checked against it (`bridges/c/src/status.rs` tests; `status_of` in hmsd
/// matches it exhaustively). The C ABI adds one status of its own after these,
/// `forked` (9), for a handle used in a forked child: a C-level condition,
/// not a runtime error, so it is not a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The input was malformed or broke a rule; `path` says where.
    Validation,
    /// No actor, child or resource answers to that name.
    NotFound,
    /// The deadline passed before a reply arrived.
    Timeout,
    /// The target died (or was stopped) and the message could not be retried.
    ActorDown,
    /// The target's in-flight bound is reached; retry later.
    Overloaded,
    /// The caller lacks the credentials for this operation. Raised at a
    /// door that checks them (hmsd's HTTP API, and so the remote clients);
    /// the runtime itself never checks credentials.
    Unauthorized,
    /// The runtime is shutting down and accepts no new work.
    Shutdown,
    /// A bug or an unexpected condition inside the runtime or a handler.
    Internal,
    /// A resource the call depends on cannot be used now (hmsd's journal
    /// cannot write: the disk is full or failing). Nothing was acknowledged;
    /// retry once it is back. Code 10: the C ABI's `forked` holds 9.
    Unavailable,
}

impl ErrorKind {
    /// Every kind, in the order of their stable numeric codes (1-based).
    pub const ALL: [ErrorKind; 9] = [
        ErrorKind::Validation,
        ErrorKind::NotFound,
        ErrorKind::Timeout,
        ErrorKind::ActorDown,
        ErrorKind::Overloaded,
        ErrorKind::Unauthorized,
        ErrorKind::Shutdown,
        ErrorKind::Internal,
        ErrorKind::Unavailable,
    ];

    /// The snake_case name used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Validation => "validation",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Timeout => "timeout",
            ErrorKind::ActorDown => "actor_down",
            ErrorKind::Overloaded => "overloaded",
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::Shutdown => "shutdown",
            ErrorKind::Internal => "internal",
            ErrorKind::Unavailable => "unavailable",
        }
    }

    /// A stable numeric code (C ABI, exit codes): 1..=8 in the order of
    /// [`ErrorKind::ALL`], then 10 for `unavailable` (9 is the C ABI's `forked`).
    pub fn code(self) -> i32 {
        match self {
            ErrorKind::Validation => 1,
            ErrorKind::NotFound => 2,
            ErrorKind::Timeout => 3,
            ErrorKind::ActorDown => 4,
            ErrorKind::Overloaded => 5,
            ErrorKind::Unauthorized => 6,
            ErrorKind::Shutdown => 7,
            ErrorKind::Internal => 8,
            ErrorKind::Unavailable => 10,
        }
    }

    /// The kind with this numeric code, if any.
    pub fn from_code(code: i32) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The kind with this wire name, if any.
    pub fn from_name(name: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error of the taxonomy, with a human message and, for validation, the path
/// of the offending input.
///
/// One pointer wide, so `Result<T, Error>` stays small on the hot paths.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Error(Box<Inner>);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Inner {
    kind: ErrorKind,
    message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    path: Option<String>,
}

impl Error {
    /// An error of `kind` with a human message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self(Box::new(Inner {
            kind,
            message: message.into(),
            path: None,
        }))
    }

    /// A validation error naming the offending input (`"$.demographics.age"`, `"timeout_ms"`).
    pub fn validation(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self(Box::new(Inner {
            kind: ErrorKind::Validation,
            message: message.into(),
            path: Some(path.into()),
        }))
    }

    /// A `not_found` error.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }

    /// A `timeout` error.
    pub fn timeout(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Timeout, message)
    }

    /// An `actor_down` error.
    pub fn actor_down(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ActorDown, message)
    }

    /// An `overloaded` error.
    pub fn overloaded(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Overloaded, message)
    }

    /// An `unauthorized` error.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unauthorized, message)
    }

    /// A `shutdown` error.
    pub fn shutdown(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Shutdown, message)
    }

    /// An `internal` error.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }

    /// An `unavailable` error.
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unavailable, message)
    }

    /// Its kind.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// Its message.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// Where the bad input is, for `validation` errors.
    pub fn path(&self) -> Option<&str> {
        self.0.path.as_deref()
    }

    /// The same error, located under `prefix` (`"$.patient"` + `".age"`).
    pub fn at(mut self, prefix: &str) -> Self {
        self.0.path = Some(match self.0.path.take() {
            Some(p) => format!("{prefix}{p}"),
            None => prefix.to_string(),
        });
        self
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.0.kind)
            .field("message", &self.0.message)
            .field("path", &self.0.path)
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.path {
            Some(path) => write!(f, "{} at {}: {}", self.0.kind, path, self.0.message),
            None => write!(f, "{}: {}", self.0.kind, self.0.message),
        }
    }
}

impl std::error::Error for Error {}

/// `Result` with the runtime's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_distinct() {
        let codes: Vec<i32> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes, [1, 2, 3, 4, 5, 6, 7, 8, 10]);
        assert_eq!(ErrorKind::Internal.code(), 8);
        assert_eq!(ErrorKind::from_code(9), None, "9 is the C ABI's forked");
        for k in ErrorKind::ALL {
            assert_eq!(ErrorKind::from_code(k.code()), Some(k));
            assert_eq!(ErrorKind::from_name(k.as_str()), Some(k));
        }
        assert_eq!(ErrorKind::from_code(0), None);
        assert_eq!(ErrorKind::from_code(9), None);
        assert_eq!(ErrorKind::from_name("nope"), None);
    }

    #[test]
    fn serializes_snake_case_with_path() {
        let e = Error::validation("$.demographics.age", "expected a number");
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["kind"], "validation");
        assert_eq!(json["path"], "$.demographics.age");
        assert_eq!(
            e.to_string(),
            "validation at $.demographics.age: expected a number"
        );
        let plain = serde_json::to_value(Error::timeout("late")).unwrap();
        assert!(plain.get("path").is_none());
        let back: Error = serde_json::from_value(json).unwrap();
        assert_eq!(back, e);
    }

    #[test]
    fn is_one_pointer_wide() {
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }

    #[test]
    fn at_prefixes_the_path() {
        let e = Error::validation(".age", "negative").at("$.demographics");
        assert_eq!(e.path(), Some("$.demographics.age"));
    }
}
