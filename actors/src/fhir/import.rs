//! FHIR R4 in: a Bundle (or one resource) becomes the patient record the
//! actors read (`docs/data-formats.md`). Every element that is not mapped is
//! listed with its JSON path and why, never dropped silently; every field
//! filled says which resource it came from (`sources`), so provenance can
//! point back to the FHIR ids.
//!
//! Missing data never makes a plan look safer: a test result that leaves a
//! status open (HBsAg negative without anti-HBc, an indeterminate IGRA) leaves
//! the status absent, so the rule that needs it answers `unknown`; a positive
//! screen with no treatment recorded is read the stricter way.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::codes::{self, Finding, Measure};
use super::read;
use crate::clinical::date::Date;
use crate::clinical::vocabulary;

/// An element that was not mapped.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unmapped {
    /// JSON path in the document (`entry[3].resource.address`).
    pub path: String,
    /// The resource it belongs to (`Patient/example`).
    pub resource: String,
    pub reason: String,
}

/// The record, what was left out, and where each field came from.
#[derive(Clone, Debug, Serialize)]
pub struct Imported {
    /// The patient record (data-formats.md), clinical context included.
    pub patient: Value,
    pub unmapped: Vec<Unmapped>,
    /// Record field (`labs[2]`, `infections.hbv`) → the resources it was read from.
    pub sources: BTreeMap<String, Vec<String>>,
}

/// Elements every resource has that say nothing clinical (the narrative
/// repeats the structured data).
const BOOKKEEPING: &[&str] = &[
    "resourceType",
    "id",
    "meta",
    "text",
    "implicitRules",
    "language",
];

/// Reads `doc`: a Bundle holding one Patient and resources about them, or a
/// single resource. `today` dates the age. `Err` when `doc` is not a FHIR
/// resource at all.
pub fn import(doc: &Value, today: Date) -> Result<Imported, String> {
    let kind = doc["resourceType"]
        .as_str()
        .ok_or("not a FHIR resource: no resourceType")?;
    let mut b = Builder::new(today);
    if kind == "Bundle" {
        for (key, _) in doc.as_object().into_iter().flatten() {
            if ![
                "resourceType",
                "id",
                "meta",
                "type",
                "entry",
                "timestamp",
                "total",
                "link",
                "identifier",
            ]
            .contains(&key.as_str())
            {
                b.skip(key, "Bundle", "a Bundle element, not about the patient");
            }
        }
        let entries = doc["entry"].as_array().map(Vec::as_slice).unwrap_or(&[]);
        for (i, e) in entries.iter().enumerate() {
            let path = format!("entry[{i}].resource");
            match &e["resource"] {
                Value::Object(_) => b.resource(&e["resource"], &path),
                _ => b.skip(
                    &format!("entry[{i}]"),
                    "Bundle",
                    "an entry without a resource",
                ),
            }
        }
    } else {
        b.resource(doc, "");
    }
    Ok(b.finish())
}

#[derive(Default)]
struct Screen {
    /// (positive, date, source) of each result.
    results: Vec<(Option<bool>, Option<Date>, String)>,
}

impl Screen {
    /// The latest definite result.
    fn latest(&self) -> Option<(bool, &str)> {
        self.results
            .iter()
            .filter_map(|(r, d, s)| r.map(|r| (r, *d, s.as_str())))
            .max_by_key(|(_, d, _)| *d)
            .map(|(r, _, s)| (r, s))
    }
}

