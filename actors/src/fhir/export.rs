//! FHIR R4 out: a plan, its verification and the healing done to the record
//! become a `collection` Bundle — the regimen as MedicationRequests (dose,
//! route, timing) ordered by a RequestGroup (induction, then maintenance, each
//! item offset from the first), every violated or unknown property as a
//! DetectedIssue with its evidence and sources, and each healing as a
//! Provenance whose target is the FHIR resource the healed field came from.
//! Everything is a proposal (`status: draft`, `intent: proposal`): decision
//! support, not an order.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::codes::{RXNORM, UCUM};
use crate::clinical::plan::{DoseUnit, Frequency, Phase, PlanItem, Route, TreatmentPlan};
use crate::clinical::vocabulary;

/// What goes into the Bundle.
pub struct Export<'a> {
    pub plan: &'a TreatmentPlan,
    /// The prover's report as JSON (`verify_treatment_plan`'s answer), if verified.
    pub report: Option<&'a Value>,
    pub patient_id: Option<&'a str>,
    /// The healer's provenance records (JSON), if the record was healed.
    pub provenance: &'a [Value],
    /// Record field → FHIR resources, from the import (`Imported::sources`).
    pub sources: &'a BTreeMap<String, Vec<String>>,
    /// When the Bundle is made (RFC 3339), for `Bundle.timestamp`.
    pub timestamp: &'a str,
}

/// A stable `urn:uuid:` for one resource of this export.
fn urn(seed: &str, kind: &str, i: usize) -> String {
    format!(
        "urn:uuid:{}",
        super::uuid::stable(&format!("{seed}|{kind}|{i}"))
    )
}

fn patient_ref(id: Option<&str>) -> Value {
    match id {
        Some(id) => json!({"reference": format!("Patient/{id}")}),
        None => json!({"display": "the patient of the verified record"}),
    }
}

fn timing(item: &PlanItem) -> Value {
    let mut repeat = match item.frequency {
        Frequency::Once => json!({"count": 1}),
        Frequency::Daily => json!({"frequency": 1, "period": 1, "periodUnit": "d"}),
        Frequency::Weekly => json!({"frequency": 1, "period": 1, "periodUnit": "wk"}),
        Frequency::Every2Weeks => json!({"frequency": 1, "period": 2, "periodUnit": "wk"}),
        Frequency::Every4Weeks => json!({"frequency": 1, "period": 4, "periodUnit": "wk"}),
        Frequency::Every8Weeks => json!({"frequency": 1, "period": 8, "periodUnit": "wk"}),
        Frequency::Every12Weeks => json!({"frequency": 1, "period": 12, "periodUnit": "wk"}),
    };
    if let Some(days) = item.duration.filter(|d| *d > 0.0) {
        repeat["boundsDuration"] =
            json!({"value": days, "unit": "days", "system": UCUM, "code": "d"});
    }
    json!({"repeat": repeat})
}

fn route_words(route: Route) -> &'static str {
    match route {
        Route::Oral => "oral",
        Route::Iv => "intravenous",
        Route::Sc => "subcutaneous",
        Route::Im => "intramuscular",
    }
}

fn describe(item: &PlanItem) -> String {
    let unit = match item.unit {
        DoseUnit::Mg => "mg",
        DoseUnit::MgPerKg => "mg/kg",
    };
    let mut words = format!("{} {} {}", item.medication, item.dosage, unit);
    if let Some(r) = item.route {
        words.push_str(&format!(" {}", route_words(r)));
    }
    words.push_str(&format!(" {}", item.frequency.as_str()));
    if let Some(d) = item.duration {
        words.push_str(&format!(" for {d} days"));
    }
    if let Some(w) = item.start_week {
        words.push_str(&format!(", from week {w}"));
    }
    words
}

