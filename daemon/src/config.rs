//! The daemon's own settings: the `[daemon]` section of the same TOML file
//! that configures the tree. Unknown keys are errors naming their path.

use std::net::SocketAddr;
use std::path::PathBuf;

use hms_actors::app::{AppConfig, ConfigError};
use serde::Deserialize;

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct DaemonConfig {
    /// Address to listen on; loopback by default.
    pub listen: SocketAddr,
    /// Where the journal lives; default: the user's state directory (`~/.local/state/hms`) or `./data`.
    pub data_dir: Option<PathBuf>,
    pub auth: AuthConfig,
    pub logging: LoggingConfig,
    pub limits: Limits,
    pub http: HttpConfig,
    /// Serve HTTPS with this certificate (for non-loopback binds).
    pub tls: Option<TlsConfig>,
    pub journal: JournalConfig,
    pub telemetry: TelemetryConfig,
}

/// Trace export (`telemetry.rs`): off unless an endpoint is set.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct TelemetryConfig {
    /// An OTLP/HTTP traces URL (`http://127.0.0.1:4318/v1/traces`).
    pub otlp_endpoint: Option<String>,
    /// `service.name` of the exported spans.
    pub service_name: String,
}

impl Default for TelemetryConfig {
    fn default() -> Self {
        Self {
            otlp_endpoint: None,
            service_name: "hmsd".into(),
        }
    }
}

/// Retention of the journal (`journal/retention.rs`): off unless a limit is set.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct JournalConfig {
    /// Drop records older than this many days; 0: keep them.
    pub max_age_days: u32,
    /// Drop the oldest records while all take more than this; 0: no limit.
    pub max_bytes: u64,
    /// Never drop a record younger than this, whatever the limits (and
    /// `hmsd journal prune`) say.
    pub min_age_hours: u32,
    /// How often the limits are applied while the daemon runs.
    pub check_every_s: u64,
}

impl Default for JournalConfig {
    fn default() -> Self {
        Self {
            max_age_days: 0,
            max_bytes: 0,
            min_age_hours: 24,
            check_every_s: 3600,
        }
    }
}

impl JournalConfig {
    /// The retention policy at `now_ms`, if a limit is set.
    pub fn policy(&self, now_ms: i64) -> Option<crate::journal::retention::Policy> {
        (self.max_age_days > 0 || self.max_bytes > 0).then(|| crate::journal::retention::Policy {
            before_ms: (self.max_age_days > 0)
                .then(|| now_ms - i64::from(self.max_age_days) * 86_400_000),
            max_bytes: (self.max_bytes > 0).then_some(self.max_bytes),
            min_age_ms: self.min_age_ms(),
        })
    }

    pub fn min_age_ms(&self) -> i64 {
        i64::from(self.min_age_hours) * 3_600_000
    }
}

/// A PEM certificate chain and its private key.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TlsConfig {
    pub cert_file: PathBuf,
    pub key_file: PathBuf,
}

/// Who may talk to the daemon from a browser (see `browser.rs`).
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct HttpConfig {
    /// `Host` values accepted besides the bound address (and, on loopback,
    /// `localhost`): `hms.example.org` or `hms.example.org:8443`.
    pub allowed_hosts: Vec<String>,
    /// `Origin` values accepted besides the daemon's own (`https://emr.example.org`).
    pub allowed_origins: Vec<String>,
    /// Send CORS headers to the `allowed_origins` (and answer their
    /// preflights), so that pages there can read answers. Off by default.
    pub cors: bool,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct AuthConfig {
    /// The bearer token itself (prefer `token_file` or the environment).
    pub token: Option<String>,
    /// Environment variable holding the token.
    pub token_env: Option<String>,
    /// File holding the token (its first line).
    pub token_file: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    #[default]
    Human,
    Json,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct LoggingConfig {
    pub format: LogFormat,
    /// A tracing filter (`info`, `hmsd=debug,info`); `RUST_LOG` overrides it.
    pub level: String,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Largest request body accepted.
    pub body_bytes: usize,
    /// Deadline of an actor call when the request gives none (`?timeout_ms=`).
    pub call_timeout_ms: u64,
    /// Largest deadline a request may ask for.
    pub max_call_timeout_ms: u64,
    /// After SIGTERM, how long calls in flight may take before they are answered `shutdown`.
    pub shutdown_grace_ms: u64,
    /// A connection must send a request's whole header within this (and an
    /// idle keep-alive connection is closed after it).
    pub header_timeout_ms: u64,
    /// Connections served at once; beyond it new ones are closed at once, so
    /// the ones open keep their service.
    pub max_connections: usize,
    /// `GET /v1/events` streams open at once; beyond it `429 overloaded`.
    pub max_event_streams: usize,
    /// Requests per second one client (IP address) may send, with bursts of
    /// twice as many; beyond it `429 overloaded`. 0: no limit.
    pub requests_per_s_per_client: f64,
}

impl Default for DaemonConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 7878)),
            data_dir: None,
            auth: AuthConfig::default(),
            logging: LoggingConfig::default(),
            limits: Limits::default(),
            http: HttpConfig::default(),
            tls: None,
            journal: JournalConfig::default(),
            telemetry: TelemetryConfig::default(),
        }
    }
}

