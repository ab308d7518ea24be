//! misc: hanging restart loops, introspection during restarts, temporary specs,
//! 100k dynamic children, start order, stable names, calls across restarts,
//! the supervisor API's errors, backpressure, health and events.

use std::time::Duration;

use hms_runtime::{
    Backoff, CallOptions, ChildKind, ChildSpec, ChildStatus, ErrorKind, EventKind, HealthStatus,
    NodeStatus, Restart, Runtime, Strategy, SupervisorError, SupervisorSpec,
};

use crate::support::*;

#[tokio::test]
async fn a_hanging_restart_loop_can_still_be_shut_down() {
    let lab = Lab::new();
    lab.probe("a")
        .script(std::iter::once(OnInit::Ok).chain(std::iter::repeat_n(OnInit::Fail, 1_000_000)));
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default()
            .intensity(u32::MAX, Duration::from_secs(3600))
            .child(lab.worker("a")),
    )
    .await
    .unwrap();
    crash(&rt, "a").await;
    tokio::time::timeout(Duration::from_secs(10), async {
        while lab.probe("a").starts() < 10 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("the restart loop is spinning");
    let reason = tokio::time::timeout(Duration::from_secs(10), rt.shutdown())
        .await
        .expect("shutdown is not starved by the restart loop");
    assert_eq!(reason, hms_runtime::ExitReason::Shutdown(None));
}

#[tokio::test(start_paused = true)]
async fn which_and_count_children_during_a_restart() {
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default()
            .child(lab.worker("b"))
            .child(lab.worker("a").backoff(
                Backoff::exponential(Duration::from_secs(1), Duration::from_secs(1)).jitter(0.0),
            )),
    )
    .await
    .unwrap();
    let root = rt.root();
    crash(&rt, "a").await;
    assert_eq!(
        root.which_children().await.unwrap()[1].status,
        ChildStatus::Restarting
    );
    let c = root.count_children().await.unwrap();
    assert_eq!((c.specs, c.active, c.workers), (2, 1, 2));
    assert_eq!(
        root.restart_child("a").await.unwrap_err(),
        SupervisorError::Restarting("a".into())
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(
        root.which_children().await.unwrap()[1].status,
        ChildStatus::Running
    );
    assert_eq!(root.count_children().await.unwrap().active, 2);
    rt.shutdown().await;
}

#[tokio::test]
async fn temporary_specs_are_not_kept() {
    let lab = Lab::new();
    let rt = Runtime::start("root", SupervisorSpec::default())
        .await
        .unwrap();
    let root = rt.root();
    root.start_child(lab.worker("t").restart(Restart::Temporary))
        .await
        .unwrap();
    root.terminate_child("t").await.unwrap();
    assert_eq!(
        root.get_childspec("t").await.unwrap_err(),
        SupervisorError::NotFound("t".into())
    );
    // Its name is free again.
    root.start_child(lab.worker("t").restart(Restart::Temporary))
        .await
        .unwrap();
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_and_stop_100k_dynamic_children() {
    let lab = Lab::new();
    let rt = Runtime::start("pool", SupervisorSpec::simple(lab.template("w")))
        .await
        .unwrap();
    let pool = rt.root();
    let name = "same".to_string();
    for _ in 0..100_000 {
        pool.start_child_with(name.clone()).await.unwrap();
    }
    let c = pool.count_children().await.unwrap();
    assert_eq!((c.specs, c.active), (100_000, 100_000));
    rt.shutdown().await;
    let log = lab.take_log();
    assert_eq!(
        log.iter().filter(|l| l.starts_with("stop:")).count(),
        100_000
    );
}

#[tokio::test]
async fn children_start_in_order() {
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default()
            .child(lab.worker("a"))
            .child(ChildSpec::supervisor(
                "sub",
                SupervisorSpec::default().child(lab.worker("x")),
            ))
            .child(lab.worker("b")),
    )
    .await
    .unwrap();
    assert_eq!(lab.take_log(), vec!["start:a", "start:x", "start:b"]);
    let ids: Vec<String> = rt
        .root()
        .which_children()
        .await
        .unwrap()
        .iter()
        .map(|c| c.id.to_string())
        .collect();
    assert_eq!(ids, vec!["a", "sub", "b"]);
    rt.shutdown().await;
}

#[tokio::test]
async fn a_handle_reaches_the_new_incarnation_after_a_restart() {
    let lab = Lab::new();
    let rt = Runtime::start("root", SupervisorSpec::default().child(lab.worker("a")))
        .await
        .unwrap();
    let h = handle(&rt, "a");
    assert_eq!(h.call(Msg::Ping, T).await.unwrap(), 1);
    crash(&rt, "a").await;
    assert_eq!(h.call(Msg::Ping, T).await.unwrap(), 2);
    rt.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_call_during_a_restart_waits_for_the_new_incarnation() {
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default().child(lab.worker("a").backoff(
            Backoff::exponential(Duration::from_millis(300), Duration::from_secs(1)).jitter(0.0),
        )),
    )
    .await
    .unwrap();
    crash(&rt, "a").await;
    let t0 = tokio::time::Instant::now();
    assert_eq!(ping(&rt, "a").await.unwrap(), 2);
    assert!(t0.elapsed() >= Duration::from_millis(300));
    rt.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_call_times_out_when_the_restart_is_slower_than_its_deadline() {
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default().child(lab.worker("a").backoff(
            Backoff::exponential(Duration::from_secs(10), Duration::from_secs(10)).jitter(0.0),
        )),
    )
    .await
    .unwrap();
    crash(&rt, "a").await;
    let err = handle(&rt, "a")
        .call(Msg::Ping, Duration::from_secs(1))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    rt.shutdown().await;
}

#[tokio::test]
async fn an_idempotent_call_is_retried_on_the_restarted_actor() {
    let lab = Lab::new();
    let rt = Runtime::start("root", SupervisorSpec::default().child(lab.worker("a")))
        .await
        .unwrap();
    lab.probe("a")
        .crash_gets
        .store(1, std::sync::atomic::Ordering::SeqCst);
    let h = handle(&rt, "a");
    assert_eq!(
        h.call(Msg::Get, T).await.unwrap(),
        2,
        "answered by the new incarnation"
    );
    // The same message marked non-idempotent reports the loss instead.
    lab.probe("a")
        .crash_gets
        .store(1, std::sync::atomic::Ordering::SeqCst);
    let err = h
        .call_with(Msg::Get, CallOptions::timeout(T).idempotent(false))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ActorDown);
    rt.shutdown().await;
}

