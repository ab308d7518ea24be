//! Monte Carlo outcome simulation. Each simulated patient draws a remission
//! probability from the Beta posterior of the trial arm that applies (so the
//! interval carries the trial's own uncertainty), then an outcome. Chunks of
//! patients run in parallel, each from its own seed stream, so a seed gives the
//! same answer whatever the thread count.

use serde::Serialize;

use crate::clinical::efficacy::{estimate, Rate};
use crate::clinical::formulary::{Class, Drug};
use crate::clinical::{Patient, TreatmentPlan};
use crate::error::InputError;
use crate::par;
use crate::prover::case::Case;
use crate::prover::report::{Overall, DISCLAIMER};
use crate::rng::{mix, Rng};
use crate::source::{self, Source};

/// Upper bound on simulated patients per request.
pub const MAX_PATIENTS: u64 = 10_000_000;
const CHUNK: u64 = 8192;
const BINS: usize = 1000;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    pub n: u64,
    pub seed: u64,
    pub remission: Remission,
    pub risks: Vec<Risk>,
    /// The plan's verification status (a simulation of a violated plan is still reported, flagged).
    pub verification: Overall,
    pub notes: Vec<String>,
    pub disclaimer: &'static str,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Remission {
    /// Share of simulated patients in remission at the endpoint.
    pub probability: f64,
    /// 95% interval of the remission probability (2.5th and 97.5th percentiles of the drawn rates).
    pub ci95: [f64; 2],
    pub endpoint: &'static str,
    pub rate: Rate,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Risk {
    pub event: &'static str,
    /// `probability` (simulated share) or `hazard_ratio` (published, not simulated).
    pub measure: &'static str,
    pub estimate: f64,
    pub ci95: [f64; 2],
    pub why: String,
    pub source: Source,
}

/// Serious infections by SONIC arm (unverified figures; see the source).
const SERIOUS_INFECTION: [(&str, f64); 3] = [
    ("infliximab + azathioprine", 3.9),
    ("infliximab", 4.9),
    ("azathioprine", 5.6),
];

#[derive(Clone, Default)]
struct Tally {
    remitted: u64,
    infections: u64,
    hist: Vec<u32>,
}

/// Simulates with the prover's defaults, today.
#[cfg(not(target_arch = "wasm32"))]
pub fn simulate_treatment_outcome(
    patient: &Patient,
    plan: &TreatmentPlan,
    n: u64,
    seed: u64,
) -> Result<Outcome, InputError> {
    let settings = super::VerifyOptions::default().settle(crate::clinical::Date::today());
    simulate_at(patient, plan, n, seed, settings)
}

/// Simulates `n` patients; the plan's verification status uses `settings`.
pub fn simulate_at(
    patient: &Patient,
    plan: &TreatmentPlan,
    n: u64,
    seed: u64,
    settings: super::Settings,
) -> Result<Outcome, InputError> {
    if n == 0 || n > MAX_PATIENTS {
        return Err(InputError::new(
            "n",
            format!("must be between 1 and {MAX_PATIENTS}"),
        ));
    }
    let case = Case::new(plan.clone(), patient.clone(), settings);
    let est = estimate(&case.items);
    let rate = est.rate;
    let infection = serious_infection_arm(&case);
    let chunks = n.div_ceil(CHUNK) as usize;
    let tallies = par::map(chunks, |c| {
        let size = CHUNK.min(n - c as u64 * CHUNK);
        let mut rng = Rng::new(mix(seed, c as u64));
        let mut t = Tally {
            hist: vec![0; BINS],
            ..Tally::default()
        };
        let (a, b) = (rate.successes + 1.0, rate.n - rate.successes + 1.0);
        for _ in 0..size {
            let p = rng.beta(a, b);
            t.hist[((p * BINS as f64) as usize).min(BINS - 1)] += 1;
            if rng.chance(p) {
                t.remitted += 1;
            }
            if let Some((_, pct)) = infection {
                let q = rng.beta(pct + 1.0, 100.0 - pct + 1.0);
                if rng.chance(q) {
                    t.infections += 1;
                }
            }
        }
        t
    });
    let mut total = Tally {
        hist: vec![0; BINS],
        ..Tally::default()
    };
    for t in tallies {
        total.remitted += t.remitted;
        total.infections += t.infections;
        for (h, x) in total.hist.iter_mut().zip(t.hist) {
            *h += x;
        }
    }
    let ci95 = [
        percentile(&total.hist, n, 0.025),
        percentile(&total.hist, n, 0.975),
    ];
    let mut risks = Vec::new();
    if let Some((arm, pct)) = infection {
        let share = total.infections as f64 / n as f64;
        let (lo, hi) = wilson(total.infections, n);
        risks.push(Risk {
            event: "serious infection",
            measure: "probability",
            estimate: share,
            ci95: [lo, hi],
            why: format!(
                "SONIC {arm} arm: {pct}% over the trial (uncertainty from an assumed n=100)"
            ),
            source: source::SONIC_SAFETY,
        });
    }
    let anti_tnf = case.has_class(Class::AntiTnf);
    let immunomodulator =
        case.has_class(Class::Thiopurine) || case.has_class(Class::Antimetabolite);
    if anti_tnf {
        if let Some((_, true)) = patient.hla_dqa1_05() {
            risks.push(Risk {
                event: "anti-drug antibodies",
                measure: "hazard_ratio",
                estimate: 1.90,
                ci95: [1.60, 2.25],
                why: if immunomodulator {
                    "HLA-DQA1*05 carrier; the immunomodulator in the plan lowers this risk".into()
                } else {
                    "HLA-DQA1*05 carrier on anti-TNF monotherapy".into()
                },
                source: source::PANTS,
            });
        }
    }
    let verification = super::verify(plan, patient, settings).status;
    let mut notes = est.notes;
    if rate.assumed_n {
        notes.push(format!(
            "{} is published as a percentage: its uncertainty uses an assumed n=100",
            rate.arm
        ));
    }
    Ok(Outcome {
        n,
        seed,
        remission: Remission {
            probability: total.remitted as f64 / n as f64,
            ci95,
            endpoint: rate.endpoint,
            rate,
        },
        risks,
        verification,
        notes,
        disclaimer: DISCLAIMER,
    })
}

fn serious_infection_arm(case: &Case) -> Option<(&'static str, f64)> {
    let ifx = case.of_drug(Drug::Infliximab).next().is_some();
    let thiopurine = case.has_class(Class::Thiopurine);
    let other_advanced = case
        .items
        .iter()
        .any(|r| r.entry.advanced && r.entry.drug != Drug::Infliximab);
    match (ifx, thiopurine, other_advanced) {
        (true, true, _) => Some(SERIOUS_INFECTION[0]),
        (true, false, _) => Some(SERIOUS_INFECTION[1]),
        (false, true, false) => Some(SERIOUS_INFECTION[2]),
        _ => None,
    }
}

fn percentile(hist: &[u32], n: u64, q: f64) -> f64 {
    let target = (q * n as f64).ceil().max(1.0) as u64;
    let mut seen = 0u64;
    for (i, &h) in hist.iter().enumerate() {
        seen += h as u64;
        if seen >= target {
            return (i as f64 + 0.5) / hist.len() as f64;
        }
    }
    1.0
}

/// Wilson score interval for k of n.
fn wilson(k: u64, n: u64) -> (f64, f64) {
    let (k, n, z) = (k as f64, n as f64, 1.96);
    let p = k / n;
    let denom = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denom;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denom;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}
