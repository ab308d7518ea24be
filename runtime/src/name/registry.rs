//! The per-runtime name registry. Ours rather than ractor's global one, so that
//! several runtimes (tests, embedded hosts) live in one process without clashes.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use super::slot::{AnySlot, Slot, SlotStatus};
use crate::error::Error;

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
    /// is running, like OTP's `{already_started, Pid}`.
    pub fn claim<M: Send + 'static>(&self, name: &str, path: &str) -> Result<Arc<Slot<M>>, String> {
        let mut slots = self.lock();
        if let Some(existing) = slots.get(name) {
            if existing.status() == SlotStatus::Running {
                return Err(format!(
                    "already_started: name '{name}' is taken by a running actor"
                ));
            }
            return downcast(name, existing.clone()).map_err(|e| e.message().to_string());
        }
        let slot = Arc::new(Slot::<M>::new(path, self.shutting_down.clone()));
        slots.insert(name.to_string(), slot.clone());
        Ok(slot)
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
