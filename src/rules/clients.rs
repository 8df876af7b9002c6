//! The client families of the verdict matrix, and how each one verifies a server.
//!
//! Sources (read at the cited versions; see also `shared/reference/clients-and-errors.md`):
//! - mysql 8 (libmysqlclient, `sql-common/client.cc`, `ssl_verify_server_cert`): OpenSSL chain
//!   check with the `--ssl-ca` file as the only store, no `X509_V_FLAG_PARTIAL_CHAIN`; with
//!   `VERIFY_IDENTITY` the host goes through `X509_check_host` then `X509_check_ip_asc`.
//!   `VERIFY_CA` checks no name at all.
//! - MariaDB client ≤ 11.3 / Connector/C 3.3 (`libmariadb/secure/openssl.c`,
//!   `ma_tls_verify_server_cert`): same OpenSSL calls, only with `--ssl-verify-server-cert`.
//! - Connector/J 8 (`ExportControlled.X509TrustManagerWrapper`): Java PKIX path building (a
//!   trust-store intermediate is an anchor only when the server does not send it too); the
//!   wrapper checks every certificate's dates, trust-store entries included; with
//!   `VERIFY_IDENTITY` the host is compared with DNS and IP SANs (partial wildcards allowed),
//!   and with the CN only when the certificate has no DNS or IP SAN.
//! - go-sql-driver/mysql with `RegisterTLSConfig`: Go `crypto/x509` (`Verify`: any pool
//!   certificate is an anchor, every certificate's validity is checked including roots;
//!   `VerifyHostname`: no CN fallback since Go 1.15, whole-label wildcards, IPs only via IP SANs).
//! - PyMySQL `ssl={'ca': …}` (`connections.py` `_create_ssl_ctx`): `create_default_context`
//!   with `check_hostname=True`, OpenSSL underneath; Python 3.13's default context adds
//!   `VERIFY_X509_PARTIAL_CHAIN` (and `VERIFY_X509_STRICT`, which PyMySQL ≥ 1.1.2 clears), so
//!   an intermediate in the CA file is enough there. Python sets
//!   `X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS` and checks IPs against IP SANs only.
//! - node mysql2 `ssl: {ca, verifyIdentity: true}` (`lib/connection.js` `startTLS`): Node TLS
//!   (OpenSSL, no partial chain unless `allowPartialTrustChain`), then `tls.checkServerIdentity`:
//!   CN only without DNS SAN, partial-label wildcards. mysql2 passes no servername for an IP
//!   host, so Node checks the certificate against the name `localhost` then.
//!
//! The detailed notes with quoted source lines are in `docs/client-rules.md`.
//! - rustls (sqlx and other Rust clients): rustls-webpki, run for real by
//!   [`crate::decode::pki::webpki_check`].

use serde::Serialize;

use Check::*;

use crate::decode::pki::names::{CnFallback, NamePolicy, Wildcards};
use crate::vocab::ClientId;

/// Which library builds and checks the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Engine {
    OpenSsl,
    Go,
    Java,
    Webpki,
}

/// Whether a certificate of the CA file that is not a self-issued root may end the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Partial {
    No,
    Yes,
    /// Java PKIX: only when the server does not also send that certificate ("Path does not
    /// chain with any of the trust anchors").
    IfNotServed,
}

/// One check a client makes on the server's certificates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// A path to a trust anchor (building it, the anchor, the signatures' names and keys).
    Trust,
    /// The leaf's notBefore/notAfter.
    LeafDates,
    /// The dates of the CAs between the leaf and the anchor, from the leaf up (`down`: from the
    /// anchor down, as OpenSSL's `internal_verify` walks them).
    CaDates { down: bool },
    /// The trust anchor's own dates.
    AnchorDates,
    /// extendedKeyUsage allows serverAuth.
    Usage,
    /// The leaf is not a CA (basicConstraints CA:FALSE).
    LeafNotCa,
    /// The hostname (only in modes that check one: see `names`).
    Name,
    /// No certificate below the anchor is signed with SHA-1 (Go ≥ 1.18 `x509sha1`).
    NoSha1,
}