fn medication_request(item: &PlanItem, id: &str, patient: &Value) -> Value {
    let mut concept = json!({"text": item.medication});
    if let Ok(c) = vocabulary::formulary_drug(&item.medication) {
        if let Some(code) = c.rxcui {
            concept["coding"] = json!([{"system": RXNORM, "code": code, "display": c.generic}]);
        }
    }
    let (unit, code) = match item.unit {
        DoseUnit::Mg => ("mg", "mg"),
        DoseUnit::MgPerKg => ("mg/kg", "mg/kg"),
    };
    let mut dosage = json!({
        "sequence": 1,
        "text": describe(item),
        "timing": timing(item),
        "doseAndRate": [{"doseQuantity": {"value": item.dosage, "unit": unit, "system": UCUM, "code": code}}],
    });
    if let Some(r) = item.route {
        dosage["route"] = json!({"text": route_words(r)});
    }
    let mut mr = json!({
        "resourceType": "MedicationRequest",
        "id": id,
        "status": "draft",
        "intent": "proposal",
        "medicationCodeableConcept": concept,
        "subject": patient,
        "dosageInstruction": [dosage],
    });
    if let Some(phase) = item.phase {
        let p = match phase {
            Phase::Induction => "induction",
            Phase::Maintenance => "maintenance",
        };
        mr["note"] = json!([{"text": format!("{p} phase")}]);
    }
    mr
}

/// The Bundle for `e`.
pub fn export(e: &Export) -> Value {
    let seed = format!(
        "{}|{}",
        e.patient_id.unwrap_or(""),
        serde_json::to_string(e.plan).unwrap_or_default()
    );
    let patient = patient_ref(e.patient_id);
    let mut entries = Vec::new();
    let mut actions = Vec::new();
    let mut request_urls = Vec::new();
    for (i, item) in e.plan.treatment_plan.iter().enumerate() {
        let url = urn(&seed, "MedicationRequest", i);
        let id = url.trim_start_matches("urn:uuid:").to_string();
        entries.push(json!({"fullUrl": url, "resource": medication_request(item, &id, &patient)}));
        let mut action = json!({
            "id": format!("item-{i}"),
            "title": describe(item),
            "resource": {"reference": url},
        });
        // Every item after the first starts at its week, counted from the first dose.
        if i > 0 {
            let weeks = item.start_week.unwrap_or(0.0);
            action["relatedAction"] = json!([{
                "actionId": "item-0",
                "relationship": "after-start",
                "offsetDuration": {"value": weeks, "unit": "wk", "system": UCUM, "code": "wk"},
            }]);
        }
        actions.push(action);
        request_urls.push((url, item.medication.clone()));
    }
    let group_url = urn(&seed, "RequestGroup", 0);
    let mut group = json!({
        "resourceType": "RequestGroup",
        "id": group_url.trim_start_matches("urn:uuid:"),
        "status": "draft",
        "intent": "proposal",
        "subject": patient,
        "note": [{"text": crate::prover::DISCLAIMER}],
    });
    if !actions.is_empty() {
        group["action"] = json!(actions);
    }
    entries.insert(0, json!({"fullUrl": group_url, "resource": group}));

    if let Some(report) = e.report {
        for (j, v) in report["verdicts"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            let status = v["status"].as_str().unwrap_or("");
            let severity = match status {
                "violated" => "high",
                "unknown" => "moderate",
                _ => continue,
            };
            let url = urn(&seed, "DetectedIssue", j);
            entries.push(json!({"fullUrl": url, "resource": detected_issue(v, &url, severity, &patient, &request_urls)}));
        }
    }
    for (k, p) in e.provenance.iter().enumerate() {
        let url = urn(&seed, "Provenance", k);
        if let Some(r) = provenance(p, &url, e.sources, e.timestamp) {
            entries.push(json!({"fullUrl": url, "resource": r}));
        }
    }
    json!({
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": e.timestamp,
        "entry": entries,
    })
}

