//! `/metrics` through the Prometheus project's client library: the tree's
//! per-actor counters and gauges (read from a health snapshot at each
//! scrape), HTTP requests and their latency, journal writes, config reloads.
//! Served as OpenMetrics when the scraper asks for it (`Accept`), else in the
//! Prometheus text format 0.0.4. Every series is listed in
//! `docs/operations.md`, and a test checks the list against a scrape.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use hms_runtime::{Health, HealthNode, NodeStatus};
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::metrics::MetricType;
use prometheus_client::registry::{Registry, Unit};

use crate::state::State;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Request {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Route {
    route: String,
    method: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Outcome {
    result: &'static str,
}

pub struct Metrics {
    registry: Registry,
    requests: Family<Request, Counter>,
    latency: Family<Route, Histogram>,
    reloads: Family<Outcome, Counter>,
    journal_records: Counter,
    journal_pruned: Counter,
    /// What the collector reports, refreshed before each scrape.
    snapshot: Arc<Mutex<Snapshot>>,
    /// One scrape at a time, so a scrape reports its own snapshot.
    scrape: tokio::sync::Mutex<()>,
}

#[derive(Debug, Default)]
struct Snapshot {
    health: Option<Health>,
    journal_writes: bool,
    connections: usize,
    streams: usize,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::default();
        let requests = Family::<Request, Counter>::default();
        registry.register(
            "hms_http_requests",
            "HTTP requests answered, by route, method and status",
            requests.clone(),
        );
        let latency = Family::<Route, Histogram>::new_with_constructor(|| {
            // 0.1 ms to ~3.3 s, doubling.
            Histogram::new(exponential_buckets(0.0001, 2.0, 16))
        });
        registry.register_with_unit(
            "hms_http_request_duration",
            "time from a request's arrival to its answer's headers, by route and method",
            Unit::Seconds,
            latency.clone(),
        );
        let reloads = Family::<Outcome, Counter>::default();
        // Both series exist from the start, at 0.
        for result in ["applied", "refused"] {
            let _ = reloads.get_or_create(&Outcome { result });
        }
        registry.register(
            "hms_config_reloads",
            "configuration reloads (SIGHUP), applied or refused",
            reloads.clone(),
        );
        let journal_records = Counter::default();
        registry.register(
            "hms_journal_records",
            "records committed to the journal since start",
            journal_records.clone(),
        );
        let journal_pruned = Counter::default();
        registry.register(
            "hms_journal_pruned_records",
            "records dropped by the journal's retention since start",
            journal_pruned.clone(),
        );
        let snapshot = Arc::new(Mutex::new(Snapshot::default()));
        registry.register_collector(Box::new(Tree(snapshot.clone())));
        Self {
            registry,
            requests,
            latency,
            reloads,
            journal_records,
            journal_pruned,
            snapshot,
            scrape: tokio::sync::Mutex::new(()),
        }
    }
}

impl Metrics {
    pub fn request(&self, route: &str, method: &str, status: u16, took: Duration) {
        let (route, method) = (route.to_string(), method.to_string());
        self.requests
            .get_or_create(&Request {
                route: route.clone(),
                method: method.clone(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&Route { route, method })
            .observe(took.as_secs_f64());
    }

    pub fn reloaded(&self, applied: bool) {
        let result = if applied { "applied" } else { "refused" };
        self.reloads.get_or_create(&Outcome { result }).inc();
    }

    pub fn journaled(&self, records: usize) {
        self.journal_records.inc_by(records as u64);
    }

    pub fn pruned(&self, records: u64) {
        self.journal_pruned.inc_by(records);
    }
}

/// The text of a scrape: OpenMetrics when `openmetrics`, else Prometheus 0.0.4.
pub async fn render(s: &State, openmetrics: bool) -> String {
    let m = &s.metrics;
    let _one = m.scrape.lock().await;
    let health = s.app.health().await;
    {
        let mut snap = m.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        *snap = Snapshot {
            health: Some(health),
            journal_writes: s.journal.failing().is_none(),
            connections: s.connections.open(),
            streams: s.streams.open(),
        };
    }
    let mut out = String::new();
    let encoded = if openmetrics {
        prometheus_client::encoding::text::encode(&mut out, &m.registry)
    } else {
        prometheus_client::encoding::prometheus_text::encode(&mut out, &m.registry)
    };
    if let Err(e) = encoded {
        tracing::error!("cannot encode metrics: {e}");
    }
    out
}

/// The series read from the snapshot at each scrape.
#[derive(Debug)]
struct Tree(Arc<Mutex<Snapshot>>);

/// Name, help, unit, type, and the value of one node.
type PerActor = (
    &'static str,
    &'static str,
    Option<Unit>,
    MetricType,
    fn(&HealthNode) -> f64,
);

fn per_actor() -> [PerActor; 11] {
    use MetricType::{Counter as C, Gauge as G};
    [
        ("hms_actor_up", "1 when the actor runs", None, G, |n| {
            f64::from(u8::from(n.status == NodeStatus::Running))
        }),
        ("hms_actor_restarts", "restarts since start", None, C, |n| {
            n.restarts.total as f64
        }),
        ("hms_actor_messages", "messages handled", None, C, |n| {
            n.messages as f64
        }),
        (
            "hms_actor_errors",
            "handler errors and panics",
            None,
            C,
            |n| n.errors as f64,
        ),
        (
            "hms_actor_timeouts",
            "calls whose caller gave up",
            None,
            C,
            |n| n.timeouts as f64,
        ),
        (
            "hms_actor_rejected",
            "messages refused as overloaded",
            None,
            C,
            |n| n.rejected as f64,
        ),
        ("hms_actor_in_flight", "calls in flight", None, G, |n| {
            n.in_flight as f64
        }),
        (
            "hms_actor_mailbox_depth",
            "messages waiting",
            None,
            G,
            |n| n.mailbox_depth as f64,
        ),
        (
            "hms_actor_uptime",
            "time since the current incarnation started",
            Some(Unit::Seconds),
            G,
            |n| n.uptime_ms as f64 / 1000.0,
        ),
        (
            "hms_actor_latency_p50",
            "median handling latency",
            Some(Unit::Seconds),
            G,
            |n| n.latency_p50_us.unwrap_or(0.0) / 1e6,
        ),
        (
            "hms_actor_latency_p99",
            "99th percentile handling latency",
            Some(Unit::Seconds),
            G,
            |n| n.latency_p99_us.unwrap_or(0.0) / 1e6,
        ),
    ]
}

fn gauge(
    encoder: &mut DescriptorEncoder,
    name: &str,
    help: &str,
    value: f64,
) -> Result<(), std::fmt::Error> {
    ConstGauge::new(value).encode(encoder.encode_descriptor(name, help, None, MetricType::Gauge)?)
}

impl Collector for Tree {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let snap = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let Some(health) = &snap.health else {
            return Ok(());
        };
        let nodes = health.nodes();
        for (name, help, unit, kind, value) in per_actor() {
            let mut family = encoder.encode_descriptor(name, help, unit.as_ref(), kind)?;
            for n in &nodes {
                let labels = [("actor", n.name.as_str()), ("path", n.path.as_str())];
                let encoder = family.encode_family(&labels)?;
                match kind {
                    MetricType::Counter => ConstCounter::new(value(n)).encode(encoder)?,
                    _ => ConstGauge::new(value(n)).encode(encoder)?,
                }
            }
        }
        let status = serde_json::to_value(health.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let mut family = encoder.encode_descriptor(
            "hms_health",
            "1 for the tree's current overall status",
            None,
            MetricType::Gauge,
        )?;
        for s in ["healthy", "degraded", "unhealthy"] {
            let labels = [("status", s)];
            ConstGauge::new(i64::from(s == status)).encode(family.encode_family(&labels)?)?;
        }
        gauge(
            &mut encoder,
            "hms_journal_writable",
            "1 when the journal commits, 0 while its disk refuses writes",
            f64::from(u8::from(snap.journal_writes)),
        )?;
        gauge(
            &mut encoder,
            "hms_http_connections_open",
            "HTTP connections open",
            snap.connections as f64,
        )?;
        gauge(
            &mut encoder,
            "hms_event_streams_open",
            "GET /v1/events streams open",
            snap.streams as f64,
        )?;
        let build = [("version", env!("CARGO_PKG_VERSION"))];
        ConstGauge::new(1).encode(
            encoder
                .encode_descriptor(
                    "hms_build_info",
                    "1, labelled with hmsd's version",
                    None,
                    MetricType::Gauge,
                )?
                .encode_family(&build)?,
        )?;
        Ok(())
    }
}
