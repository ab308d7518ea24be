//! A health snapshot of the whole tree, in the shape of `docs/data-formats.md`
//! (Health), with the overall status and the rule that decided it.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::future::BoxFuture;
use futures::FutureExt;
use serde::Serialize;

use crate::exit::ExitReason;
use crate::fault::Fault;
use crate::name::{AnySlot, SlotStatus};
use crate::runtime::Runtime;
use crate::spec::{ChildKind, Restart};
use crate::supervisor::{ChildStatus, ChildView, SupervisorRef};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
/// The tree's overall status (see [`Health::rule`] for why).
pub enum HealthStatus {
    /// Everything runs and nothing is restarting, saturated or faulted.
    Healthy,
    /// It serves, but something is restarting, stopped, busy or faulted.
    Degraded,
    /// The root is down or a child has failed for good.
    Unhealthy,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
/// One actor's status.
pub enum NodeStatus {
    /// Alive and taking messages.
    Running,
    /// Between a crash and its restart (a backoff may be running).
    Restarting,
    /// Terminated on purpose, or not started.
    Stopped,
    /// Exited abnormally and was not restarted.
    Failed,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
/// How often an actor was restarted.
pub struct Restarts {
    /// Since the runtime started.
    pub total: u32,
    /// Within the supervisor's current intensity period.
    pub window: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
/// The last abnormal exit of an actor.
pub struct LastFailure {
    /// The exit reason, as text.
    pub reason: String,
    /// When, in milliseconds since the Unix epoch.
    pub at_ms: u64,
}

/// One actor in the tree.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HealthNode {
    /// Its stable name.
    pub name: String,
    /// Its place in the tree, `root/islands/island-0`.
    pub path: String,
    /// Worker or supervisor.
    pub kind: ChildKind,
    /// Running, restarting, stopped or failed.
    pub status: NodeStatus,
    /// Its restart type (permanent, transient, temporary).
    pub restart: Restart,
    /// Restart counts.
    pub restarts: Restarts,
    /// The last abnormal exit, if any.
    pub last_failure: Option<LastFailure>,
    /// Since its current incarnation started.
    pub uptime_ms: u64,
    /// Messages waiting in its mailbox.
    pub mailbox_depth: usize,
    /// Calls accepted and not yet answered.
    pub in_flight: usize,
    /// Its in-flight bound (backpressure), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_in_flight: Option<usize>,
    /// Messages handled.
    pub messages: u64,
    /// Handlers that returned an error.
    pub errors: u64,
    /// Calls whose deadline passed.
    pub timeouts: u64,
    /// Calls refused as overloaded.
    pub rejected: u64,
    /// Calls that ended at their deadline since it last finished a message.
    pub timeouts_in_a_row: u64,
    /// How long it has been handling its current message, when busy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub busy_ms: Option<u64>,
    /// Its liveness limits, when its spec sets them (beyond OTP).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub liveness: Option<crate::spec::Liveness>,
    /// Why it is unresponsive (past a liveness limit), when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unresponsive: Option<String>,
    /// Median handling latency over its recent calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_p50_us: Option<f64>,
    /// 99th percentile of the same.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_p99_us: Option<f64>,
    /// Faults injected and still armed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub faults: Vec<Fault>,
    /// Why this supervisor's children are missing (it did not answer in time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// A supervisor's children, in start order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<HealthNode>,
}

/// The tree's health: an overall status, the rule that decided it, the tree.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Health {
    /// The overall status.
    pub status: HealthStatus,
    /// The rule that decided it, naming the node (`'root/prover' failed`).
    pub rule: String,
    /// When the snapshot was taken, in milliseconds since the Unix epoch.
    pub at_ms: u64,
    /// The root supervisor and, below it, the whole tree.
    pub root: HealthNode,
}

impl Health {
    /// Every node, depth first.
    pub fn nodes(&self) -> Vec<&HealthNode> {
        fn walk<'a>(n: &'a HealthNode, out: &mut Vec<&'a HealthNode>) {
            out.push(n);
            for c in &n.children {
                walk(c, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.root, &mut out);
        out
    }

    /// The node at `path`, if any.
    pub fn find(&self, path: &str) -> Option<&HealthNode> {
        self.nodes().into_iter().find(|n| n.path == path)
    }
}

fn unix_ms(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

fn node(
    name: &str,
    path: String,
    kind: ChildKind,
    status: NodeStatus,
    slot: Option<&dyn AnySlot>,
) -> HealthNode {
    let stats = slot.map(|s| s.stats().snapshot()).unwrap_or_default();
    let (in_flight, mailbox_depth, uptime) = slot.and_then(|s| s.load()).unwrap_or_default();
    let max = slot.map(|s| s.max_in_flight()).filter(|m| *m != usize::MAX);
    let (liveness, unresponsive) = slot.map(|s| s.liveness()).unwrap_or_default();
    HealthNode {
        name: name.to_string(),
        path,
        kind,
        status,
        restart: Restart::Permanent,
        restarts: Restarts::default(),
        last_failure: None,
        uptime_ms: uptime.as_millis() as u64,
        mailbox_depth,
        in_flight,
        max_in_flight: if kind == ChildKind::Worker { max } else { None },
        messages: stats.messages,
        errors: stats.errors,
        timeouts: stats.timeouts,
        rejected: stats.rejected,
        timeouts_in_a_row: stats.timeouts_in_a_row,
        busy_ms: slot
            .and_then(|s| s.busy_for())
            .map(|d| d.as_millis() as u64),
        liveness,
        unresponsive,
        latency_p50_us: stats.latency_p50_us,
        latency_p99_us: stats.latency_p99_us,
        faults: slot.map(|s| s.faults().armed()).unwrap_or_default(),
        error: None,
        children: Vec::new(),
    }
}

fn child_node(view: ChildView) -> HealthNode {
    let status = match view.status {
        ChildStatus::Running => NodeStatus::Running,
        ChildStatus::Restarting => NodeStatus::Restarting,
        ChildStatus::Stopped => NodeStatus::Stopped,
    };
    let name = view
        .path
        .rsplit('/')
        .next()
        .unwrap_or(&view.path)
        .to_string();
    let mut n = node(
        &name,
        view.path.clone(),
        view.kind,
        status,
        view.slot.as_deref(),
    );
    if status != NodeStatus::Running {
        n.uptime_ms = 0;
    }
    n.restart = view.restart;
    n.restarts = Restarts {
        total: view.restarts,
        window: view.restarts_in_window,
    };
    n.last_failure = view.last_failure.map(|(reason, at)| LastFailure {
        reason: reason.to_string(),
        at_ms: unix_ms(at),
    });
    n
}

fn children_of(
    sup: SupervisorRef,
    timeout: Duration,
) -> BoxFuture<'static, Result<Vec<HealthNode>, String>> {
    async move {
        let views = sup
            .with_timeout(timeout)
            .describe()
            .await
            .map_err(|e| e.to_string())?;
        let nodes = views.into_iter().map(|view| {
            let sub = (view.kind == ChildKind::Supervisor && view.status == ChildStatus::Running)
                .then(|| view.slot.clone())
                .flatten()
                .and_then(|s| s.as_any().downcast().ok())
                .map(SupervisorRef::from_slot);
            let mut n = child_node(view);
            async move {
                if let Some(sub) = sub {
                    match children_of(sub, timeout).await {
                        Ok(children) => n.children = children,
                        Err(e) => n.error = Some(e),
                    }
                }
                n
            }
        });
        Ok(futures::future::join_all(nodes).await)
    }
    .boxed()
}

pub(crate) async fn snapshot(rt: &Runtime, timeout: Duration) -> Health {
    // Asked from inside the tree while it starts (an actor's `init`, a task
    // it spawned): the root is not published until its children are up.
    let Some(root) = rt.started_root() else {
        let id = rt.root_id();
        return Health {
            status: HealthStatus::Degraded,
            rule: format!("the tree is starting: root supervisor '{id}' starts its children"),
            at_ms: unix_ms(SystemTime::now()),
            root: node(
                id,
                id.to_string(),
                ChildKind::Supervisor,
                NodeStatus::Restarting,
                None,
            ),
        };
    };
    let slot = rt.registry().get(root.name());
    let status = match (rt.exit_reason(), slot.as_ref().map(|s| s.status())) {
        (None, Some(SlotStatus::Running)) => NodeStatus::Running,
        (Some(reason), _) if is_failure(&reason) => NodeStatus::Failed,
        _ => NodeStatus::Stopped,
    };
    let mut top = node(
        root.name(),
        root.name().to_string(),
        ChildKind::Supervisor,
        status,
        slot.as_deref(),
    );
    if let Some(reason) = rt.exit_reason() {
        top.last_failure = is_failure(&reason).then(|| LastFailure {
            reason: reason.to_string(),
            at_ms: unix_ms(SystemTime::now()),
        });
    }
    if status == NodeStatus::Running {
        match children_of(root, timeout).await {
            Ok(children) => top.children = children,
            Err(e) => top.error = Some(e),
        }
    }
    let (status, rule) = judge(&top);
    Health {
        status,
        rule,
        at_ms: unix_ms(SystemTime::now()),
        root: top,
    }
}

fn is_failure(reason: &ExitReason) -> bool {
    reason.is_abnormal()
        || matches!(reason, ExitReason::Shutdown(Some(d)) if d == "reached_max_restart_intensity")
}

/// The overall status: the first rule, in this order, that some node meets.
fn judge(root: &HealthNode) -> (HealthStatus, String) {
    fn all(n: &HealthNode) -> Vec<&HealthNode> {
        let mut v = vec![n];
        for c in &n.children {
            v.extend(all(c));
        }
        v
    }
    let nodes = all(root);
    let first = |pred: &dyn Fn(&HealthNode) -> bool| nodes.iter().copied().find(|n| pred(n));

    if root.status != NodeStatus::Running {
        let why = root
            .last_failure
            .as_ref()
            .map_or(String::new(), |f| format!(": {}", f.reason));
        return (
            HealthStatus::Unhealthy,
            format!("root supervisor '{}' is not running{why}", root.name),
        );
    }
    if let Some(n) = first(&|n| n.status == NodeStatus::Failed) {
        return (HealthStatus::Unhealthy, format!("'{}' failed", n.path));
    }
    if let Some(n) = first(&|n| n.status == NodeStatus::Running && n.unresponsive.is_some()) {
        return (
            HealthStatus::Degraded,
            format!(
                "'{}' is unresponsive: {}",
                n.path,
                n.unresponsive.as_deref().unwrap_or_default()
            ),
        );
    }
    if let Some(n) = first(&|n| n.status == NodeStatus::Restarting) {
        return (
            HealthStatus::Degraded,
            format!("'{}' is restarting", n.path),
        );
    }
    if let Some(n) = first(&|n| n.restarts.window > 0) {
        return (
            HealthStatus::Degraded,
            format!(
                "'{}' restarted {} time(s) within its supervisor's intensity period",
                n.path, n.restarts.window
            ),
        );
    }
    if let Some(n) = first(&|n| n.max_in_flight.is_some_and(|m| n.in_flight >= m)) {
        return (
            HealthStatus::Degraded,
            format!("'{}' is overloaded ({} in flight)", n.path, n.in_flight),
        );
    }
    if let Some(n) = first(&|n| n.error.is_some()) {
        return (
            HealthStatus::Degraded,
            format!("supervisor '{}' did not answer the health query", n.path),
        );
    }
    if let Some(n) = first(&|n| n.status == NodeStatus::Stopped && n.restart == Restart::Permanent)
    {
        return (
            HealthStatus::Degraded,
            format!("permanent child '{}' is stopped", n.path),
        );
    }
    (
        HealthStatus::Healthy,
        format!(
            "all {} actors up; no restarts within the intensity periods",
            nodes.len()
        ),
    )
}
