//! A slot is the stable home of one named actor. Handles point at the slot, the
//! slot points at the current incarnation; a caller that finds the actor
//! restarting waits on the slot for the next incarnation, within its deadline.
//!
//! The running incarnation sits in an `ArcSwapOption`: the call and cast paths
//! read it without locks or reference-count traffic. Everything else (why it is
//! down, who waits) is on the slow path.

use std::any::Any;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use arc_swap::ArcSwapOption;
use ractor::{ActorCell, ActorRef, ActorStatus};
use tokio::sync::Notify;

use crate::deadline::Deadline;
use crate::error::Error;
use crate::exit::ExitReason;
use crate::fault::FaultState;
use crate::spec::Liveness;
use crate::stats::ActorStats;

/// One running incarnation, with its live load.
///
/// Callers count what they send, the actor counts what it finished; in flight
/// is the difference. The two counters sit on separate cache lines so that a
/// sender flooding an actor on another core does not bounce one line between
/// them on every message. Per incarnation, so messages lost with a dead
/// incarnation never leave the count off.
pub(crate) struct Live<M> {
    pub actor: ActorRef<M>,
    /// Incarnation number, increasing across restarts.
    pub seq: u64,
    pub started: Instant,
    /// The same moment on the handler's clock, for `busy_since`.
    started_q: quanta::Instant,
    senders: SenderSide,
    handler: HandlerSide,
    /// Casts, and calls that find a drain due, wait here rather than in
    /// ractor's mailbox; the actor takes them in batches: one mailbox wake-up
    /// per batch instead of one per message.
    backlog: Mutex<VecDeque<M>>,
    /// A drain is due (its wake-up is in the mailbox) or running. Changed only
    /// under the backlog's lock; while set, every message goes to the backlog.
    draining: AtomicBool,
    /// The worker's shared state, for callers that run a handler in place
    /// (`worker::in_place`); type-erased because a slot is typed by its
    /// message, not its worker, and weak because that state holds this.
    /// `None` for supervisors.
    pub here: Option<Weak<dyn Any + Send + Sync>>,
}

#[repr(align(64))]
struct SenderSide {
    sent: AtomicUsize,
    /// A possibly stale copy of `handler.done`: only when it says the bound is
    /// reached does a sender read the handler's line.
    done_seen: AtomicUsize,
}

#[repr(align(64))]
struct HandlerSide {
    done: AtomicUsize,
    /// When the message being handled was taken, in ns after `started_q`,
    /// plus one; 0 while idle. A liveness check reads how long it runs.
    busy_since: AtomicU64,
    /// How long the last message took, in ns: only a worker whose messages
    /// are short is run in place by its callers.
    last_turn: AtomicU64,
}

impl<M> Live<M> {
    fn new(actor: ActorRef<M>, seq: u64, here: Option<Weak<dyn Any + Send + Sync>>) -> Self {
        Self {
            actor,
            seq,
            started: Instant::now(),
            started_q: quanta::Instant::now(),
            senders: SenderSide {
                sent: AtomicUsize::new(0),
                done_seen: AtomicUsize::new(0),
            },
            handler: HandlerSide {
                done: AtomicUsize::new(0),
                busy_since: AtomicU64::new(0),
                last_turn: AtomicU64::new(0),
            },
            backlog: Mutex::new(VecDeque::new()),
            draining: AtomicBool::new(false),
            here,
        }
    }

    fn backlog(&self) -> std::sync::MutexGuard<'_, VecDeque<M>> {
        self.backlog.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Delivers an admitted call. A call goes straight to the mailbox unless a
    /// drain is due: then it queues behind the backlog, where its sender's
    /// earlier casts may wait. (Nothing its sender sends later can overtake
    /// it: the sender waits for the reply.) `false` when the actor is stopping
    /// (the message is dropped, and so returned to the caller as undelivered).
    #[inline]
    pub fn deliver_call(&self, msg: M, wake: impl FnOnce() -> M) -> bool
    where
        M: ractor::Message,
    {
        if !self.draining.load(Ordering::Acquire) {
            return self.actor.send_message(msg).is_ok();
        }
        self.enqueue(msg, wake)
    }

