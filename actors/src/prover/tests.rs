//! The rules one by one: a full label regimen of every drug is proved on a
//! complete record, each family's violation names its field and cites its
//! label section, missing data is `unknown` naming the field, and the report
//! says what was checked. The case corpus (`actors/tests/cases/`) covers the
//! rules drug by drug; these are the unit tests next to the code.

use serde_json::{json, Value};

use super::*;
use crate::clinical::{Date, Jurisdiction};
use crate::error::decode;

const AS_OF: &str = "2026-11-26";

fn settings() -> Settings {
    VerifyOptions::default().settle(Date::parse(AS_OF).unwrap())
}

/// A record with every field a rule reads, nothing that breaks one.
pub fn complete() -> Value {
    json!({
        "patient_id": "P-T",
        "demographics": {"age": 40, "sex": "female", "weight": 70.0},
        "clinical_data": {"crohns_type": "ileocolonic", "disease_activity": {"CDAI": 260}},
        "biomarkers": {"genetic_markers": [
            {"gene": "TPMT", "phenotype": "normal"},
            {"gene": "NUDT15", "phenotype": "normal"},
            {"gene": "HLA-DQA1", "variant": "negative"}
        ]},
        "pregnancy": {"status": "not_pregnant"},
        "infections": {"tb": "negative", "hbv": "negative", "hcv": "negative", "serious_active_infection": false},
        "heart_failure": {"present": false},
        "hepatic_impairment": {"child_pugh": "none"},
        "labs": [
            {"test": "neutrophils", "value": 3.0, "unit": "10^9/L", "date": "2026-11-01"},
            {"test": "lymphocytes", "value": 1.5, "unit": "10^9/L", "date": "2026-11-01"},
            {"test": "hemoglobin", "value": 13.0, "unit": "g/dL", "date": "2026-11-01"},
            {"test": "eGFR", "value": 95, "unit": "mL/min/1.73m2", "date": "2026-11-01"},
            {"test": "ALT", "value": 22, "unit": "U/L", "date": "2026-11-01"},
            {"test": "AST", "value": 20, "unit": "U/L", "date": "2026-11-01"},
            {"test": "bilirubin", "value": 0.6, "unit": "mg/dL", "date": "2026-11-01"}
        ],
        "treatment_history": [{"medication": "Adalimumab", "response": "loss of response", "status": "stopped"}],
        "comorbidities": [],
        "concomitant_medications": [],
        "planned_vaccines": [],
        "vaccination_history": [],
        "allergies": [],
        "lactation": {"breastfeeding": false}
    })
}

fn patient(extra: Value) -> Patient {
    let mut base = complete();
    for (k, v) in extra.as_object().expect("an object") {
        if v.is_null() {
            base.as_object_mut().unwrap().remove(k);
        } else {
            base[k] = v.clone();
        }
    }
    decode(base).expect("test patient decodes")
}

fn plan(items: Value) -> TreatmentPlan {
    decode(json!({ "treatment_plan": items })).expect("test plan decodes")
}

fn once(med: &str, dose: f64, unit: &str, route: &str, week: u32) -> Value {
    json!({"medication": med, "dosage": dose, "unit": unit, "frequency": "once", "route": route, "phase": "induction", "start_week": week})
}

fn maint(med: &str, dose: f64, unit: &str, freq: &str, route: &str, week: u32) -> Value {
    json!({"medication": med, "dosage": dose, "unit": unit, "frequency": freq, "route": route, "phase": "maintenance", "start_week": week})
}

