//! Status codes, and the guard every exported body runs in: NULL and fork
//! checks, panics caught, the error message handed out through `err_out`.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use hms_runtime::{Error, ErrorKind};
use safer_ffi::prelude::*;

/// What a call returns: `HMS_STATUS_OK`, or the code of the error kind (the same
/// numbers as the `code` field of hmsd's problem JSON).
#[derive_ReprC]
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum hms_status {
    Ok = 0,
    /// Bad input; the message names the parameter or the JSON path.
    Validation = 1,
    /// No actor, mailbox or message by that name or id.
    NotFound = 2,
    /// The deadline passed (or no message came within it).
    Timeout = 3,
    /// The actor crashed or stopped while handling the call.
    ActorDown = 4,
    /// A mailbox or pool is full; retry later.
    Overloaded = 5,
    /// The daemon wants a (valid) token.
    Unauthorized = 6,
    /// The runtime, daemon or mailbox is stopped or closed.
    Shutdown = 7,
    /// A bug, a caught panic, or an unreachable daemon.
    Internal = 8,
    /// The handle was made in a parent process: after fork the child must start its own.
    Forked = 9,
}

/// An error on its way out: a status and its message.
#[derive(Debug)]
pub struct Failure {
    pub status: hms_status,
    pub message: String,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        let status = match e.kind() {
            ErrorKind::Validation => hms_status::Validation,
            ErrorKind::NotFound => hms_status::NotFound,
            ErrorKind::Timeout => hms_status::Timeout,
            ErrorKind::ActorDown => hms_status::ActorDown,
            ErrorKind::Overloaded => hms_status::Overloaded,
            ErrorKind::Unauthorized => hms_status::Unauthorized,
            ErrorKind::Shutdown => hms_status::Shutdown,
            ErrorKind::Internal => hms_status::Internal,
        };
        Failure {
            status,
            message: e.to_string(),
        }
    }
}

impl Failure {
    pub fn forked(started_in: u32) -> Self {
        Failure {
            status: hms_status::Forked,
            message: format!(
                "forked: this handle belongs to process {started_in}; a forked child must start or connect its own"
            ),
        }
    }
}

pub type ErrOut<'a> = Option<Out<'a, Option<char_p::Box>>>;

thread_local! {
    /// Set while an exported body runs: its panics are reported through
    /// `err_out`, so the hook keeps them off stderr.
    static IN_CALL: Cell<bool> = const { Cell::new(false) };
}

fn quiet_caught_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !IN_CALL.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Runs `body` for the exported function `name`: `*err_out` is NULL on
/// success and the message on failure; a panic becomes `HMS_STATUS_INTERNAL`.
pub fn guard(
    name: &str,
    err_out: ErrOut<'_>,
    body: impl FnOnce() -> Result<(), Failure>,
) -> hms_status {
    quiet_caught_panics();
    let mut err_out = err_out;
    if let Some(out) = err_out.as_mut() {
        out.reborrow().write(None);
    }
    let outer = IN_CALL.with(|c| c.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(body));
    IN_CALL.with(|c| c.set(outer));
    let failure = match result {
        Ok(Ok(())) => return hms_status::Ok,
        Ok(Err(f)) => f,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Failure {
                status: hms_status::Internal,
                message: format!("internal: panic in {name}: {what}"),
            }
        }
    };
    if let Some(out) = err_out {
        // A message with an interior NUL is cut there rather than lost.
        let text = failure
            .message
            .split('\0')
            .next()
            .unwrap_or_default()
            .to_string();
        out.write(char_p::Box::try_from(text).ok());
    }
    failure.status
}
