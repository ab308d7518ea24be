//! An island's epoch as it travels to another node and back: the work (the
//! problem's description, the population at the start of the epoch, the
//! immigrants) and its answer (the population after it). The node that owns
//! the island keeps every population it gets back as the island's snapshot,
//! so an island lost with the node it ran on restarts from that snapshot on
//! another, and the run's answer is the one a single node gives.
//!
//! Floats cross as their bits: a fitness may be any f64, and the same bits
//! must come back for the answer to be the same.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::allocation;
use super::ga::{GaParams, Population};
use super::problem::Problem;
use super::treatment::TreatmentProblem;
use crate::clinical::{Patient, TrialProtocol};
use crate::prover::{Settings, VerifyOptions};
use crate::rng::Rng;
use crate::InputError;

/// What a node needs to rebuild a run's problem.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case", deny_unknown_fields)]
pub enum ProblemSpec {
    Treatment {
        patient: Box<Patient>,
        /// The owner's settings, every field set (the date above all: a host
        /// on another day would otherwise score plans differently).
        settings: VerifyOptions,
    },
    Allocation {
        cohort: Vec<Patient>,
        protocol: TrialProtocol,
        seed: u64,
    },
}

impl ProblemSpec {
    /// A treatment problem's description, with the settings it was built with.
    pub fn treatment(patient: Patient, settings: Settings) -> Self {
        ProblemSpec::Treatment {
            patient: Box::new(patient),
            settings: VerifyOptions {
                as_of: Some(settings.as_of),
                lab_max_age_days: Some(settings.lab_max_age_days),
                jurisdiction: Some(settings.jurisdiction),
            },
        }
    }

    /// The problem, built as the owning node built it.
    pub fn build(&self) -> Result<Arc<dyn Problem>, InputError> {
        Ok(match self {
            ProblemSpec::Treatment { patient, settings } => {
                let patient = patient.as_ref();
                let (Some(as_of), Some(_), Some(_)) = (
                    settings.as_of,
                    settings.lab_max_age_days,
                    settings.jurisdiction,
                ) else {
                    return Err(InputError::new(
                        "settings",
                        "every field must be set (as_of, lab_max_age_days, jurisdiction)",
                    ));
                };
                Arc::new(TreatmentProblem::new(
                    patient.clone(),
                    settings.settle(as_of),
                ))
            }
            ProblemSpec::Allocation {
                cohort,
                protocol,
                seed,
            } => Arc::new(allocation::problem(cohort, protocol, *seed)?),
        })
    }
}

/// One individual: its genes and its fitness's bits.
pub type WireScored = (Vec<u8>, u64);

/// Individuals in their wire form (immigrants, emigrants).
pub fn to_wire(scored: &[(Vec<u8>, f64)]) -> Vec<WireScored> {
    scored
        .iter()
        .map(|(g, f)| (g.clone(), f.to_bits()))
        .collect()
}

fn from_wire(scored: Vec<WireScored>) -> Vec<(Vec<u8>, f64)> {
    scored
        .into_iter()
        .map(|(g, f)| (g, f64::from_bits(f)))
        .collect()
}

/// A population, all of it (genes, fitness, generator, counters).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WirePopulation {
    genome_len: usize,
    genes: Vec<u8>,
    fitness: Vec<u64>,
    rng: [u64; 4],
    generation: u64,
    evaluations: u64,
}

impl From<&Population> for WirePopulation {
    fn from(p: &Population) -> Self {
        Self {
            genome_len: p.len,
            genes: p.genes.clone(),
            fitness: p.fitness.iter().map(|f| f.to_bits()).collect(),
            rng: p.rng.state(),
            generation: p.generation,
            evaluations: p.evaluations,
        }
    }
}

