//! `hmsd`: the hms daemon. See `hmsd --help`.

use std::process::ExitCode;

use clap::Parser;

use hmsd::cli::{Cli, Command};
use hmsd::config::Config;
use hmsd::{auth, logging, ops, reload, server};

/// See daemon/Cargo.toml: freed memory goes back to the system within a second.
#[cfg(feature = "jemalloc")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read when it starts (`_RJEM_MALLOC_CONF` overrides
/// them): a background thread purges freed pages after 1 s.
#[cfg(feature = "jemalloc")]
#[allow(unsafe_code, non_upper_case_globals)] // a symbol jemalloc looks up by name
#[export_name = "_rjem_malloc_conf"]
pub static malloc_conf: &[u8] = b"background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0\0";

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::CheckConfig { file }) = &cli.command {
        return match Config::from_file(file) {
            Ok(c) => {
                println!(
                    "{}: valid (listen {}, data dir {})",
                    file.display(),
                    c.daemon.listen,
                    c.data_dir().display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        };
    }
    let mut config = match &cli.config {
        Some(path) => match Config::from_file(path) {
            Ok(c) => c,
            Err(e) => return fail(e),
        },
        None => Config::embedded(),
    };
    let overrides = reload::Overrides {
        listen: cli.listen,
        data_dir: cli.data_dir.clone(),
    };
    overrides.apply(&mut config);
    let done = match &cli.command {
        Some(Command::Backup { dest }) => Some(ops::backup(&config, dest)),
        Some(Command::Journal(command)) => Some(ops::journal(&config, command)),
        _ => None,
    };
    if let Some(result) = done {
        return result.map_or_else(fail, |()| ExitCode::SUCCESS);
    }
    let (level, telemetry) = match logging::init(&config.daemon) {
        Ok(installed) => installed,
        Err(e) => return fail(e),
    };
    let auth = match auth::Auth::from_config(&config.daemon) {
        Ok(a) => a,
        Err(e) => return fail(e),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let reloader = reload::Reloader::new(cli.config.clone(), overrides, config.clone(), level);
    let result = runtime.block_on(server::run(config, auth, reloader));
    if let Some(t) = telemetry {
        t.shutdown();
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

fn fail(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("hmsd: {e}");
    ExitCode::from(2)
}
