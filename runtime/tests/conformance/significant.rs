//! significant children and auto_shutdown (EEP 56): any_significant,
//! all_significant, bystanders.

use hms_runtime::{
    AutoShutdown, ChildSpec, ChildStatus, ExitReason, Restart, Runtime, SupervisorSpec,
};

use crate::support::*;

/// root ⟶ sub(auto_shutdown) with the given children; sub is transient so a
/// clean shutdown leaves it down.
async fn tree(lab: &Lab, auto: AutoShutdown, children: Vec<hms_runtime::ChildSpec>) -> Runtime {
    let sub = SupervisorSpec::default()
        .auto_shutdown(auto)
        .children(children);
    Runtime::start(
        "root",
        SupervisorSpec::default()
            .child(lab.worker("keeper"))
            .child(ChildSpec::supervisor("sub", sub).restart(Restart::Transient)),
    )
    .await
    .unwrap()
}

fn significant(lab: &Lab, id: &str) -> hms_runtime::ChildSpec {
    lab.worker(id).restart(Restart::Transient).significant(true)
}

async fn sub_status(rt: &Runtime) -> ChildStatus {
    rt.root().which_children().await.unwrap()[1].status
}

#[tokio::test]
async fn any_significant_shuts_the_supervisor_down() {
    let lab = Lab::new();
    let rt = tree(
        &lab,
        AutoShutdown::AnySignificant,
        vec![significant(&lab, "s"), lab.worker("b")],
    )
    .await;
    let mut events = rt.events();
    exit(&rt, "s", Msg::Exit(ExitReason::Normal)).await;
    wait_event(&mut events, is("auto_shutdown", "sub")).await;
    wait_event(&mut events, is("terminated", "sub")).await;
    assert_eq!(sub_status(&rt).await, ChildStatus::Stopped);
    assert!(lab.take_log().contains(&"stop:b:shutdown".to_string()));
    assert!(rt.is_running(), "the root and its other children go on");
    assert_eq!(ping(&rt, "keeper").await.unwrap(), 1);
    rt.shutdown().await;
}

#[tokio::test]
async fn all_significant_waits_for_every_significant_child() {
    let lab = Lab::new();
    let rt = tree(
        &lab,
        AutoShutdown::AllSignificant,
        vec![
            significant(&lab, "s1"),
            significant(&lab, "s2"),
            lab.worker("b"),
        ],
    )
    .await;
    let mut events = rt.events();
    exit(&rt, "s1", Msg::Exit(ExitReason::Normal)).await;
    assert_eq!(sub_status(&rt).await, ChildStatus::Running);
    assert_eq!(running(&rt, "sub").await, vec!["s2", "b"]);
    exit(&rt, "s2", Msg::Exit(ExitReason::Normal)).await;
    wait_event(&mut events, is("auto_shutdown", "sub")).await;
    wait_event(&mut events, is("terminated", "sub")).await;
    assert_eq!(sub_status(&rt).await, ChildStatus::Stopped);
    rt.shutdown().await;
}

#[tokio::test]
async fn a_significant_child_that_crashes_is_restarted_not_a_shutdown() {
    let lab = Lab::new();
    let rt = tree(
        &lab,
        AutoShutdown::AnySignificant,
        vec![significant(&lab, "s")],
    )
    .await;
    crash(&rt, "s").await;
    assert_eq!(sub_status(&rt).await, ChildStatus::Running);
    assert_eq!(ping(&rt, "s").await.unwrap(), 2);
    rt.shutdown().await;
}

#[tokio::test]
async fn bystanders_exiting_do_not_shut_down() {
    let lab = Lab::new();
    let rt = tree(
        &lab,
        AutoShutdown::AnySignificant,
        vec![
            significant(&lab, "s"),
            lab.worker("b").restart(Restart::Transient),
        ],
    )
    .await;
    exit(&rt, "b", Msg::Exit(ExitReason::Normal)).await;
    assert_eq!(sub_status(&rt).await, ChildStatus::Running);
    assert_eq!(running(&rt, "sub").await, vec!["s"]);
    rt.shutdown().await;
}

#[tokio::test]
async fn terminate_child_of_a_significant_child_does_not_shut_down() {
    let lab = Lab::new();
    let rt = tree(
        &lab,
        AutoShutdown::AnySignificant,
        vec![significant(&lab, "s"), lab.worker("b")],
    )
    .await;
    rt.supervisor("sub")
        .unwrap()
        .terminate_child("s")
        .await
        .unwrap();
    assert_eq!(sub_status(&rt).await, ChildStatus::Running);
    rt.shutdown().await;
}

#[tokio::test]
async fn auto_shutdown_of_the_root_ends_the_runtime() {
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default()
            .auto_shutdown(AutoShutdown::AnySignificant)
            .child(lab.worker("b"))
            .child(significant(&lab, "job")),
    )
    .await
    .unwrap();
    exit(&rt, "job", Msg::Exit(ExitReason::Normal)).await;
    assert_eq!(
        rt.wait().await,
        ExitReason::Shutdown(Some("auto_shutdown".into()))
    );
    assert_eq!(lab.take_log().last().unwrap(), "stop:b:shutdown");
}
