//! `SupervisorSpec`: OTP's `sup_flags()` plus the list of children.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::ChildSpec;

/// Which children restart when one of them dies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Only the child that died.
    #[default]
    OneForOne,
    /// Every child: the others stop in reverse start order, then all start in order.
    OneForAll,
    /// The dead child and those started after it.
    RestForOne,
    /// Dynamic children, all from one template spec, started on demand.
    SimpleOneForOne,
}

/// When the exit of significant children shuts the supervisor down (OTP 24, EEP 56).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AutoShutdown {
    /// Significant children change nothing (the default).
    #[default]
    Never,
    /// The supervisor stops when any significant child exits.
    AnySignificant,
    /// The supervisor stops when all significant children have exited.
    AllSignificant,
}

/// A supervisor's flags and children, the result of its `init`.
#[derive(Clone, Debug)]
pub struct SupervisorSpec {
    pub(crate) strategy: Strategy,
    pub(crate) intensity: u32,
    pub(crate) period: Duration,
    pub(crate) auto_shutdown: AutoShutdown,
    pub(crate) children: Vec<ChildSpec>,
}

impl Default for SupervisorSpec {
    fn default() -> Self {
        Self::new(Strategy::OneForOne)
    }
}

impl SupervisorSpec {
    /// A spec with OTP's defaults: at most 1 restart in 5 seconds, no auto shutdown.
    pub fn new(strategy: Strategy) -> Self {
        Self {
            strategy,
            intensity: 1,
            period: Duration::from_secs(5),
            auto_shutdown: AutoShutdown::Never,
            children: Vec::new(),
        }
    }

    /// A `simple_one_for_one` supervisor whose children are all built from `template`.
    pub fn simple(template: ChildSpec) -> Self {
        Self::new(Strategy::SimpleOneForOne).child(template)
    }

    /// More than `max_restarts` restarts within `period` make the supervisor give up
    /// and escalate to its parent.
    pub fn intensity(mut self, max_restarts: u32, period: Duration) -> Self {
        self.intensity = max_restarts;
        self.period = period;
        self
    }

    /// Sets when significant children's exits stop the supervisor.
    pub fn auto_shutdown(mut self, auto_shutdown: AutoShutdown) -> Self {
        self.auto_shutdown = auto_shutdown;
        self
    }

    /// Appends a child; children start in the order they are added.
    pub fn child(mut self, child: ChildSpec) -> Self {
        self.children.push(child);
        self
    }

    /// Appends children, in order.
    pub fn children(mut self, children: impl IntoIterator<Item = ChildSpec>) -> Self {
        self.children.extend(children);
        self
    }

    /// The restart strategy.
    pub fn strategy(&self) -> Strategy {
        self.strategy
    }

    /// Restarts allowed within [`SupervisorSpec::period`] before it escalates.
    pub fn max_restarts(&self) -> u32 {
        self.intensity
    }

    /// The intensity period.
    pub fn period(&self) -> Duration {
        self.period
    }

    /// The child specs, in start order.
    pub fn child_specs(&self) -> &[ChildSpec] {
        &self.children
    }
}
