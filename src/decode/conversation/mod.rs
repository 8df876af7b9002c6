//! One TCP connection decoded: both directions' bytes in ([`Transcript`]), MySQL and TLS
//! messages out ([`Conversation`]), and the facts the rules read ([`Evidence`]).
//!
//! ```text
//! Transcript ──► decode ──► Conversation { messages (wire order, field trees), errors }
//!                                 │
//!                                 └──► evidence ──► Evidence (greeting, SSLRequest, ERRs, hellos,
//!                                                   certificates, alerts …) ──► rules
//! ```
//!
//! The phase machine is in [`machine`]; how bytes are cut and classified, in `decoder`; each
//! message's summary line in `summary` and its field tree in `fields` (built by `fields_mysql`
//! and `fields_tls`).
//!
//! ## Comparing with tshark
//!
//! | tshark field | here |
//! |---|---|
//! | `mysql.protocol`, `mysql.version`, `mysql.thread_id` | [`crate::decode::mysql::Greeting`] `protocol`, `server_version`, `connection_id` |
//! | `mysql.caps.server` / `mysql.extcaps.server` | `Greeting::caps_low` / `caps_high` (or `capabilities.low16()` / `high16()`) |
//! | `mariadb.extcaps.server` / `mariadb.extcaps.client` | `Greeting::mariadb_caps` / `SslRequest::mariadb_caps`, `HandshakeResponse41::mariadb_caps` |
//! | `mysql.server_language`, `mysql.auth_plugin` | `Greeting::charset`, `Greeting::auth_plugin` |
//! | `mysql.caps.client` | `capabilities.value.low16()` of [`crate::decode::mysql::SslRequest`] / [`crate::decode::mysql::HandshakeResponse41`] |
//! | `mysql.error_code`, `mysql.sqlstate`, `mysql.error.message` | [`crate::decode::mysql::ErrPacket`] `code`, `sqlstate`, `message` |
//! | `tls.handshake.version` | `legacy_version` of [`crate::decode::tls::ClientHello`] / [`crate::decode::tls::ServerHello`] |
//! | `tls.handshake.ciphersuite` | `ClientHello::cipher_suites` / `ServerHello::cipher_suite` (`.0` is the number) |
//! | `tls.handshake.extensions.supported_version` | `ExtensionInfo::SupportedVersions` (`ClientHello::supported_versions()`, `ServerHello::selected_version()`) |
//! | `tls.alert_message.desc` | [`crate::decode::tls::Alert`] `description.value.0` |

mod decoder;
mod fields;
mod fields_mysql;
mod fields_tls;
pub mod machine;
pub mod message;
mod summary;

use crate::vocab::{Direction, Transcript};
pub use machine::Phase;
pub use message::{Conversation, DecodeProblem, Field, Message, MessageKind, ProblemKind};

use crate::decode::mysql::packet;
use crate::decode::tls::handshake::HandshakeType;
use crate::decode::tls::record;

/// How to decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Build each message's field tree and summary line. The decoded tree and the hex view
    /// need them; listing connections, evidence and batch runs do not, and skip most of the cost.
    /// Without them the hellos' extensions the evidence does not read are not described either
    /// ([`crate::decode::tls::extensions::Detail::Facts`]): the evidence is the same.
    pub field_trees: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { field_trees: true }
    }
}

/// Decodes one connection: the one entry point for a transcript, whatever its source. Never
/// panics; what does not decode becomes an `Unknown` message and an entry in `errors`, and
/// decoding goes on where it can.
pub fn decode(t: &Transcript) -> Conversation {
    decode_with(t, Options::default())
}

/// [`decode`] with options (e.g. without field trees).
///
/// A transcript with bytes in one direction only (a pasted greeting, SSLRequest or TLS records,
/// or a capture of one side) starts where its first bytes say, when they fit the side they
/// came from: see [`decode_one_direction`]. Everything else is decoded from the greeting on,
/// both sides checked against each other.
pub fn decode_with(t: &Transcript, options: Options) -> Conversation {
    let one_side = match (t.to_server.is_empty(), t.to_client.is_empty()) {
        (false, true) => Some((Direction::ClientToServer, &t.to_server)),
        (true, false) => Some((Direction::ServerToClient, &t.to_client)),
        _ => None,
    };
    if let Some((dir, bytes)) = one_side {
        let (guessed, phase) = guess_start(bytes);
        if guessed == dir {
            return one_direction(bytes, dir, phase, options);
        }
    }
    let settings = decoder::Settings { phase: Phase::AwaitGreeting, strict: true, field_trees: options.field_trees };
    decoder::run(&t.to_server, &t.to_client, &t.order, settings)
}

/// Decodes bytes from one direction only: who sent them and where in the handshake they start
/// are guessed from the first bytes, and messages are not checked against the other side.
pub fn decode_one_direction(bytes: &[u8]) -> Conversation {
    let (dir, phase) = guess_start(bytes);
    one_direction(bytes, dir, phase, Options::default())
}

fn one_direction(bytes: &[u8], dir: Direction, phase: Phase, options: Options) -> Conversation {
    let order = [(dir, 0..bytes.len())];
    let settings = decoder::Settings { phase, strict: false, field_trees: options.field_trees };
    match dir {
        Direction::ClientToServer => decoder::run(bytes, &[], &order, settings),
        Direction::ServerToClient => decoder::run(&[], bytes, &order, settings),
    }
}

/// Who sent `bytes` and the phase they start in, from their first bytes.
pub fn guess_start(bytes: &[u8]) -> (Direction, Phase) {
    if record::looks_like_record(bytes) {
        // A handshake record starting with a ClientHello is the client's; other TLS, the server's.
        let dir = match bytes {
            [22, _, _, _, _, t, ..] if *t == HandshakeType::CLIENT_HELLO.0 => Direction::ClientToServer,
            _ => Direction::ServerToClient,
        };
        return (dir, Phase::Tls);
    }
    match (packet::parse_header(bytes), bytes.get(packet::HEADER_LEN)) {
        // Sequence id 1 from the client: an SSLRequest or a login, right after a greeting.
        (Some((_, 1)), Some(&first)) if first != 0xFF && first != 0x00 => (Direction::ClientToServer, Phase::Greeted),
        // The server's first packet (greeting, or an ERR instead) has sequence id 0; later
        // ones answer a login.
        (Some((_, 0)), _) | (None, _) => (Direction::ServerToClient, Phase::AwaitGreeting),
        _ => (Direction::ServerToClient, Phase::PlainAuth),
    }
}

#[cfg(test)]
mod tests;
