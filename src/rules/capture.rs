//! Rules over what a capture (or a live probe's transcript) shows on the wire: who offered
//! TLS, who stayed in plaintext, which ERR came when, which alert and from whom. Each check
//! reads [`Evidence`] and writes typed findings; the words are here, next to the check.

use crate::decode::pki::cert::Cert;
use crate::decode::tls::{AlertDescription, ProtocolVersion};
use crate::evidence::{ErrFacts, ErrWhen, Evidence};
use crate::text::clip;
use crate::vocab::catalogue::RuleId;
use crate::vocab::Direction;
use crate::vocab::Finding;

fn finding(id: RuleId, title: String, explanation: String, fix: Option<String>) -> Finding {
    let mut f = Finding::of(id, title, explanation);
    if let Some(fix) = fix {
        f.fix = fix;
    }
    f
}

pub(crate) fn version_name(v: ProtocolVersion) -> String {
    v.name().map(str::to_owned).unwrap_or_else(|| format!("0x{:04x}", v.0))
}

/// Every capture-level finding, the root cause first.
pub fn findings(e: &Evidence) -> Vec<Finding> {
    findings_at(e, None)
}

/// [`findings`], with the time to judge the visible certificates' dates at (an expired
/// certificate behind a certificate_expired alert is named only with a time).
pub fn findings_at(e: &Evidence, now: Option<i64>) -> Vec<Finding> {
    let mut out = Vec::new();
    let server = e.greeting.as_ref().map(|g| g.server_version.clone()).unwrap_or_else(|| "the server".into());
    let mariadb = e.greeting.as_ref().is_some_and(|g| g.is_mariadb);

    // MariaDB's ERR 1043 after a failed handshake is a symptom: it becomes evidence inside the
    // finding that says why the handshake failed, and a finding of its own only without one.
    let mut after_tls: Option<&ErrFacts> = None;
    for err in &e.errors {
        if err.when == ErrWhen::AfterTlsStarted && err.code == 1043 {
            after_tls = after_tls.or(Some(err));
            continue;
        }
        if let Some(f) = err_finding(err, mariadb, e) {
            out.push(f);
        }
    }
    let tls_causes_from = out.len();
    if let Some(g) = &e.greeting {
        if !g.offers_tls {
            let fix = if mariadb {
                "Give the server a certificate: set ssl_cert and ssl_key (and ssl_ca) in the [mariadb] section of its configuration and restart it (MariaDB reads them at startup; FLUSH SSL reloads the files later, once they are set)."
            } else {
                "Give the server a certificate: SET PERSIST ssl_cert = '/path/server-chain.pem', ssl_key = '/path/server-key.pem'; then ALTER INSTANCE RELOAD TLS (MySQL 8.0.16+; older servers: set them in my.cnf and restart)."
            };
            out.push(finding(
                RuleId::ServerOffersNoTls,
                format!("{} does not offer TLS", clip(&server, 80)),
                format!(
                    "The greeting's capability flags (0x{:08x}) lack CLIENT_SSL (0x0800): the server has no certificate configured, so no client can start TLS. A client that requires TLS fails with \"SSL is required, but the server does not support it\"; the MariaDB 10.x client with --ssl silently continues in plaintext.",
                    g.capabilities.0
                ),
                Some(fix.into()),
            ));
        } else if e.plaintext_login.is_some() {
            out.push(finding(
                RuleId::ClientStayedPlaintext,
                "The client logged in without TLS although the server offered it".into(),
                "The server's greeting offered TLS (CLIENT_SSL), but the client sent its login (HandshakeResponse41) in clear instead of an SSLRequest. The user name, the password exchange and every query that followed crossed the network readable. mysql's default ssl-mode=PREFERRED would have used TLS: the client was configured with --ssl-mode=DISABLED / --skip-ssl, or is a driver without TLS enabled.".into(),
                None,
            ));
        }
        let plugin_sha2 = g.auth_plugin.as_deref() == Some("caching_sha2_password")
            || e.auth_switches.iter().any(|p| p == "caching_sha2_password");
        if plugin_sha2 && e.plaintext_login.is_some() {
            out.push(finding(
                RuleId::CachingSha2Plaintext,
                "caching_sha2_password is used without TLS".into(),
                format!(
                    "The login uses caching_sha2_password over a plaintext connection.{} Its full authentication sends the password only over TLS (or RSA-encrypted with the server's public key); otherwise the client fails with ERROR 2061 \"Authentication requires secure connection\".",
                    if e.full_auth_requested { " The server asked for full authentication (the password was not in its cache)." } else { "" }
                ),
                None,
            ));
        }
    }
    for a in &e.alerts {
        if a.description == AlertDescription::CLOSE_NOTIFY {
            continue;
        }
        out.push(alert_finding(a.from, a.description, e, now, mariadb));
    }
    if !e.alerts.iter().any(|a| a.description == AlertDescription::PROTOCOL_VERSION) {
        if let (Some(ch), Some(g)) = (&e.client_hello, &e.greeting) {
            let best = ch.offered_versions.iter().map(|v| v.0).max().unwrap_or(ch.legacy_version.0);
            if best < ProtocolVersion::TLS_1_2.0 && e.server_hello.is_none() && mysql_without_old_tls(&g.version) {
                out.push(finding(
                    RuleId::TlsVersionMismatch,
                    format!("The client offers only {} to {}", version_name(ProtocolVersion(best)), clip(&server, 80)),
                    format!("MySQL {} no longer speaks TLS 1.0 or 1.1 (removed in 8.0.28), and the client offered nothing newer, so the handshake cannot succeed.", clip(&g.version, 40)),
                    None,
                ));
            }
        }
    }
    if let Some(err) = after_tls {
        let quoted = quote(err);
        match out.get_mut(tls_causes_from) {
            Some(cause) => cause.explanation.push_str(&format!(
                " After the failed handshake the server wrote {quoted} in clear: it confirms the failure, and is not a cause of its own."
            )),
            None => out.push(finding(
                RuleId::TlsAlert,
                "The TLS handshake failed; the server then answered in plaintext (ERR 1043)".into(),
                format!("After the failed handshake MariaDB wrote {quoted} in clear. The capture holds no alert that says why: the client gave up without one (OpenSSL sends none for some failures)."),
                Some("Run the client again and read its own error (or paste it here); check the chain and the hostname with the live check.".into()),
            )),
        }
    }
    if let (Some(sh), true) = (&e.server_hello, e.tls13_encrypted_followed) {
        if sh.version == ProtocolVersion::TLS_1_3 && e.server_certificates.is_empty() {
            out.push(finding(
                RuleId::ChainEncrypted,
                "TLS 1.3: the server's certificates are encrypted on the wire".into(),
                "The server sent its certificate chain, but TLS 1.3 encrypts it, so a capture cannot show it (and this report cannot check it). Get the chain with the live check, with `openssl s_client -connect HOST:3306 -starttls mysql -showcerts`, or capture again with the client limited to TLS 1.2 (mysql --tls-version=TLSv1.2).".into(),
                None,
            ));
        }
    }
    if let Some(sh) = &e.server_hello {
        if sh.version.0 < ProtocolVersion::TLS_1_2.0 {
            out.push(finding(
                RuleId::OldTlsVersion,
                format!("The connection negotiated {}", version_name(sh.version)),
                format!("{} is deprecated (RFC 8996) and removed from MySQL 8.0.28 and later; this connection will break when either side upgrades.", version_name(sh.version)),
                None,
            ));
        }
    }
    out
}

