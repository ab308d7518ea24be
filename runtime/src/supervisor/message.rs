//! What a supervisor is asked, and the shapes of its answers.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use serde::Serialize;
use tokio::sync::oneshot;

use super::SupervisorError;
use crate::exit::ExitReason;
use crate::name::AnySlot;
use crate::spec::{ChildKind, ChildSpec, DynArgs, Restart};

/// A child's id: its spec id, or a number for `simple_one_for_one` children.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(untagged)]
pub enum ChildId {
    /// A child started from a spec: the spec's id.
    Static(String),
    /// A `simple_one_for_one` child: its start number.
    Dynamic(u64),
}

impl fmt::Display for ChildId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChildId::Static(id) => f.write_str(id),
            ChildId::Dynamic(n) => write!(f, "#{n}"),
        }
    }
}

impl From<&str> for ChildId {
    fn from(id: &str) -> Self {
        ChildId::Static(id.to_string())
    }
}

impl From<String> for ChildId {
    fn from(id: String) -> Self {
        ChildId::Static(id)
    }
}

/// Where a child is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChildStatus {
    /// Alive.
    Running,
    /// Down, with a restart under way or scheduled.
    Restarting,
    /// Not running, spec kept (terminated, exited cleanly, or `ignore`d).
    Stopped,
}

/// One row of `which_children`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChildInfo {
    /// The child's id.
    pub id: ChildId,
    /// Worker or supervisor.
    pub kind: ChildKind,
    /// Where it is in its life.
    pub status: ChildStatus,
    /// Its restart type.
    pub restart: Restart,
}

/// `count_children`: OTP's `specs`, `active`, `supervisors`, `workers`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ChildCounts {
    /// Child specs held, running or not.
    pub specs: usize,
    /// Children running.
    pub active: usize,
    /// Specs that are supervisors.
    pub supervisors: usize,
    /// Specs that are workers.
    pub workers: usize,
}

/// What health needs of one child.
#[derive(Clone)]
pub(crate) struct ChildView {
    pub path: String,
    pub kind: ChildKind,
    pub status: ChildStatus,
    pub restart: Restart,
    pub restarts: u32,
    pub restarts_in_window: usize,
    pub last_failure: Option<(ExitReason, SystemTime)>,
    pub slot: Option<Arc<dyn AnySlot>>,
}

/// A started child: its id and, for workers, the slot behind its handle.
#[derive(Clone)]
pub struct ChildRef {
    /// The child's id.
    pub id: ChildId,
    pub(crate) slot: Option<Arc<dyn AnySlot>>,
}

impl fmt::Debug for ChildRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChildRef").field("id", &self.id).finish()
    }
}

pub(crate) enum StartArg {
    Spec(ChildSpec),
    Args(DynArgs),
}

type Reply<T> = oneshot::Sender<T>;
type Answer<T> = Reply<Result<T, SupervisorError>>;

// Local only: a supervisor's messages never cross nodes.
impl ractor::Message for SupMsg {}

pub(crate) enum SupMsg {
    WhichChildren(Reply<Vec<ChildInfo>>),
    CountChildren(Reply<ChildCounts>),
    StartChild(StartArg, Answer<ChildRef>),
    /// Many `simple_one_for_one` children in one round trip.
    StartChildren(Vec<DynArgs>, Reply<Vec<Result<ChildRef, SupervisorError>>>),
    TerminateChild(ChildId, Answer<()>),
    RestartChild(String, Answer<ChildRef>),
    DeleteChild(String, Answer<()>),
    GetChildSpec(ChildId, Answer<ChildSpec>),
    Describe(Reply<Vec<ChildView>>),
    /// A failed restart is tried again through the mailbox (OTP `try_again_restart`),
    /// so the supervisor stays responsive, and stoppable, during a restart loop.
    TryAgain(u64),
    /// A backoff delay is over; `token` guards against a stale timer.
    Resume {
        seq: u64,
        token: u64,
    },
}
