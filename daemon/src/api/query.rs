//! A query-string extractor whose rejection is a problem document, like
//! every other error of the API.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use hms_runtime::Error;
use serde::de::DeserializeOwned;

use crate::problem::{bad, Problem};

pub struct Q<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Q<T> {
    type Rejection = Box<Problem>;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Box<Problem>> {
        axum::extract::Query::<T>::try_from_uri(&parts.uri)
            .map(|q| Q(q.0))
            .map_err(|e| bad(Error::validation("query", e.body_text())))
    }
}
