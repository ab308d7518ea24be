//! Adaptive-trial simulation against a straightforward NumPy implementation
//! of the same design (`numpy_trial.py`, run here): a 4-arm trial (control
//! and three experimental arms), 500 patients, 4 interim analyses, outcome
//! at week 12 with 10 patients a week, Thall–Wathen randomization (power
//! n/2N, shares in [0.1, 0.9]), futility 0.05 and superiority 0.99 against
//! the control. Trials per second, ours on every core, the anchor on one (as
//! NumPy runs); their operating characteristics are printed side by side to
//! show it is the same design.

use std::process::Command;
use std::time::Instant;

use hms_actors::trial::{characteristics, Design, Scenario};
use serde_json::Value;

use crate::report::{line, median, Goal, Line};

/// The design the tests check too (`tests/cases/four_arm_design.json`).
pub fn design() -> Design {
    let text = include_str!("../../tests/cases/four_arm_design.json");
    Design::from_json(serde_json::from_str(text).expect("JSON")).expect("the bench design is valid")
}

fn numpy(trials: u32) -> Result<Value, String> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/actors/numpy_trial.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(trials.to_string())
        .output()
        .map_err(|e| format!("python3: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "the NumPy anchor did not run (pip install numpy): {}",
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("")
        ));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())
}

pub fn run(quick: bool) -> Vec<Line> {
    let anchor_trials = if quick { 500 } else { 2000 };
    let anchor = match numpy(anchor_trials) {
        Ok(v) => v,
        Err(e) => {
            println!("bench: trial_simulations_per_s MISSED: {e}");
            return vec![Line { met: false }];
        }
    };
    let anchor_rate = anchor["trials"].as_f64().unwrap_or(0.0)
        / anchor["seconds"].as_f64().unwrap_or(f64::INFINITY);
    let design = design();
    let scenario = Scenario {
        name: "UPA works".into(),
        rates: vec![0.2, 0.4, 0.25, 0.2],
    };
    let trials = if quick { 20_000 } else { 100_000 };
    let mut rates = Vec::new();
    let mut last = None;
    for round in 0..if quick { 3 } else { 5 } {
        let start = Instant::now();
        let oc = characteristics(&design, &scenario, 0, trials, round);
        rates.push(trials as f64 / start.elapsed().as_secs_f64());
        last = Some(oc);
    }
    let oc = last.expect("at least one round");
    println!(
        "# trials: ours P(superiority) {:.3}, P(correct selection) {:.3}, E[N] {:.1} over {trials} trials; NumPy {:.3}, {:.3}, {:.1} over {anchor_trials}",
        oc.p_superiority,
        oc.p_correct_selection.unwrap_or(f64::NAN),
        oc.patients.mean,
        anchor["p_superiority"].as_f64().unwrap_or(f64::NAN),
        anchor["p_correct_selection"].as_f64().unwrap_or(f64::NAN),
        anchor["patients_mean"].as_f64().unwrap_or(f64::NAN),
    );
    vec![line(
        "trial_simulations_per_s",
        median(rates),
        anchor_rate,
        "/s",
        "NumPy, same design, grid quadrature, one trial at a time",
        Goal::AtLeast(20.0),
    )]
}
