//! The optimizer against the prover and against exhaustive search; seeds and
//! thread counts; allocation against Pocock–Simon minimization.

use super::allocation::{imbalance, optimize_allocation, Factors};
use super::minimization::minimize;
use super::treatment::{default_settings, optimize_treatment, TreatmentProblem};
use super::IslandParams;
use crate::clinical::{synthetic, TrialProtocol};
use crate::error::decode as decode_json;
use crate::prover::{verify_treatment_plan, Overall};

#[test]
fn two_hundred_random_patients_get_verified_plans() {
    let params = IslandParams {
        seed: 5,
        ..IslandParams::default()
    };
    let mut optimal = 0;
    let mut with_therapy = 0;
    for i in 0..200 {
        let patient = synthetic::patient(2026, i);
        let out = optimize_treatment(&patient, &params).unwrap();
        let report = verify_treatment_plan(&out.plan, &patient);
        assert_ne!(
            report.status,
            Overall::Violated,
            "patient {i}: {:#?}",
            out.plan
        );
        assert_eq!(report.status, out.verification.status);
        let problem = TreatmentProblem::new(patient.clone(), default_settings());
        let best = problem
            .options
            .all_genomes()
            .map(|g| problem.evaluate(&g).0.total)
            .fold(f64::MIN, f64::max);
        if (out.fitness.total - best).abs() < 1e-12 {
            optimal += 1;
        }
        with_therapy += usize::from(!out.plan.treatment_plan.is_empty());
    }
    // A small space: the island model should find the exhaustive optimum almost always.
    assert!(optimal >= 195, "optimal for {optimal}/200");
    assert!(
        with_therapy >= 150,
        "only {with_therapy}/200 plans have a therapy"
    );
}

#[test]
fn same_seed_same_plan_at_one_and_two_threads() {
    let params = IslandParams {
        seed: 77,
        generations: 30,
        ..IslandParams::default()
    };
    let run_with = |threads| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            (0..20)
                .map(|i| {
                    serde_json::to_string(
                        &optimize_treatment(&synthetic::patient(9, i), &params).unwrap(),
                    )
                    .unwrap()
                })
                .collect::<Vec<_>>()
        })
    };
    assert_eq!(run_with(1), run_with(2));
}

#[test]
fn onemax_islands_same_at_one_and_two_threads() {
    let problem = super::onemax::OneMax::new(300);
    let params = IslandParams {
        seed: 3,
        population: 40,
        elitism: 0,
        gene_mutation: 0.01,
        mutation: 0.2,
        ..IslandParams::default()
    };
    let run_with = |threads| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| super::archipelago::run(&problem, &params))
    };
    assert_eq!(run_with(1), run_with(2));
}

fn protocol() -> TrialProtocol {
    decode_json(serde_json::json!({
        "trial_id": "CROHNS-001", "phase": 2,
        "arms": [
            {"armId": "ARM-001", "name": "Upadacitinib 15mg", "biomarkerStratification": [{"biomarker": "NOD2", "criteria": "variant"}]},
            {"armId": "ARM-002", "name": "Ustekinumab"},
            {"armId": "ARM-003", "name": "Placebo"}
        ]
    }))
    .unwrap()
}

#[test]
fn allocation_balances_at_least_as_well_as_minimization() {
    let protocol = protocol();
    for seed in 0..5 {
        let cohort: Vec<_> = (0..90).map(|i| synthetic::patient(100 + seed, i)).collect();
        let params = IslandParams {
            seed,
            generations: 60,
            ..IslandParams::default()
        };
        let out = optimize_allocation(&cohort, &protocol, &params).unwrap();
        assert_eq!(out.assignments.len(), 90);
        assert!(
            out.imbalance.total <= out.minimization_imbalance,
            "{} > {}",
            out.imbalance.total,
            out.minimization_imbalance
        );
        assert!(
            out.imbalance.arm_size_range <= 1,
            "arm sizes {:?}",
            out.arm_sizes
        );
        // Minimization itself beats random allocation by a wide margin.
        let factors = Factors::of(&cohort, &protocol);
        let ps = imbalance(&minimize(&factors, 3, seed, 0.8), &factors, 3).total;
        let random: Vec<u8> = (0..90)
            .map(|i| (crate::rng::mix(seed, i) % 3) as u8)
            .collect();
        assert!(ps < imbalance(&random, &factors, 3).total);
        assert!(out
            .imbalance
            .by_factor
            .iter()
            .any(|f| f.factor == "biomarker NOD2"));
    }
}

#[test]
fn allocation_input_errors_name_the_field() {
    let protocol = protocol();
    let err = optimize_allocation(&[], &protocol, &IslandParams::default()).unwrap_err();
    assert_eq!(err.path, "cohort");
    let one_arm = TrialProtocol {
        arms: protocol.arms[..1].to_vec(),
        ..protocol.clone()
    };
    let cohort = vec![synthetic::patient(1, 1)];
    assert_eq!(
        optimize_allocation(&cohort, &one_arm, &IslandParams::default())
            .unwrap_err()
            .path,
        "protocol.arms"
    );
    let bad = IslandParams {
        islands: 0,
        ..IslandParams::default()
    };
    assert_eq!(
        optimize_allocation(&cohort, &protocol, &bad)
            .unwrap_err()
            .path,
        "options.islands"
    );
}
