//! Stable names: a slot per named actor that outlives its incarnations, and the
//! registry that maps names to slots.

mod registry;
mod slot;

pub(crate) use registry::Registry;
pub(crate) use slot::{AnySlot, Live, Slot, SlotStatus};
