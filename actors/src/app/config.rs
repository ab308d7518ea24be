//! The application's configuration, from TOML. Unknown keys are errors and
//! every error names the file, the key path and what was expected.

use std::path::Path;
use std::time::Duration;

use hms_runtime::{Backoff, Restart, Shutdown, Strategy};
use serde::{Deserialize, Serialize};

use crate::genetic::IslandParams;

/// The embedded default, `configs/default.toml`.
pub const DEFAULT_TOML: &str = include_str!("../../../configs/default.toml");

// Field-level defaults: the container's `Default` is the embedded file, which
// is itself parsed with these.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AppConfig {
    #[serde(default)]
    pub runtime: RuntimeConfig,
    #[serde(default)]
    pub supervisor: SupervisorConfig,
    #[serde(default)]
    pub children: Children,
    #[serde(default)]
    pub genetic_engine: GeneticConfig,
    #[serde(default)]
    pub prover: ProverConfig,
    #[serde(default)]
    pub self_healer: HealerConfig,
    /// Where an embedded runtime (Python, C) journals what the domain keeps;
    /// hmsd journals into its own SQLite file instead.
    #[serde(default, skip_serializing_if = "JournalConfig::is_off")]
    pub journal: JournalConfig,
    /// Sections read by the daemon (`hmsd`), kept opaque here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daemon: Option<toml::Table>,
    /// The daemon's `[cluster]` section (several nodes), kept opaque here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<toml::Table>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct JournalConfig {
    /// A JSON-lines file the facts are appended to (off when absent).
    pub file: Option<String>,
}

