//! Every safety rule: one violating and one satisfying case, its citation in
//! the evidence, and `unknown` naming the field when data is missing.

use serde_json::{json, Value};

use super::*;
use crate::error::decode;

fn patient(extra: Value) -> Patient {
    let mut base = json!({
        "patient_id": "P-T",
        "demographics": {"age": 40, "sex": "female", "weight": 70.0},
        "biomarkers": {"genetic_markers": [
            {"gene": "TPMT", "phenotype": "normal"},
            {"gene": "NUDT15", "phenotype": "normal"},
            {"gene": "HLA-DQA1", "variant": "negative"}
        ]},
        "pregnancy": {"status": "not_pregnant"},
        "infections": {"tb": "negative", "hbv": "negative", "serious_active_infection": false},
        "heart_failure": {"nyha_class": 1},
        "labs": [
            {"test": "neutrophils", "value": 3.0, "unit": "10^9/L"},
            {"test": "lymphocytes", "value": 1.5, "unit": "10^9/L"},
            {"test": "hemoglobin", "value": 13.0, "unit": "g/dL"}
        ],
        "concomitant_medications": [],
        "planned_vaccines": []
    });
    merge(&mut base, extra);
    decode(base).expect("test patient decodes")
}

fn merge(base: &mut Value, extra: Value) {
    if let (Value::Object(b), Value::Object(e)) = (base, extra) {
        for (k, v) in e {
            b.insert(k, v);
        }
    }
}

fn plan(items: Value) -> TreatmentPlan {
    decode(json!({ "treatment_plan": items })).expect("test plan decodes")
}

fn item(med: &str, dose: f64, unit: &str, freq: &str) -> Value {
    json!({"medication": med, "dosage": dose, "unit": unit, "frequency": freq})
}

/// The single verdict of `property` (first one when per item).
fn verdict(report: &Report, property: &str) -> Verdict {
    report
        .property(property)
        .next()
        .unwrap_or_else(|| panic!("no verdict for {property}"))
        .clone()
}

fn assert_status(report: &Report, property: &str, status: Status) -> Verdict {
    let v = verdict(report, property);
    assert_eq!(
        v.status,
        status,
        "{property}: {}",
        serde_json::to_string_pretty(&v).unwrap()
    );
    let expected = rules::by_id(property).unwrap().sources;
    for s in expected {
        assert!(v.sources.contains(s), "{property} cites {}", s.id);
    }
    v
}

#[test]
fn every_rule_cites_a_source() {
    let ifx = plan(json!([item("Infliximab", 5.0, "mg/kg", "q8w")]));
    let report = verify_treatment_plan(&ifx, &patient(json!({})));
    for v in &report.verdicts {
        assert!(
            !v.sources.is_empty() || v.property == "dose_bounds" && v.evidence.note.is_some(),
            "{v:?}"
        );
    }
    let dose = verdict(&report, "dose_bounds");
    assert!(dose.sources.iter().any(|s| s.id == "label_infliximab"));
    assert_eq!(report.status, Overall::Proved, "{report:#?}");
}

