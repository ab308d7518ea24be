//! One analysis of an adaptive trial: from each arm's data to the decisions
//! the design's rules make (arms dropped for futility or equivalence, a stop
//! for superiority or equivalence, the next allocation). The simulation
//! engine and a trial run step by step call this same function.

use serde::{Deserialize, Serialize};

use super::design::{Design, Power, Rule};
use super::posterior::{Beta, Posteriors};

/// An arm's data at an analysis.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ArmData {
    /// Patients with their outcome known.
    pub n: u32,
    /// Of them, with the endpoint (remission).
    pub responses: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArmStatus {
    Active,
    Control,
    /// Dropped: its probability fell below the futility threshold.
    Futile,
    /// Dropped (with a control): equivalent to the control.
    Equivalent,
    Superior,
}

impl ArmStatus {
    pub fn is_open(self) -> bool {
        matches!(self, ArmStatus::Active | ArmStatus::Control)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stop {
    /// An arm was declared superior.
    Superiority,
    /// The active arms are practically equivalent (no control), or every
    /// experimental arm was equivalent to the control.
    Equivalence,
    /// Every experimental arm was dropped for futility.
    Futility,
    /// The final analysis, with no rule met.
    Max,
}

/// What an analysis decided, arm by arm.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Decision {
    pub status: Vec<ArmStatus>,
    /// P(best among the open arms): after this analysis's drops for the arms
    /// left, at the moment of dropping for an arm dropped here, `None` for
    /// arms closed before.
    pub p_best: Vec<Option<f64>>,
    /// P(better than the control), for experimental arms when there is one.
    pub p_beats_control: Vec<Option<f64>>,
    /// The allocation for the patients until the next analysis (0 for closed arms).
    pub allocation: Vec<f64>,
    /// `Some` when the trial stops here.
    pub stop: Option<Stop>,
    /// P(every open arm within the equivalence difference), when checked without a control.
    pub p_all_equivalent: Option<f64>,
}

/// The posterior of an arm's rate of the endpoint itself.
pub fn rate_posterior(design: &Design, d: ArmData) -> Beta {
    Beta {
        a: design.prior.a + d.responses as f64,
        b: design.prior.b + (d.n - d.responses) as f64,
    }
}

/// The orientation the decisions are computed in: rates of the desirable
/// direction, so "best" is always "highest".
pub fn posterior(design: &Design, d: ArmData) -> Beta {
    let b = rate_posterior(design, d);
    if design.endpoint.higher_is_better {
        b
    } else {
        Beta { a: b.b, b: b.a }
    }
}

/// Runs the design's rules on `data` for the arms whose status is open.
/// `randomized` is the number randomized so far (for the "n/2N" power and
/// the burn-in), `last` whether this is the final analysis.
pub fn analyse(
    design: &Design,
    data: &[ArmData],
    status: &[ArmStatus],
    randomized: u32,
    last: bool,
) -> Decision {
    let k = design.arms.len();
    let mut status = status.to_vec();
    let mut open: Vec<usize> = (0..k).filter(|&i| status[i].is_open()).collect();
    // The decisions read the open arms only: a closed arm's wide posterior
    // would stretch the shared grid and coarsen everyone's quadrature.
    let mut local = vec![usize::MAX; k];
    for (j, &i) in open.iter().enumerate() {
        local[i] = j;
    }
    let betas: Vec<Beta> = open.iter().map(|&i| posterior(design, data[i])).collect();
    let post = Posteriors::new(&betas);
    let among = |arms: &[usize]| arms.iter().map(|&i| local[i]).collect::<Vec<_>>();
    let p_best_at_start = post.p_best(&among(&open));
    let mut p_best = vec![None; k];
    for (j, &i) in open.iter().enumerate() {
        p_best[i] = Some(p_best_at_start[j]);
    }
    let superiority = if last {
        design.final_threshold()
    } else {
        design.stopping.superiority
    };
    let mut decision = Decision {
        status: Vec::new(),
        p_best,
        p_beats_control: vec![None; k],
        allocation: vec![0.0; k],
        stop: None,
        p_all_equivalent: None,
    };
    match design.control() {
        None => {
            // Drop the arms below the futility threshold, then look again
            // among those left, until none falls below it. The arm most
            // likely best is never dropped: some arm always remains.
            let mut best = p_best_at_start;
            if let Some(f) = design.stopping.futility {
                loop {
                    let top = best.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    let below: Vec<usize> = open
                        .iter()
                        .zip(&best)
                        .filter(|(_, &p)| p < f && p < top)
                        .map(|(&i, _)| i)
                        .collect();
                    if below.is_empty() {
                        break;
                    }
                    for &i in &below {
                        status[i] = ArmStatus::Futile;
                    }
                    open.retain(|i| !below.contains(i));
                    best = post.p_best(&among(&open));
                }
            }
            // What the arms left have now (a dropped arm keeps the value it was dropped with).
            for (j, &i) in open.iter().enumerate() {
                decision.p_best[i] = Some(best[j]);
            }
            let (top, &p_top) =
                best.iter()
                    .enumerate()
                    .fold(
                        (0, &f64::NEG_INFINITY),
                        |m, (j, p)| if *p > *m.1 { (j, p) } else { m },
                    );
            if superiority.is_some_and(|s| p_top > s) || open.len() == 1 {
                status[open[top]] = ArmStatus::Superior;
                decision.stop = Some(Stop::Superiority);
            } else if let Some(e) = design.stopping.equivalence {
                let p = post.p_all_within(&among(&open), e.difference);
                decision.p_all_equivalent = Some(p);
                if p > e.probability {
                    decision.stop = Some(Stop::Equivalence);
                }
            }
            if decision.stop.is_none() {
                decision.allocation = allocate(design, &open, &best, randomized);
            }
        }
        Some(c) => {
            // The control is never closed (checked where the status comes in).
            for &i in open.iter().filter(|&&i| i != c) {
                decision.p_beats_control[i] = Some(post.p_greater(local[i], local[c]));
            }
            let beats = |i: usize| decision.p_beats_control[i].unwrap_or(0.0);
            for &i in open.iter().filter(|&&i| i != c) {
                if design.stopping.futility.is_some_and(|f| beats(i) < f) {
                    status[i] = ArmStatus::Futile;
                } else if let Some(e) = design.stopping.equivalence {
                    if post.p_within(local[i], local[c], e.difference) > e.probability {
                        status[i] = ArmStatus::Equivalent;
                    }
                }
            }
            open.retain(|&i| status[i].is_open());
            let experimental: Vec<usize> = open.iter().copied().filter(|&i| i != c).collect();
            let top = experimental
                .iter()
                .copied()
                .fold(None, |m: Option<usize>, i| match m {
                    Some(j) if beats(j) >= beats(i) => Some(j),
                    _ => Some(i),
                });
            if let (Some(t), Some(s)) = (top, superiority) {
                if beats(t) > s {
                    status[t] = ArmStatus::Superior;
                    decision.stop = Some(Stop::Superiority);
                }
            }
            if decision.stop.is_none() && experimental.is_empty() {
                let equivalent = status.contains(&ArmStatus::Equivalent);
                decision.stop = Some(if equivalent {
                    Stop::Equivalence
                } else {
                    Stop::Futility
                });
            }
            if decision.stop.is_none() {
                // Recomputed only when arms were dropped here.
                let best = if open.len() == p_best_at_start.len() {
                    p_best_at_start
                } else {
                    post.p_best(&among(&open))
                };
                for (j, &i) in open.iter().enumerate() {
                    decision.p_best[i] = Some(best[j]);
                }
                decision.allocation = allocate(design, &open, &best, randomized);
            }
        }
    }
    if last && decision.stop.is_none() {
        decision.stop = Some(Stop::Max);
    }
    decision.status = status;
    decision
}

/// The allocation until the next analysis: the start shares of the open arms
/// (rescaled) before the burn-in ends or under a fixed rule, the
/// Thall–Wathen shares after.
fn allocate(design: &Design, open: &[usize], best: &[f64], randomized: u32) -> Vec<f64> {
    let k = design.arms.len();
    let start = design.start_allocation();
    let mut out = vec![0.0; k];
    let r = &design.randomization;
    if r.rule != Rule::ThallWathen || randomized < design.burn_in {
        let total: f64 = open.iter().map(|&i| start[i]).sum();
        for &i in open {
            out[i] = start[i] / total;
        }
        return out;
    }
    let c = match r.power() {
        Power::Fixed(c) => c,
        Power::HalfInformation => randomized as f64 / (2.0 * design.max_patients as f64),
    };
    // A fixed control keeps its start share; the others share the rest.
    let control = design
        .control()
        .filter(|&i| r.control_fixed() && open.contains(&i));
    let mut fixed: Vec<Option<f64>> = vec![None; k];
    if let Some(ctrl) = control {
        fixed[ctrl] = Some(start[ctrl]);
    }
    let weights: Vec<f64> = open
        .iter()
        .zip(best)
        .map(|(_, &p)| libm::pow(p.max(0.0), c))
        .collect();
    let bounded = restrict(
        open,
        &weights,
        &fixed,
        r.min.unwrap_or(0.0),
        r.max.unwrap_or(1.0),
    );
    for (j, &i) in open.iter().enumerate() {
        out[i] = bounded[j];
    }
    out
}

/// Shares in proportion to `weights`, each within [lo, hi], fixed ones kept:
/// arms outside the interval are set to its bound and the rest shared again
/// among the others, until every share is within it.
fn restrict(open: &[usize], weights: &[f64], fixed: &[Option<f64>], lo: f64, hi: f64) -> Vec<f64> {
    let n = open.len();
    let mut set: Vec<Option<f64>> = open.iter().map(|&i| fixed[i]).collect();
    loop {
        let mass = 1.0 - set.iter().flatten().sum::<f64>();
        let free: Vec<usize> = (0..n).filter(|&j| set[j].is_none()).collect();
        if free.is_empty() {
            let total: f64 = set.iter().flatten().sum();
            return set.iter().map(|s| s.unwrap_or(0.0) / total).collect();
        }
        let total: f64 = free.iter().map(|&j| weights[j]).sum();
        let share = |j: usize| {
            if total > 0.0 {
                mass * weights[j] / total
            } else {
                mass / free.len() as f64
            }
        };
        let mut changed = false;
        for &j in &free {
            let s = share(j);
            if s < lo {
                set[j] = Some(lo);
                changed = true;
            } else if s > hi {
                set[j] = Some(hi);
                changed = true;
            }
        }
        if !changed {
            let mut out: Vec<f64> = set.iter().map(|s| s.unwrap_or(0.0)).collect();
            for &j in &free {
                out[j] = share(j);
            }
            return out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restricted_shares_stay_in_the_interval_and_sum_to_one() {
        let open = [0, 1, 2];
        let out = restrict(&open, &[0.98, 0.015, 0.005], &[None; 3], 0.2, 1.0);
        assert!((out.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert_eq!(&out[1..], &[0.2, 0.2]);
        assert!((out[0] - 0.6).abs() < 1e-12);
        let out = restrict(&open, &[0.5, 0.3, 0.2], &[Some(0.4), None, None], 0.1, 0.9);
        assert_eq!(out[0], 0.4);
        assert!((out[1] - 0.36).abs() < 1e-12 && (out[2] - 0.24).abs() < 1e-12);
        let out = restrict(&[0, 1], &[1.0, 0.0], &[None; 2], 0.1, 0.9);
        assert_eq!(out, vec![0.9, 0.1]);
    }
}
