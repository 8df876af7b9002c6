//! Words: a finding's title, explanation and fix, a verdict's one-line detail, and what each
//! client typically prints. Only here do typed causes become text.

use crate::rules::clients::{Client, Engine};

use crate::decode::pki::chain::CertPool;
use crate::decode::pki::names::NameCheck;
use crate::decode::pki::rds::{self, RdsCa, CURRENT_CA_IDS, RDS_CA_2019_EXPIRY};
use crate::rules::trust::TrustCause;
use crate::rules::verdicts::Failure;
use crate::time_fmt::date;
use crate::vocab::ClientId;

const S_CLIENT: &str = "openssl s_client -starttls mysql -connect HOST:3306 -showcerts </dev/null";
const GLOBAL_BUNDLE_URL: &str = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";

fn name(pool: &CertPool, i: usize) -> String {
    pool.get(i).map(|c| format!("'{}'", c.name())).unwrap_or_else(|| "?".into())
}

fn rds_ca(r: &RdsCa) -> String {
    let env = r.environment.as_deref().map(|e| format!("{e} ")).unwrap_or_default();
    match &r.region {
        Some(region) => format!("{env}{} ({region})", r.ca_id),
        None => format!("{env}{}", r.ca_id),
    }
}

/// (title, explanation, fix) for a failure.
pub fn finding_text(pool: &CertPool, f: &Failure, hosts: &[String]) -> (String, String, String) {
    match f {
        Failure::Trust(t) => trust_text(pool, t, hosts),
        Failure::Expired { cert, leaf: true, .. } => {
            let until = pool.get(*cert).map(|c| date(c.not_after)).unwrap_or_default();
            (
                format!("The server's certificate {} expired on {until}", name(pool, *cert)),
                "Every client that verifies the server rejects an expired certificate. Clients that do not verify (ssl-mode=REQUIRED or PREFERRED) still connect, which is how an expired certificate goes unnoticed until someone turns verification on.".into(),
                match pool.get(*cert).and_then(|c| c.issuer_rds.as_ref()) {
                    Some(r) => format!("RDS renews server certificates itself; an expired one means the instance's CA ({}) needs rotating: modify the DB instance and choose {} as its certificate authority, then apply (the instance restarts).", rds_ca(r), CURRENT_CA_IDS[0].0),
                    None => "Issue a new server certificate, install it as ssl_cert/ssl_key and reload (MySQL 8: ALTER INSTANCE RELOAD TLS; MariaDB: FLUSH SSL or restart).".into(),
                },
            )
        }
        Failure::Expired { cert, rds: true, .. } => {
            let c = pool.get(*cert);
            let id = c.and_then(|c| c.summary.rds.as_ref()).map(rds_ca).unwrap_or_default();
            let until = c.map(|c| date(c.not_after)).unwrap_or_default();
            (
                format!("The server's chain uses {id}, which expired on {until}"),
                format!(
                    "{} is part of Amazon RDS CA {id}.{} Clients that check dates reject the chain, whatever bundle they have.",
                    name(pool, *cert),
                    if id.starts_with("rds-ca-2019") { format!(" rds-ca-2019 and its intermediates expired on {RDS_CA_2019_EXPIRY}.") } else { String::new() }
                ),
                format!(
                    "Modify the DB instance (or every instance of the cluster) and set its certificate authority to {} ({} lasts until {}), then apply; give clients the current global bundle ({GLOBAL_BUNDLE_URL}).",
                    CURRENT_CA_IDS[0].0, CURRENT_CA_IDS[0].0, CURRENT_CA_IDS[0].1
                ),
            )
        }
        Failure::Expired { cert, .. } => {
            let c = pool.get(*cert);
            (
                format!("CA certificate {} is outside its validity period ({} → {})", name(pool, *cert), c.map(|c| date(c.not_before)).unwrap_or_default(), c.map(|c| date(c.not_after)).unwrap_or_default()),
                "OpenSSL, Go and Connector/J check the dates of every certificate on the path, the root included; rustls skips the trust anchor's own dates.".into(),
                "Replace the CA certificate: the server must send a current intermediate, and the client's CA file must hold a current root.".into(),
            )
        }
        Failure::NotYetValid { cert, leaf: false } => {
            let from = pool.get(*cert).map(|c| date(c.not_before)).unwrap_or_default();
            (
                format!("CA certificate {} is not valid until {from}", name(pool, *cert)),
                "A CA certificate vouches for the server only from its notBefore date. A CA issued moments ago, or a client clock that is behind, causes this; rustls does not date the trust anchor itself.".into(),
                "Check the client machine's clock (and the check time you chose); otherwise keep using the CA's previous certificate until this one's notBefore date.".into(),
            )
        }
        Failure::NotYetValid { cert, leaf: true } => {
            let from = pool.get(*cert).map(|c| date(c.not_before)).unwrap_or_default();
            (
                format!("The server's certificate is not valid until {from}"),
                "A certificate is accepted only from its notBefore date. A certificate issued moments ago, or a client clock that is behind, causes this.".into(),
                "Check the client machine's clock (and the check time you chose); otherwise wait until the notBefore date.".into(),
            )
        }
        Failure::LeafIsCa => (
            "The server's certificate is a CA certificate (CA:TRUE)".into(),
            "rustls-webpki refuses a CA certificate as a server certificate; OpenSSL-based clients accept it.".into(),
            "Issue the server a certificate with basicConstraints CA:FALSE.".into(),
        ),
        Failure::WrongKeyUsage => (
            "The server's certificate is not issued for TLS servers".into(),
            "Its extendedKeyUsage lists purposes without serverAuth; every client refuses it for a server.".into(),
            "Reissue it with extendedKeyUsage serverAuth.".into(),
        ),
        Failure::Name { check } => name_text(pool, check, hosts),
        Failure::Sha1Signature { cert } => (
            format!("{} is signed with SHA-1, which Go ≥ 1.18 refuses", name(pool, *cert)),
            format!(
                "{} carries a {} signature. Go 1.18 and later refuse SHA-1 signatures in crypto/x509, so go-sql-driver reports the issuer as unknown; OpenSSL-based clients and Java still accept it.",
                name(pool, *cert),
                pool.get(*cert).map(|c| c.summary.signature_algorithm.clone()).unwrap_or_default()
            ),
            crate::vocab::catalogue::RuleId::Sha1SignatureRefused.rule().fix.to_owned(),
        ),
        Failure::Webpki { error } => (
            format!("rustls-webpki refuses the chain: {error}"),
            format!("rustls-webpki, which rustls-based clients (sqlx …) use, rejects it with {error}, for a reason the other checks do not model; OpenSSL, Go and Java may still accept it."),
            "Look up the webpki error and check the certificate cards for unusual extensions, signature algorithms or encodings; reissue the certificate without them.".into(),
        ),
    }
}

