//! TLS record framing: `ContentType type; ProtocolVersion legacy_record_version; uint16 length;
//! opaque fragment[length]` with the length capped, so a stream that is not TLS is refused at
//! the first header instead of being read as one huge record.
//!
//! Spec: RFC 8446 §5.1 <https://www.rfc-editor.org/rfc/rfc8446#section-5.1>, RFC 5246 §6.2.

use std::ops::Range;

use serde::Serialize;

use super::{DecodeError, Spanned};

pub const RECORD_HEADER_LEN: usize = 5;
/// The largest fragment any TLS version allows (TLSCiphertext in TLS 1.2: 2^14 + 2048).
pub const MAX_FRAGMENT_LEN: usize = (1 << 14) + 2048;

crate::decode::newtype::open_enum! {
    /// The record's content type; unknown values are kept.
    pub struct ContentType(u8), display decimal;
    CHANGE_CIPHER_SPEC = 20 => "change_cipher_spec",
    ALERT = 21 => "alert",
    HANDSHAKE = 22 => "handshake",
    APPLICATION_DATA = 23 => "application_data",
    HEARTBEAT = 24 => "heartbeat",
}

crate::decode::newtype::open_enum! {
    /// A protocol version as on the wire (`0x0303` = TLS 1.2); unknown values are kept.
    #[derive(PartialOrd, Ord)]
    pub struct ProtocolVersion(u16), display hex, grease;
    SSL_3_0 = 0x0300 => "SSL 3.0",
    TLS_1_0 = 0x0301 => "TLS 1.0",
    TLS_1_1 = 0x0302 => "TLS 1.1",
    TLS_1_2 = 0x0303 => "TLS 1.2",
    TLS_1_3 = 0x0304 => "TLS 1.3",
}

impl ProtocolVersion {
    pub fn is_grease(self) -> bool {
        super::is_grease(self.0)
    }
}

/// One record's header and where its fragment is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    pub content_type: Spanned<ContentType>,
    pub version: Spanned<ProtocolVersion>,
    pub length: Spanned<u16>,
    pub fragment: Range<usize>,
}

impl Record {
    pub fn range(&self) -> Range<usize> {
        self.content_type.range.start..self.fragment.end
    }

    pub fn header_range(&self) -> Range<usize> {
        self.content_type.range.start..self.fragment.start
    }

    pub fn fragment<'a>(&self, stream: &'a [u8]) -> &'a [u8] {
        stream.get(self.fragment.clone()).unwrap_or_default()
    }
}

/// Whether `bytes` start like a TLS record header: a known content type and major version 3
/// with minor ≤ 4. Three bytes decide; MySQL's ERR 1043 after a failed handshake starts
/// `16 00 00 02` (payload length 0x16), which fails the version test.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
pub fn looks_like_record(bytes: &[u8]) -> bool {
    matches!(bytes, [20..=24, 3, 0..=4, ..])
}

/// Decodes the record header at `pos` of `stream`.
pub fn read_record(stream: &[u8], pos: usize) -> Result<Record, DecodeError> {
    let header = stream.get(pos..).unwrap_or_default();
    let [ct, major, minor, l1, l2, ..] = *header else {
        return Err(DecodeError::Truncated {
            offset: pos,
            what: "TLS record header",
            needed: RECORD_HEADER_LEN - header.len(),
        });
    };
    if !(20..=24).contains(&ct) {
        return Err(DecodeError::Invalid {
            offset: pos,
            what: "TLS content type",
            expected: "20–24 (change_cipher_spec, alert, handshake, application_data, heartbeat)",
            got: ct.to_string(),
        });
    }
    if major != 3 {
        return Err(DecodeError::Invalid {
            offset: pos + 1,
            what: "TLS record version",
            expected: "0x03xx",
            got: format!("{:#06x}", u16::from_be_bytes([major, minor])),
        });
    }
    let length = u16::from_be_bytes([l1, l2]);
    if usize::from(length) > MAX_FRAGMENT_LEN {
        return Err(DecodeError::Oversize {
            offset: pos + 3,
            what: "TLS record length",
            length: usize::from(length),
            max: MAX_FRAGMENT_LEN,
        });
    }
    let start = pos + RECORD_HEADER_LEN;
    let end = start + usize::from(length);
    if end > stream.len() {
        return Err(DecodeError::Truncated { offset: pos, what: "TLS record", needed: end - stream.len() });
    }
    Ok(Record {
        content_type: Spanned::new(ContentType(ct), pos..pos + 1), // uint8 type
        version: Spanned::new(ProtocolVersion(u16::from_be_bytes([major, minor])), pos + 1..pos + 3), // uint16 legacy_record_version
        length: Spanned::new(length, pos + 3..pos + 5),                                               // uint16 length
        fragment: start..end, // opaque fragment[length]
    })
}

