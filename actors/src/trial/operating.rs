//! Operating characteristics: many simulated trials per scenario (true rates
//! per arm), run in parallel, each trial from its own seed stream (`mix(seed,
//! scenario, trial)`), summed in trial order — so a seed gives the same
//! numbers at any thread count.

use serde::{Deserialize, Serialize};

use super::analysis::{ArmStatus, Stop};
use super::design::Design;
use super::engine::{run_trial, TrialRun};
use crate::par;
use crate::rng::mix;
use crate::InputError;

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    /// The true rate of the endpoint in each arm, in the design's arm order.
    pub rates: Vec<f64>,
}

impl Scenario {
    pub fn check(&self, design: &Design, at: &str) -> Result<(), InputError> {
        if self.rates.len() != design.arms.len() {
            return Err(InputError::new(
                format!("{at}.rates"),
                format!(
                    "one rate per arm: the design has {}, found {}",
                    design.arms.len(),
                    self.rates.len()
                ),
            ));
        }
        for (i, r) in self.rates.iter().enumerate() {
            if !(0.0..=1.0).contains(r) {
                return Err(InputError::new(
                    format!("{at}.rates[{i}]"),
                    "a rate, 0 to 1",
                ));
            }
        }
        Ok(())
    }

    /// All arms equal: any declaration of superiority is a type I error.
    pub fn is_null(&self) -> bool {
        self.rates.iter().all(|&r| r == self.rates[0])
    }
}

/// Mean, sd and the quantiles R's `quantile()` gives by default (type 7).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub mean: f64,
    pub sd: f64,
    pub p0: f64,
    pub p25: f64,
    pub median: f64,
    pub p75: f64,
    pub p100: f64,
}