#[tokio::test]
async fn a_crash_mid_call_reports_actor_down() {
    let lab = Lab::new();
    let rt = Runtime::start("root", SupervisorSpec::default().child(lab.worker("a")))
        .await
        .unwrap();
    let err = handle(&rt, "a").call(Msg::Panic, T).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ActorDown);
    rt.shutdown().await;
}

#[tokio::test]
async fn queued_calls_survive_a_crash_of_the_message_before_them() {
    // Messages still in the mailbox when the actor dies were never handled:
    // they are sent again to the next incarnation, idempotent or not.
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default()
            .intensity(5, Duration::from_secs(60))
            .child(lab.worker("a")),
    )
    .await
    .unwrap();
    let h = handle(&rt, "a");
    let slow = {
        let h = h.clone();
        tokio::spawn(async move { h.call(Msg::Sleep(Duration::from_millis(100)), T).await })
    };
    tokio::task::yield_now().await;
    let boom = {
        let h = h.clone();
        tokio::spawn(async move { h.call(Msg::Panic, T).await })
    };
    tokio::task::yield_now().await;
    let queued: Vec<_> = (0..5)
        .map(|_| {
            let h = h.clone();
            tokio::spawn(async move { h.call(Msg::Ping, T).await })
        })
        .collect();
    assert_eq!(slow.await.unwrap().unwrap(), 1);
    assert_eq!(
        boom.await.unwrap().unwrap_err().kind(),
        ErrorKind::ActorDown
    );
    for q in queued {
        assert_eq!(q.await.unwrap().unwrap(), 2);
    }
    rt.shutdown().await;
}

#[tokio::test]
async fn overloaded_answers_at_once_beyond_the_in_flight_bound() {
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default().child(lab.worker("a").max_in_flight(2)),
    )
    .await
    .unwrap();
    let h = handle(&rt, "a");
    let busy: Vec<_> = (0..2)
        .map(|_| {
            let h = h.clone();
            tokio::spawn(async move { h.call(Msg::Sleep(Duration::from_millis(200)), T).await })
        })
        .collect();
    tokio::task::yield_now().await;
    assert_eq!(h.in_flight(), 2);
    let t0 = std::time::Instant::now();
    let err = h.call(Msg::Ping, T).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Overloaded);
    assert!(t0.elapsed() < Duration::from_millis(100), "refused at once");
    assert_eq!(h.cast(Msg::Ping).unwrap_err().kind(), ErrorKind::Overloaded);
    for b in busy {
        b.await.unwrap().unwrap();
    }
    assert_eq!(h.call(Msg::Ping, T).await.unwrap(), 1);
    assert_eq!(h.stats().rejected, 2);
    rt.shutdown().await;
}