struct Builder {
    today: Date,
    patient: Map<String, Value>,
    unmapped: Vec<Unmapped>,
    sources: BTreeMap<String, Vec<String>>,
    patients: usize,
    labs: Vec<Value>,
    /// Latest weight/height: (date, value in kg/cm, source).
    weight: Option<(Option<Date>, f64, String)>,
    height: Option<(Option<Date>, f64, String)>,
    conditions_read: bool,
    comorbidities: Vec<String>,
    medications_read: bool,
    concomitant: Vec<Value>,
    history: Vec<Value>,
    planned_vaccines: Option<Vec<Value>>,
    markers: Vec<Value>,
    igra: Screen,
    hbsag: Screen,
    anti_hbc: Screen,
    hcv: Screen,
    tb_condition: Option<(&'static str, String)>,
    hbv_condition: Option<String>,
    hcv_condition: Option<String>,
    pregnancy: Option<(Option<Date>, &'static str, String)>,
    heart_failure: Option<(Option<u8>, String)>,
    /// Where each resource is in the document, for listing it later.
    paths: std::collections::HashMap<String, String>,
}

impl Builder {
    fn new(today: Date) -> Self {
        Self {
            today,
            patient: Map::new(),
            unmapped: Vec::new(),
            sources: BTreeMap::new(),
            patients: 0,
            labs: Vec::new(),
            weight: None,
            height: None,
            conditions_read: false,
            comorbidities: Vec::new(),
            medications_read: false,
            concomitant: Vec::new(),
            history: Vec::new(),
            planned_vaccines: None,
            markers: Vec::new(),
            igra: Screen::default(),
            hbsag: Screen::default(),
            anti_hbc: Screen::default(),
            hcv: Screen::default(),
            tb_condition: None,
            hbv_condition: None,
            hcv_condition: None,
            pregnancy: None,
            heart_failure: None,
            paths: Default::default(),
        }
    }

    fn skip(&mut self, path: &str, resource: &str, reason: impl Into<String>) {
        self.unmapped.push(Unmapped {
            path: path.to_string(),
            resource: resource.to_string(),
            reason: reason.into(),
        });
    }

    fn source(&mut self, field: impl Into<String>, from: &str) {
        let list = self.sources.entry(field.into()).or_default();
        if !list.iter().any(|s| s == from) {
            list.push(from.to_string());
        }
    }

    /// Lists the elements of `r` that `read` does not name.
    fn rest(&mut self, r: &Value, path: &str, read: &[&str], why: &str) {
        let from = read::reference(r);
        for key in r.as_object().into_iter().flatten().map(|(k, _)| k) {
            if !BOOKKEEPING.contains(&key.as_str()) && !read.contains(&key.as_str()) {
                self.skip(&join(path, key), &from, why);
            }
        }
    }

    /// Lists a result that a later one of the same kind replaced.
    fn superseded(&mut self, from: &str, by: &str) {
        let path = self.paths.get(from).cloned().unwrap_or_default();
        self.skip(
            &path,
            from,
            format!("an earlier result, superseded by {by}"),
        );
    }

    fn resource(&mut self, r: &Value, path: &str) {
        self.paths.insert(read::reference(r), path.to_string());
        match r["resourceType"].as_str().unwrap_or("") {
            "Patient" => self.patient_resource(r, path),
            "Condition" => self.condition(r, path),
            "Observation" => self.observation(r, path),
            "MedicationStatement" | "MedicationRequest" => self.medication(r, path),
            "Immunization" => self.immunization(r, path),
            "ImmunizationRecommendation" => self.recommendation(r, path),
            "AllergyIntolerance" => self.allergy(r, path),
            other => {
                let from = read::reference(r);
                let reason = if other.is_empty() {
                    "no resourceType".to_string()
                } else {
                    format!("a {other} is not read (the safety rules use none of it)")
                };
                self.skip(path, &from, reason);
            }
        }
    }

    fn patient_resource(&mut self, r: &Value, path: &str) {
        let from = read::reference(r);
        self.patients += 1;
        if self.patients > 1 {
            self.skip(
                path,
                &from,
                "a second Patient: one record is read per document",
            );
            return;
        }
        if let Some(id) = r["id"].as_str() {
            self.patient.insert("patient_id".into(), json!(id));
            self.source("patient_id", &from);
        }
        let mut demographics = Map::new();
        if let Some(birth) = read::date(&r["birthDate"]) {
            let years = ((self.today.days() - birth.days()) as f64 / 365.2425).floor();
            demographics.insert("age".into(), json!(years));
            self.source("demographics.age", &from);
        }
        if let Some(g) = r["gender"].as_str() {
            demographics.insert("sex".into(), json!(g));
            self.source("demographics.sex", &from);
        }
        if !demographics.is_empty() {
            self.patient
                .insert("demographics".into(), Value::Object(demographics));
        }
        if r["deceasedBoolean"] == json!(true) || r["deceasedDateTime"].is_string() {
            self.skip(
                &join(path, "deceased"),
                &from,
                "the patient is recorded as deceased; the record is read all the same",
            );
        }
        self.rest(
            r,
            path,
            &["birthDate", "gender", "deceasedBoolean", "deceasedDateTime"],
            "not read: the safety rules do not use it",
        );
    }

    fn condition(&mut self, r: &Value, path: &str) {
        let from = read::reference(r);
        let read_elements = [
            "code",
            "clinicalStatus",
            "verificationStatus",
            "onsetDateTime",
            "recordedDate",
            "subject",
            "stage",
        ];
        self.rest(
            r,
            path,
            &read_elements,
            "not read: the safety rules do not use it",
        );
        let verification = read::status_code(r, "verificationStatus");
        if matches!(verification, Some("refuted" | "entered-in-error")) {
            self.skip(path, &from, "refuted or entered in error");
            return;
        }
        let clinical = read::status_code(r, "clinicalStatus");
        let active = !matches!(clinical, Some("inactive" | "resolved" | "remission"));
        self.conditions_read = true;
        let name = read::text(&r["code"])
            .unwrap_or("(unnamed condition)")
            .to_string();
        match codes::condition(&r["code"]) {
            Some(Finding::Crohns(location)) => {
                let onset =
                    read::date(&r["onsetDateTime"]).or_else(|| read::date(&r["recordedDate"]));
                let clinical_data = self
                    .patient
                    .entry("clinical_data")
                    .or_insert_with(|| json!({}));
                if let Some(loc) = location {
                    clinical_data["crohns_type"] = json!(loc);
                }
                if let Some(d) = onset {
                    clinical_data["diagnosis_date"] = json!(d.to_string());
                }
                if location.is_some() {
                    self.source("clinical_data.crohns_type", &from);
                }
                if onset.is_some() {
                    self.source("clinical_data.diagnosis_date", &from);
                }
            }
            Some(Finding::HeartFailure) if active => {
                let class = codes::nyha(&r["stage"]);
                self.heart_failure = Some((class, from.clone()));
                self.comorbidities.push(name);
            }
            Some(Finding::Tb(status)) => {
                // Resolved TB was treated; inactive TB with no treatment
                // stated is read as latent and untreated, the stricter way.
                let status = match (status, active) {
                    ("active", true) => "active",
                    ("active", false) => "latent_treated",
                    _ => "latent_untreated",
                };
                self.tb_condition = Some((status, from.clone()));
            }
            Some(Finding::HepatitisB) if active => self.hbv_condition = Some(from.clone()),
            Some(Finding::HepatitisC) if active => self.hcv_condition = Some(from.clone()),
            Some(Finding::Pregnancy) if active => {
                self.pregnancy = Some((read::date(&r["recordedDate"]), "pregnant", from.clone()));
            }
            _ if active => self.comorbidities.push(name),
            _ => self.skip(
                path,
                &from,
                format!("{name}: not active ({})", clinical.unwrap_or("?")),
            ),
        }
    }

    fn observation(&mut self, r: &Value, path: &str) {
        let from = read::reference(r);
        if matches!(r["status"].as_str(), Some("entered-in-error" | "cancelled")) {
            self.skip(path, &from, "entered in error or cancelled");
            return;
        }
        let when = read::when(r);
        let Some(measure) = codes::observation(&r["code"]) else {
            let name = read::text(&r["code"]).unwrap_or("(uncoded)");
            self.skip(
                &join(path, "code"),
                &from,
                format!("{name}: no code the record reads (LOINC table in fhir/codes.rs)"),
            );
            return;
        };
        self.rest(
            r,
            path,
            &[
                "code",
                "status",
                "valueQuantity",
                "valueCodeableConcept",
                "valueString",
                "effectiveDateTime",
                "effectivePeriod",
                "issued",
                "subject",
                "category",
                "interpretation",
            ],
            "not read: the safety rules do not use it",
        );
        match measure {
            Measure::Lab(test) => match read::quantity(&r["valueQuantity"]) {
                Some((value, unit)) => {
                    let mut lab = json!({"test": test, "value": value});
                    if let Some(u) = unit {
                        lab["unit"] = json!(codes::unit(u));
                    }
                    if let Some(d) = when {
                        lab["date"] = json!(d.to_string());
                    }
                    self.source(format!("labs[{}]", self.labs.len()), &from);
                    if test == "CRP" {
                        self.serum("CRP", value, unit, when, &from);
                    }
                    self.labs.push(lab);
                }
                None => self.skip(
                    &join(path, "value"),
                    &from,
                    format!("{test}: no valueQuantity with a number"),
                ),
            },
            Measure::Weight | Measure::Height => {
                let Some((value, unit)) = read::quantity(&r["valueQuantity"]) else {
                    self.skip(&join(path, "value"), &from, "no valueQuantity");
                    return;
                };
                let converted = match (measure, unit.unwrap_or("")) {
                    (Measure::Weight, "kg") => Some(value),
                    (Measure::Weight, "[lb_av]" | "lb" | "lbs") => Some(value * 0.453_592_37),
                    (Measure::Weight, "g") => Some(value / 1000.0),
                    (Measure::Height, "cm") => Some(value),
                    (Measure::Height, "m") => Some(value * 100.0),
                    (Measure::Height, "[in_i]" | "in") => Some(value * 2.54),
                    _ => None,
                };
                let Some(v) = converted else {
                    self.skip(
                        &join(path, "valueQuantity"),
                        &from,
                        format!("unit {:?} not read for a body measure", unit.unwrap_or("")),
                    );
                    return;
                };
                let slot = if measure == Measure::Weight {
                    &mut self.weight
                } else {
                    &mut self.height
                };
                let replaced = match slot {
                    Some((d, _, _)) if when < *d => None,
                    _ => Some(slot.replace((when, v, from.clone()))),
                };
                match replaced {
                    None => {
                        let by = slot.as_ref().map(|s| s.2.clone()).unwrap_or_default();
                        self.superseded(&from, &by);
                    }
                    Some(Some((_, _, old))) => self.superseded(&old, &from),
                    Some(None) => {}
                }
            }
            Measure::Calprotectin => match read::quantity(&r["valueQuantity"]) {
                Some((value, _)) => {
                    let clinical_data = self
                        .patient
                        .entry("clinical_data")
                        .or_insert_with(|| json!({}));
                    clinical_data["disease_activity"]["fecal_calprotectin"] = json!(value);
                    self.source("clinical_data.disease_activity.fecal_calprotectin", &from);
                }
                None => self.skip(&join(path, "value"), &from, "no valueQuantity"),
            },
            Measure::Igra
            | Measure::HbsAg
            | Measure::AntiHbc
            | Measure::HcvAntibody
            | Measure::Hcg => {
                let result = codes::positive(r);
                if result.is_none() {
                    self.skip(
                        &join(path, "value"),
                        &from,
                        "the result is neither positive nor negative (indeterminate or not coded): the status stays unknown",
                    );
                }
                let screen = match measure {
                    Measure::Igra => &mut self.igra,
                    Measure::HbsAg => &mut self.hbsag,
                    Measure::AntiHbc => &mut self.anti_hbc,
                    Measure::HcvAntibody => &mut self.hcv,
                    _ => {
                        if let Some(positive) = result {
                            let status = if positive { "pregnant" } else { "not_pregnant" };
                            self.pregnancy_result(when, status, from);
                        }
                        return;
                    }
                };
                screen.results.push((result, when, from));
            }
            Measure::PregnancyStatus => match codes::pregnancy_status(&r["valueCodeableConcept"]) {
                Some(status) => self.pregnancy_result(when, status, from),
                None => self.skip(
                    &join(path, "value"),
                    &from,
                    "pregnancy status not coded as pregnant or not pregnant",
                ),
            },
            Measure::Gene(gene) => {
                let value = read::text(&r["valueCodeableConcept"])
                    .or_else(|| r["valueString"].as_str())
                    .unwrap_or("");
                if value.is_empty() {
                    self.skip(&join(path, "value"), &from, format!("{gene}: no result"));
                    return;
                }
                let mut marker = json!({"gene": gene});
                let phenotype = codes::phenotype(value);
                match phenotype {
                    Some(p) => marker["phenotype"] = json!(p),
                    None => marker["variant"] = json!(value),
                }
                self.source(
                    format!("biomarkers.genetic_markers[{}]", self.markers.len()),
                    &from,
                );
                self.markers.push(marker);
            }
        }
    }

    fn pregnancy_result(&mut self, when: Option<Date>, status: &'static str, from: String) {
        match &self.pregnancy {
            Some((d, _, by)) if when < *d => {
                let by = by.clone();
                self.superseded(&from, &by);
            }
            Some((_, _, old)) => {
                let old = old.clone();
                self.superseded(&old, &from);
                self.pregnancy = Some((when, status, from));
            }
            None => self.pregnancy = Some((when, status, from)),
        }
    }

    fn serum(&mut self, key: &str, value: f64, unit: Option<&str>, when: Option<Date>, from: &str) {
        let _ = when;
        let biomarkers = self
            .patient
            .entry("biomarkers")
            .or_insert_with(|| json!({}));
        biomarkers["serum_markers"][key] = json!(value);
        if let Some(u) = unit {
            if key == "CRP" && u != "mg/L" {
                self.patient.entry("units").or_insert_with(|| json!({}))["CRP"] =
                    json!(codes::unit(u));
            }
        }
        self.source(format!("biomarkers.serum_markers.{key}"), from);
    }

    fn medication(&mut self, r: &Value, path: &str) {
        let from = read::reference(r);
        self.rest(
            r,
            path,
            &[
                "medicationCodeableConcept",
                "medicationReference",
                "status",
                "intent",
                "dosage",
                "dosageInstruction",
                "effectivePeriod",
                "effectiveDateTime",
                "authoredOn",
                "subject",
                "statusReason",
            ],
            "not read: the safety rules do not use it",
        );
        let Some(name) = medication_name(&r["medicationCodeableConcept"]) else {
            let why = if r["medicationReference"].is_object() {
                "medicationReference: only medicationCodeableConcept is read"
            } else {
                "no medication named (text, display or a known RxNorm code)"
            };
            self.skip(&join(path, "medication[x]"), &from, why);
            return;
        };
        self.medications_read = true;
        let status = r["status"].as_str().unwrap_or("");
        let dosage = r["dosage"][0].clone();
        let dosage = if dosage.is_null() {
            r["dosageInstruction"][0].clone()
        } else {
            dosage
        };
        match status {
            "active" | "on-hold" | "intended" | "draft" => {
                let mut item = json!({"medication": name});
                if let Some((dose, unit)) =
                    read::quantity(&dosage["doseAndRate"][0]["doseQuantity"])
                {
                    item["dosage"] = json!(dose);
                    if let Some(u) = unit {
                        item["unit"] = json!(u);
                    }
                }
                if let Some(f) = frequency(&dosage["timing"]) {
                    item["frequency"] = json!(f);
                }
                self.source(
                    format!("concomitant_medications[{}]", self.concomitant.len()),
                    &from,
                );
                self.concomitant.push(item);
            }
            "completed" | "stopped" | "not-taken" => {
                let mut item = json!({"medication": name, "status": status});
                let start = read::date(&r["effectivePeriod"]["start"])
                    .or_else(|| read::date(&r["authoredOn"]));
                if let Some(d) = start {
                    item["start_date"] = json!(d.to_string());
                }
                if let Some(d) = read::date(&r["effectivePeriod"]["end"]) {
                    item["end_date"] = json!(d.to_string());
                }
                if let Some(reason) = read::text(&r["statusReason"][0]) {
                    item["response"] = json!(reason);
                }
                self.source(format!("treatment_history[{}]", self.history.len()), &from);
                self.history.push(item);
            }
            other => self.skip(
                &join(path, "status"),
                &from,
                format!("status {other:?}: neither current nor past use"),
            ),
        }
    }

    fn immunization(&mut self, r: &Value, path: &str) {
        let from = read::reference(r);
        // Given vaccines: no field of the record holds them (the rules read
        // vaccines planned during treatment).
        let name = read::text(&r["vaccineCode"]).unwrap_or("(vaccine)");
        self.skip(
            path,
            &from,
            format!("{name}: a vaccine given; the record holds planned vaccines only"),
        );
    }

    fn recommendation(&mut self, r: &Value, path: &str) {
        let from = read::reference(r);
        self.rest(
            r,
            path,
            &["recommendation", "patient", "date"],
            "not read: the safety rules do not use it",
        );
        let list = self.planned_vaccines.get_or_insert_with(Vec::new);
        let mut index = list.len();
        for (i, rec) in r["recommendation"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            let status = read::codings(&rec["forecastStatus"])
                .next()
                .map(|(_, c, _)| c);
            if matches!(status, Some("complete" | "contraindicated" | "immune")) {
                continue;
            }
            for code in rec["vaccineCode"].as_array().into_iter().flatten() {
                let cvx = read::code_in(code, codes::CVX).and_then(codes::cvx);
                let name = read::text(code)
                    .map(str::to_string)
                    .or_else(|| cvx.map(|v| v.0.to_string()));
                let Some(name) = name else {
                    self.unmapped.push(Unmapped {
                        path: format!("{}.recommendation[{i}].vaccineCode", path_or_root(path)),
                        resource: from.clone(),
                        reason: "a vaccine without a name or a known CVX code".into(),
                    });
                    continue;
                };
                let mut v = json!({"name": name});
                let live = cvx
                    .and_then(|(_, live)| live)
                    .or_else(|| crate::clinical::vaccines::classify(&name).and_then(|t| t.live));
                if let Some(live) = live {
                    v["live"] = json!(live);
                }
                let list = self.planned_vaccines.get_or_insert_with(Vec::new);
                list.push(v);
                self.sources
                    .entry(format!("planned_vaccines[{index}]"))
                    .or_default()
                    .push(from.clone());
                index += 1;
            }
        }
    }

    fn allergy(&mut self, r: &Value, path: &str) {
        let from = read::reference(r);
        let name = medication_name(&r["code"]);
        match name {
            Some(drug) if !vocabulary::recognise(&drug).is_empty() => {
                let reactions: Vec<String> = r["reaction"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .flat_map(|x| x["manifestation"].as_array().into_iter().flatten())
                    .filter_map(|m| read::text(m).map(str::to_string))
                    .collect();
                self.medications_read = true;
                self.source(format!("treatment_history[{}]", self.history.len()), &from);
                self.history.push(json!({
                    "medication": drug,
                    "response": "intolerance",
                    "status": "stopped",
                    "adverse_events": reactions,
                }));
                self.rest(
                    r,
                    path,
                    &[
                        "code",
                        "reaction",
                        "patient",
                        "clinicalStatus",
                        "verificationStatus",
                    ],
                    "not read: the safety rules do not use it",
                );
            }
            _ => {
                let what = read::text(&r["code"]).unwrap_or("(unnamed)");
                self.skip(
                    path,
                    &from,
                    format!(
                        "{what}: an allergy to something the medication vocabulary does not know"
                    ),
                );
            }
        }
    }

    fn finish(mut self) -> Imported {
        if !self.labs.is_empty() {
            self.patient
                .insert("labs".into(), Value::Array(std::mem::take(&mut self.labs)));
        }
        let mut demo = self
            .patient
            .remove("demographics")
            .unwrap_or_else(|| json!({}));
        if let Some((_, kg, from)) = self.weight.take() {
            demo["weight"] = json!((kg * 10.0).round() / 10.0);
            self.source("demographics.weight", &from);
        }
        if let Some((_, cm, from)) = self.height.take() {
            demo["height"] = json!((cm * 10.0).round() / 10.0);
            self.source("demographics.height", &from);
        }
        if demo.as_object().is_some_and(|m| !m.is_empty()) {
            self.patient.insert("demographics".into(), demo);
        }
        // The Conditions read stand for the problem list (as a prefetch of
        // Condition?patient= does); with none, comorbidities stay unknown.
        if self.conditions_read {
            self.patient
                .insert("comorbidities".into(), json!(self.comorbidities));
        }
        if self.medications_read {
            self.patient
                .insert("concomitant_medications".into(), json!(self.concomitant));
            if !self.history.is_empty() {
                self.patient
                    .insert("treatment_history".into(), json!(self.history));
            }
        }
        if let Some(v) = self.planned_vaccines.take() {
            self.patient.insert("planned_vaccines".into(), json!(v));
        }
        if !self.markers.is_empty() {
            let biomarkers = self
                .patient
                .entry("biomarkers")
                .or_insert_with(|| json!({}));
            biomarkers["genetic_markers"] = json!(self.markers);
        }
        self.infections();
        if let Some((_, status, from)) = self.pregnancy.take() {
            self.patient
                .insert("pregnancy".into(), json!({"status": status}));
            self.source("pregnancy.status", &from);
        }
        if let Some((class, from)) = self.heart_failure.take() {
            let mut hf = json!({"present": true});
            if let Some(c) = class {
                hf["nyha_class"] = json!(c);
            }
            self.patient.insert("heart_failure".into(), hf);
            self.source("heart_failure", &from);
        }
        if self.patients == 0 {
            self.skip(
                "",
                "",
                "no Patient resource: the record has no id, age or sex",
            );
        }
        Imported {
            patient: Value::Object(self.patient),
            unmapped: self.unmapped,
            sources: self.sources,
        }
    }

    /// TB, HBV and HCV from Conditions and screening results, the stricter
    /// reading where they leave room.
    fn infections(&mut self) {
        let mut inf = Map::new();
        let mut sources: Vec<(&str, String)> = Vec::new();
        if let Some((status, from)) = self.tb_condition.take() {
            inf.insert("tb".into(), json!(status));
            sources.push(("infections.tb", from));
        } else if let Some((positive, from)) = self.igra.latest() {
            // A positive IGRA with no treatment recorded: latent, untreated.
            let status = if positive {
                "latent_untreated"
            } else {
                "negative"
            };
            inf.insert("tb".into(), json!(status));
            sources.push(("infections.tb", from.to_string()));
        }
        if let Some(from) = self.hbv_condition.take() {
            inf.insert("hbv".into(), json!("active"));
            sources.push(("infections.hbv", from));
        } else {
            match (self.hbsag.latest(), self.anti_hbc.latest()) {
                (Some((true, s)), _) => {
                    inf.insert("hbv".into(), json!("active"));
                    sources.push(("infections.hbv", s.to_string()));
                }
                (Some((false, s)), Some((true, c))) => {
                    inf.insert("hbv".into(), json!("resolved"));
                    sources.push(("infections.hbv", s.to_string()));
                    sources.push(("infections.hbv", c.to_string()));
                }
                (Some((false, s)), Some((false, c))) => {
                    inf.insert("hbv".into(), json!("negative"));
                    sources.push(("infections.hbv", s.to_string()));
                    sources.push(("infections.hbv", c.to_string()));
                }
                (Some((false, s)), None) => {
                    let s = s.to_string();
                    let path = self.paths.get(&s).cloned().unwrap_or_default();
                    self.skip(&path, &s, "HBsAg negative without anti-HBc: HBV status left unknown (past infection not excluded)");
                }
                (None, Some((_, c))) => {
                    let c = c.to_string();
                    let path = self.paths.get(&c).cloned().unwrap_or_default();
                    self.skip(&path, &c, "anti-HBc without HBsAg: HBV status left unknown");
                }
                (None, None) => {}
            }
        }
        if let Some(from) = self.hcv_condition.take() {
            inf.insert("hcv".into(), json!("active"));
            sources.push(("infections.hcv", from));
        } else if let Some((positive, from)) = self.hcv.latest() {
            // An antibody does not tell past from current: positive is read as active.
            inf.insert(
                "hcv".into(),
                json!(if positive { "active" } else { "negative" }),
            );
            sources.push(("infections.hcv", from.to_string()));
        }
        if !inf.is_empty() {
            self.patient.insert("infections".into(), Value::Object(inf));
        }
        for (field, from) in &sources {
            self.source(*field, from);
        }
        // Results not used: earlier ones, or screens a Condition decided.
        let used: std::collections::HashSet<String> = sources.into_iter().map(|(_, s)| s).collect();
        let screens = [&self.igra, &self.hbsag, &self.anti_hbc, &self.hcv];
        let unused: Vec<String> = screens
            .iter()
            .flat_map(|s| s.results.iter())
            .filter(|(r, _, s)| r.is_some() && !used.contains(s))
            .filter(|(_, _, s)| !self.unmapped.iter().any(|u| u.resource == *s))
            .map(|(_, _, s)| s.clone())
            .collect();
        for from in unused {
            let path = self.paths.get(&from).cloned().unwrap_or_default();
            self.skip(
                &path,
                &from,
                "a screening result not used: an earlier one, or a Condition states the status",
            );
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn path_or_root(path: &str) -> &str {
    if path.is_empty() {
        "$"
    } else {
        path
    }
}

/// A medication's name: the words of the concept when the vocabulary knows
/// them, else the drug its RxNorm code names, else the words as they are.
pub fn medication_name(concept: &Value) -> Option<String> {
    let words = read::text(concept).map(str::to_string);
    if let Some(w) = &words {
        if !vocabulary::recognise(w).is_empty() {
            return words;
        }
    }
    let by_code = read::codings(concept)
        .filter(|(s, _, _)| *s == codes::RXNORM)
        .find_map(|(_, c, _)| vocabulary::by_rxcui(c))
        .map(|c| c.generic.to_string());
    by_code.or(words)
}

/// A Timing as the plan's frequency words, where it is one of them.
pub fn frequency(timing: &Value) -> Option<String> {
    let repeat = &timing["repeat"];
    let n = repeat["frequency"].as_u64().unwrap_or(1);
    let period = repeat["period"].as_f64()?;
    let unit = repeat["periodUnit"].as_str()?;
    let days = match unit {
        "d" => period,
        "wk" => period * 7.0,
        _ => return None,
    };
    match (n, days as u64) {
        (1, 1) => Some("daily".into()),
        (1, 7) => Some("weekly".into()),
        (1, d) if d % 7 == 0 && [14, 28, 56, 84].contains(&d) => {
            Some(format!("every {} weeks", d / 7))
        }
        _ => None,
    }
}
