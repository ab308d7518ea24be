//! 100k `simple_one_for_one` children started, then all stopped by shutting
//! the supervisor down. Goals: start+stop time ≤ 1.5× bare ractor; heap per
//! child ≤ 1.5× a bare actor.
//!
//! Two ways to start, each against the bare ractor code that does the same:
//! - one `start_child` call per child (OTP's way: a round trip to the
//!   supervisor each) against a bare ractor actor that spawns a child per
//!   request and stops them all when it stops;
//! - `start_children_with` in batches of 1000 (the way to fill a pool) against
//!   a bare loop of `spawn_linked` calls, the fastest ractor can go.

use std::time::Instant;

use hms_runtime::ractor::{call, Actor};
use hms_runtime::{ChildSpec, Runtime, SupervisorSpec};

use crate::alloc::live;
use crate::report::{line, median, Goal, Line};
use crate::workers::{multi_thread, Acc, BareAcc, BareHolder, HolderMsg};

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

/// Bare ractor, one request per child to a holder actor.
async fn bare_requests() -> f64 {
    let (holder, holder_handle) = Actor::spawn(None, BareHolder, ()).await.unwrap();
    let t0 = Instant::now();
    for _ in 0..N {
        call!(holder, HolderMsg::Spawn).unwrap();
    }
    holder.stop(None);
    holder_handle.await.unwrap();
    t0.elapsed().as_secs_f64()
}

/// Bare ractor, the spawning loop in the caller: (seconds, heap bytes per actor).
async fn bare_loop() -> (f64, f64) {
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
    let (mut one, mut batch, mut mem) = (vec![], vec![], vec![]);
    let (mut b_req, mut b_loop, mut b_mem) = (vec![], vec![], vec![]);
    for _ in 0..rounds {
        b_req.push(tokio.block_on(bare_requests()));
        let (t, m) = tokio.block_on(ours(false));
        one.push(t);
        mem.push(m);
        let (t, m) = tokio.block_on(bare_loop());
        b_loop.push(t);
        b_mem.push(m);
        batch.push(tokio.block_on(ours(true)).0);
    }
    vec![
        line(
            "dynamic_100k_start_stop",
            median(one) * 1e3,
            median(b_req) * 1e3,
            "ms",
            "bare ractor holder spawning 100k children on request, multi_thread",
            Goal::AtMost(1.5),
        ),
        line(
            "dynamic_100k_start_stop_batched",
            median(batch) * 1e3,
            median(b_loop) * 1e3,
            "ms",
            "100k bare ractor spawn_linked in a loop + stop, multi_thread",
            Goal::AtMost(1.5),
        ),
        line(
            "dynamic_100k_memory_per_child",
            median(mem),
            median(b_mem),
            "B",
            "heap per bare ractor actor",
            Goal::AtMost(1.5),
        ),
    ]
}
