//! A pasted error message read into typed facts: which client printed it, which MySQL error
//! number, which OpenSSL/X509/TLS reason (from the words or from a packed `error:XXXXXXXX:`
//! code), and which framework text wraps it. No judgement about causes here: that is
//! [`crate::rules::error_message`]'s job.
//!
//! Matching is plain, ASCII-case-insensitive substring search over the data tables in
//! [`patterns`] (no regex crate: the tables go into the page's wasm). The reader is total: any
//! text gives an answer, the input is capped at [`MAX_INPUT`] bytes.

mod openssl_code;
pub mod patterns;

use std::ops::Range;

use serde::Serialize;

pub use openssl_code::{OpensslCode, Packing};

/// Longer pastes are read up to here (a whole log file is not an error message; the reasons
/// sit in the first lines of a stack trace).
pub const MAX_INPUT: usize = 32 * 1024;

/// What a phrase of the message says happened, named after the client's own wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    // Chain verification (OpenSSL X509_V_ERR_*, Go x509, JSSE, rustls, .NET, GnuTLS).
    /// X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY: the issuer of the last certificate is nowhere.
    IssuerNotFoundLocally,
    /// X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT: the path ends at a CA-file certificate whose issuer is missing.
    IssuerNotFound,
    /// X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE: the leaf alone, its issuer nowhere.
    LeafIssuerNotFound,
    /// X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT: the leaf is self-signed.
    SelfSignedLeaf,
    /// X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN: the chain ends at a root the CA file lacks.
    SelfSignedInChain,
    /// Go/JSSE/rustls/.NET: no path to a trusted root (covers both of OpenSSL's "issuer" cases).
    UnknownAuthority,
    /// .NET `PartialChain`: the chain could not be completed.
    PartialChain,
    /// Go ≥ 1.18: a SHA-1 signature on the path (`insecure algorithm SHA1-RSA`).
    InsecureSha1,
    /// A certificate's notAfter has passed (OpenSSL says so for any certificate of the path).
    Expired,
    /// A certificate's notBefore is in the future.
    NotYetValid,
    /// The connect name is not in the certificate (host or IP, any client's wording).
    NameMismatch,
    /// Go: the name is only in the CN, which Go ignores.
    LegacyCommonName,
    /// extendedKeyUsage without serverAuth.
    UnsupportedPurpose,
    /// A signature on the path does not verify.
    SignatureFailure,
    /// rustls: the server's certificate is a CA.
    CaUsedAsEndEntity,
    /// The verification failed and the message does not say why (mysql 8 prints only this).
    VerifyFailed,
    // The handshake.
    /// No common TLS version (client side or the server's protocol_version alert).
    ProtocolVersion,
    /// No common cipher suite.
    NoSharedCipher,
    /// The peer ended the handshake with handshake_failure (versions, suites or a client certificate).
    HandshakeFailureAlert,
    /// The server asked for a client certificate and got none (TLS 1.3 certificate_required).
    CertificateRequired,
    /// The server rejected the client's certificate (alerts unknown_ca / bad_certificate received).
    ClientCertificateRejected,
    /// The TLS handshake failed and the message does not say why.
    HandshakeFailed,
    /// The server closed the connection in the middle of the handshake (no alert).
    ClosedDuringHandshake,
    /// libmysqlclient's "unknown error number": OpenSSL gave no reason (classically a version mismatch).
    UnknownSslError,
    /// PHP mysqlnd's "Cannot connect to MySQL using SSL": TLS did not start — the CA file did not
    /// load, or the handshake failed (the warnings printed before it say which).
    TlsStartFailed,
    // The CA file.
    /// The CA path does not exist.
    CaFileMissing,
    /// The CA file exists but cannot be read.
    CaFileUnreadable,
    /// The CA file holds no PEM certificate.
    CaFileNotPem,
    /// The CA file could not be loaded, reason not given.
    CaFileLoadFailed,
    /// A verifying mode without a CA file.
    CaRequiredForMode,
    // The MySQL protocol around TLS.
    /// The server's greeting has no CLIENT_SSL and the client requires TLS.
    ServerNoTls,
    /// PHP mysqlnd's 2006 "MySQL server has gone away" while connecting with SSL: what mysqlnd
    /// reports when the server's greeting offers no TLS (it closes the connection itself).
    GoneAwayAtConnect,
    /// ERR 3159, require_secure_transport.
    InsecureTransport,
    /// CR 2061, caching_sha2_password over plaintext.
    AuthNeedsSecureConnection,
    // Not TLS.
    /// ERR 1045.
    AccessDenied,
    /// ERR 1130 / 1129 / 1040: refused before the greeting.
    HostNotAllowed,
    HostBlocked,
    TooManyConnections,
    /// TCP connection refused.
    ConnectionRefused,
    /// TCP connect timed out.
    ConnectTimeout,
    /// The hostname does not resolve.
    UnknownHost,
    /// A Unix socket connection (no TCP, no TLS).
    LocalSocket,
    /// ERR 1049.
    UnknownDatabase,
    /// CR 2013 while reading the greeting: the connection dropped before TLS.
    LostBeforeGreeting,
}

