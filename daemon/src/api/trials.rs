//! Published trial results: the adaptive trial framework's results and the
//! charts its visualization drew (`python/examples/visualization.py
//! --publish`), kept in the journal (kind `trial_results`) and shown by the
//! dashboard. Both doors need the token, as the journal does.

use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use hms_runtime::Error;
use serde_json::{json, Value};

use crate::journal::NewRecord;
use crate::problem::{bad, Problem};
use crate::state::Shared;

/// Charts one publication may carry, and the sizes that keep a journal page
/// of publications bounded.
const MAX_CHARTS: usize = 8;
const MAX_CHART_BYTES: usize = 512 * 1024;
const MAX_CHARTS_BYTES: usize = 1024 * 1024;
const MAX_RESULTS_BYTES: usize = 256 * 1024;

/// Checks a publication: a name, the results object, PNG charts, within sizes.
fn check(body: &Value) -> Result<String, Error> {
    let name = body["name"]
        .as_str()
        .filter(|n| !n.trim().is_empty() && n.chars().count() <= 200)
        .ok_or_else(|| {
            Error::validation("name", "required: the trial's name, 1 to 200 characters")
        })?;
    if !body["results"].is_object() {
        return Err(Error::validation(
            "results",
            "required: the trial's results (an object)",
        ));
    }
    if body["results"].to_string().len() > MAX_RESULTS_BYTES {
        return Err(Error::validation(
            "results",
            format!("at most {} KiB", MAX_RESULTS_BYTES / 1024),
        ));
    }
    let charts = match &body["charts"] {
        Value::Null => &[][..],
        Value::Array(a) => a.as_slice(),
        _ => return Err(Error::validation("charts", "a list of {name, png_base64}")),
    };
    if charts.len() > MAX_CHARTS {
        return Err(Error::validation(
            "charts",
            format!("at most {MAX_CHARTS} charts"),
        ));
    }
    let mut total = 0;
    for (i, c) in charts.iter().enumerate() {
        let file = c["name"].as_str().unwrap_or("");
        let ok_name = file.len() <= 64
            && file.ends_with(".png")
            && file
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || "._-".contains(ch));
        if !ok_name {
            return Err(Error::validation(
                format!("charts[{i}].name"),
                "a file name ending in .png (letters, digits, . _ -)",
            ));
        }
        let path = format!("charts[{i}].png_base64");
        let bytes = c["png_base64"]
            .as_str()
            .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
            .ok_or_else(|| Error::validation(path.clone(), "required: base64"))?;
        if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Err(Error::validation(path, "not a PNG image"));
        }
        total += bytes.len();
        if bytes.len() > MAX_CHART_BYTES || total > MAX_CHARTS_BYTES {
            return Err(Error::validation(
                path,
                format!(
                    "a chart is at most {} KiB, all charts together {} KiB",
                    MAX_CHART_BYTES / 1024,
                    MAX_CHARTS_BYTES / 1024
                ),
            ));
        }
    }
    Ok(name.to_string())
}

/// Publishes a trial's results and charts (journaled before the answer).
#[utoipa::path(post, path = "/v1/trials/results", tag = "trials",
    request_body(content = Object, description = "`name`: the trial; `results`: what the adaptive trial framework wrote (trial report, operating characteristics); `charts`: up to 8 `{name: \"trial.png\", png_base64}`"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "published: `id` is its journal record", body = Object),
        (status = 400, description = "malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "token required", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "body too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "not a publication; `path` names the element", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "the journal cannot write, or the daemon is stopping", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn publish(State(s): State<Shared>, body: Body) -> Result<Response, Box<Problem>> {
    let body = s.json(body).await?;
    let name = check(&body).map_err(bad)?;
    let ids = s
        .journal(vec![NewRecord {
            kind: "trial_results",
            subject: name,
            data: body,
        }])
        .await?;
    Ok((StatusCode::CREATED, Json(json!({"id": ids.first()}))).into_response())
}

/// The latest published trial results.
#[utoipa::path(get, path = "/v1/trials/results/latest", tag = "trials",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the journal record: `id`, `at_ms`, `subject` (the trial), `data` (`name`, `results`, `charts`)", body = crate::journal::Record),
        (status = 401, description = "token required", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "nothing published yet", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "journal failure", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn latest(State(s): State<Shared>) -> Result<Response, Box<Problem>> {
    let state = s.clone();
    let found = tokio::task::spawn_blocking(move || state.journal.latest("trial_results"))
        .await
        .map_err(|e| bad(Error::internal(e.to_string())))?
        .map_err(|e| bad(Error::internal(format!("journal: {e}"))))?;
    match found {
        Some(r) => Ok(Json(r).into_response()),
        None => Err(Problem::not_found(
            "no trial results published yet (visualization.py --publish)",
        )),
    }
}
