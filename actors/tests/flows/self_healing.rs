//! Self-healing: a failure is reported → self_healer diagnoses → asks the
//! A2A agent's mailbox for a strategy with a deadline, falling back to the
//! built-in policy → applies it through the supervisor → confirms recovery.

use std::time::Duration;

use hms_actors::app::App;
use hms_runtime::{ErrorKind, EventKind, Fault};
use serde_json::{json, Value};

use crate::support::{app, serve, T};

fn optimize(patient: Value) -> Value {
    json!({"type": "optimize_treatment", "patient": patient, "options": {"generations": 2}})
}

async fn report(app: &App, component: &str) -> Value {
    app.call_json("self_healer", json!({"type": "report_error", "component": component, "error": "optimize_treatment keeps failing"}), T).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agent_chooses_reconfigure_and_the_engine_recovers() {
    let app = app().await;
    let mailbox = app.register_agent("a2a").await.unwrap();
    let (seen_tx, mut seen) = tokio::sync::mpsc::unbounded_channel();
    serve(mailbox, move |m: Value| {
        let seen_tx = seen_tx.clone();
        async move {
            seen_tx.send(m).unwrap();
            json!({"strategy": "reconfigure", "reason": "fault injected by the trial framework"})
        }
    });
    let patient = hms_actors::clinical::synthetic::patient_json(1, 1);
    app.inject_fault(
        "genetic_engine",
        Fault::Error {
            kind: ErrorKind::Internal,
            message: "optimizer broken".into(),
            count: None,
        },
    )
    .unwrap();
    let err = app
        .call_json("genetic_engine", optimize(patient.clone()), T)
        .await
        .unwrap_err();
    assert!(err.message().contains("optimizer broken"));

    let mut events = app.events();
    let record = report(&app, "genetic_engine").await;
    assert_eq!(record["strategy"], "reconfigure", "{record:#}");
    assert!(record["decided_by"]
        .as_str()
        .unwrap()
        .starts_with("agent:a2a"));
    assert_eq!(record["applied"], true);
    assert_eq!(record["confirmed"], true);
    let asked = seen.recv().await.unwrap();
    assert_eq!(asked["type"], "recovery_request");
    assert_eq!(asked["component"], "genetic_engine");
    // The supervisor restarted the engine, and it works again.
    let mut started = false;
    while let Ok(Some(e)) = tokio::time::timeout(Duration::from_millis(200), events.recv()).await {
        started |= e.child == "genetic_engine"
            && matches!(e.kind, EventKind::Started | EventKind::Restarted { .. });
    }
    assert!(started);
    let plan = app
        .call_json("genetic_engine", optimize(patient), T)
        .await
        .unwrap();
    assert!(plan["plan"].is_object());
    assert_eq!(app.recoveries(10).len(), 1);
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_agent_falls_back_to_the_builtin_policy() {
    let app = app().await;
    // An agent that never answers in time.
    let mailbox = app.register_agent("a2a").await.unwrap();
    serve(mailbox, |_m: Value| async {
        tokio::time::sleep(Duration::from_secs(5)).await;
        json!({"strategy": "restart"})
    });
    let record = report(&app, "prover").await;
    assert_eq!(record["decided_by"], "builtin");
    assert_eq!(record["strategy"], "restart");
    assert!(
        record["agent_error"].as_str().unwrap().contains("timeout"),
        "{record:#}"
    );
    assert_eq!(record["confirmed"], true);
    assert!(record["duration_ms"].as_u64().unwrap() >= 300);
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_agent_and_nonsense_answers_fall_back_too() {
    let app = app().await;
    let record = report(&app, "prover").await;
    assert_eq!(record["decided_by"], "builtin");
    assert!(record["agent_error"].as_str().unwrap().contains("no agent"));

    let mailbox = app.register_agent("a2a").await.unwrap();
    serve(mailbox, |_m: Value| async { json!({"strategy": "pray"}) });
    let record = report(&app, "prover").await;
    assert_eq!(record["decided_by"], "builtin");
    assert!(
        record["agent_error"].as_str().unwrap().contains("unusable"),
        "{record:#}"
    );

    let err = app
        .call_json(
            "self_healer",
            json!({"type": "report_error", "component": "nonexistent", "error": "x"}),
            T,
        )
        .await
        .unwrap();
    assert_eq!(err["applied"], false);
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_storm_is_circuit_broken_on_the_agents_advice() {
    let app = app().await;
    let mailbox = app.register_agent("a2a").await.unwrap();
    serve(mailbox, |m: Value| async move {
        assert_eq!(m["trigger"], "restart_storm");
        json!({"strategy": "circuit_break", "duration_ms": 150})
    });
    let mut healer_events = app.healer_events();
    let prover = app.prover().unwrap();
    let patient = hms_actors::clinical::synthetic::patient_json(1, 2);
    for _ in 0..3 {
        app.inject_fault("prover", Fault::PanicNext).unwrap();
        let _ = app.call_json("prover", json!({"type": "verify_treatment_plan", "plan": {"treatment_plan": []}, "patient": patient}), T).await;
    }
    let event = tokio::time::timeout(Duration::from_secs(5), healer_events.recv())
        .await
        .expect("a recovery within 5 s")
        .unwrap();
    let record = serde_json::to_value(&event).unwrap();
    assert_eq!(record["event"], "recovery");
    assert_eq!(record["trigger"], "restart_storm");
    assert_eq!(record["strategy"], "circuit_break");
    assert_eq!(record["confirmed"], true, "{record:#}");
    assert!(prover.is_running());
    let diagnosis = app
        .call_json("self_healer", json!({"type": "monitor_system_health"}), T)
        .await
        .unwrap();
    assert!(diagnosis["recent_recoveries"].as_array().unwrap().len() == 1);
    assert!(diagnosis["diagnosis"]["status"].is_string());
    app.shutdown().await;
}

/// Beyond OTP: a prover stuck in a handler never exits, so its supervisor never
/// acts; past its liveness limit the self-healer diagnoses it and restarts it,
/// and nothing else.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_prover_is_diagnosed_and_restarted_within_its_limit() {
    let mut config = hms_actors::app::AppConfig::default();
    config.children.prover.handler_limit_ms = Some(1000);
    config.self_healer.liveness_check_ms = 200;
    config.self_healer.agent_timeout_ms = 300;
    let app = App::start(config).await.unwrap();
    let mut healer_events = app.healer_events();
    let patient = hms_actors::clinical::synthetic::patient_json(1, 2);
    let verify = json!({"type": "verify_treatment_plan", "plan": {"treatment_plan": []}, "patient": patient});
    app.inject_fault("prover", Fault::Hang).unwrap();
    let hung_at = std::time::Instant::now();
    let caller = {
        let (app, verify) = (app.clone(), verify.clone());
        tokio::spawn(async move { app.call_json("prover", verify, T).await })
    };
    let event = tokio::time::timeout(Duration::from_secs(20), healer_events.recv())
        .await
        .expect("a recovery")
        .unwrap();
    let record = serde_json::to_value(&event).unwrap();
    assert_eq!(record["trigger"], "unresponsive", "{record:#}");
    assert_eq!(record["component"], "prover");
    assert_eq!(record["strategy"], "restart");
    assert_eq!(record["decided_by"], "builtin", "no agent registered");
    assert_eq!(record["confirmed"], true, "{record:#}");
    assert!(record["diagnosis"]
        .as_str()
        .unwrap()
        .contains("past its limit"));
    // Within the limit (1 s) plus 5 s.
    assert!(
        hung_at.elapsed() < Duration::from_secs(6),
        "{:?}",
        hung_at.elapsed()
    );
    assert!(
        record["detail"]
            .as_str()
            .unwrap()
            .starts_with("killed incarnation"),
        "{record:#}"
    );
    // The hung call ends: a verification is idempotent, so it is retried on
    // the new incarnation and answered within its deadline.
    let hung = caller.await.unwrap();
    assert!(hung.is_ok(), "{hung:?}");
    // The prover answers again; only it was restarted.
    app.call_json("prover", verify, T).await.unwrap();
    let health = app.health().await;
    for n in health.nodes() {
        let expected = u32::from(n.path == "root/prover");
        assert_eq!(n.restarts.total, expected, "{}", n.path);
    }
    app.shutdown().await;
}

/// The same hang seen by `monitor_system_health`, with the healer's own
/// liveness check made too slow to act first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_prover_shows_in_health_and_in_the_diagnosis() {
    let mut config = hms_actors::app::AppConfig::default();
    config.children.prover.handler_limit_ms = Some(300);
    config.self_healer.liveness_check_ms = 3_600_000;
    let app = App::start(config).await.unwrap();
    let patient = hms_actors::clinical::synthetic::patient_json(1, 2);
    let verify = json!({"type": "verify_treatment_plan", "plan": {"treatment_plan": []}, "patient": patient});
    app.inject_fault("prover", Fault::Hang).unwrap();
    let r = app
        .call_json("prover", verify, Duration::from_millis(400))
        .await;
    assert_eq!(r.unwrap_err().kind(), ErrorKind::Timeout);
    let health = app.health().await;
    assert_eq!(health.status, hms_runtime::HealthStatus::Degraded);
    assert!(
        health.rule.starts_with("'root/prover' is unresponsive"),
        "{}",
        health.rule
    );
    let diagnosis = app
        .call_json("self_healer", json!({"type": "monitor_system_health"}), T)
        .await
        .unwrap();
    let findings = diagnosis["diagnosis"]["findings"].as_array().unwrap();
    let stuck: Vec<_> = findings
        .iter()
        .filter(|f| f["kind"] == "unresponsive")
        .collect();
    assert_eq!(stuck.len(), 1, "{diagnosis:#}");
    assert_eq!(stuck[0]["actor"], "root/prover");
    assert_eq!(stuck[0]["suggestion"], "restart");
    assert!(stuck[0]["message"]
        .as_str()
        .unwrap()
        .contains("past its limit of 0.3 s"));
    assert!(app.recoveries(10).is_empty());
    app.shutdown().await;
}

/// Settings given while the tree runs (a daemon's config reload) are in force
/// at once and outlive the healer's restart: with `storm_restarts = 1`, one
/// failure is a storm.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retuned_settings_hold_across_the_healers_restart() {
    let app = app().await;
    let mut tuned = app.config().self_healer.clone();
    assert!(tuned.storm_restarts > 1);
    tuned.storm_restarts = 1;
    tuned.agent_timeout_ms = 50;
    app.retune_healer(tuned);
    let incarnation = app.runtime().incarnation("self_healer").unwrap();
    app.runtime().kill("self_healer").unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while app.runtime().incarnation("self_healer").unwrap() == incarnation
        || !app.self_healer().unwrap().is_running()
    {
        assert!(std::time::Instant::now() < deadline, "the healer restarts");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut healer_events = app.healer_events();
    app.inject_fault("prover", Fault::PanicNext).unwrap();
    let patient = hms_actors::clinical::synthetic::patient_json(1, 3);
    let _ = app.call_json("prover", json!({"type": "verify_treatment_plan", "plan": {"treatment_plan": []}, "patient": patient}), T).await;
    let event = tokio::time::timeout(Duration::from_secs(5), healer_events.recv())
        .await
        .expect("one failure is a storm once retuned")
        .unwrap();
    let record = serde_json::to_value(&event).unwrap();
    assert_eq!(record["trigger"], "restart_storm", "{record:#}");
    app.shutdown().await;
}