/// The client family that printed (or wrapped) the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClientFamily {
    /// The mysql CLI and libmysqlclient (5.7, 8.x, 9.x).
    Libmysqlclient,
    /// The mariadb CLI and MariaDB Connector/C.
    MariadbConnectorC,
    ConnectorJ,
    MariadbConnectorJ,
    /// A JVM client whose driver the message does not name (JSSE texts only).
    Java,
    GoSqlDriver,
    /// Go's crypto/tls and crypto/x509 texts, driver not named.
    Go,
    Pymysql,
    Mysqlclient,
    MysqlConnectorPython,
    /// CPython's ssl module texts, driver not named.
    Python,
    NodeMysql2,
    NodeMysql,
    NodeMariadb,
    /// Node's TLS texts and codes, driver not named.
    Node,
    Php,
    Mysqlconnector,
    MysqlData,
    /// .NET's SslStream texts, driver not named.
    Dotnet,
    RubyMysql2,
    Sqlx,
    /// rustls texts, driver not named.
    Rustls,
}

impl ClientFamily {
    pub fn as_str(self) -> &'static str {
        match self {
            ClientFamily::Libmysqlclient => "libmysqlclient",
            ClientFamily::MariadbConnectorC => "mariadb-connector-c",
            ClientFamily::ConnectorJ => "connector-j",
            ClientFamily::MariadbConnectorJ => "mariadb-connector-j",
            ClientFamily::Java => "java",
            ClientFamily::GoSqlDriver => "go-sql-driver",
            ClientFamily::Go => "go",
            ClientFamily::Pymysql => "pymysql",
            ClientFamily::Mysqlclient => "mysqlclient",
            ClientFamily::MysqlConnectorPython => "mysql-connector-python",
            ClientFamily::Python => "python",
            ClientFamily::NodeMysql2 => "node-mysql2",
            ClientFamily::NodeMysql => "node-mysql",
            ClientFamily::NodeMariadb => "node-mariadb",
            ClientFamily::Node => "node",
            ClientFamily::Php => "php",
            ClientFamily::Mysqlconnector => "mysqlconnector",
            ClientFamily::MysqlData => "mysql-data",
            ClientFamily::Dotnet => "dotnet",
            ClientFamily::RubyMysql2 => "ruby-mysql2",
            ClientFamily::Sqlx => "sqlx",
            ClientFamily::Rustls => "rustls",
        }
    }

    /// Every family, for tests and listings.
    pub const ALL: [ClientFamily; 22] = [
        ClientFamily::Libmysqlclient,
        ClientFamily::MariadbConnectorC,
        ClientFamily::ConnectorJ,
        ClientFamily::MariadbConnectorJ,
        ClientFamily::Java,
        ClientFamily::GoSqlDriver,
        ClientFamily::Go,
        ClientFamily::Pymysql,
        ClientFamily::Mysqlclient,
        ClientFamily::MysqlConnectorPython,
        ClientFamily::Python,
        ClientFamily::NodeMysql2,
        ClientFamily::NodeMysql,
        ClientFamily::NodeMariadb,
        ClientFamily::Node,
        ClientFamily::Php,
        ClientFamily::Mysqlconnector,
        ClientFamily::MysqlData,
        ClientFamily::Dotnet,
        ClientFamily::RubyMysql2,
        ClientFamily::Sqlx,
        ClientFamily::Rustls,
    ];
}

impl std::fmt::Display for ClientFamily {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Framework or log text around the client's own message (recognised, then looked through).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Wrapper {
    Django,
    Sqlalchemy,
    Spring,
    Hikari,
    Laravel,
    /// A Java, Python, Node, Go or .NET stack trace.
    StackTrace,
    /// Connector/J's "Communications link failure" around the real cause.
    CommunicationsLinkFailure,
    /// CR 2003 "Can't connect to MySQL server on …" around a reason in parentheses.
    CantConnect,
    /// CR 2013 "Lost connection to MySQL server …" around a reason.
    LostConnection,
}

