//! Treatment optimization: EHR data → data transform → A2A agent →
//! genetic_engine.optimize_treatment → prover.verify_treatment_plan (routed
//! through the coordinator) → plan with verification back to the caller.

use hms_actors::app::App;
use hms_actors::clinical::{Patient, TreatmentPlan};
use hms_actors::error::decode;
use hms_actors::prover::verify_treatment_plan;
use serde_json::{json, Value};

use crate::support::{app, ehr_record, serve, T};

/// The A2A agent: transforms the record, asks for a plan, has it verified.
async fn a2a(app: App, msg: Value) -> Value {
    let record = msg["record"].clone();
    let healed = app
        .call_json(
            "self_healer",
            json!({"type": "apply_healing", "data": record, "context": {"agent": "a2a"}}),
            T,
        )
        .await
        .unwrap();
    let patient = healed["data"].clone();
    let optimized = app
        .call_json(
            "genetic_engine",
            json!({"type": "optimize_treatment", "patient": patient, "options": {"seed": 42}}),
            T,
        )
        .await
        .unwrap();
    let plan = optimized["plan"].clone();
    let routed = app
        .call_json("coordinator", json!({"type": "coordinate_components", "command": "route", "payload": {"to": "prover", "message": {"type": "verify_treatment_plan", "plan": plan, "patient": patient}}}), T)
        .await
        .unwrap();
    json!({"patient": patient, "plan": plan, "fitness": optimized["fitness"], "alternatives": optimized["alternatives"], "excluded": optimized["excluded"], "verification": routed["reply"], "provenance": healed["provenance"]})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn treatment_optimization_flow() {
    let app = app().await;
    let mailbox = app.register_agent("a2a").await.unwrap();
    let agent_app = app.clone();
    serve(mailbox, move |m| a2a(agent_app.clone(), m));

    let out = app
        .call_json("a2a", json!({"type": "treat", "record": ehr_record()}), T)
        .await
        .unwrap();

    // The transform converted and deduplicated, keeping the originals.
    assert_eq!(
        out["patient"]["biomarkers"]["serum_markers"]["CRP"],
        json!(12.5)
    );
    assert_eq!(out["patient"]["labs"].as_array().unwrap().len(), 3);
    assert!(out["provenance"].as_array().unwrap().len() >= 4);

    // A plan came back, verified by the prover actor, never violated.
    let plan: TreatmentPlan = decode(out["plan"].clone()).unwrap();
    assert!(!plan.treatment_plan.is_empty(), "{:#}", out["plan"]);
    let verification = &out["verification"];
    assert_ne!(verification["status"], "violated", "{verification:#}");
    assert!(verification["verdicts"].as_array().unwrap().len() >= 11);
    assert!(verification["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .all(|v| v["sources"].is_array()));
    assert!(verification["disclaimer"]
        .as_str()
        .unwrap()
        .contains("not a medical device"));

    // The actor's verification is the pure prover's.
    let patient: Patient = decode(out["patient"].clone()).unwrap();
    assert_eq!(
        *verification,
        serde_json::to_value(verify_treatment_plan(&plan, &patient)).unwrap()
    );

    // Intermediate TPMT and HLA-DQA1*05 shape the plan: no full-dose thiopurine,
    // and infliximab (which failed before) is not chosen.
    for item in &plan.treatment_plan {
        assert_ne!(item.medication, "Infliximab");
        if item.medication == "Azathioprine" {
            assert!(item.dosage <= 2.4, "{item:?}");
        }
    }
    let fitness = &out["fitness"];
    assert!(fitness["efficacy"]["week_52_remission"].is_number());
    assert!(fitness["efficacy"]["factors"][0]["source"]["citation"].is_string());
    assert!(out["alternatives"].is_array() && out["excluded"].is_array());
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_actor_gives_the_pure_functions_answer() {
    let app = app().await;
    let patient: Patient = decode(ehr_record()).unwrap_or_else(|e| panic!("{e}"));
    let options = json!({"seed": 9, "generations": 15});
    let actor = app
        .call_json(
            "genetic_engine",
            json!({"type": "optimize_treatment", "patient": patient, "options": options}),
            T,
        )
        .await
        .unwrap();
    let params = decode(json!({"seed": 9, "generations": 15})).unwrap();
    let pure = hms_actors::genetic::optimize_treatment(&patient, &params).unwrap();
    assert_eq!(actor, serde_json::to_value(pure).unwrap());
    app.shutdown().await;
}
