//! `events()`: supervision and healing events pushed to an asyncio loop.

use futures::StreamExt;
use pyo3::prelude::*;
use tokio::task::AbortHandle;
use tokio_stream::wrappers::BroadcastStream;

use crate::runtime::{handle, NativeApp};

#[pyclass(module = "hms._native")]
pub struct Subscription(AbortHandle);

#[pymethods]
impl Subscription {
    fn close(&self) {
        self.0.abort();
    }
}

#[pymethods]
impl NativeApp {
    /// Calls `push(json)` on `event_loop` for every event until closed.
    fn subscribe(
        &self,
        py: Python<'_>,
        event_loop: Py<PyAny>,
        push: Py<PyAny>,
    ) -> PyResult<Subscription> {
        let app = self.app.clone();
        let (event_loop, push) = (event_loop.clone_ref(py), push.clone_ref(py));
        let task = handle()?.spawn(async move {
            let supervision = app
                .events()
                .map(|e| serde_json::json!({"source": "supervision", "event": e}));
            let healing = BroadcastStream::new(app.healer_events())
                .filter_map(|e| async move { e.ok() })
                .map(|e| serde_json::json!({"source": "healing", "event": e}));
            let mut merged = Box::pin(futures::stream::select(supervision, healing));
            while let Some(e) = merged.next().await {
                let text = e.to_string();
                let sent = Python::attach(|py| {
                    event_loop
                        .call_method1(py, "call_soon_threadsafe", (push.clone_ref(py), text))
                        .map(|_| ())
                });
                if sent.is_err() {
                    break;
                }
            }
        });
        Ok(Subscription(task.abort_handle()))
    }
}
