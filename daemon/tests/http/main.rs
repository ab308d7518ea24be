//! The real `hmsd` binary over real HTTP: every endpoint, auth, limits and
//! errors (`endpoints.rs`), agent mailboxes (`agents.rs`), the command line
//! (`cli.rs`), and durability under kill -9 and SIGTERM (`durability.rs`).

mod agents;
mod cli;
mod durability;
mod endpoints;
mod support;
