//! No label statement without a check that uses it: for every statement of
//! every rule, a record in the situation the statement is about (built from
//! its topic and numbers), with a label course of its drug, verified under
//! its label's jurisdiction, gets a verdict of that rule citing the
//! statement's source; a binding statement's verdict is not `proved`.

use hms_actors::clinical::formulary::course::courses;
use hms_actors::clinical::formulary::{entry, Band, Drug, Population};
use hms_actors::clinical::jurisdiction::{Jurisdiction, Label};
use hms_actors::clinical::vocabulary::{Role, CONCEPTS};
use hms_actors::clinical::{Date, Patient, PlanItem, TreatmentPlan};
use hms_actors::error::decode;
use hms_actors::prover::rules::RULES;
use hms_actors::prover::statement::{Param, Statement};
use hms_actors::prover::{verify, Status, VerifyOptions};
use serde_json::{json, Value};

fn clean(sex: &str) -> Value {
    json!({
        "patient_id": "STATEMENT",
        "demographics": {"age": 40, "sex": sex, "weight": 70.0, "height": 170},
        "clinical_data": {"crohns_type": "ileocolonic", "disease_activity": {"CDAI": 300, "HBI": 9}},
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
            {"test": "neutrophils", "value": 3.2, "unit": "10^9/L", "date": "2026-11-01"},
            {"test": "lymphocytes", "value": 1.4, "unit": "10^9/L", "date": "2026-11-01"},
            {"test": "hemoglobin", "value": 12.8, "unit": "g/dL", "date": "2026-11-01"},
            {"test": "eGFR", "value": 96, "unit": "mL/min/1.73m2", "date": "2026-11-01"},
            {"test": "ALT", "value": 21, "unit": "U/L", "date": "2026-11-01"},
            {"test": "AST", "value": 19, "unit": "U/L", "date": "2026-11-01"},
            {"test": "bilirubin", "value": 0.5, "unit": "mg/dL", "date": "2026-11-01"}
        ],
        "treatment_history": [],
        "comorbidities": [],
        "concomitant_medications": [],
        "planned_vaccines": [],
        "vaccination_history": [],
        "allergies": [],
        "lactation": {"breastfeeding": false}
    })
}

/// A medication with this role, by its first name in the vocabulary.
fn with_role(role: Role) -> String {
    CONCEPTS
        .iter()
        .find(|c| c.roles.contains(&role))
        .map(|c| c.generic.to_string())
        .expect("a concept has the role")
}

fn lab(analyte: &str, value: f64, unit: &str) -> Value {
    json!({"test": analyte, "value": value, "unit": unit, "date": "2026-11-20"})
}

/// A value inside a population's age band.
fn age_in(p: &Population) -> f64 {
    let b: Band = p.age_years;
    match (b.low, b.high) {
        (_, Some(h)) => (h.value - 2.0).max(b.low.map_or(1.0, |l| l.value)),
        (Some(l), None) => l.value + 2.0,
        _ => 40.0,
    }
}

fn weight_in(p: &Population, default: f64) -> f64 {
    let b = p.weight_kg;
    match (b.low, b.high) {
        (_, Some(h)) => (h.value - 3.0).max(b.low.map_or(10.0, |l| l.value + 1.0)),
        (Some(l), None) => l.value + 5.0,
        _ => default,
    }
}