#[test]
fn dose_bounds() {
    let p = patient(json!({}));
    let ok = verify_treatment_plan(
        &plan(json!([item("Adalimumab", 40.0, "mg", "every 2 weeks")])),
        &p,
    );
    assert_status(&ok, "dose_bounds", Status::Proved);
    let high = verify_treatment_plan(
        &plan(
            json!([{"medication": "Adalimumab", "dosage": 80, "unit": "mg", "frequency": "q2w", "phase": "maintenance"}]),
        ),
        &p,
    );
    let v = assert_status(&high, "dose_bounds", Status::Violated);
    let ce = v.evidence.counterexample.unwrap();
    assert_eq!(ce.field, "treatment_plan[0].dosage");
    assert!(ce.bound.contains("40"), "{}", ce.bound);
    // Methotrexate daily is the classic fatal error.
    let mtx = verify_treatment_plan(
        &plan(json!([item("Methotrexate", 15.0, "mg", "daily")])),
        &p,
    );
    let v = assert_status(&mtx, "dose_bounds", Status::Violated);
    assert_eq!(
        v.evidence.counterexample.unwrap().field,
        "treatment_plan[0].frequency"
    );
    // Upadacitinib 45 mg beyond 12 weeks.
    let upa = verify_treatment_plan(
        &plan(
            json!([{"medication": "Upadacitinib", "dosage": "45", "unit": "mg", "frequency": "daily", "phase": "induction", "duration": 120}]),
        ),
        &p,
    );
    assert_eq!(
        assert_status(&upa, "dose_bounds", Status::Violated)
            .evidence
            .counterexample
            .unwrap()
            .field,
        "treatment_plan[0].duration"
    );
    // Ustekinumab IV induction is weight-banded: 70 kg takes 390 mg.
    let ust = |mg: f64| {
        plan(
            json!([{"medication": "Stelara", "dosage": mg, "unit": "mg", "frequency": "once", "route": "iv"}]),
        )
    };
    assert_status(
        &verify_treatment_plan(&ust(390.0), &p),
        "dose_bounds",
        Status::Proved,
    );
    assert_status(
        &verify_treatment_plan(&ust(520.0), &p),
        "dose_bounds",
        Status::Violated,
    );
    // A dose in mg against a mg/kg label needs a weight.
    let no_weight = patient(json!({"demographics": {"age": 40}}));
    let v = assert_status(
        &verify_treatment_plan(
            &plan(json!([item("Azathioprine", 150.0, "mg", "daily")])),
            &no_weight,
        ),
        "dose_bounds",
        Status::Unknown,
    );
    assert_eq!(v.evidence.missing, vec!["demographics.weight"]);
    // An unknown medication is unknown, not proved.
    let v = assert_status(
        &verify_treatment_plan(&plan(json!([item("Snake oil", 1.0, "mg", "daily")])), &p),
        "dose_bounds",
        Status::Unknown,
    );
    assert_eq!(v.evidence.missing, vec!["treatment_plan[0].medication"]);
}

#[test]
fn single_advanced_therapy() {
    let p = patient(json!({}));
    let two = plan(json!([
        item("Infliximab", 5.0, "mg/kg", "q8w"),
        item("Vedolizumab", 300.0, "mg", "q8w")
    ]));
    let v = assert_status(
        &verify_treatment_plan(&two, &p),
        "single_advanced_therapy",
        Status::Violated,
    );
    assert_eq!(
        v.evidence.counterexample.unwrap().value,
        json!("Infliximab + Vedolizumab")
    );
    let one = plan(json!([
        item("Vedolizumab", 300.0, "mg", "q8w"),
        item("Azathioprine", 2.5, "mg/kg", "daily")
    ]));
    assert_status(
        &verify_treatment_plan(&one, &p),
        "single_advanced_therapy",
        Status::Proved,
    );
}

fn pgx(tpmt: &str, nudt15: &str) -> Patient {
    patient(json!({"biomarkers": {"genetic_markers": [
        {"gene": "TPMT", "phenotype": tpmt}, {"gene": "NUDT15", "phenotype": nudt15}
    ]}}))
}

#[test]
fn thiopurine_pharmacogenomics() {
    let aza = |d: f64| plan(json!([item("Azathioprine", d, "mg/kg", "daily")]));
    let id = "thiopurine_pharmacogenomics";
    assert_status(
        &verify_treatment_plan(&aza(2.5), &pgx("normal", "normal")),
        id,
        Status::Proved,
    );
    let v = assert_status(
        &verify_treatment_plan(&aza(2.5), &pgx("intermediate", "normal")),
        id,
        Status::Violated,
    );
    let ce = v.evidence.counterexample.unwrap();
    assert!(ce.bound.starts_with("0.60-2.40"), "{}", ce.bound);
    assert_status(
        &verify_treatment_plan(&aza(1.5), &pgx("intermediate", "normal")),
        id,
        Status::Proved,
    );
    // Intermediate for both genes (2024 update): 20-50% of normal.
    assert_status(
        &verify_treatment_plan(&aza(2.0), &pgx("intermediate", "intermediate")),
        id,
        Status::Violated,
    );
    assert_status(
        &verify_treatment_plan(&aza(1.0), &pgx("intermediate", "intermediate")),
        id,
        Status::Proved,
    );
    assert_status(
        &verify_treatment_plan(&aza(0.5), &pgx("poor", "normal")),
        id,
        Status::Violated,
    );
    // Dose in mg is converted with the weight: 175 mg / 70 kg = 2.5 mg/kg.
    let mg = plan(json!([item("Imuran", 175.0, "mg", "daily")]));
    assert_status(
        &verify_treatment_plan(&mg, &pgx("normal", "normal")),
        id,
        Status::Proved,
    );
    let missing = patient(
        json!({"biomarkers": {"genetic_markers": [{"gene": "TPMT", "phenotype": "normal"}]}}),
    );
    let v = assert_status(
        &verify_treatment_plan(&aza(2.5), &missing),
        id,
        Status::Unknown,
    );
    assert_eq!(
        v.evidence.missing,
        vec!["biomarkers.genetic_markers[gene=NUDT15].phenotype"]
    );
}

