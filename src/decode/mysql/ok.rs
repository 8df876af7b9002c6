//! OK_Packet: the server accepted the login (or a command).
//!
//! Spec: <https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_ok_packet.html>.
//! The status and warning counts are there under CLIENT_PROTOCOL_41, which every server from
//! 4.1 on agrees to; the decoder reads them when the bytes are there rather than guessing flags.

use serde::Serialize;

use super::cursor::Cursor;

use super::{lossy, DecodeError};
use crate::vocab::Spanned;

pub const OK_HEADER: u8 = 0x00;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OkPacket {
    pub header: Spanned<u8>,
    pub affected_rows: Spanned<u64>,
    pub last_insert_id: Spanned<u64>,
    pub status: Option<Spanned<u16>>,
    pub warnings: Option<Spanned<u16>>,
    /// Human-readable info or session-state data, as text.
    pub info: Spanned<String>,
}

impl OkPacket {
    pub fn decode(payload: &[u8], base: usize) -> Result<OkPacket, DecodeError> {
        let mut c = Cursor::new(payload, base);
        let header = c.u8("OK header")?; // int<1> header 0x00 (0xFE with CLIENT_DEPRECATE_EOF)
        if header.value != OK_HEADER && header.value != 0xFE {
            return Err(DecodeError::Invalid {
                offset: header.range.start,
                what: "OK header",
                expected: "0x00 or 0xfe",
                got: format!("{:#04x}", header.value),
            });
        }
        let affected_rows = c.lenenc_int("affected rows")?; // int<lenenc> affected_rows
        let last_insert_id = c.lenenc_int("last insert id")?; // int<lenenc> last_insert_id
        let (status, warnings) = if c.remaining() >= 4 {
            let s = c.u16le("status flags")?; // int<2> status_flags
            let w = c.u16le("warnings")?; // int<2> warnings
            (Some(s), Some(w))
        } else {
            (None, None)
        };
        let info = c.rest().map(lossy); // string<EOF> info
        Ok(OkPacket { header, affected_rows, last_insert_id, status, warnings, info })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_login_ok() {
        let ok = OkPacket::decode(&[0, 0, 0, 2, 0, 0, 0], 11).unwrap();
        assert_eq!(
            ok,
            OkPacket {
                header: Spanned::new(0, 11..12),
                affected_rows: Spanned::new(0, 12..13),
                last_insert_id: Spanned::new(0, 13..14),
                status: Some(Spanned::new(2, 14..16)),
                warnings: Some(Spanned::new(0, 16..18)),
                info: Spanned::new(String::new(), 18..18),
            }
        );
    }

    #[test]
    fn rejects_other_headers_and_short_packets() {
        assert!(matches!(OkPacket::decode(&[0xFF], 0), Err(DecodeError::Invalid { offset: 0, what: "OK header", .. })));
        assert_eq!(
            OkPacket::decode(&[0, 0], 5),
            Err(DecodeError::Truncated { offset: 7, what: "last insert id", needed: 1 })
        );
    }
}
