//! FHIR R4 in and out, for C callers (an EMR sends FHIR): the same mapping
//! as every bridge (`hms_actors::fhir`). Pure functions: no runtime needed.

use std::collections::BTreeMap;

use ::hms_runtime::Error;
use hms_actors::clinical::date::Date;
use hms_actors::clinical::plan::TreatmentPlan;
use safer_ffi::prelude::*;
use serde_json::Value;

use crate::args::{json, owned, required, text};
use crate::status::{guard, hms_status, ErrOut};

/// An optional JSON argument: NULL is absent.
fn optional(p: Option<char_p::Ref<'_>>, param: &str) -> Result<Option<Value>, Error> {
    p.map(|_| json(p, param)).transpose()
}

/// Reads a FHIR R4 Bundle (or one resource) into the patient record the
/// actors take, as JSON `{"patient", "unmapped", "sources"}`: `unmapped`
/// lists every element not read, with its path and why. `today`
/// (YYYY-MM-DD) dates the age; NULL takes the system's date.
#[ffi_export]
pub fn hms_fhir_import(
    bundle_json: Option<char_p::Ref<'_>>,
    today: Option<char_p::Ref<'_>>,
    record_out: Option<Out<'_, Option<char_p::Box>>>,
    err_out: ErrOut<'_>,
) -> hms_status {
    guard("hms_fhir_import", err_out, || {
        let doc = json(bundle_json, "bundle_json")?;
        let day = match today {
            Some(_) => {
                Date::parse(text(today, "today")?).map_err(|m| Error::validation("today", m))?
            }
            None => Date::today(),
        };
        let out = required(record_out, "record_out")?;
        let imported =
            hms_actors::fhir::import(&doc, day).map_err(|m| Error::validation("bundle_json", m))?;
        let text = serde_json::to_string(&imported).map_err(|e| Error::internal(e.to_string()))?;
        out.write(Some(owned(text)?));
        Ok(())
    })
}

/// Writes a plan (`{"treatment_plan": [...]}`) as a FHIR R4 collection
/// Bundle: RequestGroup, MedicationRequests, and with `report_json` (NULL:
/// none) a DetectedIssue per violated or unknown property; `sources_json`
/// (the import's `sources`, NULL: none) and `patient_id` (NULL: none) tie it
/// to the FHIR the record came from.
#[ffi_export]
pub fn hms_fhir_export(
    plan_json: Option<char_p::Ref<'_>>,
    report_json: Option<char_p::Ref<'_>>,
    patient_id: Option<char_p::Ref<'_>>,
    sources_json: Option<char_p::Ref<'_>>,
    bundle_out: Option<Out<'_, Option<char_p::Box>>>,
    err_out: ErrOut<'_>,
) -> hms_status {
    guard("hms_fhir_export", err_out, || {
        let plan: TreatmentPlan = hms_actors::error::decode(json(plan_json, "plan_json")?)
            .map_err(|e| {
                let e = e.at("plan_json");
                Error::validation(e.path, e.message)
            })?;
        let report = optional(report_json, "report_json")?;
        let patient_id = patient_id
            .map(|_| text(patient_id, "patient_id"))
            .transpose()?;
        let sources: BTreeMap<String, Vec<String>> = match optional(sources_json, "sources_json")? {
            Some(v) => serde_json::from_value(v).map_err(|e| {
                Error::validation(
                    "sources_json",
                    format!("an object of lists of references expected: {e}"),
                )
            })?,
            None => BTreeMap::new(),
        };
        let out = required(bundle_out, "bundle_out")?;
        let timestamp = hms_actors::healer::provenance::rfc3339(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as u64),
        );
        let bundle = hms_actors::fhir::export(&hms_actors::fhir::Export {
            plan: &plan,
            report: report.as_ref(),
            patient_id,
            provenance: &[],
            sources: &sources,
            timestamp: &timestamp,
        });
        out.write(Some(owned(bundle.to_string())?));
        Ok(())
    })
}
