//! `monitor_system_health`: reads the tree's health and names what looks
//! wrong: restart storms, actors down or restarting, slow or overloaded ones.

use hms_runtime::{Health, HealthNode, HealthStatus, NodeStatus};
use serde::Serialize;

use crate::app::config::HealerConfig;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// `restart_storm`, `down`, `restarting`, `unresponsive`, `slow`, `overloaded`.
    pub kind: &'static str,
    pub actor: String,
    pub message: String,
    /// What the self-healer would do about it.
    pub suggestion: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct SystemDiagnosis {
    pub status: HealthStatus,
    pub rule: String,
    pub findings: Vec<Finding>,
}

pub fn diagnose(health: &Health, cfg: &HealerConfig) -> SystemDiagnosis {
    let mut findings = Vec::new();
    for n in health.nodes() {
        node_findings(n, cfg, &mut findings);
    }
    SystemDiagnosis {
        status: health.status,
        rule: health.rule.clone(),
        findings,
    }
}

fn node_findings(n: &HealthNode, cfg: &HealerConfig, out: &mut Vec<Finding>) {
    let f = |kind, message: String, suggestion| Finding {
        kind,
        actor: n.path.clone(),
        message,
        suggestion,
    };
    if n.restarts.window >= cfg.storm_restarts {
        out.push(f(
            "restart_storm",
            format!(
                "{} restarts within the intensity window ({} in total)",
                n.restarts.window, n.restarts.total
            ),
            "circuit_break",
        ));
    }
    if let Some(why) = &n.unresponsive {
        out.push(f("unresponsive", why.clone(), "restart"));
    }
    match n.status {
        NodeStatus::Running => {}
        NodeStatus::Restarting => out.push(f(
            "restarting",
            "waiting for a restart".into(),
            "confirm_recovery",
        )),
        other => out.push(f(
            "down",
            format!("status {other:?}").to_lowercase(),
            "restart",
        )),
    }
    if let Some(p99) = n.latency_p99_us {
        if p99 > cfg.slow_p99_ms as f64 * 1000.0 {
            out.push(f(
                "slow",
                format!(
                    "p99 latency {:.1} ms above {} ms",
                    p99 / 1000.0,
                    cfg.slow_p99_ms
                ),
                "reconfigure",
            ));
        }
    }
    let near_bound = n
        .max_in_flight
        .is_some_and(|max| n.in_flight * 10 >= max * 8);
    if near_bound || n.rejected > 0 {
        out.push(f(
            "overloaded",
            format!(
                "{} in flight, {} rejected as overloaded",
                n.in_flight, n.rejected
            ),
            "circuit_break",
        ));
    }
}
