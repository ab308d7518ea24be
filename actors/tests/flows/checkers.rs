//! The checker pool: a hung checker gives `timeout` for its own properties
//! and is restarted; an erroring one gives `error`; a crashing one is
//! restarted and its check retried. The verification always answers.

use std::time::Duration;

use hms_runtime::{ErrorKind, EventKind, Fault};
use serde_json::{json, Value};

use crate::support::T;

async fn app() -> hms_actors::app::App {
    let mut config = hms_actors::app::AppConfig::default();
    config.prover.check_timeout_ms = 1000;
    hms_actors::app::App::start(config).await.unwrap()
}

fn verify() -> Value {
    // A proved plan and record from the case corpus, so that a timeout decides the status.
    let corpus = crate::expand::corpus();
    let plan = json!({"treatment_plan": corpus["regimens"]["vedolizumab"]});
    json!({"type": "verify_treatment_plan", "plan": plan, "patient": corpus["base_patient"], "as_of": corpus["as_of"]})
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
    // Rules are dealt round-robin over the pool: checker-1 holds about a quarter of them.
    let timeouts = s.iter().filter(|x| *x == "timeout").count();
    let share = hms_actors::prover::rules::RULES.len().div_ceil(4);
    assert!((1..=share).contains(&timeouts), "{s:?}");
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
    assert!(hms_actors::prover::rules::by_id(timed_out["property"].as_str().unwrap()).is_some());

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
