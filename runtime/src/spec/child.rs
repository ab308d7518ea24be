//! `ChildSpec`: how a supervisor starts, restarts and stops one child.

use std::any::Any;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use ractor::ActorCell;
use serde::{Deserialize, Serialize};

use super::{Backoff, SupervisorSpec};
use crate::exit::ExitReason;
use crate::name::{AnySlot, Slot};
use crate::runtime::Runtime;
use crate::worker::Worker;

/// When a child that stopped is started again (OTP restart types).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Restart {
    /// Always restarted.
    #[default]
    Permanent,
    /// Restarted only after an abnormal exit (not after `normal` or `shutdown`).
    Transient,
    /// Never restarted; its spec is forgotten once it stops.
    Temporary,
}

impl Restart {
    /// Whether a child of this type is restarted after exiting with `reason`.
    pub fn should_restart(self, reason: &ExitReason) -> bool {
        match self {
            Restart::Permanent => true,
            Restart::Transient => reason.is_abnormal(),
            Restart::Temporary => false,
        }
    }
}

/// How a child is stopped (OTP shutdown specs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shutdown {
    /// Killed at once; `terminate` does not run.
    BrutalKill,
    /// Asked to stop; killed if it has not stopped when the time is up.
    Timeout(Duration),
    /// Asked to stop and waited for (the default for supervisors).
    Infinity,
}

/// Whether a child is a worker or a supervisor of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChildKind {
    /// An actor that handles messages.
    Worker,
    /// A supervisor with children of its own.
    Supervisor,
}

/// Start arguments of a `simple_one_for_one` child, kept to restart it the same way.
pub(crate) type DynArgs = Arc<dyn Any + Send + Sync>;

/// What a supervisor hands a starter.
pub(crate) struct StartRequest {
    pub supervisor: ActorCell,
    pub runtime: Runtime,
    /// `parent_path/child_id`, for events and health.
    pub path: String,
    /// The name to register; `None` for dynamic children.
    pub name: Option<String>,
    /// The child's slot from an earlier incarnation, to reuse across restarts.
    pub slot: Option<Arc<dyn AnySlot>>,
    pub args: Option<DynArgs>,
    pub max_in_flight: usize,
    pub liveness: Option<super::Liveness>,
}

impl StartRequest {
    /// The slot this start publishes into: the child's own from an earlier
    /// incarnation, the registered name's, or (for a dynamic child) a new one.
    pub async fn slot<M: Send + 'static>(&mut self) -> Result<Arc<Slot<M>>, StartError> {
        let failed = |why: String| StartError::Failed(ExitReason::Error(why));
        match (self.slot.take(), &self.name) {
            (Some(slot), _) => slot
                .as_any()
                .downcast()
                .map_err(|_| failed("slot type changed".into())),
            (None, Some(name)) => self
                .runtime
                .registry()
                .claim(name, &self.path)
                .await
                .map_err(failed),
            (None, None) => Ok(Arc::new(Slot::new(
                &self.path,
                self.runtime.registry().shutting_down.clone(),
            ))),
        }
    }
}

pub(crate) struct Started {
    pub cell: ActorCell,
    pub slot: Arc<dyn AnySlot>,
}

pub(crate) enum StartError {
    /// The child asked not to be started (OTP `ignore`): its spec is kept, no process.
    Ignore,
    Failed(ExitReason),
}

/// Type-erased start function of a child spec.
pub(crate) trait Starter: Send + Sync {
    fn kind(&self) -> ChildKind;
    fn start(&self, req: StartRequest) -> BoxFuture<'static, Result<Started, StartError>>;
}

/// How a supervisor starts, restarts and stops one child.
///
/// ```
/// use std::time::Duration;
/// use hms_runtime::{ChildSpec, Restart, Shutdown, Worker, Error};
///
/// struct Echo;
/// impl Worker for Echo {
///     type Msg = String;
///     type Reply = String;
///     async fn handle(&mut self, msg: String, _ctx: &mut hms_runtime::Context<Self>) -> Result<String, Error> {
///         Ok(msg)
///     }
/// }
///
/// let spec = ChildSpec::worker("echo", || Echo)
///     .restart(Restart::Transient)
///     .shutdown(Shutdown::Timeout(Duration::from_millis(500)));
/// assert_eq!(spec.id(), "echo");
/// ```
#[derive(Clone)]
pub struct ChildSpec {
    pub(crate) id: String,
    pub(crate) restart: Restart,
    pub(crate) shutdown: Option<Shutdown>,
    pub(crate) significant: bool,
    pub(crate) backoff: Option<Backoff>,
    pub(crate) max_in_flight: Option<usize>,
    pub(crate) liveness: Option<super::Liveness>,
    pub(crate) starter: Arc<dyn Starter>,
}

