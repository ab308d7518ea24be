//! A count of things open at once (connections, event streams) against a
//! limit read when one opens, so that a reload can change the limit: a lower
//! one refuses new ones until enough of the open ones have closed.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

#[derive(Default)]
pub struct Slots(Arc<AtomicUsize>);

/// One open thing; its slot frees when dropped.
pub struct Slot(Arc<AtomicUsize>);

impl Slots {
    /// A slot, if fewer than `limit` are taken.
    pub fn take(&self, limit: usize) -> Option<Slot> {
        self.0
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |open| {
                (open < limit).then_some(open + 1)
            })
            .ok()
            .map(|_| Slot(self.0.clone()))
    }

    pub fn open(&self) -> usize {
        self.0.load(Ordering::Acquire)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lower_limit_refuses_until_enough_close() {
        let slots = Slots::default();
        let a = slots.take(2).unwrap();
        let _b = slots.take(2).unwrap();
        assert!(slots.take(2).is_none());
        assert!(slots.take(1).is_none());
        drop(a);
        assert!(slots.take(1).is_none(), "one is still open");
        assert!(slots.take(2).is_some());
        assert_eq!(slots.open(), 1);
    }
}
