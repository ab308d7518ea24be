//! Checks on what comes in: NULL pointers, UTF-8, JSON. Each error names the
//! parameter (and, for JSON, the line and column).

use std::time::Duration;

use hms_runtime::Error;
use safer_ffi::prelude::*;
use serde_json::Value;

/// A pointer that must not be NULL.
pub fn required<T>(p: Option<T>, param: &str) -> Result<T, Error> {
    p.ok_or_else(|| Error::validation(param, format!("{param} is NULL")))
}

/// A NUL-terminated UTF-8 string.
pub fn text<'a>(p: Option<char_p::Ref<'a>>, param: &str) -> Result<&'a str, Error> {
    let p = required(p, param)?;
    std::str::from_utf8(p.to_bytes())
        .map_err(|e| Error::validation(param, format!("{param} is not valid UTF-8: {e}")))
}

/// A JSON document.
pub fn json(p: Option<char_p::Ref<'_>>, param: &str) -> Result<Value, Error> {
    serde_json::from_str(text(p, param)?)
        .map_err(|e| Error::validation(param, format!("{param} is not JSON: {e}")))
}

/// An owned C string for an out-parameter.
pub fn owned(s: String) -> Result<char_p::Box, Error> {
    char_p::Box::try_from(s).map_err(|_| Error::internal("a result held a NUL byte"))
}

/// A call's `timeout_ms`: at least 1 ms (a zero deadline could never be met).
pub fn ms(timeout_ms: u32) -> Duration {
    Duration::from_millis(u64::from(timeout_ms.max(1)))
}