/// MySQL 8.0.28+ (and 8.4, 9.x) removed TLS 1.0/1.1. MariaDB versions keep `5.5.5-` off here.
fn mysql_without_old_tls(version: &str) -> bool {
    let mut parts = version.split(|c: char| !c.is_ascii_digit()).filter_map(|p| p.parse::<u32>().ok());
    match (parts.next(), parts.next(), parts.next()) {
        (Some(8), Some(0), Some(patch)) => patch >= 28,
        (Some(major), _, _) => major > 8 || (major == 8 && !version.starts_with("8.0")),
        _ => false,
    }
}

fn quote(err: &ErrFacts) -> String {
    format!(
        "ERR {}{}: \"{}\"",
        err.code,
        err.sqlstate.as_deref().map(|s| format!(" ({s})")).unwrap_or_default(),
        clip(&err.text, 200)
    )
}

fn err_finding(err: &ErrFacts, mariadb: bool, e: &Evidence) -> Option<Finding> {
    let quoted = quote(err);
    Some(match (err.when, err.code) {
        (_, 3159) => finding(
            RuleId::RequireSecureTransport,
            "The server requires TLS (require_secure_transport=ON); the client logged in without it".into(),
            format!("The server answered the plaintext login with {quoted}. On Amazon RDS this is the parameter group's require_secure_transport; the client must use TLS."),
            None,
        ),
        (ErrWhen::BeforeGreeting, code) => {
            let (what, fix) = match code {
                1129 => ("the client host is blocked after too many failed connection attempts", "Run FLUSH HOSTS (mysqladmin flush-hosts) and raise max_connect_errors; find what keeps failing to connect."),
                1130 => ("no account exists for the host the client connects from", "Create the account for this client host ('user'@'client-host' or '%'), or connect from an allowed host."),
                1040 => ("the server has reached max_connections", "Raise max_connections, or close idle connections (connection pool sizes)."),
                _ => ("the server refused the connection", "Read the error text; it is not about TLS."),
            };
            finding(
                RuleId::RefusedBeforeGreeting,
                format!("The server refused the connection before any TLS (error {code})"),
                format!("Instead of its greeting the server sent {quoted}: {what}. This happens before TLS could start, so no TLS setting changes it."),
                Some(fix.into()),
            )
        }
        (ErrWhen::AfterPlaintextLogin, 1045) => {
            let ssl_user_hint = "an account created (or altered) with REQUIRE SSL / REQUIRE X509 answers a plaintext login exactly so";
            let explanation = if mariadb {
                format!("The server answered the plaintext login with {quoted}. On MariaDB this is also how require_secure_transport=ON answers (MySQL would say 3159); {ssl_user_hint}; or the password is wrong. The evidence: the login was sent without TLS{}.", if e.greeting.as_ref().is_some_and(|g| g.offers_tls) { " although the server offered TLS" } else { "" })
            } else {
                format!("The server answered the plaintext login with {quoted}. MySQL would have said 3159 for require_secure_transport, so this is the account: {ssl_user_hint} — or the password is wrong.")
            };
            finding(RuleId::AccessDeniedPlaintext, "Access denied to a login sent without TLS".into(), explanation, None)
        }
        _ => return None,
    })
}