/// Workers may hold this many messages in flight unless their spec says otherwise.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 10_000;
/// OTP's default shutdown for workers.
pub const DEFAULT_WORKER_SHUTDOWN: Duration = Duration::from_millis(5000);

impl ChildSpec {
    /// A worker built afresh by `factory` at every (re)start. Its id is also its
    /// registered name: `runtime.handle::<W>(id)` reaches it across restarts.
    pub fn worker<W, F>(id: impl Into<String>, factory: F) -> Self
    where
        W: Worker,
        F: Fn() -> W + Send + Sync + 'static,
    {
        Self::new(id, crate::worker::starter(move |_: &()| factory()))
    }

    /// A worker template for `simple_one_for_one`: each `start_child(args)` builds
    /// one with `factory(&args)`, and a restart builds it again from the same args.
    pub fn worker_with<A, W, F>(id: impl Into<String>, factory: F) -> Self
    where
        A: Any + Send + Sync,
        W: Worker,
        F: Fn(&A) -> W + Send + Sync + 'static,
    {
        Self::new(id, crate::worker::starter(factory))
    }

    /// A nested supervisor; `spec` is its `init` result at every (re)start.
    pub fn supervisor(id: impl Into<String>, spec: SupervisorSpec) -> Self {
        Self::supervisor_with(id, move || Ok(spec.clone()))
    }

    /// A nested supervisor whose `init` may fail (OTP `Module:init/1` returning an error).
    pub fn supervisor_with<F>(id: impl Into<String>, init: F) -> Self
    where
        F: Fn() -> Result<SupervisorSpec, String> + Send + Sync + 'static,
    {
        Self::new(id, crate::supervisor::starter(init))
    }

    fn new(id: impl Into<String>, starter: Arc<dyn Starter>) -> Self {
        Self {
            id: id.into(),
            restart: Restart::Permanent,
            shutdown: None,
            significant: false,
            backoff: None,
            max_in_flight: None,
            liveness: None,
            starter,
        }
    }

    /// Sets the restart type (permanent by default).
    pub fn restart(mut self, restart: Restart) -> Self {
        self.restart = restart;
        self
    }

    /// Sets how the child is stopped (see [`ChildSpec::shutdown_spec`] for the defaults).
    pub fn shutdown(mut self, shutdown: Shutdown) -> Self {
        self.shutdown = Some(shutdown);
        self
    }

    /// Marks the child significant for the supervisor's `auto_shutdown`.
    pub fn significant(mut self, significant: bool) -> Self {
        self.significant = significant;
        self
    }

    /// Delays restarts of this child by an exponential backoff.
    pub fn backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = Some(backoff);
        self
    }

    /// Bound on messages queued or being handled; beyond it calls fail `overloaded`.
    pub fn max_in_flight(mut self, max: usize) -> Self {
        self.max_in_flight = Some(max);
        self
    }

    /// Liveness limits (beyond OTP): past them the running worker is reported
    /// unresponsive in health, for a watchdog to act on. Workers only.
    pub fn liveness(mut self, liveness: super::Liveness) -> Self {
        self.liveness = Some(liveness);
        self
    }

    /// Its liveness limits, if set.
    pub fn liveness_limits(&self) -> Option<super::Liveness> {
        self.liveness
    }

    /// The child's id, unique among its siblings (its stable name for workers).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Worker or supervisor.
    pub fn kind(&self) -> ChildKind {
        self.starter.kind()
    }

    /// Its restart type.
    pub fn restart_type(&self) -> Restart {
        self.restart
    }

    /// Whether its exit counts for the supervisor's `auto_shutdown`.
    pub fn is_significant(&self) -> bool {
        self.significant
    }

    /// Its restart backoff, if any.
    pub fn backoff_policy(&self) -> Option<&Backoff> {
        self.backoff.as_ref()
    }

    /// The shutdown spec, with OTP's defaults applied: 5000 ms for workers,
    /// infinity for supervisors.
    pub fn shutdown_spec(&self) -> Shutdown {
        self.shutdown.unwrap_or(match self.kind() {
            ChildKind::Worker => Shutdown::Timeout(DEFAULT_WORKER_SHUTDOWN),
            ChildKind::Supervisor => Shutdown::Infinity,
        })
    }

    /// Its in-flight bound, with the default applied.
    pub fn in_flight_bound(&self) -> usize {
        self.max_in_flight.unwrap_or(DEFAULT_MAX_IN_FLIGHT)
    }
}

impl fmt::Debug for ChildSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChildSpec")
            .field("id", &self.id)
            .field("kind", &self.kind())
            .field("restart", &self.restart)
            .field("shutdown", &self.shutdown_spec())
            .field("significant", &self.significant)
            .field("backoff", &self.backoff)
            .finish()
    }
}
