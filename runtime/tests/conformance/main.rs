//! OTP supervisor conformance suite, one module per group of the matrix in
//! `docs/supervision.md` (mirroring `supervisor_SUITE.erl`).

mod support;

mod faults;
mod in_place;
mod intensity;
mod links;
mod misc;
mod model;
mod restart_types;
mod significant;
mod specs;
mod startup;
mod stop;
mod strategies;
