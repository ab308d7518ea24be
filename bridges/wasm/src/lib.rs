//! `hms-wasm`: the prover for browsers and Node, from the same pure code the
//! actors run, so one answer comes out everywhere. JSON text in, JSON text
//! out; bad input gives `{"error": {"kind": "validation", "path": ..., "message": ...}}`
//! rather than a thrown exception, so callers handle one shape.

use hms_actors::clinical::{Patient, TreatmentPlan};
use hms_actors::error::{decode_str, InputError};
use hms_actors::prover;
use serde_json::json;
use wasm_bindgen::prelude::*;

fn error(e: InputError) -> String {
    json!({"error": {"kind": "validation", "path": e.path, "message": e.message}}).to_string()
}

fn inputs(plan_json: &str, patient_json: &str) -> Result<(TreatmentPlan, Patient), InputError> {
    let plan = decode_str(plan_json).map_err(|e| e.at("plan"))?;
    let patient = decode_str(patient_json).map_err(|e| e.at("patient"))?;
    Ok((plan, patient))
}

/// The verification report of `plan` for `patient` (both JSON text), as JSON text.
#[wasm_bindgen]
pub fn verify_treatment_plan(plan_json: &str, patient_json: &str) -> String {
    match inputs(plan_json, patient_json) {
        Ok((plan, patient)) => {
            serde_json::to_string(&prover::verify_treatment_plan(&plan, &patient))
                .unwrap_or_default()
        }
        Err(e) => error(e),
    }
}

/// The simulated outcome of `plan` for `patient` over `n` patients from `seed`, as JSON text.
#[wasm_bindgen]
pub fn simulate_treatment_outcome(
    patient_json: &str,
    plan_json: &str,
    n: u32,
    seed: u32,
) -> String {
    match inputs(plan_json, patient_json).and_then(|(plan, patient)| {
        prover::simulate_treatment_outcome(&patient, &plan, n as u64, seed as u64)
    }) {
        Ok(outcome) => serde_json::to_string(&outcome).unwrap_or_default(),
        Err(e) => error(e),
    }
}

/// The version of the prover build.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_json_and_names_bad_input() {
        let report: serde_json::Value =
            serde_json::from_str(&verify_treatment_plan(r#"{"treatment_plan": []}"#, "{}"))
                .unwrap();
        assert_eq!(report["status"], "proved");
        let bad: serde_json::Value = serde_json::from_str(&verify_treatment_plan(r#"{"treatment_plan": [{"medication": "ADA", "dosage": "x", "unit": "mg", "frequency": "q2w"}]}"#, "{}")).unwrap();
        assert_eq!(bad["error"]["path"], "plan.treatment_plan[0].dosage");
        let broken: serde_json::Value =
            serde_json::from_str(&simulate_treatment_outcome("{", "{}", 10, 1)).unwrap();
        assert_eq!(broken["error"]["kind"], "validation");
    }
}
