//! Treatment-plan optimization. A genome picks one maintenance regimen of an
//! advanced therapy (or none), one immunomodulator regimen (or none) and
//! whether to bridge with budesonide, all from label doses. Fitness weighs
//! the published remission rate, the safety verdicts and the treatment
//! burden; a plan the prover marks violated scores -1 (DEAP's DeltaPenalty),
//! so a returned plan is never a violated one.

use std::collections::HashMap;
use std::sync::RwLock;

use serde::Serialize;

use super::archipelago::{run, IslandParams, RunResult};
use super::problem::Problem;
use crate::clinical::efficacy::{estimate, Rate};
use crate::clinical::resolve::resolve;
use crate::clinical::{DoseUnit, Frequency, Patient, Phase, PlanItem, Route, TreatmentPlan};
use crate::prover::{verify_treatment_plan, Overall, Report, Severity, Status, DISCLAIMER};
use crate::InputError;

/// Weights of the fitness terms. Optimizer design choices, not clinical estimates.
pub const WEIGHTS: Weights = Weights {
    efficacy: 0.6,
    safety: 0.3,
    burden: 0.1,
    unknown_property: 0.2,
    advisory: 0.15,
    prior_failure: 0.5,
};

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Weights {
    pub efficacy: f64,
    pub safety: f64,
    pub burden: f64,
    /// Safety lost per contraindication left `unknown`.
    pub unknown_property: f64,
    /// Safety lost per advisory violated.
    pub advisory: f64,
    /// Share of the efficacy term kept for a drug the patient failed before.
    pub prior_failure: f64,
}

#[derive(Clone, Copy)]
struct Option_ {
    medication: &'static str,
    dosage: f64,
    unit: DoseUnit,
    frequency: Frequency,
    route: Route,
    phase: Phase,
    duration: Option<f64>,
}

const fn opt(
    medication: &'static str,
    dosage: f64,
    unit: DoseUnit,
    frequency: Frequency,
    route: Route,
) -> Option_ {
    Option_ {
        medication,
        dosage,
        unit,
        frequency,
        route,
        phase: Phase::Maintenance,
        duration: None,
    }
}

use DoseUnit::{Mg, MgPerKg};
use Frequency::*;

/// Label maintenance regimens of the advanced therapies (gene 0; value 0 is none).
const ADVANCED: &[Option_] = &[
    opt("Infliximab", 5.0, MgPerKg, Every8Weeks, Route::Iv),
    opt("Infliximab", 10.0, MgPerKg, Every8Weeks, Route::Iv),
    opt("Adalimumab", 40.0, Mg, Every2Weeks, Route::Sc),
    opt("Ustekinumab", 90.0, Mg, Every8Weeks, Route::Sc),
    opt("Vedolizumab", 300.0, Mg, Every8Weeks, Route::Iv),
    opt("Vedolizumab", 108.0, Mg, Every2Weeks, Route::Sc),
    opt("Risankizumab", 180.0, Mg, Every8Weeks, Route::Sc),
    opt("Risankizumab", 360.0, Mg, Every8Weeks, Route::Sc),
    opt("Upadacitinib", 15.0, Mg, Daily, Route::Oral),
    opt("Upadacitinib", 30.0, Mg, Daily, Route::Oral),
];

/// Immunomodulator regimens (gene 1; value 0 is none). Thiopurine doses span
/// the CPIC ranges so that reduced-metabolism and allopurinol patients have
/// a dose that fits.
const IMMUNOMODULATORS: &[Option_] = &[
    opt("Azathioprine", 2.5, MgPerKg, Daily, Route::Oral),
    opt("Azathioprine", 2.0, MgPerKg, Daily, Route::Oral),
    opt("Azathioprine", 1.5, MgPerKg, Daily, Route::Oral),
    opt("Azathioprine", 1.0, MgPerKg, Daily, Route::Oral),
    opt("Azathioprine", 0.75, MgPerKg, Daily, Route::Oral),
    opt("Azathioprine", 0.5, MgPerKg, Daily, Route::Oral),
    opt("Mercaptopurine", 1.25, MgPerKg, Daily, Route::Oral),
    opt("Mercaptopurine", 1.0, MgPerKg, Daily, Route::Oral),
    opt("Mercaptopurine", 0.6, MgPerKg, Daily, Route::Oral),
    opt("Mercaptopurine", 0.4, MgPerKg, Daily, Route::Oral),
    opt("Methotrexate", 15.0, Mg, Weekly, Route::Sc),
    opt("Methotrexate", 25.0, Mg, Weekly, Route::Sc),
];