/// Each drug's label regimen, induction then maintenance.
pub fn regimen(drug: &str) -> Value {
    match drug {
        "infliximab" => json!([
            once("Infliximab", 5.0, "mg/kg", "iv", 0),
            once("Infliximab", 5.0, "mg/kg", "iv", 2),
            once("Infliximab", 5.0, "mg/kg", "iv", 6),
            maint("Infliximab", 5.0, "mg/kg", "q8w", "iv", 14)
        ]),
        "adalimumab" => json!([
            once("Adalimumab", 160.0, "mg", "sc", 0),
            once("Adalimumab", 80.0, "mg", "sc", 2),
            maint("Adalimumab", 40.0, "mg", "every 2 weeks", "sc", 4)
        ]),
        "ustekinumab" => json!([
            once("Ustekinumab", 390.0, "mg", "iv", 0),
            maint("Ustekinumab", 90.0, "mg", "q8w", "sc", 8)
        ]),
        "vedolizumab" => json!([
            once("Vedolizumab", 300.0, "mg", "iv", 0),
            once("Vedolizumab", 300.0, "mg", "iv", 2),
            once("Vedolizumab", 300.0, "mg", "iv", 6),
            maint("Vedolizumab", 300.0, "mg", "q8w", "iv", 14)
        ]),
        "risankizumab" => json!([
            once("Risankizumab", 600.0, "mg", "iv", 0),
            once("Risankizumab", 600.0, "mg", "iv", 4),
            once("Risankizumab", 600.0, "mg", "iv", 8),
            maint("Risankizumab", 360.0, "mg", "q8w", "sc", 12)
        ]),
        "upadacitinib" => json!([
            {"medication": "Upadacitinib", "dosage": 45, "unit": "mg", "frequency": "daily", "route": "oral", "phase": "induction", "duration": 84, "start_week": 0},
            maint("Upadacitinib", 15.0, "mg", "daily", "oral", 12)
        ]),
        "azathioprine" => json!([maint("Azathioprine", 2.5, "mg/kg", "daily", "oral", 0)]),
        "mercaptopurine" => json!([maint("Mercaptopurine", 1.25, "mg/kg", "daily", "oral", 0)]),
        "methotrexate" => json!([
            {"medication": "Methotrexate", "dosage": 25, "unit": "mg", "frequency": "weekly", "route": "sc", "phase": "induction", "duration": 112, "start_week": 0},
            maint("Methotrexate", 15.0, "mg", "weekly", "sc", 16)
        ]),
        "budesonide" => json!([
            {"medication": "Budesonide", "dosage": 9, "unit": "mg", "frequency": "daily", "route": "oral", "phase": "induction", "duration": 56, "start_week": 0},
            {"medication": "Budesonide", "dosage": 6, "unit": "mg", "frequency": "daily", "route": "oral", "phase": "maintenance", "duration": 90, "start_week": 8}
        ]),
        other => panic!("no regimen for {other}"),
    }
}

const DRUGS: [&str; 10] = [
    "infliximab",
    "adalimumab",
    "ustekinumab",
    "vedolizumab",
    "risankizumab",
    "upadacitinib",
    "azathioprine",
    "mercaptopurine",
    "methotrexate",
    "budesonide",
];

fn check(items: Value, extra: Value) -> Report {
    verify(&plan(items), &patient(extra), settings())
}

fn with_jurisdiction(j: Jurisdiction, items: Value, extra: Value) -> Report {
    let settings = VerifyOptions {
        jurisdiction: Some(j),
        ..VerifyOptions::default()
    }
    .settle(Date::parse(AS_OF).unwrap());
    verify(&plan(items), &patient(extra), settings)
}

fn statuses(report: &Report, property: &str) -> Vec<Status> {
    report.property(property).map(|v| v.status).collect()
}

/// The first verdict of `property` that is not proved (else the first).
fn verdict(report: &Report, property: &str) -> Verdict {
    let all: Vec<&Verdict> = report.property(property).collect();
    assert!(!all.is_empty(), "no verdict for {property}");
    all.iter()
        .find(|v| v.status != Status::Proved)
        .unwrap_or(&all[0])
        .to_owned()
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
    v
}

fn violated_field(report: &Report, property: &str) -> String {
    assert_status(report, property, Status::Violated)
        .evidence
        .counterexample
        .unwrap()
        .field
}

