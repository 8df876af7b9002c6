//! The live check's part of the state: the form, each check's progress, and the finished
//! result, which the analysis merges into the report exactly as the CLI's `probe` does.
//! Plain Rust (no browser), so it is unit-tested natively; the WebSocket side effects are in
//! `web::browser::relay_client` (in the probe worker) and arrive here as [`LiveAction`]s.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::decode::tls::ProtocolVersion;
use crate::report::probe::{suite_name, tls_error_words, version_name};
use crate::report::Report;
use crate::rules::probe::{self as summary, CheckRun};
use crate::source::inputs::Inputs;
use crate::source::probe::machine::{Check, LoginAnswer, OfferKind, Outcome, Stage};
use crate::web::relay_proto::{self, RelayUrls};

/// A step of one check, in the order they happen (sent by the probe worker).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// Opening the WebSocket to the relay.
    Connecting,
    /// The relay dialled this address (its `connected` message).
    Dialled(String),
    /// The server's greeting arrived.
    Greeting(String),
    /// The SSLRequest went out, then a ClientHello: the TLS handshake is running.
    SslRequest,
    /// A plaintext login for a made-up user went out.
    PlaintextLogin,
    /// The check ended: its result in words, and whether it is a failure to show as such.
    Done { words: String, ok: bool },
}

/// One check's progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckProgress {
    pub check: Check,
    pub steps: Vec<Step>,
}

/// A finished live check: what [`summary`] needs to build the report.
#[derive(Debug)]
pub struct LiveResult {
    /// `HOST:PORT` as probed.
    pub target: String,
    /// The host as typed: the hostname to check when the page has none.
    pub host: String,
    pub runs: Vec<CheckRun>,
    pub elapsed_ms: u32,
}

impl LiveResult {
    /// The report for `inputs` with this check merged in: [`summary::report`], as the CLI's
    /// `probe` builds it.
    pub fn report(&self, inputs: Inputs, now: i64) -> Report {
        summary::report(&self.target, &self.host, &self.runs, inputs, now)
    }
}

/// What to probe, the probe worker's one message: the page validated the form already. The
/// worker plans the checks with [`summary::plan`], as the page does for its progress rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    pub urls: RelayUrls,
    pub server_name: String,
    pub require_tls: bool,
    pub versions: bool,
}

impl Job {
    pub fn checks(&self) -> Vec<Check> {
        summary::plan(self.require_tls, self.versions)
    }
}

/// What a Probe click runs: the worker's job, and the host as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeRequest {
    pub job: Job,
    pub host: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Live {
    /// Empty until the panel fills in the page's origin.
    pub relay: String,
    pub host: String,
    pub port: String,
    pub require_tls: bool,
    pub versions: bool,
    /// Bumped by each Probe click; progress of an older run is ignored.
    pub run: u64,
    pub running: bool,
    /// Why the form cannot be probed (shown by the button).
    pub error: Option<String>,
    pub progress: Vec<CheckProgress>,
    pub result: Option<ResultRef>,
}

/// A shared result, equal when it is the same one (the state is compared on every change).
#[derive(Debug, Clone)]
pub struct ResultRef(pub Rc<LiveResult>);

impl PartialEq for ResultRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Debug, Clone)]
pub enum LiveAction {
    SetRelay(String),
    SetHost(String),
    SetPort(String),
    SetRequireTls(bool),
    SetVersions(bool),
    /// The form could not be turned into a probe.
    Invalid(String),
    /// A Probe click: one progress row per check.
    Start {
        run: u64,
        checks: Vec<Check>,
    },
    Step {
        run: u64,
        index: usize,
        step: Step,
    },
    Finished {
        run: u64,
        result: Rc<LiveResult>,
    },
    /// Back to the pasted inputs.
    Clear,
}

impl Live {
    pub fn new() -> Live {
        Live { port: "3306".into(), ..Live::default() }
    }

    /// The probe the form asks for. `hosts`: the page's hostnames (the first is the SNI).
    pub fn request(&self, hosts: &[String]) -> Result<ProbeRequest, String> {
        let port = relay_proto::port(&self.port)?;
        let urls = relay_proto::urls(&self.relay, &self.host, port)?;
        let host = self.host.trim().trim_start_matches('[').trim_end_matches(']').to_owned();
        // Sent as SNI: the first hostname of the page, else the host.
        let server_name = hosts.first().cloned().unwrap_or_else(|| host.clone());
        Ok(ProbeRequest {
            job: Job { urls, server_name, require_tls: self.require_tls, versions: self.versions },
            host,
        })
    }

