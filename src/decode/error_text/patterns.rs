//! The data: one row per phrase, lower-case, with where the wording comes from. Rows are
//! tried in order and a phrase inside an earlier match is not read again, so a longer phrase
//! must come before any phrase it contains (a test checks it). Extending = adding a row.
//!
//! Origins name the library and the file that prints the words (OpenSSL 1.1.1/3.x
//! `crypto/x509/x509_txt.c`, `ssl/ssl_err.c`; MySQL `libmysql/errmsg.cc`, `vio/viosslfactories.cc`,
//! `sql-common/client.cc`; MariaDB Connector/C `libmariadb/ma_errmsg.c`,
//! `libmariadb/secure/openssl.c`; Go `crypto/x509/verify.go`, `crypto/tls`; CPython
//! `Modules/_ssl.c`; Node `lib/_tls_wrap.js`, `src/crypto/crypto_common.cc`; JDK JSSE;
//! the drivers' connection code). The corpus (`tests/fixtures/error-messages.tsv`) pins versions.

use super::{ClientFamily, Reason, Wrapper};

/// A phrase that says what happened.
pub struct ReasonPattern {
    pub needle: &'static str,
    pub reason: Reason,
    /// For a phrase that covers two reasons: decides from the text after the phrase.
    pub refine: Option<fn(&str) -> Reason>,
    pub origin: &'static str,
}

/// A phrase that names (or implies) the client family; the highest rank present wins.
pub struct ClientPattern {
    pub needle: &'static str,
    pub family: ClientFamily,
    /// 1 a C library's prefix, 2 its distinctive words, 3 a language's TLS stack, 4 a driver.
    pub rank: u8,
}

pub struct WrapperPattern {
    pub needle: &'static str,
    pub wrapper: Wrapper,
}

const fn r(needle: &'static str, reason: Reason, origin: &'static str) -> ReasonPattern {
    ReasonPattern { needle, reason, refine: None, origin }
}

/// Go prints one text for both date failures and says which in the sentence that follows:
/// "current time … is after …" (expired) or "… is before …" (not yet valid).
fn go_validity(after: &str) -> Reason {
    let sentence = after.get(..after.len().min(160)).unwrap_or(after);
    if sentence.contains(" is before ") {
        Reason::NotYetValid
    } else {
        Reason::Expired
    }
}

use Reason::*;

const X509_TXT: &str = "OpenSSL crypto/x509/x509_txt.c";
const SSL_ERR: &str = "OpenSSL ssl/ssl_err.c";
const NODE_CODE: &str = "Node.js src/crypto/crypto_common.cc (X509_V_ERR code name)";
const GO_X509: &str = "Go crypto/x509/verify.go";
const GO_TLS: &str = "Go crypto/tls (alert.go, handshake_client.go)";
const JSSE: &str = "JDK JSSE (sun.security.ssl / sun.security.validator)";
const DOTNET: &str = ".NET System.Net.Security SslPolicyErrors / X509ChainStatusFlags";
const RUSTLS: &str = "rustls src/error.rs (CertificateError / AlertDescription)";

