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
use std::time::Duration;

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

/// A call's deadline. The clock tokio's timers run on (real or paused) is
/// read only when something has to wait for the deadline; until then a TSC
/// reading marks the start.
pub(crate) struct Deadline {
    start: quanta::Instant,
    timeout: Duration,
    at: Option<Instant>,
}

impl Deadline {
    pub fn after(timeout: Duration) -> Self {
        Self {
            start: quanta::Instant::now(),
            timeout,
            at: None,
        }
    }

    /// The deadline as a tokio instant, fixed at first use. A timeout too large
    /// to represent means "a very long time", not a panic.
    pub fn instant(&mut self) -> Instant {
        let (start, timeout) = (self.start, self.timeout);
        *self.at.get_or_insert_with(|| {
            let now = Instant::now();
            let left = timeout.saturating_sub(start.elapsed());
            now.checked_add(left)
                .unwrap_or_else(|| now + Duration::from_secs(100 * 365 * 24 * 3600))
        })
    }
}

/// The reply on `rx`, or `None` once `deadline` passes.
///
/// The timer is armed only if the reply is not there at the second look: the
/// first `Pending` wakes this task again at once, behind the tasks already
/// runnable, among them, on the same thread, the actor that got the message.
/// A local actor has usually answered by then, and the call never touches a
/// timer. The deadline is the same either way.
pub(crate) async fn reply_by<T>(
    mut rx: oneshot::Receiver<T>,
    deadline: &mut Deadline,
) -> Option<Result<T, oneshot::error::RecvError>> {
    let mut looked = false;
    let mut armed: Option<(Id, Pin<Box<Sleep>>)> = None;
    let outcome = std::future::poll_fn(|cx| {
        if let Poll::Ready(r) = Pin::new(&mut rx).poll(cx) {
            return Poll::Ready(Some(r));
        }
        if !looked {
            looked = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let (_, timer) = armed.get_or_insert_with(|| {
            let runtime = Handle::current().id();
            (runtime, take_timer(runtime, deadline.instant()))
        });
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    })
    .await;
    if let Some((runtime, timer)) = armed {
        if !timer.is_elapsed() {
            give_back(runtime, timer);
        }
    }
    outcome
}
