//! OneMax: count the ones. The benchmark problem shared with DEAP.

use super::problem::Problem;

pub struct OneMax {
    arity: Vec<u8>,
}

impl OneMax {
    pub fn new(bits: usize) -> Self {
        Self {
            arity: vec![2; bits],
        }
    }
}

impl Problem for OneMax {
    fn arity(&self) -> &[u8] {
        &self.arity
    }

    fn fitness(&self, genome: &[u8]) -> f64 {
        genome.iter().map(|&g| g as u32).sum::<u32>() as f64
    }

    // A sum of 1000 bytes takes less time than a hand-off to another thread.
    fn parallel(&self) -> bool {
        false
    }
}
