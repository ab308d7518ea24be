//! `GET /v1/events`: server-sent events of the supervision tree
//! (`event: supervision`) and of the self-healer (`event: healing`),
//! ending when the daemon stops.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::stream::{self, StreamExt};
use tokio_stream::wrappers::BroadcastStream;

use hms_runtime::Error;

use crate::problem::{bad, Problem};
use crate::state::Shared;

#[utoipa::path(get, path = "/v1/events", tag = "system",
    responses(
        (status = 200, description = "an event stream", content_type = "text/event-stream", body = String),
        (status = 401, description = "token required (non-loopback)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "too many event streams open", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn events(State(s): State<Shared>) -> Result<Response, Box<Problem>> {
    // Held by the stream: the slot frees when the client goes or the daemon stops.
    let limit = s.settings.get().limits.max_event_streams;
    let slot = s.streams.take(limit).ok_or_else(|| {
        bad(Error::overloaded(format!(
            "{limit} event streams are open (daemon.limits.max_event_streams); retry later"
        )))
    })?;
    let supervision = s
        .app
        .events()
        .map(|e| Event::default().event("supervision").json_data(&e));
    let healing = BroadcastStream::new(s.app.healer_events()).filter_map(|e| async move {
        e.ok()
            .map(|e| Event::default().event("healing").json_data(&e))
    });
    let mut stopping = s.stopping.clone();
    let stop = async move {
        let _ = stopping.wait_for(|s| *s).await;
    };
    let merged = stream::select(supervision, healing)
        .filter_map(|e| async move { e.ok() })
        .map(move |e| {
            let _held = &slot;
            Ok::<_, Infallible>(e)
        })
        .take_until(stop);
    Ok(Sse::new(merged)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response())
}