    /// Queues an admitted message in the backlog, with `wake` in the mailbox
    /// when no drain is due yet. `false` when the actor is stopping.
    pub fn enqueue(&self, msg: M, wake: impl FnOnce() -> M) -> bool
    where
        M: ractor::Message,
    {
        if self.actor.get_status() >= ActorStatus::Stopping {
            return false;
        }
        let mut backlog = self.backlog();
        backlog.push_back(msg);
        if !self.draining.load(Ordering::Relaxed) {
            self.draining.store(true, Ordering::Release);
            // If the actor is stopping, the backlog goes down with this
            // incarnation and its envelopes go back to their senders.
            let _ = self.actor.send_message(wake());
        }
        true
    }

    /// Moves up to `max` messages from the backlog, oldest first, into `into`;
    /// `false` (and the drain is over) when there are none (actor task only).
    pub fn take_backlog(&self, max: usize, into: &mut VecDeque<M>) -> bool {
        let mut backlog = self.backlog();
        if backlog.is_empty() {
            self.draining.store(false, Ordering::Release);
            return false;
        }
        let n = backlog.len().min(max);
        into.extend(backlog.drain(..n));
        true
    }

    /// Whether messages wait in the backlog.
    pub fn more_backlog(&self) -> bool {
        !self.backlog().is_empty()
    }

    /// Drops what waits in the backlog (its callers hear "undelivered").
    pub fn clear_backlog(&self) {
        let stale = std::mem::take(&mut *self.backlog());
        drop(stale);
    }

    /// Counts one more message in flight, unless `max` are already.
    #[inline]
    pub fn admit(&self, max: usize) -> bool {
        let sent = self.senders.sent.fetch_add(1, Ordering::Relaxed) + 1;
        // `done` only grows, so a stale copy overestimates what is in flight.
        if sent - self.senders.done_seen.load(Ordering::Relaxed).min(sent) <= max {
            return true;
        }
        let done = self.handler.done.load(Ordering::Relaxed);
        self.senders.done_seen.fetch_max(done, Ordering::Relaxed);
        if sent - done.min(sent) <= max {
            return true;
        }
        self.unadmit();
        false
    }

    /// Takes back an admitted message that never reached the mailbox.
    #[inline]
    pub fn unadmit(&self) {
        self.senders.sent.fetch_sub(1, Ordering::Relaxed);
    }

    /// The handler took a message at `at` (whoever holds the worker's lock).
    #[inline]
    pub fn begin(&self, at: quanta::Instant) {
        let since = at.saturating_duration_since(self.started_q).as_nanos() as u64;
        self.handler.busy_since.store(since + 1, Ordering::Relaxed);
    }

    /// How long the message being handled has taken so far; `None` when idle.
    pub fn busy_for(&self) -> Option<Duration> {
        let since = self.handler.busy_since.load(Ordering::Relaxed);
        (since != 0).then(|| {
            let at = self.started_q + Duration::from_nanos(since - 1);
            quanta::Instant::now().saturating_duration_since(at)
        })
    }

