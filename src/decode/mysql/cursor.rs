//! A checked reader over one payload that knows where the payload sits in its stream, so every
//! field it hands out carries an absolute byte range. No indexing, no panics: a short read is a
//! [`DecodeError::Truncated`] naming the field and how many bytes were missing.
//!
//! Basic types: <https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_dt_integers.html>,
//! <https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_dt_strings.html>.

use crate::vocab::Spanned;

use super::DecodeError;

/// Reads little-endian MySQL wire types from `buf`, whose first byte is at `base` in the stream.
#[derive(Debug, Clone)]
pub struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
    base: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(buf: &'a [u8], base: usize) -> Self {
        Cursor { buf, pos: 0, base }
    }

    /// The absolute offset of the next byte.
    pub fn offset(&self) -> usize {
        self.base.saturating_add(self.pos)
    }

    pub fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    /// The next byte without consuming it.
    pub fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    /// `n` bytes, or `Truncated` (nothing consumed) when fewer remain.
    pub fn take(&mut self, n: usize, what: &'static str) -> Result<Spanned<&'a [u8]>, DecodeError> {
        let start = self.offset();
        let bytes = self
            .pos
            .checked_add(n)
            .and_then(|end| self.buf.get(self.pos..end))
            .ok_or(DecodeError::Truncated { offset: start, what, needed: n.saturating_sub(self.remaining()) })?;
        self.pos += n;
        Ok(Spanned::new(bytes, start..self.offset()))
    }

    /// Everything that is left (possibly nothing).
    pub fn rest(&mut self) -> Spanned<&'a [u8]> {
        let start = self.offset();
        let bytes = self.buf.get(self.pos..).unwrap_or_default();
        self.pos = self.buf.len();
        Spanned::new(bytes, start..self.offset())
    }

    /// A bounded reader over the next `n` bytes.
    pub fn sub(&mut self, n: usize, what: &'static str) -> Result<Cursor<'a>, DecodeError> {
        let taken = self.take(n, what)?;
        Ok(Cursor::new(taken.value, taken.range.start))
    }

    /// `int<1>`
    pub fn u8(&mut self, what: &'static str) -> Result<Spanned<u8>, DecodeError> {
        self.le(1, what).map(|s| s.map(|v| v as u8))
    }

    /// `int<2>`
    pub fn u16le(&mut self, what: &'static str) -> Result<Spanned<u16>, DecodeError> {
        self.le(2, what).map(|s| s.map(|v| v as u16))
    }

    /// `int<3>`
    pub fn u24le(&mut self, what: &'static str) -> Result<Spanned<u32>, DecodeError> {
        self.le(3, what).map(|s| s.map(|v| v as u32))
    }

    /// `int<4>`
    pub fn u32le(&mut self, what: &'static str) -> Result<Spanned<u32>, DecodeError> {
        self.le(4, what).map(|s| s.map(|v| v as u32))
    }

    /// `int<lenenc>`: one byte below 0xFB, or 0xFC/0xFD/0xFE followed by 2, 3 or 8 bytes.
    /// 0xFB (NULL in rows) and 0xFF (an ERR header) are not integers here.
    pub fn lenenc_int(&mut self, what: &'static str) -> Result<Spanned<u64>, DecodeError> {
        let start = self.offset();
        let first = self.u8(what)?;
        let width = match first.value {
            v @ 0..=0xFA => return Ok(Spanned::new(u64::from(v), first.range)),
            0xFC => 2,
            0xFD => 3,
            0xFE => 8,
            other => {
                self.pos -= 1;
                return Err(DecodeError::Invalid {
                    offset: start,
                    what,
                    expected: "a length-encoded integer (first byte not 0xFB or 0xFF)",
                    got: format!("{other:#04x}"),
                });
            }
        };
        match self.le(width, what) {
            Ok(v) => Ok(Spanned::new(v.value, start..v.range.end)),
            Err(e) => {
                self.pos -= 1;
                Err(e)
            }
        }
    }

    /// `string<NUL>`: the value excludes the terminator, the range includes it (so consecutive
    /// fields tile the payload).
    pub fn nul_str(&mut self, what: &'static str) -> Result<Spanned<&'a [u8]>, DecodeError> {
        let start = self.offset();
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        let len = rest.iter().position(|&b| b == 0).ok_or(DecodeError::Unterminated { offset: start, what })?;
        let value = rest.get(..len).unwrap_or_default();
        self.pos += len + 1;
        Ok(Spanned::new(value, start..self.offset()))
    }

    /// `string<NUL>` where some servers leave the terminator off the last field: the rest of
    /// the payload then counts as the string.
    pub fn nul_str_or_rest(&mut self, what: &'static str) -> Spanned<&'a [u8]> {
        match self.nul_str(what) {
            Ok(s) => s,
            Err(_) => self.rest(),
        }
    }

    /// `string<lenenc>`
    pub fn lenenc_str(&mut self, what: &'static str) -> Result<Spanned<&'a [u8]>, DecodeError> {
        let start = self.offset();
        let len = self.lenenc_int(what)?;
        let n = usize::try_from(len.value).unwrap_or(usize::MAX);
        match self.take(n, what) {
            Ok(s) => Ok(Spanned::new(s.value, start..s.range.end)),
            Err(e) => {
                self.pos -= len.range.len();
                Err(e)
            }
        }
    }

    /// Fails with `Trailing` when bytes are left after `what`.
    pub fn finish(&self, what: &'static str) -> Result<(), DecodeError> {
        match self.remaining() {
            0 => Ok(()),
            count => Err(DecodeError::Trailing { offset: self.offset(), what, count }),
        }
    }

    fn le(&mut self, n: usize, what: &'static str) -> Result<Spanned<u64>, DecodeError> {
        let bytes = self.take(n, what)?;
        let value = bytes.value.iter().rev().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        Ok(Spanned::new(value, bytes.range))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_integers_with_absolute_ranges() {
        let mut c = Cursor::new(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 100);
        assert_eq!(c.u8("a").unwrap(), Spanned::new(1, 100..101));
        assert_eq!(c.u16le("b").unwrap(), Spanned::new(0x0302, 101..103));
        assert_eq!(c.u24le("c").unwrap(), Spanned::new(0x060504, 103..106));
        assert_eq!(c.u32le("d").unwrap(), Spanned::new(0x0a090807, 106..110));
        assert!(c.is_empty());
        assert_eq!(c.finish("x"), Ok(()));
    }

    #[test]
    fn rejects_short_reads_without_consuming() {
        let mut c = Cursor::new(&[1, 2], 10);
        assert_eq!(
            c.u32le("capability flags"),
            Err(DecodeError::Truncated { offset: 10, what: "capability flags", needed: 2 })
        );
        assert_eq!(c.offset(), 10);
        assert_eq!(
            c.take(usize::MAX, "huge"),
            Err(DecodeError::Truncated { offset: 10, what: "huge", needed: usize::MAX - 2 })
        );
    }

    #[test]
    fn reads_lenenc_integers() {
        let mut c = Cursor::new(&[0xFA, 0xFC, 0x34, 0x12, 0xFD, 1, 2, 3], 0);
        assert_eq!(c.lenenc_int("a").unwrap(), Spanned::new(0xFA, 0..1));
        assert_eq!(c.lenenc_int("b").unwrap(), Spanned::new(0x1234, 1..4));
        assert_eq!(c.lenenc_int("c").unwrap(), Spanned::new(0x030201, 4..8));
        let mut c = Cursor::new(&[0xFE, 1, 0, 0, 0, 0, 0, 0, 0], 0);
        assert_eq!(c.lenenc_int("d").unwrap(), Spanned::new(1, 0..9));
    }

    #[test]
    fn rejects_lenenc_null_and_short() {
        let mut c = Cursor::new(&[0xFB], 7);
        assert!(matches!(c.lenenc_int("n"), Err(DecodeError::Invalid { offset: 7, what: "n", .. })));
        assert_eq!(c.offset(), 7);
        let mut c = Cursor::new(&[0xFC, 1], 7);
        assert_eq!(c.lenenc_int("n"), Err(DecodeError::Truncated { offset: 8, what: "n", needed: 1 }));
        assert_eq!(c.offset(), 7);
    }

    #[test]
    fn reads_nul_strings_range_includes_terminator() {
        let mut c = Cursor::new(b"abc\0de", 5);
        assert_eq!(c.nul_str("s").unwrap(), Spanned::new(&b"abc"[..], 5..9));
        assert_eq!(c.nul_str("t"), Err(DecodeError::Unterminated { offset: 9, what: "t" }));
        assert_eq!(c.nul_str_or_rest("t"), Spanned::new(&b"de"[..], 9..11));
        assert_eq!(c.rest(), Spanned::new(&b""[..], 11..11));
    }

    #[test]
    fn reads_lenenc_strings_and_sub_readers() {
        let mut c = Cursor::new(&[3, b'a', b'b', b'c', 9, 9], 1);
        assert_eq!(c.lenenc_str("s").unwrap(), Spanned::new(&b"abc"[..], 1..5));
        let mut sub = c.sub(1, "sub").unwrap();
        assert_eq!(sub.u8("x").unwrap(), Spanned::new(9, 5..6));
        assert!(sub.u8("y").is_err());
        assert_eq!(c.finish("message"), Err(DecodeError::Trailing { offset: 6, what: "message", count: 1 }));
        let mut c = Cursor::new(&[5, b'a'], 0);
        assert!(matches!(c.lenenc_str("s"), Err(DecodeError::Truncated { offset: 1, needed: 4, .. })));
        assert_eq!(c.offset(), 0);
    }
}
