//! `Handle<W>`: a stable, typed address of a worker. Calls carry a deadline and
//! end in a reply or a typed error before it; a call that meets a restart waits
//! for the new incarnation; backpressure answers `overloaded` at once.

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use futures::FutureExt;
use tokio::sync::oneshot;

use crate::deadline::{reply_by, Deadline};
use crate::error::Error;
use crate::name::{AnySlot, Live, Slot};
use crate::stats::StatsSnapshot;
use crate::worker::in_place;
use crate::worker::{Envelope, Outcome, Worker};

/// How to make one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallOptions {
    /// The whole budget, retries and waits for restarts included.
    pub timeout: Duration,
    /// Overrides [`Worker::is_idempotent`] for this call.
    pub idempotent: Option<bool>,
}

impl CallOptions {
    /// Options with this deadline and the worker's own idempotence.
    pub fn timeout(timeout: Duration) -> Self {
        Self {
            timeout,
            idempotent: None,
        }
    }

    /// Says whether this call may be retried on a restarted incarnation.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = Some(idempotent);
        self
    }
}

/// What [`Handle::call_in_place`] gives back.
pub enum InPlace<T> {
    /// Answered on the calling thread.
    Answered(Result<T, Error>),
    /// Not answered yet (the worker was busy, or its handler waits for
    /// something): await this on tokio for the answer.
    Later(BoxFuture<'static, Result<T, Error>>),
}

impl<T> std::fmt::Debug for InPlace<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            InPlace::Answered(_) => "InPlace::Answered",
            InPlace::Later(_) => "InPlace::Later",
        })
    }
}

/// Why [`Handle::send_now`] sent nothing.
enum Unsent<W: Worker> {
    /// Overloaded.
    Refused(Error),
    /// No incarnation runs now.
    Down(W::Msg),
}

/// What a call does next.
enum Next<W: Worker> {
    Answer(Result<W::Reply, Error>),
    Again(W::Msg),
}

/// A handle to a worker by name: valid across restarts, cheap to clone.
pub struct Handle<W: Worker> {
    slot: Arc<Slot<Envelope<W>>>,
}

impl<W: Worker> Clone for Handle<W> {
    fn clone(&self) -> Self {
        Self {
            slot: self.slot.clone(),
        }
    }
}

impl<W: Worker> std::fmt::Debug for Handle<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handle")
            .field("name", &self.name())
            .finish()
    }
}

impl<W: Worker> Handle<W> {
    pub(crate) fn from_slot(slot: Arc<Slot<Envelope<W>>>) -> Self {
        Self { slot }
    }

    /// The worker's registered name.
    pub fn name(&self) -> &str {
        self.slot.name()
    }

    /// Sends `msg` and waits for the reply, at most `timeout` in all.
    ///
    /// # Errors
    ///
    /// The handler's own error; `timeout` past the deadline; `overloaded` at the
    /// in-flight bound; `actor_down` when the worker died with the message (and
    /// it was not idempotent, or retrying failed); `shutdown` once stopping.
    pub async fn call(&self, msg: W::Msg, timeout: Duration) -> Result<W::Reply, Error> {
        self.call_with(msg, CallOptions::timeout(timeout)).await
    }