#[test]
fn every_label_regimen_is_proved_on_a_complete_record() {
    for drug in DRUGS {
        let report = check(regimen(drug), json!({}));
        let bad: Vec<_> = report
            .verdicts
            .iter()
            .filter(|v| {
                v.severity == Severity::Contraindication
                    && v.status != Status::Proved
                    && v.status != Status::NotApplicable
            })
            .collect();
        assert_eq!(
            report.status,
            Overall::Proved,
            "{drug}: {}",
            serde_json::to_string_pretty(&bad).unwrap()
        );
        let coverage = &report.coverage[0];
        assert!(
            !coverage.encoded.is_empty() && !coverage.not_checked.is_empty(),
            "{drug}: {coverage:?}"
        );
    }
}

#[test]
fn binding_verdicts_cite_sections() {
    for drug in DRUGS {
        let report = check(regimen(drug), json!({}));
        for v in &report.verdicts {
            if v.status == Status::NotApplicable || v.property == "formulary" {
                continue;
            }
            assert!(!v.sources.is_empty(), "{drug}: {v:?}");
            if v.basis.is_some_and(|b| {
                b != statement::Basis::Advice || v.property != "anti_tnf_immunogenicity"
            }) {
                assert!(
                    v.sources.iter().any(|s| s.section.is_some()),
                    "{drug}: {} cites no section",
                    v.property
                );
            }
        }
    }
}

#[test]
fn nothing_to_check_is_not_proved() {
    assert_eq!(check(json!([]), json!({})).status, Overall::Unknown);
    let r = check(
        json!([{"medication": "Certolizumab", "dosage": 400, "unit": "mg", "frequency": "q4w"}]),
        json!({}),
    );
    assert_eq!(r.status, Overall::Unknown);
    let v = assert_status(&r, "formulary", Status::Unknown);
    assert_eq!(v.evidence.missing, ["treatment_plan[0].medication"]);
    assert!(v.evidence.note.unwrap().contains("not in the formulary"));
    let r = check(
        json!([{"medication": "Uceris", "dosage": 9, "unit": "mg", "frequency": "daily"}]),
        json!({}),
    );
    assert!(verdict(&r, "formulary")
        .evidence
        .note
        .unwrap()
        .contains("ulcerative colitis"));
    // Rules about other drugs are not applicable, and say so.
    let r = check(regimen("vedolizumab"), json!({}));
    assert_eq!(
        statuses(&r, "thiopurine_pharmacogenomics"),
        [Status::NotApplicable]
    );
}

#[test]
fn schedules_induction_then_maintenance() {
    let id = "induction_before_maintenance";
    let maint_only = json!([maint("Ustekinumab", 90.0, "mg", "q8w", "sc", 0)]);
    assert_eq!(
        violated_field(&check(maint_only.clone(), json!({})), id),
        "treatment_plan[0].phase"
    );
    // Already on the drug: no new induction.
    let on = json!({"treatment_history": [{"medication": "Stelara", "response": "response", "status": "active"}]});
    assert_status(&check(maint_only, on), id, Status::Proved);
    // Incomplete induction and early maintenance.
    let two = json!([
        once("Infliximab", 5.0, "mg/kg", "iv", 0),
        once("Infliximab", 5.0, "mg/kg", "iv", 2),
        maint("Infliximab", 5.0, "mg/kg", "q8w", "iv", 14)
    ]);
    assert_status(&check(two, json!({})), id, Status::Violated);
    let early = json!([
        once("Risankizumab", 600.0, "mg", "iv", 0),
        once("Risankizumab", 600.0, "mg", "iv", 4),
        once("Risankizumab", 600.0, "mg", "iv", 8),
        maint("Risankizumab", 360.0, "mg", "q8w", "sc", 8)
    ]);
    assert_eq!(
        violated_field(&check(early, json!({})), id),
        "treatment_plan[3].start_week"
    );
    // Induction and maintenance of one drug are one therapy.
    assert_status(
        &check(regimen("infliximab"), json!({})),
        "single_advanced_therapy",
        Status::Proved,
    );
}

