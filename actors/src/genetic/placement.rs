//! Where islands run. Without a placer every island runs in this process; a
//! cluster sets one (`App::place_islands`), and each island asks it for a
//! host at the start of each run and after each restart. The island stays
//! the supervised child here, a stand-in for its work there: when the host
//! is lost, it exits with `noconnection` and its supervisor restarts it,
//! and the restarted island asks again, getting a node that is up.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use futures::future::BoxFuture;
use hms_runtime::Error;

use super::remote::{EpochDone, EpochWork};

/// A node an island's epochs can run on.
pub trait Host: Send + Sync {
    /// The node's name (the `noconnection` detail when it is lost).
    fn node(&self) -> &str;

    /// Runs one epoch there within `timeout`. `actor_down` means the node
    /// was lost (before or during the call); `not_found` that the host needs
    /// the run's problem sent again; `unavailable` that the host does not
    /// hold this node up yet (ask again shortly).
    fn run(
        &self,
        work: EpochWork,
        timeout: Duration,
    ) -> BoxFuture<'static, Result<EpochDone, Error>>;

    /// Resolves when the node is lost (down, or back under a new incarnation).
    fn lost(&self) -> BoxFuture<'static, ()>;
}

/// Chooses hosts for islands.
pub trait Placer: Send + Sync {
    /// A host for island `index` (replacing where it ran before), or `None`
    /// to run it in this process.
    fn place(&self, index: usize) -> Option<Arc<dyn Host>>;

    /// Island `index` (re)started: it runs nowhere until its next run places it.
    fn unplace(&self, index: usize);
}

/// The placer the islands of one application share; set once.
#[derive(Clone, Default)]
pub struct Placement(Arc<OnceLock<Arc<dyn Placer>>>);

impl Placement {
    pub fn get(&self) -> Option<&Arc<dyn Placer>> {
        self.0.get()
    }

    /// Sets the placer; `false` if one was already set.
    pub fn set(&self, placer: Arc<dyn Placer>) -> bool {
        self.0.set(placer).is_ok()
    }
}

impl std::fmt::Debug for Placement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.get().is_some() {
            "Placement(placer)"
        } else {
            "Placement(local)"
        })
    }
}
