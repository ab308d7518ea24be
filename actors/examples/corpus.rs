//! Writes the cross-build corpus: synthetic plans and patients, and every case
//! of the prover's case corpus, with the native prover's answers, for the wasm
//! build to be checked against (`bridges/wasm/tests/equal.test.mjs`).
//!
//! ```text
//! cargo run -p hms-actors --no-default-features --example corpus -- OUT.json [COUNT]
//! ```

use hms_actors::clinical::{synthetic, Date, Patient, TreatmentPlan};
use hms_actors::error::decode_str;
use hms_actors::prover::{simulate_at, verify, VerifyOptions};
use serde_json::{json, Value};

#[path = "../tests/cases/expand.rs"]
mod expand;

/// The date every answer is made at, so that the wasm build can be asked the same.
const AS_OF: &str = "2026-11-26";

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "corpus.json".into());
    let count: u64 = args.next().and_then(|c| c.parse().ok()).unwrap_or(60);
    let synthetic =
        (0..count).map(|i| (synthetic::patient_json(77, i), synthetic::plan_json(77, i)));
    let corpus = expand::cases()
        .into_iter()
        .map(|c| (c.request["patient"].clone(), c.request["plan"].clone()));
    let inputs: Vec<(Value, Value)> = synthetic.chain(corpus).collect();
    let cases: Vec<_> = inputs
        .into_iter()
        .zip(0u64..)
        .map(|((patient_json, plan_json), i)| {
            // Through JSON text, as every other caller reaches the prover.
            let patient: Patient = decode_str(&patient_json.to_string()).expect("patient");
            let plan: TreatmentPlan = decode_str(&plan_json.to_string()).expect("plan");
            let settings = VerifyOptions::default().settle(Date::parse(AS_OF).expect("a date"));
            let report = verify(&plan, &patient, settings);
            let outcome = simulate_at(&patient, &plan, 5000, i, settings).expect("simulates");
            json!({"patient": patient_json, "plan": plan_json, "options": {"as_of": AS_OF}, "seed": i, "n": 5000, "verify": report, "simulate": outcome})
        })
        .collect();
    std::fs::write(&out, serde_json::to_string(&cases).expect("json")).expect("write the corpus");
    println!("{} cases written to {out}", cases.len());
}
