//! The self-healer's actor shell. Answers data requests with the pure
//! detector and healer, diagnoses the tree on request, and watches the
//! supervision events: a restart storm (or an error reported by a client)
//! starts the recovery flow of `recovery.rs`. It also checks the tree for
//! workers past their liveness limits (stuck in a handler, calls timing out)
//! and recovers them the same way. Its records and healing events outlive
//! any one incarnation.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};

use hms_runtime::{
    ChildKind, Context, Error, Event, EventKind, ExitReason, Init, NodeStatus, Runtime, Worker,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokio::sync::broadcast;
use tokio::task::JoinHandle;

use super::diagnosis::{diagnose, SystemDiagnosis};
use super::provenance::{rfc3339, Provenance};
use super::recovery::{now_ms, recover, RecoveryRecord, Trigger};
use super::{apply_healing, detect_anomalies, Anomaly, Healed, HealingContext};
use crate::app::config::HealerConfig;
use crate::app::journal::{JournalFact, Journaled, Pending};
use crate::error::{decode, dispatch, type_names, Decoder};
use crate::InputError;

#[derive(Clone, Debug)]
pub enum HealerRequest {
    DetectAnomalies {
        data: Value,
    },
    ApplyHealing {
        data: Value,
        context: HealingContext,
    },
    MonitorSystemHealth,
    /// A client reports a failure of `component`; the flow answers with its record.
    ReportError {
        component: String,
        error: String,
    },
    /// Recovery records, newest last.
    Recoveries {
        limit: usize,
    },
    /// A supervision event (sent by the healer's own watcher, not over JSON).
    Observed(Box<Event>),
}

#[derive(Deserialize)]
struct DataBody {
    data: Value,
}

#[derive(Deserialize)]
struct HealBody {
    data: Value,
    #[serde(default)]
    context: HealingContext,
}

#[derive(Deserialize)]
struct ReportBody {
    component: String,
    error: String,
}

#[derive(Deserialize)]
struct RecoveriesBody {
    #[serde(default = "default_limit")]
    limit: usize,
}

fn default_limit() -> usize {
    100
}

const HEALER_DECODERS: [(&str, Decoder<HealerRequest>); 5] = [
    ("detect_anomalies", |body| {
        Ok(HealerRequest::DetectAnomalies {
            data: decode::<DataBody>(body)?.data,
        })
    }),
    ("apply_healing", |body| {
        let b: HealBody = decode(body)?;
        Ok(HealerRequest::ApplyHealing {
            data: b.data,
            context: b.context,
        })
    }),
    ("monitor_system_health", |_| {
        Ok(HealerRequest::MonitorSystemHealth)
    }),
    ("report_error", |body| {
        let b: ReportBody = decode(body)?;
        Ok(HealerRequest::ReportError {
            component: b.component,
            error: b.error,
        })
    }),
    ("recoveries", |body| {
        Ok(HealerRequest::Recoveries {
            limit: decode::<RecoveriesBody>(body)?.limit,
        })
    }),
];

impl HealerRequest {
    pub const TYPES: &'static [&'static str] = &type_names(&HEALER_DECODERS);

    pub fn from_json(value: Value) -> Result<Self, InputError> {
        dispatch(value, &HEALER_DECODERS)
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum HealerReply {
    Anomalies {
        anomalies: Vec<Anomaly>,
    },
    Healed(Box<Healed>),
    Diagnosis {
        diagnosis: SystemDiagnosis,
        recent_recoveries: Vec<RecoveryRecord>,
    },
    Recovery(Box<RecoveryRecord>),
    Recoveries {
        recoveries: Vec<RecoveryRecord>,
    },
    Ack {},
}

/// What the self-healer did, for subscribers (the daemon's event stream and journal).
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum HealerEvent {
    Recovery(RecoveryRecord),
    Healed {
        provenance: Vec<Provenance>,
        unresolved: usize,
    },
}

/// State shared by every incarnation of the self-healer.
#[derive(Clone)]
pub struct HealerShared {
    pub records: Arc<Mutex<VecDeque<RecoveryRecord>>>,
    pub events: broadcast::Sender<HealerEvent>,
    /// Components an unresponsiveness recovery is under way for.
    recovering: Arc<Mutex<HashSet<String>>>,
    /// Settings given while the tree runs (a daemon's config reload); they
    /// outlive an incarnation, so a restarted healer keeps them.
    tuned: Arc<Mutex<Option<HealerConfig>>>,
}

impl Default for HealerShared {
    fn default() -> Self {
        Self {
            records: Arc::default(),
            events: broadcast::channel(1024).0,
            recovering: Arc::default(),
            tuned: Arc::default(),
        }
    }
}

/// Records kept in memory.
const KEEP: usize = 1000;

impl HealerShared {
    /// Replaces the healer's settings from now on (its current and later
    /// incarnations); the caller has checked them.
    pub fn retune(&self, cfg: HealerConfig) {
        *self.tuned.lock().unwrap_or_else(|e| e.into_inner()) = Some(cfg);
    }

    /// The settings in force: the latest `retune`, else `built`.
    fn settings(&self, built: &HealerConfig) -> HealerConfig {
        self.tuned
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .unwrap_or_else(|| built.clone())
    }

    pub fn record(&self, r: RecoveryRecord) {
        let mut records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        if records.len() == KEEP {
            records.pop_front();
        }
        records.push_back(r.clone());
        let _ = self.events.send(HealerEvent::Recovery(r));
    }

    /// Marks `component` as being recovered; false if it already is.
    fn begin_recovery(&self, component: &str) -> bool {
        let mut r = self.recovering.lock().unwrap_or_else(|e| e.into_inner());
        r.insert(component.to_string())
    }

    fn end_recovery(&self, component: &str) {
        let mut r = self.recovering.lock().unwrap_or_else(|e| e.into_inner());
        r.remove(component);
    }

    pub fn recent(&self, limit: usize) -> Vec<RecoveryRecord> {
        let records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        records.iter().rev().take(limit).rev().cloned().collect()
    }
}

/// Aborts a watcher task when the incarnation that started it goes away,
/// however it goes (even killed, when `terminate` does not run).
struct Watcher(JoinHandle<()>);

impl Drop for Watcher {
    fn drop(&mut self) {
        self.0.abort();
    }
}

pub struct SelfHealer {
    cfg: HealerConfig,
    shared: HealerShared,
    watchers: Vec<Watcher>,
    failures: HashMap<String, VecDeque<u64>>,
    /// Until when a component's storm is being handled.
    cooldown: HashMap<String, u64>,
}

impl SelfHealer {
    pub const NAME: &'static str = "self_healer";

    pub fn new(cfg: HealerConfig, shared: HealerShared) -> Self {
        Self {
            cfg,
            shared,
            watchers: Vec::new(),
            failures: HashMap::new(),
            cooldown: HashMap::new(),
        }
    }

    fn observe(&mut self, e: &Event, ctx: &Context<Self>) {
        let EventKind::Failed { reason } = &e.kind else {
            return;
        };
        // A lost node is not the child's fault: its supervisor places it
        // again on a node that is up; breaking its circuit would only stall
        // the work that moved.
        if e.child == Self::NAME || matches!(reason, ExitReason::Noconnection(_)) {
            return;
        }
        let cfg = self.shared.settings(&self.cfg);
        let now = e.at_ms;
        let window = self.failures.entry(e.child.clone()).or_default();
        window.push_back(now);
        while window
            .front()
            .is_some_and(|t| now.saturating_sub(*t) > cfg.storm_window_ms)
        {
            window.pop_front();
        }
        let storm = window.len() >= cfg.storm_restarts;
        let cooling = self
            .cooldown
            .get(&e.child)
            .is_some_and(|until| now < *until);
        if storm && !cooling {
            self.cooldown
                .insert(e.child.clone(), now + cfg.storm_window_ms);
            let diagnosis = format!(
                "restart storm: {} failures within {} ms (last: {reason})",
                window.len(),
                cfg.storm_window_ms
            );
            let (rt, shared, child) = (ctx.runtime().clone(), self.shared.clone(), e.child.clone());
            tokio::spawn(async move {
                shared.record(recover(&rt, &cfg, &child, Trigger::RestartStorm, diagnosis).await);
            });
        }
    }
}

/// Every change a healing made is kept, with its provenance.
impl Journaled for SelfHealer {
    fn journal(msg: &HealerRequest) -> Option<Pending<HealerReply>> {
        if !matches!(msg, HealerRequest::ApplyHealing { .. }) {
            return None;
        }
        Some(Box::new(|reply| match reply {
            HealerReply::Healed(h) => h
                .provenance
                .iter()
                .map(|p| {
                    let subject = p
                        .target
                        .first()
                        .map_or("(record)", |t| t.reference.as_str());
                    JournalFact::new("healing", subject, json!(p))
                })
                .collect(),
            _ => Vec::new(),
        }))
    }
}

impl Worker for SelfHealer {
    type Msg = HealerRequest;
    type Reply = HealerReply;

    async fn init(&mut self, ctx: &mut Context<Self>) -> Result<Init, Error> {
        let mut events = ctx.runtime().events();
        let me = ctx.myself().clone();
        self.watchers.push(Watcher(tokio::spawn(async move {
            while let Some(e) = events.recv().await {
                if me.cast(HealerRequest::Observed(Box::new(e))).is_err() {
                    break;
                }
            }
        })));
        // Its own task, not its mailbox: the check goes on while the healer
        // handles a long recovery.
        self.watchers.push(Watcher(tokio::spawn(watch_liveness(
            ctx.runtime().clone(),
            self.cfg.clone(),
            self.shared.clone(),
        ))));
        Ok(Init::Ready)
    }

    async fn handle(
        &mut self,
        msg: HealerRequest,
        ctx: &mut Context<Self>,
    ) -> Result<HealerReply, Error> {
        match msg {
            HealerRequest::DetectAnomalies { data } => Ok(HealerReply::Anomalies {
                anomalies: detect_anomalies(&data),
            }),
            HealerRequest::ApplyHealing { data, context } => {
                let healed = apply_healing(&data, &context, &rfc3339(now_ms()));
                let _ = self.shared.events.send(HealerEvent::Healed {
                    provenance: healed.provenance.clone(),
                    unresolved: healed.unresolved.len(),
                });
                Ok(HealerReply::Healed(Box::new(healed)))
            }
            HealerRequest::MonitorSystemHealth => {
                let health = ctx.runtime().health().await;
                Ok(HealerReply::Diagnosis {
                    diagnosis: diagnose(&health, &self.shared.settings(&self.cfg)),
                    recent_recoveries: self.shared.recent(20),
                })
            }
            HealerRequest::ReportError { component, error } => {
                let record = recover(
                    ctx.runtime(),
                    &self.shared.settings(&self.cfg),
                    &component,
                    Trigger::ReportedError,
                    format!("reported error: {error}"),
                )
                .await;
                self.shared.record(record.clone());
                Ok(HealerReply::Recovery(Box::new(record)))
            }
            HealerRequest::Recoveries { limit } => Ok(HealerReply::Recoveries {
                recoveries: self.shared.recent(limit),
            }),
            HealerRequest::Observed(e) => {
                self.observe(&e, ctx);
                Ok(HealerReply::Ack {})
            }
        }
    }

    async fn terminate(&mut self, _: &ExitReason, _: &mut Context<Self>) {
        self.watchers.clear();
    }

    fn is_idempotent(msg: &HealerRequest) -> bool {
        !matches!(msg, HealerRequest::ReportError { .. })
    }
}

/// A recovery under way for a component; dropping it ends it.
struct Recovering(HealerShared, String);

impl Drop for Recovering {
    fn drop(&mut self) {
        self.0.end_recovery(&self.1);
    }
}

/// Checks the tree every `liveness_check_ms` for workers past their liveness
/// limits and starts one recovery per such worker at a time.
async fn watch_liveness(rt: Runtime, built: HealerConfig, shared: HealerShared) {
    loop {
        let cfg = shared.settings(&built);
        tokio::time::sleep(std::time::Duration::from_millis(
            cfg.liveness_check_ms.max(10),
        ))
        .await;
        let health = rt.health().await;
        for n in health.nodes() {
            let Some(why) = &n.unresponsive else {
                continue;
            };
            let stuck = n.kind == ChildKind::Worker && n.status == NodeStatus::Running;
            if !stuck || n.name == SelfHealer::NAME || !shared.begin_recovery(&n.name) {
                continue;
            }
            let (rt, cfg, shared) = (rt.clone(), cfg.clone(), shared.clone());
            let (name, diagnosis) = (n.name.clone(), format!("unresponsive: {why}"));
            tokio::spawn(async move {
                // Ends the recovery however the task ends (a panic included).
                let _done = Recovering(shared.clone(), name.clone());
                let record = recover(&rt, &cfg, &name, Trigger::Unresponsive, diagnosis).await;
                shared.record(record);
            });
        }
    }
}
