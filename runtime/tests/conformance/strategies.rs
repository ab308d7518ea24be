//! strategies: exactly the right children restart, in the right order.

use std::time::Duration;

use hms_runtime::{ChildStatus, Restart, Runtime, Strategy, SupervisorSpec};

use crate::support::*;

async fn tree(lab: &Lab, strategy: Strategy, ids: &[&str]) -> Runtime {
    let spec = ids.iter().fold(
        SupervisorSpec::new(strategy).intensity(10, Duration::from_secs(60)),
        |s, id| s.child(lab.worker(id)),
    );
    let rt = Runtime::start("root", spec).await.unwrap();
    lab.take_log();
    rt
}

async fn incarnations(rt: &Runtime, ids: &[&str]) -> Vec<u32> {
    let mut out = Vec::new();
    for id in ids {
        out.push(ping(rt, id).await.unwrap());
    }
    out
}

#[tokio::test]
async fn one_for_one_restarts_only_the_failed_child() {
    // A crashed worker's `terminate` still runs (as a gen_server's does).
    let lab = Lab::new();
    let rt = tree(&lab, Strategy::OneForOne, &["a", "b", "c"]).await;
    crash(&rt, "b").await;
    assert_eq!(
        lab.take_log(),
        vec!["stop:b:panic: b was told to panic", "start:b"]
    );
    assert_eq!(incarnations(&rt, &["a", "b", "c"]).await, vec![1, 2, 1]);
    rt.shutdown().await;
}

#[tokio::test]
async fn one_for_all_stops_the_others_in_reverse_then_starts_all_in_order() {
    let lab = Lab::new();
    let rt = tree(&lab, Strategy::OneForAll, &["a", "b", "c"]).await;
    crash(&rt, "b").await;
    assert_eq!(
        lab.take_log(),
        vec![
            "stop:b:panic: b was told to panic",
            "stop:c:shutdown",
            "stop:a:shutdown",
            "start:a",
            "start:b",
            "start:c"
        ]
    );
    assert_eq!(incarnations(&rt, &["a", "b", "c"]).await, vec![2, 2, 2]);
    rt.shutdown().await;
}

#[tokio::test]
async fn rest_for_one_restarts_the_failed_child_and_those_after_it() {
    let lab = Lab::new();
    let rt = tree(&lab, Strategy::RestForOne, &["a", "b", "c", "d"]).await;
    crash(&rt, "b").await;
    assert_eq!(
        lab.take_log(),
        vec![
            "stop:b:panic: b was told to panic",
            "stop:d:shutdown",
            "stop:c:shutdown",
            "start:b",
            "start:c",
            "start:d"
        ]
    );
    assert_eq!(
        incarnations(&rt, &["a", "b", "c", "d"]).await,
        vec![1, 2, 2, 2]
    );
    rt.shutdown().await;
}

#[tokio::test]
async fn rest_for_one_on_the_last_child_is_one_for_one() {
    let lab = Lab::new();
    let rt = tree(&lab, Strategy::RestForOne, &["a", "b", "c"]).await;
    crash(&rt, "c").await;
    assert_eq!(
        lab.take_log(),
        vec!["stop:c:panic: c was told to panic", "start:c"]
    );
    assert_eq!(incarnations(&rt, &["a", "b", "c"]).await, vec![1, 1, 2]);
    rt.shutdown().await;
}

#[tokio::test]
async fn one_for_all_drops_temporary_siblings() {
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::new(Strategy::OneForAll)
            .child(lab.worker("t").restart(Restart::Temporary))
            .child(lab.worker("a")),
    )
    .await
    .unwrap();
    crash(&rt, "a").await;
    let children = rt.root().which_children().await.unwrap();
    assert_eq!(
        children.len(),
        1,
        "the temporary sibling is not restarted: {children:?}"
    );
    assert_eq!(children[0].id.to_string(), "a");
    assert_eq!(lab.probe("t").starts(), 1);
    rt.shutdown().await;
}

#[tokio::test]
async fn one_for_all_restarts_a_terminated_sibling_too() {
    // OTP: a kept spec of a terminated child is started again with the group.
    let lab = Lab::new();
    let rt = tree(&lab, Strategy::OneForAll, &["a", "b"]).await;
    rt.root().terminate_child("a").await.unwrap();
    crash(&rt, "b").await;
    let children = rt.root().which_children().await.unwrap();
    assert!(
        children.iter().all(|c| c.status == ChildStatus::Running),
        "{children:?}"
    );
    rt.shutdown().await;
}

#[tokio::test]
async fn simple_one_for_one_restarts_only_that_child() {
    let lab = Lab::new();
    let rt = Runtime::start("pool", SupervisorSpec::simple(lab.template("w")))
        .await
        .unwrap();
    let pool = rt.root();
    let mut handles = Vec::new();
    for name in ["p", "q", "r"] {
        handles.push(
            pool.start_child_with(name.to_string())
                .await
                .unwrap()
                .handle::<TestWorker>()
                .unwrap(),
        );
    }
    let cell = handles[1].current_cell().unwrap();
    let _ = handles[1].call(Msg::Panic, T).await;
    cell.wait(Some(T)).await.unwrap();
    let mut got = Vec::new();
    for h in &handles {
        got.push(h.call(Msg::Ping, T).await.unwrap());
    }
    assert_eq!(got, vec![1, 2, 1]);
    rt.shutdown().await;
}