#[test]
fn thiopurine_xanthine_oxidase() {
    let id = "thiopurine_xanthine_oxidase";
    let aza = |d: f64| plan(json!([item("Azathioprine", d, "mg/kg", "daily")]));
    let allo = patient(
        json!({"concomitant_medications": [{"medication": "Allopurinol", "dosage": 100, "unit": "mg", "frequency": "daily"}]}),
    );
    let v = assert_status(
        &verify_treatment_plan(&aza(2.5), &allo),
        id,
        Status::Violated,
    );
    assert!(v.evidence.counterexample.unwrap().bound.contains("1/4-1/3"));
    assert_status(
        &verify_treatment_plan(&aza(0.75), &allo),
        id,
        Status::Proved,
    );
    let febux = patient(json!({"concomitant_medications": [{"medication": "Febuxostat"}]}));
    assert_status(
        &verify_treatment_plan(&aza(0.75), &febux),
        id,
        Status::Violated,
    );
    let unknown = patient(json!({"concomitant_medications": null}));
    let v = assert_status(
        &verify_treatment_plan(&aza(2.5), &unknown),
        id,
        Status::Unknown,
    );
    assert_eq!(v.evidence.missing, vec!["concomitant_medications"]);
}

#[test]
fn anti_tnf_active_infection() {
    let id = "anti_tnf_active_infection";
    let ada = plan(json!([item("Adalimumab", 40.0, "mg", "q2w")]));
    assert_status(
        &verify_treatment_plan(&ada, &patient(json!({}))),
        id,
        Status::Proved,
    );
    let tb = patient(
        json!({"infections": {"tb": "active", "hbv": "negative", "serious_active_infection": false}}),
    );
    assert_eq!(
        assert_status(&verify_treatment_plan(&ada, &tb), id, Status::Violated)
            .evidence
            .counterexample
            .unwrap()
            .field,
        "infections.tb"
    );
    let sepsis = patient(
        json!({"infections": {"tb": "negative", "hbv": "negative", "serious_active_infection": true}}),
    );
    assert_status(&verify_treatment_plan(&ada, &sepsis), id, Status::Violated);
    let v = assert_status(
        &verify_treatment_plan(&ada, &patient(json!({"infections": null}))),
        id,
        Status::Unknown,
    );
    assert_eq!(
        v.evidence.missing,
        vec!["infections.serious_active_infection", "infections.tb"]
    );
}

#[test]
fn anti_tnf_tb_hbv_screening() {
    let id = "anti_tnf_tb_hbv_screening";
    let ifx = plan(json!([item("Infliximab", 5.0, "mg/kg", "q8w")]));
    assert_status(
        &verify_treatment_plan(&ifx, &patient(json!({}))),
        id,
        Status::Proved,
    );
    let latent = patient(
        json!({"infections": {"tb": "latent_untreated", "hbv": "negative", "serious_active_infection": false}}),
    );
    assert_status(&verify_treatment_plan(&ifx, &latent), id, Status::Violated);
    let hbv = patient(
        json!({"infections": {"tb": "latent_treated", "hbv": "active", "serious_active_infection": false}}),
    );
    assert_eq!(
        assert_status(&verify_treatment_plan(&ifx, &hbv), id, Status::Violated)
            .evidence
            .counterexample
            .unwrap()
            .field,
        "infections.hbv"
    );
    let no_hbv =
        patient(json!({"infections": {"tb": "negative", "serious_active_infection": false}}));
    assert_eq!(
        assert_status(&verify_treatment_plan(&ifx, &no_hbv), id, Status::Unknown)
            .evidence
            .missing,
        vec!["infections.hbv"]
    );
}

