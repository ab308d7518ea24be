//! Agent mailboxes over HTTP: a program elsewhere (the C ABI's daemon
//! connection, any HTTP client) opens a mailbox in the tree, long-polls it
//! for messages and answers each by id. Always behind the token: an agent
//! answers for the tree (the self-healer asks `a2a` for recovery plans).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use hms_actors::app::{Answer, Inbox};
use hms_runtime::Error;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use crate::api::query::Q;
use crate::problem::{bad, decode, Problem};
use crate::state::Shared;

#[derive(Serialize, ToSchema)]
pub struct AgentOpened {
    pub name: String,
}

/// One message for the agent: answer it at `/v1/agents/{name}/answers/{id}`.
#[derive(Serialize, ToSchema)]
pub struct Letter {
    pub id: u64,
    #[schema(value_type = Object)]
    pub message: Value,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NextQuery {
    /// How long to wait for a message, in ms (default 1000).
    #[param(minimum = 1, maximum = 300000)]
    pub timeout_ms: Option<u64>,
}

/// `{"reply": <JSON>}`, `{"fail": {"kind": "validation", "message": "..."}}`, or
/// `{"crash": "reason"}` (the caller gets `actor_down` and the mailbox's bridge restarts).
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum AgentAnswer {
    #[schema(value_type = Object)]
    Reply(Value),
    #[schema(value_type = Object)]
    Fail(Error),
    Crash(String),
}

#[derive(Serialize, ToSchema)]
pub struct Answered {
    pub id: u64,
}

fn inbox(s: &Shared, name: &str) -> Result<Arc<Inbox>, Box<Problem>> {
    s.agents()
        .get(name)
        .cloned()
        .ok_or_else(|| Problem::not_found(format!("no agent mailbox {name:?} was opened here")))
}

/// Opens the mailbox `name` in the tree; actors reach it by that name.
#[utoipa::path(post, path = "/v1/agents/{name}", tag = "agents",
    params(("name" = String, Path, description = "the mailbox name (not an actor's)", example = "a2a")),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "opened", body = AgentOpened),
        (status = 401, description = "token required", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "the name is empty or taken", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "shutting down", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn open(
    State(s): State<Shared>,
    Path(name): Path<String>,
) -> Result<Response, Box<Problem>> {
    let mailbox = s.app.register_agent(&name).await.map_err(bad)?;
    s.agents()
        .insert(name.clone(), Arc::new(Inbox::new(mailbox)));
    Ok((StatusCode::CREATED, Json(AgentOpened { name })).into_response())
}

/// Waits for the mailbox's next message (long poll): 200 with it, 204 when none came in time.
#[utoipa::path(get, path = "/v1/agents/{name}/next", tag = "agents",
    params(("name" = String, Path, description = "an open mailbox", example = "a2a"), NextQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "a message to answer", body = Letter),
        (status = 204, description = "no message within the wait"),
        (status = 401, description = "token required", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such mailbox", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "bad timeout_ms", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "the mailbox closed or the daemon is stopping", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn next(
    State(s): State<Shared>,
    Path(name): Path<String>,
    Q(q): Q<NextQuery>,
) -> Result<Response, Box<Problem>> {
    let wait = s.timeout(Some(q.timeout_ms.unwrap_or(1000)))?;
    let inbox = inbox(&s, &name)?;
    match s.within_grace(inbox.next(wait)).await? {
        Some(l) => Ok(Json(Letter {
            id: l.id,
            message: l.message,
        })
        .into_response()),
        None => Ok(StatusCode::NO_CONTENT.into_response()),
    }
}

/// Answers message `id` of the mailbox.
#[utoipa::path(post, path = "/v1/agents/{name}/answers/{id}", tag = "agents",
    params(("name" = String, Path, description = "an open mailbox", example = "a2a"),
           ("id" = u64, Path, description = "the message's id from `next`", example = 1)),
    request_body = AgentAnswer,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "answered", body = Answered),
        (status = 400, description = "malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "token required", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such mailbox, or no message with that id waits", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "body too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "not an answer; `path` says where", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn answer(
    State(s): State<Shared>,
    Path((name, id)): Path<(String, String)>,
    body: Body,
) -> Result<Response, Box<Problem>> {
    // Parsed here, not by the extractor, so a bad id gets a problem document.
    let id: u64 = id.parse().map_err(|_| {
        bad(Error::validation(
            "id",
            format!("id {id:?} is not a message id (an unsigned integer)"),
        ))
    })?;
    let body = s.json(body).await?;
    let inbox = inbox(&s, &name)?;
    let answer: AgentAnswer = decode(body)?;
    let answer = match answer {
        AgentAnswer::Reply(v) => Answer::Reply(v),
        AgentAnswer::Fail(e) => Answer::Fail(e),
        AgentAnswer::Crash(reason) => Answer::Crash(reason),
    };
    inbox.answer(id, answer).map_err(bad)?;
    Ok(Json(Answered { id }).into_response())
}

/// Closes the mailbox and removes it from the tree; unanswered messages fail their callers.
#[utoipa::path(delete, path = "/v1/agents/{name}", tag = "agents",
    params(("name" = String, Path, description = "an open mailbox", example = "a2a")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "closed", body = AgentOpened),
        (status = 401, description = "token required", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such mailbox", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn close(
    State(s): State<Shared>,
    Path(name): Path<String>,
) -> Result<Response, Box<Problem>> {
    let removed = s.agents().remove(&name);
    if removed.is_none() {
        return Err(Problem::not_found(format!(
            "no agent mailbox {name:?} was opened here"
        )));
    }
    // Already gone from the tree (its supervisor gave up) is closed too.
    match s.app.unregister_agent(&name).await {
        Ok(()) => {}
        Err(e) if e.kind() == hms_runtime::ErrorKind::NotFound => {}
        Err(e) => return Err(bad(e)),
    }
    Ok(Json(AgentOpened { name }).into_response())
}
