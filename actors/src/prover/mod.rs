//! The prover: verifies a treatment plan property by property with evidence,
//! and simulates its outcome. Pure functions; the actor shell (`actor.rs`,
//! with the `runtime` feature) runs each rule in a supervised checker.

pub mod case;
pub mod matrix;
pub mod options;
pub mod report;
pub mod rule;
pub mod rules;
pub mod simulate;
pub mod statement;
pub mod verdict;

#[cfg(feature = "runtime")]
pub mod actor;
#[cfg(feature = "runtime")]
pub mod checker;

pub use options::{Settings, VerifyOptions};
pub use report::{Overall, Report, DISCLAIMER, RULE_SET};
#[cfg(not(target_arch = "wasm32"))]
pub use simulate::simulate_treatment_outcome;
pub use simulate::{simulate_at, Outcome};
pub use verdict::{Severity, Status, Verdict};

use crate::clinical::{Patient, TreatmentPlan};
use case::Case;

/// Checks every rule against the plan, in order, with these settings.
pub fn verify(plan: &TreatmentPlan, patient: &Patient, settings: Settings) -> Report {
    verify_case(&Case::new(plan.clone(), patient.clone(), settings))
}

/// Runs every rule on a case already built (callers that also read its resolved items).
pub fn verify_case(case: &Case) -> Report {
    let verdicts = rules::RULES.iter().flat_map(|r| r.run(case)).collect();
    Report::new(verdicts, case)
}

/// Checks every rule with the default settings, today.
#[cfg(not(target_arch = "wasm32"))]
pub fn verify_treatment_plan(plan: &TreatmentPlan, patient: &Patient) -> Report {
    verify(
        plan,
        patient,
        VerifyOptions::default().settle(crate::clinical::Date::today()),
    )
}

#[cfg(test)]
mod tests;
