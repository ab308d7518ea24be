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
use crate::settle::{Completions, Outcome, Task};

/// How one message is answered (once).
#[pyclass(module = "hms._native")]
pub struct Reply(Mutex<Option<Delivery>>);

impl Reply {
    pub fn new(delivery: Delivery) -> Self {
        Self(Mutex::new(Some(delivery)))
    }

    fn take(&self) -> Option<Delivery> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

#[pymethods]
impl Reply {
    /// Whether a caller waits for the answer (false for a cast: the reply may be skipped).
    fn wanted(&self) -> bool {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .is_some_and(Delivery::is_awaited)
    }

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
    /// Opens the mailbox `name`; its messages go to agent `agent` of the loop that owns `sink`.
    #[allow(clippy::too_many_arguments)]
    fn register_agent(
        &self,
        sink: PyRef<'_, Completions>,
        id: u64,
        name: String,
        agent: u64,
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
        let target = sink.inner.clone();
        spawn(&sink, id, async move {
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
                    target.deliver(agent, message, delivery);
                }
            });
            Outcome::Unit
        })
    }

    fn unregister_agent(
        &self,
        sink: PyRef<'_, Completions>,
        id: u64,
        name: String,
    ) -> PyResult<Task> {
        let app = self.app.clone();
        spawn(&sink, id, async move {
            match app.unregister_agent(&name).await {
                Ok(()) => Outcome::Unit,
                Err(e) => Outcome::Err(e),
            }
        })
    }
}
