//! `POST /v1/fhir/plan`: an EHR's FHIR Bundle in, the verified plan out as
//! FHIR. The Bundle is read by `hms_actors::fhir` (the unmapped elements come
//! back with the answer); with no plan given, the genetic engine proposes one
//! for the patient; the plan is verified (journaled, as any call) and written
//! back as a RequestGroup of MedicationRequests with DetectedIssues.

use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use hms_actors::clinical::date::Date;
use hms_actors::clinical::plan::TreatmentPlan;
use hms_runtime::Error;
use serde_json::json;

use crate::journal::NewRecord;
use crate::problem::{bad, Problem};
use crate::state::Shared;

/// Verifies (or, with no plan, proposes and verifies) a plan for the patient of a FHIR Bundle.
#[utoipa::path(post, path = "/v1/fhir/plan", tag = "fhir",
    request_body(content = Object, description = "`bundle`: a FHIR R4 Bundle about one patient; `plan` (optional): `{\"treatment_plan\": [...]}` to verify, else the genetic engine proposes one; `options` (optional): the prover's (`as_of`, `jurisdiction`, ...)"),
    responses(
        (status = 200, description = "`fhir`: the plan as a FHIR R4 collection Bundle; `record`: the patient record read; `unmapped`: what was not read, with its path; `report`: the verification; `hms-journal-ids` lists its journal records", body = Object),
        (status = 400, description = "malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "token required (non-loopback)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "body too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "not a FHIR resource, or a plan that does not fit; `path` names the element", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "overloaded", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "internal error", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "an actor is down, the daemon is stopping, or the journal cannot write", body = Problem, content_type = "application/problem+json"),
        (status = 504, description = "the deadline passed", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn plan(State(s): State<Shared>, body: Body) -> Result<Response, Box<Problem>> {
    let body = s.json(body).await?;
    // The record is read as of the prover's date, so ages and the age of
    // results agree with the verification's.
    let as_of = match body["options"]["as_of"].as_str() {
        Some(d) => Date::parse(d).map_err(|e| bad(Error::validation("options.as_of", e)))?,
        None => Date::today(),
    };
    let imported = hms_actors::fhir::import(&body["bundle"], as_of)
        .map_err(|e| bad(Error::validation("bundle", e)))?;
    let timeout = s.timeout(None)?;
    // The prover takes its options beside the plan (as_of, jurisdiction, ...).
    let options = body
        .get("options")
        .and_then(|o| o.as_object())
        .cloned()
        .unwrap_or_default();
    let (plan, report, facts) = match body.get("plan").filter(|p| !p.is_null()) {
        Some(p) => {
            let plan: TreatmentPlan = hms_actors::error::decode(p.clone()).map_err(|e| {
                let e = e.at("plan");
                bad(Error::validation(e.path, e.message))
            })?;
            let mut msg =
                json!({"type": "verify_treatment_plan", "plan": plan, "patient": imported.patient});
            for (k, v) in options {
                if !["type", "plan", "patient"].contains(&k.as_str()) {
                    msg[k] = v;
                }
            }
            let (report, facts) = s
                .within_grace(s.app.call_json_journaled("prover", msg, timeout))
                .await?;
            (plan, report, facts)
        }
        None => {
            let msg = json!({"type": "optimize_treatment", "patient": imported.patient});
            let (mut reply, facts) = s
                .within_grace(s.app.call_json_journaled("genetic_engine", msg, timeout))
                .await?;
            let plan: TreatmentPlan = hms_actors::error::decode(reply["plan"].take())
                .map_err(|e| bad(Error::internal(format!("the engine's plan: {e}"))))?;
            (plan, reply["verification"].take(), facts)
        }
    };
    let ids = s
        .journal(facts.into_iter().map(NewRecord::from).collect())
        .await?;
    let timestamp = hms_actors::healer::provenance::rfc3339(crate::journal::now_ms() as u64);
    let fhir = hms_actors::fhir::export(&hms_actors::fhir::Export {
        plan: &plan,
        report: Some(&report),
        patient_id: imported.patient["patient_id"].as_str(),
        provenance: &[],
        sources: &imported.sources,
        timestamp: &timestamp,
    });
    let answer = Json(json!({
        "fhir": fhir,
        "record": imported.patient,
        "unmapped": imported.unmapped,
        "report": report,
        "plan": plan,
    }))
    .into_response();
    Ok(super::with_journal_ids(answer, &ids))
}
