//! The trial framework's three requests, decoded and checked with paths that
//! name the offending field: operating characteristics of a design over
//! scenarios, one simulated trial with every analysis described, and one
//! analysis of a trial run step by step on real (or externally simulated)
//! data. Pure, so every bridge answers them the same way.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::analysis::{analyse, ArmData, ArmStatus, Stop};
use super::design::Design;
use super::engine::{look, run_trial, Look};
use super::operating::{characteristics, Characteristics, Scenario};
use crate::error::decode;
use crate::prover::DISCLAIMER;
use crate::InputError;

/// At most this many simulated trials per scenario.
pub const MAX_TRIALS: u32 = 1_000_000;
/// A request's work, in the units of [`work_per_trial`], at most: about a
/// minute on two cores (the bench design is ~16,500 units a trial and runs
/// ~76,000 trials a second there).
pub const MAX_WORK: u64 = 75_000_000_000;

/// The work of one simulated trial, roughly: every patient (times the
/// factors and arms minimization weighs), and every analysis (arms² grid
/// sweeps of ~200 cells for P(best)).
pub fn work_per_trial(design: &Design) -> u64 {
    let arms = design.arms.len() as u64;
    let patients =
        design.max_patients as u64 * (1 + design.randomization.factors.len() as u64 * arms);
    let analyses = (design.interims.len() as u64 + 1) * arms * arms * 200;
    patients + analyses
}

const METHOD: &str = "Beta-binomial posteriors per arm, probabilities by quadrature on a shared grid (not posterior draws); each trial from its own seed stream, so a seed gives the same numbers at any thread count.";

