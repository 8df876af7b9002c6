//! A capture in a link: only the handshake messages the report uses, each whole, in wire
//! order. Logins are rewritten before they go in: the user name becomes `redacted`, the auth
//! response, database and connection attributes are dropped (their capability bits cleared),
//! and the client's auth data packets are left out. Encrypted records and commands are left
//! out too — the report never reads them, and they are most of a capture's bytes.

use serde::{Deserialize, Serialize};

use crate::decode::conversation::{self, MessageKind};

use crate::decode::mysql::{Capabilities, HandshakeResponse41};
use crate::vocab::{Direction, Transcript};

/// What replaces a user name in a shared login.
pub const REDACTED_USER: &str = "redacted";
/// At most this many bytes of capture in a link.
pub const MAX_BYTES: usize = 64 * 1024;

/// Messages of one connection, in wire order: (sent by the client?, bytes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedCapture {
    pub messages: Vec<(bool, Vec<u8>)>,
}

impl SharedCapture {
    /// Keeps what the report uses; rewrites logins; drops the rest.
    pub fn trim(t: &Transcript) -> SharedCapture {
        let c = conversation::decode(t);
        let mut messages = Vec::new();
        let mut total = 0;
        for m in &c.messages {
            let bytes = t.bytes(m.dir).get(m.range.clone()).unwrap_or_default();
            let keep = match &m.kind {
                MessageKind::HandshakeResponse(hr) => Some(redacted_login(hr, m.seq.unwrap_or(1))),
                MessageKind::AuthData { .. }
                | MessageKind::Command { .. }
                | MessageKind::Encrypted { .. }
                | MessageKind::Unknown => None,
                _ => Some(bytes.to_vec()),
            };
            if let Some(b) = keep {
                total += b.len();
                if total > MAX_BYTES {
                    break;
                }
                messages.push((m.dir == Direction::ClientToServer, b));
            }
        }
        SharedCapture { messages }
    }

    pub fn into_transcript(self) -> Transcript {
        let mut t = Transcript::default();
        for (to_server, bytes) in self.messages.into_iter().take(4096) {
            t.push(if to_server { Direction::ClientToServer } else { Direction::ServerToClient }, &bytes);
        }
        t
    }
}

/// The login with nothing personal in it, same framing and sequence id.
fn redacted_login(hr: &HandshakeResponse41, seq: u8) -> Vec<u8> {
    let caps = hr.capabilities.value.0
        & !(Capabilities::CLIENT_CONNECT_WITH_DB
            | Capabilities::CLIENT_CONNECT_ATTRS
            | Capabilities::CLIENT_ZSTD_COMPRESSION_ALGORITHM);
    let mut p = Vec::new();
    p.extend_from_slice(&caps.to_le_bytes()); // int<4> client_flag
    p.extend_from_slice(&hr.max_packet.value.to_le_bytes()); // int<4> max_packet_size
    p.push(hr.charset.value); // int<1> character_set
    let mut filler = hr.filler.value.clone(); // 23 bytes, or 19 + MariaDB's 4
    filler.resize(23 - if hr.mariadb_caps.is_some() { 4 } else { 0 }, 0);
    p.extend_from_slice(&filler);
    if let Some(mc) = &hr.mariadb_caps {
        p.extend_from_slice(&mc.value.0.to_le_bytes());
    }
    p.extend_from_slice(REDACTED_USER.as_bytes()); // string<NUL> username
    p.push(0);
    let c = Capabilities(caps);
    // An empty auth response is one 0 byte in all three encodings (lenenc, 1-byte length,
    // NUL-terminated).
    p.push(0);
    if c.contains(Capabilities::CLIENT_PLUGIN_AUTH) {
        if let Some(plugin) = &hr.auth_plugin {
            p.extend_from_slice(plugin.value.as_bytes()); // string<NUL> client_plugin_name
        }
        p.push(0);
    }
    let len = p.len() as u32;
    let mut out = len.to_le_bytes()[..3].to_vec();
    out.push(seq);
    out.extend_from_slice(&p);
    out
}
