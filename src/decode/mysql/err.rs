//! ERR_Packet: `0xFF`, error code, optional `#` + SQLSTATE, message.
//!
//! Spec: <https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_err_packet.html>.
//! The SQLSTATE part is present when CLIENT_PROTOCOL_41 was agreed; an ERR sent instead of a
//! greeting (1129 host blocked, 1130 host not allowed, 1040 too many connections) has none,
//! because nothing has been agreed yet. So the decoder goes by the `#` marker, not by flags.
//!
//! tshark names: `mysql.error_code`, `mysql.sqlstate`, `mysql.error.message`.

use std::ops::Range;

use serde::Serialize;

use super::cursor::Cursor;

use super::{lossy, DecodeError};
use crate::vocab::Spanned;

pub const ERR_HEADER: u8 = 0xFF;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrPacket {
    pub header: Spanned<u8>,
    pub code: Spanned<u16>,
    /// The `#` marker.
    pub sqlstate_marker: Option<Range<usize>>,
    pub sqlstate: Option<Spanned<String>>,
    pub message: Spanned<String>,
}

impl ErrPacket {
    pub fn decode(payload: &[u8], base: usize) -> Result<ErrPacket, DecodeError> {
        let mut c = Cursor::new(payload, base);
        let header = c.u8("ERR header")?; // int<1> header 0xFF
        if header.value != ERR_HEADER {
            return Err(DecodeError::Invalid {
                offset: header.range.start,
                what: "ERR header",
                expected: "0xff",
                got: format!("{:#04x}", header.value),
            });
        }
        let code = c.u16le("error code")?; // int<2> error_code
        let (sqlstate_marker, sqlstate) = if c.peek() == Some(b'#') && c.remaining() >= 6 {
            let marker = c.take(1, "SQLSTATE marker")?; // string[1] sql_state_marker '#'
            let state = c.take(5, "SQLSTATE")?.map(lossy); // string[5] sql_state
            (Some(marker.range), Some(state))
        } else {
            (None, None)
        };
        let message = c.rest().map(lossy); // string<EOF> error_message
        Ok(ErrPacket { header, code, sqlstate_marker, sqlstate, message })
    }

    /// MariaDB sends progress reports as ERR packets with code 0xFFFF; they are not errors.
    pub fn is_progress_report(&self) -> bool {
        self.code.value == 0xFFFF
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_err_with_sqlstate() {
        // ERR 1043 #08S01 Bad handshake, as MariaDB sends it after a failed TLS handshake.
        let mut p = vec![0xFF, 0x13, 0x04];
        p.extend(b"#08S01Bad handshake");
        assert_eq!(
            ErrPacket::decode(&p, 4).unwrap(),
            ErrPacket {
                header: Spanned::new(0xFF, 4..5),
                code: Spanned::new(1043, 5..7),
                sqlstate_marker: Some(7..8),
                sqlstate: Some(Spanned::new("08S01".into(), 8..13)),
                message: Spanned::new("Bad handshake".into(), 13..26),
            }
        );
    }

    #[test]
    fn reads_pre_greeting_err_without_sqlstate() {
        let mut p = vec![0xFF, 0x6A, 0x04];
        p.extend(b"Host '10.0.0.5' is not allowed to connect to this MySQL server");
        let e = ErrPacket::decode(&p, 4).unwrap();
        assert_eq!(e.code, Spanned::new(1130, 5..7));
        assert_eq!(e.sqlstate, None);
        assert_eq!(e.message.range, 7..(4 + p.len()));
        assert!(e.message.value.starts_with("Host '10.0.0.5'"));
    }

    #[test]
    fn reads_short_hash_message_as_message() {
        let e = ErrPacket::decode(&[0xFF, 1, 0, b'#', b'x'], 0).unwrap();
        assert_eq!(e.sqlstate, None);
        assert_eq!(e.message.value, "#x");
    }

    #[test]
    fn rejects_wrong_header_and_short_code() {
        assert!(matches!(
            ErrPacket::decode(&[0x00], 3),
            Err(DecodeError::Invalid { offset: 3, what: "ERR header", .. })
        ));
        assert_eq!(
            ErrPacket::decode(&[0xFF, 1], 0),
            Err(DecodeError::Truncated { offset: 1, what: "error code", needed: 1 })
        );
    }
}
