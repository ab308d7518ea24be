//! Island-count scaling: evaluations per second of the treatment problem
//! with 1, 2, 4 and 8 islands of 32 (islands evolve in parallel), against
//! one island.

use std::time::Instant;

use hms_actors::clinical::synthetic;
use hms_actors::genetic::archipelago::{run as run_islands, IslandParams};
use hms_actors::genetic::treatment::{default_settings, TreatmentProblem};

use crate::report::{line, median, Goal, Line};

fn rate(islands: usize, rounds: u64) -> f64 {
    let mut rates = Vec::new();
    for i in 0..rounds {
        let problem = TreatmentProblem::unmemoized(synthetic::patient(8, i), default_settings());
        let params = IslandParams {
            seed: i,
            islands,
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
    let rounds = if quick { 3 } else { 7 };
    let base = rate(1, rounds);
    [2, 4, 8]
        .into_iter()
        .map(|n| {
            line(
                &format!("ga_islands_{n}_evals_per_s"),
                rate(n, rounds),
                base,
                "/s",
                "1 island",
                Goal::Info,
            )
        })
        .collect()
}
