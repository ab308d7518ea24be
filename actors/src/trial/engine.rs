//! One simulated trial: patients enrol at the accrual rate, each is
//! randomized by the current allocation (or minimization), their outcome is
//! drawn from the scenario's true rate and becomes known `endpoint.week`
//! weeks later; each adaptive analysis runs when its number of outcomes is
//! known, and the final one when every randomized patient's is. After a stop
//! the outcomes of patients already randomized still come in, and the final
//! estimates use them all (the decision does not).

use serde::Serialize;

use super::analysis::{analyse, rate_posterior, ArmData, ArmStatus, Decision, Stop};
use super::design::{Design, Rule};
use super::posterior::Posteriors;
use crate::rng::Rng;

/// Ties between an enrolment and an outcome at the same moment go to the
/// enrolment (the patient is randomized before the analysis that outcome
/// triggers), whatever the rounding of the times.
const TIE: f64 = 1e-9;

/// The result of one simulated trial.
#[derive(Clone, Debug, PartialEq)]
pub struct TrialRun {
    pub stop: Stop,
    pub status: Vec<ArmStatus>,
    /// The arm the trial recommends: the superior one; without one, the open
    /// arm most likely best (no control) or the control.
    pub selected: Option<usize>,
    pub randomized: Vec<u32>,
    /// Responses among every randomized patient.
    pub responses: Vec<u32>,
    /// Posterior median of each arm's rate, on every randomized patient.
    pub estimate: Vec<f64>,
    /// Whether each arm's 95% credible interval holds its true rate.
    pub covered: Vec<bool>,
    /// Weeks from the first randomization to the decision.
    pub weeks: f64,
    pub analyses: u32,
}

/// One analysis as a trial run step by step reports it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Look {
    pub analysis: u32,
    pub week: f64,
    pub with_outcome: u32,
    pub randomized: u32,
    pub arms: Vec<LookArm>,
    pub p_all_equivalent: Option<f64>,
    pub stop: Option<Stop>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LookArm {
    pub n: u32,
    pub responses: u32,
    pub mean: f64,
    pub ci95: [f64; 2],
    pub p_best: Option<f64>,
    pub p_beats_control: Option<f64>,
    /// The share of the next patients (after this analysis).
    pub allocation: f64,
    pub status: ArmStatus,
}

/// Describes the data and decision of one analysis.
pub fn look(
    design: &Design,
    data: &[ArmData],
    decision: &Decision,
    analysis: u32,
    week: f64,
    randomized: u32,
) -> Look {
    Look {
        analysis,
        week,
        with_outcome: data.iter().map(|d| d.n).sum(),
        randomized,
        arms: (0..data.len())
            .map(|i| {
                let b = rate_posterior(design, data[i]);
                LookArm {
                    n: data[i].n,
                    responses: data[i].responses,
                    mean: b.mean(),
                    ci95: Posteriors::new(&[b]).interval(0, 0.95),
                    p_best: decision.p_best[i],
                    p_beats_control: decision.p_beats_control[i],
                    allocation: decision.allocation[i],
                    status: decision.status[i],
                }
            })
            .collect(),
        p_all_equivalent: decision.p_all_equivalent,
        stop: decision.stop,
    }
}

/// Pocock–Simon minimization state over simulated factors.
struct Minimizer {
    /// `counts[f][level * arms + arm]`.
    counts: Vec<Vec<u32>>,
    sizes: Vec<u32>,
}

impl Minimizer {
    fn pick(
        &mut self,
        levels: &[usize],
        open: &[usize],
        arms: usize,
        p: f64,
        rng: &mut Rng,
    ) -> usize {
        let range = |v: &mut dyn Iterator<Item = u32>| {
            let (lo, hi) = v.fold((u32::MAX, 0), |(l, h), x| (l.min(x), h.max(x)));
            hi - lo
        };
        let score = |a: usize| -> u32 {
            let mut g = 0;
            for (f, &l) in levels.iter().enumerate() {
                let row = &self.counts[f][l * arms..(l + 1) * arms];
                g += range(&mut open.iter().map(|&b| row[b] + u32::from(b == a)));
            }
            g + range(&mut open.iter().map(|&b| self.sizes[b] + u32::from(b == a)))
        };
        let scores: Vec<u32> = open.iter().map(|&a| score(a)).collect();
        let min = *scores.iter().min().expect("an open arm");
        let ties: Vec<usize> = (0..open.len()).filter(|&j| scores[j] == min).collect();
        let preferred = ties[rng.below(ties.len())];
        let j = if open.len() > 1 && !rng.chance(p) {
            let other = rng.below(open.len() - 1);
            if other >= preferred {
                other + 1
            } else {
                other
            }
        } else {
            preferred
        };
        let arm = open[j];
        for (f, &l) in levels.iter().enumerate() {
            self.counts[f][l * arms + arm] += 1;
        }
        self.sizes[arm] += 1;
        arm
    }
}

fn draw_level(prevalence: &[f64], rng: &mut Rng) -> usize {
    let u = rng.f64();
    let mut acc = 0.0;
    for (i, p) in prevalence.iter().enumerate() {
        acc += p;
        if u < acc {
            return i;
        }
    }
    prevalence.len() - 1
}

/// Cumulative shares, scaled to end at 1, for drawing arms.
fn cumulative(allocation: &[f64]) -> Vec<f64> {
    let total: f64 = allocation.iter().sum();
    let mut acc = 0.0;
    allocation
        .iter()
        .map(|p| {
            acc += p / total;
            acc
        })
        .collect()
}

