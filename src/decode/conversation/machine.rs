//! Where a MySQL connection is in its handshake, as a transition table
//! `(phase, direction, event) -> phase`. The decoder asks the phase how to read the next bytes
//! of a direction and feeds every decoded message back as an event.
//!
//! Spec: <https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html>
//! (the connection phase diagram: greeting, optional SSL exchange, login, auth switch / more
//! data, OK or ERR).

use std::fmt;

use serde::Serialize;

use crate::vocab::Direction;

/// The connection's phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Nothing yet: the server speaks first.
    AwaitGreeting,
    /// The greeting arrived; the client chooses TLS (SSLRequest) or a plaintext login.
    Greeted,
    /// After the SSLRequest both directions carry TLS records, except that a server may still
    /// write a plaintext ERR when the TLS handshake fails.
    Tls,
    /// A login in clear: the server answers OK, ERR, AuthSwitchRequest or AuthMoreData.
    PlainAuth,
    /// After OK: queries and results (not decoded).
    Command,
    /// After an ERR the server closes the connection.
    Closed,
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Phase::AwaitGreeting => "before the greeting",
            Phase::Greeted => "after the greeting",
            Phase::Tls => "during TLS",
            Phase::PlainAuth => "during a plaintext login",
            Phase::Command => "after the login",
            Phase::Closed => "after an ERR",
        })
    }
}

/// What a decoded message means to the phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    Greeting,
    Err,
    SslRequest,
    HandshakeResponse,
    Ok,
    AuthSwitch,
    AuthMoreData,
    AuthData,
    Command,
    /// Any TLS record or handshake message.
    Tls,
    /// Bytes that did not decode; they do not move the phase.
    Unknown,
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Event::Greeting => "a greeting",
            Event::Err => "an ERR packet",
            Event::SslRequest => "an SSLRequest",
            Event::HandshakeResponse => "a HandshakeResponse (login)",
            Event::Ok => "an OK packet",
            Event::AuthSwitch => "an AuthSwitchRequest",
            Event::AuthMoreData => "AuthMoreData",
            Event::AuthData => "authentication data",
            Event::Command => "a command-phase packet",
            Event::Tls => "TLS",
            Event::Unknown => "undecoded bytes",
        })
    }
}

use Direction::{ClientToServer as C2S, ServerToClient as S2C};
use Event as E;
use Phase as P;

/// Every expected step. Anything else is reported as unexpected (when the transcript has
/// both directions) and moves to [`natural_phase`].
#[rustfmt::skip]
pub const TRANSITIONS: &[(Phase, Direction, Event, Phase)] = &[
    // phase           dir  event                next
    (P::AwaitGreeting, S2C, E::Greeting,          P::Greeted),   // Initial Handshake Packet
    (P::AwaitGreeting, S2C, E::Err,               P::Closed),    // ERR instead of a greeting (1129, 1130, 1040)
    (P::Greeted,       C2S, E::SslRequest,        P::Tls),       // Protocol::SSLRequest, then the TLS handshake
    (P::Greeted,       C2S, E::HandshakeResponse, P::PlainAuth), // Protocol::HandshakeResponse41 in clear
    (P::Greeted,       S2C, E::Err,               P::Closed),    // e.g. connect_timeout
    (P::Tls,           C2S, E::Tls,               P::Tls),
    (P::Tls,           S2C, E::Tls,               P::Tls),
    (P::Tls,           S2C, E::Err,               P::Closed),    // plaintext ERR after a failed TLS handshake (1043)
    (P::PlainAuth,     S2C, E::AuthSwitch,        P::PlainAuth), // Protocol::AuthSwitchRequest
    (P::PlainAuth,     S2C, E::AuthMoreData,      P::PlainAuth), // Protocol::AuthMoreData
    (P::PlainAuth,     C2S, E::AuthData,          P::PlainAuth), // the client's answer to either
    (P::PlainAuth,     S2C, E::Ok,                P::Command),   // OK_Packet: logged in
    (P::PlainAuth,     S2C, E::Err,               P::Closed),    // ERR_Packet: refused (1045, 3159 …)
    (P::Closed,        C2S, E::Tls,               P::Closed),    // the client's alert or close_notify crossing the ERR
    (P::Closed,        S2C, E::Tls,               P::Closed),
    (P::Command,       C2S, E::Command,           P::Command),
    (P::Command,       S2C, E::Command,           P::Command),
    (P::Command,       S2C, E::Err,               P::Command),
];

/// The phase after `event` when the table has no entry: the phase the event implies.
pub fn natural_phase(current: Phase, event: Event) -> Phase {
    match event {
        E::Greeting => P::Greeted,
        E::Err => P::Closed,
        E::SslRequest | E::Tls => P::Tls,
        E::HandshakeResponse | E::AuthSwitch | E::AuthMoreData | E::AuthData => P::PlainAuth,
        E::Ok | E::Command => P::Command,
        E::Unknown => current,
    }
}

/// `Ok(next)` when the table allows the step, `Err(next)` (with the natural phase) when not.
pub fn step(phase: Phase, dir: Direction, event: Event) -> Result<Phase, Phase> {
    if event == E::Unknown {
        return Ok(phase);
    }
    TRANSITIONS
        .iter()
        .find(|(p, d, e, _)| *p == phase && *d == dir && *e == event)
        .map(|(_, _, _, next)| *next)
        .ok_or_else(|| natural_phase(phase, event))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tls_path() {
        let p = step(P::AwaitGreeting, S2C, E::Greeting).unwrap();
        let p = step(p, C2S, E::SslRequest).unwrap();
        let p = step(p, C2S, E::Tls).unwrap();
        assert_eq!(step(p, S2C, E::Err), Ok(P::Closed));
    }

    #[test]
    fn reads_plaintext_path() {
        let p = step(P::Greeted, C2S, E::HandshakeResponse).unwrap();
        let p = step(p, S2C, E::AuthSwitch).unwrap();
        let p = step(p, C2S, E::AuthData).unwrap();
        assert_eq!(step(p, S2C, E::Ok), Ok(P::Command));
    }

    #[test]
    fn rejects_unexpected_steps_with_natural_phase() {
        assert_eq!(step(P::AwaitGreeting, C2S, E::SslRequest), Err(P::Tls));
        assert_eq!(step(P::Greeted, S2C, E::Tls), Err(P::Tls));
        assert_eq!(step(P::Tls, C2S, E::HandshakeResponse), Err(P::PlainAuth));
        assert_eq!(step(P::Closed, S2C, E::Unknown), Ok(P::Closed));
    }

    #[test]
    fn table_has_no_duplicate_keys() {
        for (i, a) in TRANSITIONS.iter().enumerate() {
            for b in TRANSITIONS.iter().skip(i + 1) {
                assert!((a.0, a.1, a.2) != (b.0, b.1, b.2), "{a:?}");
            }
        }
    }
}
