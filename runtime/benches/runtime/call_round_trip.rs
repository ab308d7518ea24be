//! Call round trip, one call at a time: our `Handle::call` (stable name,
//! deadline, in-flight bound, counters) against ractor's bare `call!`.
//! Goal: p50 and p99 ≤ 1.25× bare.

use std::time::{Duration, Instant};

use hms_runtime::ractor::{call, Actor};
use hms_runtime::{ChildSpec, Runtime, SupervisorSpec};

use crate::report::{line, median, quantile_us, Goal, Line};
use crate::workers::{current_thread, multi_thread, Acc, BareAcc, BareMsg, Op};

const CALLS: usize = 100_000;
const WARMUP: usize = 10_000;
const T: Duration = Duration::from_secs(5);

async fn ours() -> (f64, f64) {
    let rt = Runtime::start(
        "root",
        SupervisorSpec::default().child(ChildSpec::worker("acc", Acc::default)),
    )
    .await
    .unwrap();
    let h = rt.handle::<Acc>("acc").unwrap();
    let mut samples = Vec::with_capacity(CALLS);
    for i in 0..WARMUP + CALLS {
        let t0 = Instant::now();
        h.call(Op::Get, T).await.unwrap();
        if i >= WARMUP {
            samples.push(t0.elapsed());
        }
    }
    rt.shutdown().await;
    (
        quantile_us(&mut samples, 0.50),
        quantile_us(&mut samples, 0.99),
    )
}

async fn bare() -> (f64, f64) {
    let (actor, handle) = Actor::spawn(None, BareAcc, ()).await.unwrap();
    let mut samples = Vec::with_capacity(CALLS);
    for i in 0..WARMUP + CALLS {
        let t0 = Instant::now();
        call!(actor, BareMsg::Get).unwrap();
        if i >= WARMUP {
            samples.push(t0.elapsed());
        }
    }
    actor.stop(None);
    handle.await.unwrap();
    (
        quantile_us(&mut samples, 0.50),
        quantile_us(&mut samples, 0.99),
    )
}

fn flavor(name: &str, tokio: tokio::runtime::Runtime, rounds: usize) -> Vec<Line> {
    let (mut o50, mut o99, mut b50, mut b99) = (vec![], vec![], vec![], vec![]);
    for _ in 0..rounds {
        let (p50, p99) = tokio.block_on(bare());
        b50.push(p50);
        b99.push(p99);
        let (p50, p99) = tokio.block_on(ours());
        o50.push(p50);
        o99.push(p99);
    }
    let anchor = format!("bare ractor call!, {name}");
    vec![
        line(
            &format!("call_p50_{name}"),
            median(o50),
            median(b50),
            "us",
            &anchor,
            Goal::AtMost(1.25),
        ),
        line(
            &format!("call_p99_{name}"),
            median(o99),
            median(b99),
            "us",
            &anchor,
            Goal::AtMost(1.25),
        ),
    ]
}

pub fn run(rounds: usize) -> Vec<Line> {
    let mut lines = flavor("current_thread", current_thread(), rounds);
    lines.extend(flavor("multi_thread", multi_thread(), rounds));
    lines
}

pub fn run_current_thread(rounds: usize) -> Vec<Line> {
    flavor("current_thread", current_thread(), rounds)
}