fn trust_text(pool: &CertPool, t: &TrustCause, hosts: &[String]) -> (String, String, String) {
    match t {
        TrustCause::AmazonTrustNotInBundle { last, issuer } => amazon_trust_text(pool, *last, issuer, hosts),
        TrustCause::MissingIntermediate { last, issuer, issuer_rds: Some(r), root_in_bundle } => (
            format!("The intermediate '{}' is missing", issuer_cn(issuer)),
            format!(
                "{} was issued by '{}', an intermediate of Amazon RDS CA {}. Your bundle has its root{}, but not the intermediate, and the chain you pasted does not include it. RDS servers send this intermediate themselves — if the chain came from `openssl s_client` without -showcerts, only the server's own certificate was printed.",
                name(pool, *last), issuer_cn(issuer), rds_ca(r),
                root_in_bundle.map(|i| format!(" ({})", name(pool, i))).unwrap_or_default()
            ),
            format!("Capture the full chain with `{S_CLIENT}`; if the server really sends only its own certificate (a proxy in between?), add '{}' to the client's CA file.", issuer_cn(issuer)),
        ),
        TrustCause::MissingIntermediate { last, issuer, .. } => (
            format!("The issuer '{}' of the server's certificate is missing", issuer_cn(issuer)),
            format!(
                "The server sent only {}. Its issuer '{}' is neither in the chain nor in your CA bundle, so no client can build a path to a trusted root (OpenSSL: \"unable to get local issuer certificate\").",
                name(pool, *last), issuer_cn(issuer)
            ),
            format!("Configure the server to send its intermediate after the leaf (MySQL/MariaDB: put the leaf, then the intermediate, in the ssl_cert file), or add '{}' and its root to the client's CA file. Check what the server sends with `{S_CLIENT}`.", issuer_cn(issuer)),
        ),
        TrustCause::OutdatedBundle { needed, bundle_ca_ids } => (
            format!("Your CA bundle predates {}, the CA the server uses", rds_ca(needed)),
            format!(
                "The server's chain leads to Amazon RDS CA {}, but your bundle only has {}. Bundles downloaded before the CA rotation (or before the region opened) do not contain it.",
                rds_ca(needed), bundle_ca_ids.join(", ")
            ),
            format!("Download the current global bundle ({GLOBAL_BUNDLE_URL}) and use it as the client's CA file (mysql --ssl-ca, JDBC trust store, Go RootCAs…)."),
        ),
        TrustCause::WrongRegionBundle { needed, bundle_region } => (
            format!("Your CA bundle is for {bundle_region}, the server is in {}", needed.region.as_deref().unwrap_or("another region")),
            format!("The server's certificate chains to Amazon RDS CA {}, but the bundle holds only {bundle_region} CAs.", rds_ca(needed)),
            format!(
                "Use the global bundle ({GLOBAL_BUNDLE_URL}), or https://truststore.pki.rds.amazonaws.com/{r}/{r}-bundle.pem.",
                r = needed.region.as_deref().unwrap_or("REGION")
            ),
        ),
        TrustCause::UnknownCa { last, issuer, served_root, bundle_has_rds } => {
            let (title, what) = if *served_root {
                (
                    format!("The server's root CA {} is not in your bundle", name(pool, *last)),
                    format!("The server sent its chain up to the root {}, but your CA bundle does not contain that root, so it is not trusted (OpenSSL: \"self-signed certificate in certificate chain\").", name(pool, *last)),
                )
            } else {
                (
                    format!("The server's chain ends at an unknown CA '{}'", issuer_cn(issuer)),
                    format!("The chain reaches {}, issued by '{}', which is not in your CA bundle.", name(pool, *last), issuer_cn(issuer)),
                )
            };
            let rds_hint = if !bundle_has_rds && pool.certs.iter().any(|c| c.issuer_rds.is_some()) {
                " This is an Amazon RDS chain, but your bundle holds no RDS CA at all."
            } else {
                ""
            };
            (
                title,
                format!("{what}{rds_hint}"),
                "Give the client the CA file of the CA that issued the server's certificate (for Amazon RDS, the global bundle: choose the built-in one here).".into(),
            )
        }
        TrustCause::SelfSigned { leaf } => (
            format!("The server's certificate {} is self-signed", name(pool, *leaf)),
            format!(
                "{} signed itself, and your CA file does not contain it. MySQL and MariaDB servers create such a certificate themselves when none is configured (MySQL's auto_generate_certs: 'MySQL_Server_…_Auto_Generated_Server_Certificate'), so no CA file can verify it.",
                name(pool, *leaf)
            ),
            "Give the server a certificate from a CA (ssl_cert, ssl_key, and the CA in the clients' ssl-ca), or, for a test setup, put this certificate in the client's CA file.".into(),
        ),
        TrustCause::AnchorIsIntermediate { anchor, missing_root } => (
            format!("Your CA file has the intermediate {} but not its root", name(pool, *anchor)),
            format!(
                "The path ends at {}, which your CA file holds, but its issuer '{}' is not there. Go, Java, rustls and Python 3.13+ accept any certificate of the CA file as an anchor; OpenSSL-based clients (mysql, MariaDB, PyMySQL on Python ≤ 3.12, node mysql2) insist on a self-signed root and fail with \"unable to get issuer certificate\".",
                name(pool, *anchor), issuer_cn(missing_root)
            ),
            format!("Add the root '{}' to the CA file (for Amazon RDS, use the whole global bundle).", issuer_cn(missing_root)),
        ),
        TrustCause::IssuerKeyMismatch { child, impostor } => (
            format!("{} has the issuer's name but not its key", name(pool, *impostor)),
            format!("{} names {} as its issuer, but that certificate's key did not sign it: the CA was re-issued with a new key, or the certificate is forged.", name(pool, *child), name(pool, *impostor)),
            "Get the current version of the CA certificate (for Amazon RDS, the current global bundle).".into(),
        ),
    }
}

