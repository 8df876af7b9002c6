//! The MySQL client/server protocol, connection phase: framing, greeting, SSLRequest,
//! HandshakeResponse41, ERR/OK and the authentication exchange.
//!
//! Specs: <https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html>,
//! MariaDB: <https://mariadb.com/kb/en/connection/>.
//!
//! Two layers, two error types: [`packet`] frames the stream (3-byte length + sequence id,
//! [`packet::FrameError`]); the message decoders read one payload through a checked
//! [`cursor::Cursor`] and fail with [`DecodeError`]. Every decoded field keeps the absolute
//! byte range it came from ([`Spanned`]), so a view can highlight it.

pub mod auth;
pub mod caps;
pub mod cursor;
pub mod err;
pub mod greeting;
pub mod handshake_response;
pub mod ok;
pub mod packet;
pub mod ssl_request;

use serde::Serialize;

pub use crate::vocab::Spanned;
pub use auth::{AuthMoreData, AuthSwitchRequest};
pub use caps::{Capabilities, MariaDbCapabilities};
pub use cursor::Cursor;
pub use err::ErrPacket;
pub use greeting::Greeting;
pub use handshake_response::{HandshakeResponse41, Redacted};
pub use ok::OkPacket;
pub use packet::{FrameError, Framer, Packet};
pub use ssl_request::{SslRequest, Tool};

/// Why a MySQL payload did not decode. Offsets are absolute in the direction's stream.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum DecodeError {
    /// The payload ended inside a field: incomplete, not invalid.
    #[error("{what} at byte {offset} is cut short: {needed} more byte(s) needed")]
    Truncated { offset: usize, what: &'static str, needed: usize },
    /// A NUL-terminated string runs to the end of its payload.
    #[error("{what} at byte {offset} has no NUL terminator before the end of the packet")]
    Unterminated { offset: usize, what: &'static str },
    /// A field holds a value the format does not allow.
    #[error("{what} at byte {offset}: expected {expected}, got {got}")]
    Invalid { offset: usize, what: &'static str, expected: &'static str, got: String },
    /// A value the format allows but this decoder does not read.
    #[error("{what} at byte {offset}: {got} is not supported ({hint})")]
    Unsupported { offset: usize, what: &'static str, got: String, hint: &'static str },
    /// Bytes left over after the last field of a message.
    #[error("{count} unexpected byte(s) after the {what} at byte {offset}")]
    Trailing { offset: usize, what: &'static str, count: usize },
}

impl DecodeError {
    /// Where in the stream the problem is.
    pub fn offset(&self) -> usize {
        match self {
            DecodeError::Truncated { offset, .. }
            | DecodeError::Unterminated { offset, .. }
            | DecodeError::Invalid { offset, .. }
            | DecodeError::Unsupported { offset, .. }
            | DecodeError::Trailing { offset, .. } => *offset,
        }
    }
}

/// Bytes as text for display: lossy UTF-8 (the decoders keep the raw range).
pub(crate) fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
