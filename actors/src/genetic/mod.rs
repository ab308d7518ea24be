//! The genetic engine: an island-model genetic algorithm (pure, `rayon`-parallel
//! fitness) applied to treatment plans and trial allocation. The actor shell
//! (`actor.rs`, `island.rs`, with the `runtime` feature) puts each island in a
//! supervised actor.

pub mod allocation;
pub mod archipelago;
pub mod explain;
pub mod ga;
pub mod minimization;
pub mod onemax;
pub mod problem;
pub mod regimens;
pub mod remote;
pub mod treatment;

#[cfg(feature = "runtime")]
pub mod actor;
#[cfg(feature = "runtime")]
pub mod island;
#[cfg(feature = "runtime")]
pub mod placement;

pub use allocation::{optimize_allocation, Allocation};
pub use archipelago::IslandParams;
pub use problem::Problem;
#[cfg(not(target_arch = "wasm32"))]
pub use treatment::{evaluate_fitness, optimize_treatment};
pub use treatment::{evaluate_fitness_at, optimize_treatment_at, OptimizedPlan};

#[cfg(test)]
mod tests;
