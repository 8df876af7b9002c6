//! A checked reader over one packet's bytes: every read is bounded, nothing panics.
//!
//! Network headers are big-endian (`u16`/`u32`); the few little-endian fields (BSD loopback
//! family, pcap record headers) have their own methods. A failed read leaves the position
//! unchanged and returns `None`; the caller turns that into a layer error with its offset.

#[derive(Debug, Clone)]
pub(crate) struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Self {
        Cursor { buf, pos: 0 }
    }

    /// The unread bytes.
    pub(crate) fn rest(&self) -> &'a [u8] {
        self.buf.get(self.pos..).unwrap_or(&[])
    }

    pub(crate) fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    // Natively these tiny reads are inlined whatever the profile: called per byte field of
    // 200,000 packets, a call each was a fifth of `decode` at opt-level "z". The page's wasm
    // (built for size) keeps its size.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(crate) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.buf.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(crate) fn skip(&mut self, n: usize) -> Option<()> {
        self.take(n).map(|_| ())
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N).and_then(|s| s.try_into().ok())
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(crate) fn u8(&mut self) -> Option<u8> {
        self.array::<1>().map(|[b]| b)
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(crate) fn u16_be(&mut self) -> Option<u16> {
        self.array().map(u16::from_be_bytes)
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(crate) fn u32_be(&mut self) -> Option<u32> {
        self.array().map(u32::from_be_bytes)
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(crate) fn u32_le(&mut self) -> Option<u32> {
        self.array().map(u32::from_le_bytes)
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(crate) fn array4(&mut self) -> Option<[u8; 4]> {
        self.array()
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(crate) fn array16(&mut self) -> Option<[u8; 16]> {
        self.array()
    }
}

/// Reads a `u32` at `at` in the given byte order, if the bytes are there.
pub(crate) fn u32_at(buf: &[u8], at: usize, big_endian: bool) -> Option<u32> {
    let b: [u8; 4] = buf.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(if big_endian { u32::from_be_bytes(b) } else { u32::from_le_bytes(b) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_within_bounds_only() {
        let mut c = Cursor::new(&[1, 2, 3, 4, 5]);
        assert_eq!(c.u16_be(), Some(0x0102));
        assert_eq!(c.u32_be(), None, "a failed read does not move");
        assert_eq!(c.remaining(), 3);
        assert_eq!(c.take(3), Some(&[3u8, 4, 5][..]));
        assert_eq!(c.u8(), None);
        assert_eq!(c.take(usize::MAX), None);
        assert_eq!(u32_at(&[1, 0, 0, 0], 0, false), Some(1));
        assert_eq!(u32_at(&[1, 0, 0], 0, false), None);
        assert_eq!(u32_at(&[1, 0, 0], usize::MAX, false), None);
    }
}
