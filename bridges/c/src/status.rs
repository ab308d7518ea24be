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
    /// The actor crashed or stopped while handling the call, or the daemon
    /// cannot be reached.
    ActorDown = 4,
    /// A mailbox or pool is full; retry later.
    Overloaded = 5,
    /// The daemon wants a (valid) token.
    Unauthorized = 6,
    /// The runtime, daemon or mailbox is stopped or closed.
    Shutdown = 7,
    /// A bug or a caught panic.
    Internal = 8,
    /// The handle was made in a parent process: after fork the child must start its own.
    /// The C ABI's own status (Go and Ruby have it too), not a runtime error kind.
    Forked = 9,
    /// A resource the call needs (hmsd's journal: disk full or failing) cannot be
    /// used now; nothing was acknowledged. Retry once it is back.
    Unavailable = 10,
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
            ErrorKind::Unavailable => hms_status::Unavailable,
        };
        Failure {
            status,
            message: e.to_string(),
        }
    }
}

/// `HMS_STATUS_FORKED` unless this is process `pid`, where the handle was made.
pub fn same_process(pid: u32) -> Result<(), Failure> {
    if std::process::id() == pid {
        return Ok(());
    }
    Err(Failure {
        status: hms_status::Forked,
        message: format!(
            "forked: this handle belongs to process {pid}; a forked child must start or connect its own"
        ),
    })
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

#[cfg(test)]
mod tests {
    use std::mem::ManuallyDrop;

    use super::*;

    fn read(path: &str) -> String {
        std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
            .unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// The runtime's kinds plus the C ABI's own `forked`, as (wire name, code), by code.
    fn expected() -> Vec<(String, i32)> {
        let mut all: Vec<(String, i32)> = ErrorKind::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), k.code()))
            .collect();
        all.push(("forked".into(), hms_status::Forked as i32));
        all.sort_by_key(|(_, code)| *code);
        all
    }

    fn camel(name: &str) -> String {
        name.split('_')
            .map(|w| w[..1].to_uppercase() + &w[1..])
            .collect()
    }

    #[test]
    fn every_copy_of_the_error_table_matches_the_runtime() {
        let expected = expected();
        // C: the mapping the exports use, and the generated header.
        for k in ErrorKind::ALL {
            assert_eq!(
                Failure::from(Error::new(k, "x")).status as i32,
                k.code(),
                "{k}"
            );
        }
        let header: Vec<(String, i32)> = read("include/hms.h")
            .lines()
            .filter_map(|l| l.trim().strip_prefix("HMS_STATUS_"))
            .filter_map(|l| l.trim_end_matches(',').split_once(" = "))
            .filter(|(n, _)| *n != "OK")
            .map(|(n, c)| (n.to_lowercase(), c.parse().expect("a code")))
            .collect();
        assert_eq!(header, expected, "include/hms.h");
        // Go: `Name Kind = code` constants and their wire names.
        let go = read("go/errors.go");
        let consts: Vec<(String, i32)> = go
            .lines()
            .filter_map(|l| l.trim().split_once(" Kind = "))
            .map(|(n, rest)| {
                let code = rest.split_whitespace().next().expect("a code");
                (n.trim().to_string(), code.parse().expect("a code"))
            })
            .collect();
        let want_go: Vec<(String, i32)> = expected.iter().map(|(n, c)| (camel(n), *c)).collect();
        assert_eq!(consts, want_go, "go/errors.go constants");
        for (name, _) in &expected {
            assert!(
                go.contains(&format!("{}: \"{name}\"", camel(name))),
                "go/errors.go names {name}"
            );
        }
        // Ruby: KINDS = { code => :name, ... }.
        let ruby = read("ruby/lib/hms.rb");
        let start = ruby.find("KINDS = {").expect("KINDS") + "KINDS = {".len();
        let block = &ruby[start..start + ruby[start..].find('}').expect("end of KINDS")];
        let kinds: Vec<(String, i32)> = block
            .split(',')
            .filter_map(|item| item.split_once("=> :"))
            .map(|(c, n)| (n.trim().to_string(), c.trim().parse().expect("a code")))
            .collect();
        assert_eq!(kinds, expected, "ruby/lib/hms.rb KINDS");
        // Python: one exception class per runtime kind (no `forked`: no fork checks there).
        let python = read("../../python/hms/errors.py");
        let kinds: Vec<&str> = python
            .lines()
            .filter_map(|l| l.trim().strip_prefix("kind = \""))
            .map(|l| l.trim_end_matches('"'))
            .collect();
        // HmsError's own default comes first, then one class per kind in order.
        let want: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(&kinds[1..], want.as_slice(), "python/hms/errors.py");
    }

    /// Runs `guard` with a real `err_out` and returns the status and message.
    fn run(body: impl FnOnce() -> Result<(), Failure>) -> (hms_status, Option<String>) {
        // An out-parameter is written without dropping what was there, as in C.
        let mut slot = ManuallyDrop::new(None::<char_p::Box>);
        let status = guard("hms_test", Some((&mut slot).into()), body);
        let message = ManuallyDrop::into_inner(slot).map(|m| m.to_str().to_string());
        (status, message)
    }

    #[test]
    fn a_panic_becomes_internal_with_its_message() {
        let (status, message) = run(|| panic!("boom"));
        assert_eq!(status, hms_status::Internal);
        assert_eq!(
            message.as_deref(),
            Some("internal: panic in hms_test: boom")
        );
        let (status, message) = run(|| panic!("{} at {}", "boom", 7));
        assert_eq!(status, hms_status::Internal);
        assert!(message.unwrap().ends_with("boom at 7"));
    }

    #[test]
    fn errors_keep_their_kind_and_success_clears_the_message() {
        let (status, message) = run(|| Err(Error::timeout("late").into()));
        assert_eq!(
            (status, message.as_deref()),
            (hms_status::Timeout, Some("timeout: late"))
        );
        let (status, message) = run(|| Err(Error::validation("$.a", "bad\0tail").into()));
        assert_eq!(status, hms_status::Validation);
        assert_eq!(message.as_deref(), Some("validation at $.a: bad"));
        assert_eq!(run(|| Ok(())), (hms_status::Ok, None));
        // Every kind maps to the code hmsd and the runtime use.
        for kind in ErrorKind::ALL {
            let status = Failure::from(Error::new(kind, "x")).status;
            assert_eq!(status as i32, kind.code());
        }
        // NULL err_out: the status still tells.
        assert_eq!(
            guard("t", None, || Err(Error::shutdown("x").into())),
            hms_status::Shutdown
        );
    }
}
