//! Treatment-plan optimization. A genome picks one label regimen of an
//! advanced therapy, induction then maintenance (or none), one immunomodulator
//! regimen (or none) and whether to bridge with budesonide. Fitness weighs
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
use crate::clinical::vocabulary;
use crate::clinical::{DoseUnit, Drug, Frequency, Patient, Phase, PlanItem, Route, TreatmentPlan};
use crate::prover::{verify, Overall, Report, Settings, Severity, Status, DISCLAIMER};
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
    start_week: Option<f64>,
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
        start_week: None,
    }
}

/// A dose given once, in a week of the induction.
const fn dose_at(
    medication: &'static str,
    dosage: f64,
    unit: DoseUnit,
    route: Route,
    week: f64,
) -> Option_ {
    Option_ {
        phase: Phase::Induction,
        start_week: Some(week),
        ..opt(medication, dosage, unit, Frequency::Once, route)
    }
}

const fn from_week(o: Option_, week: f64) -> Option_ {
    Option_ {
        start_week: Some(week),
        ..o
    }
}

use DoseUnit::{Mg, MgPerKg};
use Frequency::*;

/// An advanced therapy's label regimen: induction items, then maintenance.
/// Ustekinumab's IV dose is set from the weight band when decoded.
struct AdvancedRegimen {
    drug: Drug,
    items: &'static [Option_],
}

const IFX_INDUCTION: [Option_; 3] = [
    dose_at("Infliximab", 5.0, MgPerKg, Route::Iv, 0.0),
    dose_at("Infliximab", 5.0, MgPerKg, Route::Iv, 2.0),
    dose_at("Infliximab", 5.0, MgPerKg, Route::Iv, 6.0),
];
const VDZ_IV: [Option_; 3] = [
    dose_at("Vedolizumab", 300.0, Mg, Route::Iv, 0.0),
    dose_at("Vedolizumab", 300.0, Mg, Route::Iv, 2.0),
    dose_at("Vedolizumab", 300.0, Mg, Route::Iv, 6.0),
];
const RZB_IV: [Option_; 3] = [
    dose_at("Risankizumab", 600.0, Mg, Route::Iv, 0.0),
    dose_at("Risankizumab", 600.0, Mg, Route::Iv, 4.0),
    dose_at("Risankizumab", 600.0, Mg, Route::Iv, 8.0),
];
const UPA_45: Option_ = Option_ {
    phase: Phase::Induction,
    duration: Some(84.0),
    start_week: Some(0.0),
    ..opt("Upadacitinib", 45.0, Mg, Daily, Route::Oral)
};

/// Label regimens of the advanced therapies (gene 0; value 0 is none).
const ADVANCED: &[AdvancedRegimen] = &[
    AdvancedRegimen {
        drug: Drug::Infliximab,
        items: &[
            IFX_INDUCTION[0],
            IFX_INDUCTION[1],
            IFX_INDUCTION[2],
            from_week(
                opt("Infliximab", 5.0, MgPerKg, Every8Weeks, Route::Iv),
                14.0,
            ),
        ],
    },
    AdvancedRegimen {
        drug: Drug::Infliximab,
        items: &[
            IFX_INDUCTION[0],
            IFX_INDUCTION[1],
            IFX_INDUCTION[2],
            from_week(
                opt("Infliximab", 10.0, MgPerKg, Every8Weeks, Route::Iv),
                14.0,
            ),
        ],
    },
    AdvancedRegimen {
        drug: Drug::Adalimumab,
        items: &[
            dose_at("Adalimumab", 160.0, Mg, Route::Sc, 0.0),
            dose_at("Adalimumab", 80.0, Mg, Route::Sc, 2.0),
            from_week(opt("Adalimumab", 40.0, Mg, Every2Weeks, Route::Sc), 4.0),
        ],
    },
    AdvancedRegimen {
        drug: Drug::Ustekinumab,
        items: &[
            dose_at("Ustekinumab", 390.0, Mg, Route::Iv, 0.0),
            from_week(opt("Ustekinumab", 90.0, Mg, Every8Weeks, Route::Sc), 8.0),
        ],
    },
    AdvancedRegimen {
        drug: Drug::Vedolizumab,
        items: &[
            VDZ_IV[0],
            VDZ_IV[1],
            VDZ_IV[2],
            from_week(opt("Vedolizumab", 300.0, Mg, Every8Weeks, Route::Iv), 14.0),
        ],
    },
    AdvancedRegimen {
        drug: Drug::Vedolizumab,
        items: &[
            VDZ_IV[0],
            VDZ_IV[1],
            from_week(opt("Vedolizumab", 108.0, Mg, Every2Weeks, Route::Sc), 6.0),
        ],
    },
    AdvancedRegimen {
        drug: Drug::Risankizumab,
        items: &[
            RZB_IV[0],
            RZB_IV[1],
            RZB_IV[2],
            from_week(opt("Risankizumab", 180.0, Mg, Every8Weeks, Route::Sc), 12.0),
        ],
    },
    AdvancedRegimen {
        drug: Drug::Risankizumab,
        items: &[
            RZB_IV[0],
            RZB_IV[1],
            RZB_IV[2],
            from_week(opt("Risankizumab", 360.0, Mg, Every8Weeks, Route::Sc), 12.0),
        ],
    },
    AdvancedRegimen {
        drug: Drug::Upadacitinib,
        items: &[
            UPA_45,
            from_week(opt("Upadacitinib", 15.0, Mg, Daily, Route::Oral), 12.0),
        ],
    },
    AdvancedRegimen {
        drug: Drug::Upadacitinib,
        items: &[
            UPA_45,
            from_week(opt("Upadacitinib", 30.0, Mg, Daily, Route::Oral), 12.0),
        ],
    },
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
    start_week: None,
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
        start_week: o.start_week,
    }
}

