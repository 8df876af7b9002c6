//! The one-line summary of each kind of message, as the decoded view lists it; the words per
//! message are in `fields_mysql` and `fields_tls`, this only picks one.

use std::ops::Range;

use super::fields_mysql as fm;
use super::fields_tls as ft;
use super::message::MessageKind;
use crate::vocab::Direction;

/// The one-line summary of a message.
pub(super) fn summary(kind: &MessageKind, dir: Direction, content: &Range<usize>) -> String {
    match kind {
        MessageKind::Greeting(g) => fm::greeting_summary(g),
        MessageKind::Err(e) => fm::err_summary(e),
        MessageKind::SslRequest(r) => fm::ssl_request_summary(r),
        MessageKind::HandshakeResponse(r) => fm::handshake_response_summary(r),
        MessageKind::Ok(_) => "OK".to_string(),
        MessageKind::AuthSwitch(a) => fm::auth_switch_summary(a),
        MessageKind::AuthMoreData(a) => fm::auth_more_data_summary(a),
        MessageKind::AuthData { len } => {
            format!("Auth data from the client ({len} bytes, redacted)")
        }
        MessageKind::Command { len } => format!("Command-phase packet ({len} bytes, not decoded)"),
        MessageKind::ClientHello(c) => ft::client_hello_summary(c),
        MessageKind::ServerHello(s) => ft::server_hello_summary(s),
        MessageKind::Certificate(c) => ft::certificate_summary(c),
        MessageKind::Handshake { msg_type } => format!("Handshake: {msg_type}"),
        MessageKind::Alert(a) => ft::alert_summary(a, dir.sender()),
        MessageKind::ChangeCipherSpec => "ChangeCipherSpec".to_string(),
        MessageKind::Encrypted { content_type, len, .. } => {
            format!("Encrypted {} record ({len} bytes)", content_type.name().unwrap_or("unknown"))
        }
        MessageKind::TlsRecord { content_type, len } => {
            format!("TLS {content_type} record ({len} bytes)")
        }
        MessageKind::Unknown => format!("{} undecoded bytes", content.len()),
    }
}
