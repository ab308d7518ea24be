//! Supervisors with OTP semantics: strategies, restart intensity with
//! escalation, restart types, shutdown specs, significant children, dynamic
//! children, and the `supervisor` module's API.

mod actor;
mod children;
mod error;
mod intensity;
mod message;
mod reference;
mod shutdown;
mod starter;

pub use error::SupervisorError;
pub use message::{ChildCounts, ChildId, ChildInfo, ChildRef, ChildStatus};
pub(crate) use message::{ChildView, SupMsg};
pub use reference::SupervisorRef;
pub(crate) use starter::starter;
