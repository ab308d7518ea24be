//! CDS Hooks over HTTP: discovery, an order-sign request shaped as in the
//! specification, and the refusals a client can act on.

use serde_json::{json, Value};

use crate::support::*;

fn request(drafts: Value, prefetch_patient: bool) -> Value {
    let mut prefetch = json!({
        "observations": {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": {
            "resourceType": "Observation", "id": "alc", "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "731-0", "display": "Lymphocytes"}]},
            "effectiveDateTime": "2026-11-01",
            "valueQuantity": {"value": 450, "unit": "/uL", "system": "http://unitsofmeasure.org", "code": "/uL"}}}]},
        "medicationRequests": null
    });
    if prefetch_patient {
        prefetch["patient"] = json!({"resourceType": "Patient", "id": "1288992", "gender": "male", "birthDate": "1980-01-01"});
    }
    json!({
        "hook": "order-sign",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"userId": "PractitionerRole/123", "patientId": "1288992", "encounterId": "89284",
                    "draftOrders": {"resourceType": "Bundle", "entry": [{"resource": drafts}]}},
        "prefetch": prefetch
    })
}

fn upadacitinib() -> Value {
    json!({"resourceType": "MedicationRequest", "id": "draft-1", "status": "draft", "intent": "order",
        "medicationCodeableConcept": {"text": "upadacitinib 45 MG Extended Release Oral Tablet"},
        "subject": {"reference": "Patient/1288992"},
        "dosageInstruction": [{"timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}},
            "doseAndRate": [{"doseQuantity": {"value": 45, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"}}]}]})
}

#[test]
fn discovery_cards_and_refusals() {
    let dir = fresh_dir("cds");
    let d = Daemon::start(dir.clone(), config(&dir, ""));
    let a = agent();
    let services = get(&a, &d.url("/cds-services"), None).json();
    let hooks: Vec<&str> = services["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["hook"].as_str().unwrap())
        .collect();
    assert_eq!(hooks, ["order-sign", "order-select", "patient-view"]);

    let r = post(
        &a,
        &d.url("/cds-services/hms-medication-safety-sign"),
        None,
        &request(upadacitinib(), true),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let cards = r.json()["cards"].as_array().unwrap().clone();
    let critical = cards
        .iter()
        .find(|c| {
            c["indicator"] == "critical" && c["summary"].as_str().unwrap().contains("lymphocytes")
        })
        .unwrap_or_else(|| panic!("no critical lymphocyte card in {cards:#?}"));
    assert!(critical["summary"].as_str().unwrap().chars().count() <= 140);
    assert!(critical["source"]["label"]
        .as_str()
        .unwrap()
        .contains("RINVOQ"));
    assert!(critical["detail"].as_str().unwrap().contains("Sources:"));
    assert!(
        r.header("hms-journal-ids").is_some(),
        "the verification is journaled"
    );

    let r = post(
        &a,
        &d.url("/cds-services/hms-medication-safety-sign"),
        None,
        &request(upadacitinib(), false),
    );
    assert_eq!(r.status, 412, "{}", r.body);
    assert_eq!(r.json()["path"], "prefetch.patient");
    let mut wrong = request(upadacitinib(), true);
    wrong["hook"] = json!("patient-view");
    let r = post(
        &a,
        &d.url("/cds-services/hms-medication-safety-sign"),
        None,
        &wrong,
    );
    assert_eq!((r.status, r.json()["path"].clone()), (400, json!("hook")));
    let r = post(
        &a,
        &d.url("/cds-services/nothing-here"),
        None,
        &request(upadacitinib(), true),
    );
    assert_eq!(r.status, 404);
}

#[test]
fn a_fhir_bundle_in_the_verified_plan_out_as_fhir() {
    let dir = fresh_dir("fhir");
    let d = Daemon::start(dir.clone(), config(&dir, ""));
    let a = agent();
    let bundle: Value =
        serde_json::from_str(include_str!("../../../tests/fhir/crohns-bundle.json")).unwrap();
    let plan = json!({"treatment_plan": [
        {"medication": "Upadacitinib", "dosage": 45, "unit": "mg", "frequency": "daily", "phase": "induction", "duration": 84}]});
    let r = post(
        &a,
        &d.url("/v1/fhir/plan"),
        None,
        &json!({"bundle": bundle, "plan": plan}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.header("hms-journal-ids").is_some());
    let got = r.json();
    assert_eq!(
        got["fhir"]["entry"][0]["resource"]["resourceType"],
        "RequestGroup"
    );
    assert_eq!(got["report"]["status"], "violated");
    assert_eq!(got["record"]["patient_id"], "crohns-1");
    assert!(got["unmapped"]
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["resource"] == "Encounter/enc"));
    // No plan: the genetic engine proposes one for this patient (without the
    // low lymphocyte count and the live vaccine, which leave no safe plan).
    let mut eligible = bundle.clone();
    eligible["entry"]
        .as_array_mut()
        .unwrap()
        .retain(|e| !["alc", "rec"].contains(&e["resource"]["id"].as_str().unwrap()));
    let r = post(
        &a,
        &d.url("/v1/fhir/plan"),
        None,
        &json!({"bundle": eligible}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let got = r.json();
    assert!(!got["plan"]["treatment_plan"].as_array().unwrap().is_empty());
    assert!(got["fhir"]["entry"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["resource"]["resourceType"] == "MedicationRequest"));
    let r = post(
        &a,
        &d.url("/v1/fhir/plan"),
        None,
        &json!({"bundle": {"patient_id": "x"}}),
    );
    assert_eq!((r.status, r.json()["path"].clone()), (422, json!("bundle")));
}
