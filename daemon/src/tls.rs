//! Optional TLS (`[daemon.tls]`): rustls with the ring provider, from a PEM
//! certificate chain and key. A loopback daemon needs none; one bound to a
//! network should have it (it logs a warning when it has not).

use std::path::Path;
use std::sync::Arc;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::TlsAcceptor;

use crate::config::TlsConfig;

/// The certificates of a PEM file; errors name the config `key` and the file.
pub fn certificates(path: &Path, key: &str) -> Result<Vec<CertificateDer<'static>>, String> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
        .and_then(|certs| certs.collect())
        .map_err(|e| format!("{key} {}: {e}", path.display()))?;
    if certs.is_empty() {
        return Err(format!("{key} {}: no certificate in it", path.display()));
    }
    Ok(certs)
}

/// The private key of a PEM file; errors name the config `key` and the file.
pub fn private_key(path: &Path, key: &str) -> Result<PrivateKeyDer<'static>, String> {
    PrivateKeyDer::from_pem_file(path).map_err(|e| format!("{key} {}: {e}", path.display()))
}

/// The acceptor for `cfg`; errors name the file and what was wrong with it.
pub fn acceptor(cfg: &TlsConfig) -> Result<TlsAcceptor, String> {
    let certs = certificates(&cfg.cert_file, "daemon.tls.cert_file")?;
    let key = private_key(&cfg.key_file, "daemon.tls.key_file")?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("daemon.tls: {e}"))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| format!("daemon.tls: the key does not fit the certificate: {e}"))?;
    Ok(TlsAcceptor::from(Arc::new(config)))
}