    /// Applies `action`; true when the report must be recomputed.
    pub fn reduce(&mut self, action: LiveAction) -> bool {
        match action {
            LiveAction::SetRelay(v) => self.relay = v,
            LiveAction::SetHost(v) => self.host = v,
            LiveAction::SetPort(v) => self.port = v,
            LiveAction::SetRequireTls(v) => self.require_tls = v,
            LiveAction::SetVersions(v) => self.versions = v,
            LiveAction::Invalid(e) => self.error = Some(e),
            // The previous result stays until this run's replaces it: no flash of the
            // pasted-inputs report in between (its section names the target it is about).
            LiveAction::Start { run, checks } => {
                self.run = run;
                self.running = true;
                self.error = None;
                self.progress = checks.into_iter().map(|check| CheckProgress { check, steps: Vec::new() }).collect();
            }
            LiveAction::Step { run, index, step } if run == self.run => {
                if let Some(p) = self.progress.get_mut(index) {
                    p.steps.push(step);
                }
            }
            LiveAction::Step { .. } => {}
            LiveAction::Finished { run, result } if run == self.run => {
                self.running = false;
                self.result = Some(ResultRef(result));
                return true;
            }
            LiveAction::Finished { .. } => {}
            LiveAction::Clear => {
                self.progress.clear();
                self.error = None;
                return self.result.take().is_some();
            }
        }
        false
    }
}

/// What a check is, for its progress row.
pub fn check_label(check: &Check) -> &'static str {
    match check {
        Check::Tls(OfferKind::Both) => "TLS handshake (1.3 or 1.2)",
        Check::Tls(OfferKind::Tls13Only) => "TLS 1.3 only",
        Check::Tls(OfferKind::Tls12Only) => "TLS 1.2 only",
        Check::RequireTls => "Does the server require TLS?",
        Check::Legacy(ProtocolVersion::TLS_1_1) => "TLS 1.1",
        Check::Legacy(ProtocolVersion::TLS_1_0) => "TLS 1.0",
        Check::Legacy(_) => "old TLS version",
    }
}

/// How a check ended, in words; `ok` is false for a failure the user should look at.
pub fn done_step(outcome: &Result<Outcome, String>) -> Step {
    let (words, ok) = match outcome {
        Err(e) => (e.clone(), false),
        Ok(Outcome::Tls { version, suite, .. }) => {
            (format!("{} handshake completed ({})", version_name(*version), suite_name(*suite)), true)
        }
        Ok(Outcome::TlsFailed { error, .. }) => (format!("TLS handshake failed: {}", tls_error_words(error)), false),
        Ok(Outcome::NoTls { .. }) => ("the server offers no TLS (no CLIENT_SSL in its greeting)".into(), false),
        Ok(Outcome::RefusedBeforeGreeting { code, message }) => {
            (format!("the server refused with ERR {code}: {}", crate::text::clip(message, 120)), false)
        }
        Ok(Outcome::Login(LoginAnswer::Err { code, .. })) => (format!("the server answered ERR {code}"), true),
        Ok(Outcome::Login(LoginAnswer::AuthSwitch { .. })) => {
            ("the server asked to switch authentication: plaintext logins proceed".into(), true)
        }
        Ok(Outcome::Login(LoginAnswer::Ok)) => ("the server accepted the made-up user (!)".into(), false),
        Ok(Outcome::Login(LoginAnswer::Other { first_byte })) => {
            (format!("unexpected answer (0x{first_byte:02x})"), true)
        }
        Ok(Outcome::Legacy { accepted: true, .. }) => ("accepted".into(), true),
        Ok(Outcome::Legacy { alert: Some(a), .. }) => (format!("refused (alert {a})"), true),
        Ok(Outcome::Legacy { .. }) => ("refused".into(), true),
        Ok(Outcome::Closed { stage }) => (format!("the server closed the connection ({})", stage_words(*stage)), false),
        Ok(Outcome::NotMysql { detail }) => (format!("not a MySQL server: {}", crate::text::clip(detail, 120)), false),
    };
    Step::Done { words, ok }
}