#[tokio::test]
async fn a_handler_error_is_a_reply_not_a_crash() {
    let lab = Lab::new();
    let rt = Runtime::start("root", SupervisorSpec::default().child(lab.worker("a")))
        .await
        .unwrap();
    let err = handle(&rt, "a").call(Msg::Refuse, T).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(err.path(), Some("$.msg"));
    assert_eq!(ping(&rt, "a").await.unwrap(), 1);
    let stats = handle(&rt, "a").stats();
    assert_eq!((stats.messages, stats.errors, stats.restarts), (2, 1, 0));
    rt.shutdown().await;
}

#[tokio::test]
async fn a_panic_in_terminate_is_handled_by_the_rules() {
    let lab = Lab::new();
    *lab.probe("a").terminate_panics.lock().unwrap() = true;
    let rt = Runtime::start("root", SupervisorSpec::default().child(lab.worker("a")))
        .await
        .unwrap();
    // A clean exit whose terminate panics is a failure: the permanent child restarts.
    exit(&rt, "a", Msg::Exit(hms_runtime::ExitReason::Normal)).await;
    assert_eq!(ping(&rt, "a").await.unwrap(), 2);
    // Being stopped by the supervisor with a panicking terminate is fine too.
    rt.root().terminate_child("a").await.unwrap();
    rt.shutdown().await;
}

#[tokio::test]
async fn the_supervisor_api_answers_with_otps_errors() {
    let lab = Lab::new();
    let rt = Runtime::start("root", SupervisorSpec::default().child(lab.worker("a")))
        .await
        .unwrap();
    let root = rt.root();
    assert_eq!(
        root.delete_child("a").await.unwrap_err(),
        SupervisorError::Running("a".into())
    );
    assert_eq!(
        root.restart_child("a").await.unwrap_err(),
        SupervisorError::Running("a".into())
    );
    assert_eq!(
        root.terminate_child("zz").await.unwrap_err(),
        SupervisorError::NotFound("zz".into())
    );
    assert_eq!(
        root.start_child(lab.worker("a")).await.unwrap_err(),
        SupervisorError::AlreadyStarted("a".into())
    );
    root.terminate_child("a").await.unwrap();
    assert_eq!(
        root.start_child(lab.worker("a")).await.unwrap_err(),
        SupervisorError::AlreadyPresent("a".into())
    );
    root.restart_child("a").await.unwrap();
    assert_eq!(ping(&rt, "a").await.unwrap(), 2);
    root.terminate_child("a").await.unwrap();
    root.delete_child("a").await.unwrap();
    assert_eq!(root.count_children().await.unwrap().specs, 0);
    assert!(matches!(
        root.start_child_with(1u8).await.unwrap_err(),
        SupervisorError::NotSupported(_)
    ));
    let e: hms_runtime::Error = SupervisorError::NotFound("zz".into()).into();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    rt.shutdown().await;
}

#[tokio::test]
async fn simple_one_for_one_rejects_static_operations() {
    let lab = Lab::new();
    let rt = Runtime::start("pool", SupervisorSpec::simple(lab.template("w")))
        .await
        .unwrap();
    let pool = rt.root();
    let child = pool.start_child_with("p".to_string()).await.unwrap();
    assert!(matches!(
        pool.restart_child("w").await.unwrap_err(),
        SupervisorError::NotSupported(_)
    ));
    assert!(matches!(
        pool.delete_child("w").await.unwrap_err(),
        SupervisorError::NotSupported(_)
    ));
    assert!(matches!(
        pool.start_child(lab.worker("x")).await.unwrap_err(),
        SupervisorError::NotSupported(_)
    ));
    let err = pool.start_child_with(5u32).await.unwrap_err();
    assert!(
        err.to_string().contains("expected alloc::string::String"),
        "{err}"
    );
    assert_eq!(
        pool.get_childspec(child.id.clone()).await.unwrap().id(),
        "w"
    );
    pool.terminate_child(child.id.clone()).await.unwrap();
    assert_eq!(
        pool.count_children().await.unwrap().specs,
        0,
        "dynamic children are not kept"
    );
    rt.shutdown().await;
}

