//! One connection's live check, sans-IO: the server's bytes in, the bytes to send out, and a
//! typed [`Outcome`]. Where each server event leads is the table in
//! [`super::transitions`]; this file classifies the bytes into those events and does what the
//! table says (greeting → SSLRequest + rustls, a plaintext login, or an old-version hello).
//!
//! Bytes in and out are recorded as a [`Transcript`], which the capture decoder reads like
//! any capture: a live check is shown exactly like a pasted one.

use std::io::Cursor as IoCursor;

use serde::{Deserialize, Serialize};

use crate::decode::mysql::{AuthSwitchRequest, ErrPacket, Framer, Greeting, Packet};
use crate::decode::tls::{AlertDescription, CipherSuite, ProtocolVersion};
use crate::source::probe::legacy_hello::{self, LegacyAnswer};
use crate::source::probe::packets;
use crate::source::probe::tls_client::{Offer, TlsClient};
use crate::source::probe::transitions::{self, Act, Event};
use crate::vocab::{Direction, Transcript};

/// What one connection checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Check {
    /// SSLRequest, then a rustls handshake offering these versions.
    Tls(OfferKind),
    /// A plaintext login for a made-up user: does the server refuse plaintext?
    RequireTls,
    /// One old TLS version (1.0, 1.1) with a hand-built ClientHello.
    Legacy(ProtocolVersion),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OfferKind {
    Both,
    Tls13Only,
    Tls12Only,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    AwaitGreeting,
    TlsHandshake,
    LoginSent,
    LegacySent,
    Done,
}

/// What a connection found out: typed values, put into words only by the report. Externally
/// tagged (serde's default) so postcard carries it from the probe worker to the page as is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// The TLS handshake completed.
    Tls { version: ProtocolVersion, suite: CipherSuite, chain: Vec<Vec<u8>>, sni: Option<String> },
    /// The TLS handshake failed; the chain seen so far is kept.
    TlsFailed { error: TlsError, chain: Vec<Vec<u8>> },
    /// The greeting does not offer TLS.
    NoTls { server_version: String },
    /// The server sent ERR instead of a greeting.
    RefusedBeforeGreeting { code: u16, message: String },
    /// The answer to the plaintext login.
    Login(LoginAnswer),
    /// The answer to a single old-version ClientHello.
    Legacy { version: ProtocolVersion, accepted: bool, alert: Option<AlertDescription> },
    /// The server closed the connection at this stage.
    Closed { stage: Stage },
    /// Bytes that are not MySQL where a greeting should be.
    NotMysql { detail: String },
}

/// Why a rustls handshake failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TlsError {
    /// The server sent this alert.
    Alert(AlertDescription),
    /// The server closed the connection mid-handshake.
    Closed,
    /// Anything else rustls refused, in its words.
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LoginAnswer {
    Err {
        code: u16,
        sqlstate: Option<String>,
        message: String,
    },
    /// The server asked for another auth method: it was ready to authenticate in plaintext.
    AuthSwitch {
        plugin: Option<String>,
    },
    Ok,
    Other {
        first_byte: u8,
    },
}

/// One connection's probe. Feed it the server's bytes, send what it gives you.
pub struct Probe {
    check: Check,
    server_name: String,
    random: [u8; 32],
    stage: Stage,
    transcript: Transcript,
    /// How far into `transcript.to_client` has been consumed.
    consumed: usize,
    out: Vec<u8>,
    tls: Option<TlsClient>,
    outcome: Option<Outcome>,
    server_version: Option<String>,
}

impl Probe {
    /// `server_name`: the name to send as SNI (an IP sends none). `random` feeds the
    /// hand-built ClientHello of a legacy check (the core draws no randomness itself;
    /// rustls takes its own from its crypto provider).
    pub fn new(check: Check, server_name: &str, random: [u8; 32]) -> Probe {
        Probe {
            check,
            server_name: server_name.to_owned(),
            random,
            stage: Stage::AwaitGreeting,
            transcript: Transcript::default(),
            consumed: 0,
            out: Vec::new(),
            tls: None,
            outcome: None,
            server_version: None,
        }
    }

    pub fn stage(&self) -> Stage {
        self.stage
    }

