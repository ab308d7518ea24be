//! A slot is the stable home of one named actor. Handles point at the slot, the
//! slot points at the current incarnation; a caller that finds the actor
//! restarting waits on the slot for the next incarnation, within its deadline.

use std::any::Any;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use ractor::{ActorCell, ActorRef, ActorStatus};
use tokio::sync::watch;

use crate::error::Error;
use crate::exit::ExitReason;
use crate::fault::FaultState;
use crate::stats::ActorStats;

/// Live load of one incarnation, shared by its callers (who add) and the actor
/// task (which removes). Per incarnation, so messages lost with a dead
/// incarnation never leave the count off.
#[derive(Debug)]
pub(crate) struct Gauge {
    pub in_flight: AtomicUsize,
    pub busy: AtomicBool,
    pub started: Instant,
}

impl Gauge {
    pub fn new() -> Self {
        Self {
            in_flight: AtomicUsize::new(0),
            busy: AtomicBool::new(false),
            started: Instant::now(),
        }
    }

    /// Messages waiting in the mailbox (in flight, less the one being handled).
    pub fn mailbox_depth(&self) -> usize {
        let busy = usize::from(self.busy.load(Ordering::Relaxed));
        self.in_flight.load(Ordering::Relaxed).saturating_sub(busy)
    }
}

/// One running incarnation.
pub(crate) struct Live<M> {
    pub actor: ActorRef<M>,
    pub gauge: Arc<Gauge>,
    /// Incarnation number, increasing across restarts.
    pub seq: u64,
}

enum Incarnation<M> {
    /// Registered, never started.
    Idle,
    Running(Arc<Live<M>>),
    /// Down, and its supervisor is bringing it back.
    Restarting,
    /// Down, with no restart planned.
    Stopped(ExitReason),
}

impl<M> Clone for Incarnation<M> {
    fn clone(&self) -> Self {
        match self {
            Incarnation::Idle => Incarnation::Idle,
            Incarnation::Running(l) => Incarnation::Running(l.clone()),
            Incarnation::Restarting => Incarnation::Restarting,
            Incarnation::Stopped(r) => Incarnation::Stopped(r.clone()),
        }
    }
}

/// The status a slot shows in health and listings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SlotStatus {
    Idle,
    Running,
    Restarting,
    Stopped,
}

/// The stable home of one actor whose messages are of type `M`.
pub(crate) struct Slot<M> {
    name: Arc<str>,
    state: watch::Sender<Incarnation<M>>,
    pub stats: ActorStats,
    pub faults: FaultState,
    max_in_flight: AtomicUsize,
    next_seq: AtomicU64,
    shutting_down: Arc<AtomicBool>,
}