/// Budesonide bridging (gene 2): 9 mg daily for 8 weeks.
const BUDESONIDE: Option_ = Option_ {
    medication: "Budesonide",
    dosage: 9.0,
    unit: Mg,
    frequency: Daily,
    route: Route::Oral,
    phase: Phase::Induction,
    duration: Some(56.0),
};

const ARITY: [u8; 3] = [
    ADVANCED.len() as u8 + 1,
    IMMUNOMODULATORS.len() as u8 + 1,
    2,
];

fn item(o: &Option_) -> PlanItem {
    PlanItem {
        medication: o.medication.to_string(),
        dosage: o.dosage,
        unit: o.unit,
        frequency: o.frequency,
        route: Some(o.route),
        phase: Some(o.phase),
        duration: o.duration,
    }
}

/// The plan a genome stands for.
pub fn decode(genome: &[u8]) -> TreatmentPlan {
    let mut items = Vec::new();
    if let Some(o) = (genome[0] as usize)
        .checked_sub(1)
        .and_then(|i| ADVANCED.get(i))
    {
        items.push(item(o));
    }
    if let Some(o) = (genome[1] as usize)
        .checked_sub(1)
        .and_then(|i| IMMUNOMODULATORS.get(i))
    {
        items.push(item(o));
    }
    if genome[2] == 1 {
        items.push(item(&BUDESONIDE));
    }
    TreatmentPlan {
        treatment_plan: items,
        fitness: None,
        confidence: None,
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fitness {
    pub total: f64,
    pub efficacy: Efficacy,
    pub safety: Safety,
    pub burden: Burden,
    pub weights: Weights,
    /// Share of contraindication properties decided (proved) rather than unknown.
    pub confidence: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Efficacy {
    pub value: f64,
    pub rate: Rate,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prior_failures: Vec<String>,
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Safety {
    pub value: f64,
    pub status: Overall,
    /// Contraindication properties left unknown, with the fields they need.
    pub unknown: Vec<String>,
    pub advisories: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Burden {
    /// 0 (none) to 1 (heaviest).
    pub value: f64,
    pub why: Vec<String>,
}

/// Fitness of any plan for a patient, with its breakdown.
pub fn evaluate_fitness(plan: &TreatmentPlan, patient: &Patient) -> (Fitness, Report) {
    let report = verify_treatment_plan(plan, patient);
    let (items, _) = resolve(plan, patient);
    let est = estimate(&items);
    let prior_failures: Vec<String> = items
        .iter()
        .filter(|r| failed_before(patient, r.entry.name, r.entry.aliases))
        .map(|r| format!("{} failed before (treatment_history)", r.entry.name))
        .collect();
    let mut efficacy = est.rate.rate;
    if !prior_failures.is_empty() {
        efficacy *= WEIGHTS.prior_failure;
    }
    let hard: Vec<_> = report
        .verdicts
        .iter()
        .filter(|v| v.severity == Severity::Contraindication)
        .collect();
    let unknown: Vec<String> = hard
        .iter()
        .filter(|v| v.status == Status::Unknown)
        .map(|v| format!("{}: needs {}", v.property, v.evidence.missing.join(", ")))
        .collect();
    let decided = hard.iter().filter(|v| v.status == Status::Proved).count();
    let confidence = if hard.is_empty() {
        1.0
    } else {
        decided as f64 / hard.len() as f64
    };
    let safety_value = (1.0
        - WEIGHTS.unknown_property * unknown.len() as f64
        - WEIGHTS.advisory * report.advisories.len() as f64)
        .max(0.0);
    let burden = burden(plan);
    let total = if report.is_violated() {
        -1.0
    } else {
        WEIGHTS.efficacy * efficacy
            + WEIGHTS.safety * safety_value
            + WEIGHTS.burden * (1.0 - burden.value)
    };
    let fitness = Fitness {
        total,
        efficacy: Efficacy {
            value: efficacy,
            rate: est.rate,
            prior_failures,
            notes: est.notes,
        },
        safety: Safety {
            value: safety_value,
            status: report.status,
            unknown,
            advisories: report.advisories.clone(),
        },
        burden,
        weights: WEIGHTS,
        confidence,
    };
    (fitness, report)
}

fn failed_before(patient: &Patient, name: &str, aliases: &[&str]) -> bool {
    patient.treatment_history.iter().any(|h| {
        let m = h.medication.trim().to_ascii_lowercase();
        let same = m.eq_ignore_ascii_case(name) || aliases.contains(&m.as_str());
        let response = h.response.as_deref().unwrap_or("").to_ascii_lowercase();
        same && [
            "none",
            "no response",
            "non-response",
            "primary non-response",
            "loss of response",
            "failure",
            "failed",
        ]
        .iter()
        .any(|r| response == *r)
    })
}

/// Administration burden: infusions and injections weigh more than tablets,
/// and each extra drug adds. Optimizer weights, not clinical estimates.
fn burden(plan: &TreatmentPlan) -> Burden {
    let mut value: f64 = 0.0;
    let mut why = Vec::new();
    for i in &plan.treatment_plan {
        let w = match (i.route, i.frequency) {
            (Some(Route::Iv), _) => 0.3,
            (_, Weekly) | (_, Every2Weeks) if i.route != Some(Route::Oral) => 0.25,
            (Some(Route::Sc) | Some(Route::Im), _) => 0.15,
            _ => 0.1,
        };
        value += w;
        why.push(format!("{} {}: {w}", i.medication, i.frequency.as_str()));
    }
    if plan.treatment_plan.len() > 1 {
        let extra = 0.1 * (plan.treatment_plan.len() - 1) as f64;
        value += extra;
        why.push(format!("{} drugs: +{extra:.1}", plan.treatment_plan.len()));
    }
    Burden {
        value: value.min(1.0),
        why,
    }
}

/// The treatment problem for one patient. Fitness is memoized per genome: the
/// space is small and verification is the costly part.
pub struct TreatmentProblem {
    patient: Patient,
    memo: Option<RwLock<HashMap<[u8; 3], f64>>>,
}

impl TreatmentProblem {
    pub fn new(patient: Patient) -> Self {
        Self {
            patient,
            memo: Some(RwLock::new(HashMap::new())),
        }
    }

    /// Without the memo (for measuring evaluations).
    pub fn unmemoized(patient: Patient) -> Self {
        Self {
            patient,
            memo: None,
        }
    }
}

impl Problem for TreatmentProblem {
    fn arity(&self) -> &[u8] {
        &ARITY
    }

    fn fitness(&self, genome: &[u8]) -> f64 {
        let key = [genome[0], genome[1], genome[2]];
        if let Some(memo) = &self.memo {
            if let Some(&f) = memo.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
                return f;
            }
        }
        let f = evaluate_fitness(&decode(genome), &self.patient).0.total;
        if let Some(memo) = &self.memo {
            memo.write()
                .unwrap_or_else(|e| e.into_inner())
                .insert(key, f);
        }
        f
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OptimizedPlan {
    pub plan: TreatmentPlan,
    pub fitness: Fitness,
    pub verification: Report,
    pub run: RunSummary,
    pub disclaimer: &'static str,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunSummary {
    pub seed: u64,
    pub islands: usize,
    pub generations: u64,
    pub evaluations: u64,
    /// Island that found the plan.
    pub island: usize,
}

/// Turns the best genome of a run into the answer, re-verifying it. A violated
/// best (every individual penalized) falls back to no active therapy.
pub fn finish(patient: &Patient, params: &IslandParams, result: &RunResult) -> OptimizedPlan {
    let mut plan = decode(&result.genome);
    let (mut fitness, mut report) = evaluate_fitness(&plan, patient);
    if report.is_violated() {
        plan = TreatmentPlan::default();
        (fitness, report) = evaluate_fitness(&plan, patient);
    }
    plan.fitness = Some(round(fitness.total));
    plan.confidence = Some(round(fitness.confidence));
    OptimizedPlan {
        plan,
        fitness,
        verification: report,
        run: RunSummary {
            seed: params.seed,
            islands: params.islands,
            generations: params.generations,
            evaluations: result.evaluations,
            island: result.island,
        },
        disclaimer: DISCLAIMER,
    }
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Optimizes a plan for the patient in this call (the pure form of the actor).
pub fn optimize_treatment(
    patient: &Patient,
    params: &IslandParams,
) -> Result<OptimizedPlan, InputError> {
    params.validate().map_err(|e| e.at("options"))?;
    let problem = TreatmentProblem::new(patient.clone());
    let result = run(&problem, params);
    Ok(finish(patient, params, &result))
}

/// Every genome, for tests that compare the optimizer with exhaustive search.
pub fn all_genomes() -> impl Iterator<Item = [u8; 3]> {
    (0..ARITY[0])
        .flat_map(|a| (0..ARITY[1]).flat_map(move |b| (0..ARITY[2]).map(move |c| [a, b, c])))
}
