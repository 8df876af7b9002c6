//! The field tree of each kind of message (after its packet or record header): which builder
//! in `fields_mysql` / `fields_tls` applies, and the nodes for messages with no decoded body.

use std::ops::Range;

use super::fields_mysql as fm;
use super::fields_tls as ft;
use super::message::{Field, MessageKind};
use crate::vocab::Direction;

/// The content fields of a message (after its packet or record header).
pub(super) fn fields(kind: &MessageKind, dir: Direction, content: Range<usize>, stream: &[u8]) -> Vec<Field> {
    let bytes = stream.get(content.clone()).unwrap_or_default();
    match kind {
        MessageKind::Greeting(g) => fm::greeting(g),
        MessageKind::Err(e) => fm::err(e),
        MessageKind::SslRequest(r) => fm::ssl_request(r),
        MessageKind::HandshakeResponse(r) => fm::handshake_response(r),
        MessageKind::Ok(o) => fm::ok(o),
        MessageKind::AuthSwitch(a) => fm::auth_switch(a),
        MessageKind::AuthMoreData(a) => fm::auth_more_data(a),
        MessageKind::AuthData { len } => {
            vec![Field::new("auth data", format!("{} ({len} bytes)", crate::decode::mysql::Redacted), content)]
        }
        MessageKind::Command { len } => {
            vec![Field::new("payload", format!("{len} bytes"), content)]
        }
        MessageKind::ClientHello(c) => ft::client_hello(c),
        MessageKind::ServerHello(s) => ft::server_hello(s),
        MessageKind::Certificate(c) => ft::certificate(c),
        MessageKind::Handshake { .. } => Vec::new(),
        MessageKind::Alert(a) => ft::alert(a),
        MessageKind::ChangeCipherSpec => vec![Field::new("message", fm::hex(bytes), content)],
        MessageKind::Encrypted { len, .. } => {
            vec![Field::new("encrypted data", format!("{len} bytes"), content)]
        }
        MessageKind::TlsRecord { .. } => vec![Field::new("data", fm::hex(bytes), content)],
        // Client bytes that did not decode may be a broken login: no values from them.
        MessageKind::Unknown if dir == Direction::ClientToServer => {
            vec![Field::new("bytes", format!("{} bytes", bytes.len()), content)]
        }
        MessageKind::Unknown => vec![Field::new("bytes", fm::hex(bytes), content)],
    }
}
