//! `POST /v1/actors/{name}/call` and `/cast`: any actor, JSON in and out.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::query::Q;
use crate::journal::NewRecord;
use crate::problem::Problem;
use crate::state::Shared;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CallQuery {
    /// Deadline of the call in ms (default from `daemon.limits.call_timeout_ms`, at most `max_call_timeout_ms`).
    #[param(minimum = 1, maximum = 300000)]
    pub timeout_ms: Option<u64>,
    /// Run the call on this node of the cluster (`GET /v1/cluster`); default:
    /// here, or, for a name this node does not run, the node up that runs it.
    pub node: Option<String>,
}

/// A message to an actor: `type` names it, the other fields are its body.
#[derive(Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"type": "verify_treatment_plan", "plan": {"treatment_plan": [{"medication": "Adalimumab", "dosage": 40, "unit": "mg", "frequency": "every 2 weeks"}]}, "patient": {"patient_id": "P-001"}}))]
pub struct ActorMessage {
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Serialize, ToSchema)]
pub struct Accepted {
    pub accepted: bool,
}

/// Calls an actor and waits for its reply.
#[utoipa::path(
    post, path = "/v1/actors/{name}/call", tag = "actors",
    params(("name" = String, Path, description = "genetic_engine, prover, self_healer, coordinator, or a registered agent", example = "prover"), CallQuery),
    request_body = ActorMessage,
    responses(
        (status = 200, description = "the actor's reply; `hms-journal-ids` lists journal records written for it", body = Object),
        (status = 400, description = "malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "token required: off loopback, or for a message that changes the tree, injects faults or goes to an agent", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such actor", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "body too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "the message does not fit the actor's schema; `path` says where", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "overloaded", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "internal error", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "actor down, shutting down, or the journal cannot write (kind unavailable)", body = Problem, content_type = "application/problem+json"),
        (status = 504, description = "deadline passed", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn call(
    State(s): State<Shared>,
    Path(name): Path<String>,
    Q(q): Q<CallQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Box<Problem>> {
    let msg = s.json(body).await?;
    s.authorize_message(&headers, &name, &msg)?;
    let timeout = s.timeout(q.timeout_ms)?;
    // The domain says what its reply leaves in the journal; it is written
    // (here, whichever node ran the call) before the answer goes out.
    let elsewhere = match (q.node.as_deref(), s.cluster.get()) {
        (Some(to), None) => {
            return Err(Problem::not_found(format!(
                "no node {to:?}: this daemon is not in a cluster (no [cluster])"
            )))
        }
        (Some(to), Some(node)) if to != node.config.node => Some((to.to_string(), node)),
        // A name this node does not run (an agent registered at another
        // node): the node that runs it, as the heartbeats tell.
        (None, Some(node)) if !s.app.runtime().is_registered(&name) => {
            node.home_of(&name).map(|to| (to, node))
        }
        _ => None,
    };
    let (reply, facts) = match elsewhere {
        None => {
            s.within_grace(s.app.call_json_journaled(&name, msg, timeout))
                .await?
        }
        Some((to, node)) => {
            // The other node decides by its own policy (an agent may be its
            // own); it is told whether this request carried the token.
            let authorized = s.check(&headers, true).is_ok();
            s.within_grace(node.call_on(&to, &name, msg, timeout, authorized))
                .await?
        }
    };
    let ids = s
        .journal(facts.into_iter().map(NewRecord::from).collect())
        .await?;
    Ok(super::with_journal_ids(Json(reply).into_response(), &ids))
}

/// Sends an actor a message without waiting for its reply (decoded first: bad input is refused at once).
#[utoipa::path(
    post, path = "/v1/actors/{name}/cast", tag = "actors",
    params(("name" = String, Path, description = "an actor name", example = "self_healer")),
    request_body = ActorMessage,
    responses(
        (status = 202, description = "queued", body = Accepted),
        (status = 400, description = "malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "token required", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such actor", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "body too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "the message does not fit the actor's schema", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "overloaded", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "actor down", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn cast(
    State(s): State<Shared>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Box<Problem>> {
    let msg = s.json(body).await?;
    s.authorize_message(&headers, &name, &msg)?;
    s.app.cast_json(&name, msg).map_err(Problem::from)?;
    Ok((StatusCode::ACCEPTED, Json(Accepted { accepted: true })).into_response())
}
