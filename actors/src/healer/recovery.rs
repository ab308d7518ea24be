//! The self-healing flow of the seed: diagnose → ask the agent mailbox for a
//! recovery strategy within a deadline → fall back to the built-in policy
//! when no agent answers (or answers nonsense) → apply it through the
//! supervisor → confirm the component runs again. Each run leaves a record.

use std::time::{Duration, Instant};

use hms_runtime::{Error, Runtime, SupervisorRef};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::app::agent::AgentBridge;
use crate::app::config::HealerConfig;

/// What the self-healer does to a failing component (named apart from the
/// supervisor's restart `Strategy`, which it works alongside).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Remedy {
    /// Stop and start the component.
    Restart,
    /// Stop it for a while, then start it again.
    CircuitBreak,
    /// Clear injected faults, then restart it with its configured spec.
    Reconfigure,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    ReportedError,
    RestartStorm,
    /// Past its liveness limits: stuck in a handler, or its calls keep
    /// timing out (beyond OTP, where a process that never exits is never seen).
    Unresponsive,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecoveryRecord {
    pub at_ms: u64,
    pub component: String,
    pub trigger: Trigger,
    pub diagnosis: String,
    pub strategy: Remedy,
    /// `agent:<name>` or `builtin`.
    pub decided_by: String,
    /// Why the agent's answer was not used, when it was not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_error: Option<String>,
    pub applied: bool,
    pub confirmed: bool,
    pub detail: String,
    pub duration_ms: u64,
}

/// What the agent answers: `{"strategy": "circuit_break", "duration_ms": 500}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AgentAdvice {
    strategy: Remedy,
    #[serde(default)]
    duration_ms: Option<u64>,
    #[serde(default)]
    reason: Option<String>,
}

/// The built-in policy: a storm is broken, a single failure restarted.
pub fn builtin(trigger: Trigger) -> Remedy {
    match trigger {
        Trigger::RestartStorm => Remedy::CircuitBreak,
        Trigger::ReportedError | Trigger::Unresponsive => Remedy::Restart,
    }
}

pub async fn recover(
    rt: &Runtime,
    cfg: &HealerConfig,
    component: &str,
    trigger: Trigger,
    diagnosis: String,
) -> RecoveryRecord {
    let started = Instant::now();
    let at_ms = now_ms();
    let (strategy, decided_by, agent_error, break_ms) =
        match ask_agent(rt, cfg, component, trigger, &diagnosis).await {
            Ok(advice) => {
                let by = match advice.reason {
                    Some(r) => format!("agent:{} ({r})", cfg.agent),
                    None => format!("agent:{}", cfg.agent),
                };
                (
                    advice.strategy,
                    by,
                    None,
                    advice.duration_ms.unwrap_or(cfg.circuit_break_ms),
                )
            }
            Err(e) => (
                builtin(trigger),
                "builtin".to_string(),
                Some(e),
                cfg.circuit_break_ms,
            ),
        };
    let confirm = Duration::from_millis(cfg.confirm_timeout_ms);
    let outcome = match trigger {
        Trigger::Unresponsive => unstick(rt, component, strategy, break_ms, confirm).await,
        _ => match apply(rt, component, strategy, break_ms).await {
            Ok(detail) => Ok((detail, rt.wait_running(component, confirm).await)),
            Err(e) => Err(e),
        },
    };
    let (applied, confirmed, detail) = match outcome {
        Ok((detail, confirmed)) => (true, confirmed, detail),
        Err(e) => (false, false, format!("could not apply: {e}")),
    };
    RecoveryRecord {
        at_ms,
        component: component.to_string(),
        trigger,
        diagnosis,
        strategy,
        decided_by,
        agent_error,
        applied,
        confirmed,
        detail,
        duration_ms: started.elapsed().as_millis() as u64,
    }
}

