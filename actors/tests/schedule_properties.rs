//! Schedules both ways, generated from the formulary for every drug, course
//! (each induction schedule with the maintenance that follows it), weight
//! band, age band and jurisdiction:
//! - the label's own course on a clean record for its population is never
//!   `violated`;
//! - one dose beyond it (another induction dose, another week of a daily
//!   induction, another maintenance dose between two), a dose moved a week
//!   earlier, or a maintenance interval shortened is never `proved`.

use hms_actors::clinical::formulary::course::{all_courses, Course};
use hms_actors::clinical::formulary::{Band, Condition};
use hms_actors::clinical::jurisdiction::{Jurisdiction, Label};
use hms_actors::clinical::{Date, Frequency, Patient, Phase, PlanItem, TreatmentPlan};
use hms_actors::error::decode;
use hms_actors::prover::{verify, Overall, Report, VerifyOptions};
use serde_json::{json, Value};

/// A value inside a band (its middle, or just inside an open end).
fn inside(band: &Band, default: f64) -> f64 {
    let lo = band
        .low
        .map(|l| if l.inclusive { l.value } else { l.value + 1.0 });
    let hi = band
        .high
        .map(|h| if h.inclusive { h.value } else { h.value - 1.0 });
    match (lo, hi) {
        (Some(l), Some(h)) => ((l + h) / 2.0).floor().max(l),
        (Some(l), None) => l.max(default),
        (None, Some(h)) => h.min(default),
        (None, None) => default,
    }
}

/// The weights to try: the course's weight band, and each of its dose bands.
fn weights(course: &Course, age: f64) -> Vec<f64> {
    let default = if age < 18.0 { 30.0 } else { 70.0 };
    let w = inside(&course.population().weight_kg, default);
    let bands: Vec<f64> = course
        .entry
        .regimens
        .iter()
        .filter(|g| g.phase == Phase::Induction && !g.weight_bands.is_empty())
        .flat_map(|g| g.weight_bands.iter().map(|b| b.0))
        .collect();
    if bands.is_empty() {
        return vec![w];
    }
    // One weight in each dose band that the population allows.
    let mut out = Vec::new();
    let mut lower = 0.0;
    for upto in bands {
        let candidate = if upto.is_finite() {
            upto - 2.0
        } else {
            lower + 15.0
        };
        if course.population().weight_kg.contains(candidate) {
            out.push(candidate);
        }
        lower = upto;
    }
    out
}

/// A record that no rule objects to, for a patient of this age and weight,
/// with what the course's condition needs.
fn clean(course: &Course, age: f64, weight: f64) -> Value {
    let mut p = json!({
        "patient_id": "PROP",
        "demographics": {"age": age, "sex": "male", "weight": weight, "height": 170},
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
        "treatment_history": [{"medication": "Certolizumab pegol", "response": "loss of response", "status": "stopped", "end_date": "2025-06-01"}],
        "comorbidities": [],
        "concomitant_medications": [],
        "planned_vaccines": [],
        "vaccination_history": [],
        "allergies": [],
        "lactation": {"breastfeeding": false}
    });
    let condition = course
        .maintenance
        .condition
        .or(course.daily_induction.and_then(|i| i.condition));
    match condition {
        Some(Condition::LossOfResponse) => {
            p["treatment_history"] = json!([{"medication": course.entry.name, "response": "loss of response", "status": "stopped", "end_date": "2026-01-01"}]);
        }
        Some(Condition::RefractorySevereOrExtensive) => {
            p["clinical_data"]["disease_activity"]["CDAI"] = json!(460);
        }
        Some(Condition::Cyp3a4InhibitorOrSevereRenal) => {
            p["labs"][3]["value"] = json!(22);
        }
        None => {}
    }
    p
}

fn verify_under(items: &[PlanItem], patient: &Value, label: Label) -> Report {
    let jurisdiction = match label {
        Label::Us => Jurisdiction::Us,
        Label::Eu => Jurisdiction::Eu,
    };
    let patient: Patient = decode(patient.clone()).expect("the record decodes");
    let plan = TreatmentPlan {
        treatment_plan: items.to_vec(),
        fitness: None,
        confidence: None,
    };
    let settings = VerifyOptions {
        jurisdiction: Some(jurisdiction),
        ..VerifyOptions::default()
    }
    .settle(Date::parse("2026-11-26").unwrap());
    verify(&plan, &patient, settings)
}

