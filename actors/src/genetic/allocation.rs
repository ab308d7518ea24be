//! Trial allocation: assign a cohort to the protocol's arms so that arm sizes
//! and every prognostic factor are balanced. Imbalance is Pocock & Simon's
//! range measure summed over factor levels; the genetic algorithm minimizes it
//! over whole allocations, starting from the minimization answer.

use serde::Serialize;

use super::archipelago::{run, IslandParams};
use super::minimization::minimize;
use super::problem::Problem;
use super::treatment::RunSummary;
use crate::clinical::{Patient, TrialProtocol};
use crate::source::{self, Source};
use crate::InputError;

/// Largest cohort one request may allocate.
pub const MAX_COHORT: usize = 100_000;

/// Each patient's level of each prognostic factor.
#[derive(Clone, Debug)]
pub struct Factors {
    pub names: Vec<String>,
    /// `levels[p][f]`: level of factor `f` for patient `p`.
    pub levels: Vec<Vec<u8>>,
    pub level_counts: Vec<usize>,
}

fn band(value: Option<f64>, cuts: &[f64]) -> u8 {
    match value {
        None => cuts.len() as u8 + 1,
        Some(v) => cuts.iter().filter(|&&c| v >= c).count() as u8,
    }
}

impl Factors {
    /// Sex, age band, disease location, CDAI band, prior advanced therapy, and
    /// each biomarker the protocol stratifies on.
    pub fn of(cohort: &[Patient], protocol: &TrialProtocol) -> Self {
        let mut biomarkers: Vec<String> = protocol
            .arms
            .iter()
            .flat_map(|a| {
                a.biomarker_stratification
                    .iter()
                    .map(|s| s.biomarker.to_ascii_uppercase())
            })
            .collect();
        biomarkers.sort();
        biomarkers.dedup();
        let locations = ["ileal", "colonic", "ileocolonic"];
        let mut names: Vec<String> = [
            "sex",
            "age (<40, >=40)",
            "crohns_type",
            "CDAI (<220, 220-450, >450)",
            "prior advanced therapy",
        ]
        .map(String::from)
        .to_vec();
        let mut level_counts = vec![3, 3, 4, 4, 2];
        for b in &biomarkers {
            names.push(format!("biomarker {b}"));
            level_counts.push(2);
        }
        let levels = cohort
            .iter()
            .map(|p| {
                let sex = match p
                    .demographics
                    .sex
                    .as_deref()
                    .map(str::to_ascii_lowercase)
                    .as_deref()
                {
                    Some("female") | Some("f") => 0,
                    Some("male") | Some("m") => 1,
                    _ => 2,
                };
                let location = p
                    .clinical_data
                    .crohns_type
                    .as_deref()
                    .and_then(|t| locations.iter().position(|l| t.eq_ignore_ascii_case(l)))
                    .map_or(3, |i| i as u8);
                let prior = p.history().iter().any(|h| {
                    crate::clinical::formulary::lookup(&h.medication).is_some_and(|e| e.advanced)
                }) as u8;
                let mut row = vec![
                    sex,
                    band(p.demographics.age, &[40.0]),
                    location,
                    band(
                        p.clinical_data.disease_activity.cdai,
                        &[220.0, 450.0 + f64::EPSILON],
                    ),
                    prior,
                ];
                for b in &biomarkers {
                    let carrier = p.markers(b).any(|(_, m)| {
                        let v = format!(
                            "{} {}",
                            m.variant.as_deref().unwrap_or(""),
                            m.zygosity.as_deref().unwrap_or("")
                        )
                        .to_ascii_lowercase();
                        !(v.contains("wild")
                            || v.contains("negative")
                            || v.contains("absent")
                            || v.trim().is_empty())
                    });
                    row.push(carrier as u8);
                }
                row
            })
            .collect();
        Self {
            names,
            levels,
            level_counts,
        }
    }
}

