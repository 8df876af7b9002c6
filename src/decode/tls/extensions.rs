//! Hello extensions: `ExtensionType extension_type; opaque extension_data<0..2^16-1>;`.
//! The envelope (type, length, body range) is read here; the body is handed to `tls-parser`,
//! and the slices it returns are located back in the stream ([`crate::decode::tls::Locator::slice_range`]). A body
//! tls-parser refuses becomes that extension's `error`; the other extensions still count.
//!
//! Specs: RFC 8446 §4.2 <https://www.rfc-editor.org/rfc/rfc8446#section-4.2>, RFC 6066 §3
//! (server_name), RFC 7301 (ALPN). tshark: `tls.handshake.extensions_server_name`,
//! `tls.handshake.extensions.supported_version`, `tls.handshake.extensions_alpn_str`.

use std::ops::Range;

use serde::Serialize;
use tls_parser::{SignatureScheme, TlsExtension};

use super::reader::Reader;
use super::record::ProtocolVersion;
use super::{DecodeError, Spanned};

crate::decode::newtype::open_enum! {
    pub struct ExtensionType(u16), display decimal, grease;
    SERVER_NAME = 0 => "server_name",
    MAX_FRAGMENT_LENGTH = 1 => "max_fragment_length",
    STATUS_REQUEST = 5 => "status_request",
    SUPPORTED_GROUPS = 10 => "supported_groups",
    EC_POINT_FORMATS = 11 => "ec_point_formats",
    SIGNATURE_ALGORITHMS = 13 => "signature_algorithms",
    USE_SRTP = 14 => "use_srtp",
    HEARTBEAT = 15 => "heartbeat",
    ALPN = 16 => "application_layer_protocol_negotiation",
    SIGNED_CERTIFICATE_TIMESTAMP = 18 => "signed_certificate_timestamp",
    PADDING = 21 => "padding",
    ENCRYPT_THEN_MAC = 22 => "encrypt_then_mac",
    EXTENDED_MASTER_SECRET = 23 => "extended_master_secret",
    COMPRESS_CERTIFICATE = 27 => "compress_certificate",
    RECORD_SIZE_LIMIT = 28 => "record_size_limit",
    SESSION_TICKET = 35 => "session_ticket",
    PRE_SHARED_KEY = 41 => "pre_shared_key",
    EARLY_DATA = 42 => "early_data",
    SUPPORTED_VERSIONS = 43 => "supported_versions",
    COOKIE = 44 => "cookie",
    PSK_KEY_EXCHANGE_MODES = 45 => "psk_key_exchange_modes",
    CERTIFICATE_AUTHORITIES = 47 => "certificate_authorities",
    OID_FILTERS = 48 => "oid_filters",
    POST_HANDSHAKE_AUTH = 49 => "post_handshake_auth",
    SIGNATURE_ALGORITHMS_CERT = 50 => "signature_algorithms_cert",
    KEY_SHARE = 51 => "key_share",
    ENCRYPTED_CLIENT_HELLO = 0xFE0D => "encrypted_client_hello",
    RENEGOTIATION_INFO = 0xFF01 => "renegotiation_info",
}

/// What an extension says, for the ones a diagnosis reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum ExtensionInfo {
    ServerName(Vec<Spanned<String>>),
    Alpn(Vec<Spanned<String>>),
    SupportedVersions(Vec<Spanned<ProtocolVersion>>),
    /// Any other extension, described in one line (may be empty).
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Extension {
    pub ext_type: Spanned<ExtensionType>,
    pub length: Spanned<u16>,
    /// The body.
    pub data: Range<usize>,
    pub info: ExtensionInfo,
    /// tls-parser could not read the body.
    pub error: Option<DecodeError>,
}

impl Extension {
    pub fn range(&self) -> Range<usize> {
        self.ext_type.range.start..self.data.end
    }
}

/// Which hello the extensions are in: bodies differ (supported_versions is a list in a
/// ClientHello, one version in a ServerHello).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Client,
    Server,
}

/// How much of a hello to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// Every extension's body, described for the field tree (its `info`, or its `error`).
    #[default]
    Full,
    /// Only the bodies the evidence reads (server_name, ALPN, supported_versions); the others
    /// keep their type, length and range, with an empty `info` and no `error`. The hellos'
    /// random, session id and compression methods keep their range, not their bytes. Judging 10,000
    /// connections spent a third of its time describing groups and signature schemes nobody
    /// showed.
    Facts,
}

/// Reads `Extension extensions<0..2^16-1>`; the returned range covers the length prefix.
pub fn read_extensions(r: &mut Reader<'_>, side: Side) -> Result<Spanned<Vec<Extension>>, DecodeError> {
    read_extensions_with(r, side, Detail::Full)
}