#[test]
fn course_lengths_and_escalation() {
    let bud = |dose: f64, phase: &str, days: f64| json!([{"medication": "Entocort EC", "dosage": dose, "unit": "mg", "frequency": "daily", "phase": phase, "duration": days}]);
    assert_eq!(
        violated_field(
            &check(bud(9.0, "induction", 365.0), json!({})),
            "course_length"
        ),
        "treatment_plan[0].duration"
    );
    assert_status(
        &check(bud(9.0, "induction", 56.0), json!({})),
        "course_length",
        Status::Proved,
    );
    let no_duration = check(
        json!([{"medication": "Budesonide", "dosage": 9, "unit": "mg", "frequency": "daily"}]),
        json!({}),
    );
    assert_eq!(
        assert_status(&no_duration, "course_length", Status::Unknown)
            .evidence
            .missing,
        ["treatment_plan[0].duration"]
    );
    // Infliximab 10 mg/kg needs a recorded loss of response to infliximab.
    let mut ten = regimen("infliximab");
    ten[3]["dosage"] = json!(10);
    assert_status(
        &check(ten.clone(), json!({})),
        "conditional_dose",
        Status::Violated,
    );
    let lost = json!({"treatment_history": [{"medication": "Remicade", "response": "loss of response", "status": "completed"}]});
    assert_status(
        &check(ten.clone(), lost),
        "conditional_dose",
        Status::Proved,
    );
    let never = json!({"treatment_history": [{"medication": "infliximab", "response": "primary non-response"}]});
    assert_status(&check(ten, never), "conditional_dose", Status::Violated);
}

#[test]
fn infection_rules_cover_every_advanced_therapy() {
    for drug in [
        "infliximab",
        "adalimumab",
        "ustekinumab",
        "vedolizumab",
        "risankizumab",
        "upadacitinib",
    ] {
        let sick = check(
            regimen(drug),
            json!({"infections": {"tb": "negative", "hbv": "negative", "hcv": "negative", "serious_active_infection": true}}),
        );
        assert_eq!(
            violated_field(&sick, "serious_infection"),
            "infections.serious_active_infection",
            "{drug}"
        );
        let tb = check(
            regimen(drug),
            json!({"infections": {"tb": "active", "hbv": "negative", "hcv": "negative", "serious_active_infection": false}}),
        );
        assert_eq!(
            violated_field(&tb, "tuberculosis"),
            "infections.tb",
            "{drug}"
        );
        let unknown = check(regimen(drug), json!({"infections": null}));
        assert_eq!(unknown.status, Overall::Unknown, "{drug}");
    }
    // Vedolizumab's US label (as read) only asks to consider screening; the
    // EU SmPC asks latent TB treated first, which the US falls back to.
    let latent = json!({"infections": {"tb": "latent_untreated", "hbv": "negative", "hcv": "negative", "serious_active_infection": false}});
    let eu_latent = with_jurisdiction(Jurisdiction::Eu, regimen("vedolizumab"), latent.clone());
    let v = assert_status(&eu_latent, "tuberculosis", Status::Violated);
    assert_eq!(
        v.jurisdictions,
        vec![crate::clinical::jurisdiction::Label::Eu]
    );
    assert_status(
        &check(regimen("upadacitinib"), latent),
        "tuberculosis",
        Status::Violated,
    );
}

#[test]
fn hepatitis_b_is_screened_and_upadacitinib_not_started_with_active_hepatitis() {
    let hbv = |s: &str| json!({"infections": {"tb": "negative", "hbv": s, "hcv": "negative", "serious_active_infection": false}});
    assert_status(
        &check(regimen("upadacitinib"), hbv("active")),
        "viral_hepatitis",
        Status::Violated,
    );
    let ifx = check(regimen("infliximab"), hbv("active"));
    let v = assert_status(&ifx, "viral_hepatitis", Status::Violated);
    assert_eq!(
        v.severity,
        Severity::Advisory,
        "a TNF blocker in an HBV carrier is an advisory"
    );
    assert_eq!(ifx.status, Overall::Proved);
    let no_hcv = json!({"infections": {"tb": "negative", "hbv": "negative", "serious_active_infection": false}});
    assert_eq!(
        assert_status(
            &check(regimen("upadacitinib"), no_hcv),
            "viral_hepatitis",
            Status::Unknown
        )
        .evidence
        .missing,
        ["infections.hcv"]
    );
}

