//! The input of the conversation decoder: one TCP connection's payload per direction, and the
//! order in which chunks of it went on the wire. Captures and the live probe both produce it.

use std::ops::Range;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    ClientToServer,
    ServerToClient,
}

impl Direction {
    /// "client" or "server": who sent bytes going this way.
    pub fn sender(self) -> &'static str {
        match self {
            Direction::ClientToServer => "client",
            Direction::ServerToClient => "server",
        }
    }

    pub fn arrow(self) -> &'static str {
        match self {
            Direction::ClientToServer => "C→S",
            Direction::ServerToClient => "S→C",
        }
    }
}

/// One TCP connection's payload: each direction's bytes, and the order in which chunks of them
/// went on the wire. Deserialize only: it may hold a login (user name, auth data), so it is
/// read from inputs but never written into a report or a link as is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Transcript {
    pub to_server: Vec<u8>,
    pub to_client: Vec<u8>,
    /// (direction, range into that direction's bytes), in wire order
    pub order: Vec<(Direction, Range<usize>)>,
}

impl Transcript {
    /// Both directions sent in alternating chunks of at most `chunk` bytes, server first: a
    /// stand-in wire order for tests and fuzzing.
    pub fn alternating(to_server: Vec<u8>, to_client: Vec<u8>, chunk: usize) -> Transcript {
        let chunk = chunk.max(1);
        let mut order = Vec::new();
        let (mut s, mut c) = (0, 0);
        while s < to_client.len() || c < to_server.len() {
            if s < to_client.len() {
                let end = to_client.len().min(s + chunk);
                order.push((Direction::ServerToClient, s..end));
                s = end;
            }
            if c < to_server.len() {
                let end = to_server.len().min(c + chunk);
                order.push((Direction::ClientToServer, c..end));
                c = end;
            }
        }
        Transcript { to_server, to_client, order }
    }

    /// Appends `bytes` sent `dir`, as the next chunk on the wire.
    pub fn push(&mut self, dir: Direction, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        let buf = match dir {
            Direction::ClientToServer => &mut self.to_server,
            Direction::ServerToClient => &mut self.to_client,
        };
        let start = buf.len();
        buf.extend_from_slice(bytes);
        self.order.push((dir, start..buf.len()));
    }

    /// A transcript of `parts` in wire order.
    pub fn from_parts<B: AsRef<[u8]>>(parts: &[(Direction, B)]) -> Transcript {
        let mut t = Transcript::default();
        for (dir, bytes) in parts {
            t.push(*dir, bytes.as_ref());
        }
        t
    }

    /// The bytes that went `dir`.
    pub fn bytes(&self, dir: Direction) -> &[u8] {
        match dir {
            Direction::ClientToServer => &self.to_server,
            Direction::ServerToClient => &self.to_client,
        }
    }
}
