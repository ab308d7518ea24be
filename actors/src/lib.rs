//! # hms-actors
//!
//! The domain of hms, as pure logic over plain data plus thin actor shells:
//!
//! - [`genetic`]: treatment-plan optimization and trial allocation with an
//!   island-model genetic algorithm.
//! - [`prover`]: treatment-plan safety verification, property by property with
//!   evidence and sources, and Monte Carlo outcome simulation.
//! - [`healer`]: clinical-data anomaly detection and healing with a FHIR
//!   Provenance-style audit trail.
//! - [`fhir`]: FHIR R4 in (a Bundle becomes the patient record) and out (a
//!   verified plan as MedicationRequests, DetectedIssues and Provenance).
//! - [`clinical`]: the data they share: patient records, plans, lab units, the
//!   formulary and the outcome model, every number with its [`source`].
//!
//! With the default `runtime` feature, [`app`] starts them as a supervision
//! tree on `hms-runtime` (`App::start(config)`). Without it the crate builds
//! without tokio or ractor, for the wasm bridge.
//!
//! Research and simulation software, not a medical device: outputs are
//! decision support with their sources shown, never orders.

pub mod clinical;
pub mod error;
pub mod fhir;
pub mod genetic;
pub mod healer;
mod par;
pub mod prover;
pub mod rng;
pub mod source;
pub mod trial;

#[cfg(feature = "runtime")]
pub mod app;
#[cfg(feature = "runtime")]
pub mod offload;

pub use error::InputError;
pub use prover::DISCLAIMER;

// The README's examples (runtime and domain) are compiled and run as doc
// tests here, the crate that sees both.
#[doc = include_str!("../../README.md")]
#[cfg(all(doctest, feature = "runtime"))]
pub struct ReadmeDoctests;