/// One phrase of the message and what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Signal {
    pub reason: Reason,
    /// Where the phrase is in the (capped) text, in bytes.
    pub span: Range<usize>,
    /// The phrase exactly as the message spells it.
    pub quote: String,
    /// Where this wording comes from (library and source file).
    pub origin: std::borrow::Cow<'static, str>,
}

/// Everything read from one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ErrorText {
    /// The most specific client family named or implied, if any.
    pub client: Option<ClientFamily>,
    /// The MySQL error number the message carries (only numbers this reader knows).
    pub errno: Option<u16>,
    /// Every recognised phrase, in the order they appear.
    pub signals: Vec<Signal>,
    /// OpenSSL's packed error codes (`error:0A000086:…`), in order.
    pub openssl_codes: Vec<OpensslCode>,
    pub wrappers: Vec<Wrapper>,
    /// Whether the text was longer than [`MAX_INPUT`] and only its start was read.
    pub truncated: bool,
}

/// The MySQL error numbers worth reading (client CR_* and server ER_* around connecting).
const KNOWN_ERRNOS: &[u16] = &[1040, 1043, 1045, 1049, 1129, 1130, 2002, 2003, 2005, 2006, 2013, 2026, 2061, 3159];

/// The start of `text` up to `max` bytes, cut at a character boundary.
fn capped(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Reads a pasted message. Total: every input gives an `ErrorText` (possibly with nothing in it).
pub fn read(text: &str) -> ErrorText {
    let truncated = text.len() > MAX_INPUT;
    let text = capped(text, MAX_INPUT);
    // ASCII lower-casing keeps every byte offset, so spans found in `lower` slice `text`.
    let lower = text.to_ascii_lowercase();

    let mut signals: Vec<Signal> = Vec::new();
    // Table order is most specific first; a phrase inside one already matched is not read
    // again ("self signed certificate" inside "self signed certificate in certificate chain").
    for p in patterns::REASONS {
        let mut from = 0;
        while let Some(at) = lower[from..].find(p.needle) {
            let start = from + at;
            let end = start + p.needle.len();
            from = end;
            if signals.iter().any(|s| s.span.start <= start && end <= s.span.end) {
                continue;
            }
            let reason = p.refine.map_or(p.reason, |refine| refine(&lower[end..]));
            signals.push(Signal {
                reason,
                span: start..end,
                quote: text[start..end].to_owned(),
                origin: p.origin.into(),
            });
        }
    }
    let openssl_codes = openssl_code::find_all(&lower);
    for code in &openssl_codes {
        if let Some(reason) = code.reason() {
            if !signals.iter().any(|s| s.reason == reason) {
                let span = code.span.clone();
                let quote = text[span.clone()].to_owned();
                signals.push(Signal { reason, span, quote, origin: "OpenSSL packed error code (ERR_PACK)".into() });
            }
        }
    }
    signals.sort_by_key(|s| s.span.start);

    let client = patterns::CLIENTS.iter().filter(|c| lower.contains(c.needle)).max_by_key(|c| c.rank).map(|c| c.family);
    let mut wrappers: Vec<Wrapper> = Vec::new();
    for w in patterns::WRAPPERS {
        if lower.contains(w.needle) && !wrappers.contains(&w.wrapper) {
            wrappers.push(w.wrapper);
        }
    }
    ErrorText { client, errno: errno(&lower), signals, openssl_codes, wrappers, truncated }
}

/// The first known MySQL error number in one of the forms clients print it:
/// `ERROR 2026 (HY000)`, `(2026, '…')` (Python), `[2002]` (PHP PDO), `errno: 2026`, `#2026`.
fn errno(lower: &str) -> Option<u16> {
    let bytes = lower.as_bytes();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let digits = &bytes[i..i + 4];
        let bounded_before = i == 0 || !bytes[i - 1].is_ascii_digit();
        let bounded_after = bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit());
        if digits.iter().all(u8::is_ascii_digit) && bounded_before && bounded_after {
            let n = digits.iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
            let before = &lower[..i];
            let after = &lower[i + 4..];
            let framed = before.ends_with("error ")
                || before.ends_with('(')
                || before.ends_with('[')
                || before.ends_with("errno: ")
                || before.ends_with("errno=")
                || before.ends_with("no: ")
                || before.ends_with('#')
                || after.starts_with(" (")
                || after.starts_with(": ");
            if framed && KNOWN_ERRNOS.contains(&n) {
                return Some(n);
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests;
