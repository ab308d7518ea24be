//! 100k `simple_one_for_one` children started, then all stopped by shutting
//! the supervisor down. Anchor: 100k bare ractor actors spawned linked to a
//! holder, then stopped and awaited. Goals: start+stop time ≤ 1.5× bare;
//! heap per child ≤ 1.5× a bare actor.
//!
//! Two ways to start: one `start_child` call per child (OTP's way: a round
//! trip to the supervisor each), and `start_children_with` in batches of 1000
//! (one round trip per batch, the way to fill a pool).

use std::time::Instant;

use hms_runtime::ractor::Actor;
use hms_runtime::{ChildSpec, Runtime, SupervisorSpec};

use crate::alloc::live;
use crate::report::{line, median, Goal, Line};
use crate::workers::{multi_thread, Acc, BareAcc, BareHolder};

const N: usize = 100_000;
const BATCH: usize = 1_000;

/// (seconds for start+stop, heap bytes per child)
async fn ours(batched: bool) -> (f64, f64) {
    let spec = SupervisorSpec::simple(ChildSpec::worker_with("acc", |_: &()| Acc::default()));
    let rt = Runtime::start("pool", spec).await.unwrap();
    let pool = rt.root();
    let before = live();
    let t0 = Instant::now();
    if batched {
        for _ in 0..N / BATCH {
            let started = pool
                .start_children_with(std::iter::repeat_n((), BATCH))
                .await
                .unwrap();
            assert!(started.iter().all(Result::is_ok));
        }
    } else {
        for _ in 0..N {
            pool.start_child_with(()).await.unwrap();
        }
    }
    let bytes = (live() - before) as f64 / N as f64;
    drop(pool);
    rt.shutdown().await;
    (t0.elapsed().as_secs_f64(), bytes)
}

async fn bare() -> (f64, f64) {
    let (holder, holder_handle) = Actor::spawn(None, BareHolder, ()).await.unwrap();
    let mut children = Vec::with_capacity(N);
    let before = live();
    let t0 = Instant::now();
    for _ in 0..N {
        children.push(
            Actor::spawn_linked(None, BareAcc, (), holder.get_cell())
                .await
                .unwrap(),
        );
    }
    let bytes = (live() - before) as f64 / N as f64;
    for (actor, _) in &children {
        actor.stop(None);
    }
    for (_, handle) in children {
        handle.await.unwrap();
    }
    let took = t0.elapsed().as_secs_f64();
    holder.stop(None);
    holder_handle.await.unwrap();
    (took, bytes)
}

pub fn run(rounds: usize) -> Vec<Line> {
    let tokio = multi_thread();
    let (mut one, mut batch, mut mem, mut bt, mut bm) = (vec![], vec![], vec![], vec![], vec![]);
    for _ in 0..rounds {
        let (t, m) = tokio.block_on(bare());
        bt.push(t);
        bm.push(m);
        let (t, m) = tokio.block_on(ours(false));
        one.push(t);
        mem.push(m);
        batch.push(tokio.block_on(ours(true)).0);
    }
    let anchor = "100k bare ractor spawn_linked + stop, multi_thread";
    vec![
        line(
            "dynamic_100k_start_stop",
            median(one) * 1e3,
            median(bt.clone()) * 1e3,
            "ms",
            anchor,
            Goal::AtMost(1.5),
        ),
        line(
            "dynamic_100k_start_stop_batched",
            median(batch) * 1e3,
            median(bt) * 1e3,
            "ms",
            anchor,
            Goal::AtMost(1.5),
        ),
        line(
            "dynamic_100k_memory_per_child",
            median(mem),
            median(bm),
            "B",
            "heap per bare ractor actor",
            Goal::AtMost(1.5),
        ),
    ]
}
