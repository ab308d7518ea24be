use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::*;
use crate::clinical::date::Date;
use crate::clinical::patient::Patient;
use crate::clinical::plan::TreatmentPlan;
use crate::error::decode;

fn today() -> Date {
    Date::parse("2026-11-26").unwrap()
}

fn loinc(code: &str, display: &str) -> Value {
    json!({"coding": [{"system": "http://loinc.org", "code": code, "display": display}], "text": display})
}

fn obs(id: &str, code: Value, value: Value) -> Value {
    let mut o = json!({"resourceType": "Observation", "id": id, "status": "final", "code": code,
        "subject": {"reference": "Patient/crohns-1"}, "effectiveDateTime": "2026-11-01"});
    for (k, v) in value.as_object().unwrap() {
        o[k] = v.clone();
    }
    o
}

/// A Crohn's patient as an EHR would send her: the resources the mapping
/// reads, and two it does not (shared with the Python round-trip test).
pub fn crohns_bundle() -> Value {
    serde_json::from_str(include_str!("../../../tests/fhir/crohns-bundle.json")).unwrap()
}

#[test]
fn a_crohns_bundle_maps_field_by_field_with_its_sources() {
    let got = import(&crohns_bundle(), today()).unwrap();
    let p = &got.patient;
    assert_eq!(p["patient_id"], "crohns-1");
    assert_eq!(p["demographics"]["age"], 36.0);
    assert_eq!(p["demographics"]["sex"], "female");
    assert_eq!(p["demographics"]["weight"], 65.0, "143.3 lb");
    assert_eq!(p["clinical_data"]["crohns_type"], "ileocolonic");
    assert_eq!(p["clinical_data"]["diagnosis_date"], "2019-03-15");
    assert_eq!(p["comorbidities"], json!(["Asthma"]));
    assert_eq!(
        p["labs"][0],
        json!({"test": "lymphocytes", "value": 0.45, "unit": "10^3/uL", "date": "2026-11-01"})
    );
    assert_eq!(p["biomarkers"]["serum_markers"]["CRP"], 1.8);
    assert_eq!(p["units"]["CRP"], "mg/dL");
    assert_eq!(
        p["infections"],
        json!({"tb": "negative", "hbv": "negative"})
    );
    assert_eq!(p["pregnancy"]["status"], "not_pregnant");
    assert_eq!(
        p["biomarkers"]["genetic_markers"][0],
        json!({"gene": "TPMT", "phenotype": "intermediate"})
    );
    assert_eq!(p["concomitant_medications"][0]["medication"], "Allopurinol");
    assert_eq!(p["concomitant_medications"][0]["frequency"], "daily");
    assert_eq!(p["treatment_history"][0]["medication"], "Remicade");
    assert_eq!(p["treatment_history"][0]["response"], "loss of response");
    assert_eq!(
        p["planned_vaccines"],
        json!([{"name": "MMR", "live": true}])
    );
    assert_eq!(got.sources["labs[0]"], ["Observation/alc"]);
    assert_eq!(
        got.sources["infections.hbv"],
        ["Observation/hbsag", "Observation/antihbc"]
    );
    // What was not read is listed, with its path and why.
    let paths: Vec<&str> = got.unmapped.iter().map(|u| u.path.as_str()).collect();
    assert!(paths.contains(&"entry[0].resource.name"), "{paths:?}");
    assert!(paths.contains(&"entry[12].resource"), "{paths:?}");
    assert!(paths.contains(&"entry[16].resource"), "{paths:?}");
    assert!(got.unmapped.iter().all(|u| !u.reason.is_empty()));
    // The record reads as the prover's patient.
    let _: Patient = decode(got.patient.clone()).unwrap();
}

#[test]
fn open_results_stay_unknown_and_positive_screens_read_the_strict_way() {
    let bundle = json!({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "crohns-1"}},
        {"resource": obs("s", loinc("5196-1", "HBsAg"), json!({"valueCodeableConcept": {"text": "Negative"}}))},
        {"resource": obs("q", loinc("71773-6", "IGRA"), json!({"valueCodeableConcept": {"text": "Positive"}}))},
        {"resource": obs("h", loinc("16128-1", "HCV Ab"), json!({"valueCodeableConcept": {"text": "Indeterminate"}}))},
    ]});
    let got = import(&bundle, today()).unwrap();
    assert_eq!(got.patient["infections"], json!({"tb": "latent_untreated"}));
    assert!(got
        .unmapped
        .iter()
        .any(|u| u.reason.contains("HBsAg negative without")));
    assert!(got
        .unmapped
        .iter()
        .any(|u| u.resource == "Observation/h" && u.reason.contains("unknown")));
    // No Condition and no medication read: those lists stay unknown, not empty.
    assert!(got.patient.get("comorbidities").is_none());
    assert!(got.patient.get("concomitant_medications").is_none());
}