fn name_text(pool: &CertPool, check: &NameCheck, hosts: &[String]) -> (String, String, String) {
    let leaf = pool.certs.iter().zip(&pool.origins).find(|(_, o)| o.served == Some(0)).map(|(c, _)| c);
    let names: Vec<String> =
        leaf.map(|l| l.summary.dns_names.iter().chain(&l.summary.ip_addresses).cloned().collect()).unwrap_or_default();
    let listed = if names.is_empty() { "no subject alternative names".to_owned() } else { names.join(", ") };
    let host_list = hosts.join(", ");
    match check {
        NameCheck::CnIgnored { cn } => (
            format!("The certificate names '{cn}' only in its CN"),
            format!("The server's certificate has no DNS subject alternative name; the hostname matches its CN '{cn}'. OpenSSL-based clients and Connector/J fall back to the CN, but Go (since 1.15: \"x509: certificate relies on legacy Common Name field\") and rustls never do. Amazon RDS rds-ca-2019 certificates issued before 2020-07-28 looked like this."),
            "Reissue the server certificate with the hostname as a DNS SAN. On RDS, rotate the instance's certificate (modify the instance and apply its CA again, or move to rds-ca-rsa2048-g1).".into(),
        ),
        NameCheck::IpNotInSan => (
            format!("Connecting by IP address ({host_list}) does not match the certificate"),
            format!("The certificate lists {listed}. An IP address matches only an IP address SAN; RDS certificates carry DNS names only, so connecting to an RDS instance by IP never passes an identity check."),
            "Connect with the DNS name from the certificate (the endpoint AWS shows) instead of the IP address.".into(),
        ),
        _ => {
            let hints = hosts.iter().filter_map(|h| mismatch_hint(h, &names)).collect::<Vec<_>>().join(" ");
            (
                format!("The hostname {host_list} is not in the server's certificate"),
                format!("The certificate is for {listed}. Clients that check the identity (mysql VERIFY_IDENTITY, MariaDB --ssl-verify-server-cert, Connector/J VERIFY_IDENTITY, Go, PyMySQL with a CA, mysql2 verifyIdentity, rustls) refuse a name it does not list. {hints}").trim_end().to_owned(),
                match names.first() {
                    Some(n) => format!("Connect with a name the certificate lists (e.g. {n}), or, if you must use this name, use a mode that checks only the chain (mysql --ssl-mode=VERIFY_CA) knowing it does not stop a man in the middle."),
                    None => "Connect with the name the certificate was issued for.".into(),
                },
            )
        }
    }
}

