//! The adaptive trial framework's engine: a design language for Bayesian
//! adaptive trials with a binary endpoint ([`design`]), the analysis that
//! applies its rules ([`analysis`]) on Beta posteriors computed by quadrature
//! ([`posterior`]), one simulated trial ([`engine`]) and the operating
//! characteristics of many ([`operating`]).

pub mod analysis;
pub mod design;
pub mod engine;
pub mod operating;
pub mod posterior;
pub mod request;

pub use analysis::{analyse, ArmData, ArmStatus, Decision, Stop};
pub use design::Design;
pub use engine::{run_trial, Look, TrialRun};
pub use operating::{characteristics, Characteristics, Scenario};
