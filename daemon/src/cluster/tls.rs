//! Mutual TLS between nodes (`[cluster.tls]`): each node presents its
//! certificate and accepts only peers whose certificate the cluster's CA
//! signed, on both the accepting and the connecting side. rustls with ring.

use std::sync::Arc;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{self, ClientConfig, RootCertStore, ServerConfig};
use tokio_rustls::{TlsAcceptor, TlsConnector};

use super::config::ClusterTls;

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn certs(cfg: &ClusterTls) -> Result<Vec<CertificateDer<'static>>, String> {
    let certs: Vec<_> = CertificateDer::pem_file_iter(&cfg.cert_file)
        .and_then(|c| c.collect())
        .map_err(|e| format!("cluster.tls.cert_file {}: {e}", cfg.cert_file.display()))?;
    if certs.is_empty() {
        return Err(format!(
            "cluster.tls.cert_file {}: no certificate in it",
            cfg.cert_file.display()
        ));
    }
    Ok(certs)
}

fn key(cfg: &ClusterTls) -> Result<PrivateKeyDer<'static>, String> {
    PrivateKeyDer::from_pem_file(&cfg.key_file)
        .map_err(|e| format!("cluster.tls.key_file {}: {e}", cfg.key_file.display()))
}

fn roots(cfg: &ClusterTls) -> Result<Arc<RootCertStore>, String> {
    let mut roots = RootCertStore::empty();
    let cas: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&cfg.ca_file)
        .and_then(|c| c.collect())
        .map_err(|e| format!("cluster.tls.ca_file {}: {e}", cfg.ca_file.display()))?;
    for ca in cas {
        roots
            .add(ca)
            .map_err(|e| format!("cluster.tls.ca_file {}: {e}", cfg.ca_file.display()))?;
    }
    if roots.is_empty() {
        return Err(format!(
            "cluster.tls.ca_file {}: no certificate in it",
            cfg.ca_file.display()
        ));
    }
    Ok(Arc::new(roots))
}

/// Accepts nodes whose client certificate the CA signed.
pub fn acceptor(cfg: &ClusterTls) -> Result<TlsAcceptor, String> {
    let verifier =
        rustls::server::WebPkiClientVerifier::builder_with_provider(roots(cfg)?, provider())
            .build()
            .map_err(|e| format!("cluster.tls.ca_file: {e}"))?;
    let config = ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("cluster.tls: {e}"))?
        .with_client_cert_verifier(verifier)
        .with_single_cert(certs(cfg)?, key(cfg)?)
        .map_err(|e| format!("cluster.tls: the key does not fit the certificate: {e}"))?;
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// Connects to nodes whose server certificate the CA signed, presenting this node's.
pub fn connector(cfg: &ClusterTls) -> Result<TlsConnector, String> {
    let config = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("cluster.tls: {e}"))?
        .with_root_certificates(roots(cfg)?)
        .with_client_auth_cert(certs(cfg)?, key(cfg)?)
        .map_err(|e| format!("cluster.tls: the key does not fit the certificate: {e}"))?;
    Ok(TlsConnector::from(Arc::new(config)))
}
