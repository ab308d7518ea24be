//! The self-healer: detects anomalies in clinical data and heals what can be
//! healed with a Provenance trail. Pure functions; the actor shell
//! (`actor.rs`, with the `runtime` feature) also watches the supervision tree
//! and runs the recovery flow.

pub mod anomaly;
pub mod heal;
pub mod limits;
pub mod provenance;

#[cfg(feature = "runtime")]
pub mod actor;
#[cfg(feature = "runtime")]
pub mod diagnosis;
#[cfg(feature = "runtime")]
pub mod recovery;

pub use anomaly::{detect_anomalies, Anomaly, Kind};
pub use heal::{apply_healing, Healed, HealingContext};
pub use provenance::Provenance;

#[cfg(test)]
mod tests;
