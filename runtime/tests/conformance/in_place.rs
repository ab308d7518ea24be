//! Calls run in place: a caller outside tokio that finds the worker idle runs
//! the handler on its own thread (`Handle::call_in_place`,
//! `Handle::blocking_call`). Supervision must not see the difference: one
//! message at a time, a panic is the actor's crash (its state is not reused,
//! `terminate` hears the panic, the supervisor restarts it), an idempotent
//! call is retried on the next incarnation, `stop` ends the incarnation, and
//! messages sent earlier are handled first.

use std::sync::{Arc, Mutex};
use std::thread::ThreadId;
use std::time::Duration;

use hms_runtime::{
    ChildSpec, Context, Error, ErrorKind, ExitReason, Fault, Handle, InPlace, Runtime,
    SupervisorSpec, Worker,
};

use crate::support::{handle, is, wait_event, Lab, Msg, T};

/// Runs `f` on a plain thread (outside tokio), as a C, Go or Ruby caller.
async fn outside<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> R {
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.await.expect("the thread answered")
}

/// One `blocking_call` from a plain thread.
async fn blocking<W: Worker>(h: Handle<W>, msg: W::Msg) -> Result<W::Reply, Error> {
    let tokio = tokio::runtime::Handle::current();
    outside(move || h.blocking_call(&tokio, msg, T)).await
}

/// Answers with the thread its handler ran on, and records what it handled.
#[derive(Default)]
struct Where {
    seen: Arc<Mutex<Vec<u32>>>,
}

#[derive(Clone)]
enum Ask {
    Thread,
    /// Busy for this long on the handler's thread.
    Spin(Duration),
    /// Recorded in order.
    Note(u32),
}

impl Worker for Where {
    type Msg = Ask;
    type Reply = (ThreadId, usize);

    async fn handle(&mut self, msg: Ask, _ctx: &mut Context<Self>) -> Result<Self::Reply, Error> {
        match msg {
            Ask::Thread => {}
            Ask::Spin(d) => {
                let until = std::time::Instant::now() + d;
                while std::time::Instant::now() < until {
                    std::hint::spin_loop();
                }
            }
            Ask::Note(n) => self.seen.lock().unwrap().push(n),
        }
        let seen = self.seen.lock().unwrap().len();
        Ok((std::thread::current().id(), seen))
    }
}

