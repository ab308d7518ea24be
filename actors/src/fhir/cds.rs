//! CDS Hooks 2.0 (HL7 STU2): the discovery document, a hook request read
//! into a patient record and a plan, and the prover's report as cards. Pure
//! functions; hmsd serves them at `/cds-services`.
//!
//! The request's prefetched resources (or, for a lone resource, itself) go
//! through the same FHIR mapping as any Bundle; the draft MedicationRequests
//! (order-sign, order-select) become the plan to verify. For patient-view the
//! plan is the patient's active Crohn's therapy. A draft order that cannot be
//! read (no dose in mg or mg/kg, a timing that is not one of the plan's
//! frequencies) is not dropped: it gets a warning card saying why.

use serde_json::{json, Value};

use super::import::{frequency, import_with, medication_name, Gaps, Imported};
use crate::clinical::date::Date;
use crate::clinical::plan::TreatmentPlan;
use crate::clinical::vocabulary;

/// Hook → service id.
pub const SERVICES: &[(&str, &str, &str)] = &[
    (
        "order-sign",
        "hms-medication-safety-sign",
        "Verifies the Crohn's disease medication orders being signed against the drugs' labels and guidelines (contraindications, screening, labs, interactions, live vaccines), with the evidence and sources.",
    ),
    (
        "order-select",
        "hms-medication-safety-select",
        "The same verification as the orders are selected.",
    ),
    (
        "patient-view",
        "hms-crohns-therapy-review",
        "Verifies the patient's current Crohn's disease therapy against the record: what the labels forbid, and what must be known before it can be called safe.",
    ),
];

const PREFETCH: &[(&str, &str)] = &[
    ("patient", "Patient/{{context.patientId}}"),
    ("conditions", "Condition?patient={{context.patientId}}"),
    ("observations", "Observation?patient={{context.patientId}}"),
    (
        "medicationRequests",
        "MedicationRequest?patient={{context.patientId}}",
    ),
    (
        "medicationStatements",
        "MedicationStatement?patient={{context.patientId}}",
    ),
    (
        "immunizationRecommendations",
        "ImmunizationRecommendation?patient={{context.patientId}}",
    ),
    (
        "allergies",
        "AllergyIntolerance?patient={{context.patientId}}",
    ),
];

/// `GET /cds-services`.
pub fn discovery() -> Value {
    let prefetch: serde_json::Map<String, Value> = PREFETCH
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    let services: Vec<Value> = SERVICES
        .iter()
        .map(|(hook, id, description)| {
            json!({
                "hook": hook,
                "id": id,
                "title": format!("hms: Crohn's disease medication safety ({hook})"),
                "description": description,
                "prefetch": prefetch,
            })
        })
        .collect();
    json!({"services": services})
}

/// Why a request cannot be served: the HTTP status (400 or 412), the JSON
/// path and the message.
#[derive(Debug, PartialEq)]
pub struct Refusal {
    pub status: u16,
    pub path: String,
    pub message: String,
}

fn refuse(status: u16, path: &str, message: impl Into<String>) -> Refusal {
    Refusal {
        status,
        path: path.into(),
        message: message.into(),
    }
}

/// A request read: the record, the plan, and the orders that could not be read.
pub struct Request {
    pub hook: String,
    pub imported: Imported,
    pub plan: TreatmentPlan,
    /// (order reference, why it was not read) — each becomes a warning card.
    pub unread_orders: Vec<(String, String)>,
}