fn failing(r: &Report) -> String {
    r.verdicts
        .iter()
        .filter(|v| {
            matches!(
                v.status,
                hms_actors::prover::Status::Violated | hms_actors::prover::Status::Unknown
            )
        })
        .map(|v| {
            format!(
                "{} {:?}: {}",
                v.property,
                v.status,
                v.evidence
                    .counterexample
                    .as_ref()
                    .map(|c| c.bound.clone())
                    .or(v.evidence.note.clone())
                    .unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("\n    ")
}

/// The shorter frequency a plan might write by mistake.
fn shorter(f: Frequency) -> Option<Frequency> {
    Some(match f {
        Frequency::Every12Weeks => Frequency::Every8Weeks,
        Frequency::Every8Weeks => Frequency::Every4Weeks,
        Frequency::Every4Weeks => Frequency::Every2Weeks,
        Frequency::Every2Weeks => Frequency::Weekly,
        Frequency::Weekly => Frequency::Daily,
        Frequency::Daily | Frequency::Once => return None,
    })
}

/// The changes of a course that leave the label: (what, items).
fn mutations(items: &[PlanItem]) -> Vec<(String, Vec<PlanItem>)> {
    let mut out = Vec::new();
    let induction: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].phase == Some(Phase::Induction))
        .collect();
    let maintenance = items.len() - 1;
    let m = &items[maintenance];
    let m_start = m.start_week.unwrap_or(0.0);
    // One dose beyond.
    if let Some(&last) = induction.last() {
        let mut more = items.to_vec();
        let l = items[last].clone();
        if l.frequency == Frequency::Once {
            let week = l.start_week.unwrap_or(0.0) + 1.0;
            more.insert(
                last + 1,
                PlanItem {
                    start_week: Some(week),
                    ..l
                },
            );
            out.push((format!("an extra induction dose at week {week}"), more));
        } else if let Some(days) = l.duration {
            more[last].duration = Some(days + 7.0);
            out.push(("a week more of the daily induction".into(), more));
        }
    } else if let Some(every) = m.frequency.interval_days() {
        let mut more = items.to_vec();
        let week = m_start + (every / 2.0) / 7.0;
        more.push(PlanItem {
            frequency: Frequency::Once,
            start_week: Some(week),
            duration: None,
            ..m.clone()
        });
        out.push((format!("an extra maintenance dose at week {week}"), more));
    }
    // A dose a week earlier: the second induction dose, else the maintenance start.
    if induction.len() >= 2 && items[induction[1]].frequency == Frequency::Once {
        let mut early = items.to_vec();
        let w = early[induction[1]].start_week.unwrap_or(0.0);
        early[induction[1]].start_week = Some(w - 1.0);
        out.push((
            format!("induction dose 2 a week earlier (week {})", w - 1.0),
            early,
        ));
    } else if !induction.is_empty() && m_start >= 1.0 {
        let mut early = items.to_vec();
        early[maintenance].start_week = Some(m_start - 1.0);
        out.push((
            format!("maintenance a week earlier (week {})", m_start - 1.0),
            early,
        ));
    }
    // A shorter maintenance interval.
    if let Some(f) = shorter(m.frequency) {
        let mut often = items.to_vec();
        often[maintenance].frequency = f;
        out.push((
            format!(
                "maintenance {} instead of {}",
                f.as_str(),
                m.frequency.as_str()
            ),
            often,
        ));
    }
    out
}

/// Ages to try in a course's population: each of its age band's ends (inside).
fn ages(course: &Course) -> Vec<f64> {
    let band = course.population().age_years;
    let mut out = vec![inside(&band, 40.0)];
    if let Some(l) = band.low {
        out.push(if l.inclusive { l.value } else { l.value + 1.0 });
    }
    out.sort_by(f64::total_cmp);
    out.dedup();
    out
}

#[test]
fn label_courses_are_never_violated_and_departures_never_proved() {
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut departures = 0;
    for course in all_courses() {
        for label in course.labels() {
            for age in ages(&course) {
                for weight in weights(&course, age) {
                    let patient = clean(&course, age, weight);
                    let items = course.items(Some(weight));
                    let what = format!(
                        "{} {:?} ({}; {} years, {} kg): {}",
                        course.entry.name,
                        label,
                        course.maintenance.text,
                        age,
                        weight,
                        items
                            .iter()
                            .map(|i| format!("{} {:?} wk{:?}", i.dosage, i.frequency, i.start_week))
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                    let report = verify_under(&items, &patient, label);
                    checked += 1;
                    if report.status == Overall::Violated {
                        failures.push(format!(
                            "the label's course is violated: {what}\n    {}",
                            failing(&report)
                        ));
                    }
                    for (change, changed) in mutations(&items) {
                        departures += 1;
                        let r = verify_under(&changed, &patient, label);
                        if r.status == Overall::Proved {
                            failures.push(format!("{change} is proved: {what}"));
                        }
                    }
                }
            }
        }
    }
    println!("{checked} label courses, {departures} departures");
    assert!(checked >= 60, "only {checked} courses checked");
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
