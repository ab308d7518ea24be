//! Prover verifications per second for a 3-item plan (adalimumab's label
//! regimen on a complete record), on one thread: the cost of the full rule set.
//! The anchor is decoding the same request from JSON, the floor every caller
//! pays, so the ratio is the rule set's cost in decodes.

use std::time::Instant;

use hms_actors::clinical::{Date, Patient, TreatmentPlan};
use hms_actors::error::decode;
use hms_actors::prover::{verify, VerifyOptions};
use serde_json::Value;

use crate::report::{line, median, Goal, Line};

const CORPUS: &str = include_str!("../../tests/cases/prover.json");

pub fn run(quick: bool) -> Vec<Line> {
    let corpus: Value = serde_json::from_str(CORPUS).expect("the case corpus");
    let plan_json = serde_json::json!({"treatment_plan": corpus["regimens"]["adalimumab"]});
    let patient_json = corpus["base_patient"].clone();
    let settings = VerifyOptions::default().settle(Date::parse("2026-11-26").expect("a date"));
    let rounds = if quick { 2_000 } else { 20_000 };
    let rate = |f: &dyn Fn()| {
        median(
            (0..5)
                .map(|_| {
                    let start = Instant::now();
                    for _ in 0..rounds {
                        f();
                    }
                    rounds as f64 / start.elapsed().as_secs_f64()
                })
                .collect(),
        )
    };
    let plan: TreatmentPlan = decode(plan_json.clone()).expect("plan");
    let patient: Patient = decode(patient_json.clone()).expect("patient");
    assert_eq!(plan.treatment_plan.len(), 3);
    let verifications = rate(&|| {
        std::hint::black_box(verify(&plan, &patient, settings));
    });
    let decodes = rate(&|| {
        let p: TreatmentPlan = decode(plan_json.clone()).expect("plan");
        let q: Patient = decode(patient_json.clone()).expect("patient");
        std::hint::black_box((p, q));
    });
    vec![line(
        "prover_verifications_per_s_3_items",
        verifications,
        decodes,
        "/s",
        "decoding the same plan and record from JSON",
        Goal::Info,
    )]
}