/// Weight of the arm-size range against one factor's imbalance: equal arm
/// sizes matter more than any single factor (Pocock & Simon allow weights).
pub const ARM_SIZE_WEIGHT: u32 = 3;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Imbalance {
    /// Sum of the per-factor imbalances and the weighted arm-size range.
    pub total: f64,
    pub arm_size_range: u32,
    pub by_factor: Vec<FactorImbalance>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FactorImbalance {
    pub factor: String,
    /// Sum over levels of (largest - smallest arm count).
    pub range_sum: u32,
}

/// Pocock–Simon imbalance of an allocation.
pub fn imbalance(assign: &[u8], factors: &Factors, arms: usize) -> Imbalance {
    let mut by_factor = Vec::with_capacity(factors.names.len());
    let mut total = 0u32;
    for (f, name) in factors.names.iter().enumerate() {
        let mut counts = vec![0u32; factors.level_counts[f] * arms];
        for (p, &a) in assign.iter().enumerate() {
            counts[factors.levels[p][f] as usize * arms + a as usize] += 1;
        }
        let range_sum: u32 = counts.chunks(arms).map(range).sum();
        total += range_sum;
        by_factor.push(FactorImbalance {
            factor: name.clone(),
            range_sum,
        });
    }
    let mut sizes = vec![0u32; arms];
    for &a in assign {
        sizes[a as usize] += 1;
    }
    let arm_size_range = range(&sizes);
    Imbalance {
        total: (total + ARM_SIZE_WEIGHT * arm_size_range) as f64,
        arm_size_range,
        by_factor,
    }
}

pub(crate) fn range(counts: &[u32]) -> u32 {
    counts.iter().max().unwrap_or(&0) - counts.iter().min().unwrap_or(&0)
}

pub struct AllocationProblem {
    factors: Factors,
    arms: usize,
    arity: Vec<u8>,
    seed_allocation: Vec<u8>,
}

impl Problem for AllocationProblem {
    fn arity(&self) -> &[u8] {
        &self.arity
    }

    fn fitness(&self, genome: &[u8]) -> f64 {
        -imbalance(genome, &self.factors, self.arms).total
    }

    fn seeds(&self) -> Vec<Vec<u8>> {
        vec![self.seed_allocation.clone()]
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assignment {
    pub patient_id: String,
    pub arm_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Allocation {
    pub trial_id: String,
    pub assignments: Vec<Assignment>,
    pub arm_sizes: Vec<(String, u32)>,
    pub imbalance: Imbalance,
    /// Pocock–Simon minimization on the same cohort and seed, for comparison.
    pub minimization_imbalance: f64,
    pub run: RunSummary,
    pub sources: Vec<Source>,
}

/// Checks a request and builds the problem.
pub fn problem(
    cohort: &[Patient],
    protocol: &TrialProtocol,
    seed: u64,
) -> Result<AllocationProblem, InputError> {
    if cohort.is_empty() {
        return Err(InputError::new("cohort", "must hold at least one patient"));
    }
    if cohort.len() > MAX_COHORT {
        return Err(InputError::new(
            "cohort",
            format!("at most {MAX_COHORT} patients"),
        ));
    }
    let arms = protocol.arms.len();
    if !(2..=64).contains(&arms) {
        return Err(InputError::new(
            "protocol.arms",
            "must list between 2 and 64 arms",
        ));
    }
    let factors = Factors::of(cohort, protocol);
    let seed_allocation = minimize(&factors, arms, seed, 0.8);
    Ok(AllocationProblem {
        factors,
        arms,
        arity: vec![arms as u8; cohort.len()],
        seed_allocation,
    })
}

/// Allocates the cohort in this call (the pure form of the actor).
pub fn optimize_allocation(
    cohort: &[Patient],
    protocol: &TrialProtocol,
    params: &IslandParams,
) -> Result<Allocation, InputError> {
    params.validate().map_err(|e| e.at("options"))?;
    let problem = problem(cohort, protocol, params.seed)?;
    let result = run(&problem, params);
    Ok(finish(
        cohort,
        protocol,
        params,
        &problem,
        &result.genome,
        result.evaluations,
        result.island,
    ))
}

/// Turns the best allocation into the answer.
pub fn finish(
    cohort: &[Patient],
    protocol: &TrialProtocol,
    params: &IslandParams,
    problem: &AllocationProblem,
    genome: &[u8],
    evaluations: u64,
    island: usize,
) -> Allocation {
    let arms = protocol.arms.len();
    let assignments = cohort
        .iter()
        .zip(genome)
        .enumerate()
        .map(|(i, (p, &a))| Assignment {
            patient_id: p
                .patient_id
                .clone()
                .unwrap_or_else(|| format!("cohort[{i}]")),
            arm_id: protocol.arms[a as usize].arm_id.clone(),
        })
        .collect();
    let imb = imbalance(genome, &problem.factors, arms);
    let arm_sizes = protocol
        .arms
        .iter()
        .enumerate()
        .map(|(a, arm)| {
            (
                arm.arm_id.clone(),
                genome.iter().filter(|&&g| g as usize == a).count() as u32,
            )
        })
        .collect();
    Allocation {
        trial_id: protocol.trial_id.clone(),
        assignments,
        arm_sizes,
        imbalance: imb,
        minimization_imbalance: imbalance(&problem.seed_allocation, &problem.factors, arms).total,
        run: RunSummary {
            seed: params.seed,
            islands: params.islands,
            generations: params.generations,
            evaluations,
            island,
        },
        sources: vec![source::POCOCK_SIMON],
    }
}
