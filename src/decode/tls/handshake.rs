//! The handshake messages a diagnosis reads: ClientHello (what the client offers),
//! ServerHello (what the server chose; a TLS 1.3 HelloRetryRequest is a ServerHello with a fixed
//! random), and Certificate (the chain, readable only up to TLS 1.2: TLS 1.3 encrypts it).
//!
//! Specs: RFC 8446 §4.1.2–4.1.4, §4.4.2 <https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2>;
//! RFC 5246 §7.4.1.2, §7.4.2. tshark: `tls.handshake.version`, `tls.handshake.ciphersuite`,
//! `tls.handshake.extensions.supported_version`.

use std::ops::Range;

use serde::Serialize;

use super::extensions::{read_extensions_with, Detail, Extension, ExtensionInfo, Side};
use super::reader::Reader;
use super::reassembly::RawHandshake;
use super::record::ProtocolVersion;
use super::suites::CipherSuite;
use super::{DecodeError, Spanned};

crate::decode::newtype::open_enum! {
    pub struct HandshakeType(u8), display decimal;
    HELLO_REQUEST = 0 => "hello_request",
    CLIENT_HELLO = 1 => "client_hello",
    SERVER_HELLO = 2 => "server_hello",
    HELLO_VERIFY_REQUEST = 3 => "hello_verify_request",
    NEW_SESSION_TICKET = 4 => "new_session_ticket",
    END_OF_EARLY_DATA = 5 => "end_of_early_data",
    HELLO_RETRY_REQUEST = 6 => "hello_retry_request",
    ENCRYPTED_EXTENSIONS = 8 => "encrypted_extensions",
    CERTIFICATE = 11 => "certificate",
    SERVER_KEY_EXCHANGE = 12 => "server_key_exchange",
    CERTIFICATE_REQUEST = 13 => "certificate_request",
    SERVER_HELLO_DONE = 14 => "server_hello_done",
    CERTIFICATE_VERIFY = 15 => "certificate_verify",
    CLIENT_KEY_EXCHANGE = 16 => "client_key_exchange",
    FINISHED = 20 => "finished",
    CERTIFICATE_URL = 21 => "certificate_url",
    CERTIFICATE_STATUS = 22 => "certificate_status",
    KEY_UPDATE = 24 => "key_update",
    MESSAGE_HASH = 254 => "message_hash",
}