/// Ustekinumab's IV induction dose for a weight (label bands; 390 mg when unknown,
/// which the prover then reports as needing the weight).
fn ustekinumab_band(weight_kg: Option<f64>) -> f64 {
    match weight_kg {
        Some(w) if w <= 55.0 => 260.0,
        Some(w) if w > 85.0 => 520.0,
        _ => 390.0,
    }
}

/// The plan a genome stands for, for a patient of this weight.
pub fn decode(genome: &[u8], weight_kg: Option<f64>) -> TreatmentPlan {
    let mut items = Vec::new();
    if let Some(a) = (genome[0] as usize)
        .checked_sub(1)
        .and_then(|i| ADVANCED.get(i))
    {
        for o in a.items {
            let mut it = item(o);
            if a.drug == Drug::Ustekinumab && it.route == Some(Route::Iv) {
                it.dosage = ustekinumab_band(weight_kg);
            }
            items.push(it);
        }
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
    let report = verify(plan, patient, settings);
    let (items, _) = resolve(plan, patient, settings.jurisdiction);
    let est = estimate(&items);
    let prior_failures: Vec<String> = items
        .iter()
        .filter(|r| failed_before(patient, r.entry.drug))
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

fn failed_before(patient: &Patient, drug: Drug) -> bool {
    use crate::clinical::patient::Outcome;
    patient.treatment_history.iter().any(|h| {
        let same = vocabulary::recognise(&h.medication)
            .iter()
            .any(|c| c.drug == Some(drug));
        same && matches!(
            h.outcome(),
            Some(Outcome::PrimaryNonResponse | Outcome::LossOfResponse)
        )
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
    weight_kg: Option<f64>,
    pub settings: Settings,
    memo: Option<RwLock<HashMap<[u8; 3], f64>>>,
}

impl TreatmentProblem {
    pub fn new(patient: Patient, settings: Settings) -> Self {
        Self {
            weight_kg: patient.weight_kg().and_then(Result::ok),
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
        decode(genome, self.weight_kg)
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
        let f = evaluate_fitness_at(&self.decode(genome), &self.patient, self.settings)
            .0
            .total;
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
pub fn finish(
    problem: &TreatmentProblem,
    params: &IslandParams,
    result: &RunResult,
) -> OptimizedPlan {
    let (patient, settings) = (&problem.patient, problem.settings);
    let mut plan = problem.decode(&result.genome);
    let (mut fitness, mut report) = evaluate_fitness_at(&plan, patient, settings);
    if report.is_violated() {
        plan = TreatmentPlan::default();
        (fitness, report) = evaluate_fitness_at(&plan, patient, settings);
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

/// Every genome, for tests that compare the optimizer with exhaustive search.
pub fn all_genomes() -> impl Iterator<Item = [u8; 3]> {
    (0..ARITY[0])
        .flat_map(|a| (0..ARITY[1]).flat_map(move |b| (0..ARITY[2]).map(move |c| [a, b, c])))
}
