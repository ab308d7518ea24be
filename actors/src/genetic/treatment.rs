//! Treatment-plan optimization: the fitness of a plan for a patient and the
//! problem the island model searches (genomes are decoded by `regimens.rs`).
//! Fitness weighs the modelled probability of remission at week 52 for the
//! patient's stratum, where the guideline places the plan, the safety verdicts
//! and the treatment burden; a plan the prover marks violated scores -1 (DEAP's
//! DeltaPenalty), so a returned plan is never a violated one.

use std::collections::HashMap;
use std::sync::RwLock;

use serde::Serialize;

use super::archipelago::{run, IslandParams};
use super::problem::Problem;
use super::regimens::Options;
use crate::clinical::efficacy::{estimate, Estimate, Stratum};
use crate::clinical::guideline::{self, Position};
use crate::clinical::{Frequency, Patient, Route, TreatmentPlan};
use crate::prover::case::Case;
use crate::prover::{verify_case, Overall, Report, Settings, Severity, Status};
use crate::InputError;
use Frequency::{Every2Weeks, Weekly};

pub use super::explain::{finish, OptimizedPlan, RunSummary};

/// Weights of the fitness terms. Optimizer design choices, not clinical
/// estimates: the guideline's tier outweighs the efficacy differences within
/// a stratum (a plan of a higher tier wins unless the lower one is far more
/// effective), any advanced therapy the guideline places beats no treatment,
/// and a violated advisory costs about a tier step.
pub const WEIGHTS: Weights = Weights {
    efficacy: 0.5,
    guideline: 0.3,
    safety: 0.2,
    burden: 0.05,
    unknown_contraindication: 0.2,
    advisory: 0.5,
};

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Weights {
    /// Per unit of P(remission at week 52).
    pub efficacy: f64,
    /// Per unit of the guideline tier's score (against -1 ... preferred 1.2).
    pub guideline: f64,
    pub safety: f64,
    /// Subtracted per unit of burden (0 to 1).
    pub burden: f64,
    /// Safety lost per contraindication left `unknown`.
    pub unknown_contraindication: f64,
    /// Safety lost per advisory violated.
    pub advisory: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fitness {
    pub total: f64,
    pub efficacy: Estimate,
    pub guideline: Position,
    pub safety: Safety,
    pub burden: Burden,
    pub weights: Weights,
    /// Share of contraindication properties decided (proved) rather than unknown.
    pub confidence: f64,
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
    /// 0 (none) to about 1.5.
    pub value: f64,
    pub why: Vec<String>,
}

/// Fitness of any plan for a patient, with its breakdown, verified today.
#[cfg(not(target_arch = "wasm32"))]
pub fn evaluate_fitness(plan: &TreatmentPlan, patient: &Patient) -> (Fitness, Report) {
    evaluate_fitness_at(plan, patient, default_settings())
}

/// The prover's defaults, today.
#[cfg(not(target_arch = "wasm32"))]
pub fn default_settings() -> Settings {
    crate::prover::VerifyOptions::default().settle(crate::clinical::Date::today())
}

/// Fitness of any plan for a patient, with its breakdown.
pub fn evaluate_fitness_at(
    plan: &TreatmentPlan,
    patient: &Patient,
    settings: Settings,
) -> (Fitness, Report) {
    evaluate(plan, patient, &Stratum::of(patient), settings)
}

/// As [`evaluate_fitness_at`], with the stratum already read.
pub fn evaluate(
    plan: &TreatmentPlan,
    patient: &Patient,
    stratum: &Stratum,
    settings: Settings,
) -> (Fitness, Report) {
    // One case: the prover's rules and the efficacy model read the same resolved items.
    let case = Case::new(plan.clone(), patient.clone(), settings);
    let report = verify_case(&case);
    let efficacy = estimate(&case.items, stratum);
    let guideline = guideline::position(&case.items, stratum);
    let hard: Vec<_> = report
        .verdicts
        .iter()
        .filter(|v| v.severity == Severity::Contraindication)
        .collect();
    // An empty plan is "no treatment", not an unverifiable plan.
    let unknown: Vec<String> = hard
        .iter()
        .filter(|v| v.status == Status::Unknown)
        .filter(|v| !(plan.treatment_plan.is_empty() && v.property == "formulary"))
        .map(|v| format!("{}: needs {}", v.property, v.evidence.missing.join(", ")))
        .collect();
    let decided = hard.iter().filter(|v| v.status == Status::Proved).count();
    let confidence = if hard.is_empty() {
        1.0
    } else {
        decided as f64 / hard.len() as f64
    };
    let safety_value = (1.0
        - WEIGHTS.unknown_contraindication * unknown.len() as f64
        - WEIGHTS.advisory * report.advisories.len() as f64)
        .max(0.0);
    let burden = burden(plan);
    let total = if report.is_violated() {
        -1.0
    } else {
        WEIGHTS.efficacy * efficacy.week_52_remission
            + WEIGHTS.guideline * guideline.tier.score()
            + WEIGHTS.safety * safety_value
            - WEIGHTS.burden * burden.value
    };
    let fitness = Fitness {
        total,
        efficacy,
        guideline,
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

/// Administration burden, per drug: its repeated form (an infusion weighs
/// more than an injection, an injection more than a tablet, and more often
/// more), each one-off induction dose, and each drug beyond the first.
/// Optimizer weights, not clinical estimates; about 0 (none) to 1.5.
fn burden(plan: &TreatmentPlan) -> Burden {
    let mut value: f64 = 0.0;
    let mut why = Vec::new();
    let mut drugs: Vec<&str> = Vec::new();
    for i in &plan.treatment_plan {
        let w = match (i.frequency, i.route) {
            (Frequency::Once, _) => 0.05,
            (_, Some(Route::Iv)) => 0.3,
            (Weekly | Every2Weeks, Some(Route::Sc | Route::Im)) => 0.25,
            (_, Some(Route::Sc | Route::Im)) => 0.15,
            _ => 0.1,
        };
        value += w;
        why.push(format!("{} {}: {w}", i.medication, i.frequency.as_str()));
        if !drugs.contains(&i.medication.as_str()) {
            drugs.push(&i.medication);
        }
    }
    if drugs.len() > 1 {
        let extra = 0.1 * (drugs.len() - 1) as f64;
        value += extra;
        why.push(format!("{} drugs: +{extra:.1}", drugs.len()));
    }
    Burden { value, why }
}

/// The treatment problem for one patient. Fitness is memoized per genome: the
/// space is small and verification is the costly part.
pub struct TreatmentProblem {
    pub patient: Patient,
    pub stratum: Stratum,
    /// The regimens its genomes choose from (the labels in force, the patient's band).
    pub options: Options,
    pub settings: Settings,
    memo: Option<RwLock<HashMap<[u8; 3], f64>>>,
}

impl TreatmentProblem {
    pub fn new(patient: Patient, settings: Settings) -> Self {
        let weight = patient
            .weight_kg()
            .and_then(Result::ok)
            .filter(|w| *w > 0.0);
        let age = patient.demographics.age.filter(|a| *a >= 0.0);
        Self {
            options: Options::new(age, weight, settings.jurisdiction),
            stratum: Stratum::of(&patient),
            patient,
            settings,
            memo: Some(RwLock::new(HashMap::new())),
        }
    }

    /// Without the memo (for measuring evaluations).
    pub fn unmemoized(patient: Patient, settings: Settings) -> Self {
        Self {
            memo: None,
            ..Self::new(patient, settings)
        }
    }

    /// The plan a genome stands for, for this patient.
    pub fn decode(&self, genome: &[u8]) -> TreatmentPlan {
        self.options.decode(genome)
    }

    /// The full fitness of a genome's plan (not memoized).
    pub fn evaluate(&self, genome: &[u8]) -> (Fitness, Report) {
        evaluate(
            &self.decode(genome),
            &self.patient,
            &self.stratum,
            self.settings,
        )
    }
}

impl Problem for TreatmentProblem {
    fn arity(&self) -> &[u8] {
        self.options.arity()
    }

    fn fitness(&self, genome: &[u8]) -> f64 {
        let key = [genome[0], genome[1], genome[2]];
        if let Some(memo) = &self.memo {
            if let Some(&f) = memo.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
                return f;
            }
        }
        // Plans that score alike (a label's two inductions, say) are told
        // apart by their place among the options, so any island and thread
        // count finds the same one: the earlier option, by far less than
        // any weight separates.
        let order = f64::from(key[0]) * 64.0 + f64::from(key[1]) * 2.0 + f64::from(key[2]);
        let f = self.evaluate(genome).0.total - order * 1e-9;
        if let Some(memo) = &self.memo {
            memo.write()
                .unwrap_or_else(|e| e.into_inner())
                .insert(key, f);
        }
        f
    }
}

/// Optimizes a plan for the patient in this call (the pure form of the actor).
pub fn optimize_treatment_at(
    patient: &Patient,
    params: &IslandParams,
    settings: Settings,
) -> Result<OptimizedPlan, InputError> {
    params.validate().map_err(|e| e.at("options"))?;
    let problem = TreatmentProblem::new(patient.clone(), settings);
    let result = run(&problem, params);
    Ok(finish(&problem, params, &result))
}

/// As [`optimize_treatment_at`], verified today with the prover's defaults.
#[cfg(not(target_arch = "wasm32"))]
pub fn optimize_treatment(
    patient: &Patient,
    params: &IslandParams,
) -> Result<OptimizedPlan, InputError> {
    optimize_treatment_at(patient, params, default_settings())
}
