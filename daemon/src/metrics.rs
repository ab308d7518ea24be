//! `/metrics` in the Prometheus text format: per-actor counters and gauges
//! from the health snapshot, HTTP requests, journal writes.

use std::fmt::Write;

use hms_runtime::{HealthNode, NodeStatus};

use crate::state::State;

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Name, type, help, and the value of one node.
type Series = (
    &'static str,
    &'static str,
    &'static str,
    fn(&HealthNode) -> f64,
);

pub async fn render(s: &State) -> String {
    let health = s.app.health().await;
    let mut out = String::new();
    let nodes = health.nodes();
    let series: [Series; 11] = [
        ("hms_actor_up", "gauge", "1 when the actor runs", |n| {
            (n.status == NodeStatus::Running) as u8 as f64
        }),
        (
            "hms_actor_restarts_total",
            "counter",
            "restarts since start",
            |n| n.restarts.total as f64,
        ),
        (
            "hms_actor_messages_total",
            "counter",
            "messages handled",
            |n| n.messages as f64,
        ),
        (
            "hms_actor_errors_total",
            "counter",
            "handler errors and panics",
            |n| n.errors as f64,
        ),
        (
            "hms_actor_timeouts_total",
            "counter",
            "calls whose caller gave up",
            |n| n.timeouts as f64,
        ),
        (
            "hms_actor_rejected_total",
            "counter",
            "messages refused as overloaded",
            |n| n.rejected as f64,
        ),
        ("hms_actor_in_flight", "gauge", "calls in flight", |n| {
            n.in_flight as f64
        }),
        (
            "hms_actor_mailbox_depth",
            "gauge",
            "messages waiting",
            |n| n.mailbox_depth as f64,
        ),
        (
            "hms_actor_uptime_seconds",
            "gauge",
            "time since the current incarnation started",
            |n| n.uptime_ms as f64 / 1000.0,
        ),
        (
            "hms_actor_latency_p50_seconds",
            "gauge",
            "median handling latency",
            |n| n.latency_p50_us.unwrap_or(0.0) / 1e6,
        ),
        (
            "hms_actor_latency_p99_seconds",
            "gauge",
            "99th percentile handling latency",
            |n| n.latency_p99_us.unwrap_or(0.0) / 1e6,
        ),
    ];
    for (name, kind, help, value) in series {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
        for n in &nodes {
            let _ = writeln!(
                out,
                "{name}{{actor=\"{}\",path=\"{}\"}} {}",
                esc(&n.name),
                esc(&n.path),
                value(n)
            );
        }
    }
    let status = serde_json::to_value(health.status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "# HELP hms_health 1 for the tree's current overall status\n# TYPE hms_health gauge"
    );
    for s in ["healthy", "degraded", "unhealthy"] {
        let _ = writeln!(out, "hms_health{{status=\"{s}\"}} {}", (s == status) as u8);
    }
    let _ = writeln!(out, "# HELP hms_http_requests_total HTTP requests by route and status\n# TYPE hms_http_requests_total counter");
    let requests = s.requests.lock().unwrap_or_else(|e| e.into_inner()).clone();
    for ((route, code), n) in requests {
        let _ = writeln!(
            out,
            "hms_http_requests_total{{route=\"{}\",status=\"{code}\"}} {n}",
            esc(&route)
        );
    }
    out
}