    /// [`Handle::call`] from a thread outside tokio (a foreign caller, a plain
    /// thread): run here when the worker is idle ([`Handle::call_in_place`]),
    /// otherwise on `tokio`, waited for here, polling briefly before it sleeps
    /// ([`crate::outside::wait_for`]).
    ///
    /// # Errors
    ///
    /// As [`Handle::call`]; `shutdown` when the runtime stopped underneath;
    /// `internal` when called from inside a tokio runtime (it would block a
    /// worker; use [`Handle::call`] there).
    pub fn blocking_call(
        &self,
        tokio: &tokio::runtime::Handle,
        msg: W::Msg,
        timeout: Duration,
    ) -> Result<W::Reply, Error> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::internal(format!(
                "blocking_call to '{}' from inside a tokio runtime: use call().await",
                self.name()
            )));
        }
        match self.call_in_place(tokio, msg, timeout) {
            InPlace::Answered(reply) => reply,
            InPlace::Later(work) => crate::outside::wait_for(tokio, timeout, work),
        }
    }

    /// [`Handle::call`] for a caller that is not a tokio task (a foreign
    /// thread, an event loop). When the worker is idle (nothing in flight, its
    /// last message handled within 200 µs), its handler runs on this thread,
    /// with the same panic guard, counters and supervision as on its own
    /// task, and no thread is woken. A busy worker gets the message now, from
    /// this thread, so a later call from here cannot overtake it. What is not
    /// answered by the handler's first wait is left to `tokio`: await
    /// [`InPlace::Later`] there for the answer.
    ///
    /// The handler may thus run on the calling thread (inside `tokio`'s
    /// context), not only in a tokio task: it must not rely on task-locals.
    /// `tokio` must be the runtime the worker runs on: the rest of a turn
    /// begun here is spawned there. The 200 µs rule looks at the worker's
    /// last turn, so a first message, or a costly one after cheap ones, may
    /// still hold this thread until the handler's first wait.
    pub fn call_in_place(
        &self,
        tokio: &tokio::runtime::Handle,
        msg: W::Msg,
        timeout: Duration,
    ) -> InPlace<W::Reply> {
        let started = quanta::Instant::now();
        let left = move || timeout.saturating_sub(started.elapsed());
        // Copied before anything is counted in flight, in case user code panics.
        let copy = W::is_idempotent(&msg).then(|| msg.clone());
        let (mut rx, seq) = match in_place::claim(&self.slot) {
            Some(claim) => {
                let seq = claim.seq();
                (claim.run(self.slot.clone(), tokio, msg), seq)
            }
            None => match self.send_now(msg) {
                Ok(sent) => sent,
                Err(Unsent::Refused(e)) => return InPlace::Answered(Err(e)),
                Err(Unsent::Down(msg)) => {
                    // Between incarnations: wait for the next one on tokio.
                    let this = self.clone();
                    return InPlace::Later(async move { this.call(msg, timeout).await }.boxed());
                }
            },
        };
        let got = match rx.try_recv() {
            Err(oneshot::error::TryRecvError::Empty) => {
                // The answer comes from tokio: the worker's task, or the task
                // finishing a handler that waits for something.
                let this = self.clone();
                return InPlace::Later(
                    async move {
                        let got = reply_by(rx, &mut Deadline::after(left())).await;
                        match this.next(got, copy, timeout) {
                            Next::Answer(reply) => reply,
                            Next::Again(msg) => this.retry(msg, left(), seq).await,
                        }
                    }
                    .boxed(),
                );
            }
            Err(oneshot::error::TryRecvError::Closed) => Some(Ok(Outcome::Lost)),
            Ok(outcome) if !left().is_zero() => Some(Ok(outcome)),
            Ok(_) => None, // answered, but past the deadline
        };
        match self.next(got, copy, timeout) {
            Next::Answer(reply) => InPlace::Answered(reply),
            Next::Again(msg) => {
                let this = self.clone();
                InPlace::Later(async move { this.retry(msg, left(), seq).await }.boxed())
            }
        }
    }

    /// Sends a call to the running incarnation from this thread: the channel
    /// its answer comes on, and the incarnation.
    fn send_now(&self, msg: W::Msg) -> Result<(oneshot::Receiver<Outcome<W>>, u64), Unsent<W>> {
        let (tx, rx) = oneshot::channel();
        let mut msg = Some(msg);
        let sent = self.slot.with_current(|live| {
            self.admit(live)?;
            let envelope = Envelope::call(msg.take().expect("sent once"), tx);
            if !live.deliver_call(envelope, Envelope::wake) {
                live.unadmit(); // stopping: it comes back as undelivered
            }
            Ok(live.seq)
        });
        match sent {
            Some(Ok(seq)) => Ok((rx, seq)),
            Some(Err(e)) => Err(Unsent::Refused(e)),
            None => Err(Unsent::Down(msg.take().expect("not sent"))),
        }
    }

    /// Sends `msg` again, to an incarnation newer than `after`, within `left`.
    async fn retry(&self, msg: W::Msg, left: Duration, after: u64) -> Result<W::Reply, Error> {
        self.call_from(msg, CallOptions::timeout(left), Some(after))
            .await
    }

    /// [`Handle::call`] with options (deadline, idempotence).
    ///
    /// # Errors
    ///
    /// As [`Handle::call`].
    pub async fn call_with(&self, msg: W::Msg, opts: CallOptions) -> Result<W::Reply, Error> {
        self.call_from(msg, opts, None).await
    }

    /// A call to the first incarnation newer than `after` (any, for `None`).
    async fn call_from(
        &self,
        msg: W::Msg,
        opts: CallOptions,
        mut after: Option<u64>,
    ) -> Result<W::Reply, Error> {
        let mut deadline = Deadline::after(opts.timeout);
        let idempotent = opts.idempotent.unwrap_or_else(|| W::is_idempotent(&msg));
        let mut msg = Some(msg);
        loop {
            let copy = if idempotent { msg.clone() } else { None };
            let (tx, rx) = oneshot::channel();
            let mut tx = Some(tx);
            let seq = self
                .slot
                .with_running(after, &mut deadline, |live| {
                    self.admit(live)?;
                    let envelope = Envelope::call(
                        msg.take().expect("sent once"),
                        tx.take().expect("sent once"),
                    );
                    if !live.deliver_call(envelope, Envelope::wake) {
                        // The incarnation is stopping; the dropped envelope hands
                        // the message back through `rx` as undelivered.
                        live.unadmit();
                    }
                    Ok::<_, Error>(live.seq)
                })
                .await??;
            match self.next(reply_by(rx, &mut deadline).await, copy, opts.timeout) {
                Next::Answer(reply) => return reply,
                Next::Again(back) => msg = Some(back),
            }
            // Retry only on a newer incarnation.
            after = Some(seq);
        }
    }

    /// What a call does with what came back: answer it, or send again.
    #[inline]
    fn next(
        &self,
        got: Option<Result<Outcome<W>, oneshot::error::RecvError>>,
        copy: Option<W::Msg>,
        timeout: Duration,
    ) -> Next<W> {
        match got {
            Some(Ok(Outcome::Reply(reply))) => Next::Answer(reply),
            Some(Ok(Outcome::Undelivered(back))) => Next::Again(back),
            Some(Ok(Outcome::Lost)) | Some(Err(_)) => match copy {
                Some(copy) => Next::Again(copy),
                None => Next::Answer(Err(Error::actor_down(format!(
                    "'{}' stopped while handling the call",
                    self.name()
                )))),
            },
            None => {
                self.slot.stats.record_timeout();
                Next::Answer(Err(Error::timeout(format!(
                    "'{}' did not answer within {timeout:?}",
                    self.name()
                ))))
            }
        }
    }

    /// Sends `msg` without waiting (at-most-once, like an Erlang message). Fails
    /// at once when the actor is down or overloaded.
    ///
    /// # Errors
    ///
    /// `actor_down` when no incarnation runs; `overloaded` at the in-flight bound.
    pub fn cast(&self, msg: W::Msg) -> Result<(), Error> {
        self.slot
            .with_current(|live| {
                self.admit(live)?;
                // Casts queue in the backlog: under load the actor takes them
                // in batches.
                if live.enqueue(Envelope::cast(msg), Envelope::wake) {
                    Ok(())
                } else {
                    live.unadmit();
                    Err(Error::actor_down(format!("'{}' is stopping", self.name())))
                }
            })
            .unwrap_or_else(|| Err(self.slot.not_running()))
    }

    #[inline]
    fn admit(&self, live: &Live<Envelope<W>>) -> Result<(), Error> {
        let max = self.slot.max_in_flight();
        if !live.admit(max) {
            self.slot.stats.record_rejected();
            return Err(Error::overloaded(format!(
                "'{}' has {max} messages in flight",
                self.name()
            )));
        }
        Ok(())
    }

    /// Messages queued or being handled by the current incarnation.
    pub fn in_flight(&self) -> usize {
        self.slot.load().map_or(0, |(n, _, _)| n)
    }

    /// The worker's counters and latency now.
    pub fn stats(&self) -> StatsSnapshot {
        self.slot.stats.snapshot()
    }

    /// The ractor cell of the current incarnation, to link, monitor or wait on it.
    pub fn current_cell(&self) -> Option<ractor::ActorCell> {
        self.slot.live_cell()
    }

    /// Whether an incarnation is running now.
    pub fn is_running(&self) -> bool {
        self.slot.with_current(|_| ()).is_some()
    }
}
