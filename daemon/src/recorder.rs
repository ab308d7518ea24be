//! Journals what happens in the tree without a request behind it: restarts,
//! escalations and the self-healer's recoveries.

use std::sync::Arc;

use hms_actors::healer::actor::HealerEvent;
use hms_runtime::{EventKind, ExitReason};
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;

use crate::journal::NewRecord;
use crate::state::State;

pub fn spawn(state: Arc<State>) {
    let mut events = state.app.events();
    let s = state.clone();
    tokio::spawn(async move {
        while let Some(e) = events.recv().await {
            if let EventKind::Failed {
                reason: ExitReason::Noconnection(node),
            } = &e.kind
            {
                tracing::warn!(child = %e.child, supervisor = %e.supervisor, %node,
                    "child exited: noconnection (the node its work ran on was lost); its supervisor restarts it");
            }
            let kind = match &e.kind {
                EventKind::Restarted { .. } => "restart",
                EventKind::Escalated | EventKind::IntensityExceeded { .. } => "escalation",
                _ => continue,
            };
            let record = NewRecord {
                kind,
                subject: e.child.clone(),
                data: json!(e),
            };
            if s.journal.append(vec![record]).await.is_err() {
                break;
            }
        }
    });
    let mut healer = state.app.healer_events();
    tokio::spawn(async move {
        loop {
            match healer.recv().await {
                Ok(HealerEvent::Recovery(r)) => {
                    let record = NewRecord {
                        kind: "recovery",
                        subject: r.component.clone(),
                        data: json!(r),
                    };
                    if state.journal.append(vec![record]).await.is_err() {
                        break;
                    }
                }
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            }
        }
    });
}