/// The record in the statement's situation, extra plan items, and a plan
/// replacing the drug's course where the situation needs another dose.
fn situation(rule: &str, s: &Statement) -> (Value, Vec<Value>, Option<Vec<Value>>) {
    let female_topics = ["breastfeeding", "pregnant", "planning", "female", "verify"];
    let sex = if s.topic == "male" {
        "male"
    } else if female_topics.contains(&s.topic) {
        "female"
    } else {
        "male"
    };
    let mut p = clean(sex);
    let mut extra = Vec::new();
    let mut replace = None;
    let concomitant = |p: &mut Value, name: &str| {
        p["concomitant_medications"] = json!([{"medication": name}]);
    };
    match (rule, s.topic) {
        (_, "breastfeeding") => p["lactation"] = json!({"breastfeeding": true}),
        (_, "pregnant") => p["pregnancy"] = json!({"status": "pregnant"}),
        (_, "planning" | "planning_couple" | "female" | "male") => {
            p["pregnancy"] = json!({"status": "planning"})
        }
        (_, "verify") => p["pregnancy"] = Value::Null,
        (_, "hypersensitivity" | "hypersensitivity_thiopurine") => {
            p["allergies"] = json!([{"substance": entry(s.drug).name, "reaction": "anaphylaxis"}])
        }
        (_, "therapeutic_agent") => concomitant(&mut p, "intravesical BCG"),
        ("serious_infection", _) => p["infections"]["serious_active_infection"] = json!(true),
        ("tuberculosis", "active") => p["infections"]["tb"] = json!("active"),
        ("tuberculosis", "latent") => p["infections"]["tb"] = json!("latent_untreated"),
        ("tuberculosis", "evaluation") => p["infections"]["tb"] = Value::Null,
        ("viral_hepatitis", "hbv_screen") => p["infections"]["hbv"] = Value::Null,
        ("viral_hepatitis", "hbv_active") => p["infections"]["hbv"] = json!("active"),
        ("viral_hepatitis", "hcv_screen") => p["infections"]["hcv"] = Value::Null,
        ("viral_hepatitis", "hcv_active") => p["infections"]["hcv"] = json!("active"),
        ("heart_failure", "any") => p["heart_failure"] = json!({"nyha_class": 2}),
        ("heart_failure", "above_5") => {
            p["heart_failure"] = json!({"nyha_class": 3});
            p["treatment_history"] = json!([{"medication": "Infliximab", "response": "loss of response", "status": "stopped"}]);
            replace = Some(vec![
                json!({"medication": "Infliximab", "dosage": 10.0, "unit": "mg/kg", "frequency": "q8w", "route": "iv", "phase": "maintenance", "start_week": 0}),
            ]);
        }
        ("heart_failure", _) => p["heart_failure"] = json!({"nyha_class": 3}),
        ("hstcl_combination", _) => {
            p["demographics"]["age"] = json!(22);
            extra.push(json!({"medication": "Azathioprine", "dosage": 2.0, "unit": "mg/kg", "frequency": "daily", "route": "oral", "phase": "maintenance", "start_week": 0}));
        }
        ("jak_cardiovascular_risk", _) => {
            p["demographics"]["age"] = json!(62);
            p["comorbidities"] = json!(["myocardial infarction", "hypertension", "current smoker"]);
        }
        ("methotrexate_interactions", "antifolate") => concomitant(&mut p, "Bactrim"),
        ("methotrexate_interactions", "nitrous_oxide") => concomitant(&mut p, "nitrous oxide"),
        ("methotrexate_exposure", _) => concomitant(&mut p, "naproxen"),
        ("single_advanced_therapy", _) => concomitant(&mut p, "Cimzia"),
        ("upadacitinib_combination", _) => concomitant(&mut p, "Neoral"),
        ("thiopurine_interactions", "aminosalicylate") => concomitant(&mut p, "mesalamine"),
        ("thiopurine_interactions", "cotrimoxazole") => concomitant(&mut p, "Bactrim"),
        ("thiopurine_interactions", "ribavirin") => concomitant(&mut p, "ribavirin"),
        ("thiopurine_pharmacogenomics", "poor") => {
            p["biomarkers"]["genetic_markers"][0]["phenotype"] = json!("poor");
            // Within the poor metabolizer's 10%, so the advice decides.
            let max = if s.drug == Drug::Azathioprine {
                3.0
            } else {
                1.5
            };
            replace = Some(vec![
                json!({"medication": entry(s.drug).name, "dosage": max * 0.1, "unit": "mg/kg", "frequency": "daily", "route": "oral", "phase": "maintenance", "start_week": 0}),
            ]);
        }
        ("thiopurine_pharmacogenomics", _) => {
            p["biomarkers"]["genetic_markers"][0]["phenotype"] = json!("intermediate")
        }
        ("upadacitinib_cyp3a4", "inducer") => concomitant(&mut p, "Rifampin"),
        ("upadacitinib_cyp3a4", _) => concomitant(&mut p, "Clarithromycin"),
        ("upadacitinib_hepatic", _) => p["hepatic_impairment"] = json!({"child_pugh": "C"}),
        ("upadacitinib_renal", "end_stage") => p["labs"][3] = lab("eGFR", 10.0, "mL/min/1.73m2"),
        ("upadacitinib_renal", _) => p["labs"][3] = lab("eGFR", 20.0, "mL/min/1.73m2"),
        ("upadacitinib_blood_counts", _) => p["labs"][1] = lab("lymphocytes", 0.3, "10^9/L"),
        ("xanthine_oxidase", "febuxostat") => concomitant(&mut p, "Febuxostat"),
        ("xanthine_oxidase", _) => concomitant(&mut p, "Allopurinol"),
        ("budesonide_cyp3a4", "grapefruit") => concomitant(&mut p, "grapefruit juice"),
        ("budesonide_cyp3a4", "named") => concomitant(&mut p, "ketoconazole"),
        ("budesonide_cyp3a4", _) => concomitant(&mut p, "erythromycin"),
        ("live_vaccines", "bcg") => p["planned_vaccines"] = json!([{"name": "BCG"}]),
        ("live_vaccines", "yellow_fever") => {
            p["planned_vaccines"] = json!([{"name": "yellow fever"}])
        }
        ("live_vaccines", "update") => {}
        ("live_vaccines", _) => p["planned_vaccines"] = json!([{"name": "MMR"}]),
        _ => {}
    }
    match s.param {
        Param::Population(pop) => {
            p["demographics"]["age"] = json!(age_in(&pop));
            p["demographics"]["weight"] = json!(weight_in(&pop, 70.0));
        }
        Param::Below(a, x) => {
            let (name, unit, i) = analyte(a);
            p["labs"][i] = lab(name, x * 0.5, unit);
        }
        Param::Above(a, x) => {
            let (name, unit, i) = analyte(a);
            p["labs"][i] = lab(name, x * 2.0, unit);
        }
        Param::ChildPugh(c) => {
            p["hepatic_impairment"] = json!({"child_pugh": serde_json::to_value(c).unwrap()})
        }
        Param::Conditions(words) => p["comorbidities"] = json!([words[0]]),
        Param::Role(role) => concomitant(&mut p, &with_role(role)),
        Param::RenalImpairment => p["labs"][3] = lab("eGFR", 40.0, "mL/min/1.73m2"),
        Param::DoseShare { egfr_below, .. } => {
            p["labs"][3] = lab("eGFR", egfr_below - 5.0, "mL/min/1.73m2")
        }
        _ => {}
    }
    (p, extra, replace)
}