impl Summary {
    pub fn of(values: &[f64]) -> Self {
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let var = if values.len() > 1 {
            values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0)
        } else {
            0.0
        };
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let q = |p: f64| {
            let h = (sorted.len() - 1) as f64 * p;
            let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        };
        Self {
            mean,
            sd: var.sqrt(),
            p0: sorted[0],
            p25: q(0.25),
            median: q(0.5),
            p75: q(0.75),
            p100: sorted[sorted.len() - 1],
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArmCharacteristics {
    pub id: String,
    pub therapy: String,
    pub true_rate: f64,
    /// P(the trial declares this arm superior).
    pub p_superior: f64,
    /// P(the trial recommends this arm).
    pub p_selected: f64,
    /// P(the arm is dropped for futility or equivalence).
    pub p_dropped: f64,
    pub patients: Summary,
    /// Of the final estimate (posterior median on every randomized patient).
    pub bias: f64,
    pub rmse: f64,
    /// Share of trials whose 95% credible interval holds the true rate.
    pub coverage_95: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Characteristics {
    pub scenario: String,
    pub rates: Vec<f64>,
    pub trials: u32,
    /// How trials ended.
    pub p_superiority: f64,
    pub p_equivalence: f64,
    pub p_futility: f64,
    /// Reached the final analysis with no rule met (inconclusive).
    pub p_max: f64,
    /// P(any arm declared superior); the type I error when the scenario is null.
    pub p_any_superior: f64,
    pub type_i_error: Option<f64>,
    /// P(the recommended arm is the one truly best), where one arm is.
    pub p_correct_selection: Option<f64>,
    pub p_no_selection: f64,
    /// 100 × (E[true rate of the recommended arm] − worst) / (best − worst),
    /// in the endpoint's better direction; absent when all rates are equal.
    pub ideal_design_percentage: Option<f64>,
    pub patients: Summary,
    /// Responses (events) among every randomized patient, and their rate.
    pub events: Summary,
    pub event_rate: Summary,
    pub weeks: Summary,
    /// Of the recommended arm's final estimate: root mean square and median absolute error.
    pub selected_rmse: Option<f64>,
    pub selected_mae: Option<f64>,
    pub arms: Vec<ArmCharacteristics>,
    /// Monte Carlo standard errors of the headline figures.
    pub mcse: Mcse,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mcse {
    pub p_superiority: f64,
    pub p_correct_selection: Option<f64>,
    pub patients_mean: f64,
}

/// Runs `trials` simulated trials of `design` under `scenario`.
pub fn characteristics(
    design: &Design,
    scenario: &Scenario,
    index: u64,
    trials: u32,
    seed: u64,
) -> Characteristics {
    let stream = mix(seed, index);
    let runs: Vec<TrialRun> = par::map(trials as usize, |t| {
        run_trial(design, &scenario.rates, mix(stream, t as u64), None)
    });
    summarise(design, scenario, &runs)
}

fn share(runs: &[TrialRun], f: impl Fn(&TrialRun) -> bool) -> f64 {
    runs.iter().filter(|r| f(r)).count() as f64 / runs.len() as f64
}

fn se(p: f64, n: usize) -> f64 {
    (p * (1.0 - p) / n as f64).sqrt()
}

pub fn summarise(design: &Design, scenario: &Scenario, runs: &[TrialRun]) -> Characteristics {
    let n = runs.len();
    let rates = &scenario.rates;
    let better = |a: f64, b: f64| {
        if design.endpoint.higher_is_better {
            a > b
        } else {
            a < b
        }
    };
    let best_rate = rates
        .iter()
        .copied()
        .fold(rates[0], |m, r| if better(r, m) { r } else { m });
    let worst_rate = rates
        .iter()
        .copied()
        .fold(rates[0], |m, r| if better(m, r) { r } else { m });
    let best_arms: Vec<usize> = (0..rates.len())
        .filter(|&i| rates[i] == best_rate)
        .collect();
    let unique_best = (best_arms.len() == 1).then(|| best_arms[0]);
    // A trial that declares an arm superior stops for superiority, and only then.
    let p_superiority = share(runs, |r| r.stop == Stop::Superiority);
    let p_correct = unique_best.map(|b| share(runs, |r| r.selected == Some(b)));
    let selected: Vec<&TrialRun> = runs.iter().filter(|r| r.selected.is_some()).collect();
    let errors: Vec<f64> = selected
        .iter()
        .map(|r| {
            let s = r.selected.unwrap_or(0);
            r.estimate[s] - rates[s]
        })
        .collect();
    let (selected_rmse, selected_mae) = if errors.is_empty() {
        (None, None)
    } else {
        let rmse = (errors.iter().map(|e| e * e).sum::<f64>() / errors.len() as f64).sqrt();
        let abs: Vec<f64> = errors.iter().map(|e| e.abs()).collect();
        (Some(rmse), Some(Summary::of(&abs).median))
    };
    let ideal = (best_rate != worst_rate && !selected.is_empty()).then(|| {
        let mean_true = selected
            .iter()
            .map(|r| rates[r.selected.unwrap_or(0)])
            .sum::<f64>()
            / selected.len() as f64;
        100.0 * (mean_true - worst_rate) / (best_rate - worst_rate)
    });
    let total = |r: &TrialRun| r.randomized.iter().sum::<u32>() as f64;
    let patients = Summary::of(&runs.iter().map(total).collect::<Vec<_>>());
    let events: Vec<f64> = runs
        .iter()
        .map(|r| r.responses.iter().sum::<u32>() as f64)
        .collect();
    let event_rate: Vec<f64> = runs
        .iter()
        .zip(&events)
        .map(|(r, e)| e / total(r))
        .collect();
    let arms = design
        .arms
        .iter()
        .enumerate()
        .map(|(i, arm)| {
            let errs: Vec<f64> = runs.iter().map(|r| r.estimate[i] - rates[i]).collect();
            ArmCharacteristics {
                id: arm.id.clone(),
                therapy: arm.therapy.clone(),
                true_rate: rates[i],
                p_superior: share(runs, |r| r.status[i] == ArmStatus::Superior),
                p_selected: share(runs, |r| r.selected == Some(i)),
                p_dropped: share(runs, |r| {
                    matches!(r.status[i], ArmStatus::Futile | ArmStatus::Equivalent)
                }),
                patients: Summary::of(
                    &runs
                        .iter()
                        .map(|r| r.randomized[i] as f64)
                        .collect::<Vec<_>>(),
                ),
                bias: errs.iter().sum::<f64>() / n as f64,
                rmse: (errs.iter().map(|e| e * e).sum::<f64>() / n as f64).sqrt(),
                coverage_95: share(runs, |r| r.covered[i]),
            }
        })
        .collect();
    Characteristics {
        scenario: scenario.name.clone(),
        rates: rates.clone(),
        trials: n as u32,
        p_superiority,
        p_equivalence: share(runs, |r| r.stop == Stop::Equivalence),
        p_futility: share(runs, |r| r.stop == Stop::Futility),
        p_max: share(runs, |r| r.stop == Stop::Max),
        p_any_superior: p_superiority,
        type_i_error: scenario.is_null().then_some(p_superiority),
        p_correct_selection: p_correct,
        p_no_selection: share(runs, |r| r.selected.is_none()),
        ideal_design_percentage: ideal,
        mcse: Mcse {
            p_superiority: se(p_superiority, n),
            p_correct_selection: p_correct.map(|p| se(p, n)),
            patients_mean: patients.sd / (n as f64).sqrt(),
        },
        patients,
        events: Summary::of(&events),
        event_rate: Summary::of(&event_rate),
        weeks: Summary::of(&runs.iter().map(|r| r.weeks).collect::<Vec<_>>()),
        selected_rmse,
        selected_mae,
        arms,
    }
}
