//! One message's turn, wherever it runs (the actor task, or a caller in
//! place): the handler under its panic guard, then the books and the answer.

use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures::future::Either;
use futures::FutureExt;
use tracing::Instrument;

use super::envelope::Promise;
use super::shared::State;
use super::{Envelope, Worker};
use crate::error::Error;
use crate::exit::{panic_message, ExitReason};
use crate::fault::MessageFault;
use crate::name::Slot;

pub(crate) enum Handled<R> {
    Done(Result<R, Error>),
    Panicked(String),
}

/// A handler's outcome, its panic (if any) turned into [`Handled::Panicked`].
fn handled<R>(outcome: std::thread::Result<Result<R, Error>>) -> Handled<R> {
    match outcome {
        Ok(r) => Handled::Done(r),
        Err(p) => Handled::Panicked(panic_message(p)),
    }
}

/// Runs the handler on `msg`, guarded against panics: in the future, and in
/// `handle` itself (a handler may run code before its first `.await`). A
/// combinator, not an `async fn`, so it adds no state machine of its own to
/// the per-message future; the faulted, failed and traced paths are boxed.
pub(crate) fn handling<'a, W: Worker>(
    slot: &'a Slot<Envelope<W>>,
    msg: W::Msg,
    st: &'a mut State<W>,
) -> impl Future<Output = Handled<W::Reply>> + Send + 'a {
    if slot.faults.is_armed() {
        return Either::Left(Box::pin(run_faulted(slot, msg, st)) as Boxed<'a, W>);
    }
    let span = tracing::debug_span!("hms.message", actor = %slot.path());
    let guarded = match start(msg, st) {
        Ok(handler) => AssertUnwindSafe(handler).catch_unwind().map(handled),
        Err(panicked) => return Either::Left(Box::pin(futures::future::ready(panicked))),
    };
    if span.is_disabled() {
        Either::Right(Either::Left(guarded))
    } else {
        Either::Right(Either::Right(Box::pin(guarded.instrument(span))))
    }
}

type Boxed<'a, W> =
    std::pin::Pin<Box<dyn Future<Output = Handled<<W as Worker>::Reply>> + Send + 'a>>;

/// The handler's future, or its panic while making it.
fn start<W: Worker>(
    msg: W::Msg,
    st: &mut State<W>,
) -> Result<impl Future<Output = Result<W::Reply, Error>> + Send + '_, Handled<W::Reply>> {
    std::panic::catch_unwind(AssertUnwindSafe(move || st.worker.handle(msg, &mut st.ctx)))
        .map_err(|p| Handled::Panicked(panic_message(p)))
}

/// The message path of an actor with armed faults (boxed by the caller, so
/// that its timer does not grow every actor's task).
async fn run_faulted<W: Worker>(
    slot: &Slot<Envelope<W>>,
    msg: W::Msg,
    st: &mut State<W>,
) -> Handled<W::Reply> {
    if let Some((delay, fault)) = slot.faults.on_message() {
        if let Some(delay) = delay {
            tokio::time::sleep(delay).await;
        }
        match fault {
            Some(MessageFault::Panic(m)) => return Handled::Panicked(m),
            Some(MessageFault::Fail(e)) => return Handled::Done(Err(e)),
            // Stuck until killed: callers time out, the mailbox backs up.
            Some(MessageFault::Hang) => futures::future::pending::<()>().await,
            None => {}
        }
    }
    match start(msg, st) {
        Ok(handler) => AssertUnwindSafe(handler).catch_unwind().map(handled).await,
        Err(panicked) => panicked,
    }
}

/// Books a handled message and answers it; returns the exit it asked for.
pub(crate) fn settle<W: Worker>(
    slot: &Slot<Envelope<W>>,
    st: &mut State<W>,
    promise: Promise<W>,
    handled: Handled<W::Reply>,
    started: quanta::Instant,
) -> Option<ExitReason> {
    let failed = !matches!(handled, Handled::Done(Ok(_)));
    let took = started.elapsed();
    slot.stats.record_handled(took, failed);
    st.live.finish(took);
    match handled {
        Handled::Done(_) if st.ctx.unanswered => {
            drop(promise); // as under a crash: `Lost`, or a retry if idempotent
            st.ctx.stop.take()
        }
        Handled::Done(reply) => {
            promise.keep(reply);
            st.ctx.stop.take()
        }
        Handled::Panicked(m) => {
            drop(promise); // the caller hears `Lost` (or retries if idempotent)
            Some(ExitReason::Panic(m))
        }
    }
}
