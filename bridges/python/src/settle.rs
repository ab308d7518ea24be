//! Settling asyncio futures from tokio tasks, and cancelling tokio tasks
//! from asyncio.

use std::sync::OnceLock;

use hms_runtime::Error;
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use tokio::task::AbortHandle;

/// `hms._bridge.settle(future, ok, payload)` and `hms._bridge.dispatch(...)`, installed at import.
pub static SETTLE: OnceLock<Py<PyAny>> = OnceLock::new();
pub static DISPATCH: OnceLock<Py<PyAny>> = OnceLock::new();
/// `hms._bridge.make_error(kind, message, path)`: the exception for an error.
pub static MAKE_ERROR: OnceLock<Py<PyAny>> = OnceLock::new();

#[pyfunction]
pub fn install(settle: Py<PyAny>, dispatch: Py<PyAny>, make_error: Py<PyAny>) {
    let _ = SETTLE.set(settle);
    let _ = DISPATCH.set(dispatch);
    let _ = MAKE_ERROR.set(make_error);
}

/// `(kind, message, path)` of an error.
pub fn parts(e: &Error) -> (String, String, String) {
    let kind = serde_json::to_value(e.kind())
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "internal".into());
    (
        kind,
        e.message().to_string(),
        e.path().unwrap_or("").to_string(),
    )
}

/// An error as the matching `hms` exception.
pub fn to_pyerr(e: Error) -> PyErr {
    Python::attach(|py| {
        let Some(make) = MAKE_ERROR.get() else {
            return pyo3::exceptions::PyRuntimeError::new_err(e.to_string());
        };
        match make.call1(py, parts(&e)) {
            Ok(exc) => PyErr::from_value(exc.into_bound(py)),
            Err(err) => err,
        }
    })
}

/// An operation in flight: `abort()` cancels the Rust side.
#[pyclass(module = "hms._native")]
pub struct Task(pub Option<AbortHandle>);

#[pymethods]
impl Task {
    fn abort(&self) {
        if let Some(h) = &self.0 {
            h.abort();
        }
    }

    /// Called as a done-callback: aborts when the future was cancelled.
    fn __call__(&self, future: &Bound<'_, PyAny>) -> PyResult<()> {
        if future.call_method0("cancelled")?.is_truthy()? {
            self.abort();
        }
        Ok(())
    }
}

/// What a settled future receives: the JSON text of a value, or an error.
pub enum Outcome {
    Json(String),
    Unit,
    Err(Error),
}

/// Hands `outcome` to the future's loop. Errors (a closed loop) are ignored:
/// nobody is waiting any more.
pub fn settle(event_loop: &Py<PyAny>, future: &Py<PyAny>, outcome: Outcome) {
    let Some(settle) = SETTLE.get() else { return };
    Python::attach(|py| {
        let (ok, payload): (bool, Py<PyAny>) = match outcome {
            Outcome::Json(text) => (
                true,
                text.into_pyobject(py)
                    .map(|s| s.into_any().unbind())
                    .unwrap_or_else(|_| py.None()),
            ),
            Outcome::Unit => (true, py.None()),
            Outcome::Err(e) => {
                let (kind, message, path) = parts(&e);
                let tuple = PyTuple::new(py, [kind, message, path]);
                (
                    false,
                    tuple
                        .map(|t| t.into_any().unbind())
                        .unwrap_or_else(|_| py.None()),
                )
            }
        };
        let _ = event_loop.call_method1(
            py,
            "call_soon_threadsafe",
            (settle.clone_ref(py), future.clone_ref(py), ok, payload),
        );
    });
}