fn draw_arm(cumulative: &[f64], allocation: &[f64], rng: &mut Rng) -> usize {
    let u = rng.f64();
    // The first arm with a share whose cumulative share passes u (the last
    // open one when rounding leaves u above them all).
    let mut last = 0;
    for (i, (&c, &p)) in cumulative.iter().zip(allocation).enumerate() {
        if p > 0.0 {
            last = i;
            if u < c {
                return i;
            }
        }
    }
    last
}

/// Simulates one trial under true rates `rates` (one per arm, the rate of the
/// endpoint). With `looks`, every analysis is described in it.
pub fn run_trial(
    design: &Design,
    rates: &[f64],
    seed: u64,
    mut looks: Option<&mut Vec<Look>>,
) -> TrialRun {
    let k = design.arms.len();
    let mut rng = Rng::new(seed);
    let max = design.max_patients;
    // Patients enrolled ahead of the outcomes known: randomization i happens
    // before outcome j becomes known when i <= j + lag.
    let lag = design.accrual_per_week * design.endpoint.week;
    let mut status: Vec<ArmStatus> = (0..k)
        .map(|i| {
            if design.control() == Some(i) {
                ArmStatus::Control
            } else {
                ArmStatus::Active
            }
        })
        .collect();
    let mut allocation = design.start_allocation();
    let mut shares = cumulative(&allocation);
    let factors = &design.randomization.factors;
    let mut minimizer = match design.randomization.rule {
        Rule::Minimization => Some(Minimizer {
            counts: factors
                .iter()
                .map(|f| vec![0; f.prevalence.len() * k])
                .collect(),
            sizes: vec![0; k],
        }),
        _ => None,
    };
    let mut levels = Vec::new();
    // Each patient's arm and outcome, in order of randomization.
    let mut patients: Vec<(u8, bool)> = Vec::with_capacity(max as usize);
    let mut known = vec![ArmData::default(); k];
    let mut randomized = vec![0u32; k];
    let mut responses = vec![0u32; k];
    let (mut with_outcome, mut next_interim, mut analyses) = (0u32, 0usize, 0u32);
    let mut last_p_best: Vec<Option<f64>> = vec![None; k];
    let (stop, weeks) = loop {
        let enrolled = patients.len() as u32;
        if enrolled < max
            && (with_outcome == enrolled || enrolled as f64 <= with_outcome as f64 + lag + TIE)
        {
            let arm = match &mut minimizer {
                Some(m) => {
                    let open: Vec<usize> = (0..k).filter(|&i| status[i].is_open()).collect();
                    levels.clear();
                    levels.extend(factors.iter().map(|f| draw_level(&f.prevalence, &mut rng)));
                    m.pick(&levels, &open, k, design.randomization.p(), &mut rng)
                }
                None => draw_arm(&shares, &allocation, &mut rng),
            };
            let response = rng.chance(rates[arm]);
            patients.push((arm as u8, response));
            randomized[arm] += 1;
            responses[arm] += u32::from(response);
            continue;
        }
        // The next outcome becomes known.
        let (arm, response) = patients[with_outcome as usize];
        known[arm as usize].n += 1;
        known[arm as usize].responses += u32::from(response);
        with_outcome += 1;
        let week = (with_outcome - 1) as f64 / design.accrual_per_week + design.endpoint.week;
        let last = with_outcome == max;
        let due =
            next_interim < design.interims.len() && design.interims[next_interim] == with_outcome;
        if !(due || last) {
            continue;
        }
        next_interim += usize::from(due);
        analyses += 1;
        let decision = analyse(design, &known, &status, enrolled, last);
        if let Some(l) = looks.as_deref_mut() {
            l.push(look(design, &known, &decision, analyses, week, enrolled));
        }
        for (last, now) in last_p_best.iter_mut().zip(&decision.p_best) {
            if now.is_some() {
                *last = *now;
            }
        }
        status = decision.status;
        if let Some(stop) = decision.stop {
            break (stop, week);
        }
        allocation = decision.allocation;
        shares = cumulative(&allocation);
    };
    let selected = status
        .iter()
        .position(|s| *s == ArmStatus::Superior)
        .or_else(|| match design.control() {
            Some(c) => Some(c),
            None => (0..k).filter(|&i| status[i].is_open()).max_by(|&a, &b| {
                let pa = last_p_best[a].unwrap_or(0.0);
                let pb = last_p_best[b].unwrap_or(0.0);
                pa.total_cmp(&pb).then(b.cmp(&a))
            }),
        });
    let all: Vec<ArmData> = (0..k)
        .map(|i| ArmData {
            n: randomized[i],
            responses: responses[i],
        })
        .collect();
    // One grid for all arms: its cells are at most a quarter of the
    // narrowest posterior's sd, so a wide arm does not coarsen a narrow one.
    let post = Posteriors::new(
        &all.iter()
            .map(|&d| rate_posterior(design, d))
            .collect::<Vec<_>>(),
    );
    let estimate: Vec<f64> = (0..k).map(|i| post.median(i)).collect();
    let covered = (0..k)
        .map(|i| {
            let [lo, hi] = post.interval(i, 0.95);
            lo <= rates[i] && rates[i] <= hi
        })
        .collect();
    TrialRun {
        stop,
        status,
        selected,
        randomized,
        responses,
        estimate,
        covered,
        weeks,
        analyses,
    }
}
