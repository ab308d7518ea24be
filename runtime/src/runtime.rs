//! `Runtime`: one supervision tree with its name registry, event stream and
//! fault injection; the entry point of the crate.

use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use ractor::{Actor, ActorProcessingErr, ActorRef, SupervisionEvent};
use serde::Serialize;
use tokio::sync::{broadcast, watch};
use tokio::task::JoinHandle;

use crate::error::Error;
use crate::event::{Event, EventKind, EventStream};
use crate::exit::ExitReason;
use crate::fault::{ChaosSchedule, ChaosStep, Fault};
use crate::handle::Handle;
use crate::health::Health;
use crate::name::{AnySlot, Registry, Slot};
use crate::spec::{StartError, StartRequest, SupervisorSpec};
use crate::supervisor::{SupMsg, SupervisorRef};
use crate::worker::{Envelope, Worker};

pub(crate) struct System {
    registry: Registry,
    events: broadcast::Sender<Event>,
    seed: u64,
    root: OnceLock<SupervisorRef>,
    /// The root's id, known before the root has started.
    root_id: String,
    exit: watch::Sender<Option<ExitReason>>,
}

/// A running supervision tree. Cheap to clone; every clone is the same runtime.
///
/// ```
/// use std::time::Duration;
/// use hms_runtime::{ChildSpec, Context, Error, Runtime, Strategy, SupervisorSpec, Worker};
///
/// #[derive(Default)]
/// struct Counter(u64);
///
/// impl Worker for Counter {
///     type Msg = u64;
///     type Reply = u64;
///     async fn handle(&mut self, n: u64, _: &mut Context<Self>) -> Result<u64, Error> {
///         self.0 += n;
///         Ok(self.0)
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Error> {
/// let tree = SupervisorSpec::new(Strategy::OneForOne)
///     .child(ChildSpec::worker("counter", Counter::default));
/// let rt = Runtime::start("root", tree).await?;
/// let counter = rt.handle::<Counter>("counter")?;
/// assert_eq!(counter.call(2, Duration::from_secs(1)).await?, 2);
/// rt.shutdown().await;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Runtime {
    sys: Arc<System>,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("root", &self.sys.root.get().map(|r| r.name().to_string()))
            .field("exit", &*self.sys.exit.borrow())
            .finish()
    }
}

/// Options of a runtime.
#[derive(Clone, Debug)]
pub struct RuntimeBuilder {
    seed: u64,
    event_capacity: usize,
}

impl Default for RuntimeBuilder {
    fn default() -> Self {
        Self {
            seed: 0,
            event_capacity: 4096,
        }
    }
}

impl RuntimeBuilder {
    /// Seeds backoff jitter (chaos schedules carry their own seeds).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Events a slow subscriber may fall behind before it skips ahead.
    pub fn event_capacity(mut self, capacity: usize) -> Self {
        self.event_capacity = capacity.max(1);
        self
    }

    /// Starts the tree: the root supervisor `root_id` with `spec`. Fails if the
    /// spec is invalid or a child fails to start.
    ///
    /// # Errors
    ///
    /// `validation` for a bad `root_id` or an invalid spec (with its path);
    /// `internal` when the root or one of its children fails to start (the
    /// reason in the message).
    pub async fn start(self, root_id: &str, spec: SupervisorSpec) -> Result<Runtime, Error> {
        if root_id.is_empty() || root_id.contains('/') {
            return Err(Error::validation(
                "root_id",
                "must be non-empty and contain no '/'",
            ));
        }
        spec.check()?;
        let sys = Arc::new(System {
            registry: Registry::default(),
            events: broadcast::channel(self.event_capacity).0,
            seed: self.seed,
            root: OnceLock::new(),
            root_id: root_id.to_string(),
            exit: watch::Sender::new(None),
        });
        let rt = Runtime { sys };
        let (guardian, _) = Actor::spawn(None, Guardian, (rt.clone(), root_id.to_string()))
            .await
            .map_err(|e| Error::internal(format!("guardian failed to start: {e}")))?;
        let req = StartRequest {
            supervisor: guardian.get_cell(),
            runtime: rt.clone(),
            path: root_id.to_string(),
            name: Some(root_id.to_string()),
            slot: None,
            args: None,
            max_in_flight: usize::MAX,
            liveness: None,
        };
        let starter = crate::supervisor::starter(move || Ok(spec.clone()));
        match starter.start(req).await {
            Ok(started) => {
                let slot = started
                    .slot
                    .as_any()
                    .downcast::<Slot<SupMsg>>()
                    .map_err(|_| Error::internal("root slot has the wrong type"))?;
                let _ = rt.sys.root.set(SupervisorRef::from_slot(slot));
                Ok(rt)
            }
            Err(e) => {
                guardian.stop(None);
                let reason = match e {
                    StartError::Ignore => "its init returned ignore".to_string(),
                    StartError::Failed(r) => r.to_string(),
                };
                Err(Error::internal(format!(
                    "root supervisor '{root_id}' failed to start: {reason}"
                )))
            }
        }
    }
}

