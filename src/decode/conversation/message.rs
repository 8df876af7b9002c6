//! What the conversation decoder produces: messages in wire order, each with a one-line
//! summary and a field tree (name, value, byte range, children) that drives the decoded tree
//! and the hex highlighting in the views; and the problems met on the way.

use std::ops::Range;

use serde::Serialize;

use super::machine::{Event, Phase};
use crate::decode::mysql::{
    AuthMoreData, AuthSwitchRequest, ErrPacket, FrameError, Greeting, HandshakeResponse41, OkPacket, SslRequest,
};
use crate::decode::tls::{Alert, Certificate, ClientHello, ContentType, HandshakeType, ProtocolVersion, ServerHello};
use crate::text::safe;
use crate::vocab::Direction;

/// One decoded connection.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Conversation {
    /// In wire order.
    pub messages: Vec<Message>,
    pub errors: Vec<DecodeProblem>,
}

impl Conversation {
    pub fn in_direction(&self, dir: Direction) -> impl Iterator<Item = &Message> {
        self.messages.iter().filter(move |m| m.dir == dir)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    pub dir: Direction,
    /// 0 for the first message of its direction.
    pub index_in_dir: usize,
    /// Absolute in the direction's bytes (a TLS message includes its record header).
    pub range: Range<usize>,
    /// The MySQL sequence id; `None` for TLS.
    pub seq: Option<u8>,
    pub kind: MessageKind,
    /// One line, made safe.
    pub summary: String,
    pub fields: Vec<Field>,
}

/// What a message is, with its decoded content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "decoded", rename_all = "snake_case")]
pub enum MessageKind {
    Greeting(Greeting),
    Err(ErrPacket),
    SslRequest(SslRequest),
    HandshakeResponse(HandshakeResponse41),
    Ok(OkPacket),
    AuthSwitch(AuthSwitchRequest),
    AuthMoreData(AuthMoreData),
    /// The client's answer to an AuthSwitchRequest or AuthMoreData: password-derived, so only
    /// its length is kept.
    AuthData {
        len: usize,
    },
    /// A packet after the login (queries, results): not decoded.
    Command {
        len: usize,
    },
    ClientHello(ClientHello),
    ServerHello(ServerHello),
    Certificate(Certificate),
    /// Another plaintext handshake message, named only.
    Handshake {
        msg_type: HandshakeType,
    },
    Alert(Alert),
    ChangeCipherSpec,
    /// A record whose content is encrypted (after ChangeCipherSpec, or application_data).
    Encrypted {
        content_type: ContentType,
        version: ProtocolVersion,
        len: usize,
    },
    /// A plaintext record of another type (e.g. heartbeat).
    TlsRecord {
        content_type: ContentType,
        len: usize,
    },
    /// Bytes that did not decode; see the conversation's errors.
    Unknown,
}

impl MessageKind {
    /// The phase machine's view of this message.
    pub fn event(&self) -> Event {
        match self {
            MessageKind::Greeting(_) => Event::Greeting,
            MessageKind::Err(_) => Event::Err,
            MessageKind::SslRequest(_) => Event::SslRequest,
            MessageKind::HandshakeResponse(_) => Event::HandshakeResponse,
            MessageKind::Ok(_) => Event::Ok,
            MessageKind::AuthSwitch(_) => Event::AuthSwitch,
            MessageKind::AuthMoreData(_) => Event::AuthMoreData,
            MessageKind::AuthData { .. } => Event::AuthData,
            MessageKind::Command { .. } => Event::Command,
            MessageKind::ClientHello(_)
            | MessageKind::ServerHello(_)
            | MessageKind::Certificate(_)
            | MessageKind::Handshake { .. }
            | MessageKind::Alert(_)
            | MessageKind::ChangeCipherSpec
            | MessageKind::Encrypted { .. }
            | MessageKind::TlsRecord { .. } => Event::Tls,
            MessageKind::Unknown => Event::Unknown,
        }
    }

    /// A short type name for packet lists.
    pub fn label(&self) -> &'static str {
        match self {
            MessageKind::Greeting(_) => "Greeting",
            MessageKind::Err(_) => "ERR",
            MessageKind::SslRequest(_) => "SSLRequest",
            MessageKind::HandshakeResponse(_) => "HandshakeResponse",
            MessageKind::Ok(_) => "OK",
            MessageKind::AuthSwitch(_) => "AuthSwitchRequest",
            MessageKind::AuthMoreData(_) => "AuthMoreData",
            MessageKind::AuthData { .. } => "Auth data",
            MessageKind::Command { .. } => "Command phase",
            MessageKind::ClientHello(_) => "ClientHello",
            MessageKind::ServerHello(_) => "ServerHello",
            MessageKind::Certificate(_) => "Certificate",
            MessageKind::Handshake { .. } => "Handshake",
            MessageKind::Alert(_) => "Alert",
            MessageKind::ChangeCipherSpec => "ChangeCipherSpec",
            MessageKind::Encrypted { .. } => "Encrypted",
            MessageKind::TlsRecord { .. } => "TLS record",
            MessageKind::Unknown => "Unknown",
        }
    }
}

/// A node of the decoded tree. The value has been made safe ([`crate::text::safe`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    pub name: &'static str,
    pub value: String,
    pub range: Range<usize>,
    pub children: Vec<Field>,
}

impl Field {
    pub fn new(name: &'static str, value: impl AsRef<str>, range: Range<usize>) -> Field {
        Field { name, value: safe_text(value.as_ref()), range, children: Vec::new() }
    }

    pub fn with(mut self, children: Vec<Field>) -> Field {
        self.children = children;
        self
    }

    /// The first field named `name`, searching depth-first.
    pub fn find<'a>(fields: &'a [Field], name: &str) -> Option<&'a Field> {
        fields.iter().find_map(|f| if f.name == name { Some(f) } else { Field::find(&f.children, name) })
    }
}

/// [`safe`], with a fast path: most values are printable ASCII, which `safe` leaves alone.
pub(super) fn safe_text(s: &str) -> String {
    if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        s.to_owned()
    } else {
        safe(s)
    }
}

/// What went wrong, per layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "layer", content = "error", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// MySQL packet framing.
    #[error("MySQL framing: {0}")]
    Frame(FrameError),
    /// A MySQL payload.
    #[error("MySQL: {0}")]
    Mysql(crate::decode::mysql::DecodeError),
    /// TLS records or handshake messages.
    #[error("TLS: {0}")]
    Tls(crate::decode::tls::DecodeError),
    /// A message the protocol does not allow here; decoding went on.
    #[error("{event} from the {sender} was not expected {phase}")]
    Unexpected { phase: Phase, event: Event, sender: &'static str },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecodeProblem {
    pub dir: Direction,
    /// Absolute in the direction's bytes.
    pub offset: usize,
    pub kind: ProblemKind,
    /// The kind as one safe sentence.
    pub message: String,
}

impl DecodeProblem {
    pub fn new(dir: Direction, offset: usize, kind: ProblemKind) -> DecodeProblem {
        let message = safe(&format!("{} bytes: {kind}", dir.sender()));
        DecodeProblem { dir, offset, kind, message }
    }

    /// The input ended too early (more bytes might have fixed it).
    pub fn is_incomplete(&self) -> bool {
        matches!(
            self.kind,
            ProblemKind::Frame(FrameError::Incomplete { .. })
                | ProblemKind::Mysql(crate::decode::mysql::DecodeError::Truncated { .. })
                | ProblemKind::Tls(crate::decode::tls::DecodeError::Truncated { .. })
        )
    }
}
