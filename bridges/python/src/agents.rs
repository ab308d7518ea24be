//! Python agents: a mailbox in the tree whose messages reach an asyncio
//! handler. The Rust side forwards each message to the agent's loop with the
//! `Reply` it must be answered through; a handler that raises reports a crash
//! and the bridge actor is restarted by the supervision rules.

use std::sync::Mutex;
use std::time::Duration;

use hms_actors::app::{AgentOptions, Delivery};
use hms_runtime::{Error, ErrorKind, Restart};
use pyo3::prelude::*;

use crate::runtime::{spawn, NativeApp};
use crate::settle::{Outcome, Task, DISPATCH};

/// How one message is answered (once).
#[pyclass(module = "hms._native")]
pub struct Reply(Mutex<Option<Delivery>>);

impl Reply {
    fn take(&self) -> Option<Delivery> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

#[pymethods]
impl Reply {
    /// Answers with JSON text.
    fn reply(&self, json: &str) -> bool {
        let Some(d) = self.take() else { return false };
        match serde_json::from_str(json) {
            Ok(v) => d.reply(v),
            Err(e) => d.fail(Error::internal(format!(
                "the agent's reply is not JSON: {e}"
            ))),
        }
        true
    }

    /// Answers with an error of `kind` (the caller gets it; the agent stays up).
    fn fail(&self, kind: &str, message: &str) -> bool {
        let Some(d) = self.take() else { return false };
        let kind: ErrorKind = serde_json::from_value(serde_json::Value::String(kind.into()))
            .unwrap_or(ErrorKind::Internal);
        let e = match kind {
            ErrorKind::Validation => Error::validation("", message),
            ErrorKind::NotFound => Error::not_found(message),
            ErrorKind::Timeout => Error::timeout(message),
            _ => Error::internal(message),
        };
        d.fail(e);
        true
    }

    /// The handler crashed: the caller gets `actor_down` and the agent's bridge restarts.
    fn crash(&self, reason: &str) -> bool {
        let Some(d) = self.take() else { return false };
        d.crash(reason);
        true
    }
}

#[pymethods]
impl NativeApp {
    /// Opens the mailbox `name`; each message is handed to `dispatch(agent, json, reply)` on `event_loop`.
    #[allow(clippy::too_many_arguments)]
    fn register_agent(
        &self,
        event_loop: Py<PyAny>,
        future: Py<PyAny>,
        name: String,
        agent: Py<PyAny>,
        restart: &str,
        max_restarts: u32,
        within_s: f64,
    ) -> PyResult<Task> {
        let restart = match restart {
            "permanent" => Ok(Restart::Permanent),
            "transient" => Ok(Restart::Transient),
            "temporary" => Ok(Restart::Temporary),
            other => Err(Error::validation(
                "restart",
                format!("{other:?} is not permanent, transient or temporary"),
            )),
        };
        let app = self.app.clone();
        let target = event_loop.clone_ref_detached();
        spawn(event_loop, future, async move {
            let options = match restart {
                Ok(restart) => AgentOptions {
                    restart,
                    max_restarts,
                    within: Duration::from_secs_f64(within_s.max(0.001)),
                },
                Err(e) => return Outcome::Err(e),
            };
            let mut mailbox = match app.register_agent_with(&name, options).await {
                Ok(m) => m,
                Err(e) => return Outcome::Err(e),
            };
            tokio::spawn(async move {
                while let Some(delivery) = mailbox.recv().await {
                    let message = delivery.message.to_string();
                    let reply = Reply(Mutex::new(Some(delivery)));
                    let delivered = Python::attach(|py| -> PyResult<()> {
                        let dispatch = DISPATCH.get().ok_or_else(|| {
                            pyo3::exceptions::PyRuntimeError::new_err("hms._bridge not installed")
                        })?;
                        let reply = Py::new(py, reply)?;
                        target.call_method1(
                            py,
                            "call_soon_threadsafe",
                            (dispatch.clone_ref(py), agent.clone_ref(py), message, reply),
                        )?;
                        Ok(())
                    });
                    // The agent's loop is gone: the message is answered by its drop (`internal`), and the mailbox closes.
                    if delivered.is_err() {
                        break;
                    }
                }
            });
            Outcome::Unit
        })
    }

    fn unregister_agent(
        &self,
        event_loop: Py<PyAny>,
        future: Py<PyAny>,
        name: String,
    ) -> PyResult<Task> {
        let app = self.app.clone();
        spawn(event_loop, future, async move {
            match app.unregister_agent(&name).await {
                Ok(()) => Outcome::Unit,
                Err(e) => Outcome::Err(e),
            }
        })
    }
}

/// `Py::clone_ref` without holding the GIL token at hand.
trait CloneDetached {
    fn clone_ref_detached(&self) -> Self;
}

impl CloneDetached for Py<PyAny> {
    fn clone_ref_detached(&self) -> Self {
        Python::attach(|py| self.clone_ref(py))
    }
}
