//! specs: defaults applied; invalid specs rejected before anything starts.

use std::time::Duration;

use hms_runtime::{
    check_childspecs, AutoShutdown, Backoff, ChildKind, ChildSpec, ErrorKind, Restart, Runtime,
    Shutdown, Strategy, SupervisorError, SupervisorSpec,
};

use crate::support::*;

#[tokio::test]
async fn defaults_are_otps() {
    let lab = Lab::new();
    let w = lab.worker("w");
    assert_eq!(w.restart_type(), Restart::Permanent);
    assert_eq!(
        w.shutdown_spec(),
        Shutdown::Timeout(Duration::from_millis(5000))
    );
    assert!(!w.is_significant());
    assert_eq!(w.kind(), ChildKind::Worker);
    let s = ChildSpec::supervisor("s", SupervisorSpec::default());
    assert_eq!(s.shutdown_spec(), Shutdown::Infinity);
    assert_eq!(s.kind(), ChildKind::Supervisor);
    let flags = SupervisorSpec::default();
    assert_eq!(flags.strategy(), Strategy::OneForOne);
    assert_eq!(flags.max_restarts(), 1);
    assert_eq!(flags.period(), Duration::from_secs(5));

    let rt = Runtime::start("root", SupervisorSpec::default().child(w))
        .await
        .unwrap();
    let got = rt.root().get_childspec("w").await.unwrap();
    assert_eq!(
        got.shutdown_spec(),
        Shutdown::Timeout(Duration::from_millis(5000))
    );
    assert_eq!(got.restart_type(), Restart::Permanent);
    rt.shutdown().await;
}

#[test]
fn duplicate_ids_are_rejected() {
    let lab = Lab::new();
    let err = check_childspecs(&[lab.worker("a"), lab.worker("b"), lab.worker("a")]).unwrap_err();
    assert_eq!(err.path, "children[2].id");
    assert!(err.message.contains("duplicate"));
}

#[test]
fn zero_period_is_rejected() {
    let err = SupervisorSpec::default()
        .intensity(3, Duration::ZERO)
        .check()
        .unwrap_err();
    assert_eq!(err.path, "period");
}

#[test]
fn significant_with_simple_one_for_one_is_rejected() {
    let lab = Lab::new();
    let err = SupervisorSpec::simple(
        lab.template("t")
            .restart(Restart::Transient)
            .significant(true),
    )
    .check()
    .unwrap_err();
    assert_eq!(err.path, "children[0].significant");
    let err = SupervisorSpec::simple(lab.template("t"))
        .auto_shutdown(AutoShutdown::AnySignificant)
        .check()
        .unwrap_err();
    assert_eq!(err.path, "auto_shutdown");
}

#[test]
fn significant_permanent_child_is_rejected() {
    let lab = Lab::new();
    let err = check_childspecs(&[lab.worker("a").significant(true)]).unwrap_err();
    assert_eq!(err.path, "children[0].significant");
}

#[test]
fn simple_one_for_one_needs_exactly_one_template() {
    let lab = Lab::new();
    let err = SupervisorSpec::new(Strategy::SimpleOneForOne)
        .child(lab.worker("a"))
        .child(lab.worker("b"))
        .check()
        .unwrap_err();
    assert_eq!(err.path, "children");
}

#[test]
fn bad_shutdown_backoff_and_bounds_are_rejected() {
    let lab = Lab::new();
    let cases = [
        (
            lab.worker("a").shutdown(Shutdown::Timeout(Duration::ZERO)),
            "children[0].shutdown",
        ),
        (
            lab.worker("a").backoff(Backoff::exponential(
                Duration::from_secs(2),
                Duration::from_secs(1),
            )),
            "children[0].backoff",
        ),
        (
            lab.worker("a").backoff(
                Backoff::exponential(Duration::from_millis(1), Duration::from_secs(1)).jitter(2.0),
            ),
            "children[0].backoff.jitter",
        ),
        (
            lab.worker("a").max_in_flight(0),
            "children[0].max_in_flight",
        ),
        (lab.worker(""), "children[0].id"),
        (lab.worker("a/b"), "children[0].id"),
    ];
    for (spec, path) in cases {
        assert_eq!(check_childspecs(&[spec]).unwrap_err().path, path);
    }
}

#[tokio::test]
async fn invalid_specs_start_nothing() {
    let lab = Lab::new();
    let spec = SupervisorSpec::default()
        .child(lab.worker("a"))
        .child(lab.worker("a"));
    let err = Runtime::start("root", spec).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(err.path(), Some("children[1].id"));
    assert_eq!(lab.probe("a").starts(), 0);
}

#[tokio::test]
async fn start_child_checks_the_spec() {
    let lab = Lab::new();
    let rt = Runtime::start("root", SupervisorSpec::default())
        .await
        .unwrap();
    let err = rt
        .root()
        .start_child(lab.worker("x").significant(true))
        .await
        .unwrap_err();
    assert!(
        matches!(err, SupervisorError::InvalidSpec(ref e) if e.path == "children[0].significant"),
        "{err}"
    );
    assert_eq!(lab.probe("x").starts(), 0);
    rt.shutdown().await;
}
