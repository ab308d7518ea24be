//! Mutual TLS between nodes (`[cluster.tls]`): each node presents its
//! certificate and accepts only peers whose certificate the cluster's CA
//! signed, on both the accepting and the connecting side. rustls with ring.

use std::sync::Arc;

use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{self, ClientConfig, RootCertStore, ServerConfig};
use tokio_rustls::{TlsAcceptor, TlsConnector};

use super::config::ClusterTls;

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn certs(cfg: &ClusterTls) -> Result<Vec<CertificateDer<'static>>, String> {
    crate::tls::certificates(&cfg.cert_file, "cluster.tls.cert_file")
}

fn key(cfg: &ClusterTls) -> Result<PrivateKeyDer<'static>, String> {
    crate::tls::private_key(&cfg.key_file, "cluster.tls.key_file")
}

fn roots(cfg: &ClusterTls) -> Result<Arc<RootCertStore>, String> {
    let mut roots = RootCertStore::empty();
    for ca in crate::tls::certificates(&cfg.ca_file, "cluster.tls.ca_file")? {
        roots
            .add(ca)
            .map_err(|e| format!("cluster.tls.ca_file {}: {e}", cfg.ca_file.display()))?;
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
