//! `GET /v1/cluster`: the nodes this node knows, their state and incarnation,
//! and what runs where (see `docs/cluster.md`).

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::problem::Problem;
use crate::state::Shared;

/// The cluster as this node sees it; a daemon without `[cluster]` answers
/// `clustered: false` with itself alone.
#[utoipa::path(get, path = "/v1/cluster", tag = "system",
    responses(
        (status = 200, description = "the nodes, their state, incarnation and actors", body = Object),
        (status = 401, description = "token required (non-loopback)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn cluster(State(s): State<Shared>) -> Result<Response, Box<Problem>> {
    if let Some(node) = s.cluster.get() {
        return Ok(Json(node.report()).into_response());
    }
    Ok(Json(serde_json::json!({
        "clustered": false,
        "nodes": [{"node": null, "self": true, "state": "up", "actors": s.app.runtime().names()}],
    }))
    .into_response())
}
