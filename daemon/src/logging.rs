//! Logs to stderr, human-readable or JSON lines; `RUST_LOG` overrides the
//! configured level. The level can change while the daemon runs (a reload).
//! The level filters the log only: exported traces (`telemetry.rs`) choose
//! their spans themselves.

use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{reload, EnvFilter, Layer, Registry};

use crate::config::{DaemonConfig, LogFormat};
use crate::telemetry::Telemetry;

/// Changes the log level of the running daemon.
pub struct Level {
    handle: reload::Handle<EnvFilter, Registry>,
    /// Set from `RUST_LOG`, which wins over the config.
    from_env: bool,
}

/// Parses a level the way `init` does.
pub fn filter(level: &str) -> Result<EnvFilter, String> {
    EnvFilter::try_new(level).map_err(|e| format!("daemon.logging.level {level:?}: {e}"))
}

/// Installs the log (and the trace export, when configured).
pub fn init(cfg: &DaemonConfig) -> Result<(Level, Option<Telemetry>), String> {
    let env = std::env::var("RUST_LOG").ok().filter(|v| !v.is_empty());
    let chosen = match &env {
        Some(v) => EnvFilter::try_new(v).map_err(|e| format!("RUST_LOG={v}: {e}"))?,
        None => filter(&cfg.logging.level)?,
    };
    let (chosen, handle) = reload::Layer::new(chosen);
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let output = tracing_subscriber::fmt::layer()
        .with_ansi(ansi)
        .with_writer(std::io::stderr);
    let output = match cfg.logging.format {
        LogFormat::Human => output.with_filter(chosen).boxed(),
        LogFormat::Json => output.json().with_filter(chosen).boxed(),
    };
    let subscriber = tracing_subscriber::registry().with(output);
    let (traces, telemetry) = crate::telemetry::layer(&cfg.telemetry)?.unzip();
    subscriber
        .with(traces)
        .try_init()
        .map_err(|e| e.to_string())?;
    Ok((
        Level {
            handle,
            from_env: env.is_some(),
        },
        telemetry,
    ))
}

impl Level {
    /// Whether `RUST_LOG` chose the level (a reload then leaves it).
    pub fn from_env(&self) -> bool {
        self.from_env
    }

    /// Puts `filter` in force, unless `RUST_LOG` chose the level.
    pub fn set(&self, filter: EnvFilter) -> Result<(), String> {
        if self.from_env {
            tracing::info!("RUST_LOG is set: it keeps choosing the log level");
            return Ok(());
        }
        self.handle.reload(filter).map_err(|e| e.to_string())
    }
}
