//! Several `hmsd` nodes, one cluster: `ractor_cluster` sessions between the
//! nodes (cookie, optional mutual TLS) and, on top, what a production cluster
//! needs that it lacks: failure detection by heartbeats with a deadline,
//! reconnection with backoff, incarnations (`membership.rs`), and the genetic
//! engine's islands placed on other nodes as remote children (`islands.rs`).
//! See `docs/cluster.md`.

pub mod config;
mod islands;
pub mod membership;
mod node;
mod tls;

use std::sync::Arc;

pub use node::Node;

/// Lets the node place the app's islands as `[cluster] islands` says.
pub fn place_islands(node: &Arc<Node>, app: &hms_actors::app::App) {
    let placement = islands::IslandPlacement::parse(&node.config.islands);
    if placement == islands::IslandPlacement::Local {
        return;
    }
    app.place_islands(Arc::new(islands::IslandPlacer {
        node: node.clone(),
        placement,
    }));
}
