//! The rule catalogue: one documented entry per cause, like clippy's lints. `mysql-tls-doctor
//! rules` prints it; findings and verdict causes refer to these ids, which are stable.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// Stable rule identifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleId {
    MissingIntermediate,
    OutdatedBundle,
    WrongRegionBundle,
    UnknownCa,
    SelfSigned,
    RdsCaExpired,
    CaExpired,
    LeafExpired,
    LeafNotYetValid,
    HostnameMismatch,
    CnOnlyCertificate,
    AnchorIsIntermediate,
    LeafIsCa,
    WrongKeyUsage,
    IssuerKeyMismatch,
    ExpiresSoon,
    ServedChainOrder,
    UnusedServedCertificate,
    PrivateKeyPasted,
    InputProblem,
    NoServerCertificate,
    NoCaBundle,
    ServerOffersNoTls,
    ClientStayedPlaintext,
    RequireSecureTransport,
    AccessDeniedPlaintext,
    RefusedBeforeGreeting,
    TlsVersionMismatch,
    TlsAlert,
    OldTlsVersion,
    CachingSha2Plaintext,
}

/// A rule's documentation.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Rule {
    pub id: RuleId,
    pub severity: Severity,
    pub summary: &'static str,
    /// What the rule looks at.
    pub checks: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// How to fix it, in general; findings name the exact certificate, CA id and region.
    pub fix: &'static str,
    /// What a client typically prints.
    pub example: &'static str,
}

macro_rules! rule {
    ($id:ident, $sev:ident, $summary:expr, $checks:expr, $why:expr, $fix:expr, $example:expr) => {
        Rule {
            id: RuleId::$id,
            severity: Severity::$sev,
            summary: $summary,
            checks: $checks,
            why: $why,
            fix: $fix,
            example: $example,
        }
    };
}

