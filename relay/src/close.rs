//! Why a session ended, as a WebSocket close code the UI can explain.
//!
//! Codes 4000–4999 are reserved by RFC 6455 §7.4.2 for private use; we take 4001–4007. Each
//! reason has two wordings: the detail (`Display`, for the relay's log) names addresses, rules
//! and resolver errors; what a client is told ([`CloseReason::for_client`]) names none of them,
//! because a stranger could otherwise map internal names to addresses, learn which names exist,
//! or probe the allowlist's port ranges. A personal relay can send the detail with
//! `--verbose-reasons`. A close frame's reason may hold at most 123 bytes (RFC 6455 §5.5: control
//! frame payload ≤ 125 bytes, minus the 2-byte code); both wordings are trimmed to fit.
//!
//! Origin and token refusals are NOT close codes: they are answered with HTTP 403 / 401 before
//! the upgrade (see `access.rs`), so a page from a foreign origin never gets a socket at all.
//! Code 4006 is therefore reserved and never sent.

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

/// The WebSocket close codes, shared with the page (the `mysql-tls-doctor-relay-proto` crate).
pub use mysql_tls_doctor_relay_proto::code;
use mysql_tls_doctor_relay_proto::reason as words;

/// Which cap ended (or refused) a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Cap {
    /// The session lasted its maximum time.
    SessionTime { limit: std::time::Duration },
    /// The client sent more than the byte cap toward the target.
    BytesToTarget { limit: u64 },
    /// The target sent more than the byte cap toward the client.
    BytesToClient { limit: u64 },
    /// The relay already runs its maximum number of sessions.
    ConcurrentSessions { limit: usize },
    /// This client address already has its maximum number of sessions.
    SessionsPerClient { limit: usize },
}

impl fmt::Display for Cap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cap::SessionTime { limit } => {
                write!(f, "session time cap reached ({} s)", limit.as_secs_f64())
            }
            Cap::BytesToTarget { limit } => {
                write!(f, "byte cap reached: client to server ({limit} bytes)")
            }
            Cap::BytesToClient { limit } => {
                write!(f, "byte cap reached: server to client ({limit} bytes)")
            }
            Cap::ConcurrentSessions { limit } => {
                write!(f, "concurrent session cap reached ({limit})")
            }
            Cap::SessionsPerClient { limit } => {
                write!(f, "sessions per client cap reached ({limit})")
            }
        }
    }
}

/// Why the policy refused a target; the strings are the detail for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TargetRefusal {
    /// No `target` parameter.
    Missing,
    /// Not `host:port` with a plain decimal port from 1 to 65535.
    Malformed(String),
    /// A literal address the rules do not allow (its port, its range, or the relay itself).
    Address(String),
    /// A name refused before DNS (port, name rules, metadata) or after (a refused address).
    Name(String),
}

impl fmt::Display for TargetRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetRefusal::Missing => f.write_str(MISSING),
            TargetRefusal::Malformed(why) | TargetRefusal::Address(why) | TargetRefusal::Name(why) => f.write_str(why),
        }
    }
}

const MISSING: &str = "missing target (use ?target=host:port)";

/// Why a session ended; each maps to one close code.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CloseReason {
    /// Refused by the target policy.
    PolicyRefused(TargetRefusal),
    /// The name did not resolve (or resolved to nothing, or the lookup timed out).
    DnsFailure(String),
    /// The TCP connect to `addr` failed (refused, unreachable, reset): `kind` says how.
    ConnectRefused { addr: SocketAddr, kind: String },
    /// The TCP connect to `addr` did not finish within `limit`.
    ConnectTimeout { addr: SocketAddr, limit: Duration },
    /// A cap was reached.
    CapReached(Cap),
    /// The target closed the TCP connection.
    UpstreamClosed,
    /// The client closed the WebSocket (or vanished).
    ClientClosed,
    /// The client sent a text message.
    TextMessage,
    /// The client sent a message larger than `--max-message`.
    MessageTooBig { limit: usize },
    /// The relay is shutting down.
    Shutdown,
    /// An I/O error on an established session.
    Io(String),
}

impl CloseReason {
    /// The close code sent in the close frame.
    pub fn code(&self) -> u16 {
        match self {
            CloseReason::PolicyRefused(_) => code::POLICY_REFUSED,
            CloseReason::DnsFailure(_) => code::DNS_FAILURE,
            CloseReason::ConnectRefused { .. } => code::CONNECT_REFUSED,
            CloseReason::ConnectTimeout { .. } => code::CONNECT_TIMEOUT,
            CloseReason::CapReached(_) => code::CAP_REACHED,
            CloseReason::UpstreamClosed => code::UPSTREAM_CLOSED,
            CloseReason::ClientClosed => code::NORMAL,
            CloseReason::TextMessage => code::UNSUPPORTED_DATA,
            CloseReason::MessageTooBig { .. } => code::MESSAGE_TOO_BIG,
            CloseReason::Shutdown => code::GOING_AWAY,
            CloseReason::Io(_) => code::INTERNAL_ERROR,
        }
    }

    /// The detailed close reason (what the log says), at most 123 bytes.
    pub fn text(&self) -> String {
        fit(self.to_string())
    }

