//! What happened in each TCP connection of a capture, inferred from what its bytes prove: the
//! one function the CLI, the capture worker and the page use ([`outcomes`]), and the capture's
//! report ([`capture_report`]: the selected connection analysed, the outcomes of all).
//!
//! What the bytes prove, in order: no payload and the SYN answered by RST — nothing listens;
//! an ERR first — refused before the greeting; a greeting and then a close — one side gave up
//! before login (a client that requires TLS meeting a server without it); a login in clear;
//! TLS: an alert names who failed; a client that sends its Finished and then closes without
//! application data has rejected the server's identity after the handshake (OpenSSL checks
//! the hostname after the handshake and sends no alert); application data from the client
//! proves it accepted the certificate.

use super::capture;
use std::net::SocketAddr;

#[cfg(not(target_arch = "wasm32"))]
mod streamed;
#[cfg(not(target_arch = "wasm32"))]
pub use streamed::{Judge, Judged};

use crate::decode::conversation::{self, Options};
use crate::decode::tls::AlertDescription;
use crate::evidence::{ErrWhen, Evidence};
use crate::report::connections::{most_telling, ConnectionOutcome, Outcome, Side};
use crate::report::{Overall, Report, Status};
use crate::source::capture::{Connection, Decoded};
use crate::source::inputs::Inputs;
use crate::vocab::catalogue::RuleId;
use crate::vocab::{Direction, Finding, Transcript};

fn side(d: Direction) -> Side {
    match d {
        Direction::ClientToServer => Side::Client,
        Direction::ServerToClient => Side::Server,
    }
}

/// Every connection's outcome, in capture order (nothing for a one-direction byte paste).
/// `now` dates the visible certificates (an expired one behind certificate_expired is the
/// cause); without it that alert stays the cause.
pub fn outcomes(decoded: &Decoded, now: Option<i64>) -> Vec<ConnectionOutcome> {
    match decoded {
        Decoded::Connections { connections, .. } => judge_all(&connections.iter().collect::<Vec<_>>(), now),
        Decoded::Bytes { .. } => Vec::new(),
    }
}

/// Below this many connections per thread, one thread judges them all.
#[cfg(not(target_arch = "wasm32"))]
const PER_THREAD: usize = 1000;