/// Watches the root supervisor and records how the tree ended.
struct Guardian;

impl Actor for Guardian {
    type Msg = ();
    type State = (Runtime, String);
    type Arguments = (Runtime, String);

    async fn pre_start(
        &self,
        _myself: ActorRef<()>,
        args: (Runtime, String),
    ) -> Result<Self::State, ActorProcessingErr> {
        Ok(args)
    }

    async fn handle_supervisor_evt(
        &self,
        myself: ActorRef<()>,
        evt: SupervisionEvent,
        (rt, root): &mut Self::State,
    ) -> Result<(), ActorProcessingErr> {
        if let Some((_, reason)) = ExitReason::from_event(&evt) {
            if let Some(slot) = rt.sys.registry.get(root) {
                slot.mark_down(false, &reason);
            }
            let kind = if reason.is_abnormal()
                || matches!(&reason, ExitReason::Shutdown(Some(d)) if d == "reached_max_restart_intensity")
            {
                EventKind::Failed {
                    reason: reason.clone(),
                }
            } else {
                EventKind::Terminated {
                    reason: reason.clone(),
                }
            };
            rt.emit(Event::new("", root, kind));
            rt.sys.exit.send_replace(Some(reason));
            myself.stop(None);
        }
        Ok(())
    }
}

/// What one step of a chaos run did.
#[derive(Clone, Debug, Serialize)]
pub struct ChaosOutcome {
    /// The planned step.
    pub step: ChaosStep,
    /// `None` when the fault was applied.
    pub error: Option<Error>,
}

impl Runtime {
    /// Starts a tree with default options (see [`RuntimeBuilder`]).
    ///
    /// # Errors
    ///
    /// As [`RuntimeBuilder::start`].
    pub async fn start(root_id: &str, spec: SupervisorSpec) -> Result<Runtime, Error> {
        RuntimeBuilder::default().start(root_id, spec).await
    }

    /// A builder for a runtime with options (seed, event capacity).
    pub fn builder() -> RuntimeBuilder {
        RuntimeBuilder::default()
    }

    pub(crate) fn registry(&self) -> &Registry {
        &self.sys.registry
    }

    pub(crate) fn seed(&self) -> u64 {
        self.sys.seed
    }

    /// Whether anyone listens to events (building one costs allocations).
    pub(crate) fn observed(&self) -> bool {
        self.sys.events.receiver_count() > 0
    }

    pub(crate) fn emit(&self, event: Event) {
        let _ = self.sys.events.send(event);
    }

    /// A typed handle to the worker registered as `name`.
    ///
    /// # Errors
    ///
    /// `not_found` when no actor has that name; `validation` (path `name`) when
    /// the actor there takes other messages than `W`'s.
    pub fn handle<W: Worker>(&self, name: &str) -> Result<Handle<W>, Error> {
        self.sys
            .registry
            .typed::<Envelope<W>>(name)
            .map(Handle::from_slot)
    }

    /// A handle to the supervisor registered as `name`.
    ///
    /// # Errors
    ///
    /// `not_found` when no actor has that name; `validation` (path `name`) when
    /// it is not a supervisor.
    pub fn supervisor(&self, name: &str) -> Result<SupervisorRef, Error> {
        self.sys
            .registry
            .typed::<SupMsg>(name)
            .map(SupervisorRef::from_slot)
    }

    /// The root supervisor, once it has started (its children start first:
    /// an actor's `init` sees `None`).
    pub(crate) fn started_root(&self) -> Option<SupervisorRef> {
        self.sys.root.get().cloned()
    }

    /// The root's id.
    pub(crate) fn root_id(&self) -> &str {
        &self.sys.root_id
    }

    /// The root supervisor.
    pub fn root(&self) -> SupervisorRef {
        self.sys
            .root
            .get()
            .cloned()
            .expect("a started runtime has a root")
    }

    /// Whether an actor is registered under `name` (running or restarting).
    pub fn is_registered(&self, name: &str) -> bool {
        self.sys.registry.get(name).is_some()
    }

    /// Registered names, sorted.
    pub fn names(&self) -> Vec<String> {
        self.sys.registry.names()
    }

    /// Subscribes to supervision events from now on.
    pub fn events(&self) -> EventStream {
        EventStream::new(self.sys.events.subscribe())
    }

    /// A snapshot of the whole tree (see `docs/data-formats.md`, Health).
    pub async fn health(&self) -> Health {
        crate::health::snapshot(self, Duration::from_secs(2)).await
    }

