//! A supervisor's children, in start order, findable by id and by pid.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use ractor::{ActorCell, ActorId};
use tokio::time::Instant;

use super::{ChildId, ChildStatus};
use crate::exit::ExitReason;
use crate::name::AnySlot;
use crate::spec::{ChildSpec, DynArgs, Restart};

pub(crate) struct Child {
    pub id: ChildId,
    pub spec: Arc<ChildSpec>,
    pub args: Option<DynArgs>,
    pub pid: Option<ActorCell>,
    pub slot: Option<Arc<dyn AnySlot>>,
    pub status: ChildStatus,
    pub restarts: u32,
    pub started_at: Option<Instant>,
    /// Allocated at the first failure: most children never fail, and a
    /// `simple_one_for_one` supervisor may hold a hundred thousand of them.
    pub history: Option<Box<History>>,
}

#[derive(Default)]
pub(crate) struct History {
    /// Times of recent restarts, for the in-window count health shows.
    pub recent: VecDeque<Instant>,
    /// Consecutive failures, for backoff.
    pub attempt: u32,
    pub last_failure: Option<(ExitReason, SystemTime)>,
    /// Token of a pending backoff timer (0: none).
    pub token: u64,
}

impl Child {
    /// The child's name in paths and events (`db`, `pool#12`).
    pub fn label(&self) -> String {
        match &self.id {
            ChildId::Static(id) => id.clone(),
            ChildId::Dynamic(n) => format!("{}#{n}", self.spec.id),
        }
    }

    pub fn is_dynamic(&self) -> bool {
        matches!(self.id, ChildId::Dynamic(_))
    }

    /// Whether the spec goes away once the child stops (OTP: temporary and dynamic children).
    pub fn is_forgotten_on_stop(&self) -> bool {
        self.is_dynamic() || self.spec.restart == Restart::Temporary
    }

    pub fn history(&mut self) -> &mut History {
        self.history.get_or_insert_with(Box::default)
    }

    /// The pending backoff timer's token (0: none).
    pub fn token(&self) -> u64 {
        self.history.as_ref().map_or(0, |h| h.token)
    }

    pub fn last_failure(&self) -> Option<(ExitReason, SystemTime)> {
        self.history.as_ref().and_then(|h| h.last_failure.clone())
    }

    pub fn restarts_within(&mut self, period: Duration, now: Instant) -> usize {
        let Some(h) = self.history.as_mut() else {
            return 0;
        };
        while h
            .recent
            .front()
            .is_some_and(|t| now.duration_since(*t) >= period)
        {
            h.recent.pop_front();
        }
        h.recent.len()
    }

    pub fn mark_down(&mut self, status: ChildStatus, reason: &ExitReason) {
        self.status = status;
        // A slot nobody else holds has no waiter to tell (most dynamic children).
        if let Some(slot) = self.slot.as_ref().filter(|s| Arc::strong_count(s) > 1) {
            slot.mark_down(status == ChildStatus::Restarting, reason);
        }
    }
}

#[derive(Default)]
pub(crate) struct Children {
    by_seq: BTreeMap<u64, Child>,
    by_pid: HashMap<ActorId, u64>,
    by_id: HashMap<String, u64>,
    next_seq: u64,
}

impl Children {
    /// Appends a child, last in start order; dynamic children get their seq as id.
    pub fn push(&mut self, id: Option<String>, spec: Arc<ChildSpec>, args: Option<DynArgs>) -> u64 {
        self.next_seq += 1;
        let seq = self.next_seq;
        let id = match id {
            Some(id) => {
                self.by_id.insert(id.clone(), seq);
                ChildId::Static(id)
            }
            None => ChildId::Dynamic(seq),
        };
        self.by_seq.insert(
            seq,
            Child {
                id,
                spec,
                args,
                pid: None,
                slot: None,
                status: ChildStatus::Stopped,
                restarts: 0,
                started_at: None,
                history: None,
            },
        );
        seq
    }

    pub fn get(&self, seq: u64) -> Option<&Child> {
        self.by_seq.get(&seq)
    }

    pub fn get_mut(&mut self, seq: u64) -> Option<&mut Child> {
        self.by_seq.get_mut(&seq)
    }

    pub fn seq_of(&self, id: &ChildId) -> Option<u64> {
        match id {
            ChildId::Static(id) => self.by_id.get(id).copied(),
            ChildId::Dynamic(n) => self.by_seq.contains_key(n).then_some(*n),
        }
    }

    pub fn seq_of_pid(&self, pid: ActorId) -> Option<u64> {
        self.by_pid.get(&pid).copied()
    }

    pub fn set_pid(&mut self, seq: u64, cell: ActorCell) {
        if let Some(child) = self.by_seq.get_mut(&seq) {
            self.by_pid.insert(cell.get_id(), seq);
            child.pid = Some(cell);
        }
    }

    /// Detaches the child's process: its exit event will be ignored from now on.
    pub fn take_pid(&mut self, seq: u64) -> Option<ActorCell> {
        let cell = self.by_seq.get_mut(&seq)?.pid.take()?;
        self.by_pid.remove(&cell.get_id());
        Some(cell)
    }

    pub fn remove(&mut self, seq: u64) -> Option<Child> {
        let mut child = self.by_seq.remove(&seq)?;
        if let Some(cell) = child.pid.take() {
            self.by_pid.remove(&cell.get_id());
        }
        if let ChildId::Static(id) = &child.id {
            self.by_id.remove(id);
        }
        Some(child)
    }

    /// All seqs in start order.
    pub fn seqs(&self) -> Vec<u64> {
        self.by_seq.keys().copied().collect()
    }

    /// `seq` and the seqs started after it.
    pub fn seqs_from(&self, seq: u64) -> Vec<u64> {
        self.by_seq.range(seq..).map(|(s, _)| *s).collect()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Child> {
        self.by_seq.values()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Child> {
        self.by_seq.values_mut()
    }

    pub fn len(&self) -> usize {
        self.by_seq.len()
    }
}
