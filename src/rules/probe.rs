//! The live probe's one path from runs to report, used by the CLI and the page alike: the
//! main handshake's transcript is decoded like a capture and its served chain goes through the
//! same verdict matrix as a pasted one, so everything a transcript shows is found there, once.
//! What only the other connections can show (the TLS versions accepted, the answer to a
//! plaintext login, why a connection failed) becomes the typed [`ProbeReport`] and a few
//! findings.

use serde::Deserialize;

use crate::decode::pki::pem::to_pem;
use crate::decode::tls::ProtocolVersion;
use crate::report::probe::{tls_error_words, version_name, ProbeReport, VersionAnswer, VersionSupport};
use crate::report::Report;
use crate::source::inputs::Inputs;
use crate::source::probe::machine::{Check, LoginAnswer, OfferKind, Outcome};
use crate::vocab::catalogue::RuleId;
use crate::vocab::{Finding, Transcript};

/// One check's result as run by a transport (CLI or browser). `Deserialize`: the page reads
/// it from the probe worker (which writes it field for field, see `web::worker::probe`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CheckRun {
    pub check: Check,
    /// `Err`: the transport failed (DNS, connect, relay refused …), in words.
    pub outcome: Result<Outcome, String>,
    /// From the greeting, when one came.
    pub server_version: Option<String>,
    /// The bytes both ways (never in a report: a plaintext-login check holds a made-up login).
    pub transcript: Option<Transcript>,
}

/// The report of a live check of `target` (`HOST:PORT`): `inputs` give the CA bundle and the
/// hostnames to judge (the probed `host` when there are none); the served chain and the main
/// handshake's transcript replace any pasted chain and capture.
pub fn report(target: &str, host: &str, runs: &[CheckRun], mut inputs: Inputs, now: i64) -> Report {
    inputs.chain = served_chain_pem(runs);
    inputs.capture = main_run(runs).and_then(|r| r.transcript.clone());
    if inputs.hosts.is_empty() {
        inputs.hosts = vec![host.to_owned()];
    }
    let mut report = super::analyze(&inputs, now);
    let (section, findings) = summarize(target, runs);
    report.attach_probe(section, findings);
    report
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
            Check::Legacy(ProtocolVersion::TLS_1_1),
            Check::Legacy(ProtocolVersion::TLS_1_0),
        ]);
    }
    v
}

fn main_run(runs: &[CheckRun]) -> Option<&CheckRun> {
    runs.iter().find(|r| r.check == Check::Tls(OfferKind::Both))
}

/// The served chain of the main handshake, as PEM (input to the verdict matrix).
fn served_chain_pem(runs: &[CheckRun]) -> String {
    match main_run(runs).map(|r| &r.outcome) {
        Some(Ok(Outcome::Tls { chain, .. } | Outcome::TlsFailed { chain, .. })) => {
            chain.iter().map(|d| to_pem(d)).collect()
        }
        _ => String::new(),
    }
}

/// The version a check isolates, if it isolates one.
fn isolated_version(check: &Check) -> Option<ProtocolVersion> {
    match check {
        Check::Tls(OfferKind::Tls13Only) => Some(ProtocolVersion::TLS_1_3),
        Check::Tls(OfferKind::Tls12Only) => Some(ProtocolVersion::TLS_1_2),
        Check::Legacy(v) => Some(*v),
        Check::Tls(OfferKind::Both) | Check::RequireTls => None,
    }
}

fn version_answer(outcome: &Outcome) -> VersionAnswer {
    match outcome {
        Outcome::Tls { suite, .. } => VersionAnswer::Accepted { suite: Some(*suite) },
        Outcome::Legacy { accepted: true, .. } => VersionAnswer::Accepted { suite: None },
        Outcome::Legacy { alert, .. } => VersionAnswer::Refused { alert: *alert },
        Outcome::TlsFailed { .. } | Outcome::Closed { .. } => VersionAnswer::Refused { alert: None },
        Outcome::NoTls { .. } => VersionAnswer::NoTls,
        Outcome::RefusedBeforeGreeting { .. } | Outcome::Login(_) | Outcome::NotMysql { .. } => VersionAnswer::Unknown,
    }
}

/// The probe's own report section, and the findings no transcript shows. The main run's
/// outcome needs no finding of its own: its transcript is decoded like a capture, whose rules
/// already say "no TLS", "refused before the greeting" and which alert came.
fn summarize(target: &str, runs: &[CheckRun]) -> (ProbeReport, Vec<Finding>) {
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
    let main_refused = matches!(main_run(runs).map(|r| &r.outcome), Some(Ok(Outcome::RefusedBeforeGreeting { .. })));
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
        if let Some(version) = isolated_version(&run.check) {
            let answer = version_answer(outcome);
            let legacy = matches!(run.check, Check::Legacy(_));
            if legacy && matches!(answer, VersionAnswer::Accepted { .. }) {
                let label = version_name(version);
                findings.push(Finding::of(
                    RuleId::OldTlsVersion,
                    format!("The server still accepts {label}"),
                    format!("{label} is deprecated (RFC 8996); MySQL 8.0.28+ clients and servers no longer speak it. Remove it from the server's tls_version."),
                ));
            }
            r.versions.push(VersionSupport { version, answer });
        }
        match (&run.check, outcome) {
            (Check::Tls(OfferKind::Both), Outcome::Tls { version, suite, sni, .. }) => {
                r.tls_version = Some(*version);
                r.cipher_suite = Some(*suite);
                r.sni = sni.clone();
            }
            (Check::Tls(OfferKind::Both), Outcome::TlsFailed { error, .. }) => r.tls_error = Some(tls_error_words(error)),
            // Another connection refused while the main one got through (a host blocked after
            // too many connections, max_connections): its transcript is not decoded, so say it.
            (check, Outcome::RefusedBeforeGreeting { code, message })
                if *check != Check::Tls(OfferKind::Both) && !main_refused && !findings.iter().any(|f: &Finding| f.id == RuleId::RefusedBeforeGreeting) =>
            {
                findings.push(Finding::of(
                    RuleId::RefusedBeforeGreeting,
                    format!("{target} refused a connection before TLS (error {code})"),
                    format!("The server sent ERR {code} \"{}\" instead of its greeting. This is not a TLS problem.", crate::text::clip(message, 200)),
                ))
            }
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
