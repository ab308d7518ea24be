//! JSON in, JSON out, by actor name: the one place that maps a stable name
//! to its typed message enum. The daemon, the bridges and the coordinator's
//! `route` command all go through here, so a request decodes the same way
//! wherever it comes from.

use std::time::Duration;

use futures::FutureExt;
use hms_runtime::{Error, InPlace, Runtime, Worker};
use serde::Serialize;
use serde_json::Value;

use super::agent::AgentBridge;
use super::coordinator::{Coordinator, CoordinatorRequest};
use super::journal::{JournalFact, Journaled};
use crate::error::invalid;
use crate::genetic::actor::{GeneticEngine, GeneticRequest};
use crate::healer::actor::{HealerRequest, SelfHealer};
use crate::prover::actor::{Prover, ProverRequest};

/// The actors that take JSON messages, and the message types of each.
pub fn services() -> [(&'static str, &'static [&'static str]); 4] {
    [
        (GeneticEngine::NAME, GeneticRequest::TYPES),
        (Prover::NAME, ProverRequest::TYPES),
        (SelfHealer::NAME, HealerRequest::TYPES),
        (Coordinator::NAME, CoordinatorRequest::TYPES),
    ]
}

enum Decoded {
    Genetic(GeneticRequest),
    Prover(ProverRequest),
    Healer(HealerRequest),
    Coordinator(CoordinatorRequest),
    Agent(Value),
}

fn decode(rt: &Runtime, name: &str, message: Value) -> Result<Decoded, Error> {
    Ok(match name {
        GeneticEngine::NAME => {
            Decoded::Genetic(GeneticRequest::from_json(message).map_err(invalid)?)
        }
        Prover::NAME => Decoded::Prover(ProverRequest::from_json(message).map_err(invalid)?),
        SelfHealer::NAME => Decoded::Healer(HealerRequest::from_json(message).map_err(invalid)?),
        Coordinator::NAME => {
            Decoded::Coordinator(CoordinatorRequest::from_json(message).map_err(invalid)?)
        }
        other if rt.handle::<AgentBridge>(other).is_ok() => Decoded::Agent(message),
        other => {
            return Err(Error::not_found(format!(
                "no actor named {other:?} takes messages"
            )))
        }
    })
}

async fn call<W: Journaled>(
    rt: &Runtime,
    name: &str,
    msg: W::Msg,
    timeout: Duration,
    keep: bool,
) -> Result<(Value, Vec<JournalFact>), Error>
where
    W::Reply: Serialize,
{
    let pending = if keep { W::journal(&msg) } else { None };
    let reply = rt.handle::<W>(name)?.call(msg, timeout).await?;
    let facts = pending.map(|p| p(&reply)).unwrap_or_default();
    Ok((to_json(name, reply)?, facts))
}

/// An actor's reply as JSON.
fn to_json<R: Serialize>(name: &str, reply: R) -> Result<Value, Error> {
    serde_json::to_value(reply)
        .map_err(|e| Error::internal(format!("reply of {name} does not serialize: {e}")))
}

async fn call_any(
    rt: &Runtime,
    name: &str,
    message: Value,
    timeout: Duration,
    keep: bool,
) -> Result<(Value, Vec<JournalFact>), Error> {
    // Boxed: the messages are large, and debug builds keep every variant's future on the stack.
    match decode(rt, name, message)? {
        Decoded::Genetic(m) => Box::pin(call::<GeneticEngine>(rt, name, m, timeout, keep)).await,
        Decoded::Prover(m) => Box::pin(call::<Prover>(rt, name, m, timeout, keep)).await,
        Decoded::Healer(m) => Box::pin(call::<SelfHealer>(rt, name, m, timeout, keep)).await,
        Decoded::Coordinator(m) => Box::pin(call::<Coordinator>(rt, name, m, timeout, keep)).await,
        Decoded::Agent(m) => Box::pin(call::<AgentBridge>(rt, name, m, timeout, keep)).await,
    }
}

/// Calls actor `name` with a JSON message and waits for its JSON reply.
pub async fn call_json(
    rt: &Runtime,
    name: &str,
    message: Value,
    timeout: Duration,
) -> Result<Value, Error> {
    Ok(call_any(rt, name, message, timeout, false).await?.0)
}

/// Like [`call_json`], with the facts the answering actor wants journaled.
pub async fn call_json_journaled(
    rt: &Runtime,
    name: &str,
    message: Value,
    timeout: Duration,
) -> Result<(Value, Vec<JournalFact>), Error> {
    call_any(rt, name, message, timeout, true).await
}

/// [`call_json`] for a caller that is not a tokio task (a foreign thread, an
/// event loop): an idle actor answers on this thread
/// ([`hms_runtime::Handle::call_in_place`]); otherwise await the returned
/// future on tokio.
pub fn call_json_in_place(
    rt: &Runtime,
    tokio: &tokio::runtime::Handle,
    name: &str,
    message: Value,
    timeout: Duration,
) -> InPlace<Value> {
    fn typed<W: Worker>(
        rt: &Runtime,
        tokio: &tokio::runtime::Handle,
        name: &str,
        msg: W::Msg,
        timeout: Duration,
    ) -> InPlace<Value>
    where
        W::Reply: Serialize,
    {
        let handle = match rt.handle::<W>(name) {
            Ok(h) => h,
            Err(e) => return InPlace::Answered(Err(e)),
        };
        let name = name.to_string();
        let json = move |reply: Result<W::Reply, Error>| to_json(&name, reply?);
        match handle.call_in_place(tokio, msg, timeout) {
            InPlace::Answered(reply) => InPlace::Answered(json(reply)),
            InPlace::Later(later) => InPlace::Later(later.map(json).boxed()),
        }
    }
    match decode(rt, name, message) {
        Err(e) => InPlace::Answered(Err(e)),
        Ok(Decoded::Genetic(m)) => typed::<GeneticEngine>(rt, tokio, name, m, timeout),
        Ok(Decoded::Prover(m)) => typed::<Prover>(rt, tokio, name, m, timeout),
        Ok(Decoded::Healer(m)) => typed::<SelfHealer>(rt, tokio, name, m, timeout),
        Ok(Decoded::Coordinator(m)) => typed::<Coordinator>(rt, tokio, name, m, timeout),
        Ok(Decoded::Agent(m)) => typed::<AgentBridge>(rt, tokio, name, m, timeout),
    }
}

/// Sends actor `name` a JSON message without waiting for a reply (it is
/// decoded here, so bad input is still refused at once).
pub fn cast_json(rt: &Runtime, name: &str, message: Value) -> Result<(), Error> {
    match decode(rt, name, message)? {
        Decoded::Genetic(m) => rt.handle::<GeneticEngine>(name)?.cast(m),
        Decoded::Prover(m) => rt.handle::<Prover>(name)?.cast(m),
        Decoded::Healer(m) => rt.handle::<SelfHealer>(name)?.cast(m),
        Decoded::Coordinator(m) => rt.handle::<Coordinator>(name)?.cast(m),
        Decoded::Agent(m) => rt.handle::<AgentBridge>(name)?.cast(m),
    }
}
