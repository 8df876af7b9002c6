//! The live probe's protocol as a transition table (STYLE 7), read by [`super::machine`]:
//! at a stage, for a kind of check, what the server did → what the probe does and its next
//! stage. The machine classifies the server's bytes into an [`Event`] and carries the details
//! (the greeting, the ERR, the alert) itself; the table alone decides where it goes.

use super::machine::{Check, Stage};

/// What the server's bytes (or its closing the connection) amount to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// An ERR packet (before the greeting: the server refused the connection).
    Err,
    /// Bytes that are not the MySQL packet expected here.
    NotMysql,
    /// A greeting with CLIENT_SSL.
    Greeting,
    /// A greeting without CLIENT_SSL: the server has no TLS configured.
    GreetingWithoutTls,
    /// TLS records that leave the handshake running.
    TlsRecords,
    /// The rustls handshake completed.
    TlsDone,
    /// rustls refused the handshake, or the server sent an alert.
    TlsRefused,
    /// The answer the check waits for (to the plaintext login, to the old-version hello).
    Answer,
    /// The server closed the connection.
    Closed,
}

/// Which checks a row is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum For {
    Any,
    Tls,
    RequireTls,
    Legacy,
}

/// What the probe does on a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    /// The check has its outcome.
    Finish,
    /// SSLRequest, then rustls' ClientHello.
    StartTls,
    /// A plaintext HandshakeResponse41 for a made-up user.
    SendLogin,
    /// SSLRequest, then a hand-built ClientHello for one old version.
    SendLegacyHello,
    /// Feed rustls and send what it writes.
    Continue,
    /// Record the version, suite and chain, send close_notify.
    CloseNotify,
}

use Act as A;
use Event as E;
use For as F;
use Stage as S;

#[rustfmt::skip]
pub const TRANSITIONS: &[(Stage, For, Event, Act, Stage)] = &[
    // stage            check          event                   act                 next
    (S::AwaitGreeting, F::Any,        E::Err,                 A::Finish,          S::Done),         // ERR instead of a greeting (1129, 1130, 1040)
    (S::AwaitGreeting, F::Any,        E::NotMysql,            A::Finish,          S::Done),
    (S::AwaitGreeting, F::Any,        E::Closed,              A::Finish,          S::Done),
    (S::AwaitGreeting, F::RequireTls, E::Greeting,            A::SendLogin,       S::LoginSent),    // with or without TLS offered
    (S::AwaitGreeting, F::RequireTls, E::GreetingWithoutTls,  A::SendLogin,       S::LoginSent),
    (S::AwaitGreeting, F::Tls,        E::Greeting,            A::StartTls,        S::TlsHandshake),
    (S::AwaitGreeting, F::Tls,        E::GreetingWithoutTls,  A::Finish,          S::Done),         // NoTls
    (S::AwaitGreeting, F::Legacy,     E::Greeting,            A::SendLegacyHello, S::LegacySent),
    (S::AwaitGreeting, F::Legacy,     E::GreetingWithoutTls,  A::Finish,          S::Done),         // NoTls
    (S::TlsHandshake,  F::Tls,        E::TlsRecords,          A::Continue,        S::TlsHandshake),
    (S::TlsHandshake,  F::Tls,        E::TlsDone,             A::CloseNotify,     S::Done),
    (S::TlsHandshake,  F::Tls,        E::TlsRefused,          A::Finish,          S::Done),
    (S::TlsHandshake,  F::Tls,        E::Closed,              A::Finish,          S::Done),         // TlsFailed: closed mid-handshake
    (S::LoginSent,     F::RequireTls, E::Answer,              A::Finish,          S::Done),         // ERR / AuthSwitch / OK
    (S::LoginSent,     F::RequireTls, E::NotMysql,            A::Finish,          S::Done),
    (S::LoginSent,     F::RequireTls, E::Closed,              A::Finish,          S::Done),
    (S::LegacySent,    F::Legacy,     E::Answer,              A::Finish,          S::Done),         // ServerHello or alert
    (S::LegacySent,    F::Legacy,     E::Closed,              A::Finish,          S::Done),
];

pub fn kind(check: Check) -> For {
    match check {
        Check::Tls(_) => F::Tls,
        Check::RequireTls => F::RequireTls,
        Check::Legacy(_) => F::Legacy,
    }
}

/// The row for `event` at `stage` in a `check`: what to do and where to go; `None` when the
/// table has no such step (the machine then ends the check).
pub fn step(stage: Stage, check: Check, event: Event) -> Option<(Act, Stage)> {
    let k = kind(check);
    TRANSITIONS
        .iter()
        .find(|(s, f, e, _, _)| *s == stage && (*f == k || *f == F::Any) && *e == event)
        .map(|(_, _, _, act, next)| (*act, *next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::tls::ProtocolVersion;
    use crate::source::probe::machine::OfferKind;

    #[test]
    fn each_check_takes_its_path() {
        let tls = Check::Tls(OfferKind::Both);
        assert_eq!(step(S::AwaitGreeting, tls, E::Greeting), Some((A::StartTls, S::TlsHandshake)));
        assert_eq!(step(S::TlsHandshake, tls, E::TlsRecords), Some((A::Continue, S::TlsHandshake)));
        assert_eq!(step(S::TlsHandshake, tls, E::TlsDone), Some((A::CloseNotify, S::Done)));
        let login = Check::RequireTls;
        assert_eq!(step(S::AwaitGreeting, login, E::GreetingWithoutTls), Some((A::SendLogin, S::LoginSent)));
        assert_eq!(step(S::LoginSent, login, E::Answer), Some((A::Finish, S::Done)));
        let legacy = Check::Legacy(ProtocolVersion::TLS_1_0);
        assert_eq!(step(S::AwaitGreeting, legacy, E::Greeting), Some((A::SendLegacyHello, S::LegacySent)));
        assert_eq!(step(S::AwaitGreeting, legacy, E::GreetingWithoutTls), Some((A::Finish, S::Done)));
        assert_eq!(step(S::AwaitGreeting, legacy, E::Err), Some((A::Finish, S::Done)));
        assert_eq!(step(S::LoginSent, tls, E::Answer), None);
        assert_eq!(step(S::Done, tls, E::Closed), None);
    }

    #[test]
    fn table_has_no_duplicate_keys() {
        for (i, a) in TRANSITIONS.iter().enumerate() {
            for b in TRANSITIONS.iter().skip(i + 1) {
                let overlap = a.1 == b.1 || a.1 == F::Any || b.1 == F::Any;
                assert!(!(a.0 == b.0 && overlap && a.2 == b.2), "{a:?} / {b:?}");
            }
        }
    }
}
