//! Several `hmsd` nodes, one cluster: `ractor_cluster` sessions between the
//! nodes (cookie, optional mutual TLS) and, on top, what a production cluster
//! needs that it lacks: failure detection by heartbeats with a deadline,
//! reconnection with backoff, incarnations (`membership.rs`).
//! See `docs/cluster.md`.

pub mod config;
pub mod membership;
mod node;
mod tls;

pub use node::Node;
