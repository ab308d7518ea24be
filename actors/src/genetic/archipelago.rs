//! The island model: several populations evolving apart, exchanging their best
//! individuals around a ring every `migration_interval` generations (pagmo's
//! archipelago, DEAP's `migRing`). This is the pure, single-call form; the
//! actor shell runs the same steps with each island in a supervised actor.

use serde::{Deserialize, Serialize};

use super::ga::{GaParams, Population};
use super::problem::Problem;
use crate::par;
use crate::rng::mix;

/// Options of an island-model run. Unknown keys are rejected, so a typo in an
/// option is an error rather than a silently ignored setting.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IslandParams {
    pub seed: u64,
    pub islands: usize,
    pub generations: u64,
    pub migration_interval: u64,
    pub migrants: usize,
    /// Individuals per island.
    pub population: usize,
    pub tournament: usize,
    pub crossover: f64,
    pub mutation: f64,
    pub gene_mutation: f64,
    pub elitism: usize,
}

impl Default for IslandParams {
    fn default() -> Self {
        Self {
            seed: 0,
            islands: 4,
            generations: 40,
            migration_interval: 10,
            migrants: 2,
            population: 32,
            tournament: 3,
            crossover: 0.5,
            mutation: 0.3,
            gene_mutation: 0.3,
            elitism: 1,
        }
    }
}

impl IslandParams {
    pub fn ga(&self) -> GaParams {
        GaParams {
            population: self.population,
            tournament: self.tournament,
            crossover: self.crossover,
            mutation: self.mutation,
            gene_mutation: self.gene_mutation,
            elitism: self.elitism,
        }
    }

    pub fn validate(&self) -> Result<(), crate::InputError> {
        use crate::InputError as E;
        if !(1..=64).contains(&self.islands) {
            return Err(E::new("islands", "must be between 1 and 64"));
        }
        if self.generations > 100_000 {
            return Err(E::new("generations", "must be at most 100000"));
        }
        if self.population > 100_000 {
            return Err(E::new("population", "must be at most 100000"));
        }
        if self.migration_interval == 0 {
            return Err(E::new("migration_interval", "must be at least 1"));
        }
        if self.migrants >= self.population.max(1) {
            return Err(E::new("migrants", "must be smaller than the population"));
        }
        self.ga().validate()
    }

    /// Generations of each epoch (the last may be shorter).
    pub fn epochs(&self) -> Vec<u64> {
        let mut left = self.generations;
        let mut out = Vec::new();
        while left > 0 {
            let g = left.min(self.migration_interval);
            out.push(g);
            left -= g;
        }
        out
    }

    /// Seed of island `i`.
    pub fn island_seed(seed: u64, i: usize) -> u64 {
        mix(seed, i as u64)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunResult {
    pub genome: Vec<u8>,
    pub fitness: f64,
    /// Island holding the best individual.
    pub island: usize,
    pub evaluations: u64,
    pub generations: u64,
}

/// The best individual over all islands (ties: lower island first).
pub fn best_of(islands: &[Population]) -> (usize, Vec<u8>, f64) {
    let mut best: Option<(usize, Vec<u8>, f64)> = None;
    for (i, pop) in islands.iter().enumerate() {
        let (g, f) = pop.best();
        if best.as_ref().is_none_or(|b| f > b.2) {
            best = Some((i, g, f));
        }
    }
    best.expect("at least one island")
}

/// Island `i`'s emigrants go to island `i + 1` (mod n).
pub fn ring_destinations(emigrants: Vec<Vec<(Vec<u8>, f64)>>) -> Vec<Vec<(Vec<u8>, f64)>> {
    let n = emigrants.len();
    let mut incoming = vec![Vec::new(); n];
    for (i, e) in emigrants.into_iter().enumerate() {
        incoming[(i + 1) % n] = e;
    }
    incoming
}

/// Runs the whole island model in this call.
pub fn run(problem: &dyn Problem, params: &IslandParams) -> RunResult {
    let seed = params.seed;
    let ga = params.ga();
    let mut islands: Vec<Population> = par::map(params.islands, |i| {
        Population::new(problem, &ga, IslandParams::island_seed(seed, i))
    });
    let epochs = params.epochs();
    let mut incoming = vec![Vec::new(); params.islands];
    for generations in epochs {
        let work: Vec<_> = islands.into_iter().zip(incoming).collect();
        let evolved = par::map_vec(work, |(mut pop, imm)| {
            pop.receive(&imm);
            pop.evolve(problem, &ga, generations);
            let out = pop.emigrants(params.migrants);
            (pop, out)
        });
        let (next, emigrants): (Vec<_>, Vec<_>) = evolved.into_iter().unzip();
        islands = next;
        incoming = ring_destinations(emigrants);
    }
    let (island, genome, fitness) = best_of(&islands);
    RunResult {
        genome,
        fitness,
        island,
        evaluations: islands.iter().map(|p| p.evaluations).sum(),
        generations: params.generations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::genetic::onemax::OneMax;

    #[test]
    fn islands_solve_onemax_and_repeat() {
        let problem = OneMax::new(64);
        let params = IslandParams {
            seed: 11,
            ..IslandParams::default()
        };
        let a = run(&problem, &params);
        let b = run(&problem, &params);
        assert_eq!(a, b);
        assert!(a.fitness >= 60.0, "{}", a.fitness);
    }

    #[test]
    fn epochs_cover_the_generations() {
        let p = IslandParams {
            generations: 25,
            migration_interval: 10,
            ..IslandParams::default()
        };
        assert_eq!(p.epochs(), vec![10, 10, 5]);
    }
}
