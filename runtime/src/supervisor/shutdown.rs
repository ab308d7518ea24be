//! Stopping one child by its shutdown spec.

use std::time::Duration;

use ractor::ActorCell;

use crate::exit::ExitReason;
use crate::spec::Shutdown;

/// How long to wait for a killed actor to finish dying. Kill interrupts any
/// await, so only a handler that blocks its thread can exceed this; past it the
/// supervisor moves on rather than hang.
const KILL_WAIT: Duration = Duration::from_secs(10);

/// Stops `cell` as `how` says and waits for it. Returns whether it was killed.
pub(crate) async fn stop_child(cell: &ActorCell, how: Shutdown) -> bool {
    let reason = Some(ExitReason::Shutdown(None).to_stop_reason());
    match how {
        Shutdown::BrutalKill => kill(cell).await,
        Shutdown::Infinity => {
            cell.stop(reason);
            let _ = cell.wait(None).await;
            false
        }
        Shutdown::Timeout(t) => {
            cell.stop(reason);
            if cell.wait(Some(t)).await.is_ok() {
                false
            } else {
                kill(cell).await
            }
        }
    }
}

async fn kill(cell: &ActorCell) -> bool {
    cell.kill();
    if cell.wait(Some(KILL_WAIT)).await.is_err() {
        tracing::error!(actor = ?cell.get_id(), "actor did not die within {KILL_WAIT:?} of a kill; a handler is blocking its thread");
    }
    true
}