/// Cuts a stream into records; stops after the first error.
#[derive(Debug, Clone)]
pub struct RecordFramer<'a> {
    stream: &'a [u8],
    pos: usize,
    failed: bool,
}

impl<'a> RecordFramer<'a> {
    pub fn new(stream: &'a [u8]) -> Self {
        RecordFramer::at(stream, 0)
    }

    pub fn at(stream: &'a [u8], pos: usize) -> Self {
        RecordFramer { stream, pos, failed: false }
    }

    pub fn position(&self) -> usize {
        self.pos
    }
}

impl Iterator for RecordFramer<'_> {
    type Item = Result<Record, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.pos >= self.stream.len() {
            return None;
        }
        let item = read_record(self.stream, self.pos);
        match &item {
            Ok(r) => self.pos = r.fragment.end,
            Err(_) => self.failed = true,
        }
        Some(item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_whole() {
        let stream = [0x14, 3, 3, 0, 1, 1, 0x15, 3, 3, 0, 2, 2, 48];
        let records: Vec<_> = RecordFramer::new(&stream).collect();
        assert_eq!(
            records,
            vec![
                Ok(Record {
                    content_type: Spanned::new(ContentType::CHANGE_CIPHER_SPEC, 0..1),
                    version: Spanned::new(ProtocolVersion::TLS_1_2, 1..3),
                    length: Spanned::new(1, 3..5),
                    fragment: 5..6,
                }),
                Ok(Record {
                    content_type: Spanned::new(ContentType::ALERT, 6..7),
                    version: Spanned::new(ProtocolVersion::TLS_1_2, 7..9),
                    length: Spanned::new(2, 9..11),
                    fragment: 11..13,
                }),
            ]
        );
    }

    #[test]
    fn rejects_mysql_err_1043_as_not_tls() {
        let err_1043 = [0x16, 0, 0, 2, 0xFF, 0x13, 0x04];
        assert!(!looks_like_record(&err_1043));
        assert_eq!(
            read_record(&err_1043, 0),
            Err(DecodeError::Invalid {
                offset: 1,
                what: "TLS record version",
                expected: "0x03xx",
                got: "0x0000".into()
            })
        );
        assert!(looks_like_record(&[0x16, 3, 1]));
    }

    #[test]
    fn rejects_bad_type_oversize_and_short() {
        assert!(matches!(
            read_record(&[0x0A, 3, 3, 0, 0], 0),
            Err(DecodeError::Invalid { offset: 0, what: "TLS content type", .. })
        ));
        assert_eq!(
            read_record(&[0x17, 3, 3, 0xFF, 0xFF], 0),
            Err(DecodeError::Oversize { offset: 3, what: "TLS record length", length: 0xFFFF, max: MAX_FRAGMENT_LEN })
        );
        assert_eq!(
            read_record(&[0x16, 3], 0),
            Err(DecodeError::Truncated { offset: 0, what: "TLS record header", needed: 3 })
        );
        assert_eq!(
            read_record(&[0x16, 3, 1, 0, 9, 1], 0),
            Err(DecodeError::Truncated { offset: 0, what: "TLS record", needed: 8 })
        );
    }

    #[test]
    fn names_versions_and_types() {
        assert_eq!(ProtocolVersion(0x0303).to_string(), "TLS 1.2 (0x0303)");
        assert_eq!(ProtocolVersion(0x7A7A).to_string(), "GREASE (0x7a7a)");
        assert_eq!(ProtocolVersion(0x0305).to_string(), "0x0305");
        assert_eq!(ContentType(23).to_string(), "application_data (23)");
        assert_eq!(ContentType(99).to_string(), "unknown (99)");
    }
}
