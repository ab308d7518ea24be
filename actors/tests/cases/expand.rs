//! Reads the case corpus (`prover.json` beside this file) and expands each case
//! into the request a client sends: the plan is the named `regimens` followed
//! by `items`; the patient is `base_patient` with each top-level key of
//! `patient` replaced (null removes it); `options` and `as_of` go beside them.
//! Shared by the native runner and the daemon's HTTP runner (`#[path]`); the
//! wasm and Python runners do the same in their languages.

#![allow(dead_code)]

use serde_json::{json, Map, Value};

pub const CORPUS: &str = include_str!("prover.json");

pub struct Case {
    pub id: String,
    pub drug: String,
    pub family: String,
    pub source: String,
    pub safe: bool,
    /// `{"plan", "patient", "as_of", ...options}`: the body of `verify_treatment_plan` without its `type`.
    pub request: Value,
    pub status: String,
    pub verdicts: Map<String, Value>,
}

pub fn corpus() -> Value {
    serde_json::from_str(CORPUS).expect("prover.json is JSON")
}

pub fn cases() -> Vec<Case> {
    let corpus = corpus();
    let regimens = corpus["regimens"].as_object().expect("regimens");
    let base = corpus["base_patient"].as_object().expect("base_patient");
    corpus["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| {
            let mut items: Vec<Value> = Vec::new();
            for name in c["plan"]["regimens"].as_array().into_iter().flatten() {
                let name = name.as_str().expect("a regimen name");
                let regimen = regimens.get(name).unwrap_or_else(|| panic!("{}: no regimen {name}", c["id"]));
                items.extend(regimen.as_array().expect("a regimen is a list").iter().cloned());
            }
            items.extend(c["plan"]["items"].as_array().into_iter().flatten().cloned());
            let mut patient = base.clone();
            for (k, v) in c["patient"].as_object().into_iter().flatten() {
                if v.is_null() {
                    patient.remove(k);
                } else {
                    patient.insert(k.clone(), v.clone());
                }
            }
            let mut request = json!({"plan": {"treatment_plan": items}, "patient": patient, "as_of": corpus["as_of"]});
            for (k, v) in c["options"].as_object().into_iter().flatten() {
                request[k] = v.clone();
            }
            let text = |k: &str| c[k].as_str().unwrap_or_else(|| panic!("{}: no {k}", c["id"])).to_string();
            Case {
                id: text("id"),
                drug: text("drug"),
                family: text("family"),
                source: text("source"),
                safe: c["safe"].as_bool().expect("safe"),
                request,
                status: c["expect"]["status"].as_str().expect("expect.status").to_string(),
                verdicts: c["expect"]["verdicts"].as_object().cloned().unwrap_or_default(),
            }
        })
        .collect()
}

fn rank(status: &str) -> u8 {
    match status {
        "violated" => 5,
        "unknown" => 4,
        "timeout" => 3,
        "error" => 2,
        "proved" => 1,
        _ => 0,
    }
}

/// What a report got wrong against the case, if anything.
pub fn mismatches(case: &Case, report: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if report["status"] != case.status.as_str() {
        out.push(format!(
            "status {} (expected {})",
            report["status"], case.status
        ));
    }
    for (property, want) in &case.verdicts {
        let worst = report["verdicts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|v| v["property"] == property.as_str())
            .filter_map(|v| v["status"].as_str())
            .max_by_key(|s| rank(s));
        if worst != want.as_str() {
            out.push(format!("{property}: {worst:?} (expected {want})"));
        }
    }
    out
}
