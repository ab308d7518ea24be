//! restart types: {permanent, transient, temporary} × {normal stop, shutdown, panic, error}.

use hms_runtime::{ChildStatus, ExitReason, Restart, Runtime, SupervisorSpec};

use crate::support::*;

#[derive(Debug, PartialEq)]
enum After {
    Restarted,
    /// Not restarted, spec kept.
    Kept,
    /// Not restarted, spec gone.
    Forgotten,
}

async fn case(restart: Restart, exit_with: Option<ExitReason>) -> After {
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default()
            .child(lab.worker("bystander"))
            .child(lab.worker("a").restart(restart)),
    )
    .await
    .unwrap();
    match exit_with {
        Some(reason) => exit(&rt, "a", Msg::Exit(reason)).await,
        None => crash(&rt, "a").await,
    }
    let children = rt.root().which_children().await.unwrap();
    assert_eq!(
        children[0].status,
        ChildStatus::Running,
        "bystander untouched"
    );
    assert_eq!(lab.probe("bystander").starts(), 1);
    let after = match children.iter().find(|c| c.id.to_string() == "a") {
        None => After::Forgotten,
        Some(c) if c.status == ChildStatus::Running => {
            assert_eq!(ping(&rt, "a").await.unwrap(), 2);
            After::Restarted
        }
        Some(c) => {
            assert_eq!(c.status, ChildStatus::Stopped);
            After::Kept
        }
    };
    rt.shutdown().await;
    after
}

fn normal() -> Option<ExitReason> {
    Some(ExitReason::Normal)
}
fn shutdown() -> Option<ExitReason> {
    Some(ExitReason::Shutdown(None))
}
fn panic() -> Option<ExitReason> {
    None
}
fn error() -> Option<ExitReason> {
    Some(ExitReason::Error("bad state".into()))
}

macro_rules! row {
    ($name:ident, $restart:expr, $how:expr, $after:expr) => {
        #[tokio::test]
        async fn $name() {
            assert_eq!(case($restart, $how).await, $after);
        }
    };
}

row!(
    permanent_normal_stop_restarts,
    Restart::Permanent,
    normal(),
    After::Restarted
);
row!(
    permanent_shutdown_restarts,
    Restart::Permanent,
    shutdown(),
    After::Restarted
);
row!(
    permanent_panic_restarts,
    Restart::Permanent,
    panic(),
    After::Restarted
);
row!(
    permanent_error_restarts,
    Restart::Permanent,
    error(),
    After::Restarted
);
row!(
    transient_normal_stop_stays_down,
    Restart::Transient,
    normal(),
    After::Kept
);
row!(
    transient_shutdown_stays_down,
    Restart::Transient,
    shutdown(),
    After::Kept
);
row!(
    transient_panic_restarts,
    Restart::Transient,
    panic(),
    After::Restarted
);
row!(
    transient_error_restarts,
    Restart::Transient,
    error(),
    After::Restarted
);
row!(
    temporary_normal_stop_is_forgotten,
    Restart::Temporary,
    normal(),
    After::Forgotten
);
row!(
    temporary_shutdown_is_forgotten,
    Restart::Temporary,
    shutdown(),
    After::Forgotten
);
row!(
    temporary_panic_is_forgotten,
    Restart::Temporary,
    panic(),
    After::Forgotten
);
row!(
    temporary_error_is_forgotten,
    Restart::Temporary,
    error(),
    After::Forgotten
);
