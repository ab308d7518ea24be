//! The application's supervision tree, from the configuration:
//!
//! ```text
//! root (supervisor.strategy)
//! ├── prover_pool (one_for_one)   checker-0 … checker-N   rules run here
//! ├── prover                      the prover orchestrator
//! ├── islands (one_for_one)       island-0 … island-N     the GA's islands
//! ├── genetic_engine
//! ├── agents (one_for_one)        agent:<name> → <name>   agent mailboxes, added at run time
//! ├── self_healer
//! └── coordinator
//! ```
//! Pools start before the actors that use them, so they stop after them.

use std::sync::Arc;
use std::time::Duration;

use hms_runtime::{ChildSpec, Liveness, Shutdown, Strategy, SupervisorSpec};

use super::config::{AppConfig, ChildConfig};
use super::coordinator::Coordinator;
use crate::genetic::actor::GeneticEngine;
use crate::genetic::island::{Island, Snapshots};
use crate::genetic::placement::Placement;
use crate::healer::actor::{HealerShared, SelfHealer};
use crate::prover::actor::Prover;
use crate::prover::checker::Checker;

pub const ISLANDS: &str = "islands";
pub const AGENTS: &str = "agents";

/// Applies a child's configured supervision settings.
pub fn configure(spec: ChildSpec, c: &ChildConfig) -> ChildSpec {
    let mut spec = spec;
    if let Some(r) = c.restart {
        spec = spec.restart(r);
    }
    if let Some(s) = c.shutdown {
        spec = spec.shutdown(s.to_shutdown());
    }
    if let Some(b) = c.backoff {
        spec = spec.backoff(b.to_backoff());
    }
    if let Some(m) = c.max_in_flight {
        spec = spec.max_in_flight(m);
    }
    if let Some(ms) = c.handler_limit_ms {
        spec = spec.liveness(
            Liveness::new(Duration::from_millis(ms))
                .timeouts_in_a_row(c.timeouts_in_a_row.unwrap_or(0)),
        );
    }
    spec
}

/// A one-for-one pool; `at_least` restarts per period unless configured
/// (OTP's default, one in 5 s, is too few where one event, such as a node's
/// loss, takes several children at once).
fn pool(
    c: &ChildConfig,
    children: impl IntoIterator<Item = ChildSpec>,
    at_least: u32,
) -> SupervisorSpec {
    let max = c.max_restarts.unwrap_or(at_least.max(1));
    SupervisorSpec::new(Strategy::OneForOne)
        .children(children)
        .intensity(max, Duration::from_millis(c.period_ms.unwrap_or(5000)))
}

pub fn build(cfg: &AppConfig, healer: &HealerShared, placement: &Placement) -> SupervisorSpec {
    let ch = &cfg.children;
    // Checkers are stateless: a hung one is killed at once rather than waited for.
    let checkers = (0..cfg.prover.checkers).map(|i| {
        ChildSpec::worker(Checker::name(i), Checker::default).shutdown(Shutdown::BrutalKill)
    });
    let snapshots = Arc::new(Snapshots::default());
    let islands = (0..cfg.genetic_engine.islands).map(|i| {
        let (snapshots, placement) = (snapshots.clone(), placement.clone());
        ChildSpec::worker(Island::name(i), move || {
            Island::new(i, snapshots.clone(), placement.clone())
        })
    });
    let (checkers_n, check_timeout) = (
        cfg.prover.checkers,
        Duration::from_millis(cfg.prover.check_timeout_ms),
    );
    let verify_defaults = crate::prover::VerifyOptions {
        as_of: None,
        lab_max_age_days: Some(cfg.prover.lab_max_age_days),
        jurisdiction: Some(cfg.prover.jurisdiction),
    };
    let (islands_n, defaults, epoch_timeout) = (
        cfg.genetic_engine.islands,
        cfg.genetic_engine.defaults,
        Duration::from_millis(cfg.genetic_engine.epoch_timeout_ms),
    );
    let (healer_cfg, healer) = (cfg.self_healer.clone(), healer.clone());
    SupervisorSpec::new(cfg.supervisor.strategy)
        .intensity(
            cfg.supervisor.max_restarts,
            Duration::from_millis(cfg.supervisor.period_ms),
        )
        .child(configure(
            ChildSpec::supervisor(Prover::POOL, pool(&ch.prover_pool, checkers, 1)),
            &ch.prover_pool,
        ))
        .child(configure(
            ChildSpec::worker(Prover::NAME, move || {
                Prover::new(checkers_n, check_timeout, verify_defaults)
            }),
            &ch.prover,
        ))
        .child(configure(
            ChildSpec::supervisor(
                ISLANDS,
                pool(&ch.islands, islands, 2 * cfg.genetic_engine.islands as u32),
            ),
            &ch.islands,
        ))
        .child(configure(
            ChildSpec::worker(GeneticEngine::NAME, move || {
                GeneticEngine::new(islands_n, defaults, epoch_timeout)
            }),
            &ch.genetic_engine,
        ))
        .child(configure(
            ChildSpec::supervisor(AGENTS, pool(&ch.agents, [], 1)),
            &ch.agents,
        ))
        .child(configure(
            ChildSpec::worker(SelfHealer::NAME, move || {
                SelfHealer::new(healer_cfg.clone(), healer.clone())
            }),
            &ch.self_healer,
        ))
        .child(configure(
            ChildSpec::worker(Coordinator::NAME, Coordinator::default),
            &ch.coordinator,
        ))
}
