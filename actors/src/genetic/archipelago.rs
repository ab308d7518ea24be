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
            islands: 8,
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

/// Runs the whole island model in this call. Islands advance in lockstep:
/// each generation, every island breeds, then all their offspring are
/// evaluated in one parallel batch (islands x changed individuals, not one
/// island's handful), so the fitness calls spread over every core. Each island
/// keeps its own generator, so the answer is the one each island would reach
/// alone (and the actor-based form's), whatever the thread count.
pub fn run(problem: &dyn Problem, params: &IslandParams) -> RunResult {
    let seed = params.seed;
    let ga = params.ga();
    let mut islands: Vec<Population> = (0..params.islands)
        .map(|i| Population::unevaluated(problem, &ga, IslandParams::island_seed(seed, i)))
        .collect();
    let everyone: Vec<Vec<usize>> = islands.iter().map(|p| (0..p.size()).collect()).collect();
    evaluate(problem, &mut islands, &everyone);
    let mut incoming = vec![Vec::new(); params.islands];
    for generations in params.epochs() {
        for (pop, imm) in islands.iter_mut().zip(&incoming) {
            pop.receive(imm);
        }
        for _ in 0..generations {
            let changed: Vec<Vec<usize>> = islands
                .iter_mut()
                .map(|p| p.breed(problem.arity(), &ga))
                .collect();
            evaluate(problem, &mut islands, &changed);
        }
        incoming = ring_destinations(
            islands
                .iter()
                .map(|p| p.emigrants(params.migrants))
                .collect(),
        );
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

/// Evaluates `which[i]` of every island `i` in one batch.
fn evaluate(problem: &dyn Problem, islands: &mut [Population], which: &[Vec<usize>]) {
    let batch: Vec<(usize, usize)> = which
        .iter()
        .enumerate()
        .flat_map(|(i, slots)| slots.iter().map(move |&s| (i, s)))
        .collect();
    let score = |&(i, s): &(usize, usize)| problem.fitness(islands[i].genome(s));
    let scores = if problem.parallel() {
        par::map_slice(&batch, 1, score)
    } else {
        batch.iter().map(score).collect()
    };
    let mut at = 0;
    for (pop, slots) in islands.iter_mut().zip(which) {
        pop.assign(slots, &scores[at..at + slots.len()]);
        at += slots.len();
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
