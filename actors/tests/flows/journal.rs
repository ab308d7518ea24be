//! The domain decides what is journaled: each reply comes with its facts,
//! and an embedded application with `[journal] file` appends them to a
//! JSON-lines file — whatever door the call came through (directly, or
//! routed by the coordinator).

use hms_actors::app::{App, AppConfig};
use serde_json::{json, Value};

use crate::support::{ehr_record, T};

fn plan() -> Value {
    json!({"treatment_plan": [
        {"medication": "Adalimumab", "dosage": 160, "unit": "mg", "frequency": "once", "phase": "induction", "start_week": 0},
        {"medication": "Adalimumab", "dosage": 80, "unit": "mg", "frequency": "once", "phase": "induction", "start_week": 2},
        {"medication": "Adalimumab", "dosage": 40, "unit": "mg", "frequency": "every 2 weeks", "phase": "maintenance", "start_week": 4}
    ]})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_bring_their_facts_and_an_embedded_app_writes_them() {
    let dir = std::env::temp_dir().join(format!("hms-journal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("journal.jsonl");
    let _ = std::fs::remove_file(&file);
    let mut config = AppConfig::default();
    config.journal.file = Some(file.display().to_string());
    let app = App::start(config).await.unwrap();

    let verify =
        json!({"type": "verify_treatment_plan", "plan": plan(), "patient": {"patient_id": "P-7"}});
    let (reply, facts) = app
        .call_json_journaled("prover", verify.clone(), T)
        .await
        .unwrap();
    assert_eq!(facts.len(), 1);
    assert_eq!(
        (facts[0].kind, facts[0].subject.as_str()),
        ("verification", "P-7")
    );
    assert_eq!(facts[0].data["status"], reply["status"]);
    // Nothing for a question that changes nothing.
    let (_, none) = app
        .call_json_journaled("coordinator", json!({"type": "ping"}), T)
        .await
        .unwrap();
    assert!(none.is_empty());
    // Routed through the coordinator, the same call brings the same fact.
    let routed = json!({"type": "coordinate_components", "command": "route", "payload": {"to": "prover", "message": verify}});
    let (_, via) = app
        .call_json_journaled("coordinator", routed, T)
        .await
        .unwrap();
    assert_eq!(via.len(), 1);
    assert_eq!(via[0].kind, "verification");
    // A healing leaves one fact per change.
    let heal = json!({"type": "apply_healing", "data": ehr_record()});
    let (healed, changes) = app
        .call_json_journaled("self_healer", heal.clone(), T)
        .await
        .unwrap();
    assert_eq!(
        changes.len(),
        healed["provenance"].as_array().unwrap().len()
    );
    assert!(changes.iter().all(|f| f.kind == "healing"));

    // The embedded journal file: call_json writes what the reply brought.
    app.call_json(
        "prover",
        json!({"type": "verify_treatment_plan", "plan": plan(), "patient": {"patient_id": "P-8"}}),
        T,
    )
    .await
    .unwrap();
    app.call_json("self_healer", heal, T).await.unwrap();
    app.call_json(
        "coordinator",
        json!({"type": "coordinate_components", "command": "restart", "payload": {"name": "prover"}}),
        T,
    )
    .await
    .unwrap();
    let lines: Vec<Value> = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["kind"], "verification");
    assert_eq!(lines[0]["subject"], "P-8");
    assert_eq!(
        lines.iter().filter(|l| l["kind"] == "healing").count(),
        changes.len()
    );
    let last = lines.last().unwrap();
    assert_eq!(
        (last["kind"].as_str(), last["subject"].as_str()),
        (Some("coordination"), Some("prover"))
    );
    assert!(lines.iter().all(|l| l["at_ms"].as_u64().is_some()));
    app.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn an_unwritable_journal_file_is_refused_at_start() {
    let mut config = AppConfig::default();
    config.journal.file = Some("/nonexistent-dir/hms/journal.jsonl".into());
    let e = App::start(config).await.expect_err("refused");
    assert_eq!(e.path(), Some("journal.file"));
}
