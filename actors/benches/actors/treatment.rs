//! Evaluations per second on the treatment problem (each evaluation verifies
//! the plan against every safety rule), unmemoized, on all cores against one.

use std::time::Instant;

use hms_actors::clinical::synthetic;
use hms_actors::genetic::archipelago::{run as run_islands, IslandParams};
use hms_actors::genetic::treatment::{default_settings, TreatmentProblem};

use crate::on_threads;
use crate::report::{line, median, Goal, Line};

fn rate(patients: u64) -> f64 {
    let mut rates = Vec::new();
    for i in 0..patients {
        let problem = TreatmentProblem::unmemoized(synthetic::patient(7, i), default_settings());
        let params = IslandParams {
            seed: i,
            generations: 20,
            ..IslandParams::default()
        };
        let start = Instant::now();
        let result = run_islands(&problem, &params);
        rates.push(result.evaluations as f64 / start.elapsed().as_secs_f64());
    }
    median(rates)
}

pub fn run(quick: bool) -> Vec<Line> {
    let patients = if quick { 5 } else { 15 };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let one = on_threads(1, || rate(patients));
    let all = on_threads(cores, || rate(patients));
    vec![line(
        "ga_treatment_evals_per_s",
        all,
        one,
        "/s",
        "same runs on 1 thread",
        Goal::Info,
    )]
}