fn analyte(a: hms_actors::clinical::Analyte) -> (&'static str, &'static str, usize) {
    use hms_actors::clinical::Analyte::*;
    match a {
        Neutrophils => ("neutrophils", "10^9/L", 0),
        Lymphocytes => ("lymphocytes", "10^9/L", 1),
        Hemoglobin => ("hemoglobin", "g/dL", 2),
        Egfr => ("eGFR", "mL/min/1.73m2", 3),
        Alt => ("ALT", "U/L", 4),
        Ast => ("AST", "U/L", 5),
        Bilirubin => ("bilirubin", "mg/dL", 6),
        other => panic!("no lab slot for {other:?}"),
    }
}

/// A label course of the drug in force under `label`, for a patient of this age and weight.
fn course_items(drug: Drug, label: Label, age: f64, weight: f64) -> Vec<PlanItem> {
    let all = courses(entry(drug));
    let fits = |c: &&hms_actors::clinical::formulary::course::Course| {
        c.labels().contains(&label)
            && c.maintenance.condition.is_none()
            && c.population().age_years.contains(age)
            && c.population().weight_kg.contains(weight)
    };
    let course = all
        .iter()
        .find(fits)
        .or_else(|| all.iter().find(|c| c.labels().contains(&label)))
        .or_else(|| all.first())
        .expect("every drug has a course");
    course.items(Some(weight))
}

#[test]
fn every_statement_is_cited_by_its_rule_in_its_situation() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for rule in RULES {
        for s in rule.statements {
            let (record, extra, replace) = situation(rule.id, s);
            let age = record["demographics"]["age"].as_f64().unwrap();
            let weight = record["demographics"]["weight"].as_f64().unwrap();
            let mut items: Vec<Value> = replace.unwrap_or_else(|| {
                course_items(s.drug, s.label, age, weight)
                    .into_iter()
                    .map(|i| serde_json::to_value(i).unwrap())
                    .collect()
            });
            items.extend(extra);
            let plan: TreatmentPlan = decode(json!({"treatment_plan": items})).unwrap();
            let mut record = record;
            if let Some(m) = record.as_object_mut() {
                m.retain(|_, v| !v.is_null());
            }
            if let Some(i) = record.get_mut("infections").and_then(Value::as_object_mut) {
                i.retain(|_, v| !v.is_null());
            }
            let patient: Patient = decode(record).unwrap();
            let jurisdiction = match s.label {
                Label::Us => Jurisdiction::Us,
                Label::Eu => Jurisdiction::Eu,
            };
            let settings = VerifyOptions {
                jurisdiction: Some(jurisdiction),
                ..VerifyOptions::default()
            }
            .settle(Date::parse("2026-11-26").unwrap());
            let report = verify(&plan, &patient, settings);
            checked += 1;
            let citing: Vec<_> = report
                .property(rule.id)
                .filter(|v| v.sources.contains(&s.source))
                .collect();
            let what = format!(
                "{} {:?} {:?} [{}] {}",
                rule.id, s.drug, s.label, s.topic, s.says
            );
            if citing.is_empty() {
                failures.push(format!("not cited: {what}"));
            } else if s.basis.binding()
                && !matches!(s.param, Param::None)
                && citing.iter().all(|v| v.status == Status::Proved)
            {
                failures.push(format!("binding but proved in its situation: {what}"));
            }
        }
    }
    println!("{checked} statements");
    assert!(
        failures.is_empty(),
        "{} statement(s) no check uses:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