#[test]
fn not_fhir_is_an_error_and_a_lone_resource_is_read() {
    assert!(import(&json!({"patient_id": "x"}), today()).is_err());
    let got = import(
        &json!({"resourceType": "Patient", "id": "solo", "gender": "male"}),
        today(),
    )
    .unwrap();
    assert_eq!(got.patient["patient_id"], "solo");
}

#[test]
fn the_plan_goes_back_as_requests_issues_and_provenance() {
    let got = import(&crohns_bundle(), today()).unwrap();
    let patient: Patient = decode(got.patient.clone()).unwrap();
    let plan: TreatmentPlan = decode(json!({"treatment_plan": [
        {"medication": "Upadacitinib", "dosage": 45, "unit": "mg", "frequency": "daily", "route": "oral", "phase": "induction", "duration": 84, "start_week": 0},
        {"medication": "Upadacitinib", "dosage": 15, "unit": "mg", "frequency": "daily", "route": "oral", "phase": "maintenance", "start_week": 12}
    ]})).unwrap();
    let report =
        serde_json::to_value(crate::prover::verify_treatment_plan(&plan, &patient)).unwrap();
    assert_eq!(
        report["status"], "violated",
        "lymphocytes 450/mm3 and a live vaccine planned"
    );
    let healed = json!({"resourceType": "Provenance", "target": [{"reference": "patient/crohns-1", "path": "labs[0].unit"}],
        "recorded": "2026-11-26T10:00:00Z", "activity": {"code": "normalise", "display": "unit normalised"},
        "agent": [{"type": "assembler", "who": "hms self_healer"}],
        "entity": [{"role": "source", "what": {"path": "labs[0].unit", "value": "10*3/uL"}}], "reason": "UCUM spelling", "policy": []});
    let bundle = export(&Export {
        plan: &plan,
        report: Some(&report),
        patient_id: Some("crohns-1"),
        provenance: std::slice::from_ref(&healed),
        sources: &got.sources,
        timestamp: "2026-11-26T10:00:00Z",
    });
    let kinds: Vec<&str> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["resource"]["resourceType"].as_str().unwrap())
        .collect();
    assert_eq!(kinds[0], "RequestGroup");
    assert_eq!(
        kinds.iter().filter(|k| **k == "MedicationRequest").count(),
        2
    );
    assert!(kinds.contains(&"DetectedIssue"));
    assert_eq!(kinds.last(), Some(&"Provenance"));
    let group = &bundle["entry"][0]["resource"];
    assert_eq!(
        group["action"][1]["relatedAction"][0]["offsetDuration"]["value"],
        12.0
    );
    let mr = &bundle["entry"][1]["resource"];
    assert_eq!(
        mr["dosageInstruction"][0]["timing"]["repeat"]["boundsDuration"]["value"],
        84.0
    );
    assert_eq!(
        mr["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]["value"],
        45.0
    );
    assert_eq!(mr["subject"]["reference"], "Patient/crohns-1");
    let issues: Vec<&Value> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == "DetectedIssue")
        .collect();
    assert!(issues.iter().any(|i| i["severity"] == "high"));
    assert!(issues.iter().all(
        |i| i["evidence"]
            .as_array()
            .is_some_and(|e| e.iter().any(|x| x["code"][0]["text"]
                .as_str()
                .unwrap()
                .starts_with("source: ")))
    ));
    let prov = &bundle["entry"].as_array().unwrap().last().unwrap()["resource"];
    assert_eq!(
        prov["target"][0]["reference"], "Observation/alc",
        "back to the FHIR resource"
    );
    // The same plan gives the same Bundle.
    let again = export(&Export {
        plan: &plan,
        report: Some(&report),
        patient_id: Some("crohns-1"),
        provenance: std::slice::from_ref(&healed),
        sources: &BTreeMap::new(),
        timestamp: "2026-11-26T10:00:00Z",
    });
    assert_eq!(again["entry"][0]["fullUrl"], bundle["entry"][0]["fullUrl"]);
}

