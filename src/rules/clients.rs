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
    /// The anchor's own validity dates are checked.
    pub anchor_validity: bool,
    /// `None`: this mode checks no hostname.
    pub names: Option<NamePolicy>,
}

const fn names(
    cn: CnFallback,
    wildcards: Wildcards,
    ip_as_text: bool,
    ip_becomes_localhost: bool,
) -> Option<NamePolicy> {
    Some(NamePolicy { cn, wildcards, ip_as_text, ip_becomes_localhost })
}

/// Every column, in display order.
pub const ALL: &[Client] = &[
    Client {
        id: ClientId::Mysql8VerifyCa,
        label: "mysql 8 VERIFY_CA",
        setting: "mysql --ssl-mode=VERIFY_CA --ssl-ca=BUNDLE",
        engine: Engine::OpenSsl,
        partial_chain: Partial::No,
        anchor_validity: true,
        names: None,
    },
    Client {
        id: ClientId::Mysql8VerifyIdentity,
        label: "mysql 8 VERIFY_IDENTITY",
        setting: "mysql --ssl-mode=VERIFY_IDENTITY --ssl-ca=BUNDLE",
        engine: Engine::OpenSsl,
        partial_chain: Partial::No,
        anchor_validity: true,
        // Current 8.x clients set the IP with X509_VERIFY_PARAM_set1_ip_asc: IP SANs only.
        names: names(CnFallback::IfNoDnsSan, Wildcards::PrefixOrSuffix, false, false),
    },
    Client {
        id: ClientId::MariadbVerifyServerCert,
        label: "MariaDB client",
        setting: "mariadb --ssl-ca=BUNDLE --ssl-verify-server-cert",
        engine: Engine::OpenSsl,
        partial_chain: Partial::No,
        anchor_validity: true,
        // X509_check_host(host) || X509_check_ip_asc(host): an IP also matches as text.
        names: names(CnFallback::IfNoDnsSan, Wildcards::PrefixOrSuffix, true, false),
    },
    Client {
        id: ClientId::ConnectorJVerifyIdentity,
        label: "Connector/J",
        setting: "jdbc:mysql://HOST/?sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=…",
        engine: Engine::Java,
        partial_chain: Partial::IfNotServed,
        // Connector/J's trust manager wrapper rejects an expired trust-store entry itself.
        anchor_validity: true,
        names: names(CnFallback::IfNoSan, Wildcards::PartialLabel, false, false),
    },
    Client {
        id: ClientId::GoCustomCa,
        label: "Go (go-sql-driver)",
        setting: "mysql.RegisterTLSConfig(\"custom\", &tls.Config{RootCAs: pool}) + ?tls=custom",
        engine: Engine::Go,
        partial_chain: Partial::Yes,
        anchor_validity: true,
        names: names(CnFallback::Never, Wildcards::WholeLabel, false, false),
    },
    Client {
        id: ClientId::PymysqlPython312,
        label: "PyMySQL (Python ≤ 3.12)",
        setting: "pymysql.connect(…, ssl={'ca': 'BUNDLE'})",
        engine: Engine::OpenSsl,
        partial_chain: Partial::No,
        anchor_validity: true,
        names: names(CnFallback::IfNoDnsSan, Wildcards::WholeLabel, false, false),
    },
    Client {
        id: ClientId::PymysqlPython313,
        label: "PyMySQL (Python ≥ 3.13)",
        setting: "pymysql.connect(…, ssl={'ca': 'BUNDLE'}) on Python 3.13+",
        engine: Engine::OpenSsl,
        partial_chain: Partial::Yes,
        anchor_validity: true,
        names: names(CnFallback::IfNoDnsSan, Wildcards::WholeLabel, false, false),
    },
    Client {
        id: ClientId::Mysql2VerifyIdentity,
        label: "node mysql2",
        setting: "mysql2.createConnection({…, ssl: {ca, verifyIdentity: true}})",
        engine: Engine::OpenSsl,
        partial_chain: Partial::No,
        anchor_validity: true,
        names: names(CnFallback::IfNoDnsSan, Wildcards::PartialLabel, false, true),
    },
    Client {
        id: ClientId::Rustls,
        label: "rustls (sqlx …)",
        setting: "ssl-mode=VERIFY_IDENTITY with ssl-ca=BUNDLE",
        engine: Engine::Webpki,
        partial_chain: Partial::Yes,
        anchor_validity: false,
        names: names(CnFallback::Never, Wildcards::WholeLabel, false, false),
    },
];

/// The documented client behind a column.
pub fn client(id: ClientId) -> &'static Client {
    ALL.iter().find(|c| c.id == id).unwrap_or(&ALL[0])
}
