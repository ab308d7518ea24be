//! FHIR R4 in: a Bundle (or one resource) becomes the patient record the
//! actors read (`docs/data-formats.md`). Every element that is not mapped is
//! listed with its JSON path and why, never dropped silently; every field
//! filled says which resource it came from (`sources`), so provenance can
//! point back to the FHIR ids.
//!
//! Missing data never makes a plan look safer. In the record an empty list
//! means "none" and an absent one "unknown", so a list (comorbidities, current
//! medications, planned vaccines) is written only when everything of its kind
//! in the document was read; a result that leaves a status open (HBsAg
//! negative without anti-HBc, an indeterminate or ambiguous IGRA, a negative
//! too old to stand for now) leaves it absent, so the rule that needs it
//! answers `unknown`; and where results disagree the stricter one wins (the
//! strictest TB status, the highest NYHA class, a positive over a negative of
//! the same day).

use std::collections::{BTreeMap, HashSet};

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

/// Kinds of resource the caller knows it did not get all of (a CDS prefetch
/// that failed or was paged): their lists stay unknown.
#[derive(Clone, Copy, Debug, Default)]
pub struct Gaps {
    pub conditions: bool,
    pub medications: bool,
    pub immunizations: bool,
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

/// A negative screening result older than this is not read as the patient's
/// status now (a positive one stands whatever its age). This project's own
/// conservative choice, not a guideline's figure.
const SCREEN_NEGATIVE_DAYS: i64 = 365;
/// A "not pregnant" result older than this (or undated) is not read as now.
const NOT_PREGNANT_DAYS: i64 = 30;

/// Reads `doc`: a Bundle holding one Patient and resources about them, or a
/// single resource. `today` dates the age and the age of results. `Err` when
/// `doc` is not a FHIR resource at all.
pub fn import(doc: &Value, today: Date) -> Result<Imported, String> {
    import_with(doc, today, Gaps::default())
}

/// [`import`], knowing which kinds of resource are incomplete.
pub fn import_with(doc: &Value, today: Date, gaps: Gaps) -> Result<Imported, String> {
    let kind = doc["resourceType"]
        .as_str()
        .ok_or("not a FHIR resource: no resourceType")?;
    let mut b = Builder::new(today, gaps);
    let mut resources: Vec<(&Value, String, Option<&str>)> = Vec::new();
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
            match &e["resource"] {
                Value::Object(_) => resources.push((
                    &e["resource"],
                    format!("entry[{i}].resource"),
                    e["fullUrl"].as_str(),
                )),
                _ => b.skip(
                    &format!("entry[{i}]"),
                    "Bundle",
                    "an entry without a resource",
                ),
            }
        }
    } else {
        resources.push((doc, String::new(), None));
    }
    // The patient first: the other resources must be about them.
    if let Some((p, _, full_url)) = resources
        .iter()
        .find(|(r, _, _)| r["resourceType"] == "Patient")
    {
        if let Some(id) = p["id"].as_str() {
            b.patient_refs.push(format!("Patient/{id}"));
        }
        if let Some(u) = full_url {
            b.patient_refs.push(u.to_string());
        }
    }
    for (r, path, _) in &resources {
        b.resource(r, path);
    }
    Ok(b.finish())
}

/// Results of one screening test: (positive, date, resource).
#[derive(Default)]
struct Screen(Vec<(Option<bool>, Option<Date>, String)>);

impl Screen {
    /// The result that stands now: the latest positive unless a later
    /// negative (recent enough) follows it; a positive wins a tie and an
    /// undated positive always counts.
    fn standing(&self, today: Date) -> Option<(bool, &str)> {
        let recent =
            |d: Option<Date>| d.is_some_and(|d| today.days() - d.days() <= SCREEN_NEGATIVE_DAYS);
        let negative = self
            .0
            .iter()
            .filter(|(r, d, _)| *r == Some(false) && recent(*d))
            .max_by_key(|(_, d, _)| *d);
        let positive = self
            .0
            .iter()
            .filter(|(r, _, _)| *r == Some(true))
            .max_by_key(|(_, d, _)| d.map_or(i64::MAX, |d| d.days()));
        match (positive, negative) {
            (Some((_, pd, s)), Some((_, nd, _))) if pd.is_none_or(|p| Some(p) >= *nd) => {
                Some((true, s))
            }
            (_, Some((_, _, s))) => Some((false, s)),
            (Some((_, _, s)), None) => Some((true, s)),
            (None, None) => None,
        }
    }
}

