//! The JSON edge: bad input is refused with the path that was wrong, unknown
//! names and types are named, and casts are decoded before they are queued.

use hms_runtime::ErrorKind;
use serde_json::json;

use crate::support::{app, T};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decode_errors_name_the_path() {
    let app = app().await;
    let cases = [
        (
            "prover",
            json!({"type": "verify_treatment_plan", "plan": {"treatment_plan": [{"medication": "ADA", "dosage": "forty", "unit": "mg", "frequency": "q2w"}]}, "patient": {}}),
            "plan.treatment_plan[0].dosage",
        ),
        (
            "prover",
            json!({"type": "verify_treatment_plan", "plan": {"treatment_plan": []}}),
            "",
        ),
        (
            "prover",
            json!({"type": "simulate_treatment_outcome", "plan": {"treatment_plan": []}, "patient": {}, "n": 0}),
            "n",
        ),
        ("prover", json!({"plan": {}}), "type"),
        ("prover", json!({"type": "prove_everything"}), "type"),
        (
            "genetic_engine",
            json!({"type": "optimize_treatment", "patient": {"demographics": {"weight": "heavy"}}}),
            "patient.demographics.weight",
        ),
        (
            "genetic_engine",
            json!({"type": "optimize_treatment", "patient": {}, "options": {"generatoins": 5}}),
            "options.generatoins",
        ),
        (
            "genetic_engine",
            json!({"type": "optimize_treatment", "patient": {}, "options": {"islands": 99}}),
            "options.islands",
        ),
        (
            "genetic_engine",
            json!({"type": "optimize_allocation", "cohort": [], "protocol": {"arms": []}}),
            "cohort",
        ),
        (
            "coordinator",
            json!({"type": "coordinate_components", "command": "explode"}),
            "command",
        ),
        (
            "coordinator",
            json!({"type": "coordinate_components", "command": "inject_fault", "payload": {"name": "prover", "fault": {"fault": "panic", "probability": "high"}}}),
            "payload.fault",
        ),
        ("self_healer", json!({"type": "apply_healing"}), ""),
    ];
    for (actor, msg, path) in cases {
        let err = app.call_json(actor, msg.clone(), T).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation, "{msg}: {err}");
        assert_eq!(err.path().unwrap_or(""), path, "{msg}: {err}");
        // Options are merged with the configured defaults when handled; the rest is refused before queuing.
        if !path.starts_with("options") && path != "cohort" {
            assert!(app.cast_json(actor, msg).is_err(), "{path}");
        }
    }
    let e = app
        .call_json(
            "genetic_engine",
            json!({"type": "optimize_treatment", "patient": {}, "options": {"generatoins": 5}}),
            T,
        )
        .await
        .unwrap_err();
    assert!(e.message().contains("generatoins"), "{e}");
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_actors_and_internal_ones_are_not_found() {
    let app = app().await;
    for name in ["nobody", "island-0", "checker-0", "root"] {
        let err = app
            .call_json(name, json!({"type": "x"}), T)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound, "{name}");
    }
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coordinator_commands() {
    let app = app().await;
    let coord = |command: &str, payload| {
        let app = app.clone();
        let msg = json!({"type": "coordinate_components", "command": command, "payload": payload});
        async move { app.call_json("coordinator", msg, T).await }
    };
    let listed = coord("list_children", json!({})).await.unwrap();
    let names: Vec<&str> = listed["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "prover_pool",
            "prover",
            "islands",
            "genetic_engine",
            "agents",
            "self_healer",
            "coordinator"
        ]
    );
    let pool = coord("list_children", json!({"supervisor": "prover_pool"}))
        .await
        .unwrap();
    assert_eq!(pool["children"].as_array().unwrap().len(), 4);

    assert_eq!(
        coord("stop", json!({"name": "prover"})).await.unwrap()["running"],
        false
    );
    assert!(!app.prover().unwrap().is_running());
    assert_eq!(
        coord("start", json!({"name": "prover"})).await.unwrap()["running"],
        true
    );
    assert_eq!(
        coord("restart", json!({"name": "island-1"})).await.unwrap()["running"],
        true
    );
    coord(
        "inject_fault",
        json!({"name": "prover", "fault": {"fault": "delay", "ms": 1}}),
    )
    .await
    .unwrap();
    assert_eq!(app.runtime().faults("prover").unwrap().len(), 1);
    coord("clear_faults", json!({"name": "prover"}))
        .await
        .unwrap();
    assert!(app.runtime().faults("prover").unwrap().is_empty());
    let routed = coord("route", json!({"to": "self_healer", "message": {"type": "detect_anomalies", "data": {"patient_id": "P"}}})).await.unwrap();
    assert!(routed["reply"]["anomalies"].as_array().unwrap().len() >= 3);
    assert_eq!(
        coord("route", json!({"to": "coordinator", "message": {}}))
            .await
            .unwrap_err()
            .path(),
        Some("payload.to")
    );
    assert_eq!(
        coord("restart", json!({"name": "nobody"}))
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    let health = app
        .call_json("coordinator", json!({"type": "monitor_health"}), T)
        .await
        .unwrap();
    assert_eq!(health["status"], "healthy", "{health:#}");
    app.shutdown().await;
}