impl Default for LoggingConfig {
    fn default() -> Self {
        Self {
            format: LogFormat::Human,
            level: "info".into(),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            body_bytes: 16 * 1024 * 1024 + 64 * 1024,
            call_timeout_ms: 30_000,
            max_call_timeout_ms: 300_000,
            shutdown_grace_ms: 10_000,
            header_timeout_ms: 10_000,
            max_connections: 1024,
            max_event_streams: 64,
            requests_per_s_per_client: 0.0,
        }
    }
}

/// Everything the daemon runs with.
#[derive(Clone, Debug)]
pub struct Config {
    pub app: AppConfig,
    pub daemon: DaemonConfig,
    /// `[cluster]`: this node's part in a cluster of several; none: one node.
    pub cluster: Option<crate::cluster::config::ClusterConfig>,
    /// Where it came from, for messages.
    pub source: String,
}

impl Config {
    pub fn from_toml(text: &str, file: &str) -> Result<Self, ConfigError> {
        let app = AppConfig::from_toml(text, file)?;
        let daemon = match &app.daemon {
            None => DaemonConfig::default(),
            Some(table) => serde_path_to_error::deserialize(toml::Value::Table(table.clone()))
                .map_err(|e| {
                    let key = e.path().to_string();
                    ConfigError {
                        file: file.to_string(),
                        key: if key == "." {
                            "daemon".into()
                        } else {
                            format!("daemon.{key}")
                        },
                        message: e.into_inner().to_string(),
                    }
                })?,
        };
        if daemon.limits.call_timeout_ms == 0
            || daemon.limits.call_timeout_ms > daemon.limits.max_call_timeout_ms
        {
            return Err(ConfigError {
                file: file.into(),
                key: "daemon.limits.call_timeout_ms".into(),
                message: "must be positive and at most max_call_timeout_ms".into(),
            });
        }
        let rate = daemon.limits.requests_per_s_per_client;
        if !(rate == 0.0 || (0.001..=1e9).contains(&rate)) {
            return Err(ConfigError {
                file: file.into(),
                key: "daemon.limits.requests_per_s_per_client".into(),
                message: "must be 0 (no limit) or between 0.001 and 1e9".into(),
            });
        }
        if !(1..=100_000).contains(&daemon.limits.max_event_streams) {
            return Err(ConfigError {
                file: file.into(),
                key: "daemon.limits.max_event_streams".into(),
                message: "must be between 1 and 100000".into(),
            });
        }
        if let Some(url) = &daemon.telemetry.otlp_endpoint {
            if !url.starts_with("http://") {
                return Err(ConfigError {
                    file: file.into(),
                    key: "daemon.telemetry.otlp_endpoint".into(),
                    message: format!(
                        "{url:?}: expected an http:// URL of an OTLP/HTTP traces endpoint \
                         (the exporter has no TLS; send to a local collector that forwards over TLS)"
                    ),
                });
            }
        }
        if daemon.journal.check_every_s == 0 {
            return Err(ConfigError {
                file: file.into(),
                key: "daemon.journal.check_every_s".into(),
                message: "must be positive".into(),
            });
        }
        if daemon.limits.body_bytes < 1024 {
            return Err(ConfigError {
                file: file.into(),
                key: "daemon.limits.body_bytes".into(),
                message: "must be at least 1024".into(),
            });
        }
        let cluster = app
            .cluster
            .as_ref()
            .map(|t| crate::cluster::config::ClusterConfig::from_table(t, file))
            .transpose()?;
        Ok(Self {
            app,
            daemon,
            cluster,
            source: file.to_string(),
        })
    }

    /// The embedded default (`configs/default.toml`).
    pub fn embedded() -> Self {
        Self::from_toml(
            hms_actors::app::config::DEFAULT_TOML,
            "configs/default.toml (embedded)",
        )
        .expect("the embedded config is valid")
    }

    pub fn from_file(path: &std::path::Path) -> Result<Self, ConfigError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: name.clone(),
            key: String::new(),
            message: format!("cannot read: {e}"),
        })?;
        Self::from_toml(&text, &name)
    }

    pub fn data_dir(&self) -> PathBuf {
        self.daemon
            .data_dir
            .clone()
            .or_else(|| dirs::state_dir().map(|d| d.join("hms")))
            .unwrap_or_else(|| PathBuf::from("data"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daemon_keys_are_checked_with_their_path() {
        let e = Config::from_toml("[daemon]\nlisten = \"nowhere\"\n", "d.toml").unwrap_err();
        assert_eq!(e.key, "daemon.listen");
        let e = Config::from_toml("[daemon.auth]\ntokn = \"x\"\n", "d.toml").unwrap_err();
        assert_eq!(e.key, "daemon.auth.tokn");
        assert!(e.message.contains("tokn"));
        let c = Config::from_toml(
            "[daemon]\nlisten = \"0.0.0.0:9000\"\n[daemon.logging]\nformat = \"json\"\n",
            "d.toml",
        )
        .unwrap();
        assert_eq!(c.daemon.listen.port(), 9000);
        assert_eq!(c.daemon.logging.format, LogFormat::Json);
        assert_eq!(Config::embedded().daemon, DaemonConfig::default());
        let e = Config::from_toml(
            "[daemon.telemetry]\notlp_endpoint = \"https://otel.example.org/v1/traces\"\n",
            "d.toml",
        )
        .unwrap_err();
        assert_eq!(e.key, "daemon.telemetry.otlp_endpoint");
        let e = Config::from_toml("[daemon.journal]\ncheck_every_s = 0\n", "d.toml").unwrap_err();
        assert_eq!(e.key, "daemon.journal.check_every_s");
    }
}
