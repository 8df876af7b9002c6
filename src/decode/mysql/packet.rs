//! Packet framing: every MySQL packet is `int<3> payload_length`, `int<1> sequence_id`, then the
//! payload. This layer only cuts the stream; it never looks inside a payload.
//!
//! Spec: <https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html>.

use std::ops::Range;

use serde::Serialize;

use super::cursor::Cursor;

/// Bytes of the packet header.
pub const HEADER_LEN: usize = 4;
/// The largest payload one packet can carry; a payload of exactly this size continues in the
/// next packet.
pub const MAX_PAYLOAD: usize = 0xFF_FFFF;

/// One framed packet; ranges are absolute in the stream given to the [`Framer`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Packet {
    pub seq: u8,
    pub header_range: Range<usize>,
    pub payload_range: Range<usize>,
}

impl Packet {
    /// Header and payload.
    pub fn range(&self) -> Range<usize> {
        self.header_range.start..self.payload_range.end
    }

    pub fn payload_len(&self) -> usize {
        self.payload_range.len()
    }

    /// The payload bytes, read from the stream the packet was framed in.
    pub fn payload<'a>(&self, stream: &'a [u8]) -> &'a [u8] {
        stream.get(self.payload_range.clone()).unwrap_or_default()
    }

    /// A checked reader over the payload with absolute offsets.
    pub fn cursor<'a>(&self, stream: &'a [u8]) -> Cursor<'a> {
        Cursor::new(self.payload(stream), self.payload_range.start)
    }
}

/// Why the stream could not be cut into a packet here.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum FrameError {
    /// The stream ends inside the header or the payload (more bytes may still arrive).
    #[error("packet at byte {offset} is cut short: {needed} more byte(s) needed")]
    Incomplete { offset: usize, needed: usize },
    /// The header declares a payload longer than this context allows: usually not MySQL.
    #[error("packet at byte {offset} declares a {length}-byte payload, more than the {max} allowed here")]
    Oversize { offset: usize, length: usize, max: usize },
}

/// `(payload_length, sequence_id)` from the first four bytes, if there are four.
pub fn parse_header(bytes: &[u8]) -> Option<(usize, u8)> {
    match bytes {
        [a, b, c, seq, ..] => Some((usize::from(*a) | usize::from(*b) << 8 | usize::from(*c) << 16, *seq)),
        _ => None,
    }
}

/// Cuts a stream into packets. After an error it yields nothing more (the position of the next
/// packet is unknown).
#[derive(Debug, Clone)]
pub struct Framer<'a> {
    stream: &'a [u8],
    pos: usize,
    max_payload: usize,
    failed: bool,
}

impl<'a> Framer<'a> {
    pub fn new(stream: &'a [u8]) -> Self {
        Framer::at(stream, 0)
    }

    /// Starts at `pos` in `stream` (ranges stay relative to the whole stream).
    pub fn at(stream: &'a [u8], pos: usize) -> Self {
        Framer { stream, pos, max_payload: MAX_PAYLOAD, failed: false }
    }

    /// Caps the payload length (connection-phase packets are small; a huge length usually means
    /// the bytes are not MySQL).
    pub fn with_max_payload(mut self, max: usize) -> Self {
        self.max_payload = max;
        self
    }

    /// Where the next packet starts.
    pub fn position(&self) -> usize {
        self.pos
    }

    fn frame(&self) -> Result<Packet, FrameError> {
        let start = self.pos;
        let avail = self.stream.len().saturating_sub(start);
        let header = self.stream.get(start..).unwrap_or_default();
        // int<3> payload_length, int<1> sequence_id
        let (length, seq) = parse_header(header)
            .ok_or(FrameError::Incomplete { offset: start, needed: HEADER_LEN.saturating_sub(avail) })?;
        if length > self.max_payload {
            return Err(FrameError::Oversize { offset: start, length, max: self.max_payload });
        }
        let payload_start = start + HEADER_LEN;
        let end = payload_start + length;
        if end > self.stream.len() {
            return Err(FrameError::Incomplete { offset: start, needed: end - self.stream.len() });
        }
        Ok(Packet { seq, header_range: start..payload_start, payload_range: payload_start..end })
    }
}

impl Iterator for Framer<'_> {
    type Item = Result<Packet, FrameError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.pos >= self.stream.len() {
            return None;
        }
        let item = self.frame();
        match &item {
            Ok(p) => self.pos = p.payload_range.end,
            Err(_) => self.failed = true,
        }
        Some(item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_consecutive_packets() {
        let stream = [1, 0, 0, 0, 0xAA, 2, 0, 0, 1, 0xBB, 0xCC];
        let packets: Vec<_> = Framer::new(&stream).collect();
        assert_eq!(
            packets,
            vec![
                Ok(Packet { seq: 0, header_range: 0..4, payload_range: 4..5 }),
                Ok(Packet { seq: 1, header_range: 5..9, payload_range: 9..11 }),
            ]
        );
        let p = packets[1].clone().unwrap();
        assert_eq!(p.payload(&stream), &[0xBB, 0xCC]);
        assert_eq!(p.range(), 5..11);
    }

    #[test]
    fn reads_empty_payload() {
        let packets: Vec<_> = Framer::new(&[0, 0, 0, 3]).collect();
        assert_eq!(packets, vec![Ok(Packet { seq: 3, header_range: 0..4, payload_range: 4..4 })]);
    }

    #[test]
    fn rejects_short_header_and_payload_as_incomplete() {
        assert_eq!(Framer::new(&[5, 0]).next(), Some(Err(FrameError::Incomplete { offset: 0, needed: 2 })));
        let mut f = Framer::new(&[1, 0, 0, 0, 9, 5, 0, 0, 1, 1]);
        assert!(matches!(f.next(), Some(Ok(_))));
        assert_eq!(f.next(), Some(Err(FrameError::Incomplete { offset: 5, needed: 4 })));
        assert_eq!(f.next(), None);
    }

    #[test]
    fn rejects_oversize_payload() {
        // A TLS ClientHello record read as MySQL: length 0x010316.
        let mut f = Framer::new(&[0x16, 0x03, 0x01, 0x02, 0x00]).with_max_payload(0xFFFF);
        assert_eq!(f.next(), Some(Err(FrameError::Oversize { offset: 0, length: 0x010316, max: 0xFFFF })));
        assert_eq!(f.next(), None);
    }

    #[test]
    fn starts_at_a_position() {
        let stream = [9, 9, 1, 0, 0, 7, 0xEE];
        let p = Framer::at(&stream, 2).next().unwrap().unwrap();
        assert_eq!(p.seq, 7);
        assert_eq!(p.payload_range, 6..7);
        assert_eq!(p.cursor(&stream).offset(), 6);
    }
}
