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
    #[arg(long, short, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Address to listen on (overrides `daemon.listen`); port 0 picks a free one.
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
    /// Directory of the journal (overrides `daemon.data_dir`).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Checks a configuration file and exits: 0 when valid, 2 with the file, key and problem when not.
    CheckConfig { file: PathBuf },
}
