//! What the genetic algorithm optimizes: fixed-length genomes of small
//! integers (gene `i` takes values `0..arity[i]`), maximizing `fitness`.

pub trait Problem: Send + Sync {
    /// Number of values each gene can take (all >= 1).
    fn arity(&self) -> &[u8];

    /// Higher is better. Must be a pure function of the genome, so that runs
    /// are reproducible whatever the thread count.
    fn fitness(&self, genome: &[u8]) -> f64;

    /// Genomes to place in the first population (for example a heuristic's answer).
    fn seeds(&self) -> Vec<Vec<u8>> {
        Vec::new()
    }

    /// Whether evaluating a batch is worth spreading over threads (false when
    /// one evaluation costs less than handing it to another thread).
    fn parallel(&self) -> bool {
        true
    }
}