async fn start_where(seen: Arc<Mutex<Vec<u32>>>) -> (Runtime, Handle<Where>) {
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default().child(ChildSpec::worker("where", move || Where {
            seen: seen.clone(),
        })),
    )
    .await
    .unwrap();
    let h = rt.handle::<Where>("where").unwrap();
    (rt, h)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_worker_is_run_on_the_callers_thread() {
    let (rt, h) = start_where(Default::default()).await;
    let tokio = tokio::runtime::Handle::current();
    let (caller, answered, messages) = outside(move || {
        let (on, _) = h.blocking_call(&tokio, Ask::Thread, T).unwrap();
        (std::thread::current().id(), on, h.stats().messages)
    })
    .await;
    assert_eq!(answered, caller, "the handler ran on the caller's thread");
    assert_eq!(messages, 1, "and was counted as the actor's message");
    // From a tokio task the call goes through the mailbox as ever.
    let (on, _) = rt
        .handle::<Where>("where")
        .unwrap()
        .call(Ask::Thread, T)
        .await
        .unwrap();
    assert_ne!(on, caller);
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn earlier_messages_are_not_overtaken() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (rt, h) = start_where(seen.clone()).await;
    let tokio = tokio::runtime::Handle::current();
    let handled_before = outside(move || {
        {
            let _context = tokio.enter();
            for n in 0..200 {
                h.cast(Ask::Note(n)).unwrap();
            }
        }
        // Cast from this thread before the call: all of them come first.
        let (_, handled) = h.blocking_call(&tokio, Ask::Note(200), T).unwrap();
        handled
    })
    .await;
    assert_eq!(handled_before, 201);
    assert_eq!(*seen.lock().unwrap(), (0..=200).collect::<Vec<_>>());
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_with_long_turns_is_called_the_usual_way() {
    let (rt, h) = start_where(Default::default()).await;
    let tokio = tokio::runtime::Handle::current();
    let (caller, first, second) = outside(move || {
        let (first, _) = h
            .blocking_call(&tokio, Ask::Spin(Duration::from_millis(2)), T)
            .unwrap();
        // Its last turn took 2 ms, over the limit: this one goes to tokio.
        let (second, _) = h.blocking_call(&tokio, Ask::Thread, T).unwrap();
        (std::thread::current().id(), first, second)
    })
    .await;
    assert_eq!(first, caller);
    assert_ne!(second, caller);
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_with_faults_armed_is_called_the_usual_way() {
    let (rt, h) = start_where(Default::default()).await;
    rt.inject_fault("where", Fault::Delay { ms: 1 }).unwrap();
    let tokio = tokio::runtime::Handle::current();
    let (caller, on) = outside(move || {
        let (on, _) = h.blocking_call(&tokio, Ask::Thread, T).unwrap();
        (std::thread::current().id(), on)
    })
    .await;
    assert_ne!(on, caller, "the delay ran on the actor's task");
    rt.shutdown().await;
}

async fn start_lab(lab: &Lab) -> Runtime {
    Runtime::start("root", SupervisorSpec::default().child(lab.worker("w")))
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_in_place_is_the_actors_crash() {
    let lab = Lab::new();
    let rt = start_lab(&lab).await;
    let mut events = rt.events();
    let err = blocking(handle(&rt, "w"), Msg::Panic).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ActorDown, "{err}");
    wait_event(&mut events, is("restarted", "w")).await;
    // `terminate` heard the panic; the next incarnation answers.
    let log = lab.take_log();
    assert!(
        log.iter()
            .any(|l| l.starts_with("stop:w:") && l.contains("told to panic")),
        "{log:?}"
    );
    assert_eq!(handle(&rt, "w").call(Msg::Ping, T).await.unwrap(), 2);
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crashed_state_takes_no_more_calls_in_place() {
    let lab = Lab::new();
    let rt = start_lab(&lab).await;
    let h = handle(&rt, "w");
    let tokio = tokio::runtime::Handle::current();
    // Right after the panic, before the actor task has exited: the next call
    // must not run on the crashed state. Whoever answers is incarnation 2.
    let second = outside(move || {
        let _ = h.blocking_call(&tokio, Msg::Panic, T);
        h.blocking_call(&tokio, Msg::Ping, T)
    })
    .await;
    assert_eq!(second.unwrap(), 2);
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idempotent_call_in_place_is_retried_after_a_crash() {
    let lab = Lab::new();
    lab.probe("w")
        .crash_gets
        .store(1, std::sync::atomic::Ordering::SeqCst);
    let rt = start_lab(&lab).await;
    let answer = blocking(handle(&rt, "w"), Msg::Get).await;
    assert_eq!(answer.unwrap(), 2, "answered by the restarted incarnation");
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stop_in_place_ends_the_incarnation() {
    let lab = Lab::new();
    let rt = start_lab(&lab).await;
    let mut events = rt.events();
    let reply = blocking(
        handle(&rt, "w"),
        Msg::Exit(ExitReason::Error("told to".into())),
    )
    .await;
    assert_eq!(reply.unwrap(), 1, "the call is answered before the exit");
    wait_event(&mut events, is("restarted", "w")).await;
    let log = lab.take_log();
    assert!(
        log.contains(&"stop:w:error: told to".to_string()),
        "{log:?}"
    );
    assert_eq!(handle(&rt, "w").call(Msg::Ping, T).await.unwrap(), 2);
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_that_waits_is_finished_on_tokio_in_order() {
    let lab = Lab::new();
    let rt = start_lab(&lab).await;
    let h = handle(&rt, "w");
    let tokio = tokio::runtime::Handle::current();
    let (first, h) = outside(move || {
        let first = h.call_in_place(&tokio, Msg::Sleep(Duration::from_millis(50)), T);
        (first, h)
    })
    .await;
    let InPlace::Later(first) = first else {
        panic!("a sleeping handler is not answered in place")
    };
    // While it sleeps (holding the worker), a call waits its turn.
    let started = std::time::Instant::now();
    let second = h.call(Msg::Ping, T).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(30));
    assert_eq!(first.await.unwrap(), 1);
    assert_eq!(second, 1);
    // A timeout shorter than the handler: `timeout`, and the worker goes on.
    let tokio = tokio::runtime::Handle::current();
    let err = outside(move || {
        h.blocking_call(
            &tokio,
            Msg::Sleep(Duration::from_millis(200)),
            Duration::from_millis(20),
        )
    })
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert_eq!(handle(&rt, "w").call(Msg::Ping, T).await.unwrap(), 1);
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_runtime_stopped_under_a_handler_in_place_shuts_down() {
    let lab = Lab::new();
    let rt = start_lab(&lab).await;
    let h = handle(&rt, "w");
    let tokio = tokio::runtime::Handle::current();
    let call =
        std::thread::spawn(move || h.blocking_call(&tokio, Msg::Sleep(Duration::from_secs(30)), T));
    tokio::time::sleep(Duration::from_millis(50)).await;
    // The tree stops within its shutdown bound; the caller hears an error.
    tokio::time::timeout(Duration::from_secs(10), rt.shutdown())
        .await
        .expect("the runtime stopped");
    let answer = tokio::task::spawn_blocking(move || call.join().unwrap())
        .await
        .unwrap();
    assert!(answer.is_err(), "{answer:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_to_a_busy_worker_is_sent_at_once() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (rt, h) = start_where(seen.clone()).await;
    // The worker is busy for 50 ms.
    let busy = {
        let h = h.clone();
        tokio::spawn(async move { h.call(Ask::Spin(Duration::from_millis(50)), T).await })
    };
    tokio::time::sleep(Duration::from_millis(10)).await;
    let tokio = tokio::runtime::Handle::current();
    let (first, second) = outside(move || {
        // Not awaited yet: it must already be in the mailbox...
        let first = h.call_in_place(&tokio, Ask::Note(1), T);
        assert!(matches!(first, InPlace::Later(_)), "{first:?}");
        std::thread::sleep(Duration::from_millis(80));
        // ...so that this one, once the worker is idle, cannot overtake it.
        let second = h.call_in_place(&tokio, Ask::Note(2), T);
        (first, second)
    })
    .await;
    for call in [first, second] {
        match call {
            InPlace::Answered(r) => drop(r.unwrap()),
            InPlace::Later(f) => drop(f.await.unwrap()),
        }
    }
    busy.await.unwrap().unwrap();
    assert_eq!(*seen.lock().unwrap(), vec![1, 2]);
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_that_crashed_on_its_task_is_not_run_in_place() {
    let lab = Lab::new();
    let rt = start_lab(&lab).await;
    let tokio = tokio::runtime::Handle::current();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    // A foreign thread calls in a loop, noting when each call began.
    let pinger = {
        let (h, stop) = (handle(&rt, "w"), stop.clone());
        std::thread::spawn(move || {
            let mut answers = Vec::new();
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let began = std::time::Instant::now();
                if let Ok(n) = h.blocking_call(&tokio, Msg::Ping, T) {
                    answers.push((began, n));
                }
            }
            answers
        })
    };
    // Meanwhile the worker crashes on its own task, five times.
    let mut crashed_at = Vec::new();
    for _ in 0..5 {
        tokio::time::sleep(Duration::from_millis(20)).await;
        let _ = handle(&rt, "w").call(Msg::Panic, T).await;
        crashed_at.push(std::time::Instant::now());
    }
    tokio::time::sleep(Duration::from_millis(20)).await;
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let answers = tokio::task::spawn_blocking(move || pinger.join().unwrap())
        .await
        .unwrap();
    assert!(answers.len() > 5, "{} answers", answers.len());
    // A call begun after the k-th crash was answered is never answered by
    // the incarnation that crashed (k, counting from 1).
    for (k, at) in crashed_at.iter().enumerate() {
        let stale = answers
            .iter()
            .filter(|(began, n)| began > at && *n as usize <= k + 1)
            .count();
        assert_eq!(
            stale, 0,
            "answers from a crashed incarnation after crash {k}"
        );
    }
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_worker_takes_its_turn_in_place_with_it() {
    let lab = Lab::new();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default()
            .child(lab.worker("w").shutdown(hms_runtime::Shutdown::BrutalKill)),
    )
    .await
    .unwrap();
    let h = handle(&rt, "w");
    let tokio = tokio::runtime::Handle::current();
    let call =
        outside(move || h.call_in_place(&tokio, Msg::Sleep(Duration::from_secs(30)), T)).await;
    let InPlace::Later(call) = call else {
        panic!("a sleeping handler is not answered in place")
    };
    tokio::time::sleep(Duration::from_millis(20)).await;
    let started = std::time::Instant::now();
    rt.root().terminate_child("w").await.unwrap();
    let err = tokio::time::timeout(Duration::from_secs(2), call)
        .await
        .expect("the kill ended the turn")
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ActorDown, "{err}");
    assert!(started.elapsed() < Duration::from_secs(2));
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_turn_in_place_ends_when_its_actor_is_killed_and_restarted() {
    let lab = Lab::new();
    let rt = start_lab(&lab).await;
    let mut events = rt.events();
    let h = handle(&rt, "w");
    let cell = h.current_cell().unwrap();
    let tokio = tokio::runtime::Handle::current();
    let call =
        outside(move || h.call_in_place(&tokio, Msg::Sleep(Duration::from_secs(30)), T)).await;
    let InPlace::Later(call) = call else {
        panic!("a sleeping handler is not answered in place")
    };
    tokio::time::sleep(Duration::from_millis(20)).await;
    // Killed behind the supervisor's back (as a liveness check does): the
    // supervisor restarts it, and the turn begun in place ends with it.
    cell.kill();
    let err = tokio::time::timeout(Duration::from_secs(2), call)
        .await
        .expect("the kill ended the turn")
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ActorDown, "{err}");
    wait_event(&mut events, is("restarted", "w")).await;
    assert_eq!(handle(&rt, "w").call(Msg::Ping, T).await.unwrap(), 2);
    rt.shutdown().await;
}

/// Panics before its future exists: in `handle` itself, not after an `.await`.
struct Eager;

impl Worker for Eager {
    type Msg = bool;
    type Reply = u32;

    #[allow(clippy::manual_async_fn)]
    fn handle(
        &mut self,
        panic: bool,
        _ctx: &mut Context<Self>,
    ) -> impl std::future::Future<Output = Result<u32, Error>> + Send {
        assert!(!panic, "eager panic");
        async { Ok(7) }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_before_the_handlers_future_is_a_crash_in_place_too() {
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default().child(ChildSpec::worker("eager", || Eager)),
    )
    .await
    .unwrap();
    let mut events = rt.events();
    let after = rt.handle::<Eager>("eager").unwrap();
    let err = blocking(after.clone(), true).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ActorDown, "{err}");
    wait_event(&mut events, is("restarted", "eager")).await;
    assert_eq!(after.call(false, T).await.unwrap(), 7);
    assert_eq!(
        after.in_flight(),
        0,
        "the crashed call left nothing counted in flight"
    );
    rt.shutdown().await;
}
