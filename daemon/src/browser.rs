//! Browser safety for a daemon on the user's machine: any web page the user
//! opens can send requests to `127.0.0.1`, and a cross-site "simple request"
//! (a `text/plain` body) needs no preflight, while DNS rebinding lets a page
//! read the answers under its own host name. So: request bodies only as
//! `application/json` (`415`), the `Host` must name this daemon (`421`), and
//! an `Origin`, when sent, must be the daemon's own or configured (`403`).
//! No CORS headers are sent unless `daemon.http.cors` is on: then the
//! configured origins get them (and their preflights an answer).

use std::net::SocketAddr;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use hms_runtime::ErrorKind;

use crate::config::HttpConfig;
use crate::problem::Problem;
use crate::state::Shared;

/// The `Host` and `Origin` values this daemon answers to.
#[derive(Clone, Debug)]
pub struct Origins {
    /// Accepted `Host` values, lower case; empty with `any_host`.
    hosts: Vec<String>,
    /// Bound to every address with no names configured: any `Host`.
    any_host: bool,
    origins: Vec<String>,
    cors: bool,
}

impl Origins {
    pub fn new(addr: SocketAddr, cfg: &HttpConfig) -> Self {
        let port = addr.port();
        let mut hosts: Vec<String> = vec![addr.to_string()];
        if addr.ip().is_loopback() {
            hosts.extend([
                format!("localhost:{port}"),
                format!("127.0.0.1:{port}"),
                format!("[::1]:{port}"),
            ]);
        }
        for h in &cfg.allowed_hosts {
            let h = h.to_ascii_lowercase();
            if !h.contains(':') || h.ends_with(']') {
                hosts.push(format!("{h}:{port}"));
            }
            hosts.push(h);
        }
        Self {
            hosts,
            any_host: addr.ip().is_unspecified() && cfg.allowed_hosts.is_empty(),
            origins: cfg
                .allowed_origins
                .iter()
                .map(|o| o.trim_end_matches('/').to_ascii_lowercase())
                .collect(),
            cors: cfg.cors,
        }
    }

    /// Why this request is refused, if it is.
    fn refuse(&self, method: &Method, headers: &HeaderMap) -> Option<Box<Problem>> {
        let text = |name: header::HeaderName| {
            headers
                .get(name)
                .map(|v| v.to_str().unwrap_or("\u{fffd}").to_ascii_lowercase())
        };
        let host = text(header::HOST);
        if let Some(h) = &host {
            if !self.any_host && !self.hosts.contains(h) {
                return Some(problem(
                    StatusCode::MISDIRECTED_REQUEST,
                    ErrorKind::Validation,
                    format!(
                        "Host {h:?} is not this daemon's (add it to daemon.http.allowed_hosts)"
                    ),
                ));
            }
        }
        if let Some(origin) = text(header::ORIGIN) {
            let own = host.as_ref().is_some_and(|h| {
                origin == format!("http://{h}") || origin == format!("https://{h}")
            });
            if !own && !self.origins.contains(&origin) {
                return Some(problem(
                    StatusCode::FORBIDDEN,
                    ErrorKind::Unauthorized,
                    format!("requests from origin {origin:?} are refused (add it to daemon.http.allowed_origins)"),
                ));
            }
        }
        let has_body = headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim() != "0")
            || headers.contains_key(header::TRANSFER_ENCODING);
        if has_body
            && matches!(
                *method,
                Method::POST | Method::PUT | Method::PATCH | Method::DELETE
            )
        {
            let json = text(header::CONTENT_TYPE).is_some_and(|t| {
                t.split(';')
                    .next()
                    .is_some_and(|m| m.trim() == "application/json")
            });
            if !json {
                return Some(problem(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    ErrorKind::Validation,
                    "request bodies must be sent as Content-Type: application/json".to_string(),
                ));
            }
        }
        None
    }
}

fn problem(status: StatusCode, kind: ErrorKind, detail: String) -> Box<Problem> {
    Box::new(Problem::new(status, kind, detail, None))
}

impl Origins {
    /// The configured origin this request comes from, when CORS is on for it.
    fn cors_origin(&self, headers: &HeaderMap) -> Option<HeaderValue> {
        let origin = headers.get(header::ORIGIN)?;
        let text = origin.to_str().ok()?.to_ascii_lowercase();
        (self.cors && self.origins.contains(&text)).then(|| origin.clone())
    }
}

/// Refuses cross-site and misdirected requests before anything else reads
/// them; with CORS on, answers the configured origins' preflights and lets
/// them read the answers.
pub async fn guard(State(s): State<Shared>, req: Request, next: Next) -> Response {
    if let Some(problem) = s.origins.refuse(req.method(), req.headers()) {
        return problem.into_response();
    }
    let Some(origin) = s.origins.cors_origin(req.headers()) else {
        let mut res = next.run(req).await;
        if s.origins.cors {
            // The answer depends on the Origin: caches must not share it across origins.
            res.headers_mut()
                .append(header::VARY, HeaderValue::from_static("origin"));
        }
        return res;
    };
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut res = if preflight {
        let mut res = StatusCode::NO_CONTENT.into_response();
        let h = res.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, DELETE"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("authorization, content-type"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        res
    } else {
        next.run(req).await
    };
    let h = res.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("hms-journal-ids, retry-after"),
    );
    h.append(header::VARY, HeaderValue::from_static("origin"));
    res
}