pub const REASONS: &[ReasonPattern] = &[
    // Chain verification. Longer phrases before the phrases they contain.
    r("self-signed certificate in certificate chain", SelfSignedInChain, X509_TXT),
    r("self signed certificate in certificate chain", SelfSignedInChain, X509_TXT),
    r("self_signed_cert_in_chain", SelfSignedInChain, NODE_CODE),
    r("depth_zero_self_signed_cert", SelfSignedLeaf, NODE_CODE),
    r("self-signed certificate", SelfSignedLeaf, X509_TXT),
    r("self signed certificate", SelfSignedLeaf, X509_TXT),
    r("unable to get local issuer certificate", IssuerNotFoundLocally, X509_TXT),
    r("unable_to_get_issuer_cert_locally", IssuerNotFoundLocally, NODE_CODE),
    r("unable to get issuer certificate", IssuerNotFound, X509_TXT),
    r("unable_to_get_issuer_cert", IssuerNotFound, NODE_CODE),
    r("unable to verify the first certificate", LeafIssuerNotFound, X509_TXT),
    r("unable_to_verify_leaf_signature", LeafIssuerNotFound, NODE_CODE),
    // Longer than, and inside the same message as, "certificate signed by unknown authority".
    r("cannot verify signature: insecure algorithm sha1", InsecureSha1, GO_X509),
    r("x509: certificate signed by unknown authority", UnknownAuthority, GO_X509),
    r("unable to find valid certification path to requested target", UnknownAuthority, JSSE),
    r("pkix path building failed", UnknownAuthority, JSSE),
    r(
        "the certificate is not trusted",
        UnknownAuthority,
        "GnuTLS lib/errors.c via MariaDB Connector/C secure/gnutls.c",
    ),
    r("unknownissuer", UnknownAuthority, RUSTLS),
    r("untrustedroot", UnknownAuthority, DOTNET),
    r("partialchain", PartialChain, DOTNET),
    ReasonPattern {
        needle: "certificate has expired or is not yet valid",
        reason: Expired,
        refine: Some(go_validity),
        origin: GO_X509,
    },
    r("certificate has expired", Expired, X509_TXT),
    r("cert_has_expired", Expired, NODE_CODE),
    r("certificateexpiredexception", Expired, JSSE),
    r("validity check failed", Expired, JSSE),
    r("certificate expired: verification time", Expired, RUSTLS),
    r("invalid peer certificate: expired", Expired, RUSTLS),
    r("nottimevalid", Expired, DOTNET),
    r("certificate is not yet valid", NotYetValid, X509_TXT),
    r("cert_not_yet_valid", NotYetValid, NODE_CODE),
    r("certificatenotyetvalidexception", NotYetValid, JSSE),
    r("invalid peer certificate: notvalidyet", NotYetValid, RUSTLS),
    r("x509: certificate relies on legacy common name field", LegacyCommonName, GO_X509),
    r("x509: certificate is valid for", NameMismatch, GO_X509),
    r("because it doesn't contain any ip sans", NameMismatch, GO_X509),
    r("hostname mismatch", NameMismatch, X509_TXT),
    r("ip address mismatch", NameMismatch, X509_TXT),
    r("does not match certificate's altnames", NameMismatch, "Node.js lib/tls.js checkServerIdentity"),
    r("err_tls_cert_altname_invalid", NameMismatch, "Node.js lib/tls.js checkServerIdentity"),
    r("validation of ssl server certificate failed", NameMismatch, "MariaDB Connector/C libmariadb/secure/openssl.c"),
    r(
        "failed to verify the server certificate via x509 certificate matching functions",
        NameMismatch,
        "MySQL sql-common/client.cc ssl_verify_server_cert",
    ),
    r("server identity verification failed", NameMismatch, "MySQL Connector/J ExportControlled.java"),
    r(
        "ssl hostname verification failed",
        NameMismatch,
        "MariaDB Connector/J 2.7 HostnameVerifierImpl (observed by the client lab)",
    ),
    r("no subject alternative dns name matching", NameMismatch, JSSE),
    r("no subject alternative names matching", NameMismatch, JSSE),
    r("no subject alternative names present", NameMismatch, JSSE),
    r("no name matching", NameMismatch, JSSE),
    r("did not match expected cn", NameMismatch, "PHP ext/openssl/xp_ssl.c"),
    r("subjectaltname did not match expected name", NameMismatch, "PHP ext/openssl/xp_ssl.c (observed, PHP 8.2)"),
    r("remotecertificatenamemismatch", NameMismatch, DOTNET),
    // rustls with no DNS SAN to compare (a CN-only leaf): the name was only in the CN (lab-more, observed).
    r("certificate is not valid for any names", LegacyCommonName, RUSTLS),
    r("certificate not valid for name", NameMismatch, RUSTLS),
    r("notvalidforname", NameMismatch, RUSTLS),
    r("unsupported certificate purpose", UnsupportedPurpose, X509_TXT),
    r("x509: certificate specifies an incompatible key usage", UnsupportedPurpose, GO_X509),
    r("extended key usage does not permit use for tls server authentication", UnsupportedPurpose, JSSE),
    r("invalidpurpose", UnsupportedPurpose, RUSTLS),
    r("certificate signature failure", SignatureFailure, X509_TXT),
    r("signature check failed", SignatureFailure, JSSE),
    r("badsignature", SignatureFailure, RUSTLS),
    r("causedasendentity", CaUsedAsEndEntity, RUSTLS),
    // The verification failed, reason not given.
    r("certificate verify failed", VerifyFailed, SSL_ERR),
    r("certificate_verify_failed", VerifyFailed, "CPython Modules/_ssl.c ([SSL: CERTIFICATE_VERIFY_FAILED])"),
    r("tls: failed to verify certificate", VerifyFailed, "Go crypto/tls handshake_client.go (Go 1.20+)"),
    r("certificate verification failure", VerifyFailed, "MariaDB Connector/C secure/gnutls.c"),
    r("pkix path validation failed", VerifyFailed, JSSE),
    r("remotecertificatechainerrors", VerifyFailed, DOTNET),
    r("the remote certificate is invalid", VerifyFailed, DOTNET),
    // The CA file.
    r(
        "ca certificate is required if ssl-mode is verify_ca or verify_identity",
        CaRequiredForMode,
        "MySQL sql-common/client.cc",
    ),
    // Connector/C reports a CA file it cannot open with strerror (observed: "… (2)").
    r("tls/ssl error: no such file or directory", CaFileMissing, "MariaDB Connector/C secure/openssl.c (strerror)"),
    r("tls/ssl error: permission denied", CaFileUnreadable, "MariaDB Connector/C secure/openssl.c (strerror)"),
    r("ssl_ctx_set_default_verify_paths failed", CaFileLoadFailed, "MySQL vio/viosslfactories.cc ssl_error_string"),
    r("failed loading cafile stream", CaFileLoadFailed, "PHP ext/openssl/xp_ssl.c"),
    r("no certificate or crl found", CaFileNotPem, "OpenSSL crypto/x509/x509_err.c"),
    r("no_certificate_or_crl_found", CaFileNotPem, "CPython Modules/_ssl.c ([X509: NO_CERTIFICATE_OR_CRL_FOUND])"),
    r("no start line", CaFileNotPem, "OpenSSL crypto/pem/pem_err.c"),
    r("invalid keystore format", CaFileNotPem, "JDK sun.security.provider.JavaKeyStore"),
    r("enoent: no such file or directory, open", CaFileMissing, "Node.js fs (readFileSync of the CA path)"),
    // The handshake.
    r("no appropriate protocol", ProtocolVersion, JSSE),
    r("unsupported protocol", ProtocolVersion, SSL_ERR),
    r("unsupported_protocol", ProtocolVersion, "CPython Modules/_ssl.c ([SSL: UNSUPPORTED_PROTOCOL])"),
    r("alert protocol version", ProtocolVersion, SSL_ERR),
    r("alert_protocol_version", ProtocolVersion, "CPython Modules/_ssl.c ([SSL: TLSV1_ALERT_PROTOCOL_VERSION])"),
    r("protocol version not supported", ProtocolVersion, GO_TLS),
    r("received fatal alert: protocol_version", ProtocolVersion, JSSE),
    r("tls version is invalid", ProtocolVersion, "MySQL vio/viosslfactories.cc ssl_error_string"),
    r("do not possess a common algorithm", ProtocolVersion, ".NET SChannel SEC_E_ALGORITHM_MISMATCH"),
    r("no shared cipher", NoSharedCipher, SSL_ERR),
    r("no_shared_cipher", NoSharedCipher, "CPython Modules/_ssl.c ([SSL: NO_SHARED_CIPHER])"),
    r("no cipher suite supported by both client and server", NoSharedCipher, GO_TLS),
    r("no ciphers available", NoSharedCipher, SSL_ERR),
    r("no_ciphers_available", NoSharedCipher, "CPython Modules/_ssl.c ([SSL: NO_CIPHERS_AVAILABLE])"),
    r("failed to set ciphers to use", NoSharedCipher, "MySQL vio/viosslfactories.cc ssl_error_string"),
    r("alert certificate required", CertificateRequired, SSL_ERR),
    r(
        "alert_certificate_required",
        CertificateRequired,
        "CPython Modules/_ssl.c ([SSL: TLSV13_ALERT_CERTIFICATE_REQUIRED])",
    ),
    r("tls: certificate required", CertificateRequired, GO_TLS),
    r("received fatal alert: certificate_required", CertificateRequired, JSSE),
    r("peer did not return a certificate", CertificateRequired, SSL_ERR),
    r("alert unknown ca", ClientCertificateRejected, SSL_ERR),
    r("alert_unknown_ca", ClientCertificateRejected, "CPython Modules/_ssl.c ([SSL: TLSV1_ALERT_UNKNOWN_CA])"),
    r("tls: unknown certificate authority", ClientCertificateRejected, GO_TLS),
    r("received fatal alert: unknown_ca", ClientCertificateRejected, JSSE),
    r("alert bad certificate", ClientCertificateRejected, SSL_ERR),
    r(
        "alert_bad_certificate",
        ClientCertificateRejected,
        "CPython Modules/_ssl.c ([SSL: SSLV3_ALERT_BAD_CERTIFICATE])",
    ),
    r("tls: bad certificate", ClientCertificateRejected, GO_TLS),
    r("received fatal alert: bad_certificate", ClientCertificateRejected, JSSE),
    r("alert handshake failure", HandshakeFailureAlert, SSL_ERR),
    r(
        "alert_handshake_failure",
        HandshakeFailureAlert,
        "CPython Modules/_ssl.c ([SSL: SSLV3_ALERT_HANDSHAKE_FAILURE])",
    ),
    r("tls: handshake failure", HandshakeFailureAlert, GO_TLS),
    r("received fatal alert: handshake_failure", HandshakeFailureAlert, JSSE),
    r(
        "ssl connection error: unknown error number",
        UnknownSslError,
        "MySQL libmysql/errmsg.cc CR_SSL_CONNECTION_ERROR",
    ),
    r("sslhandshakeexception", HandshakeFailed, JSSE),
    r("handshake_ssl_error", HandshakeFailed, "node mysql/mysql2 lib/Connection.js (err.code)"),
    r("negotiatesslconnection", HandshakeFailed, "MySQL Connector/J NativeProtocol.java (stack frame)"),
    r(
        "client network socket disconnected before secure tls connection was established",
        ClosedDuringHandshake,
        "Node.js lib/_tls_wrap.js onConnectEnd",
    ),
    r(
        "error occurred while attempting to establish a tls connection",
        HandshakeFailed,
        "sqlx-core src/error.rs Error::Tls",
    ),
    r("ssl operation failed with code", HandshakeFailed, "PHP ext/openssl/xp_ssl.c"),
    r("cannot connect to mysql using ssl", TlsStartFailed, "PHP ext/mysqlnd/mysqlnd_connection.c"),
    // mysqlnd's enable_ssl: a greeting without CLIENT_SSL `goto close_conn`, which reports
    // CR_SERVER_GONE_ERROR (php-src ext/mysqlnd/mysqlnd_commands.c; observed with PHP 8.2).
    r("[2006] mysql server has gone away", GoneAwayAtConnect, "PHP pdo_mysql connect (observed)"),
    r("mysqli_sql_exception: mysql server has gone away", GoneAwayAtConnect, "PHP mysqli connect (observed)"),
    r("ssl authentication error", HandshakeFailed, "MySqlConnector src/MySqlConnector/Core/ServerSession.cs"),
    r("ssl connection error", HandshakeFailed, "MySQL libmysql/errmsg.cc CR_SSL_CONNECTION_ERROR"),
    r("tls/ssl error", HandshakeFailed, "MariaDB Connector/C libmariadb/ma_errmsg.c CR_SSL_CONNECTION_ERROR"),
    // The MySQL protocol around TLS.
    r("ssl is required but the server doesn't support it", ServerNoTls, "MySQL sql-common/client.cc"),
    r(
        "ssl is required, but the server does not support it",
        ServerNoTls,
        "MariaDB Connector/C libmariadb/mariadb_lib.c",
    ),
    r("server does not support secure connnection", ServerNoTls, "node mysql/mysql2 lib/packets/handshake (sic)"),
    r("server does not support secure connection", ServerNoTls, "mysqljs/mysql 2.18.1 and mysql2 3.24.5 (observed)"),
    r("handshake_no_ssl_support", ServerNoTls, "node mysql/mysql2 (err.code)"),
    r("ssl connection required, but not supported by server", ServerNoTls, "MySQL Connector/J 5.1 MysqlIO.java"),
    r("tls requested but server does not support tls", ServerNoTls, "go-sql-driver/mysql errors.go ErrNoTLS"),
    r("server does not support tls", ServerNoTls, "sqlx-mysql connection/tls.rs"),
    r(
        "client asked for ssl but server does not have this capability",
        ServerNoTls,
        "mysql_async 0.36 DriverError::NoClientSslFlagFromServer (observed by the client lab)",
    ),
    r("ssl not enabled in the server", ServerNoTls, "MariaDB Connector/J and mariadb-connector-nodejs handshake"),
    r("does not support ssl connections", ServerNoTls, "MySql.Data MySqlClient/NativeDriver.cs"),
    r(
        "connections using insecure transport are prohibited",
        InsecureTransport,
        "MySQL share/messages_to_clients.txt ER_SECURE_TRANSPORT_REQUIRED",
    ),
    r(
        "authentication requires secure connection",
        AuthNeedsSecureConnection,
        "MySQL sql-common/client_authentication.cc",
    ),
    // Not TLS.
    r("access denied for user", AccessDenied, "MySQL/MariaDB ER_ACCESS_DENIED_ERROR (1045)"),
    r("is not allowed to connect to this", HostNotAllowed, "MySQL/MariaDB ER_HOST_NOT_PRIVILEGED (1130)"),
    r("is blocked because of many connection errors", HostBlocked, "MySQL/MariaDB ER_HOST_IS_BLOCKED (1129)"),
    r("too many connections", TooManyConnections, "MySQL/MariaDB ER_CON_COUNT_ERROR (1040)"),
    r("unknown database", UnknownDatabase, "MySQL/MariaDB ER_BAD_DB_ERROR (1049)"),
    r("through socket", LocalSocket, "MySQL/MariaDB CR_CONNECTION_ERROR (2002)"),
    r(
        "at 'reading initial communication packet'",
        LostBeforeGreeting,
        "MySQL libmysql/errmsg.cc CR_SERVER_LOST_EXTENDED",
    ),
    r("connection refused", ConnectionRefused, "libc strerror(ECONNREFUSED)"),
    r("econnrefused", ConnectionRefused, "Node.js errno name"),
    r("(111)", ConnectionRefused, "MySQL CR_CONN_HOST_ERROR with errno 111"),
    r("(115)", ConnectionRefused, "MariaDB Connector/C: a refused non-blocking connect reports EINPROGRESS (observed)"),
    r("(10061)", ConnectionRefused, "MySQL CR_CONN_HOST_ERROR with WSAECONNREFUSED"),
    r("connect timed out", ConnectTimeout, "JDK java.net.SocketTimeoutException"),
    r("connection timed out", ConnectTimeout, "libc strerror(ETIMEDOUT)"),
    r("etimedout", ConnectTimeout, "Node.js errno name"),
    r("i/o timeout", ConnectTimeout, "Go net"),
    r("(110)", ConnectTimeout, "MySQL CR_CONN_HOST_ERROR with errno 110"),
    r("(10060)", ConnectTimeout, "MySQL CR_CONN_HOST_ERROR with WSAETIMEDOUT"),
    r("unknown mysql server host", UnknownHost, "MySQL libmysql/errmsg.cc CR_UNKNOWN_HOST"),
    r("unknown server host", UnknownHost, "MariaDB Connector/C ma_errmsg.c CR_UNKNOWN_HOST"),
    r("enotfound", UnknownHost, "Node.js getaddrinfo"),
    r("no such host", UnknownHost, "Go net (DNS)"),
    r("unknownhostexception", UnknownHost, "JDK java.net.UnknownHostException"),
    r("name or service not known", UnknownHost, "glibc gai_strerror(EAI_NONAME)"),
    r("nodename nor servname provided", UnknownHost, "BSD/macOS gai_strerror(EAI_NONAME)"),
    r("temporary failure in name resolution", UnknownHost, "glibc gai_strerror(EAI_AGAIN)"),
];

