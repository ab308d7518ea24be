//! The prover: verifies a treatment plan property by property with evidence,
//! and simulates its outcome. Pure functions; the actor shell (`actor.rs`,
//! with the `runtime` feature) runs each rule in a supervised checker.

pub mod case;
pub mod report;
pub mod rule;
pub mod rules;
pub mod simulate;
pub mod verdict;

#[cfg(feature = "runtime")]
pub mod actor;
#[cfg(feature = "runtime")]
pub mod checker;

pub use report::{Overall, Report, DISCLAIMER};
pub use simulate::{simulate_treatment_outcome, Outcome};
pub use verdict::{Severity, Status, Verdict};

use crate::clinical::{Patient, TreatmentPlan};
use case::Case;

/// Checks every rule against the plan, in order.
pub fn verify_treatment_plan(plan: &TreatmentPlan, patient: &Patient) -> Report {
    let case = Case::new(plan, patient);
    Report::new(rules::RULES.iter().flat_map(|r| r.run(&case)).collect())
}

#[cfg(test)]
mod tests;
