//! Optional trace export to an OpenTelemetry collector (OTLP over HTTP with
//! JSON bodies), off unless `daemon.telemetry.otlp_endpoint` is set: one span
//! per HTTP request (`http.request`: method, route, status) and one per
//! message an actor handles (`hms.message`: the actor's path), batched on a
//! thread of the SDK's own and flushed when the daemon stops.

use tracing_subscriber::Layer;

use crate::config::TelemetryConfig;

/// The exporter's provider; `shutdown` flushes the spans still queued.
pub struct Telemetry(#[cfg(feature = "otlp")] opentelemetry_sdk::trace::SdkTracerProvider);

impl Telemetry {
    pub fn shutdown(self) {
        #[cfg(feature = "otlp")]
        if let Err(e) = self.0.shutdown() {
            eprintln!("hmsd: flushing traces: {e}");
        }
    }
}

/// The spans exported: requests and actor messages, nothing else.
#[cfg(feature = "otlp")]
fn exported(meta: &tracing::Metadata<'_>) -> bool {
    meta.is_span() && matches!(meta.name(), "http.request" | "hms.message")
}

/// A layer for a subscriber `S`, boxed.
pub type BoxedLayer<S> = Box<dyn Layer<S> + Send + Sync>;

/// The layer that exports spans, when an endpoint is configured.
pub fn layer<S>(cfg: &TelemetryConfig) -> Result<Option<(BoxedLayer<S>, Telemetry)>, String>
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a> + Send + Sync,
{
    let Some(endpoint) = &cfg.otlp_endpoint else {
        return Ok(None);
    };
    #[cfg(feature = "otlp")]
    {
        use opentelemetry::trace::TracerProvider as _;
        use opentelemetry_otlp::{Protocol, WithExportConfig};
        let exporter = opentelemetry_otlp::SpanExporter::builder()
            .with_http()
            .with_protocol(Protocol::HttpJson)
            .with_endpoint(endpoint.clone())
            .build()
            .map_err(|e| format!("daemon.telemetry.otlp_endpoint {endpoint:?}: {e}"))?;
        let resource = opentelemetry_sdk::Resource::builder()
            .with_service_name(cfg.service_name.clone())
            .build();
        let provider = opentelemetry_sdk::trace::SdkTracerProvider::builder()
            .with_batch_exporter(exporter)
            .with_resource(resource)
            .build();
        let tracer = provider.tracer("hmsd");
        let layer = tracing_opentelemetry::layer()
            .with_tracer(tracer)
            .with_filter(tracing_subscriber::filter::filter_fn(exported));
        Ok(Some((Box::new(layer), Telemetry(provider))))
    }
    #[cfg(not(feature = "otlp"))]
    {
        Err(format!(
            "daemon.telemetry.otlp_endpoint is set ({endpoint}), but this hmsd was built without the `otlp` feature"
        ))
    }
}
