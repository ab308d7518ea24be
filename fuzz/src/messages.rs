//! Every actor's message decoding from JSON, hmsd's own request bodies
//! (faults, coordination, agent answers), and the pure domain functions a
//! decoded message reaches: verification, anomaly detection, healing, and
//! trial designs.

use hms_actors::app::coordinator::CoordinatorRequest;
use hms_actors::clinical::Date;
use hms_actors::genetic::actor::GeneticRequest;
use hms_actors::healer::actor::HealerRequest;
use hms_actors::prover::actor::ProverRequest;
use serde_json::Value;

pub fn run(data: &[u8]) {
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    // hmsd's own request bodies, which the HTTP target cannot reach without the token.
    let _ = hmsd::problem::decode::<hmsd::api::admin::FaultRequest>(value.clone());
    let _ = hmsd::problem::decode::<hmsd::api::admin::CoordinateRequest>(value.clone());
    let _ = hmsd::problem::decode::<hmsd::api::agents::AgentAnswer>(value.clone());
    let _ = hmsd::problem::decode::<hms_runtime::Fault>(value.clone());
    let _ = GeneticRequest::from_json(value.clone());
    let _ = CoordinatorRequest::from_json(value.clone());
    match HealerRequest::from_json(value.clone()) {
        Ok(HealerRequest::DetectAnomalies { data }) => {
            let _ = hms_actors::healer::detect_anomalies(&data);
        }
        Ok(HealerRequest::ApplyHealing { data, context }) => {
            let _ = hms_actors::healer::apply_healing(&data, &context, "2026-11-26T00:00:00Z");
        }
        _ => {}
    }
    if let Ok(ProverRequest::VerifyTreatmentPlan {
        plan,
        patient,
        options,
    }) = ProverRequest::from_json(value)
    {
        let today = Date::parse("2026-11-26").expect("a date");
        let report = hms_actors::prover::verify(&plan, &patient, options.settle(today));
        // A report always serializes: it is what every door sends back.
        serde_json::to_string(&report).expect("a report serializes");
    }
}
