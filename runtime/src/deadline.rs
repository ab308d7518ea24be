//! Waiting for a reply until a deadline, cheaply.
//!
//! Arming a fresh tokio timer for every call (insert into the timer wheel, then
//! remove) costs more than a local actor's whole round trip. A timer that is
//! already armed can be pushed to a later deadline with one atomic operation,
//! so each thread keeps a few armed timers and reuses them: consecutive calls
//! with the same timeout only ever push the deadline forward.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

use tokio::runtime::{Handle, Id};
use tokio::sync::oneshot;
use tokio::time::{Instant, Sleep};

/// Timers kept per thread; a few cover callers that nest or interleave.
const POOL: usize = 4;

thread_local! {
    static TIMERS: RefCell<Vec<(Id, Pin<Box<Sleep>>)>> = const { RefCell::new(Vec::new()) };
}

/// A timer of the current runtime set to `deadline`, reused when possible.
fn take_timer(runtime: Id, deadline: Instant) -> Pin<Box<Sleep>> {
    let reused = TIMERS.with(|t| {
        let mut t = t.borrow_mut();
        let i = t.iter().rposition(|(id, _)| *id == runtime)?;
        Some(t.swap_remove(i).1)
    });
    match reused {
        Some(mut timer) => {
            timer.as_mut().reset(deadline);
            timer
        }
        None => Box::pin(tokio::time::sleep_until(deadline)),
    }
}

fn give_back(runtime: Id, timer: Pin<Box<Sleep>>) {
    TIMERS.with(|t| {
        let mut t = t.borrow_mut();
        if t.len() >= POOL {
            // Oldest first out: it may belong to a runtime that is gone.
            drop(t.remove(0));
        }
        t.push((runtime, timer));
    });
}

/// `timeout` from now; a timeout too large to represent means "a very long
/// time", not a panic.
pub(crate) fn deadline_after(timeout: std::time::Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(timeout)
        .unwrap_or_else(|| now + std::time::Duration::from_secs(100 * 365 * 24 * 3600))
}

/// The reply on `rx`, or `None` once `deadline` passes.
pub(crate) async fn reply_by<T>(
    mut rx: oneshot::Receiver<T>,
    deadline: Instant,
) -> Option<Result<T, oneshot::error::RecvError>> {
    let runtime = Handle::current().id();
    let mut timer = take_timer(runtime, deadline);
    let outcome = std::future::poll_fn(|cx| {
        if let Poll::Ready(r) = Pin::new(&mut rx).poll(cx) {
            return Poll::Ready(Some(r));
        }
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    })
    .await;
    if !timer.is_elapsed() {
        give_back(runtime, timer);
    }
    outcome
}
