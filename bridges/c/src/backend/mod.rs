//! What a handle talks to: an application embedded in this process, or a
//! daemon over HTTP. Both answer the same calls with the same errors.

mod embedded;
mod remote;

use std::time::Duration;

use hms_actors::app::{Answer, Letter};
use hms_runtime::Error;
use serde_json::Value;

pub use embedded::Embedded;
pub use remote::Remote;

// Lives behind an Arc in the handle: its size does not travel.
#[allow(clippy::large_enum_variant)]
pub enum Backend {
    Embedded(Embedded),
    Remote(Remote),
}

impl Backend {
    pub fn call(&self, actor: &str, message: Value, timeout: Duration) -> Result<Value, Error> {
        match self {
            Backend::Embedded(e) => e.call(actor, message, timeout),
            Backend::Remote(r) => r.call(actor, &message, timeout),
        }
    }

    pub fn cast(&self, actor: &str, message: Value) -> Result<(), Error> {
        match self {
            Backend::Embedded(e) => e.cast(actor, message),
            Backend::Remote(r) => r.cast(actor, &message),
        }
    }

    pub fn health(&self, timeout: Duration) -> Result<Value, Error> {
        match self {
            Backend::Embedded(e) => e.health(timeout),
            Backend::Remote(r) => r.health(timeout),
        }
    }

    /// `coordinate_components`: `command` is `{"command": ..., "payload": ...}`.
    pub fn coordinate(&self, command: Value, timeout: Duration) -> Result<Value, Error> {
        match self {
            Backend::Embedded(e) => {
                let mut message = command;
                message["type"] = "coordinate_components".into();
                e.call("coordinator", message, timeout)
            }
            Backend::Remote(r) => r.coordinate(&command, timeout),
        }
    }

    pub fn open(&self, name: &str, timeout: Duration) -> Result<Inbox, Error> {
        match self {
            Backend::Embedded(e) => e.open(name, timeout).map(Inbox::Embedded),
            Backend::Remote(r) => r.open(name, timeout).map(Inbox::Remote),
        }
    }
}

/// A pulled mailbox, embedded or on a daemon (boxed in its handle).
#[allow(clippy::large_enum_variant)]
pub enum Inbox {
    Embedded(embedded::Inbox),
    Remote(remote::Inbox),
}

impl Inbox {
    pub fn next(&self, wait: Duration) -> Result<Option<Letter>, Error> {
        match self {
            Inbox::Embedded(i) => i.next(wait),
            Inbox::Remote(i) => i.next(wait),
        }
    }

    pub fn answer(&self, id: u64, answer: Answer) -> Result<(), Error> {
        match self {
            Inbox::Embedded(i) => i.answer(id, answer),
            Inbox::Remote(i) => i.answer(id, answer),
        }
    }

    pub fn close(&self, timeout: Duration) -> Result<(), Error> {
        match self {
            Inbox::Embedded(i) => i.close(timeout),
            Inbox::Remote(i) => i.close(timeout),
        }
    }
}