/// Reads a hook request for service `id`.
pub fn read_request(id: &str, body: &Value, today: Date) -> Result<Request, Refusal> {
    let Some((hook, _, _)) = SERVICES.iter().find(|(_, s, _)| *s == id) else {
        return Err(refuse(
            404,
            "",
            format!("no CDS service {id:?}; GET /cds-services lists them"),
        ));
    };
    let asked = body["hook"]
        .as_str()
        .ok_or_else(|| refuse(400, "hook", "required"))?;
    if asked != *hook {
        return Err(refuse(
            400,
            "hook",
            format!("this service answers {hook}, not {asked}"),
        ));
    }
    if !body["hookInstance"].is_string() {
        return Err(refuse(400, "hookInstance", "required (a UUID string)"));
    }
    let context = &body["context"];
    let patient_id = context["patientId"]
        .as_str()
        .ok_or_else(|| refuse(400, "context.patientId", "required"))?;
    // The record: every prefetched resource, searchsets flattened.
    let patient = &body["prefetch"]["patient"];
    if patient["resourceType"] != "Patient" {
        return Err(refuse(
            412,
            "prefetch.patient",
            "the Patient was not prefetched, and this service does not query FHIR servers: send the prefetch the discovery document asks for",
        ));
    }
    if patient["id"].as_str().is_some_and(|p| p != patient_id) {
        return Err(refuse(
            400,
            "prefetch.patient.id",
            format!("is not context.patientId {patient_id:?}"),
        ));
    }
    let mut entries = vec![json!({"resource": patient})];
    let mut gaps = Gaps::default();
    for (key, _) in PREFETCH.iter().skip(1) {
        let found = body["prefetch"].get(*key);
        // `null` is a query that found nothing; a key left out (the client
        // could not satisfy it), an OperationOutcome, or a searchset with
        // more pages leaves that kind incomplete, so its list stays unknown.
        let complete = match found {
            Some(Value::Null) => true,
            Some(v) if v["resourceType"] == "Bundle" => {
                let n = v["entry"].as_array().map_or(0, Vec::len) as u64;
                let more = v["link"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|l| l["relation"] == "next");
                !more && v["total"].as_u64().is_none_or(|t| t <= n)
            }
            _ => false,
        };
        if !complete {
            match *key {
                "conditions" => gaps.conditions = true,
                "medicationRequests" | "medicationStatements" => gaps.medications = true,
                "immunizationRecommendations" => gaps.immunizations = true,
                _ => {}
            }
        }
        if let Some(found) = found.filter(|v| v["resourceType"] == "Bundle") {
            entries.extend(
                found["entry"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|e| e["resource"].is_object())
                    .map(|e| json!({"resource": e["resource"]})),
            );
        }
    }
    let bundle = json!({"resourceType": "Bundle", "type": "collection", "entry": entries});
    let imported = import_with(&bundle, today, gaps).map_err(|e| refuse(400, "prefetch", e))?;

    let mut items = Vec::new();
    let mut unread_orders = Vec::new();
    if *hook == "patient-view" {
        for (i, m) in imported.patient["concomitant_medications"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            let name = m["medication"].as_str().unwrap_or("");
            if vocabulary::formulary_drug(name).is_err() {
                continue;
            }
            match plan_item_from_record(m) {
                Ok(item) => items.push(item),
                Err(why) => {
                    unread_orders.push((format!("concomitant_medications[{i}] ({name})"), why))
                }
            }
        }
    } else {
        let drafts = &context["draftOrders"];
        if drafts["resourceType"] != "Bundle" {
            return Err(refuse(
                400,
                "context.draftOrders",
                "required: a Bundle of the draft orders",
            ));
        }
        for (i, e) in drafts["entry"].as_array().into_iter().flatten().enumerate() {
            let r = &e["resource"];
            if r["resourceType"] != "MedicationRequest" {
                continue;
            }
            let reference = r["id"].as_str().map_or_else(
                || format!("context.draftOrders.entry[{i}]"),
                |id| format!("MedicationRequest/{id}"),
            );
            match plan_item(r) {
                Ok(item) => items.push(item),
                Err(why) => unread_orders.push((reference, why)),
            }
        }
    }
    let plan: TreatmentPlan = crate::error::decode(json!({"treatment_plan": items}))
        .map_err(|e| refuse(400, "context.draftOrders", e.to_string()))?;
    Ok(Request {
        hook: hook.to_string(),
        imported,
        plan,
        unread_orders,
    })
}

/// A draft MedicationRequest as a plan item, or why it cannot be one.
fn plan_item(r: &Value) -> Result<Value, String> {
    let name = medication_name(&r["medicationCodeableConcept"]).ok_or(
        "no medication named (medicationCodeableConcept with text, display or a known RxNorm code)",
    )?;
    let dosage = &r["dosageInstruction"][0];
    // Tolerant: some published examples put doseQuantity under the dosage itself.
    let dose = if dosage["doseAndRate"][0]["doseQuantity"].is_object() {
        &dosage["doseAndRate"][0]["doseQuantity"]
    } else {
        &dosage["doseQuantity"]
    };
    let value = dose["value"].as_f64().ok_or(format!(
        "{name}: no dose (dosageInstruction[0].doseAndRate[0].doseQuantity.value)"
    ))?;
    let unit = dose["code"]
        .as_str()
        .or_else(|| dose["unit"].as_str())
        .unwrap_or("");
    let unit = match unit {
        "mg" => "mg",
        "mg/kg" => "mg/kg",
        other => return Err(format!("{name}: dose unit {other:?} is not mg or mg/kg")),
    };
    let timing = &dosage["timing"];
    let freq = if timing["repeat"]["count"] == json!(1) {
        Some("once".to_string())
    } else {
        frequency(timing)
    };
    let freq = freq.ok_or(format!(
        "{name}: the timing is not one of once, daily, weekly, every 2, 4, 8 or 12 weeks"
    ))?;
    let mut item = json!({"medication": name, "dosage": value, "unit": unit, "frequency": freq});
    let bounds = &timing["repeat"]["boundsDuration"];
    if let Some(v) = bounds["value"].as_f64() {
        let days = match bounds["code"].as_str().or_else(|| bounds["unit"].as_str()) {
            Some("d" | "day" | "days") => Some(v),
            Some("wk" | "week" | "weeks") => Some(v * 7.0),
            _ => None,
        };
        if let Some(d) = days {
            item["duration"] = json!(d);
        }
    }
    if let Some(route) = route(&dosage["route"]) {
        item["route"] = json!(route);
    }
    Ok(item)
}

