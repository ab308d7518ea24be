//! The seed's three data flows, end to end on a running application, plus
//! the behaviours the flows rely on (island crash, checker pool, JSON edges).

mod adaptive_trial;
mod checkers;
#[path = "../cases/expand.rs"]
mod expand;
mod islands;
mod journal;
mod json;
mod placement;
mod self_healing;
mod support;
mod treatment;
