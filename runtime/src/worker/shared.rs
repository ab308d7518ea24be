//! A worker's state, shared by its actor task and by callers that run a
//! handler in place ([`super::in_place`]). Whoever holds the lock runs the
//! worker, one message at a time as before. The actor task takes the lock for
//! each turn; when a caller has it, the task waits without blocking its thread.
//! Uncontended, the lock is two atomic operations per turn.

use std::sync::Arc;
use std::task::Poll;

use futures::task::AtomicWaker;
use parking_lot::{Mutex, MutexGuard};

use super::{Context, Envelope, Worker};
use crate::exit::ExitReason;
use crate::name::Live;

/// What a turn needs: the incarnation and the worker with its context.
pub(crate) struct State<W: Worker> {
    /// This incarnation as callers see it.
    pub live: Arc<Live<Envelope<W>>>,
    pub worker: W,
    pub ctx: Context<W>,
    /// Set when this actor decided to stop cleanly, for `terminate`.
    pub exit: Option<ExitReason>,
    /// An exit that a handler run in place ended with (a panic, `stop`,
    /// `exit`). The actor task takes it at its next turn (or in `post_stop`).
    pub due: Option<ExitReason>,
    /// This incarnation has decided to end (set under the lock, never unset):
    /// no caller runs the worker again, so a crashed state is never reused.
    pub ended: bool,
}

impl<W: Worker> State<W> {
    /// Whether a caller may run a turn in place: no exit decided, asked for
    /// or pending from a link.
    pub fn open(&self) -> bool {
        !self.ended && self.due.is_none() && self.exit.is_none() && self.ctx.linked.get().is_none()
    }
}

pub(crate) struct Shared<W: Worker> {
    pub state: Arc<Mutex<State<W>>>,
    /// The actor task, when it waits for a caller to give the lock back.
    freed: AtomicWaker,
}

impl<W: Worker> Shared<W> {
    pub fn new(state: State<W>) -> Self {
        Self {
            state: Arc::new(Mutex::new(state)),
            freed: AtomicWaker::new(),
        }
    }

    /// The state, for a turn of the actor task.
    pub async fn lock(&self) -> MutexGuard<'_, State<W>> {
        if let Some(st) = self.state.try_lock() {
            return st;
        }
        // A caller runs a handler: wait for `unlocked`. Registered before
        // looking again, so a release in between is not missed.
        let st = std::future::poll_fn(|cx| {
            self.freed.register(cx.waker());
            match self.state.try_lock() {
                Some(st) => Poll::Ready(st),
                None => Poll::Pending,
            }
        })
        .await;
        // So that the next caller's release does not wake this task for nothing.
        drop(self.freed.take());
        st
    }

    /// A caller gave the lock back.
    pub fn unlocked(&self) {
        self.freed.wake();
    }
}
