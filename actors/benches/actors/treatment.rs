//! The treatment optimizer. Scaling: evaluations per second of the treatment
//! problem (unmemoized, so every evaluation verifies its plan against every
//! safety rule), on 1, 2, 4, ... threads up to all cores, against one thread;
//! the goal is near-linear (>= 0.9 x cores on 2 to 8 cores, >= 8 on 16), at
//! the default island count (and, for comparison, at 4 islands).
//! Latency: `optimize_treatment` for the panel's base patient, p50 and p99
//! over 50 runs (memoized, as the actor runs it), against one verification of
//! the plan it returns.

use std::time::{Duration, Instant};

use hms_actors::clinical::{Date, Patient};
use hms_actors::error::decode;
use hms_actors::genetic::archipelago::{run as run_islands, IslandParams};
use hms_actors::genetic::optimize_treatment_at;
use hms_actors::genetic::treatment::TreatmentProblem;
use hms_actors::prover::{verify, Settings, VerifyOptions};
use serde_json::Value;

use crate::report::{line, median, quantile_us, Goal, Line};

const PANEL: &str = include_str!("../../tests/cases/archetypes.json");

fn base() -> (Patient, Settings) {
    let panel: Value = serde_json::from_str(PANEL).expect("the archetype panel");
    let patient = decode(panel["base_patient"].clone()).expect("the base patient");
    let settings = VerifyOptions::default().settle(Date::parse("2026-11-26").expect("a date"));
    (patient, settings)
}

/// Evaluations per second of one run of 20 generations for synthetic patient `i`.
fn rate(i: u64, islands: usize, settings: Settings) -> f64 {
    let patient = hms_actors::clinical::synthetic::patient(7, i);
    let problem = TreatmentProblem::unmemoized(patient, settings);
    let params = IslandParams {
        seed: i,
        islands,
        generations: 20,
        ..IslandParams::default()
    };
    let start = Instant::now();
    let result = run_islands(&problem, &params);
    result.evaluations as f64 / start.elapsed().as_secs_f64()
}

/// The median rate on `threads` and the 1-thread rate it implies: runs on 1
/// thread and on `threads` alternate patient by patient, and the speed-up is
/// the median of each pair's ratio (a pair shares whatever else the machine
/// was doing at the time, which is most of the noise on a shared machine).
fn scaling(threads: usize, islands: usize, patients: u64, settings: Settings) -> (f64, f64) {
    let one_pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a pool");
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a pool");
    let (mut ones, mut manys) = (Vec::new(), Vec::new());
    // A pause after each run lets the other pool's idle workers stop spinning
    // before the next one starts, so neither side runs against them.
    let pause = || std::thread::sleep(std::time::Duration::from_millis(20));
    for i in 0..patients {
        ones.push(one_pool.install(|| rate(i, islands, settings)));
        pause();
        manys.push(pool.install(|| rate(i, islands, settings)));
        pause();
    }
    let ratios = manys.iter().zip(&ones).map(|(m, o)| m / o).collect();
    let many = median(manys);
    (many, many / median(ratios))
}

fn goal(threads: usize) -> Goal {
    match threads {
        16.. => Goal::AtLeast(8.0),
        2..=8 => Goal::AtLeast(0.9 * threads as f64),
        _ => Goal::Info,
    }
}

pub fn run(quick: bool) -> Vec<Line> {
    let (patient, settings) = base();
    let patients = if quick { 9 } else { 25 };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let islands = IslandParams::default().islands;
    let mut lines = Vec::new();
    let mut threads = 2;
    while threads < cores {
        let (many, one) = scaling(threads, islands, patients, settings);
        lines.push(line(
            &format!("ga_treatment_evals_per_s_{threads}_threads"),
            many,
            one,
            "/s",
            "same runs on 1 thread",
            Goal::Info,
        ));
        threads *= 2;
    }
    let (all, one) = scaling(cores, islands, patients, settings);
    lines.push(line(
        &format!("ga_treatment_evals_per_s_{cores}_threads"),
        all,
        one,
        "/s",
        "same runs on 1 thread, interleaved",
        goal(cores),
    ));
    let (all, one) = scaling(cores, 4, patients, settings);
    lines.push(line(
        &format!("ga_treatment_evals_per_s_{cores}_threads_4_islands"),
        all,
        one,
        "/s",
        "same runs on 1 thread, interleaved",
        Goal::Info,
    ));

    // Latency of one optimization, as a caller sees it.
    let runs = 50;
    let params = IslandParams {
        seed: 7,
        ..IslandParams::default()
    };
    let mut samples = Vec::with_capacity(runs);
    let mut evaluations = 0;
    let mut plan = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = optimize_treatment_at(&patient, &params, settings).expect("optimizes");
        samples.push(start.elapsed());
        evaluations = out.run.evaluations;
        plan = Some(out.plan);
    }
    let plan = plan.expect("ran");
    let mut verifications: Vec<Duration> = (0..200)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(verify(&plan, &patient, settings));
            start.elapsed()
        })
        .collect();
    let anchor = quantile_us(&mut verifications, 0.5);
    let label = format!("one verification of the returned plan; {evaluations} evaluations per run");
    lines.push(line(
        "optimize_treatment_p50_us",
        quantile_us(&mut samples, 0.5),
        anchor,
        "us",
        &label,
        Goal::Info,
    ));
    lines.push(line(
        "optimize_treatment_p99_us",
        quantile_us(&mut samples, 0.99),
        anchor,
        "us",
        &label,
        Goal::Info,
    ));
    lines
}
