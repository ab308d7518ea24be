//! One population evolving by DEAP's `eaSimple` scheme: tournament selection,
//! two-point crossover and per-gene mutation applied with probabilities
//! (`varAnd`), re-evaluating only the individuals whose genes changed (DEAP
//! re-evaluates every individual an operator touched, even one it left as it
//! was, so at equal evaluations this runs more generations). Genomes live
//! in one flat buffer, so a generation is a few memcpys plus the fitness calls.

use serde::{Deserialize, Serialize};

use super::problem::Problem;
use crate::par;
use crate::rng::Rng;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GaParams {
    pub population: usize,
    pub tournament: usize,
    /// Probability that a pair is crossed (two-point).
    pub crossover: f64,
    /// Probability that an individual is mutated.
    pub mutation: f64,
    /// Probability that each gene of a mutated individual changes.
    pub gene_mutation: f64,
    /// Best individuals carried over unchanged (0 is DEAP's `eaSimple`).
    pub elitism: usize,
}

impl Default for GaParams {
    fn default() -> Self {
        Self {
            population: 100,
            tournament: 3,
            crossover: 0.5,
            mutation: 0.2,
            gene_mutation: 0.001,
            elitism: 0,
        }
    }
}

impl GaParams {
    pub fn validate(&self) -> Result<(), crate::InputError> {
        use crate::InputError as E;
        if self.population < 2 {
            return Err(E::new("population", "must be at least 2"));
        }
        if self.tournament == 0 {
            return Err(E::new("tournament", "must be at least 1"));
        }
        for (name, p) in [
            ("crossover", self.crossover),
            ("mutation", self.mutation),
            ("gene_mutation", self.gene_mutation),
        ] {
            if !(0.0..=1.0).contains(&p) {
                return Err(E::new(name, "must be a probability between 0 and 1"));
            }
        }
        if self.elitism >= self.population {
            return Err(E::new("elitism", "must be smaller than the population"));
        }
        Ok(())
    }
}

/// A population and everything needed to continue it: cloning it is a snapshot.
#[derive(Clone, Debug, PartialEq)]
pub struct Population {
    pub(super) len: usize,
    pub(super) genes: Vec<u8>,
    pub(super) fitness: Vec<f64>,
    pub(super) rng: Rng,
    pub generation: u64,
    pub evaluations: u64,
}

impl Population {
    /// A random first population (after the problem's seed genomes), evaluated.
    pub fn new(problem: &dyn Problem, params: &GaParams, seed: u64) -> Self {
        let mut pop = Self::unevaluated(problem, params, seed);
        let all: Vec<usize> = (0..params.population).collect();
        pop.evaluate(problem, &all);
        pop
    }

    /// The first population before its fitness is known (see [`Population::assign`]).
    pub fn unevaluated(problem: &dyn Problem, params: &GaParams, seed: u64) -> Self {
        let arity = problem.arity();
        let len = arity.len();
        let mut rng = Rng::new(seed);
        let mut genes = Vec::with_capacity(params.population * len);
        for seed_genome in problem.seeds().into_iter().take(params.population) {
            assert_eq!(seed_genome.len(), len, "seed genome length");
            genes.extend_from_slice(&seed_genome);
        }
        while genes.len() < params.population * len {
            for &a in arity {
                genes.push(rng.below(a.max(1) as usize) as u8);
            }
        }
        Self {
            len,
            fitness: vec![0.0; params.population],
            genes,
            rng,
            generation: 0,
            evaluations: 0,
        }
    }

    pub fn size(&self) -> usize {
        self.fitness.len()
    }

    pub fn genome(&self, i: usize) -> &[u8] {
        &self.genes[i * self.len..(i + 1) * self.len]
    }

    pub fn fitness(&self, i: usize) -> f64 {
        self.fitness[i]
    }

    fn evaluate(&mut self, problem: &dyn Problem, which: &[usize]) {
        let genomes: Vec<&[u8]> = which.iter().map(|&i| self.genome(i)).collect();
        let scores = if problem.parallel() {
            par::map_slice(&genomes, 1, |g| problem.fitness(g))
        } else {
            genomes.iter().map(|g| problem.fitness(g)).collect()
        };
        self.assign(which, &scores);
    }

    /// Records the fitness of the individuals `which` (as [`Population::breed`] listed them).
    pub fn assign(&mut self, which: &[usize], scores: &[f64]) {
        for (&i, &s) in which.iter().zip(scores) {
            self.fitness[i] = s;
        }
        self.evaluations += which.len() as u64;
    }

