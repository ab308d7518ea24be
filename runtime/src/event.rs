//! The stream of supervision events: what started, failed, restarted, stopped,
//! escalated, and which faults were injected.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{SystemTime, UNIX_EPOCH};

use futures::Stream;
use serde::Serialize;
use tokio::sync::broadcast;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;
use tokio_stream::wrappers::BroadcastStream;

use crate::exit::ExitReason;
use crate::fault::Fault;

/// One thing that happened in the tree.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// Milliseconds since the Unix epoch.
    pub at_ms: u64,
    /// Path of the supervisor that acted (or of the actor, for faults).
    pub supervisor: String,
    /// The child concerned.
    pub child: String,
    /// What happened (the `event` tag and its fields, flattened).
    #[serde(flatten)]
    pub kind: EventKind,
}

/// The kinds of supervision event, tagged `event` on the wire.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum EventKind {
    /// Started for the first time.
    Started,
    /// Started again after a failure; `restarts` counts them for this child.
    Restarted {
        /// Restarts of this child so far.
        restarts: u32,
    },
    /// Exited abnormally.
    Failed {
        /// Why it exited.
        reason: ExitReason,
    },
    /// Exited cleanly, or was stopped by its supervisor.
    Terminated {
        /// Why it exited.
        reason: ExitReason,
    },
    /// Its start (init) failed.
    StartFailed {
        /// Why the start failed.
        reason: ExitReason,
    },
    /// A restart waits for a backoff delay.
    RestartScheduled {
        /// The delay before the restart.
        delay_ms: u64,
    },
    /// More restarts than allowed within the period.
    IntensityExceeded {
        /// Restarts counted within the period.
        restarts: usize,
        /// The supervisor's intensity period.
        period_ms: u64,
    },
    /// The supervisor stopped its children and itself, handing the failure to its parent.
    Escalated,
    /// Significant children exited and the supervisor shut itself down.
    AutoShutdown,
    /// A fault was injected into the actor.
    FaultInjected {
        /// The fault, as injected.
        fault: Fault,
    },
    /// The actor's armed faults were cleared.
    FaultsCleared,
}

impl Event {
    pub(crate) fn new(supervisor: &str, child: &str, kind: EventKind) -> Self {
        let at_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        Self {
            at_ms,
            supervisor: supervisor.to_string(),
            child: child.to_string(),
            kind,
        }
    }
}

/// A subscription to the events, from the moment it was made. A subscriber that
/// falls more than the channel capacity behind skips ahead; [`EventStream::missed`]
/// counts what it skipped.
pub struct EventStream {
    inner: BroadcastStream<Event>,
    missed: u64,
}

impl EventStream {
    pub(crate) fn new(rx: broadcast::Receiver<Event>) -> Self {
        Self {
            inner: BroadcastStream::new(rx),
            missed: 0,
        }
    }

    /// The next event; `None` once the runtime is gone.
    pub async fn recv(&mut self) -> Option<Event> {
        futures::StreamExt::next(self).await
    }

    /// Events this subscriber skipped because it fell behind.
    pub fn missed(&self) -> u64 {
        self.missed
    }
}

impl Stream for EventStream {
    type Item = Event;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Event>> {
        loop {
            match Pin::new(&mut self.inner).poll_next(cx) {
                Poll::Ready(Some(Err(BroadcastStreamRecvError::Lagged(n)))) => self.missed += n,
                Poll::Ready(Some(Ok(e))) => return Poll::Ready(Some(e)),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_flat_with_a_tag() {
        let e = Event::new(
            "root",
            "db",
            EventKind::Failed {
                reason: ExitReason::Panic("boom".into()),
            },
        );
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["event"], "failed");
        assert_eq!(v["child"], "db");
        assert_eq!(v["reason"]["kind"], "panic");
        assert_eq!(v["reason"]["detail"], "boom");
    }
}