const fn c(needle: &'static str, family: ClientFamily, rank: u8) -> ClientPattern {
    ClientPattern { needle, family, rank }
}

use ClientFamily as F;

pub const CLIENTS: &[ClientPattern] = &[
    // C libraries: the CLI's "ERROR nnnn (SQLSTATE)" and the CR_SSL_CONNECTION_ERROR prefixes.
    c("ssl connection error", F::Libmysqlclient, 1),
    c("error 2026 (hy000)", F::Libmysqlclient, 1),
    c("error 2003 (hy000)", F::Libmysqlclient, 1),
    c("error 2013 (hy000)", F::Libmysqlclient, 1),
    c("error 2061 (hy000)", F::Libmysqlclient, 1),
    c("error 3159 (hy000)", F::Libmysqlclient, 1),
    c("error 1045 (28000)", F::Libmysqlclient, 1),
    c("error 1130 (hy000)", F::Libmysqlclient, 1),
    c("error 2005 (hy000)", F::Libmysqlclient, 1),
    c("error 2002 (hy000)", F::Libmysqlclient, 1),
    c("failed to verify the server certificate via x509", F::Libmysqlclient, 2),
    c("ssl is required but the server doesn't support it", F::Libmysqlclient, 2),
    c("unknown mysql server host", F::Libmysqlclient, 1),
    c("tls/ssl error", F::MariadbConnectorC, 2),
    c("validation of ssl server certificate failed", F::MariadbConnectorC, 2),
    c("ssl is required, but the server does not support it", F::MariadbConnectorC, 2),
    c("can't connect to server on", F::MariadbConnectorC, 2),
    c("unknown server host", F::MariadbConnectorC, 2),
    // Language TLS stacks.
    c("javax.net.ssl", F::Java, 3),
    c("sun.security", F::Java, 3),
    c("pkix path", F::Java, 3),
    c("received fatal alert:", F::Java, 3),
    c("no appropriate protocol", F::Java, 3),
    c("java.security.cert", F::Java, 3),
    c("java.sql.", F::Java, 3),
    c("java.io.ioexception", F::Java, 3),
    c("x509: ", F::Go, 3),
    c("dial tcp", F::Go, 3),
    c("tls: no cipher suite", F::Go, 3),
    c("tls: failed to verify", F::Go, 3),
    c("remote error: tls:", F::Go, 3),
    c("(_ssl.c:", F::Python, 3),
    c("[ssl:", F::Python, 3),
    c("ssl.sslerror", F::Python, 3),
    c("sslcertverificationerror", F::Python, 3),
    c("traceback (most recent call last)", F::Python, 3),
    c("_tls_wrap", F::Node, 3),
    c("tlssocket.", F::Node, 3),
    c("err_tls_cert_altname_invalid", F::Node, 3),
    c("unable_to_verify_leaf_signature", F::Node, 3),
    c("self_signed_cert_in_chain", F::Node, 3),
    c("depth_zero_self_signed_cert", F::Node, 3),
    c("unable_to_get_issuer_cert", F::Node, 3),
    c("cert_has_expired", F::Node, 3),
    c("handshake_ssl_error", F::Node, 3),
    c("handshake_no_ssl_support", F::Node, 3),
    c("client network socket disconnected", F::Node, 3),
    c("system.security.authentication", F::Dotnet, 3),
    c("win32exception", F::Dotnet, 3),
    c("remotecertificate", F::Dotnet, 3),
    c("untrustedroot", F::Dotnet, 3),
    c("the remote certificate is invalid", F::Dotnet, 3),
    c("invalid peer certificate", F::Rustls, 3),
    // Drivers.
    c("com.mysql.cj", F::ConnectorJ, 4),
    c("com.mysql.jdbc", F::ConnectorJ, 4),
    c("communications link failure", F::ConnectorJ, 4),
    c("server identity verification failed", F::ConnectorJ, 4),
    c("ssl connection required, but not supported by server", F::ConnectorJ, 4),
    c("org.mariadb.jdbc", F::MariadbConnectorJ, 4),
    c("sqlnontransientconnectionexception: (conn", F::MariadbConnectorJ, 4),
    c("could not connect to address=(host=", F::MariadbConnectorJ, 4),
    c("go-sql-driver", F::GoSqlDriver, 4),
    c("[mysql] ", F::GoSqlDriver, 4),
    c("packets.go:", F::GoSqlDriver, 4),
    c("tls requested but server does not support tls", F::GoSqlDriver, 4),
    c("pymysql", F::Pymysql, 4),
    c("mysqldb", F::Mysqlclient, 4),
    c("_mysql_exceptions", F::Mysqlclient, 4),
    c("mysql.connector", F::MysqlConnectorPython, 4),
    c("node_modules/mysql2/", F::NodeMysql2, 4),
    c("node_modules/mysql/", F::NodeMysql, 4),
    c("node_modules/mariadb/", F::NodeMariadb, 4),
    c("sqlerror: (conn", F::NodeMariadb, 4),
    c("mysqli", F::Php, 4),
    c("pdoexception", F::Php, 4),
    c("pdo->__construct", F::Php, 4),
    c("pdo::__construct", F::Php, 4),
    c("sqlstate[", F::Php, 4),
    c("ssl operation failed with code", F::Php, 4),
    c("cannot connect to mysql using ssl", F::Php, 4),
    c("did not match expected cn", F::Php, 4),
    c("failed loading cafile stream", F::Php, 4),
    c("mysqlconnector", F::Mysqlconnector, 4),
    c("mysql.data", F::MysqlData, 4),
    c("does not support ssl connections", F::MysqlData, 4),
    c("mysql2::error", F::RubyMysql2, 4),
    c("sqlx", F::Sqlx, 4),
    c("error occurred while attempting to establish a tls connection", F::Sqlx, 4),
    c("error communicating with database", F::Sqlx, 4),
];

const fn w(needle: &'static str, wrapper: Wrapper) -> WrapperPattern {
    WrapperPattern { needle, wrapper }
}

pub const WRAPPERS: &[WrapperPattern] = &[
    w("django.db.utils", Wrapper::Django),
    w("django/db/", Wrapper::Django),
    w("sqlalchemy.exc", Wrapper::Sqlalchemy),
    w("sqlalche.me", Wrapper::Sqlalchemy),
    w("org.springframework", Wrapper::Spring),
    w("hikaripool", Wrapper::Hikari),
    w("illuminate\\database", Wrapper::Laravel),
    w("\tat ", Wrapper::StackTrace),
    w("\n    at ", Wrapper::StackTrace),
    w("traceback (most recent call last)", Wrapper::StackTrace),
    w("caused by:", Wrapper::StackTrace),
    w("goroutine ", Wrapper::StackTrace),
    w("communications link failure", Wrapper::CommunicationsLinkFailure),
    w("can't connect to mysql server on", Wrapper::CantConnect),
    w("can't connect to server on", Wrapper::CantConnect),
    w("lost connection to mysql server", Wrapper::LostConnection),
    w("lost connection to server", Wrapper::LostConnection),
];
