#![warn(missing_docs)]
//! # hms-runtime
//!
//! An Erlang/OTP-style supervision runtime on [`ractor`] and [`tokio`].
//!
//! - **Supervisors** with OTP semantics: `one_for_one`, `one_for_all`,
//!   `rest_for_one`, `simple_one_for_one`; restart intensity with escalation to
//!   the parent; `permanent` / `transient` / `temporary` children; shutdown by
//!   `brutal_kill`, timeout or `infinity`; significant children and
//!   `auto_shutdown`; the `supervisor` API (`which_children`, `start_child`, …).
//!   Beyond OTP: per-child restart backoff.
//! - **Stable names**: a [`Handle`] reaches the current incarnation of a worker;
//!   a call that meets a restart waits for the new one within its deadline.
//! - **Calls with deadlines** and one [`Error`] taxonomy; idempotent messages are
//!   retried on the restarted actor; **backpressure** answers `overloaded`.
//! - **Calls from outside tokio** (C, Go, Ruby, Python's event loop) run an
//!   idle worker's handler on the caller's thread, with no thread woken and
//!   supervision unchanged ([`Handle::call_in_place`]).
//! - **Observability**: an [`EventStream`] of supervision events, per-actor
//!   counters, a [`Health`] snapshot of the tree, `tracing` spans per message.
//! - **Fault injection** at run time and seeded [`ChaosSchedule`]s.
//!
//! It knows nothing of medicine; the domain lives in `hms-actors`.
//!
//! Start at [`Runtime`]; workers implement [`Worker`]; trees are described with
//! [`SupervisorSpec`] and [`ChildSpec`].

mod deadline;
mod error;
mod event;
mod exit;
mod fault;
mod handle;
mod health;
mod lookup;
mod name;
pub mod outside;
mod rng;
mod runtime;
mod spec;
mod stats;
mod supervisor;
mod worker;

pub use error::{Error, ErrorKind, Result};
pub use event::{Event, EventKind, EventStream};
pub use exit::ExitReason;
pub use fault::{ChaosSchedule, ChaosStep, Fault};
pub use handle::{CallOptions, Handle, InPlace};
pub use health::{Health, HealthNode, HealthStatus, LastFailure, NodeStatus, Restarts};
pub use runtime::{ChaosOutcome, Runtime, RuntimeBuilder};
pub use spec::{
    check_childspecs, AutoShutdown, Backoff, ChildKind, ChildSpec, Liveness, Restart, Shutdown,
    SpecError, Strategy, SupervisorSpec,
};
pub use stats::{ActorStats, Histogram, StatsSnapshot};
pub use supervisor::{
    ChildCounts, ChildId, ChildInfo, ChildRef, ChildStatus, SupervisorError, SupervisorRef,
};
pub use worker::{Context, Init, Link, Worker};

/// Re-exported so users name the same versions the runtime was built with.
pub use ractor;
