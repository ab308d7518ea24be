//! Calls from threads outside tokio (a C, Go or Ruby caller, a plain Rust
//! thread). The work is spawned onto the runtime and its answer waited for on
//! a channel, never inside tokio, so a runtime stopped underneath a caller ends
//! the wait with `shutdown` instead of a panic.
//!
//! Most calls answer within tens of microseconds, so the caller first polls for
//! the answer for [`SPIN`], yielding between polls, before it sleeps: that spares
//! a sleep and a wake-up of the caller. What it cannot spare is waking a parked
//! runtime worker to run the work (see `docs/performance.md`).

use std::future::Future;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::error::Error;

/// How long a caller polls for its answer before it sleeps.
pub const SPIN: Duration = Duration::from_micros(50);

/// Slack past a call's own deadline before the caller stops waiting: the
/// runtime answers `timeout` itself first.
pub const SLACK: Duration = Duration::from_millis(500);

/// Runs `work` on `tokio` and waits for its result from this (non-tokio)
/// thread, at most `timeout` (+ [`SLACK`]).
///
/// # Errors
///
/// The work's own error; `timeout` when it did not finish in time; `shutdown`
/// when the runtime stopped before it finished.
pub fn wait_for<T, F>(
    tokio: &tokio::runtime::Handle,
    timeout: Duration,
    work: F,
) -> Result<T, Error>
where
    T: Send + 'static,
    F: Future<Output = Result<T, Error>> + Send + 'static,
{
    let (tx, rx) = mpsc::sync_channel(1);
    tokio.spawn(async move {
        let _ = tx.send(match tokio::time::timeout(timeout, work).await {
            Ok(r) => r,
            Err(_) => Err(no_answer(timeout)),
        });
    });
    let spin_until = Instant::now() + SPIN;
    while Instant::now() < spin_until {
        match rx.try_recv() {
            Ok(r) => return r,
            // Yielding, not spinning: a runtime worker woken on this core runs at once.
            Err(mpsc::TryRecvError::Empty) => std::thread::yield_now(),
            Err(mpsc::TryRecvError::Disconnected) => return Err(stopped()),
        }
    }
    match rx.recv_timeout(timeout.saturating_add(SLACK)) {
        Ok(r) => r,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(no_answer(timeout)),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(stopped()),
    }
}

fn no_answer(timeout: Duration) -> Error {
    Error::timeout(format!("no answer within {} ms", timeout.as_millis()))
}

fn stopped() -> Error {
    Error::shutdown("the runtime stopped before answering")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap()
    }

    #[test]
    fn answers_fast_and_slow_work() {
        let rt = runtime();
        assert_eq!(
            wait_for(rt.handle(), Duration::from_secs(1), async { Ok(7) }).unwrap(),
            7
        );
        let slow = wait_for(rt.handle(), Duration::from_secs(1), async {
            tokio::time::sleep(Duration::from_millis(20)).await;
            Ok("late")
        });
        assert_eq!(slow.unwrap(), "late");
    }

    #[test]
    fn work_past_its_deadline_is_a_timeout() {
        let rt = runtime();
        let e = wait_for(rt.handle(), Duration::from_millis(20), async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            Ok(())
        })
        .unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Timeout);
    }

    #[test]
    fn a_stopped_runtime_is_shutdown_not_a_panic() {
        let rt = runtime();
        let handle = rt.handle().clone();
        rt.shutdown_background();
        let e = wait_for(&handle, Duration::from_millis(200), async { Ok(()) }).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Shutdown);
    }
}
