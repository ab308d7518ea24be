//! What a process that embeds the application needs, in one place for every
//! embedding bridge (Python, C): its tokio runtime, and the configuration
//! from TOML text with errors mapped to the runtime's taxonomy, and starting
//! the application from it.

use hms_runtime::Error;

use super::config::AppConfig;
use super::App;

/// Starts the application from TOML text (absent or blank: the embedded
/// default), on the current tokio runtime.
///
/// # Errors
///
/// `validation` for a bad configuration (naming the key, or `journal.file`);
/// `internal` when the tree fails to start.
pub async fn start(text: Option<&str>) -> Result<App, Error> {
    App::start(config_from_toml(text)?).await
}

/// The configuration from TOML text: absent or blank is the embedded
/// default; a bad file is a `validation` error naming the key.
///
/// # Errors
///
/// `validation` with the offending key as its path.
pub fn config_from_toml(text: Option<&str>) -> Result<AppConfig, Error> {
    match text {
        Some(t) if !t.trim().is_empty() => AppConfig::from_toml(t, "config")
            .map_err(|e| Error::validation(e.key.clone(), e.to_string())),
        _ => Ok(AppConfig::default()),
    }
}

/// The multi-threaded tokio runtime an embedding process owns (worker
/// threads named `hms-tokio`, timers and I/O enabled).
///
/// # Errors
///
/// `internal` when the operating system refuses the threads.
pub fn tokio_runtime() -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_multi_thread()
        .thread_name("hms-tokio")
        .enable_all()
        .build()
        .map_err(|e| Error::internal(format!("cannot start the tokio runtime: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_the_default_and_a_bad_key_is_named() {
        assert_eq!(config_from_toml(None).unwrap(), AppConfig::default());
        assert_eq!(
            config_from_toml(Some("  \n")).unwrap(),
            AppConfig::default()
        );
        let e = config_from_toml(Some("[prover]\ncheckers = \"four\"\n")).unwrap_err();
        assert_eq!(e.kind(), hms_runtime::ErrorKind::Validation);
        assert!(e.path().is_some_and(|p| p.contains("checkers")), "{e}");
        assert!(tokio_runtime().is_ok());
    }
}
