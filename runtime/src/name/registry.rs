//! The per-runtime name registry. Ours rather than ractor's global one, so that
//! several runtimes (tests, embedded hosts) live in one process without clashes.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ractor::{ActorCell, ActorStatus};

use super::slot::{AnySlot, Slot, SlotStatus};
use crate::error::Error;

/// How long a restarting supervisor waits for a child of its killed previous
/// incarnation to finish dying.
const ORPHAN_WAIT: Duration = Duration::from_secs(10);

enum Claim<M> {
    Free(Result<Arc<Slot<M>>, String>),
    /// Held by an actor whose supervisor is gone: it is being killed.
    Orphan(ActorCell),
}

#[derive(Default)]
pub(crate) struct Registry {
    slots: Mutex<HashMap<String, Arc<dyn AnySlot>>>,
    pub shutting_down: Arc<AtomicBool>,
}

fn downcast<M: Send + 'static>(name: &str, slot: Arc<dyn AnySlot>) -> Result<Arc<Slot<M>>, Error> {
    let found = slot.type_name();
    slot.as_any().downcast::<Slot<M>>().map_err(|_| {
        Error::validation(
            "name",
            format!("'{name}' takes {found}, not {}", std::any::type_name::<M>()),
        )
    })
}

impl Registry {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<dyn AnySlot>>> {
        self.slots.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn get(&self, name: &str) -> Option<Arc<dyn AnySlot>> {
        self.lock().get(name).cloned()
    }

    /// The slot of `name`, typed; `not_found` or a type mismatch otherwise.
    pub fn typed<M: Send + 'static>(&self, name: &str) -> Result<Arc<Slot<M>>, Error> {
        let slot = self
            .get(name)
            .ok_or_else(|| Error::not_found(format!("no actor named '{name}'")))?;
        downcast(name, slot)
    }

    /// The slot a starting child registers under: the existing one (kept across
    /// restarts, so handles stay valid) or a new one. Refuses a name whose actor
    /// is running, like OTP's `{already_started, Pid}` — unless that actor lost
    /// its supervisor: a killed supervisor takes its children down with it, and
    /// its restart must wait for them to finish dying, not fail.
    pub async fn claim<M: Send + 'static>(
        &self,
        name: &str,
        path: &str,
    ) -> Result<Arc<Slot<M>>, String> {
        let orphan = match self.try_claim(name, path) {
            Claim::Free(slot) => return slot,
            Claim::Orphan(cell) => cell,
        };
        if orphan.wait(Some(ORPHAN_WAIT)).await.is_err() {
            return Err(format!(
                "already_started: name '{name}' is taken by an actor that outlived its supervisor"
            ));
        }
        match self.try_claim(name, path) {
            Claim::Free(slot) => slot,
            Claim::Orphan(_) => Err(format!("already_started: name '{name}' is taken")),
        }
    }

    fn try_claim<M: Send + 'static>(&self, name: &str, path: &str) -> Claim<M> {
        let mut slots = self.lock();
        if let Some(existing) = slots.get(name) {
            if existing.status() == SlotStatus::Running {
                let orphaned = existing.live_cell().filter(|cell| {
                    cell.try_get_supervisor()
                        .is_none_or(|sup| sup.get_status() >= ActorStatus::Stopping)
                });
                return match orphaned {
                    Some(cell) => Claim::Orphan(cell),
                    None => Claim::Free(Err(format!(
                        "already_started: name '{name}' is taken by a running actor"
                    ))),
                };
            }
            return Claim::Free(
                downcast(name, existing.clone()).map_err(|e| e.message().to_string()),
            );
        }
        let slot = Arc::new(Slot::<M>::new(path, self.shutting_down.clone()));
        slots.insert(name.to_string(), slot.clone());
        Claim::Free(Ok(slot))
    }

    /// Forgets a name whose actor is not running (its spec was deleted).
    pub fn release(&self, name: &str) {
        let mut slots = self.lock();
        if slots
            .get(name)
            .is_some_and(|s| s.status() != SlotStatus::Running)
        {
            slots.remove(name);
        }
    }

    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.lock().keys().cloned().collect();
        names.sort();
        names
    }
}
