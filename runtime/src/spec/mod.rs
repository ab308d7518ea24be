//! Child and supervisor specifications: what to start, how to restart it, how to
//! stop it. Mirrors OTP's `child_spec()` and `sup_flags()`.

mod backoff;
mod check;
mod child;
mod liveness;
mod supervisor;

pub use backoff::Backoff;
pub use check::{check_childspecs, SpecError};
pub use child::{ChildKind, ChildSpec, Restart, Shutdown};
pub(crate) use child::{DynArgs, StartError, StartRequest, Started, Starter};
pub use liveness::Liveness;
pub use supervisor::{AutoShutdown, Strategy, SupervisorSpec};
