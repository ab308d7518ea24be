//! The ractor actor that runs a [`Worker`]: one per incarnation.
//!
//! It catches panics itself (in `init`, handlers and `terminate`) so the
//! supervisor learns a typed [`ExitReason`], keeps the counters, honours
//! injected faults, and answers every call it opened.

use std::any::Any;
use std::collections::VecDeque;
use std::future::Future;
use std::marker::PhantomData;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Weak};

use futures::future::BoxFuture;
use futures::FutureExt;
use ractor::{Actor, ActorProcessingErr, ActorRef, SpawnErr};

use super::envelope::Promise;
use super::shared::{Shared, State};
use super::turn::{handling, settle};
use super::{Context, Envelope, Init, Worker};
use crate::exit::{panic_message, ExitError, ExitReason};
use crate::handle::Handle;
use crate::name::{AnySlot, Slot};
use crate::spec::{ChildKind, DynArgs, StartError, StartRequest, Started, Starter};

/// Marker error: `init` returned [`Init::Ignore`].
#[derive(Debug)]
pub(crate) struct Ignored;

impl std::fmt::Display for Ignored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ignore")
    }
}

impl std::error::Error for Ignored {}

fn fail(reason: ExitReason) -> ActorProcessingErr {
    Box::new(ExitError(reason))
}

/// Reads a failed spawn back into a start error.
pub(crate) fn start_error(err: SpawnErr) -> StartError {
    match err {
        SpawnErr::StartupFailed(e) if e.is::<Ignored>() => StartError::Ignore,
        SpawnErr::StartupFailed(e) => StartError::Failed(ExitReason::from_failure(&e)),
        other => StartError::Failed(ExitReason::Error(other.to_string())),
    }
}

type Factory<W> = dyn Fn(Option<&DynArgs>) -> Result<W, String> + Send + Sync;

struct Managed<W: Worker> {
    factory: Arc<Factory<W>>,
    args: Option<DynArgs>,
    slot: Arc<Slot<Envelope<W>>>,
    runtime: crate::runtime::Runtime,
    max_in_flight: usize,
    liveness: Option<crate::spec::Liveness>,
}

/// The ractor state of one incarnation: its worker, behind the lock it shares
/// with callers that run a handler in place.
pub(crate) struct Running<W: Worker> {
    shared: Arc<Shared<W>>,
}

/// Messages taken from the backlog per mailbox wake-up; between batches the
/// actor sees stop requests and supervision events.
const BATCH: usize = 256;

impl<W: Worker> Managed<W> {
    /// Handles one message and answers it; returns the exit it asked for.
    async fn process(
        &self,
        msg: W::Msg,
        promise: Promise<W>,
        st: &mut State<W>,
    ) -> Option<ExitReason> {
        let started = quanta::Instant::now();
        st.live.begin(started);
        st.ctx.awaited = promise.is_awaited();
        let handled = handling(&self.slot, msg, st).await;
        settle(&self.slot, st, promise, handled, started)
    }

    /// Works through the backlog, a batch per wake-up. Messages left when the
    /// actor exits go back to their senders as undelivered.
    async fn drain(&self, st: &mut State<W>) -> Option<ExitReason> {
        let mut batch = VecDeque::with_capacity(BATCH);
        while st.live.take_backlog(BATCH, &mut batch) {
            while let Some(envelope) = batch.pop_front() {
                let (msg, promise) = envelope.open();
                if let Some(exit) = self.process(msg, promise, st).await {
                    return Some(exit);
                }
            }
            // Let stop requests and supervision events in before the next batch.
            if st.live.more_backlog() {
                let _ = st.live.actor.send_message(Envelope::wake());
                return None;
            }
        }
        None
    }

