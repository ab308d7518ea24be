//! What travels in a worker's mailbox, and the promise that every call hears back.
//!
//! An envelope dropped unopened (its incarnation died with it in the mailbox)
//! returns the message to the caller, who can safely send it again. A reply
//! dropped after handling began tells the caller the message is lost.

use tokio::sync::oneshot;

use super::Worker;
use crate::error::Error;

pub(crate) enum Outcome<W: Worker> {
    Reply(Result<W::Reply, Error>),
    /// Never handled: here it is back.
    Undelivered(W::Msg),
    /// Handling began and the actor died.
    Lost,
}

pub(crate) struct Envelope<W: Worker> {
    msg: Option<W::Msg>,
    reply: Option<oneshot::Sender<Outcome<W>>>,
}

// Local only: a worker's envelope carries a reply channel and never crosses nodes.
impl<W: Worker> ractor::Message for Envelope<W> {}

impl<W: Worker> Envelope<W> {
    pub fn call(msg: W::Msg, reply: oneshot::Sender<Outcome<W>>) -> Self {
        Self {
            msg: Some(msg),
            reply: Some(reply),
        }
    }

    pub fn cast(msg: W::Msg) -> Self {
        Self {
            msg: Some(msg),
            reply: None,
        }
    }

    /// The token that tells an actor to drain its backlog.
    pub fn wake() -> Self {
        Self {
            msg: None,
            reply: None,
        }
    }

    pub fn is_wake(&self) -> bool {
        self.msg.is_none()
    }

    /// Takes the message out for handling; from here on the reply (if this is
    /// a call) is a promise.
    pub fn open(mut self) -> (W::Msg, Promise<W>) {
        let msg = self.msg.take().expect("an envelope is opened once");
        (msg, Promise(self.reply.take()))
    }
}

impl<W: Worker> Drop for Envelope<W> {
    fn drop(&mut self) {
        if let (Some(msg), Some(tx)) = (self.msg.take(), self.reply.take()) {
            let _ = tx.send(Outcome::Undelivered(msg));
        }
    }
}

/// The reply owed to a caller (none for a cast); dropping it unkept reports
/// the message lost.
pub(crate) struct Promise<W: Worker>(Option<oneshot::Sender<Outcome<W>>>);

impl<W: Worker> Promise<W> {
    /// Whether a caller waits for the reply (a call, not a cast).
    pub fn is_awaited(&self) -> bool {
        self.0.is_some()
    }

    pub fn keep(mut self, reply: Result<W::Reply, Error>) {
        if let Some(tx) = self.0.take() {
            let _ = tx.send(Outcome::Reply(reply));
        }
    }
}

impl<W: Worker> Drop for Promise<W> {
    fn drop(&mut self) {
        if let Some(tx) = self.0.take() {
            let _ = tx.send(Outcome::Lost);
        }
    }
}