/// Extra words for common RDS mismatches: own CNAME, cluster vs instance endpoint.
fn mismatch_hint(host: &str, names: &[String]) -> Option<String> {
    let want = rds::endpoint(host);
    let have = names.iter().find_map(|n| rds::endpoint(n.trim_start_matches("*.")));
    match (want, have) {
        (None, Some(_)) => Some(format!("'{host}' is not an RDS endpoint: a CNAME of your own never matches an RDS certificate — connect with the RDS endpoint name, or use VERIFY_CA.")),
        (Some(w), Some(h)) if w.kind != h.kind => Some(format!("'{host}' is an {}, but the certificate is for an {}.", w.kind.describe(), h.kind.describe())),
        (Some(w), Some(h)) if w.region != h.region => Some(format!("'{host}' is in {}, the certificate in {}.", w.region, h.region)),
        _ => None,
    }
}

/// An ACM chain (RDS Proxy, Aurora Serverless v1) against a CA file without Amazon's roots.
fn amazon_trust_text(pool: &CertPool, last: usize, issuer: &str, hosts: &[String]) -> (String, String, String) {
    let bundle_rds_only = (0..pool.certs.len())
        .filter(|&i| pool.in_bundle(i))
        .any(|i| pool.get(i).is_some_and(|c| c.summary.rds.is_some()));
    let endpoint = hosts.iter().find_map(|h| rds::endpoint(h).map(|e| (h, e)));
    let what = match &endpoint {
        Some((h, e)) if e.kind.presents_amazon_trust() => format!("{h} is an {}: ", e.kind.describe()),
        Some((h, e)) => format!(
            "{h} is an {}, and its certificate comes from AWS Certificate Manager, as Aurora Serverless v1 clusters present: ",
            e.kind.describe()
        ),
        None => String::new(),
    };
    (
        "The server's certificate is from AWS Certificate Manager (Amazon Trust Services), not from the RDS CAs".into(),
        format!(
            "{what}RDS Proxy and Aurora Serverless v1 present AWS Certificate Manager certificates that chain to Amazon Root CA 1–4 (cross-signed by Starfield Services Root Certificate Authority - G2). The path reaches {}, issued by '{}', and your CA file holds none of those roots{}.",
            name(pool, last),
            issuer_cn(issuer),
            if bundle_rds_only { " — only Amazon RDS CAs, which sign DB instances, not proxies" } else { "" },
        ),
        crate::vocab::catalogue::RuleId::RdsProxyAmazonRoot.rule().fix.to_owned(),
    )
}

fn issuer_cn(dn: &str) -> String {
    dn.split(", ").find_map(|p| p.strip_prefix("CN=")).unwrap_or(dn).to_owned()
}