/// How one client family verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Client {
    pub id: ClientId,
    /// Short column label.
    pub label: &'static str,
    /// The setting this column stands for, as the user writes it.
    pub setting: &'static str,
    pub engine: Engine,
    /// Any certificate of the CA file may end the path (not only a self-issued root).
    pub partial_chain: Partial,
    /// The checks this client makes, in the order it makes them (a verdict lists its causes
    /// in this order, so fixing the first does not reveal a surprise). A check that is not
    /// listed is not made: no `AnchorDates`, the anchor's own dates are not checked.
    pub order: &'static [Check],
    /// `None`: this mode checks no hostname.
    pub names: Option<NamePolicy>,
    /// The setting refuses a server that offers no TLS; `false`: it logs in in clear.
    pub requires_tls: bool,
}

const fn names(
    cn: CnFallback,
    wildcards: Wildcards,
    ip_as_text: bool,
    ip_becomes_localhost: bool,
) -> Option<NamePolicy> {
    Some(NamePolicy { cn, wildcards, ip_as_text, ip_becomes_localhost })
}

// The orders, each from the code that decides it (quoted in docs/client-rules.md, "Order of
// the checks"):
// - OpenSSL `verify_chain()` (crypto/x509/x509_vfy.c, 3.0): `build_chain` → `check_extensions`
//   (purpose: serverAuth) → `check_id` (a host set with X509_VERIFY_PARAM_set1_host) →
//   `internal_verify`, which checks the dates from the anchor down to the leaf. Checked with
//   `openssl verify -attime … -verify_hostname …` (3.0.19): hostname mismatch is reported before
//   an expired root. libmysqlclient, Connector/C and Node check the host only after the
//   handshake (X509_check_host / checkServerIdentity), so for them the name comes last.
const OPENSSL_HOST_AFTER: &[Check] = &[Trust, Usage, AnchorDates, CaDates { down: true }, LeafDates, Name];
// CPython ≥ 3.7 (`_ssl_configure_hostname`) puts the host in the verify parameters: OpenSSL's
// `check_id` runs it inside verification, before the dates.
const OPENSSL_HOST_IN_VERIFY: &[Check] = &[Trust, Usage, Name, AnchorDates, CaDates { down: true }, LeafDates];
// Go `(*Certificate).Verify` (crypto/x509/verify.go): `c.isValid(leafCertificate, …)` (the
// leaf's dates), `c.VerifyHostname(opts.DNSName)`, then `buildChains` (each candidate issuer's
// `isValid`: dates, roots included, before the path is known to end at a root), then the
// extended key usage of the chain.
// From Go 1.18 `checkSignature` refuses SHA-1 (`InsecureAlgorithmError`) while `buildChains`
// links each certificate to its issuer: before the path is known to be trusted.
const GO: &[Check] = &[LeafDates, Name, CaDates { down: false }, AnchorDates, NoSha1, Trust, Usage];
/// Go ≤ 1.17: the same without the SHA-1 refusal (see `rules::versions`).
pub const GO_BEFORE_1_18: &[Check] = &[LeafDates, Name, CaDates { down: false }, AnchorDates, Trust, Usage];
// Connector/J `X509TrustManagerWrapper.checkServerTrusted`: `chain[i].checkValidity()` for what
// the server sent, then PKIX `validate` (the path), then the anchor's `checkValidity()`, then the
// JDK trust manager (serverAuth); the host after `startHandshake()`.
const JAVA: &[Check] = &[LeafDates, CaDates { down: false }, Trust, AnchorDates, Usage, Name];
// rustls `WebPkiServerVerifier::verify_server_cert`: webpki's `verify_for_usage`, whose
// `check_issuer_independent_properties` takes each certificate from the leaf up — validity,
// basicConstraints (CaUsedAsEndEntity), EKU — before looking for its issuer; then
// `verify_server_name`. The anchor's dates are never checked.
const WEBPKI: &[Check] = &[LeafDates, LeafNotCa, Usage, CaDates { down: false }, Trust, Name];

