//! Fault injection at run time: every fault kind, clearing, seeded chaos.

use std::time::Duration;

use hms_runtime::{ChaosSchedule, ErrorKind, EventKind, Fault, Runtime, SupervisorSpec};

use crate::support::*;

async fn one(lab: &Lab) -> Runtime {
    Runtime::start(
        "root",
        SupervisorSpec::default()
            .intensity(100, Duration::from_secs(60))
            .child(lab.worker("a")),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn panic_next_crashes_once_and_the_actor_restarts() {
    let lab = Lab::new();
    let rt = one(&lab).await;
    let mut events = rt.events();
    rt.inject_fault("a", Fault::PanicNext).unwrap();
    let err = handle(&rt, "a").call(Msg::Ping, T).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ActorDown);
    wait_event(&mut events, is("restarted", "a")).await;
    assert_eq!(ping(&rt, "a").await.unwrap(), 2);
    assert!(rt.faults("a").unwrap().is_empty());
    rt.shutdown().await;
}

#[tokio::test]
async fn injected_errors_are_replies_until_they_run_out() {
    let lab = Lab::new();
    let rt = one(&lab).await;
    rt.inject_fault(
        "a",
        Fault::Error {
            kind: ErrorKind::Overloaded,
            message: "synthetic".into(),
            count: Some(2),
        },
    )
    .unwrap();
    for _ in 0..2 {
        assert_eq!(
            ping(&rt, "a").await.unwrap_err().kind(),
            ErrorKind::Overloaded
        );
    }
    assert_eq!(ping(&rt, "a").await.unwrap(), 1, "no restart happened");
    rt.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn delay_slows_every_message_until_cleared() {
    let lab = Lab::new();
    let rt = one(&lab).await;
    rt.inject_fault("a", Fault::Delay { ms: 500 }).unwrap();
    let t0 = tokio::time::Instant::now();
    ping(&rt, "a").await.unwrap();
    assert!(t0.elapsed() >= Duration::from_millis(500));
    let err = handle(&rt, "a")
        .call(Msg::Ping, Duration::from_millis(100))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    rt.clear_faults("a").unwrap();
    tokio::time::sleep(Duration::from_secs(1)).await; // let the delayed message drain
    let t0 = tokio::time::Instant::now();
    ping(&rt, "a").await.unwrap();
    assert!(t0.elapsed() < Duration::from_millis(100));
    assert_eq!(handle(&rt, "a").stats().timeouts, 1);
    rt.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn hang_never_answers_callers_time_out_and_a_kill_recovers() {
    let lab = Lab::new();
    let rt = one(&lab).await;
    rt.inject_fault("a", Fault::Hang).unwrap();
    let err = handle(&rt, "a")
        .call(Msg::Ping, Duration::from_secs(1))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    let mut events = rt.events();
    rt.inject_fault("a", Fault::Kill).unwrap();
    wait_event(&mut events, is("restarted", "a")).await;
    assert_eq!(ping(&rt, "a").await.unwrap(), 2);
    rt.shutdown().await;
}

#[tokio::test]
async fn kill_is_an_abnormal_exit() {
    let lab = Lab::new();
    let rt = one(&lab).await;
    let mut events = rt.events();
    rt.inject_fault("a", Fault::Kill).unwrap();
    let failed = wait_event(&mut events, is("failed", "a")).await;
    assert_eq!(
        failed.kind,
        EventKind::Failed {
            reason: hms_runtime::ExitReason::Killed
        }
    );
    wait_event(&mut events, is("restarted", "a")).await;
    rt.shutdown().await;
}

#[tokio::test]
async fn fail_restarts_makes_the_next_starts_fail() {
    let lab = Lab::new();
    let rt = one(&lab).await;
    let mut events = rt.events();
    rt.inject_fault("a", Fault::FailRestarts { count: 2 })
        .unwrap();
    crash(&rt, "a").await;
    wait_event(&mut events, is("start_failed", "a")).await;
    wait_event(&mut events, is("start_failed", "a")).await;
    wait_event(&mut events, is("restarted", "a")).await;
    assert_eq!(
        ping(&rt, "a").await.unwrap(),
        2,
        "the failed starts never reached init"
    );
    rt.shutdown().await;
}

#[tokio::test]
async fn probabilistic_panics_follow_their_seed() {
    async fn run(seed: u64) -> Vec<bool> {
        let lab = Lab::new();
        let rt = one(&lab).await;
        rt.inject_fault(
            "a",
            Fault::Panic {
                probability: 0.3,
                seed,
            },
        )
        .unwrap();
        let mut outcome = Vec::new();
        for _ in 0..30 {
            outcome.push(handle(&rt, "a").call(Msg::Ping, T).await.is_ok());
        }
        rt.shutdown().await;
        outcome
    }
    let a = run(11).await;
    assert_eq!(a, run(11).await);
    assert!(a.iter().any(|ok| !ok) && a.iter().any(|ok| *ok));
}

#[tokio::test]
async fn bad_faults_and_unknown_actors_are_refused() {
    let lab = Lab::new();
    let rt = one(&lab).await;
    let err = rt
        .inject_fault(
            "a",
            Fault::Panic {
                probability: 1.5,
                seed: 0,
            },
        )
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.path()),
        (ErrorKind::Validation, Some("probability"))
    );
    assert_eq!(
        rt.inject_fault("nobody", Fault::PanicNext)
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    let parsed: Result<Fault, _> = serde_json::from_str(r#"{"fault":"delay","ms":"soon"}"#);
    assert!(parsed.is_err());
    rt.shutdown().await;
}

#[tokio::test]
async fn a_seeded_chaos_schedule_replays_the_same_faults() {
    async fn run(seed: u64) -> Vec<(String, String)> {
        let lab = Lab::new();
        let rt = Runtime::start(
            "root",
            SupervisorSpec::default()
                .intensity(1000, Duration::from_secs(60))
                .child(lab.worker("a"))
                .child(lab.worker("b")),
        )
        .await
        .unwrap();
        let schedule = ChaosSchedule {
            seed,
            targets: vec!["a".into(), "b".into()],
            faults: vec![Fault::PanicNext, Fault::Kill, Fault::Delay { ms: 1 }],
            mean_interval: Duration::from_millis(5),
            steps: 20,
        };
        let outcomes = rt.run_chaos(&schedule).await.unwrap();
        assert_eq!(outcomes.len(), 20);
        assert!(rt.is_running(), "the tree survives the chaos");
        rt.shutdown().await;
        outcomes
            .into_iter()
            .map(|o| (o.step.target, format!("{:?}", o.step.fault)))
            .collect()
    }
    let first = run(2024).await;
    assert_eq!(first, run(2024).await);
    assert_ne!(first, run(2025).await);
}

#[tokio::test]
async fn killing_a_supervisor_restarts_its_whole_subtree() {
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default()
            .intensity(5, Duration::from_secs(60))
            .child(hms_runtime::ChildSpec::supervisor(
                "sub",
                SupervisorSpec::default().child(lab.worker("x")),
            )),
    )
    .await
    .unwrap();
    let mut events = rt.events();
    let x = handle(&rt, "x");
    rt.inject_fault("sub", Fault::Kill).unwrap();
    wait_event(&mut events, is("restarted", "sub")).await;
    // The killed subtree's worker came back with the new supervisor, and the
    // old handle reaches it.
    assert_eq!(x.call(Msg::Ping, T).await.unwrap(), 2);
    rt.shutdown().await;
}

/// Beyond OTP: a worker stuck in a handler never exits, so only its liveness
/// limits can name it; `kill` then gets its supervisor to restart it.
#[tokio::test]
async fn a_stuck_handler_shows_as_unresponsive_until_killed() {
    use hms_runtime::{HealthStatus, Liveness};
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default()
            .intensity(100, Duration::from_secs(60))
            .child(
                lab.worker("a")
                    .liveness(Liveness::new(Duration::from_millis(1000))),
            )
            .child(lab.worker("b")),
    )
    .await
    .unwrap();
    rt.inject_fault("a", Fault::Hang).unwrap();
    let stuck = handle(&rt, "a")
        .call(Msg::Ping, Duration::from_millis(50))
        .await;
    assert_eq!(stuck.unwrap_err().kind(), ErrorKind::Timeout);
    let h = rt.health().await;
    let a = h.find("root/a").unwrap();
    assert!(a.busy_ms.is_some(), "{a:?}");
    assert_eq!(a.unresponsive, None, "not past its limit yet");
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let h = rt.health().await;
    assert_eq!(h.status, HealthStatus::Degraded, "{}", h.rule);
    assert!(
        h.rule
            .starts_with("'root/a' is unresponsive: one message has been handled for"),
        "{}",
        h.rule
    );
    // A worker without limits is never judged, however it is.
    assert!(h.find("root/b").unwrap().liveness.is_none());

    let mut events = rt.events();
    rt.kill("a").unwrap();
    wait_event(&mut events, is("restarted", "a")).await;
    assert_eq!(ping(&rt, "a").await.unwrap(), 2);
    let a = rt.health().await.find("root/a").cloned().unwrap();
    assert_eq!((a.unresponsive, a.busy_ms), (None, None));
    assert_eq!(rt.health().await.find("root/b").unwrap().restarts.total, 0);
    rt.shutdown().await;
}

#[tokio::test]
async fn calls_that_keep_timing_out_make_a_worker_unresponsive() {
    use hms_runtime::Liveness;
    let lab = Lab::new();
    let limits = Liveness::new(Duration::from_secs(60)).timeouts_in_a_row(3);
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default().child(lab.worker("a").liveness(limits)),
    )
    .await
    .unwrap();
    rt.inject_fault("a", Fault::Delay { ms: 100 }).unwrap();
    for i in 1..=3 {
        let r = handle(&rt, "a")
            .call(Msg::Ping, Duration::from_millis(10))
            .await;
        assert_eq!(r.unwrap_err().kind(), ErrorKind::Timeout);
        let a = rt.health().await.find("root/a").cloned().unwrap();
        assert_eq!(a.timeouts_in_a_row, i);
        assert_eq!(a.unresponsive.is_some(), i == 3, "{a:?}");
    }
    // One call answered in time ends the run.
    handle(&rt, "a").call(Msg::Ping, T).await.unwrap();
    let a = rt.health().await.find("root/a").cloned().unwrap();
    assert_eq!((a.timeouts_in_a_row, a.unresponsive), (0, None));
    rt.shutdown().await;
}
