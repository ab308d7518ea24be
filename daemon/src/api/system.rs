//! Health, the tree, metrics and the OpenAPI document.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::metrics;
use crate::problem::Problem;
use crate::state::Shared;

/// The tree's health: overall status (healthy, degraded, unhealthy) with the rule that decided it, and every node.
#[utoipa::path(get, path = "/v1/health", tag = "system",
    responses(
        (status = 200, description = "health snapshot", body = Object),
        (status = 401, description = "token required (non-loopback)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn health(State(s): State<Shared>) -> Result<Response, Box<Problem>> {
    let health = s.app.health().await;
    let mut body = serde_json::to_value(&health).unwrap_or_default();
    // The tree's health plus the daemon's own part: a journal that cannot
    // write makes every journaled call fail, so the daemon is unhealthy.
    match s.journal.failing() {
        Some(f) => {
            body["status"] = "unhealthy".into();
            body["rule"] = format!(
                "the journal cannot write since {} ms ({}); journaled calls answer 503 unavailable until the disk takes writes again",
                f.since_ms, f.error
            )
            .into();
            body["journal"] =
                serde_json::json!({"writable": false, "error": f.error, "since_ms": f.since_ms});
        }
        None => body["journal"] = serde_json::json!({"writable": true}),
    }
    Ok(Json(body).into_response())
}

/// The supervision tree: every supervisor and worker with its status, restarts, mailbox depth, in-flight calls and latency.
#[utoipa::path(get, path = "/v1/tree", tag = "system",
    responses(
        (status = 200, description = "the root node and its descendants", body = Object),
        (status = 401, description = "token required (non-loopback)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn tree(State(s): State<Shared>) -> Result<Response, Box<Problem>> {
    Ok(Json(s.app.health().await.root).into_response())
}

/// Metrics: OpenMetrics text when the `Accept` header asks for
/// `application/openmetrics-text`, else the Prometheus text format 0.0.4.
#[utoipa::path(get, path = "/metrics", tag = "system",
    responses(
        (status = 200, description = "metrics", body = String, content_type = "text/plain; version=0.0.4"),
        (status = 401, description = "token required (non-loopback)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn metrics(
    State(s): State<Shared>,
    headers: axum::http::HeaderMap,
) -> Result<Response, Box<Problem>> {
    let openmetrics = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("application/openmetrics-text"));
    let text = metrics::render(&s, openmetrics).await;
    let content_type = if openmetrics {
        "application/openmetrics-text; version=1.0.0; charset=utf-8"
    } else {
        "text/plain; version=0.0.4; charset=utf-8"
    };
    Ok(([(header::CONTENT_TYPE, content_type)], text).into_response())
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "system", responses(
    (status = 200, description = "OpenAPI 3.1", body = Object),
    (status = 401, description = "token required (non-loopback)", body = Problem, content_type = "application/problem+json"),
))]
pub async fn openapi() -> Response {
    Json(crate::openapi::document()).into_response()
}