impl Client {
    /// Whether `other` makes the same checks the same way (same engine, anchor rule, order and
    /// names): then its causes for a chain and host are this client's.
    pub fn checks_like(&self, other: &Client) -> bool {
        self.engine == other.engine
            && self.partial_chain == other.partial_chain
            && self.order == other.order
            && self.names == other.names
    }
}

/// The documented client behind a column: a `match`, so a column without a description does
/// not compile.
pub const fn client(id: ClientId) -> &'static Client {
    match id {
        ClientId::Mysql8VerifyCa => &MYSQL8_VERIFY_CA,
        ClientId::Mysql8VerifyIdentity => &MYSQL8_VERIFY_IDENTITY,
        ClientId::MariadbVerifyServerCert => &MARIADB,
        ClientId::ConnectorJVerifyIdentity => &CONNECTOR_J,
        ClientId::GoCustomCa => &GO_CUSTOM_CA,
        ClientId::PymysqlPython312 => &PYMYSQL_312,
        ClientId::PymysqlPython313 => &PYMYSQL_313,
        ClientId::Mysql2VerifyIdentity => &MYSQL2,
        ClientId::Rustls => &RUSTLS,
        // Client lab (lab-core): columns measured by tests/client_lab.rs.
        ClientId::MariadbSslCaOnly => &MARIADB_CA_ONLY,
        ClientId::MysqlConnectorPythonVerifyIdentity => &CONNECTOR_PY_IDENTITY,
        ClientId::MysqlConnectorPythonVerifyCert => &CONNECTOR_PY_CERT,
        ClientId::MysqlConnectorPythonCaOnly => &CONNECTOR_PY_CA_ONLY,
        ClientId::MysqlclientVerifyCa => &MYSQLCLIENT_VERIFY_CA,
        ClientId::MysqlclientCaOnly => &MYSQLCLIENT_CA_ONLY,
        ClientId::PymysqlCaOnly => &PYMYSQL_CA_ONLY,
        ClientId::PhpMysqliVerify => &PHP_MYSQLI,
        ClientId::PhpPdoVerifyFalse => &PHP_PDO_VERIFY_FALSE,
        ClientId::PerlDbdMariadbVerify => &PERL_DBD_MARIADB,
        ClientId::Mysql2CaOnly => &MYSQL2_CA_ONLY,
        ClientId::NodeMysql => &NODE_MYSQL,
        ClientId::NodeMariadb => &NODE_MARIADB,
        // Client lab (lab-more).
        ClientId::RubyMysql2VerifyIdentity => &RUBY_MYSQL2,
        ClientId::MariadbConnectorJ => &MARIADB_CONNECTOR_J,
    }
}

/// Every column, in display order ([`ClientId::ALL`]).
pub const ALL: &[Client] = &{
    let mut all = [MYSQL8_VERIFY_CA; ClientId::ALL.len()];
    let mut i = 0;
    while i < all.len() {
        all[i] = *client(ClientId::ALL[i]);
        i += 1;
    }
    all
};

const MYSQL8_VERIFY_CA: Client = Client {
    id: ClientId::Mysql8VerifyCa,
    label: "mysql 8 VERIFY_CA",
    setting: "mysql --ssl-mode=VERIFY_CA --ssl-ca=BUNDLE",
    engine: Engine::OpenSsl,
    partial_chain: Partial::No,
    order: OPENSSL_HOST_AFTER,
    names: None,
    requires_tls: true,
};

