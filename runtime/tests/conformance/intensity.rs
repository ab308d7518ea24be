//! intensity: restarts under the limit go on; exceeding it escalates for every
//! strategy; another child failing during a restart counts.

use std::time::Duration;

use hms_runtime::{ChildSpec, ExitReason, HealthStatus, Runtime, Strategy, SupervisorSpec};

use crate::support::*;

#[tokio::test]
async fn restarts_under_the_limit_keep_going() {
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default()
            .intensity(3, Duration::from_secs(60))
            .child(lab.worker("a")),
    )
    .await
    .unwrap();
    for _ in 0..3 {
        crash(&rt, "a").await;
    }
    assert_eq!(ping(&rt, "a").await.unwrap(), 4);
    assert!(rt.is_running());
    assert_eq!(handle(&rt, "a").stats().restarts, 3);
    rt.shutdown().await;
}

/// A sub-supervisor with `strategy` and intensity 1: two crashes escalate to
/// the root, which restarts the whole subtree.
async fn escalates(strategy: Strategy) {
    let lab = Lab::new();
    let sub = if strategy == Strategy::SimpleOneForOne {
        SupervisorSpec::simple(lab.template("w"))
    } else {
        SupervisorSpec::new(strategy)
            .child(lab.worker("x"))
            .child(lab.worker("y"))
    }
    .intensity(1, Duration::from_secs(60));
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default()
            .intensity(5, Duration::from_secs(60))
            .child(ChildSpec::supervisor("sub", sub)),
    )
    .await
    .unwrap();
    let mut events = rt.events();
    let sub_ref = rt.supervisor("sub").unwrap();
    let target = if strategy == Strategy::SimpleOneForOne {
        let child = sub_ref.start_child_with("x".to_string()).await.unwrap();
        child.handle::<TestWorker>().unwrap()
    } else {
        handle(&rt, "x")
    };
    for _ in 0..2 {
        let cell = target.current_cell().expect("running");
        let _ = target.call(Msg::Panic, T).await;
        cell.wait(Some(T)).await.unwrap();
    }
    wait_event(&mut events, |e| {
        matches!(e.kind, hms_runtime::EventKind::IntensityExceeded { .. })
    })
    .await;
    wait_event(&mut events, is("escalated", "sub")).await;
    wait_event(&mut events, is("restarted", "sub")).await;
    assert!(rt.is_running(), "the root absorbed the escalation");
    assert!(
        sub_ref.is_running(),
        "the handle reaches the new sub incarnation"
    );
    if strategy != Strategy::SimpleOneForOne {
        // The restarted sub started its children afresh.
        assert_eq!(ping(&rt, "x").await.unwrap(), 3);
        assert_eq!(
            ping(&rt, "y").await.unwrap(),
            if strategy == Strategy::OneForOne {
                2
            } else {
                3
            }
        );
    } else {
        assert_eq!(
            sub_ref.count_children().await.unwrap().specs,
            0,
            "dynamic children are gone"
        );
    }
    rt.shutdown().await;
}

#[tokio::test]
async fn exceeding_escalates_one_for_one() {
    escalates(Strategy::OneForOne).await;
}

#[tokio::test]
async fn exceeding_escalates_one_for_all() {
    escalates(Strategy::OneForAll).await;
}

#[tokio::test]
async fn exceeding_escalates_rest_for_one() {
    escalates(Strategy::RestForOne).await;
}

#[tokio::test]
async fn exceeding_escalates_simple_one_for_one() {
    escalates(Strategy::SimpleOneForOne).await;
}

#[tokio::test]
async fn escalation_at_the_root_ends_the_runtime() {
    let lab = Lab::new();
    let rt = Runtime::start("root", SupervisorSpec::default().child(lab.worker("a")))
        .await
        .unwrap();
    crash(&rt, "a").await;
    crash(&rt, "a").await;
    let reason = rt.wait().await;
    assert_eq!(
        reason,
        ExitReason::Shutdown(Some("reached_max_restart_intensity".into()))
    );
    let health = rt.health().await;
    assert_eq!(health.status, HealthStatus::Unhealthy);
    assert!(
        health.rule.contains("reached_max_restart_intensity"),
        "{}",
        health.rule
    );
    assert_eq!(
        lab.probe("a").starts(),
        2,
        "no third start after the second crash"
    );
}

#[tokio::test(start_paused = true)]
async fn restarts_older_than_the_period_are_forgotten() {
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default()
            .intensity(1, Duration::from_secs(1))
            .child(lab.worker("a")),
    )
    .await
    .unwrap();
    for _ in 0..3 {
        crash(&rt, "a").await;
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    assert!(rt.is_running());
    assert_eq!(ping(&rt, "a").await.unwrap(), 4);
    rt.shutdown().await;
}

#[tokio::test]
async fn another_child_failing_during_a_restart_is_retried_within_intensity() {
    let lab = Lab::new();
    lab.probe("b").script([OnInit::Ok, OnInit::Fail]);
    let rt = Runtime::start(
        "root",
        SupervisorSpec::new(Strategy::OneForAll)
            .intensity(3, Duration::from_secs(60))
            .child(lab.worker("a"))
            .child(lab.worker("b")),
    )
    .await
    .unwrap();
    let mut events = rt.events();
    crash(&rt, "a").await;
    wait_event(&mut events, is("start_failed", "b")).await;
    wait_event(&mut events, is("restarted", "b")).await;
    // First restart: a(2) ok, b(2) fails. Try again restarts both: a(3), b(3).
    assert_eq!(ping(&rt, "a").await.unwrap(), 3);
    assert_eq!(ping(&rt, "b").await.unwrap(), 3);
    rt.shutdown().await;
}

#[tokio::test]
async fn another_child_failing_during_a_restart_counts_toward_intensity() {
    let lab = Lab::new();
    lab.probe("b").script([OnInit::Ok, OnInit::Fail]);
    let rt = Runtime::start(
        "root",
        SupervisorSpec::new(Strategy::OneForAll)
            .intensity(1, Duration::from_secs(60))
            .child(lab.worker("a"))
            .child(lab.worker("b")),
    )
    .await
    .unwrap();
    crash(&rt, "a").await;
    // One restart for a's crash, a second for b's failed start: over the limit.
    assert_eq!(
        rt.wait().await,
        ExitReason::Shutdown(Some("reached_max_restart_intensity".into()))
    );
}

#[tokio::test]
async fn failing_restarts_of_the_same_child_escalate() {
    let lab = Lab::new();
    lab.probe("a")
        .script([OnInit::Ok, OnInit::Fail, OnInit::Fail, OnInit::Fail]);
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default()
            .intensity(2, Duration::from_secs(60))
            .child(lab.worker("a")),
    )
    .await
    .unwrap();
    crash(&rt, "a").await;
    assert_eq!(
        rt.wait().await,
        ExitReason::Shutdown(Some("reached_max_restart_intensity".into()))
    );
    assert_eq!(
        lab.probe("a").starts(),
        3,
        "1 start + 2 failed restarts within intensity 2"
    );
}