pub const RULES: &[Rule] = &[
    rule!(MissingIntermediate, Error,
        "The issuer of the server's certificate is missing: the server did not send it and the bundle lacks it",
        "Path building from the leaf stops at a certificate whose issuer is neither in the served chain nor in the CA bundle, and the known root of that issuer is in the bundle (or the server sent its leaf alone).",
        "Every client needs the whole path from the server's certificate to a certificate it trusts. Amazon RDS G1 servers send their 'Subordinate CA' themselves; the bundle holds only the roots.",
        "Make the server send its intermediate (list it after the leaf in ssl_cert), or add the intermediate to the client's CA file.",
        "TLS/SSL error: unable to get local issuer certificate"),
    rule!(OutdatedBundle, Error,
        "The CA bundle predates the CA the server uses",
        "The server's chain leads to a known Amazon RDS CA generation (e.g. rds-ca-rsa2048-g1) that the bundle does not contain at all, while the bundle has older RDS CAs.",
        "Bundles downloaded before a CA rotation only trust the old CAs; after the instance moves to a new CA, every verifying client fails.",
        "Download the current global bundle (https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem) and point --ssl-ca at it.",
        "x509: certificate signed by unknown authority"),
    rule!(WrongRegionBundle, Error,
        "The CA bundle is for another AWS region",
        "The bundle's RDS certificates all belong to one region, and the server's chain belongs to another.",
        "Regional bundles (<region>-bundle.pem) trust only that region's CAs.",
        "Use the global bundle, or the bundle of the instance's region.",
        "unable to get local issuer certificate"),
    rule!(UnknownCa, Error,
        "The server's chain ends at a CA that the bundle does not trust",
        "Path building ends at a root (or a certificate whose issuer is missing) that is not in the CA bundle, and the server did send intermediates.",
        "Clients trust only the certificates in the CA file they are given.",
        "Give the client the CA file of the CA that issued the server's certificate (for RDS, the global bundle).",
        "self-signed certificate in certificate chain / PKIX path building failed"),
    rule!(SelfSigned, Error,
        "The server's certificate is self-signed and not in the bundle",
        "The leaf's subject equals its issuer and it is not in the CA file.",
        "A self-signed certificate is its own CA; only a client that has exactly that certificate in its CA file accepts it. MySQL and MariaDB servers generate one at startup when no certificate is configured (auto_generate_certs).",
        "Configure the server with a certificate from a CA (ssl_cert/ssl_key), or put this certificate in the client's CA file.",
        "self-signed certificate"),
    rule!(RdsCaExpired, Error,
        "The server uses an expired Amazon RDS CA (e.g. rds-ca-2019)",
        "A CA certificate on the path is an RDS CA past its notAfter at the check time.",
        "rds-ca-2019 and its intermediates expired on 2024-08-22; the 2015 root on 2020-03-05. Verifying clients reject the chain even with a current bundle.",
        "Modify the DB instance's certificate authority to rds-ca-rsa2048-g1 (or rds-ca-rsa4096-g1 / rds-ca-ecc384-g1) and use the current global bundle.",
        "certificate has expired"),
    rule!(CaExpired, Error,
        "A CA certificate on the path has expired",
        "An intermediate or root on the path is outside its validity period at the check time.",
        "OpenSSL and Go check every certificate's dates, Java and rustls every certificate but the trust anchor.",
        "Renew or replace the CA certificate (server side for intermediates it sends, client side for the bundle).",
        "certificate has expired"),
    rule!(LeafExpired, Error,
        "The server's certificate has expired",
        "The leaf's notAfter is before the check time.",
        "Every verifying client rejects it.",
        "Renew the server certificate and reload it (MySQL: ALTER INSTANCE RELOAD TLS).",
        "certificate has expired"),
    rule!(LeafNotYetValid, Error,
        "The server's certificate is not valid yet",
        "The leaf's notBefore is after the check time (often a wrong clock on client or CA).",
        "Every verifying client rejects it until its notBefore.",
        "Check the client's clock, or wait until the certificate's notBefore.",
        "certificate is not yet valid"),
    rule!(HostnameMismatch, Error,
        "The hostname is not in the server's certificate",
        "The name the client connects with matches no DNS SAN (or IP SAN for addresses), nor the CN where the client reads it.",
        "Identity-checking modes compare the connect name with the certificate. A CNAME of your own, an IP address, or a cluster endpoint on a certificate for another name fail.",
        "Connect with a name the certificate carries (for RDS, the endpoint AWS shows), or use a mode that checks the chain only (VERIFY_CA) if you accept that risk.",
        "Validation of SSL server certificate failed / x509: certificate is valid for X, not Y"),
    rule!(CnOnlyCertificate, Error,
        "The certificate names the host only in its CN, which some clients ignore",
        "The leaf has no DNS SAN; its CN matches the hostname.",
        "Go since 1.15 and rustls never read the CN; OpenSSL-based clients and Connector/J do. rds-ca-2019 leaves issued before 2020-07-28 had no SAN.",
        "Reissue the certificate with the hostname as a DNS SAN (RDS: rotate the instance's certificate).",
        "x509: certificate relies on legacy Common Name field, use SANs instead"),
    rule!(AnchorIsIntermediate, Error,
        "The CA file holds an intermediate but not its root",
        "Path building ends at a bundle certificate that is not self-issued and whose issuer is missing.",
        "OpenSSL needs a self-signed root unless X509_V_FLAG_PARTIAL_CHAIN is set (Python 3.13+ sets it); Go, Java and rustls accept any certificate of the CA file as an anchor.",
        "Add the root to the CA file (for RDS, use the whole global bundle).",
        "unable to get issuer certificate"),
    rule!(LeafIsCa, Error,
        "The server's certificate is a CA certificate",
        "The leaf has basicConstraints CA:TRUE.",
        "rustls-webpki refuses a CA certificate as a server certificate (CaUsedAsEndEntity); OpenSSL accepts it.",
        "Issue the server a certificate with CA:FALSE.",
        "invalid peer certificate: CaUsedAsEndEntity"),
    rule!(WrongKeyUsage, Error,
        "The server's certificate is not for TLS servers",
        "The leaf has an extendedKeyUsage without serverAuth.",
        "Clients require serverAuth when the extension is present.",
        "Issue the certificate with extendedKeyUsage serverAuth.",
        "unsupported certificate purpose"),
    rule!(IssuerKeyMismatch, Error,
        "A CA with the right name is present, but its key did not sign the certificate",
        "A certificate's issuer name matches a CA in the input whose key does not verify its signature.",
        "CAs are sometimes re-issued with the same name and a new key; the old one cannot verify new certificates.",
        "Get the current version of that CA (for RDS, the current global bundle).",
        "certificate signature failure"),
    rule!(ExpiresSoon, Warning,
        "A certificate on the path expires within 30 days of the check time",
        "notAfter minus the check time is under 30 days for a certificate on the path.",
        "Connections start failing the moment it expires.",
        "Renew or rotate it before then (RDS: modify the instance's CA).",
        ""),
    rule!(ServedChainOrder, Info,
        "The server sends its certificates out of order",
        "The first served certificate is not the leaf.",
        "TLS 1.2 requires leaf first; most clients cope, some strict ones do not.",
        "List the leaf first, then each issuer, in the server's ssl_cert file.",
        ""),
    rule!(UnusedServedCertificate, Info,
        "The server sends a certificate that is not on the path",
        "A served certificate is neither the leaf nor an issuer on the path.",
        "It does no harm but wastes bytes, and often means the wrong intermediate was configured.",
        "Remove it from the server's certificate file.",
        ""),
    rule!(PrivateKeyPasted, Warning,
        "A private key was pasted",
        "A PRIVATE KEY block is in the input.",
        "A private key is a secret; it is never needed to diagnose a connection. It was discarded and is not kept or shared.",
        "Paste only certificates. If this key was pasted somewhere shared, consider it exposed and rotate it.",
        ""),
    rule!(InputProblem, Warning,
        "Part of the input could not be read",
        "A PEM block is truncated, mangled, not a certificate, or the text is not PEM or base64.",
        "What could not be read is not part of the analysis.",
        "Fix the input at the line shown.",
        ""),
    rule!(NoServerCertificate, Info,
        "No server certificate given",
        "The server chain input holds no certificate.",
        "Without the server's chain there is nothing to verify.",
        "Paste the output of: openssl s_client -starttls mysql -connect HOST:3306 -showcerts </dev/null",
        ""),
    rule!(NoCaBundle, Info,
        "No CA bundle given",
        "The CA bundle input holds no certificate.",
        "Clients trust only their CA file; without it every chain is untrusted.",
        "Paste the CA file the client uses, or choose the built-in Amazon RDS global bundle.",
        "CA certificate is required if ssl-mode is VERIFY_CA or VERIFY_IDENTITY"),
    rule!(ServerOffersNoTls, Error,
        "The server does not offer TLS",
        "The server's greeting lacks the CLIENT_SSL capability (0x0800).",
        "A server without a certificate configured cannot do TLS; clients that require it fail, and MariaDB ≤ 11.3's `--ssl` silently stays in plaintext.",
        "Configure ssl_cert and ssl_key (and ssl_ca) on the server and restart it (MySQL 8: ALTER INSTANCE RELOAD TLS).",
        "SSL is required, but the server does not support it"),
    rule!(ClientStayedPlaintext, Error,
        "The client logged in without TLS although the server offered it",
        "The server's greeting has CLIENT_SSL, and the client answered with a HandshakeResponse in clear instead of an SSLRequest.",
        "Everything after the greeting — the user name, the password exchange and every query — crossed the network readable.",
        "Make the client require TLS: mysql --ssl-mode=VERIFY_IDENTITY (or REQUIRED), MariaDB --ssl-verify-server-cert, JDBC sslMode=VERIFY_IDENTITY, Go tls=custom, PyMySQL ssl={'ca': …}.",
        ""),
    rule!(RequireSecureTransport, Error,
        "The server requires TLS (require_secure_transport=ON) and the client did not use it",
        "The server answered a plaintext login with ERR 3159.",
        "MySQL refuses unencrypted connections when require_secure_transport is ON (on RDS, a parameter-group setting).",
        "Enable TLS in the client (ssl-mode=REQUIRED at least; VERIFY_IDENTITY with the RDS bundle is better).",
        "ERROR 3159 (HY000): Connections using insecure transport are prohibited while --require_secure_transport=ON."),
    rule!(AccessDeniedPlaintext, Error,
        "Access denied after a plaintext login",
        "The server answered a login sent without TLS with ERR 1045.",
        "On MariaDB, require_secure_transport=ON answers exactly so; on MySQL and MariaDB a user created with REQUIRE SSL or REQUIRE X509 does too — or the password is simply wrong.",
        "Try again with TLS; if it then works, the server or the account requires TLS. Otherwise check the user name and password.",
        "ERROR 1045 (28000): Access denied for user"),
    rule!(RefusedBeforeGreeting, Error,
        "The server refused the connection before any TLS",
        "The server sent an ERR packet instead of its greeting (1129 host blocked, 1130 host not allowed, 1040 too many connections).",
        "This is not a TLS problem: the server rejected the client before TLS could start.",
        "1129: FLUSH HOSTS (or raise max_connect_errors); 1130: create the account for this client host; 1040: raise max_connections or close idle connections.",
        "ERROR 1130 (HY000): Host '…' is not allowed to connect to this MariaDB server"),
    rule!(TlsVersionMismatch, Error,
        "Client and server share no TLS version",
        "A protocol_version alert, or a ClientHello whose versions the server does not support.",
        "MySQL 8.0.28 and later removed TLS 1.0 and 1.1; MySQL 8.4 and RDS MariaDB accept only 1.2 and 1.3. Old clients (OpenSSL 1.0.1-era, Java 7) offer only 1.0/1.1.",
        "Upgrade the client's TLS library (or enable TLS 1.2 in it: JDBC enabledTLSProtocols=TLSv1.2,TLSv1.3), or allow the client's version on the server (tls_version) if you must.",
        "tlsv1 alert protocol version"),
    rule!(TlsAlert, Error,
        "A TLS alert ended the handshake",
        "An alert record (unknown_ca, bad_certificate, certificate_expired, handshake_failure …) from client or server.",
        "Who sent it tells what failed: the client rejecting the server's certificate, or the server rejecting the client's offer.",
        "See the alert's explanation; for unknown_ca from the client, give it the right CA bundle.",
        "tlsv1 alert unknown ca"),
    rule!(OldTlsVersion, Warning,
        "TLS 1.0 or 1.1 was negotiated",
        "The ServerHello chose TLS 1.0 or 1.1.",
        "Both are deprecated (RFC 8996) and removed from MySQL 8.0.28+; connections will break when either side upgrades.",
        "Enable TLS 1.2+ in the client and server.",
        ""),
    rule!(CachingSha2Plaintext, Warning,
        "caching_sha2_password without TLS",
        "The greeting or AuthSwitchRequest names caching_sha2_password and the login runs without TLS.",
        "Its full authentication needs TLS or the server's RSA key; without both the client fails with 2061, and with the RSA key the login still runs unencrypted.",
        "Use TLS (ssl-mode=REQUIRED or stricter).",
        "ERROR 2061 (HY000): Authentication plugin 'caching_sha2_password' reported error: Authentication requires secure connection."),
];