fn plan_item_from_record(m: &Value) -> Result<Value, String> {
    let name = m["medication"].as_str().unwrap_or("");
    let dose = m["dosage"]
        .as_f64()
        .ok_or(format!("{name}: no dose recorded"))?;
    let unit = m["unit"]
        .as_str()
        .filter(|u| *u == "mg" || *u == "mg/kg")
        .ok_or(format!("{name}: dose unit not mg or mg/kg"))?;
    let freq = m["frequency"]
        .as_str()
        .ok_or(format!("{name}: no frequency the plan reads"))?;
    Ok(json!({"medication": name, "dosage": dose, "unit": unit, "frequency": freq}))
}

fn route(concept: &Value) -> Option<&'static str> {
    let words = super::read::text(concept)?.to_ascii_lowercase();
    [
        ("oral", "oral"),
        ("mouth", "oral"),
        ("intravenous", "iv"),
        ("subcutaneous", "sc"),
        ("intramuscular", "im"),
    ]
    .into_iter()
    .find(|(k, _)| words.contains(k))
    .map(|(_, r)| r)
}

/// Fewer than 140 characters, as the specification asks of a summary.
fn summary(text: &str) -> String {
    if text.chars().count() < 140 {
        return text.to_string();
    }
    let cut: String = text.chars().take(138).collect();
    format!("{cut}…")
}

/// The cards for a request and the prover's report (JSON).
pub fn cards(request: &Request, report: &Value) -> Value {
    let mut cards = Vec::new();
    for v in report["verdicts"].as_array().into_iter().flatten() {
        let indicator = match v["status"].as_str() {
            Some("violated") => "critical",
            Some("unknown") => "warning",
            _ => continue,
        };
        let property = v["property"]
            .as_str()
            .filter(|p| !p.is_empty())
            .unwrap_or("a safety property");
        let rule = v["rule"]
            .as_str()
            .filter(|r| !r.is_empty())
            .unwrap_or(property);
        let subject = v["subject"]
            .as_str()
            .map_or(String::new(), |s| format!("{s}: "));
        let verb = if indicator == "critical" {
            "violated"
        } else {
            "cannot be verified"
        };
        let mut detail = format!("**{property}** {verb}.\n\n");
        if let Some(note) = v["evidence"]["note"].as_str() {
            detail.push_str(&format!("{note}\n\n"));
        }
        for f in v["evidence"]["facts"].as_array().into_iter().flatten() {
            detail.push_str(&format!(
                "- `{}` = {}\n",
                f["field"].as_str().unwrap_or("?"),
                f["value"]
            ));
        }
        let missing = super::verdict::missing(v);
        if !missing.is_empty() {
            detail.push_str(&format!(
                "- missing from the record: {}\n",
                missing.join(", ")
            ));
        }
        let sources: Vec<&Value> = v["sources"].as_array().into_iter().flatten().collect();
        if !sources.is_empty() {
            detail.push_str("\nSources:\n");
            for s in &sources {
                detail.push_str(&format!("- {}\n", super::verdict::source_line(s)));
            }
        }
        let label = sources
            .first()
            .and_then(|s| s["citation"].as_str())
            .map_or_else(
                || "hms prover".to_string(),
                |c| format!("hms prover: {}", summary_label(c)),
            );
        let mut card = json!({
            "uuid": card_uuid(&request.hook, rule, property, v["subject"].as_str().unwrap_or("")),
            "summary": summary(&format!("{subject}{rule} {verb}")),
            "indicator": indicator,
            "detail": detail,
            "source": {"label": label, "topic": {"system": "urn:hms:rule", "code": rule, "display": property}},
        });
        if indicator == "critical" {
            card["overrideReasons"] = json!([
                {"system": "urn:hms:override", "code": "benefit-outweighs-risk", "display": "Benefit outweighs the risk, documented"},
                {"system": "urn:hms:override", "code": "record-incorrect", "display": "The record is incorrect"}
            ]);
        }
        cards.push(card);
    }
    for (reference, why) in &request.unread_orders {
        cards.push(json!({
            "uuid": card_uuid(&request.hook, "unread-order", reference, why),
            "summary": summary(&format!("Not verified: {why}")),
            "indicator": "warning",
            "detail": format!("The order {reference} could not be read as a plan item, so nothing about it was verified: {why}."),
            "source": {"label": "hms prover"},
        }));
    }
    for a in report["advisories"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|a| !a.trim().is_empty())
    {
        cards.push(json!({
            "uuid": card_uuid(&request.hook, "advisory", a, ""),
            "summary": summary(a),
            "indicator": "info",
            "detail": a,
            "source": {"label": "hms prover"},
        }));
    }
    json!({"cards": cards})
}

/// The opening of a citation, for a card's source label.
fn summary_label(citation: &str) -> String {
    let head = citation
        .split(['(', ';', ','])
        .next()
        .unwrap_or(citation)
        .trim();
    summary(head)
}

fn card_uuid(a: &str, b: &str, c: &str, d: &str) -> String {
    super::uuid::stable(&format!("{a}|{b}|{c}|{d}"))
}
