//! Tree queries by child name: which supervisor holds a child, and waiting
//! until a child runs again (after a restart or start that returned before
//! the child's `init` finished).

use std::time::{Duration, Instant};

use crate::error::Error;
use crate::runtime::Runtime;
use crate::supervisor::{ChildStatus, SupervisorRef};

impl Runtime {
    /// The supervisor whose children include `child`.
    ///
    /// # Errors
    ///
    /// `not_found` when no supervisor in the tree has a child of that name.
    pub async fn parent_of(&self, child: &str) -> Result<SupervisorRef, Error> {
        let health = self.health().await;
        let parent = health
            .nodes()
            .into_iter()
            .find(|n| n.children.iter().any(|c| c.name == child))
            .map(|n| n.name.clone())
            .ok_or_else(|| Error::not_found(format!("no component named {child:?} in the tree")))?;
        if parent == health.root.name {
            Ok(self.root())
        } else {
            self.supervisor(&parent)
        }
    }

    /// Whether `child` is running under its supervisor within `within`,
    /// polling every 10 ms.
    pub async fn wait_running(&self, child: &str, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        loop {
            if let Ok(sup) = self.parent_of(child).await {
                if let Ok(children) = sup.which_children().await {
                    if children
                        .iter()
                        .any(|c| c.id.to_string() == child && c.status == ChildStatus::Running)
                    {
                        return true;
                    }
                }
            }
            if Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}
