//! `hms.fhir`'s native half: the FHIR mapping of `hms_actors::fhir`, JSON
//! text in and out (the Python side parses). Pure functions: no runtime.

use std::collections::BTreeMap;

use hms_actors::clinical::date::Date;
use hms_actors::clinical::plan::TreatmentPlan;
use hms_actors::fhir;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use serde_json::Value;

fn parse(what: &str, text: &str) -> PyResult<Value> {
    serde_json::from_str(text).map_err(|e| PyValueError::new_err(format!("{what}: not JSON: {e}")))
}

/// A FHIR R4 Bundle (or one resource) → `{"patient", "unmapped", "sources"}`.
/// `today` (YYYY-MM-DD) dates the age; the system's date when `None`.
#[pyfunction]
#[pyo3(signature = (bundle, today=None))]
pub fn fhir_import(bundle: &str, today: Option<&str>) -> PyResult<String> {
    let doc = parse("bundle", bundle)?;
    let today = match today {
        Some(t) => Date::parse(t).map_err(|e| PyValueError::new_err(format!("today: {e}")))?,
        None => Date::today(),
    };
    let imported = fhir::import(&doc, today).map_err(PyValueError::new_err)?;
    serde_json::to_string(&imported).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// A plan (and its report, healing provenance and the import's sources) →
/// a FHIR R4 collection Bundle.
#[pyfunction]
#[pyo3(signature = (plan, timestamp, report=None, patient_id=None, provenance=None, sources=None))]
pub fn fhir_export(
    plan: &str,
    timestamp: &str,
    report: Option<&str>,
    patient_id: Option<&str>,
    provenance: Option<&str>,
    sources: Option<&str>,
) -> PyResult<String> {
    let plan: TreatmentPlan = hms_actors::error::decode(parse("plan", plan)?)
        .map_err(|e| PyValueError::new_err(format!("plan: {e}")))?;
    let report = report.map(|r| parse("report", r)).transpose()?;
    let provenance: Vec<Value> = match provenance {
        Some(p) => serde_json::from_str(p)
            .map_err(|e| PyValueError::new_err(format!("provenance: a JSON list expected: {e}")))?,
        None => Vec::new(),
    };
    let sources: BTreeMap<String, Vec<String>> = match sources {
        Some(s) => serde_json::from_str(s).map_err(|e| {
            PyValueError::new_err(format!("sources: an object of lists expected: {e}"))
        })?,
        None => BTreeMap::new(),
    };
    let bundle = fhir::export(&fhir::Export {
        plan: &plan,
        report: report.as_ref(),
        patient_id,
        provenance: &provenance,
        sources: &sources,
        timestamp,
    });
    serde_json::to_string(&bundle).map_err(|e| PyValueError::new_err(e.to_string()))
}