async fn ask_agent(
    rt: &Runtime,
    cfg: &HealerConfig,
    component: &str,
    trigger: Trigger,
    diagnosis: &str,
) -> Result<AgentAdvice, String> {
    let agent = rt
        .handle::<AgentBridge>(&cfg.agent)
        .map_err(|_| format!("no agent named {:?} is registered", cfg.agent))?;
    let request = json!({
        "type": "recovery_request",
        "component": component,
        "trigger": trigger,
        "diagnosis": diagnosis,
        "strategies": ["restart", "circuit_break", "reconfigure"],
        "deadline_ms": cfg.agent_timeout_ms,
    });
    let answer: Value = agent
        .call(request, Duration::from_millis(cfg.agent_timeout_ms))
        .await
        .map_err(|e| format!("agent {}: {e}", cfg.agent))?;
    crate::error::decode::<AgentAdvice>(answer)
        .map_err(|e| format!("agent {} answered something unusable: {e}", cfg.agent))
}

/// Longest circuit break an agent may ask for.
pub const MAX_BREAK_MS: u64 = 60_000;

async fn apply(
    rt: &Runtime,
    component: &str,
    strategy: Remedy,
    break_ms: u64,
) -> Result<String, Error> {
    let sup = rt.parent_of(component).await?;
    match strategy {
        Remedy::Restart => {
            restart(&sup, component).await?;
            Ok(format!(
                "restarted {component} through its supervisor {}",
                sup.name()
            ))
        }
        Remedy::Reconfigure => {
            rt.clear_faults(component)?;
            restart(&sup, component).await?;
            Ok(format!(
                "cleared faults of {component} and restarted it with its configured spec"
            ))
        }
        Remedy::CircuitBreak => {
            sup.terminate_child(component).await?;
            tokio::time::sleep(Duration::from_millis(break_ms.min(MAX_BREAK_MS))).await;
            sup.restart_child(component).await?;
            Ok(format!(
                "circuit opened on {component} for {break_ms} ms, then closed"
            ))
        }
    }
}

/// The remedy for a worker stuck in a handler: it cannot take an orderly
/// stop (it would only be killed after its shutdown timeout), so the stuck
/// incarnation is killed at once — judged and killed in one step, so that a
/// worker that finished meanwhile, or a newer incarnation, is left alone — and
/// its supervisor restarts it by its strategy, as a watchdog's
/// `exit(Pid, kill)` would in OTP. Confirmed when a newer incarnation runs.
async fn unstick(
    rt: &Runtime,
    component: &str,
    strategy: Remedy,
    break_ms: u64,
    confirm: Duration,
) -> Result<(String, bool), Error> {
    if strategy == Remedy::Reconfigure {
        rt.clear_faults(component)?;
    }
    let Some((killed, why)) = rt.kill_if_unresponsive(component)? else {
        let running = rt.incarnation(component)?.is_some();
        return Ok((
            format!("{component} was no longer unresponsive when the remedy came: nothing done"),
            running,
        ));
    };
    let mut confirmed = newer_incarnation(rt, component, killed, confirm).await;
    let how = match strategy {
        Remedy::Restart => "its supervisor restarted it",
        Remedy::Reconfigure => "faults cleared first; its supervisor restarted it",
        Remedy::CircuitBreak => {
            // The fresh incarnation is idle and stops in order.
            let sup = rt.parent_of(component).await?;
            sup.terminate_child(component).await?;
            tokio::time::sleep(Duration::from_millis(break_ms.min(MAX_BREAK_MS))).await;
            sup.restart_child(component).await?;
            confirmed = confirmed && rt.wait_running(component, confirm).await;
            "then its circuit was opened and closed"
        }
    };
    Ok((
        format!("killed incarnation {killed} of {component} ({why}): {how}"),
        confirmed,
    ))
}

/// Waits until an incarnation of `component` newer than `than` runs.
async fn newer_incarnation(rt: &Runtime, component: &str, than: u64, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    loop {
        if rt
            .incarnation(component)
            .ok()
            .flatten()
            .is_some_and(|n| n > than)
        {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn restart(sup: &SupervisorRef, component: &str) -> Result<(), Error> {
    // A child that is running is stopped first; one that is down is just started.
    match sup.terminate_child(component).await {
        Ok(()) => {}
        Err(e) => return Err(e.into()),
    }
    sup.restart_child(component).await?;
    Ok(())
}

pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}