impl<M: Send + 'static> Slot<M> {
    pub fn new(name: &str, shutting_down: Arc<AtomicBool>) -> Self {
        Self {
            name: name.into(),
            state: watch::Sender::new(Incarnation::Idle),
            stats: ActorStats::default(),
            faults: FaultState::default(),
            max_in_flight: AtomicUsize::new(usize::MAX),
            next_seq: AtomicU64::new(1),
            shutting_down,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight.load(Ordering::Relaxed)
    }

    /// Makes `actor` the current incarnation and wakes every waiting caller.
    pub fn publish(&self, actor: ActorRef<M>, gauge: Arc<Gauge>, max_in_flight: usize) {
        self.max_in_flight.store(max_in_flight, Ordering::Relaxed);
        let seq = self.next_seq.fetch_add(1, Ordering::Relaxed);
        self.state
            .send_replace(Incarnation::Running(Arc::new(Live { actor, gauge, seq })));
    }

    /// The current incarnation, if one is running.
    #[inline]
    pub fn current(&self) -> Option<Arc<Live<M>>> {
        match &*self.state.borrow() {
            Incarnation::Running(live) => Some(live.clone()),
            _ => None,
        }
    }

    /// Runs `f` on the current incarnation without cloning it (the cast path).
    #[inline]
    pub fn with_current<R>(&self, f: impl FnOnce(&Live<M>) -> R) -> Option<R> {
        match &*self.state.borrow() {
            Incarnation::Running(live) => Some(f(live)),
            _ => None,
        }
    }

    fn down_error(&self, reason: &ExitReason) -> Error {
        if self.shutting_down.load(Ordering::Relaxed) {
            Error::shutdown(format!(
                "'{}' is stopped: the runtime is shutting down",
                self.name
            ))
        } else {
            Error::actor_down(format!("'{}' is stopped ({reason})", self.name))
        }
    }

    /// The first running incarnation newer than `after` (any, for `None`), waiting
    /// through restarts until `deadline`.
    pub async fn running(
        &self,
        after: Option<u64>,
        deadline: tokio::time::Instant,
    ) -> Result<Arc<Live<M>>, Error> {
        let newer = |live: &Live<M>| after.is_none_or(|seq| live.seq > seq);
        if let Incarnation::Running(live) = &*self.state.borrow() {
            if newer(live) {
                return Ok(live.clone());
            }
        }
        let mut rx = self.state.subscribe();
        loop {
            match &*rx.borrow_and_update() {
                Incarnation::Running(live) if newer(live) => return Ok(live.clone()),
                Incarnation::Stopped(reason) => return Err(self.down_error(reason)),
                _ => {}
            }
            match tokio::time::timeout_at(deadline, rx.changed()).await {
                Ok(Ok(())) => {}
                Ok(Err(_)) => return Err(Error::actor_down(format!("'{}' is gone", self.name))),
                Err(_) => {
                    return Err(Error::timeout(format!(
                        "'{}' did not come back before the deadline",
                        self.name
                    )))
                }
            }
        }
    }
}

/// What supervisors, the registry and health need of a slot, whatever its type.
pub(crate) trait AnySlot: Send + Sync + 'static {
    fn as_any(self: Arc<Self>) -> Arc<dyn Any + Send + Sync>;
    fn type_name(&self) -> &'static str;
    fn stats(&self) -> &ActorStats;
    fn faults(&self) -> &FaultState;
    fn status(&self) -> SlotStatus;
    /// Marks the actor down: `restarting` tells waiting callers to keep waiting.
    fn mark_down(&self, restarting: bool, reason: &ExitReason);
    fn live_cell(&self) -> Option<ActorCell>;
    /// `(in_flight, mailbox_depth, uptime)` of the running incarnation.
    fn load(&self) -> Option<(usize, usize, std::time::Duration)>;
    fn max_in_flight(&self) -> usize;
}

impl<M: Send + 'static> AnySlot for Slot<M> {
    fn as_any(self: Arc<Self>) -> Arc<dyn Any + Send + Sync> {
        self
    }

    fn type_name(&self) -> &'static str {
        std::any::type_name::<M>()
    }

    fn stats(&self) -> &ActorStats {
        &self.stats
    }

    fn faults(&self) -> &FaultState {
        &self.faults
    }

    fn status(&self) -> SlotStatus {
        match &*self.state.borrow() {
            Incarnation::Idle => SlotStatus::Idle,
            // A killed subtree never told its supervisor: trust the actor's own status.
            Incarnation::Running(l) if l.actor.get_status() < ActorStatus::Stopping => {
                SlotStatus::Running
            }
            Incarnation::Running(_) => SlotStatus::Stopped,
            Incarnation::Restarting => SlotStatus::Restarting,
            Incarnation::Stopped(_) => SlotStatus::Stopped,
        }
    }

    fn mark_down(&self, restarting: bool, reason: &ExitReason) {
        self.state.send_replace(if restarting {
            Incarnation::Restarting
        } else {
            Incarnation::Stopped(reason.clone())
        });
    }

    fn live_cell(&self) -> Option<ActorCell> {
        self.current().map(|l| l.actor.get_cell())
    }

    fn load(&self) -> Option<(usize, usize, std::time::Duration)> {
        self.with_current(|l| {
            (
                l.gauge.in_flight.load(Ordering::Relaxed),
                l.gauge.mailbox_depth(),
                l.gauge.started.elapsed(),
            )
        })
    }

    fn max_in_flight(&self) -> usize {
        Slot::max_in_flight(self)
    }
}
