//! The relay protocol shared by the relay (`relay/`) and the page (`src/web/relay_proto.rs`):
//! the WebSocket close codes and the words a close reason starts with. One definition, so the
//! two ends cannot drift apart. No dependencies and `no_std`, so it builds for wasm32 as is.
//!
//! Codes 4000–4999 are reserved by RFC 6455 §7.4.2 for private use; the relay takes 4001–4007.
//! A reason is `WORDS: detail` (e.g. `policy refused: target not allowed by this relay's
//! policy`); [`detail`] takes the words off again.
#![no_std]
#![forbid(unsafe_code)]

/// The WebSocket close code for each way a session ends.
pub mod code {
    /// The target is not allowed (port, name or address), is malformed or missing, or (unless
    /// the relay runs with `--verbose-reasons`) its name did not resolve.
    pub const POLICY_REFUSED: u16 = 4001;
    /// The target name did not resolve; sent only by a relay with `--verbose-reasons` (otherwise
    /// 4001, so a stranger cannot tell which names exist).
    pub const DNS_FAILURE: u16 = 4002;
    /// The target refused the TCP connection (or another connect error).
    pub const CONNECT_REFUSED: u16 = 4003;
    /// The TCP connect did not finish within the connect timeout.
    pub const CONNECT_TIMEOUT: u16 = 4004;
    /// A cap was reached: session time, bytes one way, concurrent sessions, sessions per client.
    pub const CAP_REACHED: u16 = 4005;
    /// Reserved, never sent: origin (and token) refusals are HTTP 403/401 before the upgrade.
    pub const ORIGIN_REFUSED: u16 = 4006;
    /// The target closed its side of the TCP connection (all its bytes were delivered first).
    pub const UPSTREAM_CLOSED: u16 = 4007;
    /// RFC 6455 1000: the client closed and the relay answered.
    pub const NORMAL: u16 = 1000;
    /// RFC 6455 1001: the relay is shutting down.
    pub const GOING_AWAY: u16 = 1001;
    /// RFC 6455 1003: the client sent a text message; only binary carries TCP bytes.
    pub const UNSUPPORTED_DATA: u16 = 1003;
    /// RFC 6455 1006: never in a frame; what a browser reports for a lost or refused connection.
    pub const ABNORMAL: u16 = 1006;
    /// RFC 6455 1009: a client message was larger than the relay accepts.
    pub const MESSAGE_TOO_BIG: u16 = 1009;
    /// RFC 6455 1011: an I/O error on the TCP side after it was connected.
    pub const INTERNAL_ERROR: u16 = 1011;
}

/// The words a close reason starts with, before `: detail`.
pub mod reason {
    /// Code 4001.
    pub const POLICY_REFUSED: &str = "policy refused";
    /// Code 4002.
    pub const DNS_FAILURE: &str = "dns failure";
    /// Code 4003.
    pub const CONNECT_REFUSED: &str = "connect refused";
    /// Code 4004.
    pub const CONNECT_TIMEOUT: &str = "connect timeout";
    /// The detail of a 4001 for a target the policy does not allow, as strangers see it: it
    /// names no address, no rule and no port range.
    pub const NOT_ALLOWED: &str = "target not allowed by this relay's policy";
}

/// The detail of `text` after `words:` (trimmed), or all of `text` (trimmed) when it does not
/// start with them.
pub fn detail<'a>(text: &'a str, words: &str) -> &'a str {
    let text = text.trim();
    match text.strip_prefix(words).and_then(|rest| rest.strip_prefix(':')) {
        Some(rest) => rest.trim(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_words_off() {
        assert_eq!(detail("policy refused: port 25 not allowed", reason::POLICY_REFUSED), "port 25 not allowed");
        assert_eq!(detail(" upstream closed ", reason::POLICY_REFUSED), "upstream closed");
        assert_eq!(detail("policy refusedx", reason::POLICY_REFUSED), "policy refusedx");
    }
}
