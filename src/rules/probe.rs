//! From probe outcomes to the report: the chain the server presented goes through the same
//! verdict matrix as a pasted one; what only a live check can know (TLS versions accepted,
//! whether plaintext logins are refused) becomes a [`ProbeReport`] and findings.

use serde::Serialize;

use crate::decode::pki::pem::to_pem;
use crate::report::probe::{ProbeReport, VersionSupport};
use crate::source::probe::machine::{Check, LoginAnswer, OfferKind, Outcome};
use crate::vocab::catalogue::RuleId;
use crate::vocab::Finding;

/// One check's result as run by a transport (CLI or browser).
#[derive(Debug, Clone, Serialize)]
pub struct CheckRun {
    pub check: Check,
    /// `Err`: the transport failed (DNS, connect, relay refused …), in words.
    pub outcome: Result<Outcome, String>,
    /// From the greeting, when one came.
    pub server_version: Option<String>,
    /// The bytes both ways (never serialized: a plaintext-login check holds a made-up login).
    #[serde(skip)]
    pub transcript: Option<crate::vocab::Transcript>,
}

/// The checks a probe runs: the main handshake, and optionally the plaintext-login check and
/// one connection per TLS version.
pub fn plan(require_tls: bool, versions: bool) -> Vec<Check> {
    let mut v = vec![Check::Tls(OfferKind::Both)];
    if require_tls {
        v.push(Check::RequireTls);
    }
    if versions {
        v.extend([
            Check::Tls(OfferKind::Tls13Only),
            Check::Tls(OfferKind::Tls12Only),
            Check::Legacy(0x0302),
            Check::Legacy(0x0301),
        ]);
    }
    v
}

/// The main handshake's transcript: decoded like a capture.
pub fn main_transcript(runs: &[CheckRun]) -> Option<crate::vocab::Transcript> {
    runs.iter().find(|r| r.check == Check::Tls(OfferKind::Both)).and_then(|r| r.transcript.clone())
}

/// The served chain of the main handshake, as PEM (input to the verdict matrix).
pub fn served_chain_pem(runs: &[CheckRun]) -> String {
    runs.iter()
        .find_map(|r| match (&r.check, &r.outcome) {
            (Check::Tls(OfferKind::Both), Ok(Outcome::Tls { chain, .. } | Outcome::TlsFailed { chain, .. })) => {
                Some(chain)
            }
            _ => None,
        })
        .map(|chain| chain.iter().map(|d| to_pem(d)).collect())
        .unwrap_or_default()
}

fn version_label(check: &Check) -> Option<&'static str> {
    match check {
        Check::Tls(OfferKind::Tls13Only) => Some("TLS 1.3"),
        Check::Tls(OfferKind::Tls12Only) => Some("TLS 1.2"),
        Check::Legacy(0x0302) => Some("TLS 1.1"),
        Check::Legacy(0x0301) => Some("TLS 1.0"),
        _ => None,
    }
}