    /// Indices from best to worst (ties: lower index first).
    pub fn ranking(&self) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..self.size()).collect();
        idx.sort_by(|&a, &b| self.fitness[b].total_cmp(&self.fitness[a]).then(a.cmp(&b)));
        idx
    }

    pub fn best(&self) -> (Vec<u8>, f64) {
        let i = self.ranking()[0];
        (self.genome(i).to_vec(), self.fitness[i])
    }

    /// Copies of the `k` best individuals (ring migration's emigrants).
    pub fn emigrants(&self, k: usize) -> Vec<(Vec<u8>, f64)> {
        self.ranking()
            .into_iter()
            .take(k)
            .map(|i| (self.genome(i).to_vec(), self.fitness[i]))
            .collect()
    }

    /// Immigrants replace the worst individuals.
    pub fn receive(&mut self, immigrants: &[(Vec<u8>, f64)]) {
        let ranking = self.ranking();
        for ((genome, fit), &slot) in immigrants.iter().zip(ranking.iter().rev()) {
            let at = slot * self.len;
            self.genes[at..at + self.len].copy_from_slice(genome);
            self.fitness[slot] = *fit;
        }
    }

    /// Runs `generations` generations.
    pub fn evolve(&mut self, problem: &dyn Problem, params: &GaParams, generations: u64) {
        for _ in 0..generations {
            let invalid = self.breed(problem.arity(), params);
            self.evaluate(problem, &invalid);
        }
    }

    /// One generation's selection, crossover and mutation. Returns the
    /// individuals whose genes changed: their fitness is stale until
    /// [`Population::assign`] records it (so several populations can have their
    /// offspring evaluated in one batch).
    pub fn breed(&mut self, arity: &[u8], params: &GaParams) -> Vec<usize> {
        let n = self.size();
        let len = self.len;
        let mut next = vec![0u8; self.genes.len()];
        let mut next_fit = vec![0.0; n];
        let mut changed = vec![false; n];
        let elite = self
            .ranking()
            .into_iter()
            .take(params.elitism)
            .collect::<Vec<_>>();
        // Selection: tournaments of `tournament`, with replacement (DEAP selTournament).
        for slot in 0..n {
            let mut winner = self.rng.below(n);
            for _ in 1..params.tournament {
                let c = self.rng.below(n);
                if self.fitness[c] > self.fitness[winner] {
                    winner = c;
                }
            }
            next[slot * len..(slot + 1) * len].copy_from_slice(self.genome(winner));
            next_fit[slot] = self.fitness[winner];
            changed[slot] = false;
        }
        // Crossover of neighbours (DEAP varAnd, cxTwoPoint).
        for pair in (1..n).step_by(2) {
            if self.rng.chance(params.crossover) && len > 1 {
                let mut a = self.rng.below(len);
                let mut b = self.rng.below(len - 1);
                if b >= a {
                    b += 1;
                } else {
                    std::mem::swap(&mut a, &mut b);
                }
                let (left, right) = next.split_at_mut(pair * len);
                let first = &mut left[(pair - 1) * len + a..(pair - 1) * len + b];
                let second = &mut right[a..b];
                // Swapping equal segments changes nothing: no evaluation is spent on it.
                if first != second {
                    first.swap_with_slice(second);
                    changed[pair - 1] = true;
                    changed[pair] = true;
                }
            }
        }
        // Mutation: each gene of a mutated individual moves to another value
        // with probability `gene_mutation`. The gaps between mutated genes are
        // drawn directly (geometric), the same distribution as one draw per gene.
        let log_keep = libm::log(1.0 - params.gene_mutation);
        for (slot, flag) in changed.iter_mut().enumerate() {
            if !self.rng.chance(params.mutation) || params.gene_mutation <= 0.0 {
                continue;
            }
            let genome = &mut next[slot * len..(slot + 1) * len];
            let mut i = gap(&mut self.rng, log_keep);
            while i < len {
                let a = arity[i] as usize;
                if a > 1 {
                    genome[i] = ((genome[i] as usize + 1 + self.rng.below(a - 1)) % a) as u8;
                    // Only an individual whose genes changed is re-evaluated.
                    *flag = true;
                }
                i = i
                    .saturating_add(1)
                    .saturating_add(gap(&mut self.rng, log_keep));
            }
        }
        // Elites replace the last offspring unchanged.
        for (k, &e) in elite.iter().enumerate() {
            let slot = n - 1 - k;
            next[slot * len..(slot + 1) * len].copy_from_slice(self.genome(e));
            next_fit[slot] = self.fitness[e];
            changed[slot] = false;
        }
        std::mem::swap(&mut self.genes, &mut next);
        std::mem::swap(&mut self.fitness, &mut next_fit);
        self.generation += 1;
        (0..n).filter(|&i| changed[i]).collect()
    }
}

/// Genes skipped before the next mutated one, for a per-gene probability `p`
/// with `log_keep = ln(1 - p)`.
fn gap(rng: &mut Rng, log_keep: f64) -> usize {
    if log_keep == f64::NEG_INFINITY {
        return 0;
    }
    let u = 1.0 - rng.f64();
    let g = (libm::log(u) / log_keep).floor();
    if g >= usize::MAX as f64 {
        usize::MAX
    } else {
        g as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::genetic::onemax::OneMax;

    #[test]
    fn onemax_improves_and_is_reproducible() {
        let problem = OneMax::new(200);
        let params = GaParams {
            population: 50,
            ..GaParams::default()
        };
        let mut a = Population::new(&problem, &params, 7);
        let start = a.best().1;
        a.evolve(&problem, &params, 60);
        assert!(a.best().1 > start + 10.0, "{} -> {}", start, a.best().1);
        let mut b = Population::new(&problem, &params, 7);
        b.evolve(&problem, &params, 60);
        assert_eq!(a, b);
    }

    #[test]
    fn elitism_never_loses_the_best() {
        let problem = OneMax::new(100);
        let params = GaParams {
            population: 20,
            elitism: 1,
            mutation: 1.0,
            gene_mutation: 0.2,
            ..GaParams::default()
        };
        let mut pop = Population::new(&problem, &params, 3);
        let mut best = pop.best().1;
        for _ in 0..30 {
            pop.evolve(&problem, &params, 1);
            assert!(pop.best().1 >= best);
            best = pop.best().1;
        }
    }

    #[test]
    fn bad_params_are_named() {
        let p = GaParams {
            crossover: 1.5,
            ..GaParams::default()
        };
        assert_eq!(p.validate().unwrap_err().path, "crossover");
    }
}
