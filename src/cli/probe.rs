//! `mysql-tls-doctor probe`: the live check over native TCP. `fleet` runs the same
//! [`run_checks`] and [`summary::report`] per target; it only schedules them.

use std::time::{Duration, Instant};

use super::tcp::{self as run_tcp, TransportError};
use crate::report::Report;
use crate::rules::probe::{self as summary, CheckRun};
use crate::source::inputs::Inputs;
use crate::source::probe::machine::{Check, OfferKind, Probe};

/// Splits `HOST[:PORT]` (IPv6 as `[::1]:3306`); the port defaults to 3306.
pub fn split_target(target: &str) -> (String, u16) {
    if let Some(rest) = target.strip_prefix('[') {
        if let Some((host, tail)) = rest.split_once(']') {
            let port = tail.strip_prefix(':').and_then(|p| p.parse().ok()).unwrap_or(3306);
            return (host.to_owned(), port);
        }
    }
    match target.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') => (h.to_owned(), p.parse().unwrap_or(3306)),
        _ => (target.to_owned(), 3306),
    }
}

/// Where a probe connects and which name it judges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// `HOST:PORT` (`[v6]:PORT`) to connect to.
    pub addr: String,
    pub host: String,
    /// SNI and the first name judged: the first `--host`, else the target's host.
    pub server_name: String,
}

impl Endpoint {
    pub fn new(target: &str, names: &[String]) -> Endpoint {
        let (host, port) = split_target(target);
        let addr = if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") };
        let server_name = names.first().cloned().unwrap_or_else(|| host.clone());
        Endpoint { addr, host, server_name }
    }
}

/// How long and how much one target may take.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// All of a target's checks end by then.
    pub deadline: Instant,
    pub max_bytes: usize,
    /// Extra attempts of a connection whose failure is [`TransportError::retryable`].
    pub retries: u32,
}

fn random() -> [u8; 32] {
    let mut r = [0u8; 32];
    let _ = ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut r);
    r
}

/// Runs `checks` one after the other against `ep` within `budget`; `before_connect` runs
/// before every connection (the fleet's rate limit).
pub fn run_checks(
    ep: &Endpoint,
    checks: &[Check],
    budget: Budget,
    before_connect: &dyn Fn(),
) -> Vec<(Check, Result<Probe, TransportError>)> {
    checks
        .iter()
        .map(|&check| {
            let mut attempt = 0;
            loop {
                before_connect();
                let r =
                    run_tcp::run_until(&ep.addr, &ep.server_name, check, random(), budget.deadline, budget.max_bytes);
                match r {
                    Err(e) if e.retryable && attempt < budget.retries && Instant::now() < budget.deadline => {
                        attempt += 1;
                        std::thread::sleep(Duration::from_millis(50 * u64::from(attempt)));
                    }
                    r => break (check, r),
                }
            }
        })
        .collect()
}

/// The transport failure of the main handshake, if it had one: then there is nothing to judge.
pub fn main_failure(runs: &[(Check, Result<Probe, TransportError>)]) -> Option<&TransportError> {
    runs.iter().find(|(c, _)| *c == Check::Tls(OfferKind::Both)).and_then(|(_, r)| r.as_ref().err())
}

/// The report of `runs` against `ep` (the one path for `probe` and `fleet`).
pub fn report_of(
    ep: &Endpoint,
    runs: &[(Check, Result<Probe, TransportError>)],
    inputs: Inputs,
    client_versions: &crate::rules::versions::ClientVersions,
    now: i64,
) -> Report {
    let runs: Vec<CheckRun> = runs
        .iter()
        .map(|(check, r)| match r {
            Ok(p) => run_of(*check, p),
            Err(e) => {
                CheckRun { check: *check, outcome: Err(e.message.clone()), server_version: None, transcript: None }
            }
        })
        .collect();
    summary::report_with(&ep.addr, &ep.host, &runs, inputs, client_versions, now)
}

/// Runs the planned checks against `target` and builds the report.
/// `inputs` holds the CA bundle, the names to check (default: the target's host) and the
/// horizon.
pub fn probe(
    target: &str,
    inputs: Inputs,
    checks: Vec<Check>,
    client_versions: &crate::rules::versions::ClientVersions,
    now: i64,
) -> Report {
    let ep = Endpoint::new(target, &inputs.hosts);
    // 15 s per connection, as one budget for all of them.
    let budget = Budget {
        deadline: Instant::now() + Duration::from_secs(15) * checks.len() as u32,
        max_bytes: run_tcp::MAX_SERVER_BYTES,
        retries: 1,
    };
    let runs = run_checks(&ep, &checks, budget, &|| {});
    report_of(&ep, &runs, inputs, client_versions, now)
}

fn run_of(check: Check, p: &Probe) -> CheckRun {
    CheckRun {
        check,
        outcome: p.outcome().cloned().ok_or_else(|| "no outcome".to_owned()),
        server_version: p.server_version().map(str::to_owned),
        transcript: Some(p.transcript().clone()),
    }
}
