//! Monte Carlo outcome simulation. Each simulated patient draws the
//! probability of remission at week 52 from the uncertainty of the published
//! estimates the model uses (parameter uncertainty), then an outcome (the
//! patient's own chance). The two are reported apart: the interval of the
//! probability, and the probability that one patient is in remission. Chunks
//! of patients run in parallel, each from its own seed stream, so a seed gives
//! the same answer whatever the thread count.

use serde::Serialize;

use crate::clinical::efficacy::{estimate, Estimate, Stratum};
use crate::clinical::formulary::Class;
use crate::clinical::risks::{self, Risk};
use crate::clinical::{Patient, TreatmentPlan};
use crate::error::InputError;
use crate::par;
use crate::prover::case::Case;
use crate::prover::report::{Overall, DISCLAIMER};
use crate::rng::{mix, Rng};

/// Upper bound on simulated patients per request.
pub const MAX_PATIENTS: u64 = 10_000_000;
const CHUNK: u64 = 8192;
const BINS: usize = 1000;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    pub n: u64,
    pub seed: u64,
    pub remission: Remission,
    /// For every drug of the plan: its label's or trials' risks, `no_data` where none was read.
    pub risks: Vec<DrugRisks>,
    /// The plan's verification status (a simulation of a violated plan is still reported, flagged).
    pub verification: Overall,
    pub notes: Vec<String>,
    pub disclaimer: &'static str,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Remission {
    pub endpoint: &'static str,
    /// Patient level: the chance that one patient is in remission at week 52
    /// (the share of simulated patients, each with a drawn probability). A
    /// patient is in remission or not; this is the chance, not a range.
    pub probability: f64,
    /// Parameter level: the 95% interval of that probability from the
    /// uncertainty of the published estimates (not the spread of outcomes).
    pub parameter_ci95: [f64; 2],
    /// The model's point estimate and the figures it multiplies.
    pub model: Estimate,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DrugRisks {
    pub drug: String,
    pub risks: Vec<Risk>,
}

#[derive(Clone, Default)]
struct Tally {
    remitted: u64,
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
    let model = estimate(&case.items, &Stratum::of(patient));
    let chunks = n.div_ceil(CHUNK) as usize;
    let tallies = par::map(chunks, |c| {
        let size = CHUNK.min(n - c as u64 * CHUNK);
        let mut rng = Rng::new(mix(seed, c as u64));
        let mut t = Tally {
            hist: vec![0; BINS],
            ..Tally::default()
        };
        for _ in 0..size {
            let p = model.draw(&mut rng);
            t.hist[((p * BINS as f64) as usize).min(BINS - 1)] += 1;
            if rng.chance(p) {
                t.remitted += 1;
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
        for (h, x) in total.hist.iter_mut().zip(t.hist) {
            *h += x;
        }
    }
    let parameter_ci95 = [
        percentile(&total.hist, n, 0.025),
        percentile(&total.hist, n, 0.975),
    ];
    let mut risks = Vec::new();
    for drug in case.drugs() {
        risks.push(DrugRisks {
            drug: crate::clinical::formulary::entry(drug).name.to_string(),
            risks: risks::of(drug).to_vec(),
        });
    }
    let anti_tnf = case.has_class(Class::AntiTnf);
    let mut shared = Vec::new();
    if anti_tnf && case.has_class(Class::Thiopurine) {
        shared.push(risks::COMBINATION_INFECTION);
    }
    if anti_tnf && matches!(patient.hla_dqa1_05(), Some((_, true))) {
        shared.push(risks::HLA_DQA1_05);
    }
    if !shared.is_empty() {
        risks.push(DrugRisks {
            drug: "the combination, for this patient".into(),
            risks: shared,
        });
    }
    let mut notes = model.notes.clone();
    if !case.unlisted.is_empty() {
        notes.push("items that are not formulary drugs have no figures: their effect and risks are not modelled".into());
    }
    let verification = super::verify_case(&case).status;
    Ok(Outcome {
        n,
        seed,
        remission: Remission {
            endpoint: "clinical remission (CDAI < 150) at week 52 from the start of treatment",
            probability: total.remitted as f64 / n as f64,
            parameter_ci95,
            model,
        },
        risks,
        verification,
        notes,
        disclaimer: DISCLAIMER,
    })
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
