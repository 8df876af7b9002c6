//! Handshake messages (`HandshakeType msg_type; uint24 length; body`) are a stream of their
//! own, carried in handshake records: one record may hold several messages and one message may
//! span several records (a long certificate chain). This buffer joins fragments, remembers
//! where each byte came from ([`Locator`]), and hands out complete messages. It is capped: a
//! message longer than the cap is refused when its header is seen, not after buffering it.
//!
//! Spec: RFC 8446 §4 <https://www.rfc-editor.org/rfc/rfc8446#section-4>, §5.1 (fragmentation).

use std::ops::Range;

use super::handshake::HandshakeType;
use super::reader::{Locator, Reader};
use super::{DecodeError, Spanned};

/// Bytes of the handshake message header.
pub const HANDSHAKE_HEADER_LEN: usize = 4;

/// One complete handshake message, possibly joined from several records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawHandshake {
    pub msg_type: Spanned<HandshakeType>,
    pub length: Spanned<u32>,
    /// Header and body.
    pub bytes: Vec<u8>,
    pub locator: Locator,
}

impl RawHandshake {
    /// From the first header byte to the last body byte (record headers in between included).
    pub fn range(&self) -> Range<usize> {
        self.locator.range(0..self.bytes.len())
    }

    /// A reader over the body.
    pub fn body(&self) -> Reader<'_> {
        let mut r = Reader::new(&self.bytes, &self.locator);
        // The header was checked when the message was cut; skipping it cannot fail.
        let _ = r.take(HANDSHAKE_HEADER_LEN, "handshake header");
        r
    }
}

#[derive(Debug, Clone)]
pub struct HandshakeReassembler {
    buf: Vec<u8>,
    loc: Locator,
    max_message: usize,
}

impl Default for HandshakeReassembler {
    fn default() -> Self {
        HandshakeReassembler::new()
    }
}

impl HandshakeReassembler {
    /// Enough for any real certificate chain; far below the 16 MiB a uint24 allows.
    pub const DEFAULT_MAX_MESSAGE: usize = 256 * 1024;

    pub fn new() -> Self {
        HandshakeReassembler { buf: Vec::new(), loc: Locator::default(), max_message: Self::DEFAULT_MAX_MESSAGE }
    }

    pub fn with_max_message(mut self, max: usize) -> Self {
        self.max_message = max;
        self
    }

    /// Adds a handshake record's fragment found at `stream_start`.
    pub fn push(&mut self, fragment: &[u8], stream_start: usize) {
        self.buf.extend_from_slice(fragment);
        self.loc.push(stream_start, fragment.len());
    }

    /// Bytes waiting for the rest of their message.
    pub fn pending(&self) -> usize {
        self.buf.len()
    }

    /// Where the waiting bytes are, if any.
    pub fn pending_range(&self) -> Option<Range<usize>> {
        (!self.buf.is_empty()).then(|| self.loc.range(0..self.buf.len()))
    }

    /// The bytes still needed to complete the waiting message (0 when nothing waits).
    pub fn needed(&self) -> usize {
        match self.buf.as_slice() {
            [] => 0,
            [_, a, b, c, ..] => {
                let len = usize::from(*a) << 16 | usize::from(*b) << 8 | usize::from(*c);
                (HANDSHAKE_HEADER_LEN + len).saturating_sub(self.buf.len())
            }
            short => HANDSHAKE_HEADER_LEN - short.len(),
        }
    }

    pub fn clear(&mut self) {
        self.buf.clear();
        self.loc = Locator::default();
    }

    /// The next complete message, `None` while incomplete, or `Oversize` (the buffer is then
    /// dropped: where the next message starts is unknown).
    pub fn next_message(&mut self) -> Option<Result<RawHandshake, DecodeError>> {
        let [t, a, b, c, ..] = *self.buf.as_slice() else {
            return None;
        };
        let len = usize::from(a) << 16 | usize::from(b) << 8 | usize::from(c);
        if len > self.max_message {
            let offset = self.loc.offset(1);
            self.clear();
            return Some(Err(DecodeError::Oversize {
                offset,
                what: "handshake message length",
                length: len,
                max: self.max_message,
            }));
        }
        let total = HANDSHAKE_HEADER_LEN + len;
        if self.buf.len() < total {
            return None;
        }
        let rest = self.buf.split_off(total);
        let bytes = std::mem::replace(&mut self.buf, rest);
        let locator = self.loc.split_front(total);
        Some(Ok(RawHandshake {
            msg_type: Spanned::new(HandshakeType(t), locator.range(0..1)), // HandshakeType msg_type
            length: Spanned::new(len as u32, locator.range(1..4)),         // uint24 length
            bytes,
            locator,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_two_messages_from_one_fragment() {
        let mut r = HandshakeReassembler::new();
        r.push(&[14, 0, 0, 0, 20, 0, 0, 1, 7], 5);
        let m = r.next_message().unwrap().unwrap();
        assert_eq!(m.msg_type, Spanned::new(HandshakeType::SERVER_HELLO_DONE, 5..6));
        assert_eq!(m.range(), 5..9);
        let m = r.next_message().unwrap().unwrap();
        assert_eq!(m.length, Spanned::new(1, 10..13));
        assert_eq!(m.range(), 9..14);
        assert!(r.next_message().is_none());
        assert_eq!(r.pending(), 0);
    }

    #[test]
    fn reads_message_spanning_records() {
        let mut r = HandshakeReassembler::new();
        // Record 1 at 0..5 header, fragment 5..8; record 2 header 8..13, fragment 13..16.
        r.push(&[11, 0, 0], 5);
        assert!(r.next_message().is_none());
        assert_eq!(r.needed(), 1);
        r.push(&[2, 0xAA, 0xBB], 13);
        let m = r.next_message().unwrap().unwrap();
        assert_eq!(m.length, Spanned::new(2, 6..14));
        assert_eq!(m.range(), 5..16);
        let mut body = m.body();
        assert_eq!(body.u8("x").unwrap(), Spanned::new(0xAA, 14..15));
    }

    #[test]
    fn rejects_oversize_message_early() {
        let mut r = HandshakeReassembler::new().with_max_message(100);
        r.push(&[11, 0x01, 0, 0], 5);
        assert_eq!(
            r.next_message(),
            Some(Err(DecodeError::Oversize {
                offset: 6,
                what: "handshake message length",
                length: 0x010000,
                max: 100
            }))
        );
        assert_eq!(r.pending(), 0);
        assert_eq!(r.pending_range(), None);
    }
}
