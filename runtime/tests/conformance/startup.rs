//! startup: child start errors, `init` panics, supervisor init failures, `ignore`.

use hms_runtime::{
    ChildSpec, ChildStatus, ErrorKind, Restart, Runtime, Strategy, SupervisorError, SupervisorSpec,
};

use crate::support::*;

#[tokio::test]
async fn child_start_error_fails_the_supervisor_and_stops_started_children() {
    let lab = Lab::new();
    lab.probe("b").script([OnInit::Fail]);
    let spec = SupervisorSpec::new(Strategy::OneForOne)
        .child(lab.worker("a"))
        .child(lab.worker("b"))
        .child(lab.worker("c"));
    let err = Runtime::start("root", spec).await.unwrap_err();
    assert!(err.message().contains("failed_to_start_child 'b'"), "{err}");
    assert_eq!(lab.take_log(), vec!["start:a", "stop:a:shutdown"]);
    assert_eq!(
        lab.probe("c").starts(),
        0,
        "children after the failed one never start"
    );
}

#[tokio::test]
async fn child_init_panic_is_a_start_error_not_a_crash() {
    let lab = Lab::new();
    lab.probe("a").script([OnInit::Panic]);
    let spec = SupervisorSpec::default().child(lab.worker("a"));
    let err = Runtime::start("root", spec).await.unwrap_err();
    assert!(err.message().contains("panics in init"), "{err}");
    // The process is alive and can start another tree.
    let rt = Runtime::start("root", SupervisorSpec::default().child(lab.worker("a")))
        .await
        .unwrap();
    assert_eq!(ping(&rt, "a").await.unwrap(), 2);
    rt.shutdown().await;
}

#[tokio::test]
async fn nested_supervisor_init_failure_fails_the_parent_start() {
    let lab = Lab::new();
    let spec = SupervisorSpec::default()
        .child(lab.worker("a"))
        .child(ChildSpec::supervisor_with("sub", || {
            Err("no database configured".to_string())
        }));
    let err = Runtime::start("root", spec).await.unwrap_err();
    assert!(
        err.message().contains("failed_to_start_child 'sub'"),
        "{err}"
    );
    assert!(err.message().contains("no database configured"), "{err}");
    assert_eq!(lab.take_log(), vec!["start:a", "stop:a:shutdown"]);
}

#[tokio::test]
async fn supervisor_init_panic_is_a_start_error() {
    let spec = SupervisorSpec::default().child(ChildSpec::supervisor_with("sub", || {
        panic!("init exploded")
    }));
    let err = Runtime::start("root", spec).await.unwrap_err();
    assert!(err.message().contains("init exploded"), "{err}");
}

#[tokio::test]
async fn ignore_keeps_the_spec_without_a_process() {
    let lab = Lab::new();
    lab.probe("b").script([OnInit::Ignore]);
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default()
            .child(lab.worker("a"))
            .child(lab.worker("b")),
    )
    .await
    .unwrap();
    let root = rt.root();
    let children = root.which_children().await.unwrap();
    assert_eq!(children[1].status, ChildStatus::Stopped);
    let counts = root.count_children().await.unwrap();
    assert_eq!((counts.specs, counts.active), (2, 1));
    // The kept spec can be started later.
    root.restart_child("b").await.unwrap();
    assert_eq!(ping(&rt, "b").await.unwrap(), 2);
    rt.shutdown().await;
}

#[tokio::test]
async fn ignored_temporary_child_is_not_kept() {
    let lab = Lab::new();
    lab.probe("t").script([OnInit::Ignore]);
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default()
            .child(lab.worker("a"))
            .child(lab.worker("t").restart(Restart::Temporary)),
    )
    .await
    .unwrap();
    assert_eq!(rt.root().count_children().await.unwrap().specs, 1);
    rt.shutdown().await;
}

#[tokio::test]
async fn start_child_returns_the_start_error_and_keeps_nothing() {
    let lab = Lab::new();
    let rt = Runtime::start("root", SupervisorSpec::default())
        .await
        .unwrap();
    lab.probe("x").script([OnInit::Fail]);
    let err = rt.root().start_child(lab.worker("x")).await.unwrap_err();
    assert!(
        matches!(err, SupervisorError::StartFailed { ref id, .. } if id == "x"),
        "{err}"
    );
    assert_eq!(rt.root().count_children().await.unwrap().specs, 0);
    assert_eq!(hms_runtime::Error::from(err).kind(), ErrorKind::Internal);
    rt.shutdown().await;
}