    fn slot(&self, name: &str) -> Result<Arc<dyn AnySlot>, Error> {
        self.sys
            .registry
            .get(name)
            .ok_or_else(|| Error::not_found(format!("no actor named '{name}'")))
    }

    /// Injects `fault` into the actor registered as `name`.
    ///
    /// # Errors
    ///
    /// `validation` for a fault with bad parameters; `not_found` for an unknown
    /// name; `actor_down` to kill an actor that is not running.
    pub fn inject_fault(&self, name: &str, fault: Fault) -> Result<(), Error> {
        fault.validate()?;
        let slot = self.slot(name)?;
        if fault == Fault::Kill {
            self.kill(name)?;
        } else {
            slot.faults().arm(&fault);
        }
        self.emit(Event::new(name, name, EventKind::FaultInjected { fault }));
        Ok(())
    }

    /// Kills the running incarnation of `name` at once, as OTP's
    /// `exit(Pid, kill)`: no `terminate`, a handler is cut off wherever it
    /// awaits. Its supervisor sees the abnormal exit `killed` and applies its
    /// strategy. The way to stop a worker stuck in a handler, which cannot
    /// take an orderly stop.
    ///
    /// # Errors
    ///
    /// `not_found` for an unknown name; `actor_down` when it is not running.
    pub fn kill(&self, name: &str) -> Result<(), Error> {
        let cell = self
            .slot(name)?
            .live_cell()
            .ok_or_else(|| Error::actor_down(format!("'{name}' is not running")))?;
        cell.kill();
        Ok(())
    }

    /// Kills the running incarnation of `name` if it is past its liveness
    /// limits, judging and killing the same incarnation (a watchdog's check
    /// and its `exit(Pid, kill)` in one step): its number and why, or `None`
    /// when it is not unresponsive (any more).
    ///
    /// # Errors
    ///
    /// `not_found` for an unknown name.
    pub fn kill_if_unresponsive(&self, name: &str) -> Result<Option<(u64, String)>, Error> {
        Ok(self.slot(name)?.kill_if_unresponsive())
    }

    /// The number of `name`'s running incarnation (increasing across
    /// restarts), or `None` while it is not running.
    ///
    /// # Errors
    ///
    /// `not_found` for an unknown name.
    pub fn incarnation(&self, name: &str) -> Result<Option<u64>, Error> {
        Ok(self.slot(name)?.incarnation())
    }

    /// Disarms every fault of `name`.
    ///
    /// # Errors
    ///
    /// `not_found` for an unknown name.
    pub fn clear_faults(&self, name: &str) -> Result<(), Error> {
        self.slot(name)?.faults().clear();
        self.emit(Event::new(name, name, EventKind::FaultsCleared));
        Ok(())
    }

    /// The faults armed on `name`.
    ///
    /// # Errors
    ///
    /// `not_found` for an unknown name.
    pub fn faults(&self, name: &str) -> Result<Vec<Fault>, Error> {
        Ok(self.slot(name)?.faults().armed())
    }

    /// Plays a chaos schedule in the background; the task ends with what each
    /// step did. The same seed plays the same steps.
    pub fn run_chaos(&self, schedule: &ChaosSchedule) -> JoinHandle<Vec<ChaosOutcome>> {
        let rt = self.clone();
        let plan = schedule.plan();
        tokio::spawn(async move {
            let start = tokio::time::Instant::now();
            let mut outcomes = Vec::with_capacity(plan.len());
            for step in plan {
                tokio::time::sleep_until(start + step.at).await;
                let error = rt.inject_fault(&step.target, step.fault.clone()).err();
                outcomes.push(ChaosOutcome { step, error });
            }
            outcomes
        })
    }

    /// Whether the root supervisor is still up.
    pub fn is_running(&self) -> bool {
        self.sys.exit.borrow().is_none()
    }

    /// How the tree ended, once it has.
    pub fn exit_reason(&self) -> Option<ExitReason> {
        self.sys.exit.borrow().clone()
    }

    /// Waits until the root supervisor stops, and tells why.
    pub async fn wait(&self) -> ExitReason {
        let mut rx = self.sys.exit.subscribe();
        let reason = match rx.wait_for(Option::is_some).await {
            Ok(reason) => reason.clone(),
            Err(_) => None,
        };
        reason.unwrap_or(ExitReason::Shutdown(None))
    }

    /// Stops the tree: new calls get `shutdown`, children stop in reverse start
    /// order by their shutdown specs. Returns how the root ended.
    pub async fn shutdown(&self) -> ExitReason {
        self.sys
            .registry
            .shutting_down
            .store(true, Ordering::Relaxed);
        if let Some(cell) = self
            .sys
            .registry
            .get(self.root().name())
            .and_then(|s| s.live_cell())
        {
            cell.stop(Some(ExitReason::Shutdown(None).to_stop_reason()));
        }
        self.wait().await
    }
}