/// Each connection is judged on its own: natively a large capture is split across the cores
/// (judging was half of `decode` on 10,000 sessions), in order. The page's capture worker is
/// one thread and judges them in turn.
#[cfg(not(target_arch = "wasm32"))]
fn judge_all(connections: &[&Connection], now: Option<i64>) -> Vec<ConnectionOutcome> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let threads = cores.min(connections.len() / PER_THREAD).max(1);
    let mut chunks = connections.chunks(connections.len().div_ceil(threads).max(1));
    let Some(first) = chunks.next() else { return Vec::new() };
    std::thread::scope(|s| {
        let judge = move |part: &[&Connection]| part.iter().map(|c| outcome_of(c, now)).collect::<Vec<_>>();
        let others: Vec<_> = chunks.map(|part| s.spawn(move || judge(part))).collect();
        let mut out = Vec::with_capacity(connections.len());
        out.extend(first.iter().map(|c| outcome_of(c, now)));
        for h in others {
            match h.join() {
                Ok(part) => out.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

#[cfg(target_arch = "wasm32")]
fn judge_all(connections: &[&Connection], now: Option<i64>) -> Vec<ConnectionOutcome> {
    connections.iter().map(|c| outcome_of(c, now)).collect()
}

/// One connection's outcome: its conversation decoded (without field trees) and judged.
pub fn outcome_of(c: &Connection, now: Option<i64>) -> ConnectionOutcome {
    let e = evidence_of(&c.transcript);
    outcome(c, &e, now)
}

fn evidence_of(t: &Transcript) -> Evidence {
    let conv = conversation::decode_with(t, Options { field_trees: false });
    crate::evidence::evidence(&conv, t)
}

/// The outcome of connection `c` whose facts are `e`.
pub fn outcome(c: &Connection, e: &Evidence, now: Option<i64>) -> ConnectionOutcome {
    let (outcome, failed_by, step, proven) = judge(c, e);
    let cause = match outcome {
        Outcome::TlsEstablished | Outcome::Incomplete => None,
        _ => proven.or_else(|| capture::findings_at(e, now).first().map(|f| f.id)),
    };
    ConnectionOutcome {
        id: c.id,
        client: address(c.client),
        server: address(c.server),
        packets: c.packets,
        likely_mysql: c.likely_mysql,
        outcome,
        failed_by,
        cause,
        step,
        server_version: e.greeting.as_ref().map(|g| g.server_version.clone()),
        tls_version: e.server_hello.as_ref().map(|s| capture::version_name(s.version)),
    }
}

/// `a.b.c.d:port` as `Display` writes it, without the formatter: the two addresses of 10,000
/// connections were a twentieth of judging them.
fn address(a: SocketAddr) -> String {
    let SocketAddr::V4(v4) = a else { return a.to_string() };
    let mut s = String::with_capacity(21);
    for (i, octet) in v4.ip().octets().into_iter().enumerate() {
        if i > 0 {
            s.push('.');
        }
        decimal(&mut s, u32::from(octet));
    }
    s.push(':');
    decimal(&mut s, u32::from(v4.port()));
    s
}

fn decimal(s: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut start = digits.len();
    while start > 0 {
        start -= 1;
        if let Some(d) = digits.get_mut(start) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 {
            break;
        }
    }
    s.extend(digits.iter().skip(start).map(|&d| char::from(d)));
}

/// Outcome, who failed, the step in words, and the cause when the outcome itself proves it
/// (the capture's findings name it otherwise).
fn judge(c: &Connection, e: &Evidence) -> (Outcome, Option<Side>, String, Option<RuleId>) {
    let (outcome, by, step) = judge_steps(c, e);
    let proven = match (outcome, by) {
        (Outcome::TcpRefused, _) => Some(RuleId::TcpRefused),
        (Outcome::TlsFailed, Some(Side::Client)) if step == IDENTITY_REJECTED => {
            Some(RuleId::ClientClosedAfterHandshake)
        }
        _ => None,
    };
    (outcome, by, step, proven)
}

const IDENTITY_REJECTED: &str =
    "closed right after the handshake without sending data: it rejected the server's identity";

fn judge_steps(c: &Connection, e: &Evidence) -> (Outcome, Option<Side>, String) {
    let close = c.tcp.first_close;
    let closed_by = close.map(|cl| side(cl.by));
    if e.bytes_to_client == 0 && e.bytes_to_server == 0 {
        return match close {
            Some(cl) if cl.reset && cl.by == Direction::ServerToClient && !c.tcp.syn_ack => {
                (Outcome::TcpRefused, Some(Side::Server), "SYN answered by RST: nothing listens on the port".into())
            }
            Some(cl) => (Outcome::Incomplete, None, format!("the {} closed before any byte was sent", cl.by.sender())),
            None => (Outcome::Incomplete, None, "no byte was sent in the capture".into()),
        };
    }
    if let Some(err) = e.errors.iter().find(|x| x.when == ErrWhen::BeforeGreeting) {
        return (
            Outcome::RefusedBeforeGreeting,
            Some(Side::Server),
            format!("ERR {} instead of the greeting", err.code),
        );
    }
    let Some(greeting) = &e.greeting else {
        return (Outcome::Incomplete, None, "no MySQL greeting in the capture".into());
    };
    if e.ssl_request.is_none() && e.plaintext_login.is_none() {
        return match closed_by {
            Some(by) => {
                let why = if greeting.offers_tls { "" } else { " (the server offers no TLS)" };
                (Outcome::ClosedAfterGreeting, Some(by), format!("closed after the greeting{why}"))
            }
            None => (Outcome::Incomplete, None, "the capture ends after the greeting".into()),
        };
    }
    if e.ssl_request.is_none() {
        let refused = e.errors.iter().find(|x| x.when == ErrWhen::AfterPlaintextLogin);
        return match refused {
            Some(err) => {
                (Outcome::PlaintextLogin, Some(Side::Server), format!("login in clear refused with ERR {}", err.code))
            }
            None if e.plaintext_login_ok => (Outcome::PlaintextLogin, None, "logged in without TLS".into()),
            None => (Outcome::PlaintextLogin, None, "login sent without TLS".into()),
        };
    }
    if let Some(a) = e.alerts.iter().find(|a| a.description != AlertDescription::CLOSE_NOTIFY) {
        let name = a.description.name().map(str::to_owned).unwrap_or_else(|| format!("alert {}", a.description.0));
        return (Outcome::TlsFailed, Some(side(a.from)), format!("alert {name} {}", tls_step(e)));
    }
    if e.app_data_from_client > 0 && e.app_data_from_server > 0 {
        return (Outcome::TlsEstablished, None, String::new());
    }
    if e.client_finished && e.app_data_from_client == 0 && closed_by == Some(Side::Client) {
        return (Outcome::TlsFailed, Some(Side::Client), IDENTITY_REJECTED.into());
    }
    match closed_by {
        Some(by) => (Outcome::TlsFailed, Some(by), format!("closed {}", tls_step(e))),
        None => (Outcome::Incomplete, None, format!("the capture ends {}", tls_step(e))),
    }
}

/// How far the TLS handshake got, as "after …" words.
fn tls_step(e: &Evidence) -> &'static str {
    if e.client_finished {
        "after the handshake"
    } else if e.server_finished || e.encrypted_from_server > 0 {
        "after the server's handshake flight"
    } else if !e.server_certificates.is_empty() {
        "after the server's certificate"
    } else if e.server_hello.is_some() {
        "after the ServerHello"
    } else if e.client_hello.is_some() {
        "after the ClientHello"
    } else {
        "after the SSLRequest"
    }
}

/// The capture's report: connection `id` (or the most telling one) through the whole analysis
/// with `inputs` (bundle, hostnames; may be empty), and the outcomes of all connections. The
/// overall status says what the selected connection proves when the inputs allow no verdict.
pub fn capture_report(decoded: &Decoded, id: Option<usize>, inputs: &Inputs, now: i64) -> Report {
    let list = outcomes(decoded, Some(now));
    let selected = id.or_else(|| most_telling(&list));
    report_with_outcomes(list, selected, &Inputs { capture: decoded.transcript(selected), ..inputs.clone() }, now)
}

/// [`capture_report`] where the outcomes are already known (the page gets them from the
/// capture worker): `inputs.capture` is connection `selected`'s transcript.
pub fn report_with_outcomes(
    list: Vec<ConnectionOutcome>,
    selected: Option<usize>,
    inputs: &Inputs,
    now: i64,
) -> Report {
    let mut report = super::analyze(inputs, now);
    let chosen = selected.and_then(|i| list.iter().find(|c| c.id == i)).cloned();
    if let Some(c) = &chosen {
        if let Some(f) = outcome_finding(c, &report) {
            report.findings.insert(0, f);
        }
        settle_status(&mut report, c);
    }
    report.connections = list;
    report.selected_connection = selected;
    report
}

/// The finding of a cause only the outcome proves (no message carries it).
fn outcome_finding(c: &ConnectionOutcome, report: &Report) -> Option<Finding> {
    let id = c.cause.filter(|id| matches!(id, RuleId::TcpRefused | RuleId::ClientClosedAfterHandshake))?;
    let (title, explanation) = match id {
        RuleId::TcpRefused => (
            format!("Nothing listens on {}: the connection was refused", c.server),
            format!("The client's SYN to {} was answered by RST: the server is down, listens on another port or address, or a firewall rejects the connection. TLS never started.", c.server),
        ),
        _ => {
            let names = candidates(report);
            let names = if names.is_empty() {
                String::new()
            } else {
                format!(" The certificate is for: {}.", names.join(", "))
            };
            (
                "The client closed right after the TLS handshake: it rejected the server's identity".into(),
                format!("The client completed the {} handshake (it sent its Finished) and then closed without sending its login and without an alert. That is how OpenSSL-based clients end when the hostname check fails after the handshake (mysql --ssl-mode=VERIFY_IDENTITY, mariadb --ssl-verify-server-cert); a client that accepted the certificate goes on with its login.{names}", c.tls_version.as_deref().unwrap_or("TLS")),
            )
        }
    };
    Some(Finding::of(id, title, explanation))
}

/// The names the served leaf is for, offered as hostname candidates.
fn candidates(report: &Report) -> Vec<String> {
    let Some(leaf) = report.certificates.iter().find(|c| c.served_position == Some(0)) else { return Vec::new() };
    let mut names: Vec<String> = leaf.summary.dns_names.iter().chain(&leaf.summary.ip_addresses).cloned().collect();
    if names.is_empty() {
        names.extend(leaf.summary.common_name.clone());
    }
    names.into_iter().map(|n| crate::text::clip(&n, 80)).collect()
}

/// The overall answer from the selected connection's outcome, where the chain and hostnames
/// gave none: "could not connect" (fail), "connected in clear" (unverified), "this connection
/// worked" (pass).
fn settle_status(report: &mut Report, c: &ConnectionOutcome) {
    let first = report.findings.first().map(|f| f.title.clone());
    let status = match c.outcome {
        Outcome::TcpRefused | Outcome::RefusedBeforeGreeting | Outcome::ClosedAfterGreeting | Outcome::TlsFailed => {
            Status::Fail
        }
        Outcome::PlaintextLogin if c.failed_by.is_some() => Status::Fail,
        Outcome::PlaintextLogin => Status::Unverified,
        Outcome::TlsEstablished => Status::Pass,
        Outcome::Incomplete => return,
    };
    let names = candidates(report);
    let headline = match c.outcome {
        Outcome::TlsEstablished if report.inputs.hosts.is_empty() && !names.is_empty() => format!(
            "Connection #{} worked: {} was established and both sides exchanged data over it (the certificate is for {}; give the hostname to check each client's verdict)",
            c.id,
            c.tls_version.as_deref().unwrap_or("TLS"),
            names.join(", ")
        ),
        Outcome::TlsEstablished => format!(
            "Connection #{} worked: {} was established and both sides exchanged data over it",
            c.id,
            c.tls_version.as_deref().unwrap_or("TLS"),
        ),
        Outcome::PlaintextLogin if c.failed_by.is_none() => {
            format!("Connection #{} connected in clear: {}", c.id, first.unwrap_or_else(|| c.words()))
        }
        _ => format!("Connection #{} could not connect: {}", c.id, first.unwrap_or_else(|| c.words())),
    };
    // Without chain verdicts the outcome is the answer; with them, the chain's verdict stands
    // unless the connection shows worse (it failed, or ran in clear).
    let worse = matches!(
        (report.overall.status, status),
        (_, Status::Fail) | (Status::Pass | Status::ExpiresSoon, Status::Unverified)
    );
    if report.verdicts.is_empty() || worse {
        report.overall = Overall { status, headline };
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn addresses_read_as_display_writes_them() {
        for a in ["0.0.0.0:0", "127.0.0.1:3306", "255.255.255.255:65535", "10.20.3.40:50000", "[::1]:3306"] {
            let addr: std::net::SocketAddr = a.parse().expect("address");
            assert_eq!(super::address(addr), a);
        }
    }
}