const MYSQL8_VERIFY_IDENTITY: Client = Client {
    id: ClientId::Mysql8VerifyIdentity,
    label: "mysql 8 VERIFY_IDENTITY",
    setting: "mysql --ssl-mode=VERIFY_IDENTITY --ssl-ca=BUNDLE",
    engine: Engine::OpenSsl,
    partial_chain: Partial::No,
    order: OPENSSL_HOST_AFTER,
    // Current 8.x clients set the IP with X509_VERIFY_PARAM_set1_ip_asc: IP SANs only.
    names: names(CnFallback::IfNoDnsSan, Wildcards::PrefixOrSuffix, false, false),
    requires_tls: true,
};

const MARIADB: Client = Client {
    id: ClientId::MariadbVerifyServerCert,
    label: "MariaDB client",
    setting: "mariadb --ssl-ca=BUNDLE --ssl-verify-server-cert",
    engine: Engine::OpenSsl,
    partial_chain: Partial::No,
    order: OPENSSL_HOST_AFTER,
    // X509_check_host(host) || X509_check_ip_asc(host): an IP also matches as text.
    names: names(CnFallback::IfNoDnsSan, Wildcards::PrefixOrSuffix, true, false),
    requires_tls: true,
};

const CONNECTOR_J: Client = Client {
    id: ClientId::ConnectorJVerifyIdentity,
    // Source-modelled: MySQL Connector/J is not packaged by Debian, and Maven is not among the
    // registries this project installs from (apt, PyPI, npm, crates.io): no lab run.
    label: "Connector/J (source-modelled)",
    setting: "jdbc:mysql://HOST/?sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=…",
    engine: Engine::Java,
    partial_chain: Partial::IfNotServed,
    // Connector/J's trust manager wrapper rejects an expired trust-store entry itself.
    order: JAVA,
    names: names(CnFallback::IfNoSan, Wildcards::PartialLabel, false, false),
    requires_tls: true,
};

const GO_CUSTOM_CA: Client = Client {
    id: ClientId::GoCustomCa,
    label: "Go (go-sql-driver)",
    setting: "mysql.RegisterTLSConfig(\"custom\", &tls.Config{RootCAs: pool}) + ?tls=custom",
    engine: Engine::Go,
    partial_chain: Partial::Yes,
    order: GO,
    names: names(CnFallback::Never, Wildcards::WholeLabel, false, false),
    requires_tls: true,
};

const PYMYSQL_312: Client = Client {
    id: ClientId::PymysqlPython312,
    label: "PyMySQL (Python ≤ 3.12)",
    setting: "pymysql.connect(…, ssl={'ca': 'BUNDLE'})",
    engine: Engine::OpenSsl,
    partial_chain: Partial::No,
    order: OPENSSL_HOST_IN_VERIFY,
    names: names(CnFallback::IfNoDnsSan, Wildcards::WholeLabel, false, false),
    requires_tls: true,
};

const PYMYSQL_313: Client = Client {
    id: ClientId::PymysqlPython313,
    label: "PyMySQL (Python ≥ 3.13)",
    setting: "pymysql.connect(…, ssl={'ca': 'BUNDLE'}) on Python 3.13+",
    engine: Engine::OpenSsl,
    partial_chain: Partial::Yes,
    order: OPENSSL_HOST_IN_VERIFY,
    names: names(CnFallback::IfNoDnsSan, Wildcards::WholeLabel, false, false),
    requires_tls: true,
};

const MYSQL2: Client = Client {
    id: ClientId::Mysql2VerifyIdentity,
    label: "node mysql2",
    setting: "mysql2.createConnection({…, ssl: {ca, verifyIdentity: true}})",
    engine: Engine::OpenSsl,
    partial_chain: Partial::No,
    order: OPENSSL_HOST_AFTER,
    names: names(CnFallback::IfNoDnsSan, Wildcards::PartialLabel, false, true),
    requires_tls: true,
};

const RUSTLS: Client = Client {
    id: ClientId::Rustls,
    label: "rustls (sqlx …)",
    setting: "ssl-mode=VERIFY_IDENTITY with ssl-ca=BUNDLE",
    engine: Engine::Webpki,
    partial_chain: Partial::Yes,
    order: WEBPKI,
    names: names(CnFallback::Never, Wildcards::WholeLabel, false, false),
    requires_tls: true,
};