fn alert_finding(from: Direction, d: AlertDescription, e: &Evidence, now: Option<i64>, mariadb: bool) -> Finding {
    let sender = from.sender();
    if from == Direction::ClientToServer {
        if let Some(f) = chain_cause(d, e, now, mariadb) {
            return f;
        }
    }
    let name = d.name().unwrap_or("unknown alert");
    if d == AlertDescription::PROTOCOL_VERSION {
        let offered = e
            .client_hello
            .as_ref()
            .map(|c| {
                let mut v: Vec<String> = c.offered_versions.iter().map(|v| version_name(*v)).collect();
                if v.is_empty() {
                    v.push(version_name(c.legacy_version));
                }
                v.join(", ")
            })
            .unwrap_or_else(|| "unknown versions".into());
        return finding(
            RuleId::TlsVersionMismatch,
            "Client and server share no TLS version (protocol_version alert)".into(),
            format!("The {sender} sent a protocol_version alert. The client offered {offered}; the server accepts none of them. MySQL 8.0.28+ accepts only TLS 1.2 and 1.3; a server restricted with tls_version may accept even less."),
            Some(format!(
                "Let the client offer a version the server accepts (the client offered {offered}; mysql/mariadb --tls-version=TLSv1.2,TLSv1.3, JDBC enabledTLSProtocols=TLSv1.2,TLSv1.3), or widen the server's tls_version ({}).",
                if mariadb { "MariaDB: tls_version = TLSv1.2,TLSv1.3 in its configuration, then restart" } else { "MySQL 8: SET PERSIST tls_version = 'TLSv1.2,TLSv1.3'; ALTER INSTANCE RELOAD TLS" }
            )),
        );
    }
    let why = match (from, d) {
        (Direction::ClientToServer, AlertDescription::UNKNOWN_CA) => "the client does not trust the CA that issued the server's certificate: its CA file lacks the root (or the intermediate the server did not send). Check the chain against the client's bundle here.",
        (Direction::ClientToServer, AlertDescription::CERTIFICATE_EXPIRED) => "the client found an expired certificate in the server's chain.",
        (Direction::ClientToServer, AlertDescription::BAD_CERTIFICATE) => "the client rejected the server's certificate as malformed or unusable (OpenSSL also sends this for a hostname or key-usage problem).",
        (Direction::ClientToServer, AlertDescription::CERTIFICATE_UNKNOWN) => "the client rejected the server's certificate for a reason without its own alert (Java sends this for most verification failures).",
        (Direction::ServerToClient, AlertDescription::HANDSHAKE_FAILURE) => "the server found nothing acceptable in the ClientHello: no common cipher suite or signature algorithm.",
        (Direction::ServerToClient, AlertDescription::CERTIFICATE_REQUIRED) | (Direction::ServerToClient, AlertDescription::BAD_CERTIFICATE) => "the server wanted a client certificate (an account with REQUIRE X509, or ssl_ca with client verification) and did not get an acceptable one.",
        (_, AlertDescription::UNRECOGNIZED_NAME) => "the server does not know the name the client sent as SNI.",
        (_, AlertDescription::DECRYPT_ERROR) => "a signature or key exchange did not verify: a middlebox altering the handshake, or a key mismatch.",
        (_, AlertDescription::INTERNAL_ERROR) => "the sender hit an internal error (often a misconfigured key or certificate).",
        _ => "the sender ended the handshake.",
    };
    let fix = match (from, d) {
        (Direction::ClientToServer, AlertDescription::UNKNOWN_CA) => {
            let top = served(e).last().map(|c| format!(" ('{}' issued the last certificate the server sent)", clip(&c.summary.issuer, 120))).unwrap_or_default();
            Some(format!("Give the client the CA file that holds the root of the server's chain{top} — for Amazon RDS the global bundle — with --ssl-ca (JDBC: a trust store holding it)."))
        }
        (Direction::ServerToClient, AlertDescription::HANDSHAKE_FAILURE) => Some("Remove the client's cipher restriction (--ssl-cipher, JDBC enabledSSLCipherSuites) or widen the server's ssl_cipher / tls_ciphersuites to include ECDHE-AES-GCM suites.".into()),
        (Direction::ServerToClient, AlertDescription::CERTIFICATE_REQUIRED | AlertDescription::BAD_CERTIFICATE) => Some("Give the client its certificate and key (--ssl-cert/--ssl-key), issued by the CA in the server's ssl_ca.".into()),
        _ => None,
    };
    finding(
        RuleId::TlsAlert,
        format!("The {sender} sent a TLS alert: {name} ({})", d.0),
        format!("The {sender} sent the fatal alert {name}: {why}"),
        fix,
    )
}

