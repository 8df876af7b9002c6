//! A checked big-endian reader for TLS structures, and the [`Locator`] that turns offsets in a
//! (possibly reassembled) message buffer back into absolute stream offsets.
//!
//! A handshake message may span several records; its bytes are then not contiguous in the
//! stream (record headers sit in between). Fields are still read from one buffer, and the
//! locator maps each field's buffer range to where its bytes really are. rustls' deframer uses
//! the same idea (`Locator`): for slices handed back by `tls-parser`, the slice's position inside
//! the buffer is recovered from its address.

use std::ops::Range;

use super::{DecodeError, Spanned};

/// Where the pieces of a buffer came from: `(buffer offset, stream offset, length)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Locator {
    pieces: Vec<(usize, usize, usize)>,
}

impl Locator {
    /// A buffer whose bytes sit contiguously at `stream_start`.
    pub fn contiguous(stream_start: usize, len: usize) -> Self {
        let mut l = Locator::default();
        l.push(stream_start, len);
        l
    }

    /// Appends `len` bytes found at `stream_start` to the end of the buffer.
    pub fn push(&mut self, stream_start: usize, len: usize) {
        if len == 0 {
            return;
        }
        let at = self.len();
        match self.pieces.last_mut() {
            Some((_, s, l)) if s.saturating_add(*l) == stream_start => *l += len,
            _ => self.pieces.push((at, stream_start, len)),
        }
    }

    /// Bytes covered.
    pub fn len(&self) -> usize {
        self.pieces.last().map_or(0, |(b, _, l)| b + l)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The stream offset of buffer byte `at` (`at == len()` maps to just past the last byte).
    // Inlined natively even at opt-level "z" (see the capture cursor): a ClientHello is a
    // hundred of these reads.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn offset(&self, at: usize) -> usize {
        for &(b, s, l) in &self.pieces {
            if at < b + l {
                return s + at.saturating_sub(b);
            }
        }
        match self.pieces.last() {
            Some(&(b, s, l)) => s + l + at.saturating_sub(b + l),
            None => at,
        }
    }

    /// The stream range of buffer range `r` (from its first byte to just past its last).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn range(&self, r: Range<usize>) -> Range<usize> {
        let start = self.offset(r.start);
        if r.end <= r.start {
            return start..start;
        }
        start..self.offset(r.end - 1) + 1
    }

    /// The stream range of `sub`, a slice of `buf` (e.g. one `tls-parser` returned).
    pub fn slice_range(&self, buf: &[u8], sub: &[u8]) -> Option<Range<usize>> {
        let start = (sub.as_ptr() as usize).checked_sub(buf.as_ptr() as usize)?;
        let end = start.checked_add(sub.len())?;
        (end <= buf.len()).then(|| self.range(start..end))
    }

    /// Drops the first `n` buffer bytes; returns the locator of what was dropped.
    pub fn split_front(&mut self, n: usize) -> Locator {
        // One piece (a message inside one record, the usual case): cut it without rebuilding.
        if let [(0, s, l)] = *self.pieces.as_slice() {
            if n < l {
                if let Some(p) = self.pieces.first_mut() {
                    *p = (0, s + n, l - n);
                }
                return Locator::contiguous(s, n);
            }
            return std::mem::take(self);
        }
        let mut front = Locator::default();
        let mut rest = Locator::default();
        for &(b, s, l) in &self.pieces {
            let end = b + l;
            if end <= n {
                front.push(s, l);
            } else if b >= n {
                rest.push(s, l);
            } else {
                let cut = n - b;
                front.push(s, cut);
                rest.push(s + cut, l - cut);
            }
        }
        *self = rest;
        front
    }
}

