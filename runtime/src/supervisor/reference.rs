//! `SupervisorRef`: OTP's supervisor API on a stable handle.

use std::any::Any;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;

use super::message::{ChildView, StartArg, SupMsg};
use super::{ChildCounts, ChildId, ChildInfo, ChildRef, SupervisorError};
use crate::deadline::{reply_by, Deadline};
use crate::error::Error;
use crate::handle::Handle;
use crate::name::{AnySlot, Slot};
use crate::spec::{ChildSpec, DynArgs};
use crate::worker::{Envelope, Worker};

/// A handle to a supervisor by name, valid across its restarts.
#[derive(Clone)]
pub struct SupervisorRef {
    slot: Arc<Slot<SupMsg>>,
    timeout: Duration,
}

impl std::fmt::Debug for SupervisorRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SupervisorRef")
            .field("name", &self.name())
            .finish()
    }
}

/// Supervisor calls may wait for a child's shutdown (5 s by default), so they
/// get a generous default deadline.
pub const DEFAULT_SUPERVISOR_TIMEOUT: Duration = Duration::from_secs(60);

impl SupervisorRef {
    pub(crate) fn from_slot(slot: Arc<Slot<SupMsg>>) -> Self {
        Self {
            slot,
            timeout: DEFAULT_SUPERVISOR_TIMEOUT,
        }
    }

    /// The same handle with another deadline for its calls.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The supervisor's registered name.
    pub fn name(&self) -> &str {
        self.slot.name()
    }

    /// Whether an incarnation is running now.
    pub fn is_running(&self) -> bool {
        self.slot.with_current(|_| ()).is_some()
    }

    /// The ractor cell of the current incarnation.
    pub fn current_cell(&self) -> Option<ractor::ActorCell> {
        self.slot.live_cell()
    }

    pub(crate) async fn ask<T>(
        &self,
        make: impl FnOnce(oneshot::Sender<T>) -> SupMsg,
    ) -> Result<T, Error> {
        let mut deadline = Deadline::after(self.timeout);
        let (tx, rx) = oneshot::channel();
        let mut msg = Some(make(tx));
        let sent = self
            .slot
            .with_running(None, &mut deadline, |live| {
                live.actor
                    .send_message(msg.take().expect("sent once"))
                    .is_ok()
            })
            .await?;
        if !sent {
            return Err(Error::actor_down(format!(
                "supervisor '{}' is stopping",
                self.name()
            )));
        }
        match reply_by(rx, &mut deadline).await {
            Some(Ok(v)) => Ok(v),
            Some(Err(_)) => Err(Error::actor_down(format!(
                "supervisor '{}' stopped before answering",
                self.name()
            ))),
            None => Err(Error::timeout(format!(
                "supervisor '{}' did not answer within {:?}",
                self.name(),
                self.timeout
            ))),
        }
    }

    async fn ask_result<T>(
        &self,
        make: impl FnOnce(oneshot::Sender<Result<T, SupervisorError>>) -> SupMsg,
    ) -> Result<T, SupervisorError> {
        self.ask(make).await.map_err(SupervisorError::Unavailable)?
    }

    /// Its children, in start order (OTP `which_children`).
    ///
    /// # Errors
    ///
    /// `Unavailable` when the supervisor cannot be reached.
    pub async fn which_children(&self) -> Result<Vec<ChildInfo>, SupervisorError> {
        self.ask(SupMsg::WhichChildren)
            .await
            .map_err(SupervisorError::Unavailable)
    }

    /// Counts of its children (OTP `count_children`).
    ///
    /// # Errors
    ///
    /// `Unavailable` when the supervisor cannot be reached.
    pub async fn count_children(&self) -> Result<ChildCounts, SupervisorError> {
        self.ask(SupMsg::CountChildren)
            .await
            .map_err(SupervisorError::Unavailable)
    }

    pub(crate) async fn describe(&self) -> Result<Vec<ChildView>, Error> {
        self.ask(SupMsg::Describe).await
    }

    /// Adds and starts a child (not for `simple_one_for_one`).
    ///
    /// # Errors
    ///
    /// `AlreadyStarted`/`AlreadyPresent` for an id in use, `InvalidSpec`,
    /// `StartFailed` when its init fails, `NotSupported` under `simple_one_for_one`,
    /// `Unavailable` when the supervisor cannot be reached.
    pub async fn start_child(&self, spec: ChildSpec) -> Result<ChildRef, SupervisorError> {
        self.ask_result(|r| SupMsg::StartChild(StartArg::Spec(spec), r))
            .await
    }

    /// Starts a `simple_one_for_one` child from the template with these args.
    pub async fn start_child_with<A: Any + Send + Sync>(
        &self,
        args: A,
    ) -> Result<ChildRef, SupervisorError> {
        self.ask_result(|r| SupMsg::StartChild(StartArg::Args(Arc::new(args)), r))
            .await
    }

    /// Starts one `simple_one_for_one` child per item, in one round trip: the way
    /// to fill a pool. Each child succeeds or fails on its own. The supervisor
    /// handles nothing else meanwhile, so keep batches to thousands, not millions.
    pub async fn start_children_with<A: Any + Send + Sync>(
        &self,
        args: impl IntoIterator<Item = A>,
    ) -> Result<Vec<Result<ChildRef, SupervisorError>>, SupervisorError> {
        let all: Vec<DynArgs> = args.into_iter().map(|a| Arc::new(a) as DynArgs).collect();
        self.ask(|r| SupMsg::StartChildren(all, r))
            .await
            .map_err(SupervisorError::Unavailable)
    }

    /// Stops a child by its shutdown spec; its spec is kept unless it is
    /// temporary or dynamic.
    ///
    /// # Errors
    ///
    /// `NotFound` for an unknown id; `Unavailable` when the supervisor cannot be reached.
    pub async fn terminate_child(&self, id: impl Into<ChildId>) -> Result<(), SupervisorError> {
        let id = id.into();
        self.ask_result(|r| SupMsg::TerminateChild(id, r)).await
    }

    /// Starts a terminated child again from its kept spec.
    ///
    /// # Errors
    ///
    /// `NotFound`, `Running` (terminate it first), `Restarting`, `StartFailed`,
    /// `Unavailable`.
    pub async fn restart_child(&self, id: &str) -> Result<ChildRef, SupervisorError> {
        let id = id.to_string();
        self.ask_result(|r| SupMsg::RestartChild(id, r)).await
    }

    /// Forgets a terminated child's spec.
    ///
    /// # Errors
    ///
    /// `NotFound`, `Running`, `Restarting`, `Unavailable`.
    pub async fn delete_child(&self, id: &str) -> Result<(), SupervisorError> {
        let id = id.to_string();
        self.ask_result(|r| SupMsg::DeleteChild(id, r)).await
    }

    /// A child's spec (OTP `get_childspec`).
    ///
    /// # Errors
    ///
    /// `NotFound` for an unknown id, `Unavailable` when the supervisor cannot be reached.
    pub async fn get_childspec(
        &self,
        id: impl Into<ChildId>,
    ) -> Result<ChildSpec, SupervisorError> {
        let id = id.into();
        self.ask_result(|r| SupMsg::GetChildSpec(id, r)).await
    }
}

impl ChildRef {
    /// A typed handle to this child, if it is a running worker of type `W`.
    pub fn handle<W: Worker>(&self) -> Option<Handle<W>> {
        let slot = self
            .slot
            .clone()?
            .as_any()
            .downcast::<Slot<Envelope<W>>>()
            .ok()?;
        Some(Handle::from_slot(slot))
    }
}
