//! Operating characteristics against exact values: for a two-arm design with
//! one final analysis, the probability of declaring the experimental arm
//! superior is a finite sum over arm sizes and responses, so the simulated
//! type I error (null) and power / correct selection (a clear difference)
//! must fall within a few Monte Carlo standard errors of it. And a seed gives
//! the same numbers at 1 and 2 threads.

use hms_actors::trial::{characteristics, Design, Scenario};
use serde_json::json;

const N: u32 = 60;
const THRESHOLD: f64 = 0.975;
const TRIALS: u32 = 20_000;

fn two_arms() -> Design {
    Design::from_json(json!({
        "arms": [
            {"id": "placebo", "therapy": "placebo", "control": true},
            {"id": "UPA", "therapy": "upadacitinib"}
        ],
        "endpoint": {"name": "clinical remission", "week": 12},
        "accrual_per_week": 5,
        "max_patients": N,
        "stopping": {"superiority": THRESHOLD}
    }))
    .unwrap()
}

fn ln_choose(n: u32, k: u32) -> f64 {
    libm::lgamma(n as f64 + 1.0) - libm::lgamma(k as f64 + 1.0) - libm::lgamma((n - k) as f64 + 1.0)
}

fn binom(n: u32, k: u32, p: f64) -> f64 {
    if p == 0.0 || p == 1.0 {
        return f64::from(u8::from((p == 0.0 && k == 0) || (p == 1.0 && k == n)));
    }
    libm::exp(ln_choose(n, k) + k as f64 * libm::log(p) + (n - k) as f64 * libm::log1p(-p))
}

fn ln_beta(a: f64, b: f64) -> f64 {
    libm::lgamma(a) + libm::lgamma(b) - libm::lgamma(a + b)
}

/// P(X > Y) for X ~ Beta(ax, bx), Y ~ Beta(ay, by), integer ax: the exact
/// finite sum (Cook, "Exact calculation of beta inequalities", 2005) — not
/// the engine's quadrature, so this checks that too.
fn exact_greater(ax: f64, bx: f64, ay: f64, by: f64) -> f64 {
    (0..ax as usize)
        .map(|i| {
            let i = i as f64;
            libm::exp(
                ln_beta(ay + i, by + bx)
                    - libm::log(bx + i)
                    - ln_beta(1.0 + i, bx)
                    - ln_beta(ay, by),
            )
        })
        .sum()
}

/// P(declare the experimental arm superior): patients split Binomial(N, 1/2)
/// between the arms (independent randomization), responses binomial in each.
fn exact_superiority(p0: f64, p1: f64) -> f64 {
    let mut total = 0.0;
    for n1 in 0..=N {
        let n0 = N - n1;
        let w = binom(N, n1, 0.5);
        for x0 in 0..=n0 {
            let w0 = w * binom(n0, x0, p0);
            if w0 < 1e-14 {
                continue;
            }
            for x1 in 0..=n1 {
                let w1 = w0 * binom(n1, x1, p1);
                if w1 < 1e-14 {
                    continue;
                }
                let p = exact_greater(
                    1.0 + x1 as f64,
                    1.0 + (n1 - x1) as f64,
                    1.0 + x0 as f64,
                    1.0 + (n0 - x0) as f64,
                );
                if p > THRESHOLD {
                    total += w1;
                }
            }
        }
    }
    total
}

fn within_mc_error(simulated: f64, exact: f64, what: &str) {
    // Four standard errors of a proportion from TRIALS simulations.
    let bound = 4.0 * (exact * (1.0 - exact) / TRIALS as f64).sqrt();
    assert!(
        (simulated - exact).abs() <= bound,
        "{what}: simulated {simulated:.4}, exact {exact:.4}, bound ±{bound:.4}"
    );
}

#[test]
fn type_i_error_under_the_null_matches_the_exact_sum() {
    let design = two_arms();
    let null = Scenario {
        name: "null".into(),
        rates: vec![0.3, 0.3],
    };
    let oc = characteristics(&design, &null, 0, TRIALS, 11);
    let exact = exact_superiority(0.3, 0.3);
    assert!(exact > 0.005 && exact < 0.05, "{exact}");
    within_mc_error(
        oc.type_i_error.expect("a null scenario"),
        exact,
        "type I error",
    );
}

#[test]
fn correct_selection_in_a_clear_scenario_matches_the_exact_sum() {
    let design = two_arms();
    let clear = Scenario {
        name: "clear".into(),
        rates: vec![0.2, 0.55],
    };
    let oc = characteristics(&design, &clear, 1, TRIALS, 12);
    let exact = exact_superiority(0.2, 0.55);
    assert!(exact > 0.6, "{exact}");
    // With a control the recommended arm is the superior one, else the control.
    within_mc_error(
        oc.p_correct_selection.expect("one best arm"),
        exact,
        "correct selection",
    );
    within_mc_error(oc.arms[1].p_superior, exact, "power");
}

#[test]
fn a_seed_gives_the_same_numbers_at_one_and_two_threads() {
    let four_arms = serde_json::from_str(include_str!("cases/four_arm_design.json")).unwrap();
    let design = Design::from_json(four_arms).unwrap();
    let scenario = Scenario {
        name: "one works".into(),
        rates: vec![0.2, 0.4, 0.25, 0.2],
    };
    let at = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| characteristics(&design, &scenario, 3, 2_000, 99))
    };
    let one = serde_json::to_string(&at(1)).unwrap();
    let two = serde_json::to_string(&at(2)).unwrap();
    assert_eq!(one, two);
}
