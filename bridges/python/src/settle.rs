//! Completing asyncio futures from tokio tasks without taking the GIL.
//!
//! Each event loop has one `Completions`: tokio tasks push their outcomes
//! (and agent deliveries) into its queue, and only the push that finds the
//! queue idle writes one byte to a pipe the loop watches (`add_reader`). The
//! loop then takes everything queued at once and settles the futures, so a
//! burst of completions costs one wake-up and no tokio worker ever waits for
//! the GIL.

use std::io::{PipeReader, PipeWriter, Write};
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use hms_actors::app::Delivery;
use hms_runtime::Error;
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use tokio::task::AbortHandle;

use crate::agents::Reply;

/// `hms.errors.make_error(kind, message, path)`, installed at import.
pub static MAKE_ERROR: OnceLock<Py<PyAny>> = OnceLock::new();

#[pyfunction]
pub fn install(make_error: Py<PyAny>) {
    let _ = MAKE_ERROR.set(make_error);
}

/// `(kind, message, path)` of an error.
pub fn parts(e: &Error) -> (String, String, String) {
    (
        e.kind().as_str().to_string(),
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
}

/// What a settled future receives: the JSON text of a value, or an error.
pub enum Outcome {
    Json(String),
    Unit,
    Err(Error),
}

enum Item {
    Done(u64, Outcome),
    Deliver(u64, String, Delivery),
}

pub struct Inner {
    queue: Mutex<Vec<Item>>,
    awake: AtomicBool,
    writer: Mutex<PipeWriter>,
}

impl Inner {
    fn push(&self, item: Item) {
        self.queue
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(item);
        if !self.awake.swap(true, Ordering::AcqRel) {
            self.wake();
        }
    }

    /// One byte down the pipe the loop watches.
    fn wake(&self) {
        // A closed loop no longer reads: nothing to do.
        let _ = self
            .writer
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .write_all(&[1]);
    }

    pub fn done(&self, id: u64, outcome: Outcome) {
        self.push(Item::Done(id, outcome));
    }

    pub fn deliver(&self, agent: u64, message: String, delivery: Delivery) {
        self.push(Item::Deliver(agent, message, delivery));
    }
}

/// `(ok, payload)` for Python: the JSON text, None, or `(kind, message, path)`.
pub fn payload(py: Python<'_>, outcome: Outcome) -> PyResult<(bool, Py<PyAny>)> {
    Ok(match outcome {
        Outcome::Json(text) => (true, text.into_pyobject(py)?.into_any().unbind()),
        Outcome::Unit => (true, py.None()),
        Outcome::Err(e) => {
            let (kind, message, path) = parts(&e);
            (
                false,
                PyTuple::new(py, [kind, message, path])?.into_any().unbind(),
            )
        }
    })
}

/// The completion channel of one event loop.
#[pyclass(module = "hms._native", frozen)]
pub struct Completions {
    pub inner: Arc<Inner>,
    reader: PipeReader,
}

type Taken = (Vec<(u64, bool, Py<PyAny>)>, Vec<(u64, String, Py<Reply>)>);

#[pymethods]
impl Completions {
    #[new]
    fn new() -> PyResult<Self> {
        let (reader, writer) = std::io::pipe()?;
        Ok(Self {
            inner: Arc::new(Inner {
                queue: Mutex::new(Vec::new()),
                awake: AtomicBool::new(false),
                writer: Mutex::new(writer),
            }),
            reader,
        })
    }

    /// The descriptor the loop watches.
    fn fileno(&self) -> i32 {
        self.reader.as_raw_fd()
    }

    /// Waits (without the GIL, polling) up to `spin_us` for operation `id`
    /// and takes its outcome: `(ok, payload)`, or `None` when it is not done
    /// yet (it then arrives through the pipe as usual). The loop calls this
    /// only when nothing else of its own is in flight: a short call answers
    /// in microseconds, and a cross-thread wake-up costs more than that.
    fn wait_alone(
        &self,
        py: Python<'_>,
        id: u64,
        spin_us: u64,
    ) -> PyResult<Option<(bool, Py<PyAny>)>> {
        let inner = &self.inner;
        // While the loop polls, completions need not write to the pipe.
        let was_awake = inner.awake.swap(true, Ordering::AcqRel);
        let until = std::time::Instant::now() + std::time::Duration::from_micros(spin_us);
        let outcome = py.detach(|| loop {
            let mut queue = inner.queue.lock().unwrap_or_else(|e| e.into_inner());
            let at = queue
                .iter()
                .position(|item| matches!(item, Item::Done(i, _) if *i == id));
            let taken = at.map(|at| queue.remove(at));
            if taken.is_some() || std::time::Instant::now() >= until {
                if !was_awake {
                    // Back to normal under the lock, so no push falls between:
                    // an empty queue sleeps again; anything left wakes the loop.
                    if queue.is_empty() {
                        inner.awake.store(false, Ordering::Release);
                    } else {
                        inner.wake();
                    }
                }
                return match taken {
                    Some(Item::Done(_, outcome)) => Some(outcome),
                    _ => None,
                };
            }
            drop(queue);
            std::thread::yield_now();
        });
        outcome.map(|o| payload(py, o)).transpose()
    }

    /// Everything completed since the last call: `(id, ok, payload)` and `(agent, message, reply)`.
    fn take(&self, py: Python<'_>) -> PyResult<Taken> {
        self.inner.awake.store(false, Ordering::Release);
        let items =
            std::mem::take(&mut *self.inner.queue.lock().unwrap_or_else(|e| e.into_inner()));
        let mut done = Vec::new();
        let mut deliveries = Vec::new();
        for item in items {
            match item {
                Item::Done(id, outcome) => {
                    let (ok, payload) = payload(py, outcome)?;
                    done.push((id, ok, payload));
                }
                Item::Deliver(agent, message, delivery) => {
                    deliveries.push((agent, message, Py::new(py, Reply::new(delivery))?))
                }
            }
        }
        Ok((done, deliveries))
    }
}
