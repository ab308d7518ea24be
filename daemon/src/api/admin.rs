//! The endpoints that change or reveal the system, always behind the token:
//! fault injection, coordination and the journal.

use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use hms_runtime::{Error, Fault};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::{IntoParams, ToSchema};

use crate::api::query::Q;
use crate::journal::{NewRecord, Record};
use crate::problem::{bad, decode, Problem};
use crate::state::Shared;

/// `{"actor": "prover", "fault": {"fault": "panic_next"}}`; faults: panic_next, panic {probability, seed}, error {kind, message, count?}, delay {ms}, hang, kill, fail_restarts {count}.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FaultRequest {
    pub actor: String,
    #[schema(value_type = Object)]
    pub fault: Fault,
}

#[derive(Serialize, ToSchema)]
pub struct FaultInjected {
    pub actor: String,
    #[schema(value_type = Object)]
    pub fault: Fault,
    pub journal_id: i64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClearQuery {
    /// The actor whose faults are cleared; every actor when absent.
    pub actor: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct FaultsCleared {
    pub cleared: Vec<String>,
}

/// `{"command": "restart", "payload": {"name": "prover"}}`; commands: restart, stop, start, inject_fault, clear_faults, route, list_children.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct CoordinateRequest {
    pub command: String,
    #[schema(value_type = Object)]
    pub payload: Option<Value>,
}

#[derive(Serialize, ToSchema)]
pub struct JournalPage {
    pub records: Vec<Record>,
    /// Present once retention has dropped records: every record up to this id
    /// is gone, so a reader whose `after_id` is below it has missed some.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pruned_through_id: Option<i64>,
}

/// Injects a fault into an actor (journaled before the answer).
#[utoipa::path(post, path = "/v1/faults", tag = "admin", request_body = FaultRequest,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "injected", body = FaultInjected),
        (status = 400, description = "malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "token required", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such actor", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "body too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "not a fault", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "the journal cannot write (kind unavailable), or shutting down", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn inject(State(s): State<Shared>, body: Body) -> Result<Response, Box<Problem>> {
    let req: FaultRequest = decode(s.json(body).await?)?;
    req.fault.validate().map_err(|e| {
        bad(Error::validation(
            format!("fault.{}", e.path().unwrap_or("")),
            e.message(),
        ))
    })?;
    s.app
        .inject_fault(&req.actor, req.fault.clone())
        .map_err(Problem::from)?;
    let ids = s
        .journal(vec![NewRecord {
            kind: "fault",
            subject: req.actor.clone(),
            data: json!({"fault": req.fault}),
        }])
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(FaultInjected {
            actor: req.actor,
            fault: req.fault,
            journal_id: ids[0],
        }),
    )
        .into_response())
}

/// Clears injected faults.
#[utoipa::path(delete, path = "/v1/faults", tag = "admin", params(ClearQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "cleared", body = FaultsCleared),
        (status = 401, description = "token required", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such actor", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "the journal cannot write (kind unavailable), or shutting down", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn clear(State(s): State<Shared>, Q(q): Q<ClearQuery>) -> Result<Response, Box<Problem>> {
    let rt = s.app.runtime();
    let cleared = match q.actor {
        Some(actor) => {
            rt.clear_faults(&actor).map_err(Problem::from)?;
            vec![actor]
        }
        None => rt
            .names()
            .into_iter()
            .filter(|n| rt.faults(n).is_ok_and(|f| !f.is_empty()))
            .filter(|n| rt.clear_faults(n).is_ok())
            .collect(),
    };
    let records = cleared
        .iter()
        .map(|a| NewRecord {
            kind: "fault_cleared",
            subject: a.clone(),
            data: json!({}),
        })
        .collect();
    s.journal(records).await?;
    Ok(Json(FaultsCleared { cleared }).into_response())
}

/// Runs a coordination command through the coordinator actor.
#[utoipa::path(post, path = "/v1/coordinate", tag = "admin", request_body = CoordinateRequest, params(crate::api::actors::CallQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the command's result", body = Object),
        (status = 400, description = "malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "token required", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such component", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "body too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "unknown command or bad payload; `path` says where", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "overloaded", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "internal error", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "component down, shutting down, or the journal cannot write (kind unavailable)", body = Problem, content_type = "application/problem+json"),
        (status = 504, description = "deadline passed", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn coordinate(
    State(s): State<Shared>,
    Q(q): Q<crate::api::actors::CallQuery>,
    body: Body,
) -> Result<Response, Box<Problem>> {
    let command = s.json(body).await?;
    if !command.is_object() {
        return Err(bad(Error::validation(
            "",
            "expected an object {\"command\": ..., \"payload\": ...}",
        )));
    }
    let timeout = s.timeout(q.timeout_ms)?;
    let mut msg = command.clone();
    msg["type"] = json!("coordinate_components");
    let (reply, facts) = s
        .within_grace(s.app.call_json_journaled("coordinator", msg, timeout))
        .await?;
    s.journal(facts.into_iter().map(NewRecord::from).collect())
        .await?;
    Ok(Json(reply).into_response())
}

/// Journal records, oldest first, filtered by kind and time.
#[utoipa::path(get, path = "/v1/journal", tag = "admin", params(crate::journal::Query),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "records", body = JournalPage),
        (status = 422, description = "bad query; `path` names the parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "token required", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "journal failure", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn journal(
    State(s): State<Shared>,
    Q(q): Q<crate::journal::Query>,
) -> Result<Response, Box<Problem>> {
    if let Some(kind) = q
        .kind
        .as_deref()
        .filter(|k| !crate::journal::KINDS.contains(k))
    {
        return Err(bad(Error::validation(
            "kind",
            format!(
                "unknown kind {kind:?}; expected one of: {}",
                crate::journal::KINDS.join(", ")
            ),
        )));
    }
    let state = s.clone();
    let (records, pruned_through_id) = tokio::task::spawn_blocking(move || {
        // The mark after the records: a prune in between can only make it
        // higher, so a gap is never hidden.
        let records = state.journal.query(&q)?;
        Ok::<_, String>((records, state.journal.pruned_through()))
    })
    .await
    .map_err(|e| bad(Error::internal(e.to_string())))?
    .map_err(|e| bad(Error::internal(format!("journal: {e}"))))?;
    Ok(Json(JournalPage {
        records,
        pruned_through_id,
    })
    .into_response())
}