#[tokio::test]
async fn counts_tell_workers_from_supervisors() {
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default()
            .child(lab.worker("a"))
            .child(ChildSpec::supervisor("sub", SupervisorSpec::default()))
            .child(lab.worker("b")),
    )
    .await
    .unwrap();
    let c = rt.root().count_children().await.unwrap();
    assert_eq!((c.specs, c.active, c.supervisors, c.workers), (3, 3, 1, 2));
    let kinds: Vec<ChildKind> = rt
        .root()
        .which_children()
        .await
        .unwrap()
        .iter()
        .map(|c| c.kind)
        .collect();
    assert_eq!(
        kinds,
        vec![ChildKind::Worker, ChildKind::Supervisor, ChildKind::Worker]
    );
    rt.shutdown().await;
}

#[tokio::test]
async fn events_tell_the_story_of_a_restart() {
    let lab = Lab::new();
    let rt = Runtime::start("root", SupervisorSpec::default().child(lab.worker("a")))
        .await
        .unwrap();
    let mut events = rt.events();
    crash(&rt, "a").await;
    let failed = wait_event(&mut events, is("failed", "a")).await;
    assert_eq!(failed.supervisor, "root");
    match failed.kind {
        EventKind::Failed { reason } => assert!(reason.to_string().contains("told to panic")),
        other => panic!("{other:?}"),
    }
    let restarted = wait_event(&mut events, is("restarted", "a")).await;
    assert_eq!(restarted.kind, EventKind::Restarted { restarts: 1 });
    rt.shutdown().await;
}

#[tokio::test]
async fn health_reports_the_tree_and_decides_the_status() {
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::new(Strategy::OneForOne)
            .intensity(3, Duration::from_secs(60))
            .child(lab.worker("a"))
            .child(ChildSpec::supervisor(
                "sub",
                SupervisorSpec::default().child(lab.worker("x")),
            )),
    )
    .await
    .unwrap();
    ping(&rt, "a").await.unwrap();
    let h = rt.health().await;
    assert_eq!(h.status, HealthStatus::Healthy, "{}", h.rule);
    assert_eq!(h.nodes().len(), 4);
    let a = h.find("root/a").unwrap();
    assert_eq!(
        (a.status, a.messages, a.restarts.total),
        (NodeStatus::Running, 1, 0)
    );
    assert!(h.find("root/sub/x").is_some());

    crash(&rt, "a").await;
    let h = rt.health().await;
    assert_eq!(h.status, HealthStatus::Degraded);
    assert!(h.rule.contains("root/a"), "{}", h.rule);
    let a = h.find("root/a").unwrap();
    assert_eq!((a.restarts.total, a.restarts.window), (1, 1));
    assert!(a
        .last_failure
        .as_ref()
        .unwrap()
        .reason
        .contains("told to panic"));

    let json = serde_json::to_value(&h).unwrap();
    for field in [
        "name",
        "kind",
        "status",
        "restarts",
        "last_failure",
        "uptime_ms",
        "mailbox_depth",
        "in_flight",
        "messages",
        "errors",
    ] {
        assert!(
            json["root"]["children"][0].get(field).is_some(),
            "missing {field}: {json}"
        );
    }
    assert_eq!(json["status"], "degraded");
    assert_eq!(json["root"]["kind"], "supervisor");
    rt.shutdown().await;
}

#[tokio::test]
async fn start_children_with_fills_a_pool_in_one_round_trip() {
    let lab = Lab::new();
    lab.probe("bad").script([OnInit::Fail]);
    let rt = Runtime::start("pool", SupervisorSpec::simple(lab.template("w")))
        .await
        .unwrap();
    let pool = rt.root();
    let names = ["a", "bad", "c"].map(String::from);
    let started = pool.start_children_with(names).await.unwrap();
    assert!(started[0].is_ok() && started[2].is_ok());
    assert!(matches!(
        started[1],
        Err(SupervisorError::StartFailed { .. })
    ));
    let c = pool.count_children().await.unwrap();
    assert_eq!((c.specs, c.active), (2, 2), "the failed child is not kept");
    let h = started[2].as_ref().unwrap().handle::<TestWorker>().unwrap();
    assert_eq!(h.call(Msg::Ping, T).await.unwrap(), 1);
    rt.shutdown().await;
}

