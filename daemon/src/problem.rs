//! Errors as RFC 9457 problem details (`application/problem+json`), one per
//! error kind, with the JSON path for bad input.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use hms_runtime::{Error, ErrorKind};
use serde::Serialize;
use utoipa::ToSchema;

/// An RFC 9457 problem.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Problem {
    /// `urn:hms:error:<kind>`.
    #[serde(rename = "type")]
    pub kind_uri: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The error kind: validation, not_found, timeout, actor_down, overloaded, unauthorized, shutdown, internal, unavailable.
    pub kind: String,
    /// Stable numeric code of the kind (the C ABI's).
    pub code: i32,
    /// JSON path of the bad input, for validation errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

impl Problem {
    pub fn new(
        status: StatusCode,
        kind: ErrorKind,
        detail: impl Into<String>,
        path: Option<String>,
    ) -> Self {
        let name = kind.as_str().to_string();
        Self {
            kind_uri: format!("urn:hms:error:{name}"),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail: detail.into(),
            kind: name,
            code: kind.code(),
            path,
        }
    }

    /// Malformed JSON: 400, with where it broke.
    pub fn malformed(detail: impl Into<String>) -> Box<Self> {
        Box::new(Self::new(
            StatusCode::BAD_REQUEST,
            ErrorKind::Validation,
            detail,
            Some(String::new()),
        ))
    }

    pub fn unauthorized(detail: &str) -> Box<Self> {
        Box::new(Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorKind::Unauthorized,
            detail,
            None,
        ))
    }

    pub fn too_large(limit: usize) -> Box<Self> {
        Box::new(Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::Validation,
            format!("request body larger than {limit} bytes"),
            Some(String::new()),
        ))
    }

    pub fn not_found(detail: impl Into<String>) -> Box<Self> {
        Box::new(Self::new(
            StatusCode::NOT_FOUND,
            ErrorKind::NotFound,
            detail,
            None,
        ))
    }
}

/// The HTTP status of an error kind.
pub fn status_of(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::Validation => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::Timeout => StatusCode::GATEWAY_TIMEOUT,
        ErrorKind::ActorDown | ErrorKind::Shutdown | ErrorKind::Unavailable => {
            StatusCode::SERVICE_UNAVAILABLE
        }
        ErrorKind::Overloaded => StatusCode::TOO_MANY_REQUESTS,
        ErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
        // Exhaustive on purpose: a new kind must choose its status here.
        ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// Decodes a request body into `T`; a mismatch is a 422 naming the JSON path.
pub fn decode<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> Result<T, Box<Problem>> {
    hms_actors::error::decode(v).map_err(|e| bad(Error::validation(e.path, e.message)))
}

/// An error as a boxed problem, for handlers' `Err`.
pub fn bad(e: Error) -> Box<Problem> {
    Box::new(Problem::from(e))
}

impl From<Error> for Problem {
    fn from(e: Error) -> Self {
        let path = e.path().map(str::to_string);
        Problem::new(status_of(e.kind()), e.kind(), e.message().to_string(), path)
    }
}

// Handlers return `Result<_, Box<Problem>>`: a problem is large, and errors
// should not make every `Result` large.
impl IntoResponse for Box<Problem> {
    fn into_response(self) -> Response {
        (*self).into_response()
    }
}

impl From<Error> for Box<Problem> {
    fn from(e: Error) -> Self {
        Box::new(Problem::from(e))
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = (status, axum::Json(&self)).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        res
    }
}