// Client lab (lab-core): the settings people run, measured by tests/client_lab.rs against the
// installed clients (versions in docs/client-rules.md, "Client lab").

const MARIADB_CA_ONLY: Client = Client {
    id: ClientId::MariadbSslCaOnly,
    label: "MariaDB client, --ssl-ca only",
    setting: "mariadb --ssl-ca=BUNDLE",
    // Connector/C 3.3 (MariaDB 10.11): a CA file turns on peer verification
    // (SSL_VERIFY_PEER when ssl_ca is set), but the name is checked only with
    // --ssl-verify-server-cert; against a server without TLS it logs in in clear.
    names: None,
    requires_tls: false,
    ..MARIADB
};

const CONNECTOR_PY_IDENTITY: Client = Client {
    id: ClientId::MysqlConnectorPythonVerifyIdentity,
    label: "mysql-connector-python VERIFY_IDENTITY",
    setting: "mysql.connector.connect(…, ssl_ca=BUNDLE, ssl_verify_cert=True, ssl_verify_identity=True)",
    ..PYMYSQL_312
};

const CONNECTOR_PY_CERT: Client = Client {
    id: ClientId::MysqlConnectorPythonVerifyCert,
    label: "mysql-connector-python ssl_verify_cert",
    setting: "mysql.connector.connect(…, ssl_ca=BUNDLE, ssl_verify_cert=True)",
    names: None,
    ..PYMYSQL_312
};

const CONNECTOR_PY_CA_ONLY: Client = Client {
    id: ClientId::MysqlConnectorPythonCaOnly,
    label: "mysql-connector-python ssl_ca only",
    setting: "mysql.connector.connect(…, ssl_ca=BUNDLE)",
    order: &[],
    names: None,
    requires_tls: false,
    ..PYMYSQL_312
};

const MYSQLCLIENT_VERIFY_CA: Client = Client {
    id: ClientId::MysqlclientVerifyCa,
    label: "mysqlclient VERIFY_CA",
    setting: "MySQLdb.connect(…, ssl_mode='VERIFY_CA', ssl={'ca': 'BUNDLE'})",
    ..MARIADB
};

const MYSQLCLIENT_CA_ONLY: Client = Client {
    id: ClientId::MysqlclientCaOnly,
    label: "mysqlclient ssl={'ca'}",
    setting: "MySQLdb.connect(…, ssl={'ca': 'BUNDLE'})",
    ..MARIADB_CA_ONLY
};

const PYMYSQL_CA_ONLY: Client = Client {
    id: ClientId::PymysqlCaOnly,
    label: "PyMySQL ssl_ca only",
    setting: "pymysql.connect(…, ssl_ca='BUNDLE')",
    order: &[],
    names: None,
    ..PYMYSQL_312
};

const PHP_MYSQLI: Client = Client {
    id: ClientId::PhpMysqliVerify,
    label: "PHP mysqli verify",
    setting: "$db->options(MYSQLI_OPT_SSL_VERIFY_SERVER_CERT, true); $db->ssl_set(null, null, 'BUNDLE', null, null)",
    ..MARIADB
};

const PHP_PDO_VERIFY_FALSE: Client = Client {
    id: ClientId::PhpPdoVerifyFalse,
    label: "PHP PDO verify=false",
    setting: "new PDO(…, [PDO::MYSQL_ATTR_SSL_CA => 'BUNDLE', PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => false])",
    order: &[],
    names: None,
    ..MYSQL8_VERIFY_IDENTITY
};

const PERL_DBD_MARIADB: Client = Client {
    id: ClientId::PerlDbdMariadbVerify,
    label: "Perl DBD::MariaDB verify",
    setting: "DBI:MariaDB:…;mariadb_ssl=1;mariadb_ssl_ca_file=BUNDLE;mariadb_ssl_verify_server_cert=1",
    ..MARIADB
};

