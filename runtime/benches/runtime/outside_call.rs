//! A call to an idle actor from a thread outside tokio (`Handle::blocking_call`,
//! the path of the C, Go and Ruby callers) against the same call from a tokio
//! task, one call at a time, on the same multi-thread runtime. Measured back to
//! back and with 5 µs of other work between calls, when runtime workers have
//! time to park. Goal: p50 ≤ 1.5× the tokio task's.

use std::time::{Duration, Instant};

use hms_runtime::{ChildSpec, Handle, Runtime, SupervisorSpec};

use crate::report::{line, median, quantile_us, Goal, Line};
use crate::workers::{multi_thread, Acc, Op};

const CALLS: usize = 30_000;
const WARMUP: usize = 3_000;
const T: Duration = Duration::from_secs(5);

/// Busy work between two calls, as a foreign caller's own code would do.
fn work(gap: Duration) {
    let until = Instant::now() + gap;
    while Instant::now() < until {
        std::hint::spin_loop();
    }
}

fn calls(gap: Duration, mut call: impl FnMut()) -> f64 {
    let mut samples = Vec::with_capacity(CALLS);
    for i in 0..WARMUP + CALLS {
        work(gap);
        let t0 = Instant::now();
        call();
        if i >= WARMUP {
            samples.push(t0.elapsed());
        }
    }
    quantile_us(&mut samples, 0.50)
}

fn from_thread(tokio: &tokio::runtime::Runtime, h: &Handle<Acc>, gap: Duration) -> f64 {
    let (h, at) = (h.clone(), tokio.handle().clone());
    std::thread::spawn(move || {
        calls(gap, || {
            h.blocking_call(&at, Op::Get, T).unwrap();
        })
    })
    .join()
    .unwrap()
}

fn from_task(tokio: &tokio::runtime::Runtime, h: &Handle<Acc>, gap: Duration) -> f64 {
    let h = h.clone();
    let task = tokio.spawn(async move {
        let mut samples = Vec::with_capacity(CALLS);
        for i in 0..WARMUP + CALLS {
            work(gap);
            let t0 = Instant::now();
            h.call(Op::Get, T).await.unwrap();
            if i >= WARMUP {
                samples.push(t0.elapsed());
            }
        }
        quantile_us(&mut samples, 0.50)
    });
    tokio.block_on(task).unwrap()
}

pub fn run(rounds: usize) -> Vec<Line> {
    let tokio = multi_thread();
    let rt = tokio
        .block_on(Runtime::start(
            "root",
            SupervisorSpec::default().child(ChildSpec::worker("acc", Acc::default)),
        ))
        .unwrap();
    let h = rt.handle::<Acc>("acc").unwrap();
    let mut lines = Vec::new();
    for (name, gap) in [
        ("outside_tokio_call_p50", Duration::ZERO),
        ("outside_tokio_call_p50_5us_apart", Duration::from_micros(5)),
    ] {
        let (mut ours, mut anchor) = (vec![], vec![]);
        for _ in 0..rounds {
            anchor.push(from_task(&tokio, &h, gap));
            ours.push(from_thread(&tokio, &h, gap));
        }
        lines.push(line(
            name,
            median(ours),
            median(anchor),
            "us",
            "the same call from a tokio task",
            Goal::AtMost(1.5),
        ));
    }
    tokio.block_on(rt.shutdown());
    lines
}
