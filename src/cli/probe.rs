//! `mysql-tls-doctor probe`: the live check over native TCP.

use std::time::Duration;

use super::tcp as run_tcp;
use crate::report::Report;
use crate::rules::probe::{self as summary, CheckRun};
use crate::source::inputs::Inputs;
use crate::source::probe::machine::{Check, Probe};

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

fn random() -> [u8; 32] {
    let mut r = [0u8; 32];
    let _ = ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut r);
    r
}

/// Runs `checks` (`rules::probe::plan`) against `target` and builds the report.
pub fn probe(
    target: &str,
    ca_bundle: String,
    ca_label: Option<String>,
    names: Vec<String>,
    checks: Vec<Check>,
    client_versions: &crate::rules::versions::ClientVersions,
    now: i64,
) -> Report {
    let (host, port) = split_target(target);
    let addr = if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") };
    let server_name = names.first().cloned().unwrap_or_else(|| host.clone());
    let runs: Vec<CheckRun> = checks
        .into_iter()
        .map(|check| match run_tcp::run(&addr, &server_name, check, random(), Duration::from_secs(15)) {
            Ok(p) => run_of(check, &p),
            Err(e) => CheckRun { check, outcome: Err(e), server_version: None, transcript: None },
        })
        .collect();
    let inputs = Inputs { ca_bundle, ca_label, hosts: names, ..Inputs::default() };
    summary::report_with(&addr, &host, &runs, inputs, client_versions, now)
}

fn run_of(check: Check, p: &Probe) -> CheckRun {
    CheckRun {
        check,
        outcome: p.outcome().cloned().ok_or_else(|| "no outcome".to_owned()),
        server_version: p.server_version().map(str::to_owned),
        transcript: Some(p.transcript().clone()),
    }
}
