//! Properties of the prover over the case corpus and over random records:
//! - removing a field a rule needs never turns `violated` or `unknown` into `proved`;
//! - adding an unrelated concomitant medication never changes a verdict;
//! - renaming a drug to one of its brands (or any name the vocabulary has for
//!   it) never changes a verdict.
//!
//! Removal covers every key of the patient record at any depth and each plan
//! item's `duration` and `start_week`. Three keys are left out, by the rules'
//! definition rather than by accident: a lab's `date` (an undated lab is used
//! and flagged as of unknown age, so removing the date of a stale lab brings
//! it back), and a plan item's `phase` and `route` (an item without them takes
//! the phase and route its dose fits, so removing one that contradicts the
//! label removes the contradiction; a dose that fits only some of the label's
//! routes is `unknown` without a route).

#[path = "cases/expand.rs"]
mod expand;

use hms_actors::clinical::vocabulary::CONCEPTS;
use hms_actors::clinical::{synthetic, Date, Patient, TreatmentPlan};
use hms_actors::error::decode;
use hms_actors::prover::{verify, Report, Status, VerifyOptions};
use proptest::prelude::*;
use serde_json::{json, Value};

fn settle(request: &Value) -> hms_actors::prover::Settings {
    VerifyOptions {
        as_of: None,
        lab_max_age_days: None,
        jurisdiction: request
            .get("jurisdiction")
            .map(|j| serde_json::from_value(j.clone()).unwrap()),
    }
    .settle(Date::parse(request["as_of"].as_str().unwrap_or("2026-11-26")).unwrap())
}

/// The report, or `None` when the request no longer decodes (a required field removed).
fn report(request: &Value) -> Option<Report> {
    let plan: TreatmentPlan = decode(request["plan"].clone()).ok()?;
    let patient: Patient = decode(request["patient"].clone()).ok()?;
    Some(verify(&plan, &patient, settle(request)))
}

fn rank(s: Status) -> u8 {
    match s {
        Status::Violated => 5,
        Status::Unknown => 4,
        Status::Timeout => 3,
        Status::Error => 2,
        Status::Proved => 1,
        Status::NotApplicable => 0,
    }
}

/// The worst status of each property.
fn worst(r: &Report) -> std::collections::BTreeMap<String, Status> {
    let mut out = std::collections::BTreeMap::new();
    for v in &r.verdicts {
        let e = out.entry(v.property.to_string()).or_insert(v.status);
        if rank(v.status) > rank(*e) {
            *e = v.status;
        }
    }
    out
}

/// Every verdict as (property, status), in order, for exact comparisons (a
/// subject may quote the medication as written).
fn verdicts(r: &Report) -> Vec<(String, Status)> {
    r.verdicts
        .iter()
        .map(|v| (v.property.to_string(), v.status))
        .collect()
}

