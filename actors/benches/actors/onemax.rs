//! OneMax-1000 against DEAP at the same evaluation budget: population 100,
//! tournament 3, two-point crossover p=0.5, bit-flip indpb 0.001 applied with
//! p=0.2. DEAP runs `eaSimple` for 200 generations (seed 64, the anchor's);
//! ours runs, for each of 21 seeds, until it has spent as many evaluations.

use std::process::Command;
use std::time::Instant;

use hms_actors::genetic::ga::{GaParams, Population};
use hms_actors::genetic::onemax::OneMax;
use serde_json::Value;

use crate::report::{line, median, Goal, Line};

fn deap() -> Result<(f64, f64, f64), String> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/actors/deap_onemax.py");
    let out = Command::new("python3")
        .arg(script)
        .arg("64")
        .output()
        .map_err(|e| format!("python3: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "DEAP did not run (pip install deap): {}",
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("")
        ));
    }
    let v: Value = serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())?;
    let f = |k: &str| v[k].as_f64().ok_or(format!("DEAP output lacks {k}"));
    Ok((f("evaluations")?, f("seconds")?, f("best")?))
}

pub fn run(quick: bool) -> Vec<Line> {
    let (budget, deap_seconds, deap_best) = match deap() {
        Ok(d) => d,
        Err(e) => {
            println!("bench: ga_onemax_evals_per_s MISSED: {e}");
            return vec![Line { met: false }];
        }
    };
    let deap_rate = budget / deap_seconds;
    let problem = OneMax::new(1000);
    let params = GaParams {
        population: 100,
        ..GaParams::default()
    };
    let seeds = if quick { 7 } else { 21 };
    let mut rates = Vec::new();
    let mut bests = Vec::new();
    let mut generations = Vec::new();
    for seed in 0..seeds {
        let start = Instant::now();
        let mut pop = Population::new(&problem, &params, seed);
        while (pop.evaluations as f64) < budget {
            pop.evolve(&problem, &params, 1);
        }
        rates.push(pop.evaluations as f64 / start.elapsed().as_secs_f64());
        bests.push(pop.best().1);
        generations.push(pop.generation as f64);
    }
    let worst = bests.iter().cloned().fold(f64::MAX, f64::min);
    println!(
        "# onemax: DEAP {budget:.0} evaluations in {deap_seconds:.2} s, best {deap_best}; ours at that budget over {seeds} seeds: best median {} (worst {worst}), {:.0} generations median",
        median(bests.clone()),
        median(generations)
    );
    vec![
        line(
            "ga_onemax_evals_per_s",
            median(rates),
            deap_rate,
            "/s",
            "DEAP eaSimple, same operators and budget",
            Goal::AtLeast(500.0),
        ),
        line(
            "ga_onemax_best_fitness",
            median(bests),
            deap_best,
            "",
            "DEAP best at the same budget",
            Goal::AtLeast(1.0),
        ),
    ]
}