    /// Ends this incarnation: a clean exit goes through ractor's stop (and so
    /// `post_stop`); a failure runs `terminate` here, since ractor skips it.
    async fn exit_with(
        &self,
        st: &mut State<W>,
        exit: ExitReason,
    ) -> Result<(), ActorProcessingErr> {
        st.ended = true;
        if exit.is_abnormal() {
            if let Err(p) = self.terminate(st, &exit).await {
                tracing::warn!(actor = %self.slot.path(), "terminate panicked after a failure: {p}");
            }
            return Err(fail(exit));
        }
        st.live.actor.stop(Some(exit.to_stop_reason()));
        st.exit = Some(exit);
        Ok(())
    }

    async fn terminate(&self, st: &mut State<W>, reason: &ExitReason) -> Result<(), String> {
        AssertUnwindSafe(st.worker.terminate(reason, &mut st.ctx))
            .catch_unwind()
            .await
            .map_err(panic_message)
    }
}

impl<W: Worker> Actor for Managed<W> {
    type Msg = Envelope<W>;
    type State = Running<W>;
    type Arguments = ();

    async fn pre_start(
        &self,
        myself: ActorRef<Self::Msg>,
        _: (),
    ) -> Result<Self::State, ActorProcessingErr> {
        if self.slot.faults.take_start_failure() {
            return Err(fail(ExitReason::Error(
                "injected fault: fail_restarts".into(),
            )));
        }
        let made =
            std::panic::catch_unwind(AssertUnwindSafe(|| (self.factory)(self.args.as_ref())));
        let mut worker = match made {
            Ok(Ok(w)) => w,
            Ok(Err(e)) => return Err(fail(ExitReason::Error(e))),
            Err(p) => return Err(fail(ExitReason::Panic(panic_message(p)))),
        };
        let mut ctx = Context {
            path: self.slot.path().clone(),
            myself: Handle::from_slot(self.slot.clone()),
            runtime: self.runtime.clone(),
            stop: None,
            unanswered: false,
            awaited: false,
            cell: myself.get_cell(),
            linked: Default::default(),
        };
        match AssertUnwindSafe(worker.init(&mut ctx)).catch_unwind().await {
            Ok(Ok(Init::Ready)) => Ok(Running {
                shared: Arc::new_cyclic(|shared: &Weak<Shared<W>>| {
                    let here: Weak<dyn Any + Send + Sync> = shared.clone();
                    let live =
                        self.slot
                            .publish(myself, self.max_in_flight, self.liveness, Some(here));
                    Shared::new(State {
                        live,
                        worker,
                        ctx,
                        exit: None,
                        due: None,
                        ended: false,
                    })
                }),
            }),
            Ok(Ok(Init::Ignore)) => Err(Box::new(Ignored)),
            Ok(Err(e)) => Err(fail(ExitReason::Error(e.to_string()))),
            Err(p) => Err(fail(ExitReason::Panic(panic_message(p)))),
        }
    }

    // A plain fn returning a small future, not an `async fn`: ractor moves this
    // future several times per message, so every byte in it costs on the hot
    // path. Only what crosses the await is captured (not `_myself`); draining
    // the backlog, the rare faulted path and exits are boxed. The worker's
    // lock is held for the whole turn, as a caller in place holds it; whoever
    // waits for it waits without blocking a thread (`Shared::lock`).
    #[allow(clippy::manual_async_fn, clippy::await_holding_lock)]
    fn handle(
        &self,
        _myself: ActorRef<Self::Msg>,
        envelope: Self::Msg,
        st: &mut Self::State,
    ) -> impl Future<Output = Result<(), ActorProcessingErr>> + Send {
        async move {
            let mut st = st.shared.lock().await;
            let st = &mut *st;
            if let Some(exit) = st.due.take() {
                // A handler run in place ended this incarnation: the message
                // goes back to its sender, as those left in a dead mailbox do.
                drop(envelope);
                return Box::pin(self.exit_with(st, exit)).await;
            }
            let mail = (!envelope.is_wake()).then(|| envelope.open());
            let exit = match mail {
                // `process`, written out: one state machine less on the hot path.
                Some((msg, promise)) => {
                    // quanta reads the TSC: a tenth of a vDSO clock_gettime.
                    let started = quanta::Instant::now();
                    st.live.begin(started);
                    st.ctx.awaited = promise.is_awaited();
                    let handled = handling(&self.slot, msg, st).await;
                    settle(&self.slot, st, promise, handled, started)
                }
                None => Box::pin(self.drain(st)).await,
            };
            match exit {
                None => Ok(()),
                Some(exit) => Box::pin(self.exit_with(st, exit)).await,
            }
        }
    }