#[test]
fn live_vaccines_by_name_for_every_drug_that_restricts_them() {
    for drug in [
        "infliximab",
        "adalimumab",
        "ustekinumab",
        "risankizumab",
        "upadacitinib",
        "azathioprine",
        "mercaptopurine",
        "methotrexate",
    ] {
        let r = check(
            regimen(drug),
            json!({"planned_vaccines": [{"name": "Shingrix"}, {"name": "live attenuated influenza vaccine"}]}),
        );
        assert_eq!(
            violated_field(&r, "live_vaccines"),
            "planned_vaccines[1]",
            "{drug}"
        );
    }
    let vdz = check(
        regimen("vedolizumab"),
        json!({"planned_vaccines": [{"name": "Varivax"}]}),
    );
    assert_eq!(
        assert_status(&vdz, "live_vaccines", Status::Violated).severity,
        Severity::Advisory
    );
    let odd = check(
        regimen("adalimumab"),
        json!({"planned_vaccines": [{"name": "influenza"}]}),
    );
    assert_eq!(
        assert_status(&odd, "live_vaccines", Status::Unknown)
            .evidence
            .missing,
        ["planned_vaccines[0].live"]
    );
    let flagged = check(
        regimen("adalimumab"),
        json!({"planned_vaccines": [{"name": "influenza", "live": false}]}),
    );
    assert_status(&flagged, "live_vaccines", Status::Proved);
}

#[test]
fn heart_failure_by_jurisdiction() {
    let nyha = |c: u8| json!({"heart_failure": {"nyha_class": c}});
    for drug in ["infliximab", "adalimumab"] {
        let v = assert_status(
            &check(regimen(drug), nyha(3)),
            "heart_failure",
            Status::Violated,
        );
        assert!(
            v.jurisdictions
                .contains(&crate::clinical::jurisdiction::Label::Eu),
            "{drug}"
        );
    }
    let us = |items: Value, extra: Value| {
        let s = VerifyOptions {
            jurisdiction: Some(Jurisdiction::Us),
            ..VerifyOptions::default()
        }
        .settle(Date::parse(AS_OF).unwrap());
        verify(&plan(items), &patient(extra), s)
    };
    // US: infliximab 5 mg/kg in NYHA III is an advisory; above 5 mg/kg it is contraindicated.
    let five = us(regimen("infliximab"), nyha(3));
    assert_eq!(
        assert_status(&five, "heart_failure", Status::Violated).severity,
        Severity::Advisory
    );
    let mut ten = regimen("infliximab");
    ten[3]["dosage"] = json!(10);
    let v = assert_status(&us(ten, nyha(4)), "heart_failure", Status::Violated);
    assert_eq!(
        (v.severity, v.basis),
        (
            Severity::Contraindication,
            Some(statement::Basis::Contraindication)
        )
    );
    assert_eq!(
        assert_status(
            &check(regimen("adalimumab"), json!({"heart_failure": null})),
            "heart_failure",
            Status::Unknown
        )
        .evidence
        .missing,
        ["heart_failure.nyha_class"]
    );
}

#[test]
fn methotrexate_reproduction_for_women_and_men() {
    let id = "methotrexate_pregnancy";
    let woman = |s: &str| json!({"pregnancy": {"status": s}});
    assert_status(
        &check(regimen("methotrexate"), woman("pregnant")),
        id,
        Status::Violated,
    );
    let v = assert_status(
        &check(regimen("methotrexate"), woman("planning")),
        id,
        Status::Violated,
    );
    assert!(v
        .evidence
        .counterexample
        .unwrap()
        .bound
        .contains("6 months"));
    let man = |s: Value| json!({"demographics": {"age": 40, "sex": "male", "weight": 80}, "pregnancy": s});
    let v = assert_status(
        &check(regimen("methotrexate"), man(json!({"status": "planning"}))),
        id,
        Status::Violated,
    );
    assert!(v
        .evidence
        .counterexample
        .unwrap()
        .bound
        .contains("3 months"));
    assert_status(
        &check(regimen("methotrexate"), man(Value::Null)),
        id,
        Status::Unknown,
    );
    assert_status(
        &check(
            regimen("methotrexate"),
            man(json!({"status": "not_pregnant"})),
        ),
        id,
        Status::Proved,
    );
}