#[tokio::test]
async fn a_handle_to_a_temporary_child_that_is_gone_answers_actor_down() {
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default().child(lab.worker("t").restart(Restart::Temporary)),
    )
    .await
    .unwrap();
    let h = handle(&rt, "t");
    crash(&rt, "t").await;
    assert_eq!(rt.root().count_children().await.unwrap().specs, 0);
    let err = h.call(Msg::Ping, T).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ActorDown, "{err}");
    assert!(
        rt.handle::<TestWorker>("t").is_err(),
        "the name is released"
    );
    rt.shutdown().await;
}

#[tokio::test]
async fn a_handle_of_the_wrong_type_is_refused_by_name() {
    let lab = Lab::new();
    let rt = Runtime::start("root", SupervisorSpec::default().child(lab.worker("a")))
        .await
        .unwrap();
    struct Other;
    impl hms_runtime::Worker for Other {
        type Msg = ();
        type Reply = ();
        async fn handle(
            &mut self,
            _: (),
            _: &mut hms_runtime::Context<Self>,
        ) -> Result<(), hms_runtime::Error> {
            Ok(())
        }
    }
    let err = rt.handle::<Other>("a").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert!(err.message().contains("TestWorker"), "{err}");
    assert_eq!(
        rt.handle::<TestWorker>("nobody").unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        rt.supervisor("a").unwrap_err().kind(),
        ErrorKind::Validation
    );
    rt.shutdown().await;
}

#[tokio::test]
async fn huge_timeouts_mean_a_long_wait_not_a_panic() {
    let lab = Lab::new();
    let rt = Runtime::start("root", SupervisorSpec::default().child(lab.worker("a")))
        .await
        .unwrap();
    assert_eq!(
        handle(&rt, "a")
            .call(Msg::Ping, Duration::MAX)
            .await
            .unwrap(),
        1
    );
    let root = rt.root().with_timeout(Duration::MAX);
    assert_eq!(root.count_children().await.unwrap().active, 1);
    rt.shutdown().await;
}

/// Records the order in which it handles messages.
#[derive(Default)]
struct Ledger(Vec<(u8, u32)>);

#[derive(Clone, Debug)]
enum Entry {
    Note(u8, u32),
    Read,
}

impl hms_runtime::Worker for Ledger {
    type Msg = Entry;
    type Reply = Vec<(u8, u32)>;

    async fn handle(
        &mut self,
        entry: Entry,
        _: &mut hms_runtime::Context<Self>,
    ) -> Result<Vec<(u8, u32)>, hms_runtime::Error> {
        match entry {
            Entry::Note(who, n) => {
                self.0.push((who, n));
                Ok(Vec::new())
            }
            Entry::Read => Ok(self.0.clone()),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_senders_messages_arrive_in_the_order_sent_under_load() {
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default()
            .child(ChildSpec::worker("ledger", Ledger::default).max_in_flight(1_000_000)),
    )
    .await
    .unwrap();
    let ledger = rt.handle::<Ledger>("ledger").unwrap();
    let senders: Vec<_> = (0..4u8)
        .map(|who| {
            let ledger = ledger.clone();
            tokio::spawn(async move {
                for n in 0..20_000u32 {
                    // Mostly casts (they pile up in the backlog), now and then a
                    // call (it must not overtake the casts before it).
                    if n % 1000 == 999 {
                        ledger.call(Entry::Note(who, n), T).await.unwrap();
                    } else {
                        ledger.cast(Entry::Note(who, n)).unwrap();
                    }
                }
            })
        })
        .collect();
    for s in senders {
        s.await.unwrap();
    }
    let seen = ledger.call(Entry::Read, T).await.unwrap();
    assert_eq!(seen.len(), 80_000, "nothing lost");
    for who in 0..4u8 {
        let mine: Vec<u32> = seen
            .iter()
            .filter(|(w, _)| *w == who)
            .map(|(_, n)| *n)
            .collect();
        assert_eq!(
            mine,
            (0..20_000).collect::<Vec<_>>(),
            "sender {who} out of order"
        );
    }
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_during_a_flood_loses_no_call() {
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default()
            .intensity(10, Duration::from_secs(60))
            .child(lab.worker("a").max_in_flight(1_000_000)),
    )
    .await
    .unwrap();
    let h = handle(&rt, "a");
    // Fill the actor's backlog with calls, then crash it in the middle.
    let calls: Vec<_> = (0..2_000)
        .map(|i| {
            let h = h.clone();
            tokio::spawn(async move {
                let msg = if i == 500 { Msg::Panic } else { Msg::Ping };
                h.call(msg, T).await
            })
        })
        .collect();
    let mut answered = 0;
    let mut lost = 0;
    for c in calls {
        match c.await.unwrap() {
            Ok(_) => answered += 1,
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::ActorDown, "{e}");
                lost += 1;
            }
        }
    }
    // Only the call that crashed the actor is lost; every other one is
    // answered, by the first incarnation or, resent, by the second.
    assert_eq!((answered, lost), (1_999, 1));
    rt.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn backoff_grows_with_consecutive_failures_and_resets_after_a_stable_run() {
    let lab = Lab::new();
    let backoff = Backoff::exponential(Duration::from_millis(100), Duration::from_secs(10))
        .jitter(0.0)
        .reset_after(Duration::from_secs(1));
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default()
            .intensity(10, Duration::from_secs(3600))
            .child(lab.worker("a").backoff(backoff)),
    )
    .await
    .unwrap();
    let mut events = rt.events();
    let mut delays = Vec::new();
    for pause in [Duration::ZERO, Duration::ZERO, Duration::from_secs(2)] {
        tokio::time::sleep(pause).await;
        crash(&rt, "a").await;
        match wait_event(&mut events, is("restart_scheduled", "a"))
            .await
            .kind
        {
            EventKind::RestartScheduled { delay_ms } => delays.push(delay_ms),
            other => panic!("{other:?}"),
        }
        wait_event(&mut events, is("restarted", "a")).await;
    }
    assert_eq!(
        delays,
        vec![100, 200, 100],
        "doubling, then back to the start after 2 s of calm"
    );
    rt.shutdown().await;
}