    pub fn is_done(&self) -> bool {
        self.stage == Stage::Done
    }

    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }

    pub fn transcript(&self) -> &Transcript {
        &self.transcript
    }

    pub fn server_version(&self) -> Option<&str> {
        self.server_version.as_deref()
    }

    /// Bytes to send to the server now (recorded in the transcript).
    pub fn take_output(&mut self) -> Vec<u8> {
        if let Some(tls) = self.tls.as_mut() {
            let mut buf = Vec::new();
            while tls.conn.wants_write() {
                if tls.conn.write_tls(&mut buf).is_err() {
                    break;
                }
            }
            self.out.extend_from_slice(&buf);
        }
        let out = std::mem::take(&mut self.out);
        self.transcript.push(Direction::ClientToServer, &out);
        out
    }

    /// Bytes received from the server.
    pub fn on_data(&mut self, bytes: &[u8]) {
        if bytes.is_empty() || self.is_done() {
            return;
        }
        self.transcript.push(Direction::ServerToClient, bytes);
        self.advance();
    }

    /// The server closed the connection.
    pub fn on_close(&mut self) {
        if !self.is_done() {
            let outcome = match self.tls.as_ref() {
                Some(tls) if self.stage == Stage::TlsHandshake => {
                    Outcome::TlsFailed { error: TlsError::Closed, chain: tls.chain() }
                }
                _ => Outcome::Closed { stage: self.stage },
            };
            self.finish_on(Event::Closed, outcome);
        }
    }

    fn finish(&mut self, outcome: Outcome) {
        self.outcome = Some(outcome);
        self.stage = Stage::Done;
    }

    /// Takes the table's step for `event`: the act to do now (the stage is already the next).
    /// A step the table does not have ends the check.
    fn go(&mut self, event: Event) -> Option<Act> {
        match transitions::step(self.stage, self.check, event) {
            Some((act, next)) => {
                self.stage = next;
                Some(act)
            }
            None => {
                let detail = format!("unexpected {event:?} while {:?}", self.stage);
                self.finish(Outcome::NotMysql { detail });
                None
            }
        }
    }

    /// `event` ends the check with `outcome` (the table says so for every such event).
    fn finish_on(&mut self, event: Event, outcome: Outcome) {
        if self.go(event) == Some(Act::Finish) {
            self.finish(outcome);
        }
    }

    fn next_packet(&self) -> Option<Result<Packet, String>> {
        match Framer::at(&self.transcript.to_client, self.consumed).with_max_payload(64 * 1024).next()? {
            Ok(p) => Some(Ok(p)),
            Err(crate::decode::mysql::FrameError::Incomplete { .. }) => None,
            Err(e) => Some(Err(e.to_string())),
        }
    }

    /// The next complete server packet's payload and its offset, consumed; `None` while it
    /// is incomplete, or when the bytes are not MySQL (then the probe is done).
    fn take_packet(&mut self) -> Option<(Vec<u8>, usize)> {
        match self.next_packet()? {
            Err(e) => {
                self.finish_on(Event::NotMysql, Outcome::NotMysql { detail: e });
                None
            }
            Ok(packet) => {
                self.consumed = packet.payload_range.end;
                Some((packet.payload(&self.transcript.to_client).to_vec(), packet.payload_range.start))
            }
        }
    }

    fn advance(&mut self) {
        match self.stage {
            Stage::AwaitGreeting => self.on_greeting(),
            Stage::TlsHandshake => self.on_tls(),
            Stage::LoginSent => self.on_login_answer(),
            Stage::LegacySent => self.on_legacy_answer(),
            Stage::Done => {}
        }
    }

    fn on_greeting(&mut self) {
        let Some((payload, base)) = self.take_packet() else { return };
        if payload.first() == Some(&0xFF) {
            return match ErrPacket::decode(&payload, base) {
                Ok(e) => self.finish_on(
                    Event::Err,
                    Outcome::RefusedBeforeGreeting { code: e.code.value, message: e.message.value },
                ),
                Err(e) => self.finish_on(Event::NotMysql, Outcome::NotMysql { detail: e.to_string() }),
            };
        }
        let greeting = match Greeting::decode(&payload, base) {
            Ok(g) => g,
            Err(e) => {
                let detail = format!("not a MySQL greeting: {e}");
                return self.finish_on(Event::NotMysql, Outcome::NotMysql { detail });
            }
        };
        let server_version = greeting.version().to_owned();
        self.server_version = Some(server_version.clone());
        let event = if greeting.offers_tls() { Event::Greeting } else { Event::GreetingWithoutTls };
        match (self.go(event), self.check) {
            (Some(Act::SendLogin), _) => {
                let plugin = greeting
                    .auth_plugin
                    .as_ref()
                    .map(|p| p.value.clone())
                    .unwrap_or_else(|| "mysql_native_password".into());
                self.out.extend(packets::probe_login(&plugin));
            }
            (Some(Act::StartTls), Check::Tls(kind)) => {
                let offer = match kind {
                    OfferKind::Both => Offer::Both,
                    OfferKind::Tls13Only => Offer::Tls13Only,
                    OfferKind::Tls12Only => Offer::Tls12Only,
                };
                match TlsClient::new(&self.server_name, offer) {
                    Ok(tls) => {
                        self.out.extend(packets::ssl_request());
                        self.tls = Some(tls);
                    }
                    // A name rustls cannot use: nothing was sent, the check ends here.
                    Err(e) => self.finish(Outcome::TlsFailed { error: TlsError::Other(e), chain: Vec::new() }),
                }
            }
            (Some(Act::SendLegacyHello), Check::Legacy(version)) => {
                let sni = self.server_name.parse::<std::net::IpAddr>().is_err().then_some(self.server_name.as_str());
                self.out.extend(packets::ssl_request());
                self.out.extend(legacy_hello::client_hello(version, self.random, sni));
            }
            (Some(Act::Finish), _) => self.finish(Outcome::NoTls { server_version }),
            (None, _) => {}
            (Some(act), check) => {
                self.finish(Outcome::NotMysql { detail: format!("no {act:?} for {check:?}") });
            }
        }
    }

    fn on_tls(&mut self) {
        let Some(tls) = self.tls.as_mut() else { return };
        let fresh = self.transcript.to_client.get(self.consumed..).unwrap_or_default();
        let mut reader = IoCursor::new(fresh);
        let mut refused = None;
        while (reader.position() as usize) < fresh.len() {
            match tls.conn.read_tls(&mut reader) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
            if let Err(e) = tls.conn.process_new_packets() {
                refused = Some(match e {
                    rustls::Error::AlertReceived(a) => TlsError::Alert(AlertDescription(u8::from(a))),
                    e => TlsError::Other(e.to_string()),
                });
                break;
            }
        }
        self.consumed += reader.position() as usize;
        let chain = tls.chain();
        if let Some(error) = refused {
            return self.finish_on(Event::TlsRefused, Outcome::TlsFailed { error, chain });
        }
        if tls.conn.is_handshaking() {
            self.go(Event::TlsRecords);
            return;
        }
        // rustls' enums to their wire numbers: the report names them (one name per value).
        let version = ProtocolVersion(tls.conn.protocol_version().map(u16::from).unwrap_or_default());
        let suite = CipherSuite(tls.conn.negotiated_cipher_suite().map(|s| u16::from(s.suite())).unwrap_or_default());
        let sni = self.server_name.parse::<std::net::IpAddr>().is_err().then(|| self.server_name.clone());
        if self.go(Event::TlsDone) == Some(Act::CloseNotify) {
            tls_close_notify(self.tls.as_mut());
            self.finish(Outcome::Tls { version, suite, chain, sni });
        }
    }

    fn on_login_answer(&mut self) {
        let Some((payload, base)) = self.take_packet() else { return };
        let answer = match payload.first() {
            Some(0xFF) => match ErrPacket::decode(&payload, base) {
                Ok(e) => LoginAnswer::Err {
                    code: e.code.value,
                    sqlstate: e.sqlstate.map(|s| s.value),
                    message: e.message.value,
                },
                Err(_) => LoginAnswer::Other { first_byte: 0xFF },
            },
            Some(0xFE) => LoginAnswer::AuthSwitch {
                plugin: AuthSwitchRequest::decode(&payload, base).ok().and_then(|a| a.plugin.map(|p| p.value)),
            },
            Some(0x00) => LoginAnswer::Ok,
            Some(&b) => LoginAnswer::Other { first_byte: b },
            None => LoginAnswer::Other { first_byte: 0 },
        };
        self.finish_on(Event::Answer, Outcome::Login(answer));
    }

    fn on_legacy_answer(&mut self) {
        let fresh = self.transcript.to_client.get(self.consumed..).unwrap_or_default();
        let version = match self.check {
            Check::Legacy(v) => v,
            _ => ProtocolVersion(0),
        };
        let outcome = match legacy_hello::read_answer(fresh) {
            LegacyAnswer::Incomplete => return,
            LegacyAnswer::Accepted(v) => Outcome::Legacy { version, accepted: v == version, alert: None },
            LegacyAnswer::Alert(a) => Outcome::Legacy { version, accepted: false, alert: Some(a) },
            LegacyAnswer::Other => Outcome::Legacy { version, accepted: false, alert: None },
        };
        self.finish_on(Event::Answer, outcome);
    }
}

fn tls_close_notify(tls: Option<&mut TlsClient>) {
    if let Some(tls) = tls {
        tls.conn.send_close_notify();
    }
}
