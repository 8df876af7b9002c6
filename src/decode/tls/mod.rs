//! TLS as seen on a MySQL connection after the SSLRequest: record framing, handshake-message
//! reassembly, and the messages a diagnosis needs (ClientHello, ServerHello, Certificate, Alert,
//! ChangeCipherSpec). Anything encrypted is only marked as such.
//!
//! Specs: RFC 8446 (TLS 1.3) <https://www.rfc-editor.org/rfc/rfc8446>, RFC 5246 (TLS 1.2)
//! <https://www.rfc-editor.org/rfc/rfc5246>. Extension bodies are read by the `tls-parser`
//! crate; the framing here is our own so every field keeps its absolute byte range
//! ([`Spanned`]), even when a message spans records ([`Locator`]). The names of suites,
//! versions, content types, handshake types, alerts and extensions are our own tables
//! (`open_enum!`, one entry per value): tls-parser's registry would weigh ~10 KB gzip in the
//! page for names no MySQL peer sends ([`suites`]).

pub mod alert;
pub mod extensions;
pub mod handshake;
pub mod reader;
pub mod reassembly;
pub mod record;
pub mod suites;

use serde::Serialize;

pub use crate::vocab::Spanned;
pub use alert::{Alert, AlertDescription, AlertLevel};
pub use extensions::{Extension, ExtensionInfo, ExtensionType};
pub use handshake::{Certificate, ClientHello, HandshakeBody, HandshakeType, ServerHello};
pub use reader::{Locator, Reader};
pub use reassembly::{HandshakeReassembler, RawHandshake};
pub use record::{ContentType, ProtocolVersion, Record, RecordFramer};
pub use suites::CipherSuite;

/// Why TLS bytes did not decode. Offsets are absolute in the direction's stream.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum DecodeError {
    /// The bytes end inside a field or record: incomplete, not invalid.
    #[error("{what} at byte {offset} is cut short: {needed} more byte(s) needed")]
    Truncated { offset: usize, what: &'static str, needed: usize },
    /// A field holds a value the format does not allow.
    #[error("{what} at byte {offset}: expected {expected}, got {got}")]
    Invalid { offset: usize, what: &'static str, expected: &'static str, got: String },
    /// A length above the cap for its context.
    #[error("{what} at byte {offset} declares {length} bytes, more than the {max} allowed")]
    Oversize { offset: usize, what: &'static str, length: usize, max: usize },
    /// Bytes left over after the last field.
    #[error("{count} unexpected byte(s) after the {what} at byte {offset}")]
    Trailing { offset: usize, what: &'static str, count: usize },
    /// tls-parser rejected an extension's body; the rest of the message still decodes.
    #[error("extension {ext_type:#06x} at byte {offset} does not decode: {reason}")]
    Extension { offset: usize, ext_type: u16, reason: String },
}

impl DecodeError {
    pub fn offset(&self) -> usize {
        match self {
            DecodeError::Truncated { offset, .. }
            | DecodeError::Invalid { offset, .. }
            | DecodeError::Oversize { offset, .. }
            | DecodeError::Trailing { offset, .. }
            | DecodeError::Extension { offset, .. } => *offset,
        }
    }
}

/// GREASE values (RFC 8701) look like 0x?A?A with both bytes equal.
pub(crate) fn is_grease(v: u16) -> bool {
    v & 0x0F0F == 0x0A0A && (v >> 8) == (v & 0xFF)
}