fn design(value: Value) -> Result<Design, InputError> {
    Design::from_json(value).map_err(|e| e.at("design"))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OperatingBody {
    design: Value,
    scenarios: Vec<Scenario>,
    #[serde(default = "default_trials")]
    trials: u32,
    #[serde(default)]
    seed: u64,
}

fn default_trials() -> u32 {
    1000
}

#[derive(Clone, Debug)]
pub struct OperatingRequest {
    pub design: Design,
    pub scenarios: Vec<Scenario>,
    pub trials: u32,
    pub seed: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct OperatingReport {
    pub design: Design,
    pub trials: u32,
    pub seed: u64,
    pub scenarios: Vec<Characteristics>,
    pub method: &'static str,
    pub disclaimer: &'static str,
}

impl OperatingRequest {
    pub fn from_json(body: Value) -> Result<Self, InputError> {
        let b: OperatingBody = decode(body)?;
        let design = design(b.design)?;
        if b.scenarios.is_empty() || b.scenarios.len() > 64 {
            return Err(InputError::new("scenarios", "give 1 to 64 scenarios"));
        }
        for (i, s) in b.scenarios.iter().enumerate() {
            s.check(&design, &format!("scenarios[{i}]"))?;
        }
        if !(1..=MAX_TRIALS).contains(&b.trials) {
            return Err(InputError::new(
                "trials",
                format!("must be 1 to {MAX_TRIALS}"),
            ));
        }
        let work = b.scenarios.len() as u64 * b.trials as u64 * work_per_trial(&design);
        if work > MAX_WORK {
            return Err(InputError::new(
                "trials",
                format!(
                    "this request is about {} minutes of work on two cores: run at most {} trials per scenario per request",
                    work / MAX_WORK + 1,
                    MAX_WORK / (b.scenarios.len() as u64 * work_per_trial(&design)).max(1)
                ),
            ));
        }
        Ok(Self {
            design,
            scenarios: b.scenarios,
            trials: b.trials,
            seed: b.seed,
        })
    }

    pub fn run(&self) -> OperatingReport {
        OperatingReport {
            design: self.design.clone(),
            trials: self.trials,
            seed: self.seed,
            scenarios: self
                .scenarios
                .iter()
                .enumerate()
                .map(|(i, s)| characteristics(&self.design, s, i as u64, self.trials, self.seed))
                .collect(),
            method: METHOD,
            disclaimer: DISCLAIMER,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RunBody {
    design: Value,
    rates: Vec<f64>,
    #[serde(default)]
    seed: u64,
}

#[derive(Clone, Debug)]
pub struct RunRequest {
    pub design: Design,
    pub rates: Vec<f64>,
    pub seed: u64,
}

/// One simulated trial with every analysis, for charts and the dashboard.
#[derive(Clone, Debug, Serialize)]
pub struct TrialReport {
    pub design: Design,
    pub rates: Vec<f64>,
    pub seed: u64,
    pub stop: Stop,
    pub status: Vec<ArmStatus>,
    /// The recommended arm's id.
    pub selected: Option<String>,
    pub randomized: Vec<u32>,
    pub responses: Vec<u32>,
    /// Posterior medians on every randomized patient.
    pub estimate: Vec<f64>,
    pub weeks: f64,
    pub looks: Vec<Look>,
    pub disclaimer: &'static str,
}

impl RunRequest {
    pub fn from_json(body: Value) -> Result<Self, InputError> {
        let b: RunBody = decode(body)?;
        let design = design(b.design)?;
        Scenario {
            name: String::new(),
            rates: b.rates.clone(),
        }
        .check(&design, "")
        .map_err(|e| InputError::new(e.path.trim_start_matches('.'), e.message))?;
        Ok(Self {
            design,
            rates: b.rates,
            seed: b.seed,
        })
    }

    pub fn run(&self) -> TrialReport {
        let mut looks = Vec::new();
        let r = run_trial(&self.design, &self.rates, self.seed, Some(&mut looks));
        TrialReport {
            design: self.design.clone(),
            rates: self.rates.clone(),
            seed: self.seed,
            stop: r.stop,
            selected: r.selected.map(|i| self.design.arms[i].id.clone()),
            status: r.status,
            randomized: r.randomized,
            responses: r.responses,
            estimate: r.estimate,
            weeks: r.weeks,
            looks,
            disclaimer: DISCLAIMER,
        }
    }
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArmInput {
    /// Patients with their outcome known.
    pub n: u32,
    pub responses: u32,
    /// The arm's status before this analysis (open when absent).
    #[serde(default)]
    pub status: Option<ArmStatus>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InterimBody {
    design: Value,
    arms: Vec<ArmInput>,
    /// Patients randomized so far (for the burn-in and the "n/2N" power).
    randomized: u32,
    /// The final analysis (every randomized patient has an outcome).
    #[serde(default, rename = "final")]
    is_final: bool,
    #[serde(default)]
    analysis: u32,
    #[serde(default)]
    week: f64,
}

#[derive(Clone, Debug)]
pub struct InterimRequest {
    pub design: Design,
    pub data: Vec<ArmData>,
    pub status: Vec<ArmStatus>,
    pub randomized: u32,
    pub is_final: bool,
    pub analysis: u32,
    pub week: f64,
}

impl InterimRequest {
    pub fn from_json(body: Value) -> Result<Self, InputError> {
        let b: InterimBody = decode(body)?;
        let design = design(b.design)?;
        if b.arms.len() != design.arms.len() {
            return Err(InputError::new(
                "arms",
                format!(
                    "one entry per design arm: {} expected, found {}",
                    design.arms.len(),
                    b.arms.len()
                ),
            ));
        }
        let control = design.control();
        let mut status = Vec::with_capacity(b.arms.len());
        for (i, a) in b.arms.iter().enumerate() {
            if a.responses > a.n {
                return Err(InputError::new(
                    format!("arms[{i}].responses"),
                    format!("{} responses among {} patients", a.responses, a.n),
                ));
            }
            let open = if control == Some(i) {
                ArmStatus::Control
            } else {
                ArmStatus::Active
            };
            let s = a.status.unwrap_or(open);
            if s.is_open() && s != open {
                let why = if open == ArmStatus::Control {
                    "the control's open status is \"control\""
                } else {
                    "an experimental arm's open status is \"active\""
                };
                return Err(InputError::new(format!("arms[{i}].status"), why));
            }
            status.push(s);
        }
        if !status.iter().any(|s| s.is_open()) {
            return Err(InputError::new(
                "arms",
                "no arm is open: the trial has ended",
            ));
        }
        let with_outcome: u64 = b.arms.iter().map(|a| a.n as u64).sum();
        if (b.randomized as u64) < with_outcome || b.randomized > design.max_patients {
            return Err(InputError::new(
                "randomized",
                format!("must be between the patients with outcome ({with_outcome}) and max_patients ({})", design.max_patients),
            ));
        }
        Ok(Self {
            data: b
                .arms
                .iter()
                .map(|a| ArmData {
                    n: a.n,
                    responses: a.responses,
                })
                .collect(),
            design,
            status,
            randomized: b.randomized,
            is_final: b.is_final,
            analysis: b.analysis,
            week: b.week,
        })
    }

    /// The analysis: each arm's posterior, probabilities, status and next share.
    pub fn run(&self) -> Look {
        let decision = analyse(
            &self.design,
            &self.data,
            &self.status,
            self.randomized,
            self.is_final,
        );
        look(
            &self.design,
            &self.data,
            &decision,
            self.analysis,
            self.week,
            self.randomized,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn design() -> Value {
        json!({
            "arms": [
                {"id": "placebo", "therapy": "placebo", "control": true},
                {"id": "UPA", "therapy": "upadacitinib"}
            ],
            "endpoint": {"name": "clinical remission", "week": 12},
            "accrual_per_week": 5,
            "max_patients": 100,
            "interims": [50],
            "stopping": {"futility": 0.05, "superiority": 0.99}
        })
    }

    #[test]
    fn errors_name_the_path_inside_the_request() {
        let e = OperatingRequest::from_json(json!({"design": {"arms": []}, "scenarios": []}))
            .unwrap_err();
        assert!(
            e.path == "design" && e.message.contains("`endpoint`"),
            "{e}"
        );
        let mut d = design();
        d["interims"] = json!([150]);
        let e = OperatingRequest::from_json(
            json!({"design": d, "scenarios": [{"name": "x", "rates": [0.2, 0.3]}]}),
        )
        .unwrap_err();
        assert_eq!(e.path, "design.interims[0]");
        let e = OperatingRequest::from_json(
            json!({"design": design(), "scenarios": [{"name": "x", "rates": [0.2, 1.3]}]}),
        )
        .unwrap_err();
        assert_eq!(e.path, "scenarios[0].rates[1]");
        let e = RunRequest::from_json(json!({"design": design(), "rates": [0.2]})).unwrap_err();
        assert_eq!(e.path, "rates");
        let e = InterimRequest::from_json(json!({"design": design(), "arms": [{"n": 10, "responses": 11}, {"n": 1, "responses": 0}], "randomized": 20}))
            .unwrap_err();
        assert_eq!(e.path, "arms[0].responses");
        let e = InterimRequest::from_json(json!({"design": design(), "arms": [{"n": 10, "responses": 1}, {"n": 10, "responses": 0}], "randomized": 5}))
            .unwrap_err();
        assert_eq!(e.path, "randomized");
    }

    #[test]
    fn an_interim_drops_a_hopeless_arm_and_a_clear_one_stops_the_trial() {
        let drop = InterimRequest::from_json(json!({"design": design(), "arms": [{"n": 25, "responses": 12}, {"n": 25, "responses": 2}], "randomized": 60}))
            .unwrap()
            .run();
        assert_eq!(drop.arms[1].status, ArmStatus::Futile);
        assert_eq!(drop.stop, Some(Stop::Futility));
        let win = InterimRequest::from_json(json!({"design": design(), "arms": [{"n": 25, "responses": 2}, {"n": 25, "responses": 15}], "randomized": 60}))
            .unwrap()
            .run();
        assert_eq!(win.arms[1].status, ArmStatus::Superior);
        assert_eq!(win.stop, Some(Stop::Superiority));
        assert!(win.arms[1].p_beats_control.unwrap() > 0.99);
    }
}