/// Tells calls from casts, so a bridge can hand a cast on without waiting.
struct Awaited(tokio::sync::mpsc::UnboundedSender<bool>);

impl hms_runtime::Worker for Awaited {
    type Msg = ();
    type Reply = ();

    async fn handle(
        &mut self,
        _: (),
        ctx: &mut hms_runtime::Context<Self>,
    ) -> Result<(), hms_runtime::Error> {
        let _ = self.0.send(ctx.reply_awaited());
        Ok(())
    }
}

#[tokio::test]
async fn a_handler_knows_whether_its_reply_is_awaited() {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let spec = hms_runtime::SupervisorSpec::new(hms_runtime::Strategy::OneForOne).child(
        hms_runtime::ChildSpec::worker("w", move || Awaited(tx.clone())),
    );
    let rt = hms_runtime::Runtime::start("root", spec).await.unwrap();
    let h = rt.handle::<Awaited>("w").unwrap();
    h.call((), std::time::Duration::from_secs(1)).await.unwrap();
    h.cast(()).unwrap();
    assert_eq!(rx.recv().await, Some(true));
    assert_eq!(rx.recv().await, Some(false));
    rt.shutdown().await;
}

/// A worker asking for the tree's health in its `init` (the self-healer's
/// watchers do, from a task they spawn) gets "starting", not a panic: the
/// root is published only once its children are up.
#[tokio::test]
async fn health_asked_while_the_tree_starts_says_so() {
    use hms_runtime::{Context, Error, Init, Worker};

    struct Asker(std::sync::Arc<std::sync::Mutex<Option<String>>>);
    impl Worker for Asker {
        type Msg = ();
        type Reply = ();
        async fn init(&mut self, ctx: &mut Context<Self>) -> Result<Init, Error> {
            let h = ctx.runtime().health().await;
            *self.0.lock().unwrap() = Some(format!("{:?}: {}", h.status, h.rule));
            Ok(Init::Ready)
        }
        async fn handle(&mut self, _: (), _: &mut Context<Self>) -> Result<(), Error> {
            Ok(())
        }
    }
    let seen = std::sync::Arc::new(std::sync::Mutex::new(None));
    let s = seen.clone();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default().child(ChildSpec::worker("asker", move || Asker(s.clone()))),
    )
    .await
    .unwrap();
    let seen = seen.lock().unwrap().clone().unwrap();
    assert_eq!(
        seen,
        "Degraded: the tree is starting: root supervisor 'root' starts its children"
    );
    assert_eq!(rt.health().await.status, HealthStatus::Healthy);
    rt.shutdown().await;
}
