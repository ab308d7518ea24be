//! links: a worker whose work runs outside the tree (on another node) exits
//! with `noconnection` when that place is lost — in a handler, leaving the
//! call unanswered so an idempotent one is retried on the next incarnation,
//! or between messages through `exit_when` — and its supervisor restarts it
//! as for any abnormal exit (OTP's `{'EXIT', Pid, noconnection}`).

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use hms_runtime::{
    CallOptions, ChildSpec, Context, Error, ErrorKind, EventKind, ExitReason, Link, Runtime,
    SupervisorSpec, Worker,
};
use tokio::sync::Notify;

/// A stand-in for work elsewhere: the first incarnation's place is lost.
struct Remote {
    incarnation: u32,
    place_lost: Arc<Notify>,
    link: Option<Link>,
    /// Why each incarnation's `terminate` was told it stopped.
    terminated: Arc<std::sync::Mutex<Vec<ExitReason>>>,
}

#[derive(Clone)]
enum Ask {
    /// Runs "there": the first incarnation loses its place mid-call.
    Work,
    /// Links to the place (until `Unlink`).
    Link,
    Unlink,
}

impl Worker for Remote {
    type Msg = Ask;
    type Reply = u32;

    async fn handle(&mut self, msg: Ask, ctx: &mut Context<Self>) -> Result<u32, Error> {
        match msg {
            Ask::Work if self.incarnation == 1 => {
                ctx.exit(ExitReason::Noconnection("b".into()));
                Err(Error::actor_down("node b was lost"))
            }
            Ask::Work => Ok(self.incarnation),
            Ask::Link => {
                let lost = self.place_lost.clone();
                self.link = Some(ctx.exit_when(
                    async move { lost.notified().await },
                    ExitReason::Noconnection("b".into()),
                ));
                Ok(self.incarnation)
            }
            Ask::Unlink => {
                self.link = None;
                Ok(self.incarnation)
            }
        }
    }

    async fn terminate(&mut self, reason: &ExitReason, _: &mut Context<Self>) {
        self.terminated.lock().unwrap().push(reason.clone());
    }

    fn is_idempotent(msg: &Ask) -> bool {
        matches!(msg, Ask::Work)
    }
}

type Terminated = Arc<std::sync::Mutex<Vec<ExitReason>>>;

async fn start() -> (Runtime, Arc<Notify>) {
    let (rt, lost, _) = start_watching().await;
    (rt, lost)
}

async fn start_watching() -> (Runtime, Arc<Notify>, Terminated) {
    let starts = Arc::new(AtomicU32::new(0));
    let place_lost = Arc::new(Notify::new());
    let lost = place_lost.clone();
    let terminated = Terminated::default();
    let seen = terminated.clone();
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default().child(ChildSpec::worker("remote", move || Remote {
            incarnation: starts.fetch_add(1, Ordering::SeqCst) + 1,
            place_lost: lost.clone(),
            link: None,
            terminated: seen.clone(),
        })),
    )
    .await
    .unwrap();
    (rt, place_lost, terminated)
}

async fn next_exit(events: &mut hms_runtime::EventStream) -> ExitReason {
    loop {
        let e = tokio::time::timeout(Duration::from_secs(5), events.recv())
            .await
            .expect("an exit within 5 s")
            .expect("events open");
        if let EventKind::Failed { reason } = e.kind {
            return reason;
        }
    }
}

#[tokio::test]
async fn an_idempotent_call_cut_by_noconnection_is_retried_on_the_restarted_child() {
    let (rt, _) = start().await;
    let mut events = rt.events();
    let remote = rt.handle::<Remote>("remote").unwrap();
    let answer = remote.call(Ask::Work, Duration::from_secs(5)).await;
    assert_eq!(answer.unwrap(), 2, "answered by the second incarnation");
    assert_eq!(
        next_exit(&mut events).await,
        ExitReason::Noconnection("b".into())
    );
}

#[tokio::test]
async fn a_call_that_may_not_be_retried_hears_actor_down() {
    let (rt, _) = start().await;
    let remote = rt.handle::<Remote>("remote").unwrap();
    let err = remote
        .call_with(
            Ask::Work,
            CallOptions::timeout(Duration::from_secs(5)).idempotent(false),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ActorDown, "{err}");
    // The reply the handler returned was not delivered as an answer.
    assert!(!err.message().contains("node b was lost"), "{err}");
}

#[tokio::test]
async fn a_linked_child_exits_with_noconnection_when_its_place_is_lost() {
    let (rt, place_lost, terminated) = start_watching().await;
    let mut events = rt.events();
    let remote = rt.handle::<Remote>("remote").unwrap();
    assert_eq!(
        remote
            .call(Ask::Link, Duration::from_secs(5))
            .await
            .unwrap(),
        1
    );
    place_lost.notify_one();
    assert_eq!(
        next_exit(&mut events).await,
        ExitReason::Noconnection("b".into())
    );
    // Restarted: the next call reaches the new incarnation.
    let mut seen = 0;
    for _ in 0..100 {
        seen = remote
            .call(Ask::Unlink, Duration::from_secs(5))
            .await
            .unwrap_or(0);
        if seen == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(seen, 2);
    assert_eq!(
        *terminated.lock().unwrap(),
        [ExitReason::Noconnection("b".into())],
        "terminate heard the link's reason"
    );
}

#[tokio::test]
async fn an_undone_link_does_not_fire() {
    let (rt, place_lost) = start().await;
    let remote = rt.handle::<Remote>("remote").unwrap();
    remote
        .call(Ask::Link, Duration::from_secs(5))
        .await
        .unwrap();
    remote
        .call(Ask::Unlink, Duration::from_secs(5))
        .await
        .unwrap();
    place_lost.notify_one();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        remote
            .call(Ask::Unlink, Duration::from_secs(5))
            .await
            .unwrap(),
        1,
        "still the first incarnation"
    );
}
