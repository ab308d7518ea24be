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

/// Stops many children at once under one deadline, as OTP stops the children
/// of a `simple_one_for_one` supervisor: all are asked, then all are awaited.
pub(crate) async fn stop_together(cells: &[ActorCell], how: Shutdown) {
    let reason = ExitReason::Shutdown(None).to_stop_reason();
    // One after the other under one deadline: the others keep stopping meanwhile,
    // and no future per child is allocated.
    let all_stopped = || async {
        for c in cells {
            let _ = c.wait(None).await;
        }
    };
    match how {
        Shutdown::BrutalKill => {}
        Shutdown::Infinity => {
            for c in cells {
                c.stop(Some(reason.clone()));
            }
            all_stopped().await;
            return;
        }
        Shutdown::Timeout(t) => {
            for c in cells {
                c.stop(Some(reason.clone()));
            }
            if tokio::time::timeout(t, all_stopped()).await.is_ok() {
                return;
            }
        }
    }
    for c in cells {
        c.kill();
    }
    if tokio::time::timeout(KILL_WAIT, all_stopped())
        .await
        .is_err()
    {
        tracing::error!("some actors did not die within {KILL_WAIT:?} of a kill; a handler is blocking its thread");
    }
}
