//! The real `hmsd` binary over real HTTP: every endpoint, auth, limits and
//! errors (`endpoints.rs`), agent mailboxes (`agents.rs`), the command line
//! (`cli.rs`), durability under kill -9 and SIGTERM (`durability.rs`), and the
//! prover's case corpus through the daemon (`cases.rs`), systemd's notify
//! protocol and config reload (`systemd.rs`), backup, export and retention
//! under load (`journal_ops.rs`), the OTLP trace export (`telemetry.rs`),
//! three nodes in a cluster (`cluster.rs`) and the genetic engine's islands
//! spread over them (`cluster_islands.rs`).

mod agents;
mod cases;
mod cds;
mod cli;
mod cluster;
mod cluster_islands;
mod durability;
mod endpoints;
#[path = "../../../actors/tests/cases/expand.rs"]
mod expand;
mod journal_ops;
mod liveness;
mod support;
mod systemd;
mod telemetry;
mod tls;
mod trials;
