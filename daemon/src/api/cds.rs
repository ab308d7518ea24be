//! CDS Hooks 2.0: `GET /cds-services` and `POST /cds-services/{id}`. The
//! request is read by `hms_actors::fhir::cds` (the same FHIR mapping as any
//! Bundle), the plan goes through the prover like any call (and is
//! journaled), and the report comes back as cards.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use hms_actors::clinical::date::Date;
use hms_actors::fhir::cds;
use hms_runtime::ErrorKind;
use serde_json::json;

use crate::journal::NewRecord;
use crate::problem::Problem;
use crate::state::Shared;

/// The CDS services: order-sign, order-select and patient-view.
#[utoipa::path(get, path = "/cds-services", tag = "cds-hooks",
    responses(
        (status = 200, description = "the discovery document (CDS Hooks 2.0)", body = Object),
        (status = 401, description = "token required (non-loopback)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn discovery() -> Response {
    Json(cds::discovery()).into_response()
}

/// Calls a CDS service with a hook request; answers cards.
#[utoipa::path(post, path = "/cds-services/{id}", tag = "cds-hooks",
    params(("id" = String, Path, description = "hms-medication-safety-sign, hms-medication-safety-select or hms-crohns-therapy-review", example = "hms-medication-safety-sign")),
    request_body(content = Object, description = "a CDS Hooks request: hook, hookInstance, context (patientId; draftOrders for order-sign and order-select), prefetch"),
    responses(
        (status = 200, description = "cards: critical for a violated property, warning for unknown or an order that could not be read, info for advisories; `hms-journal-ids` lists the verification's journal records", body = Object),
        (status = 400, description = "malformed JSON, or a request that does not fit the hook; `path` names the element", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "token required (non-loopback)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such service", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "the Patient was not prefetched (this service does not query FHIR servers)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "body too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "the plan read from the orders does not fit the prover's schema", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "overloaded", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "internal error", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "the prover is down, the daemon is stopping, or the journal cannot write", body = Problem, content_type = "application/problem+json"),
        (status = 504, description = "the verification did not finish within the deadline", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn service(
    State(s): State<Shared>,
    Path(id): Path<String>,
    body: Body,
) -> Result<Response, Box<Problem>> {
    let body = s.json(body).await?;
    let request = cds::read_request(&id, &body, Date::today()).map_err(|r| {
        let (status, kind) = match r.status {
            404 => (StatusCode::NOT_FOUND, ErrorKind::NotFound),
            412 => (StatusCode::PRECONDITION_FAILED, ErrorKind::Validation),
            _ => (StatusCode::BAD_REQUEST, ErrorKind::Validation),
        };
        Box::new(Problem::new(status, kind, r.message, Some(r.path)))
    })?;
    let mut ids = Vec::new();
    let report = if request.plan.treatment_plan.is_empty() {
        json!({"verdicts": [], "advisories": []})
    } else {
        let msg = json!({
            "type": "verify_treatment_plan",
            "plan": request.plan,
            "patient": request.imported.patient,
        });
        let timeout = s.timeout(None)?;
        let (reply, facts) = s
            .within_grace(s.app.call_json_journaled("prover", msg, timeout))
            .await?;
        ids = s
            .journal(facts.into_iter().map(NewRecord::from).collect())
            .await?;
        reply
    };
    let cards = Json(cds::cards(&request, &report)).into_response();
    Ok(super::with_journal_ids(cards, &ids))
}
