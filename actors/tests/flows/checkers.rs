//! The checker pool: a hung checker gives `timeout` for its own properties
//! and is restarted; an erroring one gives `error`; a crashing one is
//! restarted and its check retried. The verification always answers.

use std::time::Duration;

use hms_actors::clinical::synthetic;
use hms_runtime::{ErrorKind, EventKind, Fault};
use serde_json::{json, Value};

use crate::support::T;

async fn app() -> hms_actors::app::App {
    let mut config = hms_actors::app::AppConfig::default();
    config.prover.check_timeout_ms = 1000;
    hms_actors::app::App::start(config).await.unwrap()
}

fn verify() -> Value {
    // A plan with no violation, so that a timeout decides the status.
    let plan = json!({"treatment_plan": [{"medication": "Vedolizumab", "dosage": 300, "unit": "mg", "frequency": "q8w", "route": "iv"}]});
    json!({"type": "verify_treatment_plan", "plan": plan, "patient": synthetic::patient_json(1, 1)})
}

fn statuses(report: &Value) -> Vec<String> {
    report["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["status"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_checker_times_out_alone_and_is_restarted() {
    let app = app().await;
    let healthy = app.call_json("prover", verify(), T).await.unwrap();
    assert!(!statuses(&healthy).contains(&"timeout".to_string()));

    let mut events = app.events();
    app.inject_fault("checker-1", Fault::Hang).unwrap();
    let started = std::time::Instant::now();
    let report = app.call_json("prover", verify(), T).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered within the per-check deadline"
    );
    let s = statuses(&report);
    let timeouts = s.iter().filter(|x| *x == "timeout").count();
    assert!((1..=3).contains(&timeouts), "{s:?}");
    assert_eq!(report["status"], "incomplete");
    let timed_out = report["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["status"] == "timeout")
        .unwrap();
    assert!(timed_out["evidence"]["note"]
        .as_str()
        .unwrap()
        .contains("1000 ms"));
    assert!(
        !timed_out["sources"].as_array().unwrap().is_empty()
            || timed_out["property"] == "dose_bounds"
    );

    // The hung checker is stopped and started again; the next verification is whole.
    let mut back = false;
    while let Ok(Some(e)) = tokio::time::timeout(Duration::from_secs(2), events.recv()).await {
        if e.child == "checker-1"
            && matches!(e.kind, EventKind::Started | EventKind::Restarted { .. })
        {
            back = true;
            break;
        }
    }
    assert!(back, "checker-1 was not restarted");
    let again = app.call_json("prover", verify(), T).await.unwrap();
    assert_eq!(statuses(&again), statuses(&healthy));
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_erroring_checker_gives_error_and_a_crashing_one_is_retried() {
    let app = app().await;
    let healthy = app.call_json("prover", verify(), T).await.unwrap();
    app.inject_fault(
        "checker-2",
        Fault::Error {
            kind: ErrorKind::Internal,
            message: "rule engine offline".into(),
            count: Some(1),
        },
    )
    .unwrap();
    let report = app.call_json("prover", verify(), T).await.unwrap();
    let errors: Vec<&Value> = report["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["status"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{report:#}");
    assert!(errors[0]["evidence"]["note"]
        .as_str()
        .unwrap()
        .contains("rule engine offline"));

    let mut events = app.events();
    app.inject_fault("checker-3", Fault::PanicNext).unwrap();
    let report = app.call_json("prover", verify(), T).await.unwrap();
    assert_eq!(
        report, healthy,
        "the crashed check was retried on the restarted checker"
    );
    let mut restarted = false;
    while let Ok(Some(e)) = tokio::time::timeout(Duration::from_millis(300), events.recv()).await {
        restarted |= e.child == "checker-3" && matches!(e.kind, EventKind::Restarted { .. });
    }
    assert!(restarted);
    app.shutdown().await;
}
