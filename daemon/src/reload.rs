//! Config reload (`SIGHUP`): the file is read and checked whole, then either
//! everything that may change is put in force at once or nothing is.
//!
//! What may change while the daemon runs: `daemon.auth` (the token, read
//! again from its file or variable), `daemon.limits`, `daemon.logging.level`
//! (unless `RUST_LOG` is set) and `[self_healer]` (thresholds, the agent and
//! its timeout). Anything else (the listen address, data dir, TLS,
//! browser origins, log format, journal retention, the tree and its actors)
//! needs a restart: a
//! file that changes it is refused, and the running configuration stays.

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::auth::Auth;
use crate::config::Config;
use crate::logging;
use crate::state::State;

/// What the command line set over the file (it stays set after a reload).
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub listen: Option<SocketAddr>,
    pub data_dir: Option<PathBuf>,
}

impl Overrides {
    pub fn apply(&self, config: &mut Config) {
        if let Some(listen) = self.listen {
            config.daemon.listen = listen;
        }
        if let Some(dir) = &self.data_dir {
            config.daemon.data_dir = Some(dir.clone());
        }
    }
}

pub struct Reloader {
    /// The file read again; none for the embedded configuration.
    file: Option<PathBuf>,
    overrides: Overrides,
    running: Config,
    level: logging::Level,
    applied: bool,
}

impl Reloader {
    pub fn new(
        file: Option<PathBuf>,
        overrides: Overrides,
        running: Config,
        level: logging::Level,
    ) -> Self {
        Self {
            file,
            overrides,
            running,
            level,
            applied: false,
        }
    }

    /// Whether the last reload was applied.
    pub fn last_applied(&self) -> bool {
        self.applied
    }

    /// Reads the file again and puts what changed in force; returns the keys
    /// that changed. On an error nothing changed.
    pub fn reload(&mut self, state: &State) -> Result<Vec<&'static str>, String> {
        self.applied = false;
        let Some(file) = &self.file else {
            return Err(
                "hmsd runs its embedded configuration (no --config): there is no file to read again"
                    .into(),
            );
        };
        let mut next = Config::from_file(file).map_err(|e| e.to_string())?;
        self.overrides.apply(&mut next);
        let fixed = needs_restart(&self.running, &next);
        if !fixed.is_empty() {
            return Err(format!(
                "{} changed, which only a restart can apply",
                fixed.join(", ")
            ));
        }
        let auth = Auth::from_config(&next.daemon)?;
        let level = logging::filter(&next.daemon.logging.level)?;
        // Checked whole; from here nothing can fail half-way.
        let mut changed = changed(&self.running, &next);
        // The token as read (a token file's new contents count), not its source.
        if auth != state.settings.get().auth {
            changed.insert(0, "daemon.auth");
        }
        if self.level.from_env() {
            changed.retain(|key| *key != "daemon.logging.level");
        }
        state.settings.replace(auth, next.daemon.limits.clone());
        if let Err(e) = self.level.set(level) {
            // Only if the log itself is gone; nothing else depends on it.
            tracing::warn!("the log level did not change: {e}");
        }
        state.app.retune_healer(next.app.self_healer.clone());
        self.running = next;
        self.applied = true;
        Ok(changed)
    }
}

/// The keys that differ and cannot change while the daemon runs.
fn needs_restart(old: &Config, new: &Config) -> Vec<String> {
    let (a, b) = (&old.daemon, &new.daemon);
    let mut keys: Vec<String> = [
        ("daemon.listen", a.listen != b.listen),
        ("daemon.data_dir", a.data_dir != b.data_dir),
        ("daemon.http", a.http != b.http),
        ("daemon.tls", a.tls != b.tls),
        ("daemon.journal", a.journal != b.journal),
        ("daemon.telemetry", a.telemetry != b.telemetry),
        (
            "daemon.logging.format",
            a.logging.format != b.logging.format,
        ),
    ]
    .into_iter()
    .filter(|(_, differs)| *differs)
    .map(|(key, _)| key.to_string())
    .collect();
    // The tree's sections, compared as data: every one but the healer's.
    let sections = |c: &Config| match serde_json::to_value(&c.app) {
        Ok(serde_json::Value::Object(map)) => Some(map),
        _ => None,
    };
    let (Some(x), Some(y)) = (sections(old), sections(new)) else {
        // Cannot tell: refuse rather than run a tree other than the one recorded.
        keys.push("the tree (its sections could not be compared)".into());
        return keys;
    };
    let names: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
    for name in names {
        if name != "self_healer" && name != "daemon" && x.get(name) != y.get(name) {
            keys.push(format!("[{name}]"));
        }
    }
    keys
}

/// The reloadable keys that differ.
fn changed(old: &Config, new: &Config) -> Vec<&'static str> {
    let (a, b) = (&old.daemon, &new.daemon);
    [
        ("daemon.limits", a.limits != b.limits),
        ("daemon.logging.level", a.logging.level != b.logging.level),
        ("self_healer", old.app.self_healer != new.app.self_healer),
    ]
    .into_iter()
    .filter_map(|(key, differs)| differs.then_some(key))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        Config::from_toml(text, "t.toml").unwrap()
    }

    #[test]
    fn what_needs_a_restart_is_named() {
        let old = config("[daemon]\nlisten = \"127.0.0.1:7000\"\n");
        let new = config(
            "[daemon]\nlisten = \"127.0.0.1:7001\"\n[prover]\ncheckers = 2\n[self_healer]\nagent_timeout_ms = 900\n",
        );
        assert_eq!(needs_restart(&old, &new), ["daemon.listen", "[prover]"]);
        assert!(needs_restart(&old, &old).is_empty());
        let tuned = config(
            "[daemon]\nlisten = \"127.0.0.1:7000\"\n[daemon.limits]\nbody_bytes = 2048\n[daemon.logging]\nlevel = \"debug\"\n[self_healer]\nagent_timeout_ms = 900\n",
        );
        assert!(needs_restart(&old, &tuned).is_empty());
        assert_eq!(
            changed(&old, &tuned),
            ["daemon.limits", "daemon.logging.level", "self_healer"]
        );
    }
}