fn detected_issue(
    v: &Value,
    url: &str,
    severity: &str,
    patient: &Value,
    requests: &[(String, String)],
) -> Value {
    let property = v["property"].as_str().unwrap_or("(property)");
    let subject = v["subject"].as_str();
    // The requests the issue is about: those of its drug, else all of them.
    let mut implicated: Vec<Value> = requests
        .iter()
        .filter(|(_, med)| subject.is_some_and(|s| same_drug(s, med)))
        .map(|(u, _)| json!({"reference": u}))
        .collect();
    if implicated.is_empty() {
        implicated = requests
            .iter()
            .map(|(u, _)| json!({"reference": u}))
            .collect();
    }
    let mut detail = format!(
        "{} ({})",
        v["rule"].as_str().unwrap_or(property),
        v["status"].as_str().unwrap_or("")
    );
    if let Some(note) = v["evidence"]["note"].as_str() {
        detail.push_str(&format!(": {note}"));
    }
    let missing = super::verdict::missing(v);
    if !missing.is_empty() {
        detail.push_str(&format!("; missing: {}", missing.join(", ")));
    }
    let mut evidence: Vec<Value> = v["evidence"]["facts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| json!({"code": [{"text": format!("{} = {}", f["field"].as_str().unwrap_or("?"), f["value"])}]}))
        .collect();
    if let Some(c) = v["evidence"]["counterexample"].as_object() {
        evidence.push(json!({"code": [{"text": format!(
            "counterexample: {} = {} (bound {})",
            c.get("field").and_then(Value::as_str).unwrap_or("?"),
            c.get("value").cloned().unwrap_or(Value::Null),
            c.get("bound").and_then(Value::as_str).unwrap_or("?")
        )}]}));
    }
    for s in v["sources"].as_array().into_iter().flatten() {
        let text = super::verdict::source_line(s);
        evidence.push(json!({"code": [{"text": format!("source: {text}")}]}));
    }
    let mut issue = json!({
        "resourceType": "DetectedIssue",
        "id": url.trim_start_matches("urn:uuid:"),
        "status": "preliminary",
        "code": {"text": property},
        "severity": severity,
        "patient": patient,
        "detail": detail,
    });
    if !implicated.is_empty() {
        issue["implicated"] = json!(implicated);
    }
    if !evidence.is_empty() {
        issue["evidence"] = json!(evidence);
    }
    issue
}

fn same_drug(a: &str, b: &str) -> bool {
    match (vocabulary::formulary_drug(a), vocabulary::formulary_drug(b)) {
        (Ok(x), Ok(y)) => std::ptr::eq(x, y),
        _ => a.eq_ignore_ascii_case(b),
    }
}

/// The healer's record as a FHIR Provenance: its target becomes the FHIR
/// resources the healed field was read from (when the record came from FHIR).
fn provenance(
    p: &Value,
    url: &str,
    sources: &BTreeMap<String, Vec<String>>,
    now: &str,
) -> Option<Value> {
    let path = p["target"][0]["path"].as_str().unwrap_or("");
    let mut targets: Vec<Value> = sources
        .iter()
        .filter(|(field, _)| {
            path == field.as_str()
                || path.starts_with(&format!("{field}."))
                || path.starts_with(&format!("{field}["))
        })
        .flat_map(|(_, refs)| refs.iter().map(|r| json!({"reference": r})))
        .collect();
    if targets.is_empty() {
        let reference = p["target"][0]["reference"].as_str()?;
        targets.push(json!({"display": format!("{reference} {path}")}));
    }
    let activity = p["activity"]["display"].as_str().unwrap_or("healing");
    let who = p["agent"][0]["who"].as_str().unwrap_or("hms self_healer");
    let mut out = json!({
        "resourceType": "Provenance",
        "id": url.trim_start_matches("urn:uuid:"),
        "target": targets,
        "recorded": p["recorded"].as_str().unwrap_or(now),
        "activity": {"text": activity},
        "agent": [{"type": {"text": "assembler"}, "who": {"display": who}}],
        "entity": [{"role": "source", "what": {"display": format!("{path} was {}", p["entity"][0]["what"]["value"])}}],
    });
    if let Some(reason) = p["reason"].as_str().filter(|r| !r.is_empty()) {
        out["reason"] = json!([{"text": reason}]);
    }
    Some(out)
}
