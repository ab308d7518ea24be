//! Fault injection, at run time, per actor: what can be injected and the armed
//! state an actor consults before each message and each start.

mod chaos;
mod state;

pub use chaos::{ChaosSchedule, ChaosStep};
pub(crate) use state::{FaultState, MessageFault};

use serde::{Deserialize, Serialize};

use crate::error::ErrorKind;

/// A fault to inject into one actor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "fault", rename_all = "snake_case", deny_unknown_fields)]
pub enum Fault {
    /// The next message's handler panics.
    PanicNext,
    /// Every message's handler panics with this probability, drawn from a seeded stream.
    Panic {
        /// Chance that a message's handler panics, in [0, 1].
        probability: f64,
        /// Seed of the stream the draws come from.
        seed: u64,
    },
    /// Handlers return this error instead of running (`count` times, or until cleared).
    Error {
        /// The kind of the error returned.
        kind: ErrorKind,
        /// Its message.
        message: String,
        /// How many messages get it (until cleared when absent).
        #[serde(default)]
        count: Option<u32>,
    },
    /// Every message waits this long before its handler runs.
    Delay {
        /// The delay, in milliseconds.
        ms: u64,
    },
    /// The next message is never answered: the actor hangs on it.
    Hang,
    /// The actor is killed now (no `terminate`).
    Kill,
    /// The next `count` starts of the actor fail.
    FailRestarts {
        /// How many starts fail.
        count: u32,
    },
}

impl Fault {
    /// Checks the parameters (a probability in [0, 1], a positive count).
    ///
    /// # Errors
    ///
    /// `validation` naming the bad parameter.
    pub fn validate(&self) -> Result<(), crate::Error> {
        match self {
            Fault::Panic { probability, .. } if !(0.0..=1.0).contains(probability) => Err(
                crate::Error::validation("probability", "must be within [0, 1]"),
            ),
            Fault::Error { count: Some(0), .. } | Fault::FailRestarts { count: 0 } => {
                Err(crate::Error::validation("count", "must be at least 1"))
            }
            _ => Ok(()),
        }
    }
}
