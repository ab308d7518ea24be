//! stop: shutdown timeouts, brutal_kill, infinity, dynamic children, a stop
//! racing a restart, reverse order.

use std::time::Duration;

use hms_runtime::{Backoff, ChildSpec, ChildStatus, Runtime, Shutdown, Strategy, SupervisorSpec};
use tokio::time::Instant;

use crate::support::*;

#[tokio::test(start_paused = true)]
async fn shutdown_timeout_kills_a_child_that_takes_too_long() {
    let lab = Lab::new();
    *lab.probe("a").terminate_sleep.lock().unwrap() = Some(Duration::from_secs(60));
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default().child(
            lab.worker("a")
                .shutdown(Shutdown::Timeout(Duration::from_millis(100))),
        ),
    )
    .await
    .unwrap();
    let t0 = Instant::now();
    rt.root().terminate_child("a").await.unwrap();
    let took = t0.elapsed();
    assert!(
        took >= Duration::from_millis(100) && took < Duration::from_secs(60),
        "{took:?}"
    );
    assert_eq!(
        lab.take_log(),
        vec!["start:a"],
        "terminate was cut short by the kill"
    );
    rt.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn shutdown_timeout_kills_a_child_busy_in_a_handler() {
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default().child(
            lab.worker("a")
                .shutdown(Shutdown::Timeout(Duration::from_millis(200))),
        ),
    )
    .await
    .unwrap();
    let h = handle(&rt, "a");
    let busy = tokio::spawn(async move {
        h.call(
            Msg::Sleep(Duration::from_secs(3600)),
            Duration::from_secs(7200),
        )
        .await
    });
    tokio::task::yield_now().await;
    let t0 = Instant::now();
    rt.root().terminate_child("a").await.unwrap();
    assert!(t0.elapsed() < Duration::from_secs(1));
    // The call in progress ends with a typed error, not silence.
    let err = busy.await.unwrap().unwrap_err();
    assert_eq!(err.kind(), hms_runtime::ErrorKind::ActorDown, "{err}");
    rt.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn shutdown_timeout_lets_a_quick_child_finish() {
    let lab = Lab::new();
    *lab.probe("a").terminate_sleep.lock().unwrap() = Some(Duration::from_millis(10));
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default().child(
            lab.worker("a")
                .shutdown(Shutdown::Timeout(Duration::from_secs(1))),
        ),
    )
    .await
    .unwrap();
    rt.root().terminate_child("a").await.unwrap();
    assert_eq!(lab.take_log(), vec!["start:a", "stop:a:shutdown"]);
    rt.shutdown().await;
}

#[tokio::test]
async fn brutal_kill_skips_terminate() {
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default().child(lab.worker("a").shutdown(Shutdown::BrutalKill)),
    )
    .await
    .unwrap();
    rt.root().terminate_child("a").await.unwrap();
    assert_eq!(lab.take_log(), vec!["start:a"]);
    assert!(!handle(&rt, "a").is_running());
    rt.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn infinity_waits_as_long_as_terminate_takes() {
    let lab = Lab::new();
    *lab.probe("a").terminate_sleep.lock().unwrap() = Some(Duration::from_secs(30));
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default().child(lab.worker("a").shutdown(Shutdown::Infinity)),
    )
    .await
    .unwrap();
    let t0 = Instant::now();
    rt.root().terminate_child("a").await.unwrap();
    assert!(t0.elapsed() >= Duration::from_secs(30));
    assert_eq!(lab.take_log(), vec!["start:a", "stop:a:shutdown"]);
    rt.shutdown().await;
}

#[tokio::test]
async fn dynamic_children_all_stop_with_their_supervisor() {
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default().child(ChildSpec::supervisor(
            "pool",
            SupervisorSpec::simple(lab.template("conn")),
        )),
    )
    .await
    .unwrap();
    let pool = rt.supervisor("pool").unwrap();
    let mut handles = Vec::new();
    for i in 0..50 {
        let child = pool.start_child_with(format!("c{i}")).await.unwrap();
        handles.push(child.handle::<TestWorker>().unwrap());
    }
    assert_eq!(pool.count_children().await.unwrap().active, 50);
    rt.shutdown().await;
    let log = lab.take_log();
    assert_eq!(log.iter().filter(|l| l.starts_with("stop:")).count(), 50);
    assert!(handles.iter().all(|h| !h.is_running()));
}

#[tokio::test(start_paused = true)]
async fn terminate_child_cancels_a_pending_restart() {
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default()
            .intensity(5, Duration::from_secs(60))
            .child(lab.worker("a").backoff(
                Backoff::exponential(Duration::from_secs(1), Duration::from_secs(1)).jitter(0.0),
            )),
    )
    .await
    .unwrap();
    crash(&rt, "a").await;
    let root = rt.root();
    assert_eq!(
        root.which_children().await.unwrap()[0].status,
        ChildStatus::Restarting
    );
    root.terminate_child("a").await.unwrap();
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(
        root.which_children().await.unwrap()[0].status,
        ChildStatus::Stopped
    );
    assert_eq!(
        lab.probe("a").starts(),
        1,
        "the scheduled restart was cancelled"
    );
    rt.shutdown().await;
}

#[tokio::test]
async fn children_stop_in_reverse_start_order() {
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default()
            .child(lab.worker("a"))
            .child(lab.worker("b"))
            .child(lab.worker("c")),
    )
    .await
    .unwrap();
    rt.shutdown().await;
    assert_eq!(
        lab.take_log(),
        vec![
            "start:a",
            "start:b",
            "start:c",
            "stop:c:shutdown",
            "stop:b:shutdown",
            "stop:a:shutdown"
        ]
    );
}

#[tokio::test]
async fn nested_supervisors_stop_their_subtree_in_place() {
    let lab = Lab::new();
    let sub = SupervisorSpec::default()
        .child(lab.worker("x"))
        .child(lab.worker("y"));
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default()
            .child(lab.worker("a"))
            .child(ChildSpec::supervisor("sub", sub))
            .child(lab.worker("b")),
    )
    .await
    .unwrap();
    lab.take_log();
    rt.shutdown().await;
    assert_eq!(
        lab.take_log(),
        vec![
            "stop:b:shutdown",
            "stop:y:shutdown",
            "stop:x:shutdown",
            "stop:a:shutdown"
        ]
    );
}

#[tokio::test]
async fn calls_after_shutdown_get_the_shutdown_error() {
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::new(Strategy::OneForOne).child(lab.worker("a")),
    )
    .await
    .unwrap();
    let h = handle(&rt, "a");
    rt.shutdown().await;
    let err = h.call(Msg::Ping, T).await.unwrap_err();
    assert_eq!(err.kind(), hms_runtime::ErrorKind::Shutdown, "{err}");
    let err = h.cast(Msg::Ping).unwrap_err();
    assert_eq!(err.kind(), hms_runtime::ErrorKind::Shutdown, "{err}");
}
