//! Restart latency: from a handler's panic to the restarted child answering
//! the next call. Ours: the supervisor applies its rules and a call by name
//! waits for the new incarnation. Anchor: a bare ractor supervisor that
//! respawns the child on `ActorFailed` and publishes the new ref.
//! Goal: p99 ≤ 2× bare.

use std::time::{Duration, Instant};

use hms_runtime::ractor::{call, cast, Actor, ActorProcessingErr, ActorRef, SupervisionEvent};
use hms_runtime::{ChildSpec, Runtime, SupervisorSpec};
use tokio::sync::watch;

use crate::report::{line, median, quantile_us, Goal, Line};
use crate::workers::{current_thread, Acc, BareAcc, BareMsg, Op};

const RESTARTS: usize = 2_000;
const T: Duration = Duration::from_secs(5);

async fn ours() -> f64 {
    let spec = SupervisorSpec::default()
        .intensity(u32::MAX, Duration::from_secs(1))
        .child(ChildSpec::worker("acc", Acc::default));
    let rt = Runtime::start("root", spec).await.unwrap();
    let h = rt.handle::<Acc>("acc").unwrap();
    let mut samples = Vec::with_capacity(RESTARTS);
    for _ in 0..RESTARTS {
        let t0 = Instant::now();
        h.cast(Op::Panic).unwrap();
        h.call(Op::Get, T).await.unwrap();
        samples.push(t0.elapsed());
    }
    assert_eq!(h.stats().restarts, RESTARTS as u64);
    rt.shutdown().await;
    quantile_us(&mut samples, 0.99)
}

/// Respawns its one child whenever it fails and publishes the new ref.
struct BareSupervisor;

type Current = watch::Sender<Option<ActorRef<BareMsg>>>;

impl Actor for BareSupervisor {
    type Msg = ();
    type State = Current;
    type Arguments = Current;

    async fn pre_start(
        &self,
        myself: ActorRef<()>,
        current: Current,
    ) -> Result<Current, ActorProcessingErr> {
        let (child, _) = Actor::spawn_linked(None, BareAcc, (), myself.get_cell()).await?;
        current.send_replace(Some(child));
        Ok(current)
    }

    async fn handle_supervisor_evt(
        &self,
        myself: ActorRef<()>,
        evt: SupervisionEvent,
        current: &mut Current,
    ) -> Result<(), ActorProcessingErr> {
        if let SupervisionEvent::ActorFailed(..) = evt {
            let (child, _) = Actor::spawn_linked(None, BareAcc, (), myself.get_cell()).await?;
            current.send_replace(Some(child));
        }
        Ok(())
    }
}

async fn bare() -> f64 {
    let (tx, mut rx) = watch::channel(None);
    let (sup, sup_handle) = Actor::spawn(None, BareSupervisor, tx).await.unwrap();
    let mut current = rx.borrow_and_update().clone().expect("first child");
    let mut samples = Vec::with_capacity(RESTARTS);
    for _ in 0..RESTARTS {
        let t0 = Instant::now();
        cast!(current, BareMsg::Panic).unwrap();
        tokio::time::timeout(T, rx.changed())
            .await
            .unwrap()
            .unwrap();
        current = rx.borrow_and_update().clone().expect("respawned child");
        call!(current, BareMsg::Get).unwrap();
        samples.push(t0.elapsed());
    }
    sup.stop(None);
    sup_handle.await.unwrap();
    quantile_us(&mut samples, 0.99)
}

pub fn run(rounds: usize) -> Vec<Line> {
    let tokio = current_thread();
    let (mut o, mut b) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        b.push(tokio.block_on(bare()));
        o.push(tokio.block_on(ours()));
    }
    vec![line(
        "restart_p99",
        median(o),
        median(b),
        "us",
        "bare ractor respawn on ActorFailed + call!, current_thread",
        Goal::AtMost(2.0),
    )]
}
