//! `Handle<W>`: a stable, typed address of a worker. Calls carry a deadline and
//! end in a reply or a typed error before it; a call that meets a restart waits
//! for the new incarnation; backpressure answers `overloaded` at once.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;

use crate::deadline::{reply_by, Deadline};
use crate::error::Error;
use crate::name::{AnySlot, Live, Slot};
use crate::stats::StatsSnapshot;
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
    /// thread): runs the call on `tokio` and waits for it here, polling briefly
    /// before it sleeps ([`crate::outside::wait_for`]).
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
        let this = self.clone();
        crate::outside::wait_for(tokio, timeout, async move { this.call(msg, timeout).await })
    }

    /// [`Handle::call`] with options (deadline, idempotence).
    ///
    /// # Errors
    ///
    /// As [`Handle::call`].
    pub async fn call_with(&self, msg: W::Msg, opts: CallOptions) -> Result<W::Reply, Error> {
        let mut deadline = Deadline::after(opts.timeout);
        let idempotent = opts.idempotent.unwrap_or_else(|| W::is_idempotent(&msg));
        let mut msg = Some(msg);
        let mut after = None;
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
            match reply_by(rx, &mut deadline).await {
                Some(Ok(Outcome::Reply(reply))) => return reply,
                Some(Ok(Outcome::Undelivered(back))) => msg = Some(back),
                Some(Ok(Outcome::Lost)) | Some(Err(_)) => match copy {
                    Some(copy) => msg = Some(copy),
                    None => {
                        return Err(Error::actor_down(format!(
                            "'{}' stopped while handling the call",
                            self.name()
                        )))
                    }
                },
                None => {
                    self.slot.stats.record_timeout();
                    return Err(Error::timeout(format!(
                        "'{}' did not answer within {:?}",
                        self.name(),
                        opts.timeout
                    )));
                }
            }
            // Retry only on a newer incarnation.
            after = Some(seq);
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