impl WirePopulation {
    /// The population, checked against the problem it is for.
    pub fn into_population(self, problem: &dyn Problem) -> Result<Population, InputError> {
        let n = self.fitness.len();
        if self.genome_len != problem.arity().len() {
            return Err(InputError::new(
                "population.genome_len",
                format!(
                    "{} genes per individual; the problem has {}",
                    self.genome_len,
                    problem.arity().len()
                ),
            ));
        }
        if n < 2 || self.genes.len() != n * self.genome_len {
            return Err(InputError::new(
                "population.genes",
                format!(
                    "{} genes for {n} individuals of {}",
                    self.genes.len(),
                    self.genome_len
                ),
            ));
        }
        check_genes(&self.genes, problem.arity(), "population.genes")?;
        Ok(Population {
            len: self.genome_len,
            genes: self.genes,
            fitness: self.fitness.into_iter().map(f64::from_bits).collect(),
            rng: Rng::from_state(self.rng),
            generation: self.generation,
            evaluations: self.evaluations,
        })
    }
}

/// One epoch of one island, to run on another node.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpochWork {
    pub island: usize,
    pub run: u64,
    pub epoch: usize,
    /// The run's problem; `None` once the host said it has it.
    pub spec: Option<Arc<ProblemSpec>>,
    pub ga: GaParams,
    /// The island's seed: its first population when `population` is `None`.
    pub seed: u64,
    pub population: Option<WirePopulation>,
    pub generations: u64,
    pub immigrants: Vec<WireScored>,
    pub migrants: usize,
}

/// Its answer: the population after the epoch and what the engine needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpochDone {
    pub population: WirePopulation,
    pub emigrants: Vec<WireScored>,
    pub best: WireScored,
    pub evaluations: u64,
}

/// What an epoch produced, in memory.
#[derive(Clone, Debug)]
pub struct EpochOutcome {
    pub population: Population,
    pub emigrants: Vec<(Vec<u8>, f64)>,
    pub best: (Vec<u8>, f64),
    pub evaluations: u64,
}

/// Every gene within its position's range (the problem indexes by them).
fn check_genes(genes: &[u8], arity: &[u8], path: &str) -> Result<(), InputError> {
    if arity.is_empty() {
        return Ok(());
    }
    match genes
        .iter()
        .enumerate()
        .find(|(k, &g)| g >= arity[k % arity.len()].max(1))
    {
        Some((k, g)) => Err(InputError::new(
            path,
            format!(
                "gene {k} is {g}; its position allows 0 to {}",
                arity[k % arity.len()].max(1) - 1
            ),
        )),
        None => Ok(()),
    }
}

/// Runs one epoch: the population (or the first one, from the seed) takes
/// its immigrants, evolves, and gives its emigrants. The same steps as an
/// island in this process, so the same bits come out.
pub fn run_epoch(
    problem: &dyn Problem,
    ga: &GaParams,
    seed: u64,
    population: Option<Population>,
    generations: u64,
    immigrants: &[(Vec<u8>, f64)],
    migrants: usize,
) -> EpochOutcome {
    let mut pop = population.unwrap_or_else(|| Population::new(problem, ga, seed));
    pop.receive(immigrants);
    pop.evolve(problem, ga, generations);
    EpochOutcome {
        emigrants: pop.emigrants(migrants),
        best: pop.best(),
        evaluations: pop.evaluations,
        population: pop,
    }
}

impl EpochWork {
    /// Runs this work against `problem` (the host's copy of the run's problem).
    pub fn run(self, problem: &dyn Problem) -> Result<EpochDone, InputError> {
        self.ga.validate().map_err(|e| e.at("ga"))?;
        let population = self
            .population
            .map(|p| p.into_population(problem))
            .transpose()?;
        let immigrants = from_wire(self.immigrants);
        for (i, (g, _)) in immigrants.iter().enumerate() {
            if g.len() != problem.arity().len() {
                return Err(InputError::new(
                    format!("immigrants[{i}]"),
                    "a genome of the wrong length",
                ));
            }
            check_genes(g, problem.arity(), &format!("immigrants[{i}]"))?;
        }
        let out = run_epoch(
            problem,
            &self.ga,
            self.seed,
            population,
            self.generations,
            &immigrants,
            self.migrants,
        );
        Ok(EpochDone::from(&out))
    }
}

