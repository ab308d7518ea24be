//! Workers: the user's actors. A [`Worker`] is plain state plus a message
//! handler; the runtime wraps it in a ractor actor that adds deadlines,
//! backpressure, counters, tracing spans, fault injection and panic capture.

mod context;
mod envelope;
pub(crate) mod in_place;
mod managed;
mod shared;
mod turn;

pub use context::{Context, Link};
pub(crate) use envelope::{Envelope, Outcome};
pub(crate) use managed::{start_error, starter};

use std::future::Future;

use crate::error::Error;
use crate::exit::ExitReason;

/// What `init` decided (OTP `init/1` returning `{ok, State}` or `ignore`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Init {
    /// Start taking messages.
    Ready,
    /// Do not start: the supervisor keeps the spec with no process.
    Ignore,
}

/// A supervised actor: state plus a handler, like an OTP `gen_server`.
///
/// A handler's `Err` is a reply to the caller, not a crash; a panic is a crash,
/// handled by the supervisor's rules. To stop, call [`Context::stop`].
pub trait Worker: Send + Sized + 'static {
    /// What callers send. `Clone` so idempotent messages can be retried on a
    /// restarted incarnation.
    type Msg: Clone + Send + 'static;
    /// What a call answers.
    type Reply: Send + 'static;

    /// Runs before the actor takes messages; an error or panic fails the start.
    fn init(
        &mut self,
        ctx: &mut Context<Self>,
    ) -> impl Future<Output = Result<Init, Error>> + Send {
        let _ = ctx;
        async { Ok(Init::Ready) }
    }

    /// Handles one message. An `Err` is the caller's answer; a panic is a
    /// crash, handled by the supervisor.
    fn handle(
        &mut self,
        msg: Self::Msg,
        ctx: &mut Context<Self>,
    ) -> impl Future<Output = Result<Self::Reply, Error>> + Send;

    /// Runs when the actor stops, unless it was killed.
    fn terminate(
        &mut self,
        reason: &ExitReason,
        ctx: &mut Context<Self>,
    ) -> impl Future<Output = ()> + Send {
        let _ = (reason, ctx);
        async {}
    }

    /// Whether `msg` may be handled twice: a call carrying it that was cut short
    /// by a crash is retried on the restarted actor within the same deadline.
    fn is_idempotent(msg: &Self::Msg) -> bool {
        let _ = msg;
        false
    }
}
