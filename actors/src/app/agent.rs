//! Agent mailboxes: an outside agent (a Python coroutine, a Go goroutine, a
//! Rust task) owns a named mailbox in the tree. The bridge actor forwards
//! each message to the agent and waits for its reply, so Rust actors call an
//! agent like any other actor. The bridge is supervised: when the agent
//! reports that its handler crashed, the bridge crashes and is restarted by
//! the supervision rules, and the mailbox carries on.

use hms_runtime::{Context, Error, ExitReason, Worker};
use serde_json::Value;
use tokio::sync::{mpsc, oneshot};

/// What the agent does with a message.
#[derive(Debug)]
pub enum Answer {
    Reply(Value),
    /// An error reply: the caller gets it, the bridge stays up.
    Fail(Error),
    /// The agent's handler crashed: the caller gets `actor_down` and the bridge restarts.
    Crash(String),
}

/// One message waiting for the agent.
#[derive(Debug)]
pub struct Delivery {
    pub message: Value,
    reply: oneshot::Sender<Answer>,
}

impl Delivery {
    pub fn reply(self, value: Value) {
        let _ = self.reply.send(Answer::Reply(value));
    }

    /// Whether anyone waits for the answer (false for a cast).
    pub fn is_awaited(&self) -> bool {
        !self.reply.is_closed()
    }

    pub fn fail(self, error: Error) {
        let _ = self.reply.send(Answer::Fail(error));
    }

    pub fn crash(self, reason: impl Into<String>) {
        let _ = self.reply.send(Answer::Crash(reason.into()));
    }

    pub fn answer(self, answer: Answer) {
        let _ = self.reply.send(answer);
    }
}

/// The agent's end: messages arrive in order; each must be answered.
#[derive(Debug)]
pub struct Mailbox {
    name: String,
    rx: mpsc::Receiver<Delivery>,
}

impl Mailbox {
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The next message, or `None` once the mailbox is closed.
    pub async fn recv(&mut self) -> Option<Delivery> {
        self.rx.recv().await
    }
}

/// Messages waiting between the bridge and a slow agent.
const CAPACITY: usize = 1024;

pub(crate) fn channel(name: &str) -> (AgentLink, Mailbox) {
    let (tx, rx) = mpsc::channel(CAPACITY);
    (
        AgentLink(tx),
        Mailbox {
            name: name.to_string(),
            rx,
        },
    )
}

/// The bridge's end, shared by its incarnations.
#[derive(Clone, Debug)]
pub struct AgentLink(mpsc::Sender<Delivery>);

pub struct AgentBridge {
    link: AgentLink,
}

impl AgentBridge {
    pub fn new(link: AgentLink) -> Self {
        Self { link }
    }
}

/// An agent's replies are its own business: nothing is journaled for them.
impl super::journal::Journaled for AgentBridge {}

impl Worker for AgentBridge {
    type Msg = Value;
    type Reply = Value;

    async fn handle(&mut self, message: Value, ctx: &mut Context<Self>) -> Result<Value, Error> {
        let (reply, answer) = oneshot::channel();
        // A cast is handed on without waiting: nobody waits for its answer, and
        // the next message need not wait for it either. (A crash while handling
        // a cast is the agent's to report; the bridge cannot see it.)
        if !ctx.reply_awaited() {
            self.link
                .0
                .send(Delivery { message, reply })
                .await
                .map_err(|_| {
                    Error::actor_down(format!("agent {} closed its mailbox", ctx.name()))
                })?;
            return Ok(Value::Null);
        }
        self.link
            .0
            .send(Delivery { message, reply })
            .await
            .map_err(|_| Error::actor_down(format!("agent {} closed its mailbox", ctx.name())))?;
        match answer.await {
            Ok(Answer::Reply(v)) => Ok(v),
            Ok(Answer::Fail(e)) => Err(e),
            Ok(Answer::Crash(reason)) => {
                ctx.stop(ExitReason::Error(format!(
                    "agent handler crashed: {reason}"
                )));
                Err(Error::actor_down(format!(
                    "agent {} crashed: {reason}",
                    ctx.name()
                )))
            }
            Err(_) => Err(Error::internal(format!(
                "agent {} dropped a message without answering",
                ctx.name()
            ))),
        }
    }
}