/// The served certificates that parse, in the order sent.
fn served(e: &Evidence) -> Vec<Cert> {
    e.server_certificates.iter().filter_map(|d| Cert::from_der(d).ok()).collect()
}

/// What the visible chain proves behind a client's certificate alert: the issuer of the leaf
/// not sent (unknown_ca → missing-intermediate), or an expired certificate
/// (certificate_expired → its expiry rule).
fn chain_cause(d: AlertDescription, e: &Evidence, now: Option<i64>, mariadb: bool) -> Option<Finding> {
    let certs = served(e);
    let leaf = certs.first()?;
    let reload = if mariadb {
        "then FLUSH SSL (MariaDB 10.4+; older: restart)"
    } else {
        "then ALTER INSTANCE RELOAD TLS (MySQL 8.0.16+; older: restart)"
    };
    if d == AlertDescription::UNKNOWN_CA && !leaf.self_issued() && !certs.iter().skip(1).any(|c| leaf.names_issuer(c)) {
        let mut f = finding(
            RuleId::MissingIntermediate,
            format!("The server sends '{}' without its issuer '{}'", clip(leaf.name(), 80), clip(&leaf.summary.issuer, 120)),
            format!(
                "The server sent {} certificate(s), and none issued its leaf: the issuer '{}' is missing from what it sends. The client answered with the alert unknown_ca: it could not build a path from the leaf to a CA it trusts. Servers must send the intermediates; clients' CA files hold the roots.",
                certs.len(),
                clip(&leaf.summary.issuer, 120)
            ),
            Some(format!("Make the server send its intermediate: append the intermediate's PEM after the leaf in the file ssl_cert names, {reload}. Or add the intermediate to the client's CA file.")),
        );
        f.certificates = vec![0];
        return Some(f);
    }
    if d == AlertDescription::CERTIFICATE_EXPIRED {
        let now = now?;
        let (i, c) = certs.iter().enumerate().find(|(_, c)| c.not_after < now)?;
        let (id, whose) =
            if i == 0 { (RuleId::LeafExpired, "server's certificate") } else { (RuleId::CaExpired, "CA certificate") };
        let fix = if i == 0 {
            format!("Issue a new server certificate, install it as ssl_cert/ssl_key, {reload}.")
        } else {
            format!("Replace the expired CA certificate the server sends (in the ssl_cert file) with its current one, {reload}.")
        };
        let mut f = finding(
            id,
            format!("The {whose} '{}' expired on {}", clip(c.name(), 80), crate::time_fmt::date(c.not_after)),
            format!("The client answered with the alert certificate_expired, and the chain the server sent shows why: '{}' (certificate {} sent) is valid only until {}.", clip(c.name(), 80), i + 1, crate::time_fmt::date(c.not_after)),
            Some(fix),
        );
        f.certificates = vec![i];
        return Some(f);
    }
    None
}