/// SHA-256("HelloRetryRequest"): the ServerHello random that marks a HelloRetryRequest
/// (RFC 8446 §4.1.3).
pub const HELLO_RETRY_REQUEST_RANDOM: [u8; 32] = [
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91, 0xC2, 0xA2, 0x11,
    0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientHello {
    pub legacy_version: Spanned<ProtocolVersion>,
    pub random: Spanned<Vec<u8>>,
    /// Range covers the length byte.
    pub session_id: Spanned<Vec<u8>>,
    /// Range covers the length prefix.
    pub cipher_suites: Spanned<Vec<Spanned<CipherSuite>>>,
    pub compression_methods: Spanned<Vec<u8>>,
    /// Absent in some TLS ≤ 1.2 hellos.
    pub extensions: Option<Spanned<Vec<Extension>>>,
    pub trailing: Option<Range<usize>>,
}

impl ClientHello {
    pub fn decode(r: &mut Reader<'_>) -> Result<ClientHello, DecodeError> {
        ClientHello::decode_with(r, Detail::Full)
    }

    /// [`ClientHello::decode`] reading `detail` of the extensions.
    pub fn decode_with(r: &mut Reader<'_>, detail: Detail) -> Result<ClientHello, DecodeError> {
        let legacy_version = r.u16("client version")?.map(ProtocolVersion); // ProtocolVersion legacy_version
        let random = kept(r.take(32, "random")?, detail); // Random random (32 bytes)
        let session_id = bytes(r.vec8("session id")?, detail); // opaque legacy_session_id<0..32>
        let (mut list, range) = r.vec16("cipher suites length")?; // CipherSuite cipher_suites<2..2^16-2>
        let mut suites = Vec::with_capacity(list.remaining() / 2);
        while !list.is_empty() {
            suites.push(list.u16("cipher suite")?.map(CipherSuite));
        }
        let cipher_suites = Spanned::new(suites, range);
        let compression_methods = bytes(r.vec8("compression methods")?, detail); // opaque legacy_compression_methods<1..2^8-1>
        let extensions = if r.is_empty() {
            None
        } else {
            Some(read_extensions_with(r, Side::Client, detail)?) // Extension extensions<8..2^16-1>
        };
        let trailing = (!r.is_empty()).then(|| r.rest().range);
        Ok(ClientHello { legacy_version, random, session_id, cipher_suites, compression_methods, extensions, trailing })
    }

    /// The server name the client asked for (first host_name entry).
    pub fn sni(&self) -> Option<&str> {
        find(&self.extensions, |i| match i {
            ExtensionInfo::ServerName(n) => n.first().map(|s| s.value.as_str()),
            _ => None,
        })
    }

    pub fn alpn(&self) -> Vec<&str> {
        find(&self.extensions, |i| match i {
            ExtensionInfo::Alpn(p) => Some(p.iter().map(|s| s.value.as_str()).collect()),
            _ => None,
        })
        .unwrap_or_default()
    }

    /// The supported_versions list without GREASE, if the extension was sent.
    pub fn supported_versions(&self) -> Option<Vec<ProtocolVersion>> {
        find(&self.extensions, |i| match i {
            ExtensionInfo::SupportedVersions(v) => Some(v.iter().map(|s| s.value).filter(|v| !v.is_grease()).collect()),
            _ => None,
        })
    }

    /// What the client offers: supported_versions when sent (TLS 1.3-capable clients), else
    /// only the legacy version, which is the highest it accepts (lower ones may also be).
    pub fn offered_versions(&self) -> Vec<ProtocolVersion> {
        self.supported_versions().unwrap_or_else(|| vec![self.legacy_version.value])
    }

    /// Offered suites, GREASE left out.
    pub fn suites(&self) -> Vec<CipherSuite> {
        self.cipher_suites.value.iter().map(|s| s.value).filter(|s| !s.is_grease()).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServerHello {
    pub legacy_version: Spanned<ProtocolVersion>,
    pub random: Spanned<Vec<u8>>,
    pub session_id: Spanned<Vec<u8>>,
    pub cipher_suite: Spanned<CipherSuite>,
    pub compression_method: Spanned<u8>,
    pub extensions: Option<Spanned<Vec<Extension>>>,
    /// The random is [`HELLO_RETRY_REQUEST_RANDOM`]: the server asks for another ClientHello.
    pub is_hello_retry_request: bool,
    pub trailing: Option<Range<usize>>,
}

impl ServerHello {
    pub fn decode(r: &mut Reader<'_>) -> Result<ServerHello, DecodeError> {
        ServerHello::decode_with(r, Detail::Full)
    }

    /// [`ServerHello::decode`] reading `detail` of the extensions.
    pub fn decode_with(r: &mut Reader<'_>, detail: Detail) -> Result<ServerHello, DecodeError> {
        let legacy_version = r.u16("server version")?.map(ProtocolVersion); // ProtocolVersion legacy_version
        let random = r.take(32, "random")?; // Random random
        let is_hello_retry_request = random.value == HELLO_RETRY_REQUEST_RANDOM;
        let random = kept(random, detail);
        let session_id = bytes(r.vec8("session id")?, detail); // opaque legacy_session_id_echo<0..32>
        let cipher_suite = r.u16("cipher suite")?.map(CipherSuite); // CipherSuite cipher_suite
        let compression_method = r.u8("compression method")?; // uint8 legacy_compression_method
        let extensions = if r.is_empty() {
            None
        } else {
            Some(read_extensions_with(r, Side::Server, detail)?) // Extension extensions<6..2^16-1>
        };
        let trailing = (!r.is_empty()).then(|| r.rest().range);
        Ok(ServerHello {
            is_hello_retry_request,
            legacy_version,
            random,
            session_id,
            cipher_suite,
            compression_method,
            extensions,
            trailing,
        })
    }

    /// The version from supported_versions, if the server sent it (TLS 1.3).
    pub fn selected_version(&self) -> Option<Spanned<ProtocolVersion>> {
        find(&self.extensions, |i| match i {
            ExtensionInfo::SupportedVersions(v) => v.first().cloned(),
            _ => None,
        })
    }

    /// The negotiated version: supported_versions wins over the legacy field (RFC 8446 §4.1.3).
    pub fn version(&self) -> ProtocolVersion {
        self.selected_version().map_or(self.legacy_version.value, |v| v.value)
    }
}

/// One certificate of a TLS ≤ 1.2 Certificate message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateEntry {
    /// Length prefix and DER.
    pub range: Range<usize>,
    pub der_range: Range<usize>,
    #[serde(skip)]
    pub der: Vec<u8>,
}

/// A TLS ≤ 1.2 Certificate message: `ASN.1Cert certificate_list<0..2^24-1>`, leaf first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Certificate {
    pub list: Spanned<Vec<CertificateEntry>>,
    pub trailing: Option<Range<usize>>,
}

impl Certificate {
    pub fn decode(r: &mut Reader<'_>) -> Result<Certificate, DecodeError> {
        let (mut list, range) = r.vec24("certificate list length")?; // ASN.1Cert certificate_list<0..2^24-1>
        let mut certs = Vec::new();
        while !list.is_empty() {
            let (mut cert, whole) = list.vec24("certificate length")?; // opaque ASN.1Cert<1..2^24-1>
            let der = cert.rest();
            certs.push(CertificateEntry { range: whole, der_range: der.range, der: der.value.to_vec() });
        }
        let trailing = (!r.is_empty()).then(|| r.rest().range);
        Ok(Certificate { list: Spanned::new(certs, range), trailing })
    }

    pub fn ders(&self) -> Vec<Vec<u8>> {
        self.list.value.iter().map(|c| c.der.clone()).collect()
    }
}

/// A decoded handshake message body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum HandshakeBody {
    ClientHello(ClientHello),
    ServerHello(ServerHello),
    Certificate(Certificate),
    /// A message this decoder only names.
    Other,
}

