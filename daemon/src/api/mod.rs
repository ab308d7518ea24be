//! The HTTP API: routes, the request counter, and problem documents for
//! unknown routes and methods.

pub mod actors;
pub mod admin;
pub mod agents;
pub mod cds;
pub mod cluster;
pub mod dashboard;
pub mod events;
pub mod fhir;
pub mod query;
pub mod system;
pub mod trials;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tracing::Instrument;

use crate::problem::Problem;
use crate::state::Shared;

pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/v1/actors/{name}/call", post(actors::call))
        .route("/v1/actors/{name}/cast", post(actors::cast))
        .route(
            "/v1/agents/{name}",
            post(agents::open).delete(agents::close),
        )
        .route("/v1/agents/{name}/next", get(agents::next))
        .route("/v1/agents/{name}/answers/{id}", post(agents::answer))
        .route("/v1/health", get(system::health))
        .route("/v1/tree", get(system::tree))
        .route("/v1/cluster", get(cluster::cluster))
        .route("/v1/events", get(events::events))
        .route("/v1/faults", post(admin::inject).delete(admin::clear))
        .route("/v1/coordinate", post(admin::coordinate))
        .route("/v1/journal", get(admin::journal))
        .route("/v1/fhir/plan", post(fhir::plan))
        .route("/v1/trials/results", post(trials::publish))
        .route("/v1/trials/results/latest", get(trials::latest))
        .route("/cds-services", get(cds::discovery))
        .route("/cds-services/{id}", post(cds::service))
        .route("/metrics", get(system::metrics))
        .route("/openapi.json", get(system::openapi))
        .route("/", get(dashboard::index))
        .route("/dashboard.js", get(dashboard::script))
        .route("/wasm/{file}", get(dashboard::wasm))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), authorize))
        // Inside the browser checks, so that a 429 carries CORS headers too.
        .layer(middleware::from_fn_with_state(state.clone(), limit_rate))
        // Cross-site and misdirected requests go before anything else looks.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::browser::guard,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), count))
        .with_state(state)
}

/// Names the journal records an answer wrote (`hms-journal-ids: 12,13`), on
/// every door that journals before it answers.
pub fn with_journal_ids(mut res: Response, ids: &[i64]) -> Response {
    if ids.is_empty() {
        return res;
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    if let Ok(v) = axum::http::HeaderValue::from_str(&list) {
        res.headers_mut().insert("hms-journal-ids", v);
    }
    res
}

async fn not_found(req: Request) -> Box<Problem> {
    Problem::not_found(format!("no route {} {}", req.method(), req.uri().path()))
}

async fn method_not_allowed(req: Request) -> Box<Problem> {
    let mut p = Problem::not_found(format!(
        "{} is not allowed on {}",
        req.method(),
        req.uri().path()
    ));
    p.status = 405;
    p.title = "Method Not Allowed".into();
    p
}

/// Paths that always need the token.
const PROTECTED: [&str; 3] = ["/v1/faults", "/v1/coordinate", "/v1/journal"];

/// Agent mailboxes answer for the tree, and published trial results are
/// journal records: always behind the token too.
fn is_protected(path: &str) -> bool {
    PROTECTED.contains(&path) || path.starts_with("/v1/agents/") || path.starts_with("/v1/trials/")
}

/// The dashboard's static files reveal nothing: served without a token.
fn is_static(path: &str) -> bool {
    path == "/" || path == "/dashboard.js" || path.starts_with("/wasm/")
}

/// Checks the token before anything reads the request.
async fn authorize(State(s): State<Shared>, req: Request, next: Next) -> Response {
    if is_static(req.uri().path()) {
        return next.run(req).await;
    }
    let protected = is_protected(req.uri().path());
    match s.check(req.headers(), protected) {
        Ok(()) => next.run(req).await,
        Err(problem) => problem.into_response(),
    }
}

/// The per-client request rate (`daemon.limits.requests_per_s_per_client`),
/// before anything else reads the request.
async fn limit_rate(State(s): State<Shared>, req: Request, next: Next) -> Response {
    let settings = s.settings.get();
    let (Some(rate), Some(peer)) = (
        &settings.rate,
        req.extensions().get::<crate::server::Peer>(),
    ) else {
        return next.run(req).await;
    };
    match rate.take(peer.0, std::time::Instant::now()) {
        Ok(()) => next.run(req).await,
        Err(wait) => {
            let mut res = Problem::new(
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                hms_runtime::ErrorKind::Overloaded,
                format!(
                    "{} sends more than {} requests per second (daemon.limits.requests_per_s_per_client)",
                    peer.0, settings.limits.requests_per_s_per_client
                ),
                None,
            )
            .into_response();
            let secs = wait.as_secs_f64().ceil().max(1.0) as u64;
            res.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, secs.into());
            res
        }
    }
}

/// Counts requests by route, method and status, and times them, for `/metrics`.
async fn count(State(s): State<Shared>, req: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "other".to_string(), |p| p.as_str().to_string());
    // Any token is a method in HTTP: label the standard ones only.
    let method = match req.method().as_str() {
        m @ ("GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS") => m,
        _ => "other",
    }
    .to_string();
    // The request's span, for the trace export: at trace level, so that the
    // log (at info) neither records it nor prints it around its lines.
    let span = tracing::trace_span!(
        "http.request",
        otel.kind = "server",
        http.request.method = %method,
        http.route = %route,
        http.response.status_code = tracing::field::Empty,
    );
    let res = next.run(req).instrument(span.clone()).await;
    span.record(
        "http.response.status_code",
        i64::from(res.status().as_u16()),
    );
    s.metrics
        .request(&route, &method, res.status().as_u16(), started.elapsed());
    res
}