/// A CDS Hooks order-sign request as the specification shapes it: context
/// with the draft orders, the record prefetched.
pub fn order_sign(drafts: Vec<Value>) -> Value {
    let bundle = crohns_bundle();
    let by_type = |t: &str| -> Value {
        json!({"resourceType": "Bundle", "type": "searchset", "entry": bundle["entry"].as_array().unwrap().iter()
            .filter(|e| e["resource"]["resourceType"] == t).cloned().collect::<Vec<_>>()})
    };
    json!({
        "hook": "order-sign",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"userId": "PractitionerRole/123", "patientId": "crohns-1", "encounterId": "89284",
                    "draftOrders": {"resourceType": "Bundle", "entry": drafts.into_iter().map(|r| json!({"resource": r})).collect::<Vec<_>>()}},
        "prefetch": {
            "patient": bundle["entry"][0]["resource"],
            "conditions": by_type("Condition"),
            "observations": by_type("Observation"),
            "medicationStatements": by_type("MedicationStatement"),
            "immunizationRecommendations": by_type("ImmunizationRecommendation"),
            "medicationRequests": null
        }
    })
}

pub fn upadacitinib_draft() -> Value {
    json!({"resourceType": "MedicationRequest", "id": "draft-upa", "status": "draft", "intent": "order",
        "medicationCodeableConcept": {"text": "Rinvoq 45 mg extended-release tablet"},
        "subject": {"reference": "Patient/crohns-1"},
        "dosageInstruction": [{"route": {"text": "oral"},
            "timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d", "boundsDuration": {"value": 12, "unit": "weeks", "code": "wk"}}},
            "doseAndRate": [{"doseQuantity": {"value": 45, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"}}]}]})
}

#[test]
fn an_order_sign_request_gets_a_critical_card_naming_the_rule_and_its_source() {
    use super::cds;
    // The specification's own example order (amoxicillin 5 mL bid) rides along.
    let amoxicillin = json!({"resourceType": "MedicationRequest", "id": "smart-MedicationRequest-103", "status": "draft", "intent": "order",
        "medicationCodeableConcept": {"text": "Amoxicillin 120 MG/ML / clavulanate potassium 8.58 MG/ML Oral Suspension"},
        "dosageInstruction": [{"timing": {"repeat": {"frequency": 2, "period": 1, "periodUnit": "d"}},
            "doseQuantity": {"value": 5, "unit": "mL", "system": "http://unitsofmeasure.org", "code": "mL"}}]});
    let body = order_sign(vec![
        upadacitinib_draft(),
        amoxicillin,
        json!({"resourceType": "NutritionOrder", "id": "diet"}),
    ]);
    let request = cds::read_request("hms-medication-safety-sign", &body, today()).unwrap();
    assert_eq!(request.plan.treatment_plan.len(), 1);
    assert_eq!(request.plan.treatment_plan[0].duration, Some(84.0));
    assert_eq!(request.unread_orders.len(), 1);
    let patient: Patient = decode(request.imported.patient.clone()).unwrap();
    let report = serde_json::to_value(crate::prover::verify_treatment_plan(
        &request.plan,
        &patient,
    ))
    .unwrap();
    let answer = cds::cards(&request, &report);
    let cards = answer["cards"].as_array().unwrap();
    let critical: Vec<&Value> = cards
        .iter()
        .filter(|c| c["indicator"] == "critical")
        .collect();
    assert!(!critical.is_empty(), "{answer:#}");
    for c in cards {
        assert!(c["summary"].as_str().unwrap().chars().count() <= 140);
        assert!(c["source"]["label"].as_str().is_some_and(|l| !l.is_empty()));
        assert!(["info", "warning", "critical"].contains(&c["indicator"].as_str().unwrap()));
    }
    let lymph = critical
        .iter()
        .find(|c| c["summary"].as_str().unwrap().contains("lymphocytes"))
        .unwrap_or_else(|| panic!("the lymphocyte count rule: {answer:#}"));
    assert!(
        lymph["source"]["label"]
            .as_str()
            .unwrap()
            .contains("RINVOQ"),
        "{lymph:#}"
    );
    assert!(lymph["detail"].as_str().unwrap().contains("Sources:"));
    assert!(cards
        .iter()
        .any(|c| c["indicator"] == "warning" && c["summary"].as_str().unwrap().contains("mL")));
}

#[test]
fn cds_requests_that_cannot_be_served_say_why() {
    use super::cds;
    let mut body = order_sign(vec![upadacitinib_draft()]);
    assert_eq!(
        cds::read_request("nope", &body, today())
            .err()
            .unwrap()
            .status,
        404
    );
    assert_eq!(
        cds::read_request("hms-crohns-therapy-review", &body, today())
            .err()
            .unwrap()
            .path,
        "hook"
    );
    body["prefetch"]["patient"] = Value::Null;
    let r = cds::read_request("hms-medication-safety-sign", &body, today())
        .err()
        .unwrap();
    assert_eq!((r.status, r.path.as_str()), (412, "prefetch.patient"));
    let d = cds::discovery();
    assert_eq!(d["services"].as_array().unwrap().len(), 3);
    assert_eq!(
        d["services"][0]["prefetch"]["patient"],
        "Patient/{{context.patientId}}"
    );
}

fn with(resources: Vec<Value>) -> Imported {
    let mut entries = vec![json!({"resource": {"resourceType": "Patient", "id": "crohns-1"}})];
    entries.extend(resources.into_iter().map(|r| json!({"resource": r})));
    import(
        &json!({"resourceType": "Bundle", "type": "collection", "entry": entries}),
        today(),
    )
    .unwrap()
}

fn cond(id: &str, code: Value, status: &str) -> Value {
    json!({"resourceType": "Condition", "id": id, "subject": {"reference": "Patient/crohns-1"},
           "clinicalStatus": {"coding": [{"code": status}]}, "code": code})
}

fn snomed(code: &str, display: &str) -> Value {
    json!({"coding": [{"system": "http://snomed.info/sct", "code": code, "display": display}]})
}

#[test]
fn nothing_partial_reads_as_none_and_the_stricter_result_wins() {
    // A lone Crohn's Condition is not a problem list.
    let got = with(vec![cond(
        "cd",
        snomed("34000006", "Crohn's disease"),
        "active",
    )]);
    assert!(got.patient.get("comorbidities").is_none());
    // A resolved DVT still counts, as history.
    let got = with(vec![cond(
        "dvt",
        json!({"text": "Deep vein thrombosis"}),
        "resolved",
    )]);
    assert_eq!(
        got.patient["comorbidities"],
        json!(["history of Deep vein thrombosis"])
    );
    // Only a past drug, or a current one not readable: current medications unknown.
    let stopped = json!({"resourceType": "MedicationStatement", "id": "m", "status": "stopped", "medicationCodeableConcept": {"text": "Humira"}});
    assert!(with(vec![stopped])
        .patient
        .get("concomitant_medications")
        .is_none());
    let by_reference = json!({"resourceType": "MedicationRequest", "id": "r", "status": "active", "medicationReference": {"reference": "Medication/x"}});
    let allopurinol = json!({"resourceType": "MedicationStatement", "id": "a", "status": "active", "medicationCodeableConcept": {"text": "Allopurinol"}});
    assert!(with(vec![by_reference, allopurinol.clone()])
        .patient
        .get("concomitant_medications")
        .is_none());
    assert_eq!(
        with(vec![allopurinol]).patient["concomitant_medications"][0]["medication"],
        "Allopurinol"
    );
    // TB: the strictest status; heart failure: the highest class.
    let got = with(vec![
        cond("tb1", snomed("427099000", "Active tuberculosis"), "active"),
        cond(
            "tb2",
            snomed("11999007", "Inactive tuberculosis"),
            "inactive",
        ),
    ]);
    assert_eq!(got.patient["infections"]["tb"], "active");
    let hf = |id: &str, class: &str| {
        let mut c = cond(id, snomed("84114007", "Heart failure"), "active");
        c["stage"] = json!([{"summary": snomed(class, "NYHA")}]);
        c
    };
    let got = with(vec![hf("a", "422293003"), hf("b", "420300004")]);
    assert_eq!(got.patient["heart_failure"]["nyha_class"], 4);
    // Same-day IGRAs that disagree: positive.
    let igra = |id: &str, v: &str| obs(id, loinc("71773-6", "IGRA"), json!({"valueString": v}));
    assert_eq!(
        with(vec![igra("n", "Negative"), igra("p", "Positive")]).patient["infections"]["tb"],
        "latent_untreated"
    );
    assert_eq!(
        with(vec![igra("p", "Positive"), igra("n", "Negative")]).patient["infections"]["tb"],
        "latent_untreated"
    );
    // A "not negative" result is not read as negative.
    assert!(with(vec![igra("x", "Not negative")])
        .patient
        .get("infections")
        .is_none());
    // An old negative pregnancy test says nothing about now; a pregnancy Condition stands.
    let mut old = obs(
        "h",
        loinc("2106-3", "hCG"),
        json!({"valueString": "Negative"}),
    );
    old["effectiveDateTime"] = json!("2020-01-01");
    assert!(with(vec![old.clone()]).patient.get("pregnancy").is_none());
    let mut pregnant = cond("p", snomed("77386006", "Pregnant"), "active");
    pregnant["onsetDateTime"] = json!("2026-09-01");
    assert_eq!(
        with(vec![old, pregnant]).patient["pregnancy"]["status"],
        "pregnant"
    );
    // Another patient's result, and a value beyond a limit, are listed, not read.
    let mut theirs = obs(
        "o",
        loinc("2106-3", "hCG"),
        json!({"valueString": "Negative"}),
    );
    theirs["subject"] = json!({"reference": "Patient/someone-else"});
    let got = with(vec![theirs]);
    assert!(got.patient.get("pregnancy").is_none());
    assert!(got
        .unmapped
        .iter()
        .any(|u| u.resource == "Observation/o" && u.reason.contains("another patient")));
    let low = obs(
        "n",
        loinc("751-8", "Neutrophils"),
        json!({"valueQuantity": {"value": 0.5, "comparator": "<", "code": "10*9/L"}}),
    );
    let got = with(vec![low]);
    assert!(got.patient.get("labs").is_none());
    assert!(got.unmapped.iter().any(|u| u.path.ends_with("comparator")));
}

#[test]
fn breastfeeding_vaccines_given_allergies_and_genotypes_are_read() {
    let genotype = json!({
        "resourceType": "Observation", "id": "tpmt-genotype", "status": "final",
        "code": loinc("84413-4", "Genotype display name"),
        "subject": {"reference": "Patient/crohns-1"}, "effectiveDateTime": "2026-10-01",
        "valueCodeableConcept": {"text": "*1/*3A"},
        "component": [{"code": loinc("48018-6", "Gene studied [ID]"),
                       "valueCodeableConcept": {"coding": [{"system": "http://www.genenames.org", "code": "HGNC:12014", "display": "TPMT"}]}}]
    });
    let nudt15 = json!({
        "resourceType": "Observation", "id": "nudt15", "status": "final",
        "code": {"text": "genotype"},
        "subject": {"reference": "Patient/crohns-1"},
        "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/observation-geneticsGene",
                       "valueCodeableConcept": {"coding": [{"system": "http://www.genenames.org", "code": "HGNC:23063", "display": "NUDT15"}]}}],
        "valueCodeableConcept": {"text": "*1/*1"}
    });
    let imported = with(vec![
        obs(
            "bf",
            loinc("63895-7", "Breastfeeding status"),
            json!({"valueCodeableConcept": {"coding": [{"system": "http://loinc.org", "code": "LA29252-6", "display": "Currently breastfeeding"}]}}),
        ),
        json!({"resourceType": "Immunization", "id": "mmr", "status": "completed", "patient": {"reference": "Patient/crohns-1"},
               "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "03"}], "text": "MMR"},
               "occurrenceDateTime": "2026-11-10"}),
        json!({"resourceType": "AllergyIntolerance", "id": "a1", "patient": {"reference": "Patient/crohns-1"},
               "code": {"text": "Infliximab"}, "reaction": [{"manifestation": [{"text": "anaphylaxis"}]}]}),
        genotype,
        nudt15,
    ]);
    let p = &imported.patient;
    assert_eq!(p["lactation"]["breastfeeding"], json!(true), "{p}");
    assert_eq!(p["vaccination_history"][0]["name"], "MMR");
    assert_eq!(p["vaccination_history"][0]["date"], "2026-11-10");
    assert_eq!(p["vaccination_history"][0]["live"], json!(true));
    assert_eq!(p["allergies"][0]["substance"], "Infliximab");
    assert_eq!(p["allergies"][0]["reaction"], "anaphylaxis");
    let patient: Patient = decode(p.clone()).unwrap();
    assert_eq!(
        patient.phenotype("TPMT").map(|x| x.1),
        Some(crate::clinical::Phenotype::Intermediate)
    );
    assert_eq!(
        patient.phenotype("NUDT15").map(|x| x.1),
        Some(crate::clinical::Phenotype::Normal)
    );
    // "No known allergy" is an empty list, not an unknown one.
    let none = with(vec![
        json!({"resourceType": "AllergyIntolerance", "id": "nka", "patient": {"reference": "Patient/crohns-1"},
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "716186003", "display": "No known allergy"}]}}),
    ]);
    assert_eq!(none.patient["allergies"], json!([]));
}