    /// The close code and reason a client is told: the detail when `verbose`, otherwise words
    /// that name no address, rule or resolver answer. A name that does not resolve is refused
    /// like a name that resolves to a refused address (4001), so the two cannot be told apart.
    pub fn for_client(&self, verbose: bool) -> (u16, String) {
        if verbose {
            return (self.code(), self.text());
        }
        let refused = |what: &str| (code::POLICY_REFUSED, format!("{}: {what}", words::POLICY_REFUSED));
        let name_refused = || refused(&format!("{} (or its name does not resolve)", words::NOT_ALLOWED));
        match self {
            CloseReason::PolicyRefused(TargetRefusal::Missing) => refused(MISSING),
            CloseReason::PolicyRefused(TargetRefusal::Malformed(_)) => {
                refused("target is not host:port (port 1-65535)")
            }
            CloseReason::PolicyRefused(TargetRefusal::Address(_)) => refused(words::NOT_ALLOWED),
            CloseReason::PolicyRefused(TargetRefusal::Name(_)) | CloseReason::DnsFailure(_) => name_refused(),
            CloseReason::ConnectRefused { kind, .. } => {
                (code::CONNECT_REFUSED, fit(format!("{}: {kind}", words::CONNECT_REFUSED)))
            }
            CloseReason::ConnectTimeout { limit, .. } => (
                code::CONNECT_TIMEOUT,
                format!("{}: no answer within {} s", words::CONNECT_TIMEOUT, limit.as_secs_f32()),
            ),
            other => (other.code(), other.text()),
        }
    }
}

/// At most 123 bytes (cut on a char boundary), what a close frame's reason can hold.
fn fit(mut text: String) -> String {
    if text.len() > 123 {
        let mut end = 120;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str("...");
    }
    text
}

impl fmt::Display for CloseReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CloseReason::PolicyRefused(why) => write!(f, "{}: {why}", words::POLICY_REFUSED),
            CloseReason::DnsFailure(why) => write!(f, "{}: {why}", words::DNS_FAILURE),
            CloseReason::ConnectRefused { addr, kind } => write!(f, "{}: {addr}: {kind}", words::CONNECT_REFUSED),
            CloseReason::ConnectTimeout { addr, limit } => {
                write!(f, "{}: {addr}: no answer within {} s", words::CONNECT_TIMEOUT, limit.as_secs_f32())
            }
            CloseReason::CapReached(cap) => cap.fmt(f),
            CloseReason::UpstreamClosed => f.write_str("upstream closed"),
            CloseReason::ClientClosed => f.write_str("client closed"),
            CloseReason::TextMessage => f.write_str("text messages are not relayed; send binary"),
            CloseReason::MessageTooBig { limit } => {
                write!(f, "message too big (max {limit} bytes)")
            }
            CloseReason::Shutdown => f.write_str("relay shutting down"),
            CloseReason::Io(why) => write!(f, "relay i/o error: {why}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_text_fits_a_close_frame() {
        let long = CloseReason::PolicyRefused(TargetRefusal::Name("é".repeat(200)));
        let text = long.text();
        assert!(text.len() <= 123, "{} bytes", text.len());
        assert!(text.ends_with("..."));
    }

    #[test]
    fn codes_are_in_the_private_range_for_relay_reasons() {
        let cap = CloseReason::CapReached(Cap::ConcurrentSessions { limit: 1 });
        assert_eq!(cap.code(), 4005);
        assert_eq!(cap.text(), "concurrent session cap reached (1)");
        assert_eq!(CloseReason::UpstreamClosed.code(), 4007);
        assert_eq!(CloseReason::PolicyRefused(TargetRefusal::Missing).code(), 4001);
    }

    #[test]
    fn clients_are_told_no_address_and_no_rule() {
        let addr: SocketAddr = "10.1.2.3:3306".parse().expect("addr");
        let cases = [
            (
                CloseReason::PolicyRefused(TargetRefusal::Address("port 25 not allowed".into())),
                4001,
                "policy refused: target not allowed by this relay's policy",
            ),
            (
                CloseReason::PolicyRefused(TargetRefusal::Name("address 10.1.2.3 is private".into())),
                4001,
                "policy refused: target not allowed by this relay's policy (or its name does not resolve)",
            ),
            (
                CloseReason::DnsFailure("internal.corp: no such name".into()),
                4001,
                "policy refused: target not allowed by this relay's policy (or its name does not resolve)",
            ),
            (
                CloseReason::PolicyRefused(TargetRefusal::Malformed("target \"x\" is not host:port".into())),
                4001,
                "policy refused: target is not host:port (port 1-65535)",
            ),
            (
                CloseReason::ConnectRefused { addr, kind: "connection refused".into() },
                4003,
                "connect refused: connection refused",
            ),
            (
                CloseReason::ConnectTimeout { addr, limit: Duration::from_secs(5) },
                4004,
                "connect timeout: no answer within 5 s",
            ),
        ];
        for (reason, code, text) in cases {
            assert_eq!(reason.for_client(false), (code, text.to_owned()), "{reason}");
        }
        let dns = CloseReason::DnsFailure("internal.corp: no such name".into());
        assert_eq!(dns.for_client(true), (4002, "dns failure: internal.corp: no such name".to_owned()));
    }
}