fn stage_words(stage: Stage) -> &'static str {
    match stage {
        Stage::AwaitGreeting => "before its greeting",
        Stage::TlsHandshake => "during the TLS handshake",
        Stage::LoginSent => "after the plaintext login",
        Stage::LegacySent => "after the old-version ClientHello",
        Stage::Done => "after the check",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(runs: Vec<CheckRun>) -> Rc<LiveResult> {
        Rc::new(LiveResult { target: "127.0.0.1:3306".into(), host: "127.0.0.1".into(), runs, elapsed_ms: 5 })
    }

    #[test]
    fn a_probe_runs_the_planned_checks_with_the_first_hostname_as_sni() {
        let mut live = Live::new();
        for a in [
            LiveAction::SetRelay("http://127.0.0.1:8080".into()),
            LiveAction::SetHost("10.1.2.3".into()),
            LiveAction::SetVersions(true),
        ] {
            live.reduce(a);
        }
        let req = live.request(&["db.example".into()]).expect("a request");
        assert_eq!(req.job.server_name, "db.example");
        assert_eq!(req.job.urls.target, "10.1.2.3:3306");
        assert_eq!(req.job.checks(), summary::plan(false, true));
        assert_eq!(live.request(&[]).map(|r| r.job.server_name), Ok("10.1.2.3".into()));
        live.reduce(LiveAction::SetPort("x".into()));
        assert!(live.request(&[]).is_err());
    }

    #[test]
    fn keeps_progress_of_the_current_run_only_and_recomputes_on_results() {
        let mut live = Live::new();
        assert!(!live.reduce(LiveAction::Start { run: 1, checks: summary::plan(true, false) }));
        live.reduce(LiveAction::Step { run: 1, index: 1, step: Step::Connecting });
        live.reduce(LiveAction::Step { run: 0, index: 0, step: Step::Connecting });
        assert_eq!(live.progress.iter().map(|p| p.steps.len()).collect::<Vec<_>>(), [0, 1]);
        assert!(!live.reduce(LiveAction::Finished { run: 0, result: result(Vec::new()) }));
        assert!(live.running);
        assert!(live.reduce(LiveAction::Finished { run: 1, result: result(Vec::new()) }));
        assert!(!live.running && live.result.is_some());
        assert!(!live.reduce(LiveAction::Start { run: 2, checks: Vec::new() }), "the old result stays until replaced");
        assert!(live.reduce(LiveAction::Clear));
        assert!(!live.reduce(LiveAction::Clear));
    }

    #[test]
    fn merges_a_probe_into_the_report_like_the_cli() {
        let refused = CheckRun {
            check: Check::Tls(OfferKind::Both),
            outcome: Err("the relay refused this target: x".into()),
            server_version: None,
            transcript: None,
        };
        let report = result(vec![refused.clone()]).report(Inputs::default(), 0);
        let cli = summary::report("127.0.0.1:3306", "127.0.0.1", &[refused], Inputs::default(), 0);
        assert_eq!(
            serde_json::to_value(&report).ok(),
            serde_json::to_value(&cli).ok(),
            "the page's report is the CLI's"
        );
        assert_eq!(report.inputs.hosts, ["127.0.0.1"]);
        assert_eq!(report.overall.status, crate::report::Status::Incomplete);
        assert_eq!(
            report.overall.headline,
            "The live check of 127.0.0.1:3306 did not complete: the relay refused this target: x"
        );
    }

    #[test]
    fn says_how_each_check_ended() {
        let done = |o| match done_step(&o) {
            Step::Done { words, ok } => (words, ok),
            other => panic!("{other:?}"),
        };
        assert_eq!(done(Err("the relay refused".into())), ("the relay refused".into(), false));
        assert_eq!(
            done(Ok(Outcome::Closed { stage: Stage::AwaitGreeting })).0,
            "the server closed the connection (before its greeting)"
        );
        assert_eq!(
            done(Ok(Outcome::Tls {
                version: ProtocolVersion::TLS_1_3,
                suite: crate::decode::tls::CipherSuite::TLS_AES_256_GCM_SHA384,
                chain: Vec::new(),
                sni: None
            })),
            ("TLS 1.3 handshake completed (TLS_AES_256_GCM_SHA384)".into(), true)
        );
        assert_eq!(
            done(Ok(Outcome::Legacy {
                version: ProtocolVersion::TLS_1_0,
                accepted: false,
                alert: Some(crate::decode::tls::AlertDescription::PROTOCOL_VERSION)
            })),
            ("refused (alert protocol_version (70))".into(), true)
        );
    }
}
