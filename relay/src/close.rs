//! Why a session ended, as a WebSocket close code the UI can explain.
//!
//! Codes 4000–4999 are reserved by RFC 6455 §7.4.2 for private use; we take 4001–4007. The
//! reason text is short, lower-case and names the offending value ("port 25 not allowed"), so
//! the UI can show it as is. A close frame's reason may hold at most 123 bytes (RFC 6455 §5.5:
//! control frame payload ≤ 125 bytes, minus the 2-byte code); [`CloseReason::text`] trims to fit.
//!
//! Origin and token refusals are NOT close codes: they are answered with HTTP 403 / 401 before
//! the upgrade (see `access.rs`), so a page from a foreign origin never gets a socket at all.
//! Code 4006 is therefore reserved and never sent.

use std::fmt;

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

/// Why a session ended; each maps to one close code.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CloseReason {
    /// Refused by the target policy; the text says why ("port 25 not allowed").
    PolicyRefused(String),
    /// The name did not resolve (or resolved to nothing).
    DnsFailure(String),
    /// The TCP connect failed (refused, unreachable, reset).
    ConnectRefused(String),
    /// The TCP connect timed out.
    ConnectTimeout(String),
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
            CloseReason::ConnectRefused(_) => code::CONNECT_REFUSED,
            CloseReason::ConnectTimeout(_) => code::CONNECT_TIMEOUT,
            CloseReason::CapReached(_) => code::CAP_REACHED,
            CloseReason::UpstreamClosed => code::UPSTREAM_CLOSED,
            CloseReason::ClientClosed => code::NORMAL,
            CloseReason::TextMessage => code::UNSUPPORTED_DATA,
            CloseReason::MessageTooBig { .. } => code::MESSAGE_TOO_BIG,
            CloseReason::Shutdown => code::GOING_AWAY,
            CloseReason::Io(_) => code::INTERNAL_ERROR,
        }
    }

    /// The close frame's reason text, at most 123 bytes (cut on a char boundary).
    pub fn text(&self) -> String {
        let mut text = self.to_string();
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
}

impl fmt::Display for CloseReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CloseReason::PolicyRefused(why) => write!(f, "{}: {why}", words::POLICY_REFUSED),
            CloseReason::DnsFailure(why) => write!(f, "{}: {why}", words::DNS_FAILURE),
            CloseReason::ConnectRefused(why) => write!(f, "{}: {why}", words::CONNECT_REFUSED),
            CloseReason::ConnectTimeout(why) => write!(f, "{}: {why}", words::CONNECT_TIMEOUT),
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
        let long = CloseReason::PolicyRefused("é".repeat(200));
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
        assert_eq!(CloseReason::PolicyRefused("x".into()).code(), 4001);
    }
}