/// The probe's own report section and findings.
pub fn summarize(target: &str, runs: &[CheckRun]) -> (ProbeReport, Vec<Finding>) {
    let mut r = ProbeReport {
        target: target.to_owned(),
        server_version: None,
        tls_version: None,
        cipher_suite: None,
        sni: None,
        tls_error: None,
        plaintext_login: None,
        versions: Vec::new(),
    };
    let mut findings = Vec::new();
    for run in runs {
        if r.server_version.is_none() {
            r.server_version = run.server_version.clone();
        }
        let outcome = match &run.outcome {
            Ok(o) => o,
            Err(e) => {
                if run.check == Check::Tls(OfferKind::Both) {
                    r.tls_error = Some(e.clone());
                }
                continue;
            }
        };
        if let Some(label) = version_label(&run.check) {
            let (accepted, detail) = match outcome {
                Outcome::Tls { suite, .. } => (Some(true), format!("accepted ({suite})")),
                Outcome::Legacy { accepted: true, .. } => (Some(true), "accepted".into()),
                Outcome::Legacy { alert: Some(a), .. } => {
                    (Some(false), format!("refused with alert {}", crate::decode::tls::alert::AlertDescription(*a)))
                }
                Outcome::Legacy { .. } | Outcome::TlsFailed { .. } | Outcome::Closed { .. } => {
                    (Some(false), "refused".into())
                }
                Outcome::NoTls { .. } => (None, "the server offers no TLS".into()),
                _ => (None, "not determined".into()),
            };
            if accepted == Some(true) && matches!(run.check, Check::Legacy(_)) {
                findings.push(Finding::of(
                    RuleId::OldTlsVersion,
                    format!("The server still accepts {label}"),
                    format!("{label} is deprecated (RFC 8996); MySQL 8.0.28+ clients and servers no longer speak it. Remove it from the server's tls_version."),
                ));
            }
            r.versions.push(VersionSupport { version: label, accepted, detail });
            continue;
        }
        match (&run.check, outcome) {
            (Check::Tls(OfferKind::Both), Outcome::Tls { version, suite, sni, .. }) => {
                r.tls_version = Some(version.clone());
                r.cipher_suite = Some(suite.clone());
                r.sni = sni.clone();
            }
            (Check::Tls(OfferKind::Both), Outcome::TlsFailed { error, .. }) => r.tls_error = Some(error.clone()),
            (Check::Tls(OfferKind::Both), Outcome::NoTls { server_version }) => findings.push(Finding::of(
                RuleId::ServerOffersNoTls,
                format!("{target} does not offer TLS"),
                format!("The server ({server_version}) greets without the CLIENT_SSL capability: it has no certificate configured. Clients that require TLS fail with \"SSL is required, but the server does not support it\"; MariaDB ≤ 11.3's --ssl silently continues in plaintext."),
            )),
            (_, Outcome::RefusedBeforeGreeting { code, message }) => findings.push(Finding::of(
                RuleId::RefusedBeforeGreeting,
                format!("{target} refused the connection before TLS (error {code})"),
                format!("The server sent ERR {code} \"{}\" instead of its greeting. This is not a TLS problem.", crate::text::clip(message, 200)),
            )),
            (Check::RequireTls, Outcome::Login(answer)) => {
                r.plaintext_login = Some(plaintext_meaning(answer, r.server_version.as_deref().is_some_and(|v| v.contains("MariaDB"))));
            }
            _ => {}
        }
    }
    (r, findings)
}

/// What the answer to the made-up plaintext login says about the server.
fn plaintext_meaning(answer: &LoginAnswer, mariadb: bool) -> String {
    match answer {
        LoginAnswer::Err { code: 3159, .. } => "refused: the server requires TLS (require_secure_transport=ON, ERR 3159)".into(),
        LoginAnswer::Err { code: 1045, .. } if mariadb => "answered ERR 1045: MariaDB gives this both when require_secure_transport=ON and for an unknown user, so a plaintext check cannot tell; run SHOW GLOBAL VARIABLES LIKE 'require_secure_transport' on the server".into(),
        LoginAnswer::Err { code: 1045, .. } => "answered ERR 1045 for the made-up user: the server let the plaintext login proceed to authentication, so it does not require TLS (require_secure_transport=OFF); accounts may still REQUIRE SSL".into(),
        LoginAnswer::Err { code, message, .. } => format!("answered ERR {code}: {}", crate::text::clip(message, 200)),
        LoginAnswer::AuthSwitch { plugin } => format!(
            "asked to switch authentication to {}: the server was ready to authenticate in plaintext, so it does not require TLS",
            plugin.as_deref().unwrap_or("another method")
        ),
        LoginAnswer::Ok => "accepted the made-up user without a password (!): the server does not require TLS, and that account should not exist".into(),
        LoginAnswer::Other { first_byte } => format!("answered with an unexpected packet (0x{first_byte:02x})"),
    }
}
