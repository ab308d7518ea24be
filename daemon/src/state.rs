//! What every request handler shares: the application, auth, the journal,
//! limits, request counters, and the shutdown signals.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::http::HeaderMap;
use hms_actors::app::App;
use hms_runtime::Error;
use serde_json::Value;
use tokio::sync::watch;

use crate::journal::{Journal, NewRecord};
use crate::problem::{bad, Problem};

pub type Shared = Arc<State>;

pub struct State {
    pub app: App,
    /// The token, limits and rate in force (changed by a reload).
    pub settings: crate::settings::Live,
    /// The `Host` and `Origin` values it answers to.
    pub origins: crate::browser::Origins,
    pub journal: Journal,
    /// Agent mailboxes opened over HTTP, by name.
    pub agents: Mutex<std::collections::HashMap<String, Arc<hms_actors::app::Inbox>>>,
    /// What `/metrics` reports besides the tree's own figures.
    pub metrics: crate::metrics::Metrics,
    /// Event streams open (at most `daemon.limits.max_event_streams`).
    pub streams: crate::slots::Slots,
    /// Connections open (at most `daemon.limits.max_connections`).
    pub connections: crate::slots::Slots,
    /// This node's part in a cluster (`[cluster]`), once it started.
    pub cluster: std::sync::OnceLock<Arc<crate::cluster::Node>>,
    /// True once SIGTERM/SIGINT arrived: no new connections, streams end.
    pub stopping: watch::Receiver<bool>,
    /// True once the grace period after stopping is over: calls still waiting answer `shutdown`.
    pub grace_over: watch::Receiver<bool>,
}

impl State {
    pub fn agents(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, Arc<hms_actors::app::Inbox>>>
    {
        self.agents.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The message-level policy, the same on every door: a message that
    /// changes the tree, injects faults or goes to an agent needs the token
    /// (`hms_actors::app::policy`), whatever URL carried it.
    pub fn authorize_message(
        &self,
        headers: &HeaderMap,
        to: &str,
        message: &Value,
    ) -> Result<(), Box<Problem>> {
        let is_agent = |name: &str| self.app.is_agent(name);
        if hms_actors::app::policy::needs_authority(to, message, &is_agent) {
            self.check(headers, true)
        } else {
            Ok(())
        }
    }

    pub fn check(&self, headers: &HeaderMap, protected: bool) -> Result<(), Box<Problem>> {
        self.settings
            .get()
            .auth
            .allows(headers, protected)
            .map_err(Problem::unauthorized)
    }

    /// The request body as JSON, within the size limit.
    pub async fn json(&self, body: Body) -> Result<Value, Box<Problem>> {
        let limit = self.settings.get().limits.body_bytes;
        let bytes = to_bytes(body, limit)
            .await
            .map_err(|_| Problem::too_large(limit))?;
        if bytes.is_empty() {
            return Err(Problem::malformed(
                "the request body is empty; expected JSON",
            ));
        }
        serde_json::from_slice(&bytes)
            .map_err(|e| Problem::malformed(format!("malformed JSON: {e}")))
    }

    /// The deadline a request asked for, within bounds.
    pub fn timeout(&self, asked_ms: Option<u64>) -> Result<Duration, Box<Problem>> {
        let limits = &self.settings.get().limits;
        let ms = asked_ms.unwrap_or(limits.call_timeout_ms);
        if ms == 0 || ms > limits.max_call_timeout_ms {
            return Err(bad(Error::validation(
                "timeout_ms",
                format!("must be between 1 and {}", limits.max_call_timeout_ms),
            )));
        }
        Ok(Duration::from_millis(ms))
    }

    /// Runs a call, unless the shutdown grace period ends first.
    pub async fn within_grace<T>(
        &self,
        call: impl std::future::Future<Output = Result<T, Error>>,
    ) -> Result<T, Box<Problem>> {
        let mut grace = self.grace_over.clone();
        tokio::select! {
            r = call => r.map_err(bad),
            _ = grace.wait_for(|over| *over) => Err(bad(Error::shutdown(
                "the daemon is shutting down; the call did not finish within the grace period",
            ))),
        }
    }

    /// Writes records durably; the caller answers only after this returns.
    /// A journal that cannot write (disk full) is `unavailable` (503): the
    /// answer is not acknowledged, though what the call did (a fault armed, a
    /// child restarted) may stand. A closed journal means the daemon stops.
    pub async fn journal(&self, records: Vec<NewRecord>) -> Result<Vec<i64>, Box<Problem>> {
        let n = records.len();
        let ids = self.journal.append(records).await.map_err(|e| match e {
            crate::journal::AppendError::Closed => bad(Error::shutdown(
                "the daemon is stopping: the journal is closed; nothing was acknowledged",
            )),
            crate::journal::AppendError::Failed(e) => bad(Error::unavailable(format!(
                "the journal cannot write ({e}): this answer is not acknowledged and not recorded \
                 (what the call did, such as a fault armed, may stand); retry once it can"
            ))),
        })?;
        self.metrics.journaled(n);
        Ok(ids)
    }
}
