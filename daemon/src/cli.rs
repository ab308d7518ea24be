//! The command line.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// The hms daemon: hosts the supervision tree and the domain actors behind an HTTP API.
///
/// With no arguments it runs the embedded default configuration on 127.0.0.1:7878.
#[derive(Debug, Parser)]
#[command(name = "hmsd", version, about)]
pub struct Cli {
    /// Configuration file (TOML); the embedded `configs/default.toml` when absent.
    #[arg(long, short, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// Address to listen on (overrides `daemon.listen`); port 0 picks a free one.
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
    /// Directory of the journal (overrides `daemon.data_dir`).
    #[arg(long, value_name = "DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Checks a configuration file and exits: 0 when valid, 2 with the file, key and problem when not.
    CheckConfig { file: PathBuf },
    /// Copies the journal to DEST (a new file) while the daemon runs: a
    /// consistent snapshot holding every record acknowledged before it began.
    Backup { dest: PathBuf },
    /// Journal operations beside a running daemon.
    #[command(subcommand)]
    Journal(JournalCommand),
}

#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// Drops the oldest records: those before DATE and/or beyond a size, never
    /// one younger than `daemon.journal.min_age_hours` (24 by default).
    Prune {
        /// A date (2026-01-31, midnight UTC) or an RFC 3339 time.
        #[arg(long, value_name = "DATE")]
        before: Option<String>,
        /// Drop the oldest records until the rest take at most this many bytes.
        #[arg(long, value_name = "BYTES")]
        max_bytes: Option<u64>,
    },
    /// Writes records as JSON lines to stdout, oldest first.
    Export {
        /// Only records of this kind.
        #[arg(long)]
        kind: Option<String>,
        /// Only records with an id above this one.
        #[arg(long, value_name = "ID", default_value_t = 0)]
        after_id: i64,
    },
}