/// Decodes a plaintext handshake message's body by its type.
pub fn decode(raw: &RawHandshake) -> Result<HandshakeBody, DecodeError> {
    decode_with(raw, Detail::Full)
}

/// [`decode`] reading `detail` of the hellos' extensions.
pub fn decode_with(raw: &RawHandshake, detail: Detail) -> Result<HandshakeBody, DecodeError> {
    let mut r = raw.body();
    Ok(match raw.msg_type.value {
        HandshakeType::CLIENT_HELLO => HandshakeBody::ClientHello(ClientHello::decode_with(&mut r, detail)?),
        HandshakeType::SERVER_HELLO => HandshakeBody::ServerHello(ServerHello::decode_with(&mut r, detail)?),
        HandshakeType::CERTIFICATE => HandshakeBody::Certificate(Certificate::decode(&mut r)?),
        _ => HandshakeBody::Other,
    })
}

fn bytes((mut r, range): (Reader<'_>, Range<usize>), detail: Detail) -> Spanned<Vec<u8>> {
    Spanned::new(kept(r.rest(), detail).value, range)
}

/// Opaque bytes only the field tree shows (random, session id, compression methods): copied
/// for [`Detail::Full`]; for [`Detail::Facts`] only their range is kept.
fn kept(b: Spanned<&[u8]>, detail: Detail) -> Spanned<Vec<u8>> {
    match detail {
        Detail::Full => b.map(<[u8]>::to_vec),
        Detail::Facts => Spanned::new(Vec::new(), b.range),
    }
}

fn find<'a, T>(exts: &'a Option<Spanned<Vec<Extension>>>, f: impl Fn(&'a ExtensionInfo) -> Option<T>) -> Option<T> {
    exts.as_ref()?.value.iter().find_map(|e| f(&e.info))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::decode::test_wire::handshake;
    use crate::decode::tls::extensions::tests::synthetic_client_extensions;
    use crate::decode::tls::reassembly::HandshakeReassembler;

    /// A synthetic TLS 1.3-capable ClientHello body (SNI, ALPN, supported_versions).
    pub(crate) fn synthetic_client_hello_body() -> Vec<u8> {
        let mut b = vec![3, 3];
        b.extend([0x11; 32]);
        b.push(0);
        b.extend([0, 6, 0x13, 0x01, 0xC0, 0x2F, 0x0A, 0x0A]);
        b.extend([1, 0]);
        b.extend(synthetic_client_extensions());
        b
    }

    /// A synthetic ServerHello body choosing `suite`; with `tls13`, supported_versions = 1.3.
    pub(crate) fn synthetic_server_hello_body(suite: u16, tls13: bool) -> Vec<u8> {
        let mut b = vec![3, 3];
        b.extend([0x22; 32]);
        b.push(0);
        b.extend(suite.to_be_bytes());
        b.push(0);
        if tls13 {
            b.extend([0, 6, 0, 43, 0, 2, 3, 4]);
        }
        b
    }

    fn raw(msg_type: u8, body: &[u8], stream_start: usize) -> RawHandshake {
        let mut re = HandshakeReassembler::new();
        re.push(&handshake(msg_type, body), stream_start);
        re.next_message().unwrap().unwrap()
    }

    #[test]
    fn reads_client_hello() {
        let m = raw(1, &synthetic_client_hello_body(), 5);
        let HandshakeBody::ClientHello(ch) = decode(&m).unwrap() else {
            panic!("not a ClientHello");
        };
        assert_eq!(ch.legacy_version, Spanned::new(ProtocolVersion::TLS_1_2, 9..11));
        assert_eq!(ch.random.range, 11..43);
        assert_eq!(ch.session_id, Spanned::new(vec![], 43..44));
        assert_eq!(
            ch.cipher_suites,
            Spanned::new(
                vec![
                    Spanned::new(CipherSuite::TLS_AES_128_GCM_SHA256, 46..48),
                    Spanned::new(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 48..50),
                    Spanned::new(CipherSuite(0x0A0A), 50..52),
                ],
                44..52
            )
        );
        assert_eq!(ch.compression_methods, Spanned::new(vec![0], 52..54));
        assert_eq!(ch.sni(), Some("db.example.com"));
        assert_eq!(ch.alpn(), vec!["mysql"]);
        assert_eq!(ch.offered_versions(), vec![ProtocolVersion::TLS_1_3, ProtocolVersion::TLS_1_2]);
        assert_eq!(ch.suites().len(), 2);
        assert_eq!(ch.trailing, None);
    }

    #[test]
    fn reads_tls12_client_hello_without_extensions() {
        let mut b = vec![3, 1];
        b.extend([0; 32]);
        b.extend([0, 0, 2, 0, 0x2F, 1, 0]);
        let m = raw(1, &b, 0);
        let HandshakeBody::ClientHello(ch) = decode(&m).unwrap() else {
            panic!("not a ClientHello");
        };
        assert_eq!(ch.extensions, None);
        assert_eq!(ch.offered_versions(), vec![ProtocolVersion::TLS_1_0]);
        assert_eq!(ch.sni(), None);
    }

    #[test]
    fn reads_server_hello_versions() {
        let m = raw(2, &synthetic_server_hello_body(0x1302, true), 0);
        let HandshakeBody::ServerHello(sh) = decode(&m).unwrap() else {
            panic!("not a ServerHello");
        };
        assert_eq!(sh.legacy_version.value, ProtocolVersion::TLS_1_2);
        assert_eq!(sh.version(), ProtocolVersion::TLS_1_3);
        assert_eq!(sh.cipher_suite, Spanned::new(CipherSuite(0x1302), 39..41));
        assert_eq!(sh.selected_version(), Some(Spanned::new(ProtocolVersion::TLS_1_3, 48..50)));
        assert!(!sh.is_hello_retry_request);

        let m = raw(2, &synthetic_server_hello_body(0xC030, false), 0);
        let HandshakeBody::ServerHello(sh) = decode(&m).unwrap() else {
            panic!("not a ServerHello");
        };
        assert_eq!(sh.version(), ProtocolVersion::TLS_1_2);
        assert_eq!(sh.extensions, None);
    }

    #[test]
    fn reads_hello_retry_request() {
        let mut b = synthetic_server_hello_body(0x1301, true);
        if let Some(r) = b.get_mut(2..34) {
            r.copy_from_slice(&HELLO_RETRY_REQUEST_RANDOM);
        }
        let HandshakeBody::ServerHello(sh) = decode(&raw(2, &b, 0)).unwrap() else {
            panic!("not a ServerHello");
        };
        assert!(sh.is_hello_retry_request);
    }

    #[test]
    fn reads_certificate_list() {
        let body = [0, 0, 10, 0, 0, 3, 0x30, 1, 2, 0, 0, 1, 0x30];
        let HandshakeBody::Certificate(c) = decode(&raw(11, &body, 100)).unwrap() else {
            panic!("not a Certificate");
        };
        assert_eq!(
            c,
            Certificate {
                list: Spanned::new(
                    vec![
                        CertificateEntry { range: 107..113, der_range: 110..113, der: vec![0x30, 1, 2] },
                        CertificateEntry { range: 113..117, der_range: 116..117, der: vec![0x30] },
                    ],
                    104..117
                ),
                trailing: None,
            }
        );
    }

    #[test]
    fn rejects_truncated_hellos() {
        let body = synthetic_client_hello_body();
        let cut = body.get(..40).unwrap_or_default();
        assert_eq!(
            decode(&raw(1, cut, 0)),
            Err(DecodeError::Truncated { offset: 41, what: "cipher suites length", needed: 3 })
        );
        assert_eq!(
            decode(&raw(11, &[0, 0, 9, 0, 0, 1], 0)),
            Err(DecodeError::Truncated { offset: 7, what: "certificate list length", needed: 6 })
        );
        assert_eq!(decode(&raw(14, &[], 0)), Ok(HandshakeBody::Other));
    }
}
