//! rustls as the probe's TLS client, over bytes we carry ourselves (sans-IO), with a
//! certificate verifier that records the presented chain and accepts it.
//!
//! Accepting is deliberate: the probe wants to see the chain, the version and the suite even
//! when the chain is bad, and never sends anything secret over the connection — it closes
//! right after the handshake. The verdict comes from [`crate::rules`] against the user's
//! bundle. Handshake signatures are still verified for real, so the recorded chain is the one
//! whose key the server proved it holds.

use std::sync::{Arc, Mutex};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, SignatureScheme};

/// The chain a server presented, leaf first.
#[derive(Debug, Default)]
pub struct Recorded {
    pub chain: Vec<Vec<u8>>,
}

#[derive(Debug)]
struct RecordingVerifier {
    seen: Arc<Mutex<Recorded>>,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for RecordingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut seen) = self.seen.lock() {
            seen.chain = std::iter::once(end_entity).chain(intermediates).map(|c| c.to_vec()).collect();
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

/// Which TLS versions to offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    Both,
    Tls13Only,
    Tls12Only,
}

/// A client connection plus what its verifier recorded.
pub struct TlsClient {
    pub conn: ClientConnection,
    pub recorded: Arc<Mutex<Recorded>>,
}

impl TlsClient {
    /// `server_name`: the hostname (sent as SNI) or an IP address (no SNI).
    pub fn new(server_name: &str, offer: Offer) -> Result<TlsClient, String> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let recorded = Arc::new(Mutex::new(Recorded::default()));
        let versions: &[&'static rustls::SupportedProtocolVersion] = match offer {
            Offer::Both => &[&rustls::version::TLS13, &rustls::version::TLS12],
            Offer::Tls13Only => &[&rustls::version::TLS13],
            Offer::Tls12Only => &[&rustls::version::TLS12],
        };
        let verifier = RecordingVerifier { seen: recorded.clone(), provider: provider.clone() };
        let config = ClientConfig::builder_with_provider(provider)
            .with_protocol_versions(versions)
            .map_err(|e| format!("TLS configuration: {e}"))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        let name = ServerName::try_from(server_name.to_owned())
            .map_err(|_| format!("'{}' is not a hostname or IP address", crate::text::clip(server_name, 60)))?;
        let conn = ClientConnection::new(Arc::new(config), name).map_err(|e| format!("TLS client: {e}"))?;
        Ok(TlsClient { conn, recorded })
    }

    /// The recorded chain (empty until the server's Certificate message was processed).
    pub fn chain(&self) -> Vec<Vec<u8>> {
        self.recorded.lock().map(|r| r.chain.clone()).unwrap_or_default()
    }
}