const MYSQL2_CA_ONLY: Client = Client {
    id: ClientId::Mysql2CaOnly,
    label: "node mysql2 ssl: {ca}",
    setting: "mysql2.createConnection({…, ssl: {ca}})",
    names: None,
    ..MYSQL2
};

const NODE_MYSQL: Client = Client {
    id: ClientId::NodeMysql,
    label: "node mysql (mysqljs)",
    setting: "mysql.createConnection({…, ssl: {ca}})",
    names: None,
    ..MYSQL2
};

const NODE_MARIADB: Client = Client {
    id: ClientId::NodeMariadb,
    label: "node mariadb",
    setting: "mariadb.createConnection({…, ssl: {ca}})",
    ..MYSQL2
};

// Client lab (lab-more): compiled and JVM clients, measured by tests/client_lab.rs (drivers built
// by tests/lab/build-drivers.sh; versions and sources in docs/client-rules.md, "Client lab").

const RUBY_MYSQL2: Client = Client {
    id: ClientId::RubyMysql2VerifyIdentity,
    label: "Ruby mysql2 :verify_identity",
    setting: "Mysql2::Client.new(…, sslca: 'BUNDLE', ssl_mode: :verify_identity)",
    // mysql2 0.5.3 on libmariadb: `rb_set_ssl_mode_option` returns early for a client library
    // version below 50703 (Connector/C reports 3.x), warning "does not support setting
    // ssl_mode", so :verify_identity is silently dropped. The CA alone makes Connector/C verify
    // the chain (SSL_VERIFY_PEER), never the name, and nothing enforces TLS (the lab: it logs in
    // in clear to a server without TLS).
    names: None,
    requires_tls: false,
    ..MARIADB
};

// MariaDB Connector/J 2.7 `MariaDbX509TrustManager`: the serverSslCert certificates become a
// KeyStore for the JDK's default TrustManagerFactory (PKIX). The JDK `PKIXValidator` stops at
// the first certificate of the served chain that is in the store (an intermediate is enough,
// served or not) and never dates the anchor; `PKIXCertPathValidator` dates the path from the
// anchor down, the end-entity checker then wants serverAuth; the host is checked after the
// handshake by `HostnameVerifierImpl`.
const JDK_PKIX: &[Check] = &[Trust, CaDates { down: true }, LeafDates, Usage, Name];

const MARIADB_CONNECTOR_J: Client = Client {
    id: ClientId::MariadbConnectorJ,
    label: "MariaDB Connector/J",
    setting: "jdbc:mariadb://HOST/?useSsl=true&serverSslCert=BUNDLE",
    engine: Engine::Java,
    partial_chain: Partial::Yes,
    order: JDK_PKIX,
    // `HostnameVerifierImpl.verify`: an IP host against IP SANs, a name against DNS SANs
    // (wildcards anywhere in a label), then always the CN, compared as text for an IP.
    names: names(CnFallback::Always, Wildcards::PartialLabel, false, false),
    requires_tls: true,
};

/// The full check a "connects, unverified" verdict is measured against: a path to a CA of the
/// file (an intermediate the person chose to trust counts), the dates of every certificate but
/// the anchor (RFC 5280 does not date trust anchors; rustls does not either), the hostname with
/// OpenSSL's `X509_check_host || X509_check_ip_asc` (CN without DNS SAN, an IP as text). A
/// column that connects where this refuses has verified less than it needs
/// (`Verdict.unverified`, rule `setting-verifies-less`). Not a column: its id is unused.
pub const FULL_CHECK: Client = Client {
    label: "full check",
    setting: "",
    partial_chain: Partial::Yes,
    order: &[Trust, Usage, CaDates { down: true }, LeafDates, Name],
    ..MARIADB
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_is_described_once_in_display_order() {
        let ids: Vec<ClientId> = ALL.iter().map(|c| c.id).collect();
        assert_eq!(ids, ClientId::ALL);
        for &id in ClientId::ALL {
            assert_eq!(client(id).id, id);
        }
    }
}
