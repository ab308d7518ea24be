//! Simulated patients per second (Monte Carlo outcome simulation), on all
//! cores against one; the answers must be identical.

use std::time::Instant;

use hms_actors::clinical::{synthetic, TreatmentPlan};
use hms_actors::error::decode;
use hms_actors::prover::simulate_treatment_outcome;
use serde_json::json;

use crate::on_threads;
use crate::report::{line, median, Goal, Line};

pub fn run(quick: bool) -> Vec<Line> {
    let n = if quick { 1_000_000 } else { 4_000_000 };
    let patient = synthetic::patient(1, 3);
    let plan: TreatmentPlan = decode(json!({"treatment_plan": [
        {"medication": "Infliximab", "dosage": 5, "unit": "mg/kg", "frequency": "q8w"},
        {"medication": "Azathioprine", "dosage": 2.5, "unit": "mg/kg", "frequency": "daily"}
    ]}))
    .expect("plan");
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let measure = |threads| {
        on_threads(threads, || {
            let mut rates = Vec::new();
            let mut answer = None;
            for _ in 0..3 {
                let start = Instant::now();
                let out = simulate_treatment_outcome(&patient, &plan, n, 42).expect("simulates");
                rates.push(n as f64 / start.elapsed().as_secs_f64());
                answer = Some(out);
            }
            (median(rates), answer.expect("ran"))
        })
    };
    let (one, a) = measure(1);
    let (all, b) = measure(cores);
    assert_eq!(a, b, "a seed gives one answer whatever the thread count");
    vec![line(
        "simulated_patients_per_s",
        all,
        one,
        "/s",
        "same simulation on 1 thread",
        Goal::Info,
    )]
}
