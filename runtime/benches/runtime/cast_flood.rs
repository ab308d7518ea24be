//! Cast flood: one sender, one actor, a million casts, then a call that waits
//! for all of them. Goal: ≥ 0.90× bare ractor's messages per second.

use std::time::{Duration, Instant};

use hms_runtime::ractor::{call, cast, Actor};
use hms_runtime::{ChildSpec, Runtime, SupervisorSpec};

use crate::report::{line, median, Goal, Line};
use crate::workers::{multi_thread, Acc, BareAcc, BareMsg, Op};

const N: u64 = 1_000_000;
const T: Duration = Duration::from_secs(60);

async fn ours() -> f64 {
    let spec = SupervisorSpec::default()
        .child(ChildSpec::worker("acc", Acc::default).max_in_flight(N as usize + 1));
    let rt = Runtime::start("root", spec).await.unwrap();
    let h = rt.handle::<Acc>("acc").unwrap();
    let t0 = Instant::now();
    for _ in 0..N {
        h.cast(Op::Add(1)).unwrap();
    }
    assert_eq!(h.call(Op::Get, T).await.unwrap(), N);
    let rate = N as f64 / t0.elapsed().as_secs_f64();
    rt.shutdown().await;
    rate
}

async fn bare() -> f64 {
    let (actor, handle) = Actor::spawn(None, BareAcc, ()).await.unwrap();
    let t0 = Instant::now();
    for _ in 0..N {
        cast!(actor, BareMsg::Add(1)).unwrap();
    }
    assert_eq!(call!(actor, BareMsg::Get).unwrap(), N);
    let rate = N as f64 / t0.elapsed().as_secs_f64();
    actor.stop(None);
    handle.await.unwrap();
    rate
}

pub fn run(rounds: usize) -> Vec<Line> {
    let tokio = multi_thread();
    let (mut o, mut b) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        b.push(tokio.block_on(bare()));
        o.push(tokio.block_on(ours()));
    }
    vec![line(
        "cast_flood",
        median(o) / 1e6,
        median(b) / 1e6,
        "Mmsg/s",
        "bare ractor cast!, multi_thread",
        Goal::AtLeast(0.90),
    )]
}
