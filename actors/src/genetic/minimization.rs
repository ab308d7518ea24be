//! Pocock & Simon minimization (Biometrics 1975;31:103): patients arrive in
//! order; each goes to the arm that would leave the least imbalance with
//! probability `p`, otherwise to another arm at random.

use super::allocation::{range, Factors, ARM_SIZE_WEIGHT};
use crate::rng::Rng;

pub fn minimize(factors: &Factors, arms: usize, seed: u64, p: f64) -> Vec<u8> {
    let mut rng = Rng::new(seed ^ 0x5157_0000);
    let mut counts: Vec<Vec<u32>> = factors
        .level_counts
        .iter()
        .map(|&l| vec![0; l * arms])
        .collect();
    let mut sizes = vec![0u32; arms];
    let mut out = Vec::with_capacity(factors.levels.len());
    for levels in &factors.levels {
        let score = |a: usize, counts: &[Vec<u32>], sizes: &[u32]| -> u32 {
            let mut g = 0;
            for (f, &l) in levels.iter().enumerate() {
                let row = &counts[f][l as usize * arms..(l as usize + 1) * arms];
                let mut r = row.to_vec();
                r[a] += 1;
                g += range(&r);
            }
            let mut s = sizes.to_vec();
            s[a] += 1;
            g + ARM_SIZE_WEIGHT * range(&s)
        };
        let scores: Vec<u32> = (0..arms).map(|a| score(a, &counts, &sizes)).collect();
        let best = *scores.iter().min().expect("arms >= 2");
        let ties: Vec<usize> = (0..arms).filter(|&a| scores[a] == best).collect();
        let preferred = ties[rng.below(ties.len())];
        let arm = if arms > 1 && !rng.chance(p) {
            let other = rng.below(arms - 1);
            if other >= preferred {
                other + 1
            } else {
                other
            }
        } else {
            preferred
        };
        for (f, &l) in levels.iter().enumerate() {
            counts[f][l as usize * arms + arm] += 1;
        }
        sizes[arm] += 1;
        out.push(arm as u8);
    }
    out
}
