//! Runs a [`Probe`] over a native TCP connection (the CLI; the browser uses the relay). It
//! lives with the CLI, not in the probe core: deadlines read the clock, which the core never does.
//!
//! Every wait is bounded by one deadline (the name lookup, connect, each read and each write get
//! what is left of it) and the bytes a server may send are capped, so a server that never answers, trickles a
//! byte a second or announces a 16 MiB greeting costs one deadline and a fixed buffer, never more.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::resolve::ResolveError;
use crate::source::probe::machine::{Check, Probe};

/// What a server may send on one connection before the check gives up: a greeting is under
/// 1 KiB and an RDS chain under 8 KiB; 256 KiB leaves room for any real server.
pub const MAX_SERVER_BYTES: usize = 256 * 1024;

/// Why a connection's check did not run to its end, as `fleet --json` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailureKind {
    /// The name does not resolve.
    Unresolved,
    /// Nothing listens there (TCP RST).
    Refused,
    /// No route to the host or network.
    Unreachable,
    /// The deadline passed (connecting, or waiting for the server).
    TimedOut,
    /// The server sent more than [`MAX_SERVER_BYTES`] (e.g. a huge greeting).
    TooLarge,
    /// Any other socket error (reset, aborted …).
    Io,
}

impl FailureKind {
    /// The JSON value and the table's word.
    pub const fn id(self) -> &'static str {
        match self {
            FailureKind::Unresolved => "unresolved",
            FailureKind::Refused => "refused",
            FailureKind::Unreachable => "unreachable",
            FailureKind::TimedOut => "timed-out",
            FailureKind::TooLarge => "too-large",
            FailureKind::Io => "io",
        }
    }
}

/// A transport failure: which kind, in words, and whether trying again is safe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    pub kind: FailureKind,
    pub message: String,
    /// Safe to retry: the server sent nothing and nothing but the TCP handshake happened (a
    /// reset or a local port shortage under load), so a second try repeats no login.
    pub retryable: bool,
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

fn kind_of(e: &std::io::Error) -> FailureKind {
    match e.kind() {
        ErrorKind::ConnectionRefused => FailureKind::Refused,
        ErrorKind::TimedOut | ErrorKind::WouldBlock => FailureKind::TimedOut,
        ErrorKind::HostUnreachable | ErrorKind::NetworkUnreachable => FailureKind::Unreachable,
        _ => FailureKind::Io,
    }
}

/// Connects to `addr` and runs one check, within `timeout` overall.
pub fn run(addr: &str, server_name: &str, check: Check, random: [u8; 32], timeout: Duration) -> Result<Probe, String> {
    run_until(addr, server_name, check, random, Instant::now() + timeout, MAX_SERVER_BYTES).map_err(|e| e.message)
}

/// Connects to `addr` and runs one check, giving up at `deadline` or after the server sent
/// `max_bytes`.
pub fn run_until(
    addr: &str,
    server_name: &str,
    check: Check,
    random: [u8; 32],
    deadline: Instant,
    max_bytes: usize,
) -> Result<Probe, TransportError> {
    let fail = |kind, message: String, retryable| TransportError { kind, message, retryable };
    let target = super::resolve::resolve(addr, deadline).map_err(|e| match e {
        ResolveError::Failed(words) => fail(FailureKind::Unresolved, words, false),
        ResolveError::TimedOut(words) => fail(FailureKind::TimedOut, words, false),
    })?;
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(fail(FailureKind::TimedOut, format!("no time left to connect to {addr}"), false));
    }
    let mut stream = TcpStream::connect_timeout(&target, left).map_err(|e| {
        let retryable = matches!(e.kind(), ErrorKind::AddrNotAvailable | ErrorKind::ConnectionReset);
        fail(kind_of(&e), format!("cannot connect to {addr} ({target}): {e}"), retryable)
    })?;
    let _ = stream.set_nodelay(true);
    let mut probe = Probe::new(check, server_name, random);
    let mut buf = vec![0u8; 16 * 1024];
    let mut received = 0usize;
    let timed_out = |probe: &Probe| {
        fail(FailureKind::TimedOut, format!("{addr} did not answer in time (stage {:?})", probe.stage()), false)
    };
    loop {
        let out = probe.take_output();
        if !out.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(timed_out(&probe));
            }
            // A server that never reads would otherwise block this write for ever.
            let _ = stream.set_write_timeout(Some(left));
            stream.write_all(&out).map_err(|e| match kind_of(&e) {
                FailureKind::TimedOut => timed_out(&probe),
                kind => fail(kind, format!("sending to {addr}: {e}"), false),
            })?;
        }
        if probe.is_done() {
            break;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(timed_out(&probe));
        }
        let _ = stream.set_read_timeout(Some(left));
        match stream.read(&mut buf) {
            Ok(0) => probe.on_close(),
            Ok(n) => {
                received += n;
                if received > max_bytes {
                    return Err(fail(
                        FailureKind::TooLarge,
                        format!("{addr} sent more than {max_bytes} bytes (stage {:?})", probe.stage()),
                        false,
                    ));
                }
                probe.on_data(buf.get(..n).unwrap_or_default())
            }
            Err(e) if kind_of(&e) == FailureKind::TimedOut => return Err(timed_out(&probe)),
            // A reset before the server said anything: nothing was exchanged, a retry is safe.
            Err(e) if received == 0 && e.kind() == ErrorKind::ConnectionReset => {
                return Err(fail(FailureKind::Io, format!("{addr} reset the connection: {e}"), true))
            }
            Err(_) => probe.on_close(),
        }
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
    Ok(probe)
}