impl From<&EpochOutcome> for EpochDone {
    fn from(o: &EpochOutcome) -> Self {
        Self {
            population: WirePopulation::from(&o.population),
            emigrants: to_wire(&o.emigrants),
            best: (o.best.0.clone(), o.best.1.to_bits()),
            evaluations: o.evaluations,
        }
    }
}

impl EpochDone {
    /// Back in memory, checked against the problem.
    pub fn into_outcome(self, problem: &dyn Problem) -> Result<EpochOutcome, InputError> {
        Ok(EpochOutcome {
            population: self.population.into_population(problem)?,
            emigrants: from_wire(self.emigrants),
            best: (self.best.0, f64::from_bits(self.best.1)),
            evaluations: self.evaluations,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::genetic::onemax::OneMax;

    #[test]
    fn an_epoch_through_the_wire_gives_the_same_bits() {
        let problem = OneMax::new(40);
        let ga = GaParams::default();
        let local = run_epoch(&problem, &ga, 7, None, 5, &[], 2);
        let next_local = run_epoch(
            &problem,
            &ga,
            7,
            Some(local.population.clone()),
            5,
            &local.emigrants,
            2,
        );
        // The same two epochs with every value through JSON.
        let work = EpochWork {
            island: 0,
            run: 1,
            epoch: 0,
            spec: None,
            ga,
            seed: 7,
            population: None,
            generations: 5,
            immigrants: vec![],
            migrants: 2,
        };
        let round = |w: &EpochWork| -> EpochWork {
            serde_json::from_str(&serde_json::to_string(w).unwrap()).unwrap()
        };
        let done: EpochDone = serde_json::from_str(
            &serde_json::to_string(&round(&work).run(&problem).unwrap()).unwrap(),
        )
        .unwrap();
        let first = done.into_outcome(&problem).unwrap();
        assert_eq!(first.population, local.population);
        let second = EpochWork {
            epoch: 1,
            population: Some(WirePopulation::from(&first.population)),
            immigrants: to_wire(&first.emigrants),
            ..work
        };
        let again = round(&second)
            .run(&problem)
            .unwrap()
            .into_outcome(&problem)
            .unwrap();
        assert_eq!(again.population, next_local.population);
        assert_eq!(again.best, next_local.best);
    }

    #[test]
    fn a_population_for_another_problem_is_refused_by_name() {
        let problem = OneMax::new(40);
        let pop = Population::new(&problem, &GaParams::default(), 1);
        let other = OneMax::new(41);
        let err = WirePopulation::from(&pop)
            .into_population(&other)
            .unwrap_err();
        assert!(err.to_string().contains("population.genome_len"), "{err}");
    }

    #[test]
    fn a_gene_out_of_its_range_is_refused_by_name() {
        let problem = OneMax::new(40);
        let mut wire = WirePopulation::from(&Population::new(&problem, &GaParams::default(), 1));
        wire.genes[45] = 200;
        let err = wire.into_population(&problem).unwrap_err();
        assert_eq!(err.path, "population.genes");
        assert!(err.message.contains("gene 45 is 200"), "{err}");
    }

    #[test]
    fn problem_specs_round_trip() {
        let settings =
            VerifyOptions::default().settle(crate::clinical::Date::parse("2026-11-26").unwrap());
        let spec = ProblemSpec::treatment(
            Patient {
                patient_id: Some("p1".into()),
                ..Patient::default()
            },
            settings,
        );
        let back: ProblemSpec =
            serde_json::from_str(&serde_json::to_string(&spec).unwrap()).unwrap();
        assert_eq!(back, spec);
    }
}
