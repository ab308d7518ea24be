//! `hms-wasm`: the prover for browsers and Node, from the same pure code the
//! actors run, so one answer comes out everywhere. JSON text in, JSON text
//! out; bad input gives `{"error": {"kind": "validation", "path": ..., "message": ...}}`
//! rather than a thrown exception, so callers handle one shape.

use hms_actors::clinical::{Date, Patient, TreatmentPlan};
use hms_actors::error::{decode_str, InputError};
use hms_actors::prover::{self, Settings, VerifyOptions};
use serde_json::json;
use wasm_bindgen::prelude::*;

fn error(e: InputError) -> String {
    json!({"error": {"kind": "validation", "path": e.path, "message": e.message}}).to_string()
}

fn inputs(plan_json: &str, patient_json: &str) -> Result<(TreatmentPlan, Patient), InputError> {
    let plan = decode_str(plan_json).map_err(|e| e.at("plan"))?;
    let patient = decode_str(patient_json).map_err(|e| e.at("patient"))?;
    Ok((plan, patient))
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn date_now() -> f64;
}

/// Today (UTC), from JavaScript's clock in the browser.
fn today() -> Date {
    #[cfg(target_arch = "wasm32")]
    {
        Date::from_days((date_now() / 86_400_000.0).floor() as i64)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        Date::today()
    }
}

/// `as_of`, `lab_max_age_days`, `jurisdiction`, as the daemon's request takes them.
fn settings(options_json: Option<String>) -> Result<Settings, InputError> {
    let options: VerifyOptions = match options_json.as_deref() {
        None | Some("") => VerifyOptions::default(),
        Some(text) => decode_str(text).map_err(|e| e.at("options"))?,
    };
    Ok(options.settle(today()))
}

/// The verification report of `plan` for `patient` (both JSON text), as JSON
/// text; `options_json` may give `as_of`, `lab_max_age_days` and `jurisdiction`.
#[wasm_bindgen]
pub fn verify_treatment_plan(
    plan_json: &str,
    patient_json: &str,
    options_json: Option<String>,
) -> String {
    match inputs(plan_json, patient_json).and_then(|io| Ok((io, settings(options_json)?))) {
        Ok(((plan, patient), s)) => {
            serde_json::to_string(&prover::verify(&plan, &patient, s)).unwrap_or_default()
        }
        Err(e) => error(e),
    }
}

/// The simulated outcome of `plan` for `patient` over `n` patients from `seed`, as JSON text.
#[wasm_bindgen]
pub fn simulate_treatment_outcome(
    patient_json: &str,
    plan_json: &str,
    n: u32,
    seed: u32,
    options_json: Option<String>,
) -> String {
    match inputs(plan_json, patient_json).and_then(|(plan, patient)| {
        prover::simulate_at(
            &patient,
            &plan,
            n as u64,
            seed as u64,
            settings(options_json)?,
        )
    }) {
        Ok(outcome) => serde_json::to_string(&outcome).unwrap_or_default(),
        Err(e) => error(e),
    }
}

/// A FHIR R4 Bundle (or one resource) as the patient record, JSON text:
/// `{"patient", "unmapped", "sources"}` (see `hms_actors::fhir::import`);
/// `today` (YYYY-MM-DD) dates the age, else the browser's clock.
#[wasm_bindgen]
pub fn fhir_import(bundle_json: &str, today_iso: Option<String>) -> String {
    let run = || -> Result<String, InputError> {
        let doc: serde_json::Value = decode_str(bundle_json).map_err(|e| e.at("bundle"))?;
        let day = match today_iso.as_deref() {
            Some(t) => Date::parse(t).map_err(|m| InputError::new("today", m))?,
            None => today(),
        };
        let imported =
            hms_actors::fhir::import(&doc, day).map_err(|m| InputError::new("bundle", m))?;
        Ok(serde_json::to_string(&imported).unwrap_or_default())
    };
    run().unwrap_or_else(error)
}

/// A plan and (optionally) its report, the import's sources and the healer's
/// provenance as a FHIR R4 collection Bundle, JSON text.
#[wasm_bindgen]
pub fn fhir_export(
    plan_json: &str,
    timestamp: &str,
    report_json: Option<String>,
    patient_id: Option<String>,
    sources_json: Option<String>,
    provenance_json: Option<String>,
) -> String {
    let run = || -> Result<String, InputError> {
        let plan: TreatmentPlan = decode_str(plan_json).map_err(|e| e.at("plan"))?;
        let report: Option<serde_json::Value> = report_json
            .as_deref()
            .map(|r| decode_str(r).map_err(|e| e.at("report")))
            .transpose()?;
        let sources = match sources_json.as_deref() {
            Some(s) => decode_str(s).map_err(|e| e.at("sources"))?,
            None => Default::default(),
        };
        let provenance: Vec<serde_json::Value> = match provenance_json.as_deref() {
            Some(p) => decode_str(p).map_err(|e| e.at("provenance"))?,
            None => Vec::new(),
        };
        let bundle = hms_actors::fhir::export(&hms_actors::fhir::Export {
            plan: &plan,
            report: report.as_ref(),
            patient_id: patient_id.as_deref(),
            provenance: &provenance,
            sources: &sources,
            timestamp,
        });
        Ok(bundle.to_string())
    };
    run().unwrap_or_else(error)
}

/// The version of the prover build.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_json_and_names_bad_input() {
        let report: serde_json::Value = serde_json::from_str(&verify_treatment_plan(
            r#"{"treatment_plan": []}"#,
            "{}",
            Some(r#"{"as_of": "2026-11-26"}"#.into()),
        ))
        .unwrap();
        assert_eq!(
            (&report["status"], &report["as_of"]),
            (&json!("unknown"), &json!("2026-11-26"))
        );
        let bad: serde_json::Value = serde_json::from_str(&verify_treatment_plan(r#"{"treatment_plan": [{"medication": "ADA", "dosage": "x", "unit": "mg", "frequency": "q2w"}]}"#, "{}", None)).unwrap();
        assert_eq!(bad["error"]["path"], "plan.treatment_plan[0].dosage");
        let bad: serde_json::Value = serde_json::from_str(&verify_treatment_plan(
            r#"{"treatment_plan": []}"#,
            "{}",
            Some(r#"{"as_of": "yesterday"}"#.into()),
        ))
        .unwrap();
        assert_eq!(bad["error"]["path"], "options.as_of");
        let broken: serde_json::Value =
            serde_json::from_str(&simulate_treatment_outcome("{", "{}", 10, 1, None)).unwrap();
        assert_eq!(broken["error"]["kind"], "validation");
    }
}