/// One line for the verdict matrix.
pub fn verdict_detail(pool: &CertPool, f: &Failure, host: &str) -> String {
    match f {
        Failure::Trust(TrustCause::MissingIntermediate { issuer, .. }) => {
            format!("issuer '{}' missing", issuer_cn(issuer))
        }
        Failure::Trust(TrustCause::OutdatedBundle { needed, .. }) => format!("bundle lacks {}", rds_ca(needed)),
        Failure::Trust(TrustCause::WrongRegionBundle { bundle_region, .. }) => format!("bundle is for {bundle_region}"),
        Failure::Trust(TrustCause::UnknownCa { .. }) => "chain ends at an untrusted CA".into(),
        Failure::Trust(TrustCause::AmazonTrustNotInBundle { .. }) => "needs Amazon Root CA (ACM chain)".into(),
        Failure::Trust(TrustCause::SelfSigned { .. }) => "self-signed certificate".into(),
        Failure::Trust(TrustCause::AnchorIsIntermediate { .. }) => "CA file has an intermediate, no root".into(),
        Failure::Trust(TrustCause::IssuerKeyMismatch { .. }) => "issuer key does not verify".into(),
        Failure::Expired { cert, .. } => {
            format!("{} expired {}", name(pool, *cert), pool.get(*cert).map(|c| date(c.not_after)).unwrap_or_default())
        }
        Failure::NotYetValid { cert, .. } => format!(
            "{} not valid before {}",
            name(pool, *cert),
            pool.get(*cert).map(|c| date(c.not_before)).unwrap_or_default()
        ),
        Failure::LeafIsCa => "leaf is a CA certificate".into(),
        Failure::WrongKeyUsage => "leaf lacks serverAuth".into(),
        Failure::Name { check: NameCheck::CnIgnored { .. } } => "name only in CN, which this client ignores".into(),
        Failure::Name { check: NameCheck::IpNotInSan } => format!("{host} is not an IP SAN"),
        Failure::Name { .. } => format!("{host} not in certificate"),
        Failure::Webpki { error } => format!("rustls-webpki: {error}"),
        Failure::Sha1Signature { cert } => format!("{} is signed with SHA-1", name(pool, *cert)),
    }
}

/// What this client typically prints for this failure (OpenSSL 3 wording).
/// MariaDB Connector/C's words (mariadb CLI, mysqlclient, DBD::MariaDB), without the CLI's
/// `ERROR 2026 (HY000): `.
fn connector_c_error(name_failure: bool, openssl_reason: &str) -> String {
    if name_failure {
        "TLS/SSL error: Validation of SSL server certificate failed".into()
    } else {
        format!("TLS/SSL error: {openssl_reason}")
    }
}

/// CPython's reason after "certificate verify failed: " (PyMySQL, mysql-connector-python pure).
fn python_reason(f: &Failure, host: &str, openssl_reason: &str) -> String {
    match f {
        Failure::Name { check: NameCheck::IpNotInSan } => {
            format!("IP address mismatch, certificate is not valid for '{host}'")
        }
        Failure::Name { .. } => format!("Hostname mismatch, certificate is not valid for '{host}'"),
        _ => openssl_reason.to_owned(),
    }
}