#[test]
fn infliximab_heart_failure() {
    let id = "infliximab_heart_failure";
    let high = plan(json!([item("Infliximab", 10.0, "mg/kg", "q8w")]));
    let nyha3 = patient(json!({"heart_failure": {"nyha_class": 3}}));
    let v = assert_status(&verify_treatment_plan(&high, &nyha3), id, Status::Violated);
    assert!(v.evidence.counterexample.unwrap().bound.contains("5 mg/kg"));
    assert_status(
        &verify_treatment_plan(
            &plan(json!([item("Infliximab", 5.0, "mg/kg", "q8w")])),
            &nyha3,
        ),
        id,
        Status::Proved,
    );
    assert_status(
        &verify_treatment_plan(&high, &patient(json!({}))),
        id,
        Status::Proved,
    );
    let v = assert_status(
        &verify_treatment_plan(&high, &patient(json!({"heart_failure": null}))),
        id,
        Status::Unknown,
    );
    assert_eq!(v.evidence.missing, vec!["heart_failure.nyha_class"]);
}

#[test]
fn anti_tnf_live_vaccines() {
    let id = "anti_tnf_live_vaccines";
    let ada = plan(json!([item("Adalimumab", 40.0, "mg", "q2w")]));
    let mmr = patient(
        json!({"planned_vaccines": [{"name": "Influenza"}, {"name": "MMR", "live": true}]}),
    );
    assert_eq!(
        assert_status(&verify_treatment_plan(&ada, &mmr), id, Status::Violated)
            .evidence
            .counterexample
            .unwrap()
            .field,
        "planned_vaccines[1]"
    );
    let yellow = patient(json!({"planned_vaccines": [{"name": "Yellow fever"}]}));
    assert_status(&verify_treatment_plan(&ada, &yellow), id, Status::Violated);
    let flu = patient(json!({"planned_vaccines": [{"name": "Shingrix", "live": false}]}));
    assert_status(&verify_treatment_plan(&ada, &flu), id, Status::Proved);
    let odd = patient(json!({"planned_vaccines": [{"name": "Xyz-42"}]}));
    assert_eq!(
        assert_status(&verify_treatment_plan(&ada, &odd), id, Status::Unknown)
            .evidence
            .missing,
        vec!["planned_vaccines[0].live"]
    );
}

#[test]
fn methotrexate_pregnancy() {
    let id = "methotrexate_pregnancy";
    let mtx = plan(
        json!([{"medication": "MTX", "dosage": 25, "unit": "mg", "frequency": "weekly", "route": "im"}]),
    );
    assert_status(
        &verify_treatment_plan(&mtx, &patient(json!({"pregnancy": {"status": "pregnant"}}))),
        id,
        Status::Violated,
    );
    assert_status(
        &verify_treatment_plan(&mtx, &patient(json!({"pregnancy": {"status": "planning"}}))),
        id,
        Status::Violated,
    );
    assert_status(
        &verify_treatment_plan(&mtx, &patient(json!({}))),
        id,
        Status::Proved,
    );
    let v = assert_status(
        &verify_treatment_plan(&mtx, &patient(json!({"pregnancy": null}))),
        id,
        Status::Unknown,
    );
    assert_eq!(v.evidence.missing, vec!["pregnancy.status"]);
}

