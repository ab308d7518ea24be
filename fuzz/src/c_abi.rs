//! Every C ABI entry point that takes strings, called as C would: the input
//! is a selector byte and NUL-separated strings (selector % 9 == 0 starts a
//! runtime from configuration text, or with bit 7 set connects to a URL). The calls go to one
//! embedded runtime kept across inputs (restarted when an input changed its
//! tree), or to a fresh one for `hms_runtime_start`'s configuration text.

use std::ffi::{CStr, CString};
use std::mem::ManuallyDrop;
use std::sync::Mutex;

use hms::mailbox::*;
use hms::runtime::*;
use hms::status::hms_status;
use safer_ffi::prelude::*;

const T: u32 = 2000;

/// The shared runtime; `None` until the first input that needs it.
static SHARED: Mutex<Option<repr_c::Box<hms_runtime>>> = Mutex::new(None);

fn fields(data: &[u8]) -> (u8, Vec<CString>) {
    let (&selector, rest) = data.split_first().unwrap_or((&0, &[]));
    let mut strings: Vec<CString> = rest
        .split(|b| *b == 0)
        .map(|s| CString::new(s).expect("no NUL inside"))
        .collect();
    strings.resize(4, CString::default());
    (selector, strings)
}

/// An out-parameter as C has it: written without dropping what was there.
struct Slot<T>(ManuallyDrop<Option<T>>);

impl<T> Slot<T> {
    fn new() -> Self {
        Slot(ManuallyDrop::new(None))
    }

    fn out(&mut self) -> Option<Out<'_, Option<T>>> {
        Some((&mut self.0).into())
    }

    fn take(self) -> Option<T> {
        ManuallyDrop::into_inner(self.0)
    }
}

/// The string as C passes it: any bytes up to the NUL, UTF-8 or not (safer-ffi's
/// safe conversion would refuse invalid UTF-8 before the library could).
#[allow(unsafe_code)]
fn cref(s: &CString) -> Option<char_p::Ref<'_>> {
    let ptr = std::ptr::NonNull::new(s.as_ptr().cast_mut().cast())?;
    // SAFETY: a NUL-terminated buffer that outlives the returned reference.
    Some(unsafe { char_p::Ref::from_ptr_unchecked(ptr) })
}

/// Checks that an error comes with its message (and only an error), then frees it.
fn answered(status: hms_status, err: Slot<char_p::Box>) {
    let err = err.take();
    assert_eq!(status == hms_status::Ok, err.is_none(), "{status:?}");
    // Internal is a bug or a caught panic: bad input must be named instead.
    if status == hms_status::Internal {
        panic!("internal: {}", err.as_ref().map_or("", |e| e.to_str()));
    }
    take(err);
}

/// Frees a string the library returned.
fn take(s: Option<char_p::Box>) {
    if let Some(s) = s {
        let text = s.to_str().to_string();
        hms::hms_string_free(Some(s));
        assert!(!text.contains('\0'));
    }
}

fn start(config: &CStr) -> (hms_status, Option<repr_c::Box<hms_runtime>>) {
    let (mut rt, mut err) = (Slot::new(), Slot::new());
    let config = CString::from(config);
    let status = hms_runtime_start(cref(&config), 30_000, rt.out(), err.out());
    answered(status, err);
    (status, rt.take())
}

pub fn run(data: &[u8]) {
    let (selector, s) = fields(data);
    if selector % 9 == 0 && selector & 0x80 != 0 {
        // A connection to a daemon at any URL with any token (none listens:
        // refused, unresolvable or malformed, each named), then freed.
        let (mut rt, mut err) = (Slot::new(), Slot::new());
        let status = hms_runtime_connect(cref(&s[0]), cref(&s[1]), 200, rt.out(), err.out());
        // An unreachable daemon is actor_down (hms.h); anything internal is a finding.
        let err = err.take();
        let unreachable = err
            .as_ref()
            .is_some_and(|e| e.to_str().contains("cannot reach hmsd"));
        assert_eq!(status == hms_status::Ok, err.is_none(), "{status:?}");
        assert!(
            status != hms_status::Internal && (status != hms_status::ActorDown || unreachable),
            "{:?}",
            err.as_ref().map(|e| e.to_str().to_string())
        );
        take(err);
        hms_runtime_free(rt.take());
        return;
    }
    if selector % 9 == 0 {
        // A configuration: a fresh runtime, stopped at once.
        let (status, rt) = start(&s[0]);
        assert_eq!(status == hms_status::Ok, rt.is_some());
        hms_runtime_free(rt);
        return;
    }
    let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
    if shared.is_none() {
        let (status, rt) = start(c"");
        assert_eq!(status, hms_status::Ok, "the embedded default starts");
        *shared = rt;
    }
    let rt = shared.as_deref();
    let (mut out, mut err) = (Slot::new(), Slot::new());
    let status = match selector % 9 {
        1 => hms_call(rt, cref(&s[0]), cref(&s[1]), T, out.out(), err.out()),
        2 => hms_cast(rt, cref(&s[0]), cref(&s[1]), err.out()),
        3 => hms_coordinate(rt, cref(&s[0]), cref(&s[1]), T, out.out(), err.out()),
        4 => hms_verify_treatment_plan(rt, cref(&s[0]), cref(&s[1]), T, out.out(), err.out()),
        5 => hms_simulate_treatment_outcome(
            rt,
            cref(&s[0]),
            cref(&s[1]),
            100,
            1,
            T,
            out.out(),
            err.out(),
        ),
        6 => hms_health(rt, T, out.out(), err.out()),
        7 | 8 => mailbox(rt, selector, &s, err.out()),
        _ => unreachable!(),
    };
    answered(status, err);
    take(out.take());
    if !healthy(rt) {
        // The input stopped, faulted or crashed part of the tree: start afresh.
        hms_runtime_free(shared.take());
    }
}

fn mailbox(
    rt: Option<&hms_runtime>,
    selector: u8,
    s: &[CString],
    err_out: Option<Out<'_, Option<char_p::Box>>>,
) -> hms_status {
    let mut mailbox = Slot::new();
    let status = hms_mailbox_open(rt, cref(&s[0]), T, mailbox.out(), err_out);
    let mailbox = mailbox.take();
    if status != hms_status::Ok {
        return status;
    }
    let mut err = Slot::new();
    let id = s[2].as_bytes().first().copied().map_or(0, u64::from);
    let status = if selector % 2 == 0 {
        hms_mailbox_reply(mailbox.as_deref(), id, cref(&s[1]), err.out())
    } else {
        let code = s[3].as_bytes().first().copied().map_or(0, i32::from);
        hms_mailbox_fail(mailbox.as_deref(), id, code, cref(&s[1]), err.out())
    };
    answered(status, err);
    hms_mailbox_free(mailbox);
    // Its own answer is checked; the caller checks the open.
    hms_status::Ok
}

/// Every node running and no fault armed.
fn healthy(rt: Option<&hms_runtime>) -> bool {
    let (mut out, mut err) = (Slot::new(), Slot::new());
    let status = hms_health(rt, T, out.out(), err.out());
    answered(status, err);
    let out = out.take();
    let Some(text) = out.as_ref().map(|s| s.to_str().to_string()) else {
        return false;
    };
    take(out);
    status == hms_status::Ok
        && !text.contains("\"faults\"")
        && !text.contains("\"status\":\"stopped\"")
        && !text.contains("\"status\":\"failed\"")
        && !text.contains("\"status\":\"restarting\"")
}