pub fn client_error(client: &Client, f: &Failure, host: &str) -> String {
    let openssl_reason = match f {
        Failure::Trust(TrustCause::AnchorIsIntermediate { .. }) => "unable to get issuer certificate",
        Failure::Trust(TrustCause::SelfSigned { .. }) => "self-signed certificate",
        Failure::Trust(TrustCause::UnknownCa { served_root: true, .. }) => {
            "self-signed certificate in certificate chain"
        }
        Failure::Trust(TrustCause::IssuerKeyMismatch { .. }) => "certificate signature failure",
        Failure::Trust(_) => "unable to get local issuer certificate",
        Failure::Expired { .. } => "certificate has expired",
        Failure::NotYetValid { .. } => "certificate is not yet valid",
        Failure::WrongKeyUsage => "unsupported certificate purpose",
        _ => "",
    };
    let name_failure = matches!(f, Failure::Name { .. });
    match (client.id, client.engine) {
        (ClientId::Mysql8VerifyCa | ClientId::Mysql8VerifyIdentity, _) => {
            if name_failure {
                "ERROR 2026 (HY000): SSL connection error: Failed to verify the server certificate via X509 certificate matching functions".into()
            } else {
                format!("ERROR 2026 (HY000): SSL connection error: error:0A000086:SSL routines::certificate verify failed ({openssl_reason})")
            }
        }
        (ClientId::MariadbVerifyServerCert | ClientId::MariadbSslCaOnly, _) => {
            format!("ERROR 2026 (HY000): {}", connector_c_error(name_failure, openssl_reason))
        }
        // The texts below are the client lab's (tests/fixtures/client-lab-results.tsv).
        (ClientId::MysqlclientVerifyCa | ClientId::MysqlclientCaOnly, _) => {
            format!("MySQLdb.OperationalError: (2026, '{}')", connector_c_error(name_failure, openssl_reason))
        }
        (ClientId::PerlDbdMariadbVerify, _) => connector_c_error(name_failure, openssl_reason),
        (
            ClientId::MysqlConnectorPythonVerifyIdentity
            | ClientId::MysqlConnectorPythonVerifyCert
            | ClientId::MysqlConnectorPythonCaOnly,
            _,
        ) => format!(
            "mysql.connector.errors.InterfaceError: 2055: Lost connection to MySQL server at '{host}:…', system error: Errno 1: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: {}",
            python_reason(f, host, openssl_reason)
        ),
        (ClientId::PhpMysqliVerify | ClientId::PhpPdoVerifyFalse, _) => {
            if name_failure {
                format!("Warning: mysqli::real_connect(): Peer certificate subjectAltName did not match expected name `{host}' / mysqli_sql_exception: Cannot connect to MySQL using SSL")
            } else {
                "Warning: mysqli::real_connect(): SSL operation failed with code 1. OpenSSL Error messages: error:0A000086:SSL routines::certificate verify failed / mysqli_sql_exception: Cannot connect to MySQL using SSL".into()
            }
        }
        (ClientId::Mysql2CaOnly | ClientId::NodeMysql | ClientId::NodeMariadb, _) => match f {
            Failure::Name { .. } => format!("Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: Host: {host}. is not in the cert's altnames"),
            // Node names a missing issuer of the leaf itself (depth 0) this way.
            Failure::Trust(TrustCause::MissingIntermediate { .. }) => "Error: unable to verify the first certificate".into(),
            _ => format!("Error: {openssl_reason}"),
        },
        (ClientId::PymysqlCaOnly, _) => {
            format!("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: {}", python_reason(f, host, openssl_reason))
        }
        (ClientId::PymysqlPython312 | ClientId::PymysqlPython313, _) => {
            format!("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: {}", python_reason(f, host, openssl_reason))
        }
        (ClientId::Mysql2VerifyIdentity, _) => match f {
            Failure::Name { .. } => format!("Hostname/IP does not match certificate's altnames: Host: {host}. is not in the cert's altnames"),
            _ => openssl_reason.to_owned(),
        },
        (_, Engine::Go) => match f {
            Failure::Name { check: NameCheck::CnIgnored { .. } } => "x509: certificate relies on legacy Common Name field, use SANs instead".into(),
            Failure::Name { check: NameCheck::IpNotInSan } => format!("x509: cannot validate certificate for {host} because it doesn't contain any IP SANs"),
            Failure::Name { .. } => format!("x509: certificate is valid for …, not {host}"),
            Failure::Expired { .. } | Failure::NotYetValid { .. } => "x509: certificate has expired or is not yet valid".into(),
            Failure::Sha1Signature { .. } => "x509: certificate signed by unknown authority (possibly because of \"x509: cannot verify signature: insecure algorithm SHA1-RSA (temporarily override with GODEBUG=x509sha1=1)\" while trying to verify candidate authority certificate …)".into(),
            _ => "x509: certificate signed by unknown authority".into(),
        },
        (_, Engine::Java) => match f {
            Failure::Name { .. } => format!("Server certificate identity check failed: '{host}' does not match the certificate's names"),
            Failure::Expired { .. } | Failure::NotYetValid { .. } => "PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed".into(),
            _ => "PKIX path building failed: unable to find valid certification path to requested target".into(),
        },
        (_, _) => match f {
            Failure::Name { .. } => "invalid peer certificate: NotValidForName".into(),
            Failure::Expired { .. } => "invalid peer certificate: Expired".into(),
            Failure::NotYetValid { .. } => "invalid peer certificate: NotValidYet".into(),
            Failure::LeafIsCa => "invalid peer certificate: Other(CaUsedAsEndEntity)".into(),
            Failure::Webpki { error } => format!("invalid peer certificate: {error}"),
            _ => "invalid peer certificate: UnknownIssuer".into(),
        },
    }
}
