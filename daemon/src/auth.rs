//! Bearer tokens. Loopback needs none except for the endpoints that change
//! or reveal the system (faults, coordinate, journal, agent mailboxes) and,
//! on the actor doors, for the messages that change the tree, inject faults
//! or go to an agent (`hms_actors::app::policy`, checked by
//! `State::authorize_message`); any other address needs one everywhere, and
//! the daemon refuses to listen there without one.

use axum::http::HeaderMap;
use subtle::ConstantTimeEq;

use crate::config::{AuthConfig, DaemonConfig};

/// The environment variable read when the config names none.
pub const DEFAULT_TOKEN_ENV: &str = "HMS_TOKEN";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Auth {
    token: Option<String>,
    /// Every request needs the token (not bound to loopback).
    everywhere: bool,
}

impl Auth {
    /// Resolves the token: `token_file`, then the environment, then `token`.
    pub fn from_config(cfg: &DaemonConfig) -> Result<Self, String> {
        let token = resolve(&cfg.auth)?;
        let everywhere = !cfg.listen.ip().is_loopback();
        if everywhere && token.is_none() {
            return Err(format!(
                "refusing to listen on {} (not loopback) without a token: set daemon.auth.token_file, {} or daemon.auth.token",
                cfg.listen,
                cfg.auth.token_env.as_deref().unwrap_or(DEFAULT_TOKEN_ENV)
            ));
        }
        Ok(Self { token, everywhere })
    }

    /// Whether a request to a path of this sensitivity may proceed.
    pub fn allows(&self, headers: &HeaderMap, protected: bool) -> Result<(), &'static str> {
        if !protected && !self.everywhere {
            return Ok(());
        }
        let Some(expected) = &self.token else {
            return Err("this endpoint needs a bearer token, and the daemon has none configured (daemon.auth or HMS_TOKEN)");
        };
        let given = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if bool::from(given.as_bytes().ct_eq(expected.as_bytes())) {
            Ok(())
        } else if given.is_empty() {
            Err("missing bearer token (Authorization: Bearer <token>)")
        } else {
            Err("wrong bearer token")
        }
    }
}

fn resolve(cfg: &AuthConfig) -> Result<Option<String>, String> {
    if let Some(path) = &cfg.token_file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("daemon.auth.token_file {}: {e}", path.display()))?;
        let token = text.lines().next().unwrap_or("").trim().to_string();
        if token.is_empty() {
            return Err(format!(
                "daemon.auth.token_file {} is empty",
                path.display()
            ));
        }
        return Ok(Some(token));
    }
    let env = cfg.token_env.as_deref().unwrap_or(DEFAULT_TOKEN_ENV);
    if let Ok(token) = std::env::var(env) {
        if !token.trim().is_empty() {
            return Ok(Some(token.trim().to_string()));
        }
    }
    Ok(cfg.token.clone().filter(|t| !t.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(token: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            axum::http::header::AUTHORIZATION,
            format!("Bearer {token}").parse().unwrap(),
        );
        h
    }

    #[test]
    fn policy() {
        let mut cfg = DaemonConfig::default();
        cfg.auth.token_env = Some("HMS_TEST_TOKEN_UNSET".into());
        let open = Auth::from_config(&cfg).unwrap();
        assert!(open.allows(&HeaderMap::new(), false).is_ok());
        assert!(open.allows(&headers("x"), true).is_err());
        cfg.auth.token = Some("s3cret".into());
        let auth = Auth::from_config(&cfg).unwrap();
        assert!(auth.allows(&headers("s3cret"), true).is_ok());
        assert!(auth.allows(&headers("s3cre"), true).is_err());
        assert!(auth.allows(&HeaderMap::new(), true).is_err());
        cfg.listen = "0.0.0.0:1".parse().unwrap();
        let wide = Auth::from_config(&cfg).unwrap();
        assert!(wide.allows(&HeaderMap::new(), false).is_err());
        cfg.auth.token = None;
        assert!(Auth::from_config(&cfg).unwrap_err().contains("refusing"));
    }
}