    /// The handler is done with it, after `took` (whoever holds the worker's
    /// lock: a plain load and store).
    #[inline]
    pub fn finish(&self, took: Duration) {
        let done = &self.handler.done;
        done.store(done.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
        self.handler.busy_since.store(0, Ordering::Relaxed);
        self.handler
            .last_turn
            .store(took.as_nanos() as u64, Ordering::Relaxed);
    }

    /// How long the last message took.
    pub fn last_turn(&self) -> Duration {
        Duration::from_nanos(self.handler.last_turn.load(Ordering::Relaxed))
    }

    /// Messages queued or being handled.
    pub fn in_flight(&self) -> usize {
        let done = self.handler.done.load(Ordering::Relaxed);
        self.senders
            .sent
            .load(Ordering::Relaxed)
            .saturating_sub(done)
    }

    /// Messages waiting in the mailbox (in flight, less the one being handled).
    pub fn mailbox_depth(&self) -> usize {
        let busy = usize::from(self.handler.busy_since.load(Ordering::Relaxed) != 0);
        self.in_flight().saturating_sub(busy)
    }
}

/// Why no incarnation is running.
#[derive(Clone, Debug)]
enum Down {
    /// Registered, never started.
    Idle,
    /// Its supervisor is bringing it back.
    Restarting,
    /// No restart planned.
    Stopped(ExitReason),
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
    /// `root/.../id`; the name is its last segment.
    path: Arc<str>,
    live: ArcSwapOption<Live<M>>,
    down: Mutex<Down>,
    changed: Notify,
    pub stats: ActorStats,
    pub faults: FaultState,
    max_in_flight: AtomicUsize,
    liveness: Mutex<Option<Liveness>>,
    next_seq: AtomicU64,
    shutting_down: Arc<AtomicBool>,
}

impl<M: Send + 'static> Slot<M> {
    pub fn new(path: &str, shutting_down: Arc<AtomicBool>) -> Self {
        Self {
            path: path.into(),
            live: ArcSwapOption::empty(),
            down: Mutex::new(Down::Idle),
            changed: Notify::new(),
            stats: ActorStats::default(),
            faults: FaultState::default(),
            max_in_flight: AtomicUsize::new(usize::MAX),
            liveness: Mutex::new(None),
            next_seq: AtomicU64::new(1),
            shutting_down,
        }
    }

    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    pub fn path(&self) -> &Arc<str> {
        &self.path
    }

    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight.load(Ordering::Relaxed)
    }

    /// Whether the runtime this actor belongs to is shutting down.
    pub fn is_shutting_down(&self) -> bool {
        self.shutting_down.load(Ordering::Relaxed)
    }

    fn set_down(&self, down: Down) {
        *self.down.lock().unwrap_or_else(|p| p.into_inner()) = down;
    }

    /// Makes `actor` the current incarnation and wakes every waiting caller.
    pub fn publish(
        &self,
        actor: ActorRef<M>,
        max_in_flight: usize,
        liveness: Option<Liveness>,
        here: Option<Weak<dyn Any + Send + Sync>>,
    ) -> Arc<Live<M>> {
        self.max_in_flight.store(max_in_flight, Ordering::Relaxed);
        *self.liveness.lock().unwrap_or_else(|p| p.into_inner()) = liveness;
        // A new incarnation starts with a clean record.
        self.stats.reset_timeouts_in_a_row();
        let live = Arc::new(Live::new(
            actor,
            self.next_seq.fetch_add(1, Ordering::Relaxed),
            here,
        ));
        self.live.store(Some(live.clone()));
        self.changed.notify_waiters();
        live
    }

    /// Runs `f` on the current incarnation without taking a reference to it
    /// (the call and cast fast path).
    #[inline]
    pub fn with_current<R>(&self, f: impl FnOnce(&Live<M>) -> R) -> Option<R> {
        self.live.load().as_deref().map(f)
    }

    fn down_error(&self) -> Option<Error> {
        match &*self.down.lock().unwrap_or_else(|p| p.into_inner()) {
            Down::Stopped(_) if self.shutting_down.load(Ordering::Relaxed) => {
                Some(Error::shutdown(format!(
                    "'{}' is stopped: the runtime is shutting down",
                    self.name()
                )))
            }
            Down::Stopped(reason) => Some(Error::actor_down(format!(
                "'{}' is stopped ({reason})",
                self.name()
            ))),
            Down::Idle | Down::Restarting => None,
        }
    }

    /// Why a message cannot be sent now: stopped (or shutting down), or
    /// between incarnations.
    pub fn not_running(&self) -> Error {
        self.down_error()
            .unwrap_or_else(|| Error::actor_down(format!("'{}' is restarting", self.name())))
    }

    /// Runs `f` on the running incarnation if it is newer than `after` (any,
    /// for `None`).
    fn try_running<R>(&self, after: Option<u64>, f: impl FnOnce(&Live<M>) -> R) -> Option<R> {
        self.live
            .load()
            .as_deref()
            .filter(|l| after.is_none_or(|seq| l.seq > seq))
            .map(f)
    }

    /// Runs `f` on the first running incarnation newer than `after` (any, for
    /// `None`), waiting through restarts until `deadline`.
    pub async fn with_running<R>(
        &self,
        after: Option<u64>,
        deadline: &mut Deadline,
        mut f: impl FnMut(&Live<M>) -> R,
    ) -> Result<R, Error> {
        if let Some(r) = self.try_running(after, &mut f) {
            return Ok(r);
        }
        loop {
            // Register interest before looking again, so no publish slips between.
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            if let Some(r) = self.try_running(after, &mut f) {
                return Ok(r);
            }
            if self.live.load().is_none() {
                if let Some(e) = self.down_error() {
                    return Err(e);
                }
            }
            if tokio::time::timeout_at(deadline.instant(), changed)
                .await
                .is_err()
            {
                return Err(Error::timeout(format!(
                    "'{}' did not come back before the deadline",
                    self.name()
                )));
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
    fn load(&self) -> Option<(usize, usize, Duration)>;
    fn max_in_flight(&self) -> usize;
    /// Its liveness limits, and why it is unresponsive now if it is.
    fn liveness(&self) -> (Option<Liveness>, Option<String>);
    /// Kills the running incarnation if it is unresponsive: its number and why.
    fn kill_if_unresponsive(&self) -> Option<(u64, String)>;
    /// The running incarnation's number (increasing across restarts).
    fn incarnation(&self) -> Option<u64>;
    /// How long the running incarnation has been handling its current message.
    fn busy_for(&self) -> Option<Duration>;
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
        // A killed subtree never told its supervisor: trust the actor's own status.
        let alive = self
            .with_current(|l| l.actor.get_status() < ActorStatus::Stopping)
            .unwrap_or(false);
        if alive {
            return SlotStatus::Running;
        }
        match &*self.down.lock().unwrap_or_else(|p| p.into_inner()) {
            Down::Idle => SlotStatus::Idle,
            Down::Restarting => SlotStatus::Restarting,
            Down::Stopped(_) => SlotStatus::Stopped,
        }
    }

    fn mark_down(&self, restarting: bool, reason: &ExitReason) {
        self.set_down(if restarting {
            Down::Restarting
        } else {
            Down::Stopped(reason.clone())
        });
        self.live.store(None);
        self.changed.notify_waiters();
    }

    fn live_cell(&self) -> Option<ActorCell> {
        self.with_current(|l| l.actor.get_cell())
    }

    fn load(&self) -> Option<(usize, usize, Duration)> {
        self.with_current(|l| (l.in_flight(), l.mailbox_depth(), l.started.elapsed()))
    }

    fn max_in_flight(&self) -> usize {
        Slot::max_in_flight(self)
    }

    fn liveness(&self) -> (Option<Liveness>, Option<String>) {
        let limits = *self.liveness.lock().unwrap_or_else(|p| p.into_inner());
        // Only a running incarnation is judged: a stopped one is not stuck.
        let why = limits.and_then(|l| {
            self.with_current(|live| l.judge(live.busy_for(), self.stats.timeouts_in_a_row()))
                .flatten()
        });
        (limits, why)
    }

    fn kill_if_unresponsive(&self) -> Option<(u64, String)> {
        let limits = (*self.liveness.lock().unwrap_or_else(|p| p.into_inner()))?;
        // Judged and killed on the same incarnation.
        self.with_current(|live| {
            let why = limits.judge(live.busy_for(), self.stats.timeouts_in_a_row())?;
            live.actor.get_cell().kill();
            Some((live.seq, why))
        })
        .flatten()
    }

    fn incarnation(&self) -> Option<u64> {
        self.with_current(|live| live.seq)
    }

    fn busy_for(&self) -> Option<Duration> {
        self.with_current(|l| l.busy_for()).flatten()
    }
}
