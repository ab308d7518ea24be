//! Optional TLS (`[daemon.tls]`): rustls with the ring provider, from a PEM
//! certificate chain and key. A loopback daemon needs none; one bound to a
//! network should have it (it logs a warning when it has not).

use std::sync::Arc;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::TlsAcceptor;

use crate::config::TlsConfig;

/// The acceptor for `cfg`; errors name the file and what was wrong with it.
pub fn acceptor(cfg: &TlsConfig) -> Result<TlsAcceptor, String> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&cfg.cert_file)
        .and_then(|certs| certs.collect())
        .map_err(|e| format!("daemon.tls.cert_file {}: {e}", cfg.cert_file.display()))?;
    if certs.is_empty() {
        return Err(format!(
            "daemon.tls.cert_file {}: no certificate in it",
            cfg.cert_file.display()
        ));
    }
    let key = PrivateKeyDer::from_pem_file(&cfg.key_file)
        .map_err(|e| format!("daemon.tls.key_file {}: {e}", cfg.key_file.display()))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("daemon.tls: {e}"))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| format!("daemon.tls: the key does not fit the certificate: {e}"))?;
    Ok(TlsAcceptor::from(Arc::new(config)))
}
