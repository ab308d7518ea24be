//! The tokio runtime the module owns, and the application handle.

use std::sync::Mutex;
use std::time::Duration;

use hms_actors::app::{host, App};
use hms_runtime::{Error, Fault, InPlace};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

use crate::settle::{payload, to_pyerr, Completions, Inner, Outcome, Task};
use std::sync::Arc;

/// Applications started but not yet claimed by their Python object.
static PARKED: Mutex<Vec<(String, App)>> = Mutex::new(Vec::new());
static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn park(app: App) -> String {
    let key = format!(
        "app-{}",
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    PARKED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((key.clone(), app));
    serde_json::to_string(&key).unwrap_or_default()
}

fn unpark(key: &str) -> Option<App> {
    let mut parked = PARKED.lock().unwrap_or_else(|e| e.into_inner());
    let i = parked.iter().position(|(k, _)| k == key)?;
    Some(parked.swap_remove(i).1)
}

/// Owned, not `'static`: at interpreter exit `shutdown_runtime` (registered
/// with `atexit`) stops it before Python finalizes, so no worker touches a
/// dead interpreter.
static TOKIO: Mutex<Option<tokio::runtime::Runtime>> = Mutex::new(None);

pub fn handle() -> PyResult<tokio::runtime::Handle> {
    let mut guard = TOKIO.lock().unwrap_or_else(|e| e.into_inner());
    if guard.is_none() {
        let rt = host::tokio_runtime().map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
        *guard = Some(rt);
    }
    Ok(guard.as_ref().expect("just set").handle().clone())
}

/// Stops every task and the runtime's threads (waiting at most `timeout_s`).
#[pyfunction]
pub fn shutdown_runtime(py: Python<'_>, timeout_s: f64) {
    let rt = TOKIO.lock().unwrap_or_else(|e| e.into_inner()).take();
    if let Some(rt) = rt {
        py.detach(|| rt.shutdown_timeout(Duration::from_secs_f64(timeout_s.max(0.0))));
    }
}

/// Spawns `work` and completes future `id` of `sink` with its outcome.
pub fn spawn<F>(sink: &Completions, id: u64, work: F) -> PyResult<Task>
where
    F: std::future::Future<Output = Outcome> + Send + 'static,
{
    let completion = Completion {
        sink: sink.inner.clone(),
        id,
        outcome: None,
    };
    let task = handle()?.spawn(async move { completion.finish(work.await) });
    Ok(Task(Some(task.abort_handle())))
}

/// Completes its future when dropped: with the outcome, or — when the task
/// was aborted (the asyncio future was cancelled) — with `shutdown`, so the
/// loop forgets the future either way.
struct Completion {
    sink: Arc<Inner>,
    id: u64,
    outcome: Option<Outcome>,
}

impl Completion {
    fn finish(mut self, outcome: Outcome) {
        self.outcome = Some(outcome);
    }
}

impl Drop for Completion {
    fn drop(&mut self) {
        let outcome = self
            .outcome
            .take()
            .unwrap_or_else(|| Outcome::Err(Error::shutdown("cancelled")));
        self.sink.done(self.id, outcome);
    }
}

pub fn json_outcome<T: serde::Serialize>(r: Result<T, Error>) -> Outcome {
    match r.and_then(|v| serde_json::to_string(&v).map_err(|e| Error::internal(e.to_string()))) {
        Ok(text) => Outcome::Json(text),
        Err(e) => Outcome::Err(e),
    }
}

/// An outcome handed back to Python at once, as `(ok, payload)`.
fn answered(py: Python<'_>, outcome: Outcome) -> PyResult<Py<PyAny>> {
    Ok(payload(py, outcome)?.into_pyobject(py)?.into_any().unbind())
}

fn bad_json(what: &str, e: serde_json::Error) -> Error {
    Error::validation("", format!("{what} is not JSON: {e}"))
}

#[pyclass(module = "hms._native", frozen)]
pub struct NativeApp {
    pub app: App,
}

#[pymethods]
impl NativeApp {
    /// Starts an application from TOML text (`None`: the embedded default).
    #[staticmethod]
    fn start(sink: PyRef<'_, Completions>, id: u64, config_toml: Option<String>) -> PyResult<Task> {
        spawn(&sink, id, async move {
            match host::start(config_toml.as_deref()).await {
                Ok(app) => Outcome::Json(park(app)),
                Err(e) => Outcome::Err(e),
            }
        })
    }

    /// Takes the application a `start` parked.
    #[staticmethod]
    fn claim(key: String) -> PyResult<NativeApp> {
        unpark(&key)
            .map(|app| NativeApp { app })
            .ok_or_else(|| PyRuntimeError::new_err("no started application under that key"))
    }

    /// An idle actor answers on this thread (no thread woken): the outcome
    /// comes back at once as `(ok, payload)`. Otherwise the call runs on
    /// tokio and completes future `id`: a `Task` comes back.
    fn call(
        &self,
        py: Python<'_>,
        sink: PyRef<'_, Completions>,
        id: u64,
        name: String,
        message: String,
        timeout_ms: u64,
    ) -> PyResult<Py<PyAny>> {
        let msg = match serde_json::from_str(&message) {
            Ok(m) => m,
            Err(e) => return answered(py, Outcome::Err(bad_json("the message", e))),
        };
        let timeout = Duration::from_millis(timeout_ms);
        match self.app.call_json_in_place(&handle()?, &name, msg, timeout) {
            InPlace::Answered(reply) => answered(py, json_outcome(reply)),
            InPlace::Later(later) => {
                let task = spawn(&sink, id, async move { json_outcome(later.await) })?;
                Ok(Py::new(py, task)?.into_any())
            }
        }
    }

    /// Fire and forget; bad input raises at once.
    fn cast(&self, name: &str, message: &str) -> PyResult<()> {
        let msg =
            serde_json::from_str(message).map_err(|e| to_pyerr(bad_json("the message", e)))?;
        self.app.cast_json(name, msg).map_err(to_pyerr)
    }

    fn health(&self, sink: PyRef<'_, Completions>, id: u64) -> PyResult<Task> {
        let app = self.app.clone();
        spawn(
            &sink,
            id,
            async move { json_outcome(Ok(app.health().await)) },
        )
    }

    fn inject_fault(&self, name: &str, fault: &str) -> PyResult<()> {
        let fault: Fault = serde_json::from_str(fault)
            .map_err(|e| to_pyerr(Error::validation("fault", e.to_string())))?;
        fault.validate().map_err(to_pyerr)?;
        self.app.inject_fault(name, fault).map_err(to_pyerr)
    }

    fn clear_faults(&self, name: &str) -> PyResult<()> {
        self.app.clear_faults(name).map_err(to_pyerr)
    }

    fn names(&self) -> Vec<String> {
        self.app.runtime().names()
    }

    fn shutdown(&self, sink: PyRef<'_, Completions>, id: u64) -> PyResult<Task> {
        let app = self.app.clone();
        spawn(&sink, id, async move {
            let reason = app.shutdown().await;
            Outcome::Json(serde_json::to_string(&reason.to_string()).unwrap_or_default())
        })
    }

    fn is_running(&self) -> bool {
        self.app.runtime().is_running()
    }
}

#[pymethods]
impl NativeApp {
    /// Casts `message` to actor `name` `n` times from Rust (the mailbox-delivery benchmark); settles once all are queued.
    fn flood(
        &self,
        sink: PyRef<'_, Completions>,
        id: u64,
        name: String,
        message: String,
        n: u64,
    ) -> PyResult<Task> {
        let app = self.app.clone();
        spawn(&sink, id, async move {
            let msg: serde_json::Value = match serde_json::from_str(&message) {
                Ok(m) => m,
                Err(e) => return Outcome::Err(bad_json("the message", e)),
            };
            let mut sent = 0;
            while sent < n {
                match app.cast_json(&name, msg.clone()) {
                    Ok(()) => sent += 1,
                    // Backpressure: wait for the mailbox to drain a little.
                    Err(e) if e.kind() == hms_runtime::ErrorKind::Overloaded => {
                        tokio::time::sleep(Duration::from_micros(200)).await
                    }
                    Err(e) => return Outcome::Err(e),
                }
            }
            Outcome::Unit
        })
    }
}
