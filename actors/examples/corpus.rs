//! Writes the cross-build corpus: synthetic plans and patients with the
//! native prover's answers, for the wasm build to be checked against
//! (`bridges/wasm/tests/equal.test.mjs`).
//!
//! ```text
//! cargo run -p hms-actors --no-default-features --example corpus -- OUT.json [COUNT]
//! ```

use hms_actors::clinical::{synthetic, Patient, TreatmentPlan};
use hms_actors::error::decode_str;
use hms_actors::prover::{simulate_treatment_outcome, verify_treatment_plan};
use serde_json::json;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "corpus.json".into());
    let count: u64 = args.next().and_then(|c| c.parse().ok()).unwrap_or(60);
    let cases: Vec<_> = (0..count)
        .map(|i| {
            let patient_json = synthetic::patient_json(77, i);
            let plan_json = synthetic::plan_json(77, i);
            // Through JSON text, as every other caller reaches the prover.
            let patient: Patient = decode_str(&patient_json.to_string()).expect("patient");
            let plan: TreatmentPlan = decode_str(&plan_json.to_string()).expect("plan");
            let report = verify_treatment_plan(&plan, &patient);
            let outcome = simulate_treatment_outcome(&patient, &plan, 5000, i).expect("simulates");
            json!({"patient": patient_json, "plan": plan_json, "seed": i, "n": 5000, "verify": report, "simulate": outcome})
        })
        .collect();
    std::fs::write(&out, serde_json::to_string(&cases).expect("json")).expect("write the corpus");
    println!("{count} cases written to {out}");
}