/// TB statuses from least to most restrictive.
const TB_ORDER: [&str; 3] = ["latent_treated", "latent_untreated", "active"];

struct Builder {
    today: Date,
    gaps: Gaps,
    /// References that name the patient (`Patient/id`, the entry's fullUrl).
    patient_refs: Vec<String>,
    patient: Map<String, Value>,
    unmapped: Vec<Unmapped>,
    /// Resources listed whole in `unmapped`.
    listed: HashSet<String>,
    sources: BTreeMap<String, Vec<String>>,
    patients: usize,
    labs: Vec<Value>,
    /// Latest weight/height: (date, value in kg/cm, source).
    weight: Option<(Option<Date>, f64, String)>,
    height: Option<(Option<Date>, f64, String)>,
    /// Latest CRP: (date, value, unit, source).
    crp: Option<(Option<Date>, f64, Option<String>, String)>,
    crohns: Option<(Option<&'static str>, String)>,
    comorbidities: Vec<String>,
    /// Conditions other than Crohn's read, and whether one could not be.
    other_conditions: usize,
    conditions_incomplete: bool,
    current: Vec<Value>,
    history: Vec<Value>,
    medication_resources: usize,
    medications_incomplete: bool,
    vaccines: Vec<Value>,
    recommendations: usize,
    vaccines_incomplete: bool,
    /// Vaccines given (Immunization), and whether one could not be read.
    given: Vec<Value>,
    immunizations: usize,
    given_incomplete: bool,
    /// Every AllergyIntolerance read (a "no known allergy" record leaves it empty).
    allergies: Vec<Value>,
    allergy_resources: usize,
    /// (date, breastfeeding, source) of every breastfeeding status.
    breastfeeding: Vec<(Option<Date>, bool, String)>,
    markers: Vec<Value>,
    igra: Screen,
    hbsag: Screen,
    anti_hbc: Screen,
    hcv: Screen,
    tb_condition: Option<(&'static str, String)>,
    hbv_condition: Option<(&'static str, String)>,
    hcv_condition: Option<(&'static str, String)>,
    /// (date, status, source) of every pregnancy result.
    pregnancy: Vec<(Option<Date>, &'static str, String)>,
    /// Highest NYHA class seen (None: heart failure, class not stated).
    heart_failure: Option<(Option<u8>, String)>,
    /// Where each resource is in the document, for listing it later.
    paths: std::collections::HashMap<String, String>,
}

impl Builder {
    fn new(today: Date, gaps: Gaps) -> Self {
        Self {
            today,
            gaps,
            patient_refs: Vec::new(),
            patient: Map::new(),
            unmapped: Vec::new(),
            listed: HashSet::new(),
            sources: BTreeMap::new(),
            patients: 0,
            labs: Vec::new(),
            weight: None,
            height: None,
            crp: None,
            crohns: None,
            comorbidities: Vec::new(),
            other_conditions: 0,
            conditions_incomplete: false,
            current: Vec::new(),
            history: Vec::new(),
            medication_resources: 0,
            medications_incomplete: false,
            vaccines: Vec::new(),
            recommendations: 0,
            vaccines_incomplete: false,
            given: Vec::new(),
            immunizations: 0,
            given_incomplete: false,
            allergies: Vec::new(),
            allergy_resources: 0,
            breastfeeding: Vec::new(),
            markers: Vec::new(),
            igra: Screen::default(),
            hbsag: Screen::default(),
            anti_hbc: Screen::default(),
            hcv: Screen::default(),
            tb_condition: None,
            hbv_condition: None,
            hcv_condition: None,
            pregnancy: Vec::new(),
            heart_failure: None,
            paths: Default::default(),
        }
    }

    fn skip(&mut self, path: &str, resource: &str, reason: impl Into<String>) {
        if path.ends_with("resource") || path.is_empty() {
            self.listed.insert(resource.to_string());
        }
        self.unmapped.push(Unmapped {
            path: path.to_string(),
            resource: resource.to_string(),
            reason: reason.into(),
        });
    }

    /// Lists a whole resource by its reference.
    fn skip_resource(&mut self, from: &str, reason: impl Into<String>) {
        let path = self.paths.get(from).cloned().unwrap_or_default();
        self.skip(&path, from, reason);
    }

    fn source(&mut self, field: impl Into<String>, from: &str) {
        let list = self.sources.entry(field.into()).or_default();
        if !list.iter().any(|s| s == from) {
            list.push(from.to_string());
        }
    }

    /// Lists the elements of `r` that `read` does not name.
    fn rest(&mut self, r: &Value, path: &str, read: &[&str]) {
        let from = read::reference(r);
        for key in r.as_object().into_iter().flatten().map(|(k, _)| k) {
            if !BOOKKEEPING.contains(&key.as_str()) && !read.contains(&key.as_str()) {
                self.skip(
                    &join(path, key),
                    &from,
                    "not read: the safety rules do not use it",
                );
            }
        }
    }

    /// Whether `r` is about this document's patient (true when it does not say).
    fn about_patient(&self, r: &Value) -> bool {
        let reference = ["subject", "patient"]
            .iter()
            .find_map(|k| r[*k]["reference"].as_str());
        match reference {
            None => true,
            Some(_) if self.patient_refs.is_empty() => true,
            Some(reference) => self.patient_refs.iter().any(|p| {
                reference == p
                    || (p.starts_with("Patient/") && reference.ends_with(&format!("/{p}")))
            }),
        }
    }

    fn resource(&mut self, r: &Value, path: &str) {
        let from = read::reference(r);
        self.paths.insert(from.clone(), path.to_string());
        let kind = r["resourceType"].as_str().unwrap_or("");
        if kind != "Patient" && !self.about_patient(r) {
            self.skip(path, &from, "about another patient than this document's");
            return;
        }
        match kind {
            "Patient" => self.patient_resource(r, path),
            "Condition" => self.condition(r, path),
            "Observation" => self.observation(r, path),
            "MedicationStatement" | "MedicationRequest" => self.medication(r, path),
            "Immunization" => self.immunization(r, path),
            "ImmunizationRecommendation" => self.recommendation(r, path),
            "AllergyIntolerance" => self.allergy(r, path),
            "" => self.skip(path, &from, "no resourceType"),
            other => self.skip(
                path,
                &from,
                format!("{other} resources are not read (the safety rules use none of them)"),
            ),
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
        match read::date(&r["birthDate"]) {
            Some(birth) if birth <= self.today => {
                let years = ((self.today.days() - birth.days()) as f64 / 365.2425).floor();
                demographics.insert("age".into(), json!(years));
                self.source("demographics.age", &from);
            }
            Some(_) => self.skip(&join(path, "birthDate"), &from, "a birth date after today"),
            None => {}
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
        );
    }

    fn condition(&mut self, r: &Value, path: &str) {
        let from = read::reference(r);
        self.rest(
            r,
            path,
            &[
                "code",
                "clinicalStatus",
                "verificationStatus",
                "onsetDateTime",
                "recordedDate",
                "subject",
                "stage",
            ],
        );
        // Unconfirmed, provisional and differential diagnoses are read as present (the stricter way).
        if matches!(
            read::status_code(r, "verificationStatus"),
            Some("refuted" | "entered-in-error")
        ) {
            self.skip(path, &from, "refuted or entered in error");
            return;
        }
        let clinical = read::status_code(r, "clinicalStatus");
        let active = !matches!(clinical, Some("inactive" | "resolved" | "remission"));
        let resolved = clinical == Some("resolved");
        let finding = codes::condition(&r["code"]);
        let Some(name) = read::text(&r["code"]).map(str::to_string) else {
            if finding.is_none() {
                self.conditions_incomplete = true;
                self.skip(&join(path, "code"), &from, "a Condition with no words and no code the record reads: comorbidities left unknown");
                return;
            }
            return self.finding(r, path, &from, finding, String::new(), active, resolved);
        };
        self.finding(r, path, &from, finding, name, active, resolved);
    }

    #[allow(clippy::too_many_arguments)]
    fn finding(
        &mut self,
        r: &Value,
        path: &str,
        from: &str,
        finding: Option<Finding>,
        name: String,
        active: bool,
        resolved: bool,
    ) {
        let from = from.to_string();
        let onset = read::date(&r["onsetDateTime"]).or_else(|| read::date(&r["recordedDate"]));
        if !matches!(finding, Some(Finding::Crohns(_))) {
            self.other_conditions += 1;
        }
        match finding {
            Some(Finding::Crohns(location)) => {
                match &self.crohns {
                    None => {
                        self.crohns = Some((location, from.clone()));
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
                    Some((first, by)) => {
                        let by = by.clone();
                        let why = if location.is_some() && *first != location {
                            format!(
                                "a second Crohn's Condition, with another location; {by} was read"
                            )
                        } else {
                            format!("a second Crohn's Condition; {by} was read")
                        };
                        self.skip(path, &from, why);
                    }
                }
                return;
            }
            Some(Finding::HeartFailure) if active => {
                let class = codes::nyha(&r["stage"]);
                let keep = match &self.heart_failure {
                    None => true,
                    Some((old, _)) => class.unwrap_or(0) > old.unwrap_or(0),
                };
                if keep {
                    self.heart_failure = Some((class, from.clone()));
                }
                self.source("heart_failure", &from);
            }
            Some(Finding::Tb(kind)) => {
                // Resolved TB was treated; TB inactive or in remission with no
                // treatment stated is read as latent and untreated.
                let status = match (kind, active, resolved) {
                    ("active", true, _) => "active",
                    (_, _, true) => "latent_treated",
                    _ => "latent_untreated",
                };
                let rank = |s: &str| TB_ORDER.iter().position(|x| *x == s);
                if self
                    .tb_condition
                    .as_ref()
                    .is_none_or(|(old, _)| rank(status) > rank(old))
                {
                    self.tb_condition = Some((status, from.clone()));
                }
                self.source("infections.tb", &from);
            }
            Some(Finding::HepatitisB) => {
                let status = if active { "active" } else { "resolved" };
                if self
                    .hbv_condition
                    .as_ref()
                    .is_none_or(|(old, _)| *old != "active")
                {
                    self.hbv_condition = Some((status, from.clone()));
                }
            }
            Some(Finding::HepatitisC) => {
                let status = if active { "active" } else { "resolved" };
                if self
                    .hcv_condition
                    .as_ref()
                    .is_none_or(|(old, _)| *old != "active")
                {
                    self.hcv_condition = Some((status, from.clone()));
                }
            }
            Some(Finding::Pregnancy) => {
                if active {
                    self.pregnancy.push((onset, "pregnant", from.clone()));
                } else {
                    self.skip(path, &from, "a pregnancy no longer active");
                }
                self.other_conditions -= 1;
                return;
            }
            _ => {}
        }
        // Past conditions count too (a history of DVT weighs on the JAK boxed warning).
        let words = if name.is_empty() {
            read::codings(&r["code"])
                .find_map(|(_, _, d)| d)
                .unwrap_or("")
                .to_string()
        } else {
            name
        };
        if !words.is_empty() {
            self.comorbidities.push(if active {
                words
            } else {
                format!("history of {words}")
            });
        }
    }

    fn observation(&mut self, r: &Value, path: &str) {
        let from = read::reference(r);
        match r["status"].as_str() {
            Some("final" | "amended" | "corrected") => {}
            other => {
                self.skip(
                    path,
                    &from,
                    format!("status {:?}: not a final result", other.unwrap_or("")),
                );
                return;
            }
        }
        let when = read::when(r);
        let measure =
            codes::observation(&r["code"]).or_else(|| codes::genetics_gene(r).map(Measure::Gene));
        let Some(measure) = measure else {
            let name = read::text(&r["code"]).unwrap_or("(uncoded)");
            self.skip(
                path,
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
                "component",
                "extension",
            ],
        );
        if r["valueQuantity"]["comparator"].is_string() {
            self.skip(
                &join(path, "valueQuantity.comparator"),
                &from,
                "a value beyond a limit (<, >): not read as the number",
            );
            return;
        }
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
                    if test == "CRP" && self.crp.as_ref().is_none_or(|(d, ..)| when >= *d) {
                        self.crp = Some((when, value, unit.map(str::to_string), from.clone()));
                    }
                    self.labs.push(lab);
                }
                None => self.skip(
                    &join(path, "value"),
                    &from,
                    format!("{test}: no valueQuantity with a number"),
                ),
            },
            Measure::Weight | Measure::Height => self.body_measure(r, path, measure, when),
            Measure::Calprotectin => match read::quantity(&r["valueQuantity"]) {
                Some((value, None | Some("ug/g" | "mg/kg"))) => {
                    let clinical_data = self
                        .patient
                        .entry("clinical_data")
                        .or_insert_with(|| json!({}));
                    clinical_data["disease_activity"]["fecal_calprotectin"] = json!(value);
                    self.source("clinical_data.disease_activity.fecal_calprotectin", &from);
                }
                Some((_, unit)) => self.skip(
                    &join(path, "valueQuantity"),
                    &from,
                    format!(
                        "calprotectin in {:?}: only ug/g (= mg/kg) is read",
                        unit.unwrap_or("")
                    ),
                ),
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
                        "the result is not plainly positive or negative (indeterminate, ambiguous or not coded): the status stays unknown",
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
                            self.pregnancy.push((when, status, from));
                        }
                        return;
                    }
                };
                screen.0.push((result, when, from));
            }
            Measure::Breastfeeding => match codes::breastfeeding(&r["valueCodeableConcept"]) {
                Some(b) => self.breastfeeding.push((when, b, from)),
                None => self.skip(
                    &join(path, "value"),
                    &from,
                    "breastfeeding status not coded as currently breastfeeding or not",
                ),
            },
            Measure::PregnancyStatus => match codes::pregnancy_status(&r["valueCodeableConcept"]) {
                Some(status) => self.pregnancy.push((when, status, from)),
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
                match codes::phenotype(value) {
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

    fn body_measure(&mut self, r: &Value, path: &str, measure: Measure, when: Option<Date>) {
        let from = read::reference(r);
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
        match slot {
            Some((d, _, by)) if when < *d => {
                let by = by.clone();
                self.skip_resource(&from, format!("an earlier measure, superseded by {by}"));
            }
            _ => {
                if let Some((_, _, old)) = slot.replace((when, v, from.clone())) {
                    self.skip_resource(&old, format!("an earlier measure, superseded by {from}"));
                }
            }
        }
    }

    fn medication(&mut self, r: &Value, path: &str) {
        let from = read::reference(r);
        let is_request = r["resourceType"] == "MedicationRequest";
        self.medication_resources += 1;
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
        );
        let status = r["status"].as_str().unwrap_or("");
        if status == "entered-in-error" || (is_request && status == "cancelled") {
            self.skip(path, &from, format!("status {status}: never taken"));
            return;
        }
        let Some(name) = medication_name(&r["medicationCodeableConcept"]) else {
            let why = if r["medicationReference"].is_object() {
                "medicationReference: only medicationCodeableConcept is read; current medications left unknown"
            } else {
                "no medication named (text, display or a known RxNorm code); current medications left unknown"
            };
            self.medications_incomplete = true;
            self.skip(&join(path, "medication[x]"), &from, why);
            return;
        };
        // A completed MedicationRequest is an order filled, not a drug
        // stopped: it is read as possibly current (the stricter way).
        let current = if is_request {
            matches!(status, "active" | "on-hold" | "draft" | "completed")
        } else {
            matches!(status, "active" | "intended" | "on-hold")
        };
        let past =
            matches!(status, "stopped" | "not-taken") || (!is_request && status == "completed");
        let dosages = if r["dosage"].is_array() {
            "dosage"
        } else {
            "dosageInstruction"
        };
        let dosage = r[dosages][0].clone();
        for (i, _) in r[dosages]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .skip(1)
        {
            self.skip(
                &join(path, &format!("{dosages}[{i}]")),
                &from,
                "only the first dosage is read",
            );
        }
        if current {
            let mut item = json!({"medication": name});
            match read::quantity(&dosage["doseAndRate"][0]["doseQuantity"]) {
                Some((dose, unit)) => {
                    item["dosage"] = json!(dose);
                    if let Some(u) = unit {
                        item["unit"] = json!(u);
                    }
                }
                None if !dosage.is_null() => self.skip(
                    &join(path, &format!("{dosages}[0]")),
                    &from,
                    "no doseQuantity (a range, a rate or text): the dose is not read",
                ),
                None => {}
            }
            match frequency(&dosage["timing"]) {
                Some(f) => item["frequency"] = json!(f),
                None if dosage["timing"].is_object() => self.skip(
                    &join(path, &format!("{dosages}[0].timing")),
                    &from,
                    "a timing that is not one of the plan's frequencies",
                ),
                None => {}
            }
            self.source(
                format!("concomitant_medications[{}]", self.current.len()),
                &from,
            );
            self.current.push(item);
        } else if past {
            let mut item = json!({"medication": name, "status": status});
            let start =
                read::date(&r["effectivePeriod"]["start"]).or_else(|| read::date(&r["authoredOn"]));
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
        } else {
            self.medications_incomplete = true;
            self.skip(
                &join(path, "status"),
                &from,
                format!("status {status:?}: not known whether it is taken; current medications left unknown"),
            );
        }
    }

    fn recommendation(&mut self, r: &Value, path: &str) {
        let from = read::reference(r);
        self.recommendations += 1;
        self.rest(r, path, &["recommendation", "patient", "date"]);
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
            let codes_given = rec["vaccineCode"].as_array().map_or(0, Vec::len);
            if codes_given == 0 {
                self.vaccines_incomplete = true;
                self.skip(
                    &format!("{}.recommendation[{i}]", path_or_root(path)),
                    &from,
                    "a recommendation naming no vaccine (a target disease only): planned vaccines left unknown",
                );
            }
            for (j, code) in rec["vaccineCode"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                let cvx = read::code_in(code, codes::CVX).and_then(codes::cvx);
                let name = read::text(code)
                    .map(str::to_string)
                    .or_else(|| cvx.map(|v| v.0.to_string()));
                let Some(name) = name else {
                    self.vaccines_incomplete = true;
                    self.skip(
                        &format!("{}.recommendation[{i}].vaccineCode[{j}]", path_or_root(path)),
                        &from,
                        "a vaccine without a name or a known CVX code: planned vaccines left unknown",
                    );
                    continue;
                };
                let mut v = json!({"name": name});
                let live = cvx
                    .and_then(|(_, live)| live)
                    .or_else(|| crate::clinical::vaccines::classify(&name).and_then(|t| t.live));
                if let Some(live) = live {
                    v["live"] = json!(live);
                }
                self.source(format!("planned_vaccines[{}]", self.vaccines.len()), &from);
                self.vaccines.push(v);
            }
        }
    }

    /// A vaccine given: its name (or CVX code), date and whether it is live.
    fn immunization(&mut self, r: &Value, path: &str) {
        let from = read::reference(r);
        self.immunizations += 1;
        match r["status"].as_str() {
            Some("completed") | None => {}
            Some(other) => {
                self.skip(
                    path,
                    &from,
                    format!("status {other:?}: not a vaccine given"),
                );
                return;
            }
        }
        self.rest(
            r,
            path,
            &["vaccineCode", "occurrenceDateTime", "status", "patient"],
        );
        let cvx = read::code_in(&r["vaccineCode"], codes::CVX).and_then(codes::cvx);
        let name = read::text(&r["vaccineCode"])
            .map(str::to_string)
            .or_else(|| cvx.map(|v| v.0.to_string()));
        let Some(name) = name else {
            self.given_incomplete = true;
            self.skip(
                path,
                &from,
                "a vaccine without a name or a known CVX code: vaccination_history left unknown",
            );
            return;
        };
        let mut v = json!({"name": name});
        let live = cvx
            .and_then(|(_, live)| live)
            .or_else(|| crate::clinical::vaccines::classify(&name).and_then(|t| t.live));
        if let Some(live) = live {
            v["live"] = json!(live);
        }
        match read::date(&r["occurrenceDateTime"]) {
            Some(d) => v["date"] = json!(d.to_string()),
            None => self.skip(
                &join(path, "occurrence"),
                &from,
                "no occurrenceDateTime: the vaccine is kept without a date",
            ),
        }
        self.source(format!("vaccination_history[{}]", self.given.len()), &from);
        self.given.push(v);
    }

    fn allergy(&mut self, r: &Value, path: &str) {
        let from = read::reference(r);
        self.allergy_resources += 1;
        let refuted = read::codings(&r["verificationStatus"])
            .any(|(_, c, _)| matches!(c, "refuted" | "entered-in-error"));
        let resolved = read::codings(&r["clinicalStatus"]).any(|(_, c, _)| c == "resolved");
        // SNOMED CT "no known allergy" (716186003) and "no known drug allergy" (409137002).
        let none_known =
            read::codings(&r["code"]).any(|(_, c, _)| matches!(c, "716186003" | "409137002"));
        if refuted || resolved || none_known {
            // Read: it makes the list stand (empty, when nothing else is in it).
            self.source("allergies", &from);
        } else {
            let substance = read::text(&r["code"]).unwrap_or("(unnamed)").to_string();
            let reaction = r["reaction"][0]["manifestation"]
                .as_array()
                .and_then(|m| m.first())
                .and_then(read::text)
                .map(str::to_string);
            let mut a = json!({"substance": substance});
            if let Some(x) = reaction {
                a["reaction"] = json!(x);
            }
            self.source(format!("allergies[{}]", self.allergies.len()), &from);
            self.allergies.push(a);
        }
        if none_known {
            return;
        }
        match medication_name(&r["code"]) {
            Some(drug) if !vocabulary::recognise(&drug).is_empty() => {
                let reactions: Vec<String> = r["reaction"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .flat_map(|x| x["manifestation"].as_array().into_iter().flatten())
                    .filter_map(|m| read::text(m).map(str::to_string))
                    .collect();
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
        if let Some((_, value, unit, from)) = self.crp.take() {
            let biomarkers = self
                .patient
                .entry("biomarkers")
                .or_insert_with(|| json!({}));
            biomarkers["serum_markers"]["CRP"] = json!(value);
            if let Some(u) = unit.filter(|u| u != "mg/L") {
                self.patient.entry("units").or_insert_with(|| json!({}))["CRP"] =
                    json!(codes::unit(&u));
            }
            self.source("biomarkers.serum_markers.CRP", &from);
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
        self.lists();
        if !self.history.is_empty() {
            self.patient
                .insert("treatment_history".into(), json!(self.history));
        }
        if !self.markers.is_empty() {
            let biomarkers = self
                .patient
                .entry("biomarkers")
                .or_insert_with(|| json!({}));
            biomarkers["genetic_markers"] = json!(self.markers);
        }
        self.infections();
        self.pregnancy_status();
        // Breastfeeding: the latest status, "breastfeeding" winning a tie.
        if let Some((_, b, from)) = std::mem::take(&mut self.breastfeeding)
            .into_iter()
            .max_by_key(|(d, b, _)| (*d, *b))
        {
            self.patient
                .insert("lactation".into(), json!({"breastfeeding": b}));
            self.source("lactation.breastfeeding", &from);
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

    /// Writes a list only when everything of its kind was read; says why not otherwise.
    fn lists(&mut self) {
        // The Conditions read stand for the problem list, when there are
        // some besides Crohn's and none could not be read.
        if self.other_conditions > 0 && !self.conditions_incomplete && !self.gaps.conditions {
            self.patient
                .insert("comorbidities".into(), json!(self.comorbidities));
        } else if self.other_conditions > 0 || self.crohns.is_some() {
            self.skip("", "", "comorbidities left unknown: the Conditions read are not a whole problem list (only Crohn's, one not readable, or the prefetch incomplete)");
        }
        let current_read = !self.current.is_empty();
        if current_read && !self.medications_incomplete && !self.gaps.medications {
            self.patient
                .insert("concomitant_medications".into(), json!(self.current));
        } else if self.medication_resources > 0 {
            self.skip("", "", "concomitant_medications left unknown: no current medication read, or one could not be (a document without current medications cannot say there are none)");
        }
        if self.immunizations > 0 && !self.given_incomplete && !self.gaps.immunizations {
            self.patient
                .insert("vaccination_history".into(), json!(self.given));
        } else if self.immunizations > 0 {
            self.skip("", "", "vaccination_history left unknown: an Immunization could not be read, or the prefetch was incomplete");
        }
        // The allergy list stands when the document has allergy records (a
        // "no known allergy" record makes it an empty one).
        if self.allergy_resources > 0 {
            self.patient
                .insert("allergies".into(), json!(self.allergies));
        }
        if self.recommendations > 0 && !self.vaccines_incomplete && !self.gaps.immunizations {
            self.patient
                .insert("planned_vaccines".into(), json!(self.vaccines));
        } else if self.recommendations > 0 {
            self.skip("", "", "planned_vaccines left unknown: a recommendation could not be read, or the prefetch was incomplete");
        }
    }

    /// TB, HBV and HCV from Conditions and screening results, the stricter
    /// reading where they leave room.
    fn infections(&mut self) {
        let today = self.today;
        let mut inf = Map::new();
        let mut sources: Vec<(&str, String)> = Vec::new();
        if let Some((status, from)) = self.tb_condition.take() {
            inf.insert("tb".into(), json!(status));
            sources.push(("infections.tb", from));
        } else if let Some((positive, from)) = self.igra.standing(today) {
            // A positive IGRA with no treatment recorded: latent, untreated.
            inf.insert(
                "tb".into(),
                json!(if positive {
                    "latent_untreated"
                } else {
                    "negative"
                }),
            );
            sources.push(("infections.tb", from.to_string()));
        }
        if let Some((status, from)) = self.hbv_condition.take() {
            inf.insert("hbv".into(), json!(status));
            sources.push(("infections.hbv", from));
        } else {
            match (self.hbsag.standing(today), self.anti_hbc.standing(today)) {
                (Some((true, s)), _) => {
                    inf.insert("hbv".into(), json!("active"));
                    sources.push(("infections.hbv", s.to_string()));
                }
                (Some((false, s)), Some((positive, c))) => {
                    inf.insert(
                        "hbv".into(),
                        json!(if positive { "resolved" } else { "negative" }),
                    );
                    sources.push(("infections.hbv", s.to_string()));
                    sources.push(("infections.hbv", c.to_string()));
                }
                (Some((false, s)), None) => {
                    let s = s.to_string();
                    self.skip_resource(&s, "HBsAg negative without a recent anti-HBc: HBV status left unknown (past infection not excluded)");
                }
                (None, Some((_, c))) => {
                    let c = c.to_string();
                    self.skip_resource(
                        &c,
                        "anti-HBc without a recent HBsAg: HBV status left unknown",
                    );
                }
                (None, None) => {}
            }
        }
        if let Some((status, from)) = self.hcv_condition.take() {
            inf.insert("hcv".into(), json!(status));
            sources.push(("infections.hcv", from));
        } else if let Some((positive, from)) = self.hcv.standing(today) {
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
        let used: HashSet<String> = sources.iter().map(|(_, s)| s.clone()).collect();
        for (field, from) in &sources {
            self.source(*field, from);
        }
        // Results not used: earlier ones, negatives too old, or a Condition decided.
        let unused: Vec<String> = [&self.igra, &self.hbsag, &self.anti_hbc, &self.hcv]
            .iter()
            .flat_map(|s| s.0.iter())
            .filter(|(r, _, s)| r.is_some() && !used.contains(s) && !self.listed.contains(s))
            .map(|(_, _, s)| s.clone())
            .collect();
        for from in unused {
            self.skip_resource(&from, format!("a screening result not used: a later one, one older than {SCREEN_NEGATIVE_DAYS} days, or a Condition states the status"));
        }
    }

    /// The pregnancy status that stands: the latest result, "pregnant" winning
    /// a tie; "not pregnant" only when dated within NOT_PREGNANT_DAYS.
    fn pregnancy_status(&mut self) {
        let today = self.today;
        let results = std::mem::take(&mut self.pregnancy);
        let rank = |(d, s, _): &(Option<Date>, &str, String)| {
            (
                d.map_or(i64::MAX, |d| d.days()),
                i32::from(*s == "pregnant"),
            )
        };
        let Some(latest) = results.iter().max_by_key(|r| rank(r)) else {
            return;
        };
        let (date, status, from) = latest.clone();
        let stands = status == "pregnant"
            || date.is_some_and(|d| today.days() - d.days() <= NOT_PREGNANT_DAYS);
        for (_, _, other) in results.iter().filter(|r| r.2 != from) {
            if !self.listed.contains(other) {
                self.skip_resource(
                    other,
                    format!("an earlier pregnancy result, superseded by {from}"),
                );
            }
        }
        if stands {
            self.patient
                .insert("pregnancy".into(), json!({"status": status}));
            self.source("pregnancy.status", &from);
        } else {
            self.skip_resource(&from, format!("not pregnant, but undated or older than {NOT_PREGNANT_DAYS} days: pregnancy status left unknown"));
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
    if period.fract() != 0.0 || period <= 0.0 {
        return None;
    }
    let days = match repeat["periodUnit"].as_str()? {
        "d" => period as u64,
        "wk" => period as u64 * 7,
        _ => return None,
    };
    match (n, days) {
        (1, 1) => Some("daily".into()),
        (1, 7) => Some("weekly".into()),
        (1, 14 | 28 | 56 | 84) => Some(format!("every {} weeks", days / 7)),
        _ => None,
    }
}