impl RuleId {
    pub fn rule(self) -> &'static Rule {
        RULES.iter().find(|r| r.id == self).unwrap_or(&RULES[0])
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::MissingIntermediate => "missing-intermediate",
            RuleId::OutdatedBundle => "outdated-bundle",
            RuleId::WrongRegionBundle => "wrong-region-bundle",
            RuleId::UnknownCa => "unknown-ca",
            RuleId::SelfSigned => "self-signed",
            RuleId::RdsCaExpired => "rds-ca-expired",
            RuleId::CaExpired => "ca-expired",
            RuleId::LeafExpired => "leaf-expired",
            RuleId::LeafNotYetValid => "leaf-not-yet-valid",
            RuleId::HostnameMismatch => "hostname-mismatch",
            RuleId::CnOnlyCertificate => "cn-only-certificate",
            RuleId::AnchorIsIntermediate => "anchor-is-intermediate",
            RuleId::LeafIsCa => "leaf-is-ca",
            RuleId::WrongKeyUsage => "wrong-key-usage",
            RuleId::IssuerKeyMismatch => "issuer-key-mismatch",
            RuleId::ExpiresSoon => "expires-soon",
            RuleId::ServedChainOrder => "served-chain-order",
            RuleId::UnusedServedCertificate => "unused-served-certificate",
            RuleId::PrivateKeyPasted => "private-key-pasted",
            RuleId::InputProblem => "input-problem",
            RuleId::NoServerCertificate => "no-server-certificate",
            RuleId::NoCaBundle => "no-ca-bundle",
            RuleId::ServerOffersNoTls => "server-offers-no-tls",
            RuleId::ClientStayedPlaintext => "client-stayed-plaintext",
            RuleId::RequireSecureTransport => "require-secure-transport",
            RuleId::AccessDeniedPlaintext => "access-denied-plaintext",
            RuleId::RefusedBeforeGreeting => "refused-before-greeting",
            RuleId::TlsVersionMismatch => "tls-version-mismatch",
            RuleId::TlsAlert => "tls-alert",
            RuleId::OldTlsVersion => "old-tls-version",
            RuleId::CachingSha2Plaintext => "caching-sha2-plaintext",
        }
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_documented_once_with_matching_ids() {
        for r in RULES {
            assert_eq!(r.id.rule().id, r.id, "{} documented twice or not at all", r.id);
            assert!(!r.summary.is_empty() && !r.why.is_empty() && !r.fix.is_empty(), "{} lacks docs", r.id);
            // serde id == as_str id
            assert_eq!(serde_json::to_value(r.id).ok(), Some(serde_json::Value::String(r.id.as_str().into())));
        }
        assert_eq!(RULES.len(), 31);
    }
}
