//! The live probe's one path from runs to report, used by the CLI and the page alike: the
//! main handshake's transcript is decoded like a capture and its served chain goes through the
//! same verdict matrix as a pasted one, so everything a transcript shows is found there, once.
//! What only the other connections can show (the TLS versions accepted, the answer to a
//! plaintext login, why a connection failed) becomes the typed [`ProbeReport`] and a few
//! findings.

use serde::Deserialize;

use crate::decode::pki::pem::to_pem;
use crate::decode::tls::ProtocolVersion;
use crate::report::probe::{suite_name, tls_error_words, version_name, ProbeReport, VersionAnswer, VersionSupport};
use crate::report::Report;
use crate::source::inputs::Inputs;
use crate::source::probe::machine::{Check, LoginAnswer, OfferKind, Outcome, TlsError};
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
pub fn report(target: &str, host: &str, runs: &[CheckRun], inputs: Inputs, now: i64) -> Report {
    report_with(target, host, runs, inputs, &super::versions::ClientVersions::default(), now)
}

/// [`report`] with the client versions the person runs (`probe --client-version`).
pub fn report_with(
    target: &str,
    host: &str,
    runs: &[CheckRun],
    mut inputs: Inputs,
    versions: &super::versions::ClientVersions,
    now: i64,
) -> Report {
    inputs.chain = served_chain_pem(runs);
    inputs.capture = main_run(runs).and_then(|r| r.transcript.clone());
    if inputs.hosts.is_empty() {
        inputs.hosts = vec![host.to_owned()];
    }
    let bundle = super::analyze::ReadBundle::of(&inputs.ca_bundle);
    let mut report = super::analyze::unfinished(&inputs, &bundle, versions, now);
    let (section, findings) = summarize(target, runs);
    report.attach_probe(section, findings);
    // After the probe's own findings: they decide the error's causes too.
    super::analyze::finish(&mut report, &inputs.error_message);
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
        Outcome::TlsFailed { error: TlsError::Alert(a), .. } => VersionAnswer::Refused { alert: Some(*a) },
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
            r.versions.push(VersionSupport::of(version, &answer));
        }
        match (&run.check, outcome) {
            (Check::Tls(OfferKind::Both), Outcome::Tls { version, suite, sni, .. }) => {
                r.tls_version = Some(version_name(*version));
                r.cipher_suite = Some(suite_name(*suite));
                r.sni = sni.clone();
            }
            (Check::Tls(OfferKind::Both), Outcome::TlsFailed { error, .. }) => {
                r.tls_error = Some(tls_error_words(error))
            }
            // Another connection refused while the main one got through (a host blocked after
            // too many connections, max_connections): its transcript is not decoded, so say it.
            (check, Outcome::RefusedBeforeGreeting { code, message })
                if *check != Check::Tls(OfferKind::Both)
                    && !main_refused
                    && !findings.iter().any(|f: &Finding| f.id == RuleId::RefusedBeforeGreeting) =>
            {
                findings.push(Finding::of(
                    RuleId::RefusedBeforeGreeting,
                    format!("{target} refused a connection before TLS (error {code})"),
                    format!(
                        "The server sent ERR {code} \"{}\" instead of its greeting. This is not a TLS problem.",
                        crate::text::clip(message, 200)
                    ),
                ))
            }
            (Check::RequireTls, Outcome::Login(answer)) => {
                r.plaintext_login =
                    Some(plaintext_meaning(answer, r.server_version.as_deref().is_some_and(|v| v.contains("MariaDB"))));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::tls::CipherSuite;
    use crate::source::probe::machine::Probe;

    /// A MySQL 8.0 greeting; `tls`: with CLIENT_SSL (0x0800 in the low capability flags).
    fn greeting(tls: bool) -> Vec<u8> {
        let mut g = std::fs::read("tests/fixtures/capture/synthetic_greeting.bin").expect("fixture");
        if !tls {
            g[0x1a] &= !0x08;
        }
        g
    }

    /// The main check run by the probe against `server` bytes.
    fn main_run(server: &[u8]) -> CheckRun {
        let mut p = Probe::new(Check::Tls(OfferKind::Both), "db.example", [0; 32]);
        p.on_data(server);
        p.on_close();
        CheckRun {
            check: Check::Tls(OfferKind::Both),
            outcome: p.outcome().cloned().ok_or_else(|| "no outcome".to_owned()),
            server_version: p.server_version().map(str::to_owned),
            transcript: Some(p.transcript().clone()),
        }
    }

    fn run(check: Check, outcome: Outcome) -> CheckRun {
        CheckRun { check, outcome: Ok(outcome), server_version: None, transcript: None }
    }

    /// The main handshake completed with TLS 1.3 (no chain recorded).
    fn tls13_ok() -> CheckRun {
        run(
            Check::Tls(OfferKind::Both),
            Outcome::Tls {
                version: ProtocolVersion::TLS_1_3,
                suite: CipherSuite::TLS_AES_128_GCM_SHA256,
                chain: Vec::new(),
                sni: Some("db".into()),
            },
        )
    }

    fn ids(r: &Report) -> Vec<RuleId> {
        r.findings.iter().map(|f| f.id).collect()
    }

    /// (rule, status, decided by) of each of the error's candidates.
    fn candidates(r: &Report) -> Vec<(RuleId, crate::report::error_match::MatchStatus, Option<String>)> {
        let e = r.error.as_ref().expect("the error explained");
        e.candidates.iter().map(|c| (c.rule, c.status(), c.decided_by.clone())).collect()
    }

    #[test]
    fn what_only_the_live_check_finds_decides_the_errors_causes() {
        use crate::report::error_match::MatchStatus::Confirmed;
        // The server offers no TLS: the probed connection shows it.
        let inputs = |error: &str| Inputs { error_message: error.into(), ..Inputs::default() };
        let no_tls = "ERROR 2026 (HY000): SSL connection error: SSL is required but the server doesn't support it";
        let r = report("db:3306", "db", &[main_run(&greeting(false))], inputs(no_tls), 0);
        assert_eq!(
            candidates(&r),
            [(RuleId::ServerOffersNoTls, Confirmed, Some("8.0.36 does not offer TLS".to_owned()))]
        );
        assert_eq!(ids(&r), [RuleId::ServerOffersNoTls, RuleId::NoCaBundle, RuleId::ErrorExplained]);
        // A later connection refused (only the probe's own runs show it) explains a 1130.
        let ok = tls13_ok();
        let refused =
            run(Check::RequireTls, Outcome::RefusedBeforeGreeting { code: 1130, message: "not allowed".into() });
        let not_allowed = "ERROR 1130 (HY000): Host '10.0.0.9' is not allowed to connect to this MySQL server";
        let r = report("db:3306", "db", &[ok, refused], inputs(not_allowed), 0);
        assert_eq!(
            candidates(&r),
            [(
                RuleId::RefusedBeforeGreeting,
                Confirmed,
                Some("db:3306 refused a connection before TLS (error 1130)".to_owned())
            )]
        );
    }

    #[test]
    fn a_server_without_tls_is_said_once() {
        let main = main_run(&greeting(false));
        assert_eq!(main.outcome, Ok(Outcome::NoTls { server_version: "8.0.36".into() }));
        let legacy = run(Check::Legacy(ProtocolVersion::TLS_1_0), Outcome::NoTls { server_version: "8.0.36".into() });
        let r = report("db:3306", "db", &[main, legacy], Inputs::default(), 0);
        assert_eq!(ids(&r), [RuleId::ServerOffersNoTls, RuleId::NoCaBundle]);
        let section = r.probe.expect("a section");
        assert_eq!(section.versions, [VersionSupport::of(ProtocolVersion::TLS_1_0, &VersionAnswer::NoTls)]);
        assert_eq!((section.tls_version, section.server_version.as_deref()), (None, Some("8.0.36")));
    }

    #[test]
    fn a_refusal_is_said_once_and_a_refusal_the_transcript_misses_is_said() {
        // ERR 1130 instead of the greeting, on the main connection: the transcript says it.
        let mut err = vec![0xff, 0x6a, 0x04];
        err.extend_from_slice(b"Host '10.0.0.9' is not allowed to connect to this MySQL server");
        let mut packet = vec![err.len() as u8, 0, 0, 0];
        packet.extend_from_slice(&err);
        let refused = Outcome::RefusedBeforeGreeting { code: 1130, message: "not allowed".into() };
        let main = main_run(&packet);
        assert_eq!(
            main.outcome.as_ref().map(|o| matches!(o, Outcome::RefusedBeforeGreeting { code: 1130, .. })),
            Ok(true)
        );
        let again = run(Check::RequireTls, refused.clone());
        let r = report("db:3306", "db", &[main, again.clone()], Inputs::default(), 0);
        assert_eq!(ids(&r), [RuleId::RefusedBeforeGreeting, RuleId::NoCaBundle]);
        // The main handshake got through, a later connection was refused: only the probe knows.
        let ok = tls13_ok();
        let r = report("db:3306", "db", &[ok, again.clone(), again], Inputs::default(), 0);
        let refusals: Vec<&str> =
            r.findings.iter().filter(|f| f.id == RuleId::RefusedBeforeGreeting).map(|f| f.title.as_str()).collect();
        assert_eq!(refusals, ["db:3306 refused a connection before TLS (error 1130)"]);
        let section = r.probe.expect("a section");
        assert_eq!(
            (section.tls_version.as_deref(), section.cipher_suite.as_deref(), section.sni.as_deref()),
            (Some("TLS 1.3"), Some("TLS_AES_128_GCM_SHA256"), Some("db"))
        );
    }

    #[test]
    fn an_old_version_accepted_is_a_finding_with_its_name() {
        let accepted = |v| run(Check::Legacy(v), Outcome::Legacy { version: v, accepted: true, alert: None });
        let runs = [accepted(ProtocolVersion::TLS_1_1), accepted(ProtocolVersion::TLS_1_0)];
        let (section, findings) = summarize("db:3306", &runs);
        let titles: Vec<(RuleId, &str)> = findings.iter().map(|f| (f.id, f.title.as_str())).collect();
        assert_eq!(
            titles,
            [
                (RuleId::OldTlsVersion, "The server still accepts TLS 1.1"),
                (RuleId::OldTlsVersion, "The server still accepts TLS 1.0")
            ]
        );
        assert_eq!(section.versions.iter().map(|v| v.accepted).collect::<Vec<_>>(), [Some(true), Some(true)]);
    }

    #[test]
    fn a_failed_handshake_is_explained_in_the_section() {
        let failed = run(
            Check::Tls(OfferKind::Both),
            Outcome::TlsFailed {
                error: crate::source::probe::machine::TlsError::Alert(
                    crate::decode::tls::AlertDescription::HANDSHAKE_FAILURE,
                ),
                chain: Vec::new(),
            },
        );
        let (section, findings) = summarize("db:3306", &[failed]);
        assert_eq!(section.tls_error.as_deref(), Some("the server sent the alert handshake_failure (40)"));
        assert!(findings.is_empty(), "{findings:?}");
    }
}