/// [`read_extensions`] reading `detail` of each body.
pub fn read_extensions_with(
    r: &mut Reader<'_>,
    side: Side,
    detail: Detail,
) -> Result<Spanned<Vec<Extension>>, DecodeError> {
    let (mut list, range) = r.vec16("extensions length")?;
    let mut out = Vec::with_capacity(16);
    while !list.is_empty() {
        out.push(read_one(&mut list, side, detail)?);
    }
    Ok(Spanned::new(out, range))
}

fn read_one(r: &mut Reader<'_>, side: Side, detail: Detail) -> Result<Extension, DecodeError> {
    let start = r.position();
    let ext_type = r.u16("extension type")?.map(ExtensionType); // ExtensionType extension_type
    let length = r.u16("extension length")?; // uint16 length
    let data_pos = r.position();
    let data = r.take(usize::from(length.value), "extension data")?; // opaque extension_data
    let read =
        matches!(ext_type.value, ExtensionType::SERVER_NAME | ExtensionType::ALPN | ExtensionType::SUPPORTED_VERSIONS);
    if detail == Detail::Facts && !read {
        return Ok(Extension {
            ext_type,
            length,
            data: data.range,
            info: ExtensionInfo::Other(String::new()),
            error: None,
        });
    }
    let whole = r.buffer().get(start..r.position()).unwrap_or_default();
    let parsed = match side {
        Side::Client => tls_parser::parse_tls_client_hello_extension(whole),
        Side::Server => tls_parser::parse_tls_server_hello_extension(whole),
    };
    let (info, error) = match parsed {
        Ok((_, ext)) => (info(&ext, r, data_pos, length.value), None),
        Err(e) => (
            ExtensionInfo::Other(String::new()),
            Some(DecodeError::Extension {
                offset: ext_type.range.start,
                ext_type: ext_type.value.0,
                reason: match e {
                    tls_parser::Err::Incomplete(_) => "its contents run past its length".into(),
                    tls_parser::Err::Error(e) | tls_parser::Err::Failure(e) => {
                        format!("malformed ({:?})", e.code)
                    }
                },
            }),
        ),
    };
    Ok(Extension { ext_type, length, data: data.range, info, error })
}

fn info(ext: &TlsExtension<'_>, r: &Reader<'_>, data_pos: usize, len: u16) -> ExtensionInfo {
    let loc = r.locator();
    let buf = r.buffer();
    let text = |s: &[u8]| Spanned::new(crate::decode::mysql::lossy(s), loc.slice_range(buf, s).unwrap_or_default());
    match ext {
        TlsExtension::SNI(names) => ExtensionInfo::ServerName(names.iter().map(|(_, n)| text(n)).collect()),
        TlsExtension::ALPN(protos) => ExtensionInfo::Alpn(protos.iter().map(|p| text(p)).collect()),
        TlsExtension::SupportedVersions(versions) => {
            // A ServerHello's body is the one version; a ClientHello's is a length byte + list
            // (tls-parser tells them apart by the body length, and so do we).
            let first = if len == 2 { data_pos } else { data_pos + 1 };
            ExtensionInfo::SupportedVersions(
                versions
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let at = first + 2 * i;
                        Spanned::new(ProtocolVersion(v.0), loc.range(at..at + 2))
                    })
                    .collect(),
            )
        }
        // Written into one string: a ClientHello lists ~30 of these, and a capture of 10,000
        // sessions spent a tenth of its outcome pass on a String per name.
        TlsExtension::EllipticCurves(groups) => ExtensionInfo::Other(joined(groups.iter().map(|g| group_name(g.0)))),
        TlsExtension::SignatureAlgorithms(algs) => {
            ExtensionInfo::Other(joined(algs.iter().map(|a| Name::Scheme(SignatureScheme(*a)))))
        }
        TlsExtension::KeyShare(b) | TlsExtension::KeyShareOld(b) => ExtensionInfo::Other(format!("{} bytes", b.len())),
        _ => ExtensionInfo::Other(String::new()),
    }
}

/// A name to write: a known group's, a number in hex, or a signature scheme (tls-parser's words).
enum Name {
    Known(&'static str),
    Hex(u16),
    Scheme(SignatureScheme),
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Name::Known(s) => f.write_str(s),
            Name::Hex(id) => write!(f, "{id:#06x}"),
            Name::Scheme(s) => write!(f, "{s}"),
        }
    }
}

/// The names, ", "-separated, in one allocation.
fn joined(names: impl Iterator<Item = Name>) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(256);
    for (i, n) in names.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{n}");
    }
    out
}