/// JSON pointers of every removable key of a request.
fn removable(request: &Value) -> Vec<String> {
    fn walk(v: &Value, at: String, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    let p = format!("{at}/{k}");
                    if !(at.contains("/labs/") && k == "date") {
                        out.push(p.clone());
                    }
                    walk(x, p, out);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    walk(x, format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&request["patient"], "/patient".into(), &mut out);
    for (i, item) in request["plan"]["treatment_plan"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        for k in ["duration", "start_week"] {
            if item.get(k).is_some() {
                out.push(format!("/plan/treatment_plan/{i}/{k}"));
            }
        }
    }
    out
}

fn remove(request: &Value, pointer: &str) -> Value {
    let mut v = request.clone();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    if let Some(Value::Object(m)) = v.pointer_mut(parent) {
        m.remove(key);
    }
    v
}

/// Checks removal monotonicity for one request; returns what broke it.
fn removal_breaks(request: &Value) -> Vec<String> {
    let Some(before) = report(request) else {
        return Vec::new();
    };
    let was = worst(&before);
    let mut broken = Vec::new();
    for pointer in removable(request) {
        let Some(after) = report(&remove(request, &pointer)) else {
            continue;
        };
        let now = worst(&after);
        for (property, b) in &was {
            let a = now.get(property).copied().unwrap_or(Status::NotApplicable);
            if matches!(b, Status::Violated | Status::Unknown)
                && matches!(a, Status::Proved | Status::NotApplicable)
            {
                broken.push(format!("removing {pointer}: {property} {b:?} -> {a:?}"));
            }
        }
        if before.status != hms_actors::prover::Overall::Proved
            && after.status == hms_actors::prover::Overall::Proved
        {
            broken.push(format!(
                "removing {pointer}: overall {:?} -> proved",
                before.status
            ));
        }
    }
    broken
}

#[test]
fn removing_a_field_never_proves_more_on_the_corpus() {
    let mut failures = Vec::new();
    for case in expand::cases() {
        for b in removal_breaks(&case.request) {
            failures.push(format!("{}: {b}", case.id));
        }
    }
    assert!(
        failures.is_empty(),
        "{} break(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Medications no rule reads: vocabulary concepts without roles, and a name no one knows.
fn unrelated() -> Vec<String> {
    let mut out: Vec<String> = CONCEPTS
        .iter()
        .filter(|c| c.roles.is_empty() && c.drug.is_none() && c.not_formulary.is_none())
        .map(|c| c.generic.to_string())
        .collect();
    out.push("Zyxwell 10 mg".into());
    out
}

fn with_med(request: &Value, name: &str) -> Option<Value> {
    let mut v = request.clone();
    let meds = v["patient"]["concomitant_medications"].as_array_mut()?;
    meds.push(json!({"medication": name}));
    Some(v)
}

#[test]
fn an_unrelated_medication_changes_no_verdict_on_the_corpus() {
    let mut failures = Vec::new();
    for case in expand::cases() {
        let Some(before) = report(&case.request) else {
            continue;
        };
        for name in unrelated() {
            let Some(request) = with_med(&case.request, &name) else {
                continue;
            };
            let after = report(&request).expect("decodes");
            if verdicts(&after) != verdicts(&before) {
                failures.push(format!("{}: adding {name}", case.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every other name of the concept a medication text names, the text replaced by it.
fn renamings(text: &str) -> Vec<String> {
    let found = hms_actors::clinical::vocabulary::recognise(text);
    let [concept] = found.as_slice() else {
        return Vec::new();
    };
    // A formulation that is not the formulary product (budesonide tablets) is another product.
    if concept.drug.is_some() && hms_actors::clinical::vocabulary::formulary_drug(text).is_err() {
        return Vec::new();
    }
    concept
        .names
        .iter()
        .map(|n| n.to_string())
        .chain([concept.generic.to_uppercase()])
        .collect()
}

/// The request with one medication name (at `pointer`) replaced.
fn renamed(request: &Value, pointer: &str, name: &str) -> Value {
    let mut v = request.clone();
    *v.pointer_mut(pointer).unwrap() = json!(name);
    v
}

fn medication_pointers(request: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (list, base) in [
        (&request["plan"]["treatment_plan"], "/plan/treatment_plan"),
        (
            &request["patient"]["concomitant_medications"],
            "/patient/concomitant_medications",
        ),
        (
            &request["patient"]["treatment_history"],
            "/patient/treatment_history",
        ),
    ] {
        for i in 0..list.as_array().map_or(0, Vec::len) {
            out.push(format!("{base}/{i}/medication"));
        }
    }
    out
}

#[test]
fn renaming_a_drug_to_a_brand_changes_no_verdict_on_the_corpus() {
    let mut failures = Vec::new();
    let mut renamed_count = 0;
    for case in expand::cases() {
        let Some(before) = report(&case.request) else {
            continue;
        };
        for pointer in medication_pointers(&case.request) {
            let text = case
                .request
                .pointer(&pointer)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            for name in renamings(&text) {
                renamed_count += 1;
                let after = report(&renamed(&case.request, &pointer, &name)).expect("decodes");
                if verdicts(&after) != verdicts(&before) {
                    failures.push(format!("{}: {pointer} {text:?} -> {name:?}", case.id));
                }
            }
        }
    }
    assert!(renamed_count > 1000, "{renamed_count} renamings");
    assert!(
        failures.is_empty(),
        "{} change(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A random record and plan: a synthetic patient (every context field present,
/// absent or at each of its values) with a corpus regimen or a synthetic plan.
fn random_request() -> impl Strategy<Value = Value> {
    let corpus = expand::corpus();
    let names: Vec<String> = corpus["regimens"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    (any::<u64>(), 0..names.len(), any::<bool>()).prop_map(move |(seed, pick, regimen)| {
        let plan = if regimen {
            json!({"treatment_plan": corpus["regimens"][&names[pick]]})
        } else {
            synthetic::plan_json(seed, 0)
        };
        json!({"plan": plan, "patient": synthetic::patient_json(seed, 1), "as_of": "2026-11-26"})
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(200),
        ..ProptestConfig::default()
    })]

    #[test]
    fn removing_a_field_never_proves_more(request in random_request()) {
        let broken = removal_breaks(&request);
        prop_assert!(broken.is_empty(), "{}", broken.join("\n"));
    }

    #[test]
    fn an_unrelated_medication_changes_no_verdict(request in random_request(), pick in 0usize..12) {
        let names = unrelated();
        let name = &names[pick % names.len()];
        if let (Some(before), Some(request)) = (report(&request), with_med(&request, name)) {
            prop_assert_eq!(verdicts(&report(&request).unwrap()), verdicts(&before));
        }
    }
}
