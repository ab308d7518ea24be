//! What a worker's callbacks can see of the world.

use std::sync::Arc;

use super::Worker;
use crate::exit::ExitReason;
use crate::handle::Handle;
use crate::runtime::Runtime;

/// The worker's view of itself and of the runtime.
pub struct Context<W: Worker> {
    pub(crate) path: Arc<str>,
    pub(crate) myself: Handle<W>,
    pub(crate) runtime: Runtime,
    pub(crate) stop: Option<ExitReason>,
    /// Set by [`Context::exit`]: the message being handled gets no answer.
    pub(crate) unanswered: bool,
    pub(crate) awaited: bool,
    /// This incarnation's actor, for [`Context::exit_when`].
    pub(crate) cell: ractor::ActorCell,
    /// The reason a link fired with, for `terminate`.
    pub(crate) linked: Arc<std::sync::OnceLock<ExitReason>>,
}

impl<W: Worker> Context<W> {
    /// Whether a caller waits for the reply to the message being handled
    /// (a call) or not (a cast): a bridge may hand a cast on without waiting.
    pub fn reply_awaited(&self) -> bool {
        self.awaited
    }

    /// The registered name (or the label of a dynamic child).
    pub fn name(&self) -> &str {
        self.myself.name()
    }

    /// `root/.../id` in the supervision tree.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// A handle to this actor that stays valid across its restarts.
    pub fn myself(&self) -> &Handle<W> {
        &self.myself
    }

    /// The runtime, to reach other actors by name.
    pub fn runtime(&self) -> &Runtime {
        &self.runtime
    }

    /// Stops this actor once the current message is answered. `Normal` and
    /// `Shutdown` are clean exits (a transient child stays down); any other
    /// reason is a failure for the supervisor.
    pub fn stop(&mut self, reason: ExitReason) {
        self.stop = Some(reason);
    }

    /// Ends this incarnation with `reason` as soon as the handler returns,
    /// leaving the message being handled unanswered, as if the actor had died
    /// under it: its caller hears `actor_down`, or, for an idempotent call,
    /// is retried on the next incarnation within the same deadline. For a
    /// worker whose work ran elsewhere and was lost with that place
    /// ([`ExitReason::Noconnection`]).
    pub fn exit(&mut self, reason: ExitReason) {
        self.stop = Some(reason);
        self.unanswered = true;
    }

    /// Links this incarnation to something outside the tree (a node, a
    /// connection): when `lost` resolves, the actor exits with `reason`
    /// between two messages, and its supervisor applies its rules. Dropping
    /// the returned [`Link`] (or the incarnation ending) undoes it, unless
    /// `lost` has already resolved (the exit is then under way).
    pub fn exit_when(
        &self,
        lost: impl std::future::Future<Output = ()> + Send + 'static,
        reason: ExitReason,
    ) -> Link {
        let (cell, linked) = (self.cell.clone(), self.linked.clone());
        let task = tokio::spawn(async move {
            lost.await;
            let stop = reason.to_stop_reason();
            let _ = linked.set(reason);
            cell.stop(Some(stop));
        });
        Link(task.abort_handle())
    }
}

/// A link made by [`Context::exit_when`]; dropping it unlinks.
#[derive(Debug)]
#[must_use = "dropping a Link undoes it at once"]
pub struct Link(tokio::task::AbortHandle);

impl Drop for Link {
    fn drop(&mut self) {
        self.0.abort();
    }
}