#[test]
fn interactions_match_every_name() {
    let meds = |m: &str| json!({"concomitant_medications": [{"medication": m}]});
    let aza = regimen("azathioprine");
    for allopurinol in ["Zyloprim 300 mg", "allopurinol", "Aloprim"] {
        assert_status(
            &check(aza.clone(), meds(allopurinol)),
            "thiopurine_xanthine_oxidase",
            Status::Violated,
        );
    }
    assert_status(
        &check(
            json!([maint("Imuran", 0.75, "mg/kg", "daily", "oral", 0)]),
            meds("Zyloprim"),
        ),
        "thiopurine_xanthine_oxidase",
        Status::Proved,
    );
    assert_status(
        &check(aza, meds("Uloric")),
        "thiopurine_xanthine_oxidase",
        Status::Violated,
    );
    for tmp_smx in [
        "Bactrim DS",
        "co-trimoxazole",
        "sulfamethoxazole/trimethoprim",
    ] {
        assert_status(
            &check(regimen("methotrexate"), meds(tmp_smx)),
            "methotrexate_interactions",
            Status::Violated,
        );
    }
    assert_status(
        &check(regimen("upadacitinib"), meds("rifampin")),
        "upadacitinib_cyp3a4",
        Status::Violated,
    );
    let with_clarithromycin = check(regimen("upadacitinib"), meds("Biaxin"));
    let v = assert_status(
        &with_clarithromycin,
        "upadacitinib_cyp3a4",
        Status::Violated,
    );
    assert_eq!(
        v.evidence.counterexample.unwrap().field,
        "treatment_plan[0].dosage"
    );
    // An unknown concomitant medication is reported as not checked, and changes no verdict.
    let r = check(regimen("methotrexate"), meds("Xyzzyl 5 mg"));
    assert_eq!(
        r.medications_not_checked[0].path,
        "concomitant_medications[0]"
    );
    assert_eq!(r.status, Overall::Proved);
}

#[test]
fn combinations_the_labels_exclude() {
    let both = |a: &str, b: &str| {
        let mut items = regimen(a).as_array().unwrap().clone();
        items.extend(regimen(b).as_array().unwrap().clone());
        check(Value::Array(items), json!({}))
    };
    assert_status(
        &both("upadacitinib", "azathioprine"),
        "upadacitinib_combination",
        Status::Violated,
    );
    assert_status(
        &both("upadacitinib", "vedolizumab"),
        "single_advanced_therapy",
        Status::Violated,
    );
    assert_status(
        &both("azathioprine", "mercaptopurine"),
        "duplicate_therapy",
        Status::Violated,
    );
    let sonic = both("infliximab", "azathioprine");
    assert_eq!(
        sonic.status,
        Overall::Proved,
        "{:#?}",
        sonic
            .verdicts
            .iter()
            .filter(|v| v.status == Status::Violated)
            .collect::<Vec<_>>()
    );
    assert!(sonic
        .advisories
        .iter()
        .any(|a| a.starts_with("hstcl_combination")));
    let concomitant = check(
        regimen("upadacitinib"),
        json!({"concomitant_medications": [{"medication": "Neoral"}]}),
    );
    assert_status(&concomitant, "upadacitinib_combination", Status::Violated);
}