/// Names of the groups clients offer in practice (RFC 8446 §4.2.7, RFC 7919); others as hex.
/// Not tls-parser's `Debug`: its table of every named curve would ride along into the page.
fn group_name(id: u16) -> Name {
    let name = match id {
        0x0017 => "secp256r1",
        0x0018 => "secp384r1",
        0x0019 => "secp521r1",
        0x001D => "x25519",
        0x001E => "x448",
        0x0100 => "ffdhe2048",
        0x0101 => "ffdhe3072",
        0x0102 => "ffdhe4096",
        0x11EC => "X25519MLKEM768",
        _ => return Name::Hex(id),
    };
    Name::Known(name)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::decode::tls::reader::Locator;

    /// server_name "db.example.com", ALPN "mysql", supported_versions [GREASE, 1.3, 1.2].
    pub(crate) fn synthetic_client_extensions() -> Vec<u8> {
        let host = b"db.example.com";
        let mut sni = vec![0, 0];
        let list_len = (host.len() + 3) as u16;
        sni.extend((list_len + 2).to_be_bytes());
        sni.extend(list_len.to_be_bytes());
        sni.push(0);
        sni.extend((host.len() as u16).to_be_bytes());
        sni.extend(host);
        let alpn = [0, 16, 0, 8, 0, 6, 5, b'm', b'y', b's', b'q', b'l'];
        let versions = [0, 43, 0, 7, 6, 0x7A, 0x7A, 3, 4, 3, 3];
        let mut body = sni;
        body.extend(alpn);
        body.extend(versions);
        let mut out = (body.len() as u16).to_be_bytes().to_vec();
        out.extend(body);
        out
    }

    #[test]
    fn reads_client_extensions_with_ranges() {
        let bytes = synthetic_client_extensions();
        let loc = Locator::contiguous(1000, bytes.len());
        let mut r = Reader::new(&bytes, &loc);
        let exts = read_extensions(&mut r, Side::Client).unwrap();
        assert_eq!(exts.range, 1000..(1000 + bytes.len()));
        let [sni, alpn, sv] = exts.value.as_slice() else {
            panic!("three extensions: {exts:?}");
        };
        assert_eq!(sni.info, ExtensionInfo::ServerName(vec![Spanned::new("db.example.com".into(), 1011..1025)]));
        assert_eq!(alpn.info, ExtensionInfo::Alpn(vec![Spanned::new("mysql".into(), 1032..1037)]));
        assert_eq!(sv.ext_type, Spanned::new(ExtensionType::SUPPORTED_VERSIONS, 1037..1039));
        assert_eq!(
            sv.info,
            ExtensionInfo::SupportedVersions(vec![
                Spanned::new(ProtocolVersion(0x7A7A), 1042..1044),
                Spanned::new(ProtocolVersion::TLS_1_3, 1044..1046),
                Spanned::new(ProtocolVersion::TLS_1_2, 1046..1048),
            ])
        );
        assert_eq!(sv.error, None);
    }

    #[test]
    fn keeps_other_extensions_when_one_body_is_bad() {
        // server_name whose list length runs past its body, then ALPN.
        let mut body = vec![0, 0, 0, 3, 0, 9, 0];
        body.extend([0, 16, 0, 8, 0, 6, 5, b'm', b'y', b's', b'q', b'l']);
        let mut bytes = (body.len() as u16).to_be_bytes().to_vec();
        bytes.extend(body);
        let loc = Locator::contiguous(0, bytes.len());
        let exts = read_extensions(&mut Reader::new(&bytes, &loc), Side::Client).unwrap();
        assert!(matches!(
            exts.value.first().and_then(|e| e.error.clone()),
            Some(DecodeError::Extension { offset: 2, ext_type: 0, .. })
        ));
        assert!(matches!(exts.value.get(1).map(|e| &e.info), Some(ExtensionInfo::Alpn(_))));
    }

    #[test]
    fn rejects_extension_running_past_the_list() {
        let bytes = [0, 6, 0, 0, 0, 9, 1, 2];
        let loc = Locator::contiguous(0, bytes.len());
        assert_eq!(
            read_extensions(&mut Reader::new(&bytes, &loc), Side::Client),
            Err(DecodeError::Truncated { offset: 6, what: "extension data", needed: 7 })
        );
    }

    #[test]
    fn reads_server_selected_version() {
        let bytes = [0, 6, 0, 43, 0, 2, 3, 4];
        let loc = Locator::contiguous(50, bytes.len());
        let exts = read_extensions(&mut Reader::new(&bytes, &loc), Side::Server).unwrap();
        assert_eq!(
            exts.value.first().map(|e| e.info.clone()),
            Some(ExtensionInfo::SupportedVersions(vec![Spanned::new(ProtocolVersion::TLS_1_3, 56..58)]))
        );
    }
}