    #[allow(clippy::await_holding_lock)] // as in `handle`
    async fn post_stop(
        &self,
        _myself: ActorRef<Self::Msg>,
        st: &mut Self::State,
    ) -> Result<(), ActorProcessingErr> {
        let mut st = st.shared.lock().await;
        let st = &mut *st;
        st.ended = true;
        st.live.clear_backlog();
        // A turn in place that ended this incarnation (a panic, `exit`) before
        // the actor task saw it comes first: a stop request must not hide it.
        let due = st.due.take();
        let failed = due.as_ref().filter(|d| d.is_abnormal()).cloned();
        let reason = due
            .or_else(|| st.exit.take())
            .or_else(|| st.ctx.linked.get().cloned())
            .unwrap_or(ExitReason::Shutdown(None));
        self.terminate(st, &reason)
            .await
            .map_err(|p| fail(ExitReason::Panic(p)))?;
        match failed {
            Some(reason) => Err(fail(reason)),
            None => Ok(()),
        }
    }
}

/// Starts [`Managed`] incarnations of workers made by `factory`.
struct WorkerStarter<A, W, F> {
    factory: Arc<Factory<W>>,
    _marker: PhantomData<fn(&A, F)>,
}

/// The start function of a worker child spec: `factory(&args)` at every (re)start.
/// Static children get `()` as args.
pub(crate) fn starter<A, W, F>(factory: F) -> Arc<dyn Starter>
where
    A: Any + Send + Sync,
    W: Worker,
    F: Fn(&A) -> W + Send + Sync + 'static,
{
    let erased: Arc<Factory<W>> = Arc::new(move |args: Option<&DynArgs>| {
        let unit = ();
        let args: &A = match args {
            Some(a) => a
                .downcast_ref::<A>()
                .ok_or_else(|| format!("start args: expected {}", std::any::type_name::<A>()))?,
            None => (&unit as &dyn Any).downcast_ref::<A>().ok_or_else(|| {
                format!(
                    "start args: this spec needs {} (start it with start_child args)",
                    std::any::type_name::<A>()
                )
            })?,
        };
        Ok(factory(args))
    });
    Arc::new(WorkerStarter::<A, W, F> {
        factory: erased,
        _marker: PhantomData,
    })
}

impl<A, W, F> Starter for WorkerStarter<A, W, F>
where
    A: Any + Send + Sync,
    W: Worker,
    F: Send + Sync + 'static,
{
    fn kind(&self) -> ChildKind {
        ChildKind::Worker
    }

    fn start(&self, req: StartRequest) -> BoxFuture<'static, Result<Started, StartError>> {
        let factory = self.factory.clone();
        async move {
            let mut req = req;
            let slot: Arc<Slot<Envelope<W>>> = req.slot().await?;
            let managed = Managed {
                factory,
                args: req.args,
                slot: slot.clone(),
                runtime: req.runtime,
                max_in_flight: req.max_in_flight,
                liveness: req.liveness,
            };
            let (actor, _) = Actor::spawn_linked(None, managed, (), req.supervisor)
                .await
                .map_err(start_error)?;
            Ok(Started {
                cell: actor.get_cell(),
                slot: slot as Arc<dyn AnySlot>,
            })
        }
        .boxed()
    }
}