impl JournalConfig {
    fn is_off(&self) -> bool {
        self.file.is_none()
    }
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct RuntimeConfig {
    pub seed: u64,
    pub event_capacity: usize,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SupervisorConfig {
    pub strategy: Strategy,
    pub max_restarts: u32,
    pub period_ms: u64,
}

/// Supervision settings of the root's children.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Children {
    pub prover_pool: ChildConfig,
    pub prover: ChildConfig,
    pub islands: ChildConfig,
    pub genetic_engine: ChildConfig,
    pub agents: ChildConfig,
    pub self_healer: ChildConfig,
    pub coordinator: ChildConfig,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ChildConfig {
    pub restart: Option<Restart>,
    pub shutdown: Option<ShutdownConfig>,
    pub backoff: Option<BackoffConfig>,
    pub max_in_flight: Option<usize>,
    /// Liveness (workers; beyond OTP): a message handled longer than this
    /// makes the worker unresponsive, for the self-healer to restart.
    pub handler_limit_ms: Option<u64>,
    /// With `handler_limit_ms`: this many calls ending at their deadline
    /// while the worker finishes no message also make it unresponsive
    /// (default 0: not checked).
    pub timeouts_in_a_row: Option<u64>,
    /// For the children that are supervisors.
    pub max_restarts: Option<u32>,
    pub period_ms: Option<u64>,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum ShutdownConfig {
    Millis(u64),
    Named(ShutdownName),
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum ShutdownName {
    BrutalKill,
    Infinity,
}

impl ShutdownConfig {
    pub fn to_shutdown(self) -> Shutdown {
        match self {
            ShutdownConfig::Millis(ms) => Shutdown::Timeout(Duration::from_millis(ms)),
            ShutdownConfig::Named(ShutdownName::BrutalKill) => Shutdown::BrutalKill,
            ShutdownConfig::Named(ShutdownName::Infinity) => Shutdown::Infinity,
        }
    }
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BackoffConfig {
    pub initial_ms: u64,
    pub max_ms: u64,
}

impl BackoffConfig {
    pub fn to_backoff(self) -> Backoff {
        Backoff::exponential(
            Duration::from_millis(self.initial_ms),
            Duration::from_millis(self.max_ms),
        )
    }
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct GeneticConfig {
    pub islands: usize,
    pub epoch_timeout_ms: u64,
    pub defaults: IslandParams,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ProverConfig {
    pub checkers: usize,
    pub check_timeout_ms: u64,
    /// Days after which a dated lab counts as missing.
    pub lab_max_age_days: u32,
    /// Whose labels apply: `us`, `eu` or `both` (the stricter rule).
    pub jurisdiction: crate::clinical::Jurisdiction,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct HealerConfig {
    pub agent: String,
    pub agent_timeout_ms: u64,
    pub storm_restarts: usize,
    pub storm_window_ms: u64,
    pub circuit_break_ms: u64,
    pub confirm_timeout_ms: u64,
    pub slow_p99_ms: u64,
    /// How often the tree is checked for unresponsive workers.
    pub liveness_check_ms: u64,
}

impl Default for RuntimeConfig {
    fn default() -> Self {
        Self {
            seed: 2026,
            event_capacity: 4096,
        }
    }
}

impl Default for SupervisorConfig {
    fn default() -> Self {
        Self {
            strategy: Strategy::OneForOne,
            max_restarts: 10,
            period_ms: 10_000,
        }
    }
}

impl Default for GeneticConfig {
    fn default() -> Self {
        Self {
            islands: 8,
            epoch_timeout_ms: 60_000,
            defaults: IslandParams::default(),
        }
    }
}

impl Default for ProverConfig {
    fn default() -> Self {
        Self {
            checkers: 4,
            check_timeout_ms: 2000,
            lab_max_age_days: crate::prover::options::DEFAULT_LAB_MAX_AGE_DAYS,
            jurisdiction: crate::clinical::Jurisdiction::Both,
        }
    }
}

impl Default for HealerConfig {
    fn default() -> Self {
        Self {
            agent: "a2a".into(),
            agent_timeout_ms: 500,
            storm_restarts: 3,
            storm_window_ms: 10_000,
            circuit_break_ms: 2000,
            confirm_timeout_ms: 3000,
            slow_p99_ms: 1000,
            liveness_check_ms: 1000,
        }
    }
}

impl Default for AppConfig {
    /// The embedded `configs/default.toml`.
    fn default() -> Self {
        Self::from_toml(DEFAULT_TOML, "configs/default.toml")
            .expect("the embedded default config is valid")
    }
}

/// A configuration error: the file, the key path and what was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub file: String,
    pub key: String,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: key `{}`: {}", self.file, self.key, self.message)
        }
    }
}

impl std::error::Error for ConfigError {}

impl AppConfig {
    /// Parses TOML text; `file` names it in errors.
    pub fn from_toml(text: &str, file: &str) -> Result<Self, ConfigError> {
        let de = toml::Deserializer::parse(text).map_err(|e| ConfigError {
            file: file.to_string(),
            key: String::new(),
            message: e.to_string().trim().replace('\n', " "),
        })?;
        let config: AppConfig = serde_path_to_error::deserialize(de).map_err(|e| {
            let key = e.path().to_string();
            let message = e.into_inner().message().to_string();
            ConfigError {
                file: file.to_string(),
                key: if key == "." { String::new() } else { key },
                message,
            }
        })?;
        config.validate().map_err(|(key, message)| ConfigError {
            file: file.to_string(),
            key,
            message,
        })?;
        Ok(config)
    }

    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: name.clone(),
            key: String::new(),
            message: format!("cannot read: {e}"),
        })?;
        Self::from_toml(&text, &name)
    }

    fn validate(&self) -> Result<(), (String, String)> {
        let bad = |k: &str, m: &str| Err((k.to_string(), m.to_string()));
        if self.supervisor.strategy == Strategy::SimpleOneForOne {
            return bad(
                "supervisor.strategy",
                "the root supervisor has fixed children: one_for_one, one_for_all or rest_for_one",
            );
        }
        if !(1..=64).contains(&self.genetic_engine.islands) {
            return bad("genetic_engine.islands", "expected 1 to 64");
        }
        if self.genetic_engine.defaults.islands > self.genetic_engine.islands {
            return bad(
                "genetic_engine.defaults.islands",
                "must not exceed genetic_engine.islands",
            );
        }
        if let Err(e) = self.genetic_engine.defaults.validate() {
            return Err((format!("genetic_engine.defaults.{}", e.path), e.message));
        }
        if !(1..=256).contains(&self.prover.checkers) {
            return bad("prover.checkers", "expected 1 to 256");
        }
        if self.prover.check_timeout_ms == 0 {
            return bad("prover.check_timeout_ms", "must be positive");
        }
        if self.prover.lab_max_age_days == 0 {
            return bad("prover.lab_max_age_days", "must be at least 1");
        }
        if self.self_healer.storm_restarts == 0 {
            return bad("self_healer.storm_restarts", "must be at least 1");
        }
        if self.self_healer.liveness_check_ms == 0 {
            return bad("self_healer.liveness_check_ms", "must be positive");
        }
        let ch = &self.children;
        let workers = [
            ("prover", &ch.prover),
            ("genetic_engine", &ch.genetic_engine),
            ("self_healer", &ch.self_healer),
            ("coordinator", &ch.coordinator),
        ];
        let supervisors = [
            ("prover_pool", &ch.prover_pool),
            ("islands", &ch.islands),
            ("agents", &ch.agents),
        ];
        for (name, c) in supervisors {
            if c.handler_limit_ms.is_some() || c.timeouts_in_a_row.is_some() {
                return Err((
                    format!("children.{name}.handler_limit_ms"),
                    "liveness limits apply to workers; this child is a supervisor".into(),
                ));
            }
        }
        for (name, c) in workers {
            if c.handler_limit_ms == Some(0) {
                return Err((
                    format!("children.{name}.handler_limit_ms"),
                    "must be positive".into(),
                ));
            }
            if c.timeouts_in_a_row.is_some() && c.handler_limit_ms.is_none() {
                return Err((
                    format!("children.{name}.timeouts_in_a_row"),
                    "needs handler_limit_ms beside it".into(),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn liveness_keys_are_checked() {
        let key = |text: &str| AppConfig::from_toml(text, "l.toml").unwrap_err().key;
        assert_eq!(
            key("[children.islands]\nhandler_limit_ms = 1000\n"),
            "children.islands.handler_limit_ms"
        );
        assert_eq!(
            key("[children.prover]\ntimeouts_in_a_row = 3\n"),
            "children.prover.timeouts_in_a_row"
        );
        assert_eq!(
            key("[children.prover]\nhandler_limit_ms = 0\n"),
            "children.prover.handler_limit_ms"
        );
        let ok = AppConfig::from_toml(
            "[children.prover]\nhandler_limit_ms = 500\ntimeouts_in_a_row = 3\n",
            "l.toml",
        )
        .unwrap();
        assert_eq!(ok.children.prover.timeouts_in_a_row, Some(3));
    }

    #[test]
    fn the_embedded_default_parses() {
        let c = AppConfig::default();
        assert_eq!(c.genetic_engine.islands, 8);
        assert_eq!(
            c.children.genetic_engine.shutdown,
            Some(ShutdownConfig::Millis(10_000))
        );
    }

    #[test]
    fn errors_name_file_key_and_expectation() {
        let e = AppConfig::from_toml("[prover]\ncheckers = \"four\"\n", "my.toml").unwrap_err();
        assert_eq!(
            (e.file.as_str(), e.key.as_str()),
            ("my.toml", "prover.checkers")
        );
        assert!(e.message.contains("expected usize"), "{e}");
        let e = AppConfig::from_toml("[prover]\nchekers = 4\n", "my.toml").unwrap_err();
        assert!(e.message.contains("chekers"), "{e}");
        let e = AppConfig::from_toml("[children.islands]\nshutdown = \"soon\"\n", "c.toml")
            .unwrap_err();
        assert_eq!(e.key, "children.islands.shutdown");
        let e = AppConfig::from_toml("[genetic_engine.defaults]\ncrossover = 2.0\n", "c.toml")
            .unwrap_err();
        assert_eq!(e.key, "genetic_engine.defaults.crossover");
        let e = AppConfig::from_toml("[supervisor\n", "c.toml").unwrap_err();
        assert!(e.to_string().starts_with("c.toml: "), "{e}");
    }
}
