//! The published rankings the model is checked against, and Kendall's tau-b
//! to compare a ranking with them. Naive patients: the Singh network
//! meta-analysis's SUCRA for induction of remission (the only NMA whose values
//! for these drugs were read). Exposed patients: the tiers of the AGA 2025
//! guideline, which grades its own NMA (the 2025 AGA evidence synthesis) by
//! line of therapy: higher, intermediate and lower efficacy (ties within a tier).

use serde::Serialize;

use super::Exposure;
use crate::clinical::formulary::Drug;
use crate::source::{Source, AGA_2025, SINGH_NMA};

#[derive(Clone, Copy, Debug, Serialize)]
pub struct Ranking {
    pub exposure: Exposure,
    pub measure: &'static str,
    /// Higher is better.
    pub scores: &'static [(Drug, f64)],
    pub source: Source,
}

pub const NAIVE: Ranking = Ranking {
    exposure: Exposure::Naive,
    measure: "SUCRA, induction of clinical remission, biologic-naive",
    scores: &[
        (Drug::Infliximab, 0.93),
        (Drug::Adalimumab, 0.75),
        (Drug::Ustekinumab, 0.56),
        (Drug::Vedolizumab, 0.55),
    ],
    source: SINGH_NMA
        .at("Table 2, biologic-naive induction SUCRA (certolizumab 0.20 is not in the formulary)"),
};

pub const EXPOSED: Ranking = Ranking {
    exposure: Exposure::Exposed,
    measure: "AGA 2025 efficacy tier after >= 1 advanced therapy (2 higher, 1 intermediate, 0 lower)",
    scores: &[
        (Drug::Adalimumab, 2.0),
        (Drug::Risankizumab, 2.0),
        (Drug::Upadacitinib, 2.0),
        (Drug::Ustekinumab, 1.0),
        (Drug::Vedolizumab, 0.0),
    ],
    source: AGA_2025.at("abstract: exposed to 1 or more advanced therapies, higher efficacy adalimumab, risankizumab, guselkumab or upadacitinib; intermediate ustekinumab or mirikizumab; lower vedolizumab or certolizumab pegol"),
};

/// Kendall's tau-b between two scorings of the same items (ties allowed).
pub fn kendall_tau_b(a: &[f64], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len());
    let (mut concordant, mut discordant, mut ties_a, mut ties_b) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for i in 0..a.len() {
        for j in i + 1..a.len() {
            let (x, y) = (a[i] - a[j], b[i] - b[j]);
            match (x == 0.0, y == 0.0) {
                (true, true) => {}
                (true, false) => ties_a += 1.0,
                (false, true) => ties_b += 1.0,
                (false, false) if x * y > 0.0 => concordant += 1.0,
                (false, false) => discordant += 1.0,
            }
        }
    }
    let denom = ((concordant + discordant + ties_a) * (concordant + discordant + ties_b)).sqrt();
    if denom == 0.0 {
        0.0
    } else {
        (concordant - discordant) / denom
    }
}

#[cfg(test)]
mod tests {
    use super::kendall_tau_b;

    #[test]
    fn tau_b_of_known_orders() {
        assert_eq!(kendall_tau_b(&[1.0, 2.0, 3.0], &[1.0, 2.0, 3.0]), 1.0);
        assert_eq!(kendall_tau_b(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]), -1.0);
        // One swapped pair of four: (5 - 1) / 6.
        let t = kendall_tau_b(&[4.0, 3.0, 2.0, 1.0], &[4.0, 3.0, 1.0, 2.0]);
        assert!((t - 4.0 / 6.0).abs() < 1e-12);
        // Ties in the reference: the three tied pairs count in neither direction.
        let t = kendall_tau_b(&[2.0, 2.0, 2.0, 1.0, 0.0], &[5.0, 4.0, 3.0, 2.0, 1.0]);
        assert!((t - 7.0 / (7.0f64 * 10.0).sqrt()).abs() < 1e-12, "{t}");
    }
}