#[test]
fn upadacitinib_blood_counts_with_unit_conversion() {
    let id = "upadacitinib_blood_counts";
    let upa = plan(json!([item("Upadacitinib", 15.0, "mg", "daily")]));
    assert_status(
        &verify_treatment_plan(&upa, &patient(json!({}))),
        id,
        Status::Proved,
    );
    // 450 /mm3 is 0.45 x10^9/L: below 500/mm3.
    let low_alc = patient(json!({"labs": [
        {"test": "neutrophils", "value": 3.0, "unit": "10^9/L"},
        {"test": "lymphocytes", "value": 450, "unit": "/mm3"},
        {"test": "hemoglobin", "value": 13.0, "unit": "g/dL"}
    ]}));
    let v = assert_status(&verify_treatment_plan(&upa, &low_alc), id, Status::Violated);
    assert_eq!(v.evidence.counterexample.unwrap().field, "labs[1].value");
    assert!(v.sources.iter().any(|s| s.id == "unit_conversions"));
    // Hemoglobin 75 g/L is 7.5 g/dL: below 8.
    let low_hb = patient(json!({"labs": [
        {"test": "neutrophils", "value": 3.0, "unit": "10^3/uL"},
        {"test": "lymphocytes", "value": 1.5, "unit": "10^9/L"},
        {"test": "hemoglobin", "value": 75, "unit": "g/L"}
    ]}));
    assert!(
        assert_status(&verify_treatment_plan(&upa, &low_hb), id, Status::Violated)
            .evidence
            .counterexample
            .unwrap()
            .bound
            .contains("8 g/dL")
    );
    // 130 g/L read as g/dL would be absurd; converted it is fine.
    let hb_gl = patient(json!({"labs": [
        {"test": "neutrophils", "value": 1500, "unit": "cells/uL"},
        {"test": "lymphocytes", "value": 1.5, "unit": "10^9/L"},
        {"test": "hemoglobin", "value": 130, "unit": "g/L"}
    ]}));
    assert_status(&verify_treatment_plan(&upa, &hb_gl), id, Status::Proved);
    let no_unit = patient(json!({"labs": [
        {"test": "neutrophils", "value": 3.0, "unit": "10^9/L"},
        {"test": "lymphocytes", "value": 1.5, "unit": "10^9/L"},
        {"test": "hemoglobin", "value": 13.0}
    ]}));
    let v = assert_status(&verify_treatment_plan(&upa, &no_unit), id, Status::Unknown);
    assert_eq!(v.evidence.missing, vec!["labs[2].unit"]);
    let none = patient(json!({"labs": []}));
    let v = assert_status(&verify_treatment_plan(&upa, &none), id, Status::Unknown);
    assert_eq!(v.evidence.missing.len(), 3);
}

#[test]
fn anti_tnf_immunogenicity_is_advisory() {
    let id = "anti_tnf_immunogenicity";
    let carrier = patient(json!({"biomarkers": {"genetic_markers": [
        {"gene": "TPMT", "phenotype": "normal"}, {"gene": "NUDT15", "phenotype": "normal"},
        {"gene": "HLA-DQA1", "variant": "*05", "zygosity": "heterozygous"}
    ]}}));
    let mono = plan(json!([item("Infliximab", 5.0, "mg/kg", "q8w")]));
    let report = verify_treatment_plan(&mono, &carrier);
    let v = assert_status(&report, id, Status::Violated);
    assert_eq!(v.severity, Severity::Advisory);
    assert_eq!(
        report.status,
        Overall::Proved,
        "an advisory does not decide the plan"
    );
    assert_eq!(report.advisories.len(), 1);
    let combo = plan(json!([
        item("Infliximab", 5.0, "mg/kg", "q8w"),
        item("Azathioprine", 2.5, "mg/kg", "daily")
    ]));
    assert_status(&verify_treatment_plan(&combo, &carrier), id, Status::Proved);
}

#[test]
fn overall_status_follows_the_worst_contraindication() {
    let p = patient(json!({"infections": null}));
    let ada = plan(json!([item("Adalimumab", 40.0, "mg", "q2w")]));
    assert_eq!(verify_treatment_plan(&ada, &p).status, Overall::Unknown);
    let bad = plan(json!([item("Adalimumab", 400.0, "mg", "q2w")]));
    assert_eq!(verify_treatment_plan(&bad, &p).status, Overall::Violated);
    assert_eq!(
        verify_treatment_plan(&plan(json!([])), &p).status,
        Overall::Proved
    );
}

#[test]
fn simulation_is_seeded_and_sourced() {
    let p = patient(json!({}));
    let combo = plan(json!([
        item("Infliximab", 5.0, "mg/kg", "q8w"),
        item("Azathioprine", 2.5, "mg/kg", "daily")
    ]));
    let a = simulate_treatment_outcome(&p, &combo, 50_000, 7).unwrap();
    let b = simulate_treatment_outcome(&p, &combo, 50_000, 7).unwrap();
    assert_eq!(a, b);
    assert!(
        (a.remission.probability - 96.0 / 169.0).abs() < 0.02,
        "{}",
        a.remission.probability
    );
    assert!(
        a.remission.ci95[0] < 0.568 && 0.568 < a.remission.ci95[1],
        "{:?}",
        a.remission.ci95
    );
    assert_eq!(a.remission.rate.source.id, "sonic");
    assert_eq!(a.risks[0].event, "serious infection");
    let c = simulate_treatment_outcome(&p, &combo, 50_000, 8).unwrap();
    assert_ne!(a.remission.probability, c.remission.probability);
    assert_eq!(
        simulate_treatment_outcome(&p, &combo, 0, 1)
            .unwrap_err()
            .path,
        "n"
    );
}
