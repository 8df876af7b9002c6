//! The live probe's rustls handshake completes inside wasm, in Chromium: a [`Probe`] reads a
//! synthetic MySQL greeting with CLIENT_SSL, sends its SSLRequest and ClientHello, and talks
//! to an in-memory rustls server whose certificates rcgen made at test time.
//!
//! `WASM_BINDGEN_USE_BROWSER=1 cargo test --target wasm32-unknown-unknown --test wasm_tls`
//! (no `-q`: wasm-bindgen-test-runner rejects it). Natively this file is empty.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use mysql_tls_doctor::decode::tls::{CipherSuite, ProtocolVersion};
use mysql_tls_doctor::source::probe::machine::{Check, OfferKind, Outcome, Probe, Stage};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{ServerConfig, ServerConnection};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// CLIENT_PROTOCOL_41 | CLIENT_SSL | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH (low and
/// high halves).
const CAPS: u32 = 0x0000_0200 | 0x0000_0800 | 0x0000_8000 | 0x0008_0000;

/// A HandshakeV10 packet (sequence id 0) as a MySQL 8 server sends it.
fn greeting() -> Vec<u8> {
    let mut p = vec![10]; // int<1> protocol version
    p.extend_from_slice(b"8.0.40-wasm-test\0"); // string<NUL> server version
    p.extend_from_slice(&7u32.to_le_bytes()); // int<4> thread id
    p.extend_from_slice(b"abcdefgh"); // string[8] auth-plugin-data-part-1
    p.push(0); // int<1> filler
    p.extend_from_slice(&(CAPS as u16).to_le_bytes()); // int<2> capability flags (lower)
    p.push(0xff); // int<1> character set
    p.extend_from_slice(&2u16.to_le_bytes()); // int<2> status flags
    p.extend_from_slice(&((CAPS >> 16) as u16).to_le_bytes()); // int<2> capability flags (upper)
    p.push(21); // int<1> auth plugin data length
    p.extend_from_slice(&[0; 10]); // string[10] reserved
    p.extend_from_slice(b"ijklmnopqrst\0"); // auth-plugin-data-part-2, 13 bytes
    p.extend_from_slice(b"caching_sha2_password\0"); // string<NUL> auth plugin name
    let len = p.len() as u32;
    let mut packet = len.to_le_bytes()[..3].to_vec(); // int<3> payload length
    packet.push(0); // int<1> sequence id
    packet.extend(p);
    packet
}

/// A CA and a leaf for `localhost` it signed: the chain the server sends, and the leaf's key.
fn server_chain() -> (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>) {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().expect("CA key")).expect("CA");
    let leaf_key = KeyPair::generate().expect("leaf key");
    let leaf = CertificateParams::new(vec!["localhost".to_owned()])
        .expect("leaf params")
        .signed_by(&leaf_key, &ca)
        .expect("leaf");
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
    (vec![leaf.der().clone(), ca.der().clone()], key)
}

/// Runs `check` against an in-memory rustls server; returns the outcome and the chain sent.
fn handshake(check: Check) -> (Outcome, Vec<Vec<u8>>) {
    let (chain, key) = server_chain();
    let sent: Vec<Vec<u8>> = chain.iter().map(|c| c.to_vec()).collect();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("server config");
    let mut server = ServerConnection::new(Arc::new(config)).expect("server");

    let mut probe = Probe::new(check, "localhost", [1; 32]);
    probe.on_data(&greeting());
    assert_eq!(probe.stage(), Stage::TlsHandshake, "the greeting offers TLS: {:?}", probe.outcome());
    let first = probe.take_output();
    // SSLRequest: 32-byte payload, sequence id 1, CLIENT_SSL set; then the ClientHello.
    assert_eq!(first.get(..4), Some(&[32, 0, 0, 1][..]));
    let mut to_server = first.get(36..).unwrap_or_default().to_vec();
    assert_eq!(to_server.first(), Some(&0x16), "a TLS handshake record follows the SSLRequest");

    for _ in 0..20 {
        let mut reader = &to_server[..];
        while !reader.is_empty() {
            server.read_tls(&mut reader).expect("server reads");
            server.process_new_packets().expect("server accepts the client's messages");
        }
        let mut to_client = Vec::new();
        while server.wants_write() {
            server.write_tls(&mut to_client).expect("server writes");
        }
        probe.on_data(&to_client);
        to_server = probe.take_output();
        if probe.is_done() {
            break;
        }
    }
    (probe.outcome().cloned().expect("the probe finished"), sent)
}

#[wasm_bindgen_test]
fn rustls_completes_a_tls13_handshake_inside_wasm() {
    match handshake(Check::Tls(OfferKind::Both)) {
        (Outcome::Tls { version, suite, chain, sni }, sent) => {
            assert_eq!(version, ProtocolVersion::TLS_1_3);
            // rustls' default provider prefers AES-256-GCM; the report names it by its IANA name.
            assert_eq!(suite, CipherSuite::TLS_AES_256_GCM_SHA384);
            assert_eq!(mysql_tls_doctor::report::probe::suite_name(suite), "TLS_AES_256_GCM_SHA384");
            assert_eq!(chain, sent, "the verifier recorded the chain the server sent");
            assert_eq!(sni.as_deref(), Some("localhost"));
        }
        (other, _) => panic!("expected a TLS 1.3 handshake, got {other:?}"),
    }
}

#[wasm_bindgen_test]
fn rustls_completes_a_tls12_handshake_inside_wasm() {
    match handshake(Check::Tls(OfferKind::Tls12Only)) {
        (Outcome::Tls { version, chain, .. }, sent) => {
            assert_eq!(version, ProtocolVersion::TLS_1_2);
            assert_eq!(chain, sent);
        }
        (other, _) => panic!("expected a TLS 1.2 handshake, got {other:?}"),
    }
}
