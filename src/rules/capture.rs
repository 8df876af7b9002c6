//! Rules over what a capture (or a live probe's transcript) shows on the wire: who offered
//! TLS, who stayed in plaintext, which ERR came when, which alert and from whom. Each check
//! reads [`Evidence`] and writes typed findings; the words are here, next to the check.

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

fn version_name(v: ProtocolVersion) -> String {
    v.name().map(str::to_owned).unwrap_or_else(|| format!("0x{:04x}", v.0))
}

/// Every capture-level finding, most telling first.
pub fn findings(e: &Evidence) -> Vec<Finding> {
    let mut out = Vec::new();
    let server = e.greeting.as_ref().map(|g| g.server_version.clone()).unwrap_or_else(|| "the server".into());
    let mariadb = e.greeting.as_ref().is_some_and(|g| g.is_mariadb);

    for err in &e.errors {
        if let Some(f) = err_finding(err, mariadb, e) {
            out.push(f);
        }
    }
    if let Some(g) = &e.greeting {
        if !g.offers_tls {
            out.push(finding(
                RuleId::ServerOffersNoTls,
                format!("{} does not offer TLS", clip(&server, 80)),
                format!(
                    "The greeting's capability flags (0x{:08x}) lack CLIENT_SSL (0x0800): the server has no certificate configured, so no client can start TLS. A client that requires TLS fails with \"SSL is required, but the server does not support it\"; the MariaDB 10.x client with --ssl silently continues in plaintext.",
                    g.capabilities.0
                ),
                None,
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
        out.push(alert_finding(a.from, a.description, e));
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

fn err_finding(err: &ErrFacts, mariadb: bool, e: &Evidence) -> Option<Finding> {
    let quoted = format!(
        "ERR {}{}: \"{}\"",
        err.code,
        err.sqlstate.as_deref().map(|s| format!(" ({s})")).unwrap_or_default(),
        clip(&err.text, 200)
    );
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
        (ErrWhen::AfterTlsStarted, 1043) => finding(
            RuleId::TlsAlert,
            "The TLS handshake failed; the server then answered in plaintext (ERR 1043)".into(),
            format!("After the failed handshake MariaDB wrote {quoted} in clear. It only confirms the failure; the alert (if captured) says why."),
            None,
        ),
        _ => return None,
    })
}

fn alert_finding(from: Direction, d: AlertDescription, e: &Evidence) -> Finding {
    let sender = from.sender();
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
            None,
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
    finding(
        RuleId::TlsAlert,
        format!("The {sender} sent a TLS alert: {name} ({})", d.0),
        format!("The {sender} sent the fatal alert {name}: {why}"),
        None,
    )
}
