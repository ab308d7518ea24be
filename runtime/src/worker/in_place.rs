//! Calls run on the caller's own thread. A caller outside tokio (C, Go, Ruby,
//! Python's event loop) that finds the worker idle takes the worker's lock and
//! runs the turn itself: the same handler, panic guard, counters and answer as
//! on the actor's task, without the wake-up of a parked runtime worker (10-15
//! µs on a VM whose idle vCPU halts; see `docs/performance.md`). A handler that
//! does not finish at its first poll is handed, lock and all, to a tokio task
//! that finishes it, and the caller waits for the answer as usual.
//!
//! Supervision does not change: the worker still runs one message at a time
//! (the actor task waits for the lock); a panic, `stop` or `exit` in place is
//! left for the actor task, which exits with it before any other message, so
//! a crashed state is never reused; messages sent before the call are not
//! overtaken (the worker must have none in flight).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use parking_lot::{ArcMutexGuard, RawMutex};
use ractor::ActorStatus;
use tokio::sync::oneshot;

use super::shared::{Shared, State};
use super::turn::{handling, settle};
use super::{Envelope, Outcome, Worker};
use crate::name::Slot;

/// The longest last turn of a worker that callers run in place. Longer
/// handlers would hold the caller's thread (an event loop) for longer than a
/// wake-up costs; they are called the usual way.
pub const MAX_TURN: Duration = Duration::from_micros(200);

/// The worker's lock, taken by a caller; giving it back wakes the actor task
/// if it waits.
pub(crate) struct Held<W: Worker> {
    shared: Arc<Shared<W>>,
    st: Option<ArcMutexGuard<RawMutex, State<W>>>,
}

impl<W: Worker> Held<W> {
    fn state(&mut self) -> &mut State<W> {
        self.st.as_mut().expect("held until dropped")
    }
}

impl<W: Worker> Drop for Held<W> {
    fn drop(&mut self) {
        drop(self.st.take());
        self.shared.unlocked();
    }
}

/// The right to run one call in place, with the call counted in flight.
pub(crate) struct Claim<W: Worker> {
    held: Held<W>,
    seq: u64,
    /// The incarnation's actor: a turn still running when it ends (killed)
    /// ends with it.
    actor: ractor::ActorCell,
}

/// Takes the worker for one call if it is idle: nothing in flight, no fault
/// armed, short turns, not stopping, and its lock free.
pub(crate) fn claim<W: Worker>(slot: &Slot<Envelope<W>>) -> Option<Claim<W>> {
    // While the runtime shuts down, stops take precedence over messages.
    if slot.faults.is_armed() || slot.is_shutting_down() {
        return None;
    }
    slot.with_current(|live| {
        if live.in_flight() != 0 || live.last_turn() > MAX_TURN {
            return None;
        }
        let shared = live.here.as_ref()?.upgrade()?;
        let shared = shared.downcast::<Shared<W>>().ok()?;
        let st = shared.state.try_lock_arc()?;
        let mut held = Held {
            shared,
            st: Some(st),
        };
        // Looked at again under the lock: a message sent before it is in flight
        // now, and goes first.
        let free = held.state().open()
            && live.in_flight() == 0
            && live.actor.get_status() < ActorStatus::Stopping;
        (free && live.admit(slot.max_in_flight())).then(|| Claim {
            held,
            seq: live.seq,
            actor: live.actor.get_cell(),
        })
    })
    .flatten()
}

impl<W: Worker> Claim<W> {
    /// The incarnation claimed.
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// Runs the turn here, up to its first wait; the answer (now, or from the
    /// task that finishes it) comes on the returned channel.
    pub fn run(
        self,
        slot: Arc<Slot<Envelope<W>>>,
        tokio: &tokio::runtime::Handle,
        msg: W::Msg,
    ) -> oneshot::Receiver<Outcome<W>> {
        let (tx, rx) = oneshot::channel();
        let (msg, promise) = Envelope::call(msg, tx).open();
        let actor = self.actor;
        let mut held = self.held;
        let turn = async move {
            let st = held.state();
            let started = quanta::Instant::now();
            st.live.begin(started);
            st.ctx.awaited = true;
            let handled = handling(&slot, msg, st).await;
            if let Some(exit) = settle(&slot, st, promise, handled, started) {
                // The actor task exits with it at its next turn; this wakes it.
                st.due = Some(exit);
                let _ = st.live.actor.send_message(Envelope::wake());
            }
            drop(held);
        };
        let mut turn = Box::pin(turn);
        // Handlers may spawn, sleep or call: they need the runtime's context.
        let _context = tokio.enter();
        let mut cx = std::task::Context::from_waker(futures::task::noop_waker_ref());
        if turn.as_mut().poll(&mut cx).is_pending() {
            // A spawned task is polled again, with its own waker. A kill ends
            // the actor's task at once, while its state may wait for the
            // supervisor: this turn ends when the actor does, as its own would.
            tokio.spawn(async move {
                let ended = Box::pin(async move { actor.wait(None).await });
                futures::future::select(turn, ended).await;
            });
        }
        rx
    }
}