/// Reads big-endian TLS wire types from a buffer between `pos` and `end`.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    end: usize,
    loc: &'a Locator,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8], loc: &'a Locator) -> Self {
        Reader { buf, pos: 0, end: buf.len(), loc }
    }

    /// The absolute stream offset of the next byte.
    pub fn offset(&self) -> usize {
        self.loc.offset(self.pos)
    }

    /// The buffer offset of the next byte.
    pub fn position(&self) -> usize {
        self.pos
    }

    pub fn remaining(&self) -> usize {
        self.end.saturating_sub(self.pos)
    }

    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    pub fn locator(&self) -> &'a Locator {
        self.loc
    }

    pub fn buffer(&self) -> &'a [u8] {
        self.buf
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn take(&mut self, n: usize, what: &'static str) -> Result<Spanned<&'a [u8]>, DecodeError> {
        // Built only on failure: a ClientHello is a hundred takes, and each one built (and
        // dropped) its error beforehand.
        let short =
            || DecodeError::Truncated { offset: self.offset(), what, needed: n.saturating_sub(self.remaining()) };
        let end = self.pos.checked_add(n).filter(|&e| e <= self.end).ok_or_else(short)?;
        let bytes = self.buf.get(self.pos..end).ok_or_else(short)?;
        let range = self.loc.range(self.pos..end);
        self.pos = end;
        Ok(Spanned::new(bytes, range))
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn u8(&mut self, what: &'static str) -> Result<Spanned<u8>, DecodeError> {
        self.be(1, what).map(|s| s.map(|v| v as u8))
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn u16(&mut self, what: &'static str) -> Result<Spanned<u16>, DecodeError> {
        self.be(2, what).map(|s| s.map(|v| v as u16))
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn u24(&mut self, what: &'static str) -> Result<Spanned<u32>, DecodeError> {
        self.be(3, what)
    }

    /// A bounded reader over the next `n` bytes.
    pub fn sub(&mut self, n: usize, what: &'static str) -> Result<Reader<'a>, DecodeError> {
        let start = self.pos;
        self.take(n, what)?;
        Ok(Reader { buf: self.buf, pos: start, end: self.pos, loc: self.loc })
    }

    /// `opaque x<0..2^8-1>`: the length byte, then a reader over the body. The returned range
    /// covers prefix and body.
    pub fn vec8(&mut self, what: &'static str) -> Result<(Reader<'a>, Range<usize>), DecodeError> {
        let start = self.pos;
        let len = self.u8(what)?;
        let body = self.prefixed(usize::from(len.value), start, what)?;
        Ok((body, self.loc.range(start..self.pos)))
    }

    /// `opaque x<0..2^16-1>`
    pub fn vec16(&mut self, what: &'static str) -> Result<(Reader<'a>, Range<usize>), DecodeError> {
        let start = self.pos;
        let len = self.u16(what)?;
        let body = self.prefixed(usize::from(len.value), start, what)?;
        Ok((body, self.loc.range(start..self.pos)))
    }

    /// `opaque x<0..2^24-1>`
    pub fn vec24(&mut self, what: &'static str) -> Result<(Reader<'a>, Range<usize>), DecodeError> {
        let start = self.pos;
        let len = self.u24(what)?;
        let body = self.prefixed(len.value as usize, start, what)?;
        Ok((body, self.loc.range(start..self.pos)))
    }

    /// The remaining bytes.
    pub fn rest(&mut self) -> Spanned<&'a [u8]> {
        let n = self.remaining();
        self.take(n, "rest").unwrap_or_else(|_| Spanned::new(&[], self.offset()..self.offset()))
    }

    pub fn finish(&self, what: &'static str) -> Result<(), DecodeError> {
        match self.remaining() {
            0 => Ok(()),
            count => Err(DecodeError::Trailing { offset: self.offset(), what, count }),
        }
    }

    fn prefixed(&mut self, len: usize, start: usize, what: &'static str) -> Result<Reader<'a>, DecodeError> {
        match self.sub(len, what) {
            Ok(r) => Ok(r),
            Err(e) => {
                self.pos = start;
                Err(e)
            }
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn be(&mut self, n: usize, what: &'static str) -> Result<Spanned<u32>, DecodeError> {
        let bytes = self.take(n, what)?;
        let value = bytes.value.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b));
        Ok(Spanned::new(value, bytes.range))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_big_endian_with_absolute_ranges() {
        let loc = Locator::contiguous(100, 6);
        let buf = [1, 2, 3, 4, 5, 6];
        let mut r = Reader::new(&buf, &loc);
        assert_eq!(r.u8("a").unwrap(), Spanned::new(1, 100..101));
        assert_eq!(r.u16("b").unwrap(), Spanned::new(0x0203, 101..103));
        assert_eq!(r.u24("c").unwrap(), Spanned::new(0x040506, 103..106));
        assert_eq!(r.finish("x"), Ok(()));
    }

    #[test]
    fn reads_across_pieces() {
        // Bytes 0..3 at stream 10..13, bytes 3..6 at stream 18..21 (a record header between).
        let mut loc = Locator::contiguous(10, 3);
        loc.push(18, 3);
        let buf = [0, 0, 3, 9, 9, 9];
        let mut r = Reader::new(&buf, &loc);
        let (body, whole) = r.vec24("list").unwrap();
        assert_eq!(whole, 10..21);
        assert_eq!(body.offset(), 18, "the body's first byte is in the second piece");
        let mut body = body;
        assert_eq!(body.u8("x").unwrap(), Spanned::new(9, 18..19));
        assert_eq!(loc.slice_range(&buf, buf.get(4..6).unwrap()), Some(19..21));
        assert_eq!(loc.slice_range(&buf, &[1, 2]), None);
    }

    #[test]
    fn splits_locators() {
        let mut loc = Locator::contiguous(10, 3);
        loc.push(18, 3);
        let front = loc.split_front(4);
        assert_eq!(front.range(0..4), 10..19);
        assert_eq!(loc.range(0..2), 19..21);
        assert_eq!(loc.len(), 2);
    }

    #[test]
    fn rejects_short_vectors_without_consuming() {
        let loc = Locator::contiguous(0, 3);
        let mut r = Reader::new(&[5, 1, 2], &loc);
        assert_eq!(
            r.vec8("session id").err(),
            Some(DecodeError::Truncated { offset: 1, what: "session id", needed: 3 })
        );
        assert_eq!(r.position(), 0);
        let mut s = r.sub(2, "s").unwrap();
        assert!(matches!(s.u24("x"), Err(DecodeError::Truncated { offset: 0, needed: 1, .. })));
    }
}
