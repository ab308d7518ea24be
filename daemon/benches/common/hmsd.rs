//! Starts the `hmsd` binary for a bench and reads its address from the one
//! line it prints when it listens.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Runs `hmsd` with `args` (quiet logs); the child and its `host:port`.
pub fn start(args: &[&std::ffi::OsStr]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hmsd"))
        .args(args)
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .spawn()
        .expect("hmsd starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("hmsd prints its address");
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .expect("address")
        .to_string();
    (child, addr)
}
