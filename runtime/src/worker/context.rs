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
    pub(crate) awaited: bool,
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
}