#[test]
fn upadacitinib_labs_organs_and_pregnancy() {
    let labs = |egfr: f64, date: &str| {
        json!({"labs": [
            {"test": "ANC", "value": 3.0, "unit": "10^9/L", "date": date},
            {"test": "ALC", "value": 450, "unit": "/mm3", "date": date},
            {"test": "Hb", "value": 13, "unit": "g/dL", "date": date},
            {"test": "eGFR", "value": egfr, "unit": "mL/min/1.73m2", "date": date}
        ]})
    };
    let r = check(regimen("upadacitinib"), labs(90.0, "2026-11-20"));
    assert_eq!(
        violated_field(&r, "upadacitinib_blood_counts"),
        "labs[1].value"
    );
    // The same labs a year old count as missing.
    let old = check(regimen("upadacitinib"), labs(90.0, "2025-11-20"));
    let v = assert_status(&old, "upadacitinib_blood_counts", Status::Unknown);
    assert!(
        v.evidence.missing.iter().all(|m| m.ends_with(".date")),
        "{:?}",
        v.evidence.missing
    );
    assert!(old.labs.iter().all(|l| l.state == "stale"));
    assert_eq!(
        violated_field(
            &check(regimen("upadacitinib"), labs(12.0, "2026-11-20")),
            "upadacitinib_renal"
        ),
        "labs[3].value"
    );
    assert_status(
        &check(
            regimen("upadacitinib"),
            json!({"hepatic_impairment": {"child_pugh": "C"}}),
        ),
        "upadacitinib_hepatic",
        Status::Violated,
    );
    assert_status(
        &check(
            regimen("upadacitinib"),
            json!({"pregnancy": {"status": "pregnant"}}),
        ),
        "upadacitinib_pregnancy",
        Status::Violated,
    );
    let thrombosis = check(
        regimen("upadacitinib"),
        json!({"comorbidities": ["history of DVT"]}),
    );
    assert_status(&thrombosis, "jak_thrombosis", Status::Violated);
}

#[test]
fn reports_are_reproducible_at_a_date() {
    let a = check(regimen("upadacitinib"), json!({}));
    let b = check(regimen("upadacitinib"), json!({}));
    assert_eq!(a, b);
    assert_eq!(a.as_of.to_string(), AS_OF);
    assert_eq!(a.rule_set, RULE_SET);
    let used: Vec<&str> = a
        .labs
        .iter()
        .filter(|l| !l.used_by.is_empty())
        .map(|l| l.path.as_str())
        .collect();
    assert!(used.contains(&"labs[0]"), "{:?}", a.labs);
}

#[test]
fn simulation_is_seeded_and_sourced() {
    let p = patient(json!({}));
    let mut items = regimen("infliximab").as_array().unwrap().clone();
    items.extend(regimen("azathioprine").as_array().unwrap().clone());
    let combo = plan(Value::Array(items));
    let a = simulate_at(&p, &combo, 50_000, 7, settings()).unwrap();
    let b = simulate_at(&p, &combo, 50_000, 7, settings()).unwrap();
    assert_eq!(a, b);
    let model = &a.remission.model;
    assert!(
        (a.remission.probability - model.week_52_remission).abs() < 0.02,
        "{} vs {}",
        a.remission.probability,
        model.week_52_remission
    );
    let [lo, hi] = a.remission.parameter_ci95;
    assert!(
        lo < model.week_52_remission && model.week_52_remission < hi,
        "{lo} {hi}"
    );
    assert!(model.factors.iter().any(|f| f.figure.source.id == "sonic"));
    // Every drug has its risks listed, and the combination its own.
    let names: Vec<&str> = a.risks.iter().map(|d| d.drug.as_str()).collect();
    assert_eq!(
        names,
        [
            "Infliximab",
            "Azathioprine",
            "the combination, for this patient"
        ]
    );
    assert!(a.risks.iter().all(|d| !d.risks.is_empty()));
    let c = simulate_at(&p, &combo, 50_000, 8, settings()).unwrap();
    assert_ne!(a.remission.probability, c.remission.probability);
    assert_eq!(
        simulate_at(&p, &combo, 0, 1, settings()).unwrap_err().path,
        "n"
    );
}
