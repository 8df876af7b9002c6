//! One direction of a TCP connection, put back in sequence order (RFC 9293 §3.4, §3.10.7.4).
//!
//! - In-order bytes are appended straight to the stream buffer: the common case allocates
//!   nothing per packet.
//! - Out-of-order bytes wait in `pending`, keyed by their offset in the stream, never
//!   overlapping: when a retransmit overlaps bytes already held, the first copy wins (what was
//!   delivered first is what the receiver's application most likely saw).
//! - Sequence numbers wrap at 2³²: positions are computed as signed 32-bit distances from the
//!   next expected number, so a stream may cross the wrap.
//! - Missing data becomes a gap, and the stream continues after it: when the peer acknowledges
//!   bytes the capture never saw (Wireshark's "ACKed unseen segment"), when too much is held
//!   out of order, or at the end of the capture.
//! - Caps: [`MAX_STREAM_BYTES`] per direction, [`MAX_PENDING_BYTES`] held out of order.

use std::collections::BTreeMap;
use std::ops::Range;

/// Bytes kept per direction; beyond it the stream is cut (and that is reported).
pub const MAX_STREAM_BYTES: usize = 64 * 1024 * 1024;
/// Out-of-order bytes held per direction before the hole before them is declared a gap.
pub const MAX_PENDING_BYTES: usize = 8 * 1024 * 1024;
/// A segment this far past the next expected byte is not part of this stream.
const MAX_AHEAD: i64 = 1 << 30;

/// A hole in the stream: `missing` bytes were never captured before byte `at` of the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Gap {
    pub at: usize,
    pub missing: u64,
}

#[derive(Debug, Default)]
pub(crate) struct Stream {
    /// The delivered bytes, in sequence order.
    pub data: Vec<u8>,
    /// Sequence space consumed so far (delivered, dropped by the cap, or skipped as a gap).
    next_rel: u64,
    /// Position of the FIN, which takes one sequence number.
    fin_rel: Option<u64>,
    /// The sequence number of the next expected byte, once the start is known.
    next_seq: Option<u32>,
    /// The initial sequence number, when the SYN was captured.
    pub isn: Option<u32>,
    /// Everything a clean stream never needs, boxed: a capture of 10,000 handshakes is mostly
    /// streams, and the memory target is ≤ 2× the file.
    odd: Option<Box<Odd>>,
    cap: u32,
    /// The cap was reached; later bytes are counted in the sequence space but not kept.
    pub capped: bool,
}

/// Out-of-order pieces and what went wrong.
#[derive(Debug, Default)]
pub(crate) struct Odd {
    /// Out-of-order pieces by stream position; never overlapping.
    pieces: BTreeMap<u64, Vec<u8>>,
    held: usize,
    pub gaps: Vec<Gap>,
    /// Bytes received again (retransmits and overlaps), dropped.
    pub retransmitted: u64,
    /// Segments that arrived ahead of a hole.
    pub out_of_order: u64,
    /// Segments too far outside the window to belong here, ignored.
    pub ignored: u64,
}

impl Stream {
    pub(crate) fn with_cap(cap: usize) -> Self {
        Stream { cap: u32::try_from(cap).unwrap_or(u32::MAX), ..Stream::default() }
    }

    /// Gaps, retransmits, reordering: empty for a clean stream.
    pub(crate) fn odd(&self) -> Option<&Odd> {
        self.odd.as_deref()
    }

    fn odd_mut(&mut self) -> &mut Odd {
        self.odd.get_or_insert_with(Box::default)
    }

    fn retransmit(&mut self, n: u64) {
        if n > 0 {
            self.odd_mut().retransmitted += n;
        }
    }

    /// The first held piece's position.
    fn first_held(&self) -> Option<u64> {
        self.odd.as_ref().and_then(|o| o.pieces.keys().next().copied())
    }

    /// True when no byte, gap or held piece exists yet.
    fn untouched(&self) -> bool {
        self.next_rel == 0 && self.first_held().is_none()
    }

    /// Where `seq` falls relative to the stream start, if the start is known.
    fn rel(&self, seq: u32) -> Option<i64> {
        let next = self.next_seq?;
        Some(self.next_rel as i64 + i64::from(seq.wrapping_sub(next) as i32))
    }

    /// A SYN from this side: data starts at `isn + 1`.
    pub(crate) fn syn(&mut self, isn: u32) {
        if self.untouched() {
            self.isn = Some(isn);
            self.next_seq = Some(isn.wrapping_add(1));
        }
    }

    /// A segment's payload (and FIN). Returns the range of `data` appended now.
    pub(crate) fn segment(&mut self, seq: u32, payload: &[u8], fin: bool) -> Range<usize> {
        let before = self.data.len();
        if self.next_seq.is_none() {
            // No SYN captured: the stream starts at the first byte seen.
            self.next_seq = Some(seq);
        }
        let Some(start) = self.rel(seq) else {
            return before..before;
        };
        let len = payload.len() as i64;
        if fin {
            self.fin_rel = u64::try_from(start + len).ok();
        }
        let next = self.next_rel as i64;
        if len == 0 {
            return before..before;
        }
        if start + len <= next {
            self.retransmit(payload.len() as u64);
            return before..before;
        }
        if start - next > MAX_AHEAD {
            self.odd_mut().ignored += 1;
            return before..before;
        }
        // Overlap with what was delivered: the first copy wins, keep only the new tail.
        let skip = usize::try_from(next - start).unwrap_or(0);
        let tail = payload.get(skip..).unwrap_or(&[]);
        self.retransmit(skip as u64);
        let start = start.max(next) as u64;
        if start == self.next_rel {
            self.append(tail);
            self.drain();
        } else {
            self.odd_mut().out_of_order += 1;
            self.hold(start, tail);
        }
        before..self.data.len()
    }

    /// The peer acknowledged up to `ack`: anything before it that was never seen is a gap.
    pub(crate) fn acked(&mut self, ack: u32) -> Range<usize> {
        let before = self.data.len();
        let Some(mut upto) = self.rel(ack) else {
            return before..before;
        };
        if let Some(fin) = self.fin_rel {
            if upto == fin as i64 + 1 {
                upto = fin as i64;
            }
        }
        if upto - self.next_rel as i64 > MAX_AHEAD {
            return before..before;
        }
        while (self.next_rel as i64) < upto {
            let upto = upto as u64;
            let first = self.first_held().unwrap_or(upto);
            self.skip_to(first.min(upto));
            self.drain();
        }
        before..self.data.len()
    }

    /// End of capture: whatever is held out of order is delivered after its gap.
    pub(crate) fn finish(&mut self) -> Range<usize> {
        let before = self.data.len();
        while let Some(first) = self.first_held() {
            self.skip_to(first);
            self.drain();
        }
        before..self.data.len()
    }

    /// The capture kept `captured` of a segment's bytes and lost `missing` more (snap length).
    /// When the segment was in order, the lost bytes are a gap right now.
    pub(crate) fn lost_after(&mut self, seq: u32, captured: usize, missing: u32) -> Range<usize> {
        let before = self.data.len();
        if let Some(start) = self.rel(seq) {
            if start + captured as i64 == self.next_rel as i64 && missing > 0 {
                let to = self.next_rel + u64::from(missing);
                let first = self.first_held().unwrap_or(to);
                self.skip_to(first.min(to));
                self.drain();
            }
        }
        before..self.data.len()
    }

    /// Nothing is held out of order and, if this side sent a FIN, every byte before it arrived:
    /// the stream can no longer change but by a protocol error.
    pub(crate) fn settled(&self) -> bool {
        self.first_held().is_none() && self.fin_rel.is_none_or(|f| f <= self.next_rel)
    }

    /// The connection ended: give back unused capacity now, so the next connections reuse it.
    pub(crate) fn closed(&mut self) {
        if self.first_held().is_none() {
            self.data.shrink_to_fit();
        }
    }

    fn skip_to(&mut self, to: u64) {
        if to > self.next_rel {
            let missing = to - self.next_rel;
            let at = self.data.len();
            self.odd_mut().gaps.push(Gap { at, missing });
            self.advance(missing);
        }
    }

    fn advance(&mut self, n: u64) {
        self.next_rel += n;
        if let Some(s) = self.next_seq.as_mut() {
            *s = s.wrapping_add(n as u32);
        }
    }

    fn append(&mut self, bytes: &[u8]) {
        let room = (self.cap as usize).saturating_sub(self.data.len());
        if bytes.len() > room {
            self.capped = true;
        }
        let kept = bytes.get(..room.min(bytes.len())).unwrap_or(&[]);
        // Double (from 1 KiB): a quarter at a time cost a fifth of reading a capture of 10,000
        // sessions in reallocations. The slack is only ever in open connections: a closed one
        // gives its spare capacity back (`closed`), and so does every stream at the end.
        let free = self.data.capacity() - self.data.len();
        if kept.len() > free {
            let grow = kept.len().max(self.data.len()).max(1024);
            self.data.reserve_exact(grow);
        }
        self.data.extend_from_slice(kept);
        self.advance(bytes.len() as u64);
    }

    /// Delivers held pieces that now touch the end of the stream.
    fn drain(&mut self) {
        while let Some(start) = self.first_held() {
            if start > self.next_rel {
                break;
            }
            let Some(piece) = self.odd.as_mut().and_then(|o| {
                let p = o.pieces.remove(&start)?;
                o.held -= p.len();
                Some(p)
            }) else {
                break;
            };
            let skip = (self.next_rel - start) as usize;
            if skip >= piece.len() {
                self.retransmit(piece.len() as u64);
                continue;
            }
            self.retransmit(skip as u64);
            self.append(piece.get(skip..).unwrap_or(&[]));
        }
    }

    /// Holds an out-of-order piece; bytes already held keep their first copy.
    fn hold(&mut self, start: u64, bytes: &[u8]) {
        let end = start + bytes.len() as u64;
        let odd = self.odd_mut();
        let mut covered: Vec<(u64, u64)> = Vec::new();
        if let Some((&k, v)) = odd.pieces.range(..=start).next_back() {
            covered.push((k, k + v.len() as u64));
        }
        covered.extend(odd.pieces.range(start + 1..end).map(|(&k, v)| (k, k + v.len() as u64)));
        let mut cur = start;
        let mut kept = 0;
        let mut add = |a: u64, b: u64| {
            let from = (a - start) as usize;
            let to = (b - start) as usize;
            if let Some(slice) = bytes.get(from..to) {
                kept += slice.len();
                odd.pieces.insert(a, slice.to_vec());
            }
        };
        for (a, b) in covered {
            if a > cur {
                add(cur, a.min(end));
            }
            cur = cur.max(b);
        }
        if cur < end {
            add(cur, end);
        }
        odd.held += kept;
        odd.retransmitted += (bytes.len() - kept) as u64;
        if odd.held > MAX_PENDING_BYTES {
            if let Some(first) = self.first_held() {
                self.skip_to(first);
                self.drain();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream() -> Stream {
        let mut s = Stream::with_cap(MAX_STREAM_BYTES);
        s.syn(99);
        s
    }

    #[test]
    fn reads_in_order_and_out_of_order() {
        let mut s = stream();
        assert_eq!(s.segment(100, b"abc", false), 0..3);
        assert_eq!(s.segment(106, b"ghi", false), 3..3, "held: bytes 103..106 missing");
        assert_eq!(s.segment(103, b"def", false), 3..9);
        assert_eq!(s.data, b"abcdefghi");
        assert_eq!(s.odd().map_or(0, |o| o.out_of_order), 1);
        assert!(s.odd().is_none_or(|o| o.gaps.is_empty()));
    }

    #[test]
    fn first_copy_wins_on_retransmit_and_overlap() {
        let mut s = stream();
        s.segment(100, b"abcd", false);
        s.segment(100, b"abcd", false); // retransmit
        s.segment(102, b"XYef", false); // overlap: "cd" already delivered
        assert_eq!(s.data, b"abcdef");
        // Held pieces keep their first copy too.
        s.segment(110, b"klm", false);
        s.segment(108, b"ijKLMn", false);
        s.segment(106, b"gh", false);
        assert_eq!(s.data, b"abcdefghijklmn");
        assert_eq!(s.odd().map_or(0, |o| o.retransmitted), 4 + 2 + 3);
    }

    #[test]
    fn reads_across_sequence_wraparound() {
        let mut s = Stream::with_cap(MAX_STREAM_BYTES);
        s.syn(u32::MAX - 2);
        s.segment(u32::MAX - 1, b"ab", false);
        s.segment(1, b"de", false); // out of order, past the wrap
        s.segment(0, b"c", false);
        assert_eq!(s.data, b"abcde");
    }

    #[test]
    fn an_acked_hole_is_a_gap_and_the_stream_goes_on() {
        let mut s = stream();
        s.segment(100, b"ab", false);
        s.segment(105, b"fg", false);
        assert_eq!(s.acked(107), 2..4);
        assert_eq!(s.data, b"abfg");
        assert_eq!(s.odd().map(|o| o.gaps.clone()), Some(vec![Gap { at: 2, missing: 3 }]));
        // A hole with nothing after it, acknowledged: a gap at the end.
        s.acked(110);
        assert_eq!(s.odd().and_then(|o| o.gaps.last()), Some(&Gap { at: 4, missing: 3 }));
        // A late copy of skipped bytes changes nothing.
        s.segment(102, b"cde", false);
        assert_eq!(s.data, b"abfg");
    }

    #[test]
    fn the_fin_is_not_a_gap() {
        let mut s = stream();
        s.segment(100, b"ab", true);
        s.acked(103);
        assert!(s.odd().is_none_or(|o| o.gaps.is_empty()));
    }

    #[test]
    fn held_bytes_are_delivered_after_their_gap_at_the_end() {
        let mut s = stream();
        s.segment(100, b"ab", false);
        s.segment(110, b"kl", false);
        assert_eq!(s.finish(), 2..4);
        assert_eq!(s.odd().map(|o| o.gaps.clone()), Some(vec![Gap { at: 2, missing: 8 }]));
    }

    #[test]
    fn stops_at_the_cap_but_keeps_counting() {
        let mut s = Stream::with_cap(4);
        s.syn(99);
        s.segment(100, b"abc", false);
        s.segment(103, b"def", false);
        assert!(s.capped);
        assert_eq!(s.data, b"abcd");
        s.segment(106, b"g", false);
        assert_eq!(s.data, b"abcd");
        assert_eq!(s.odd().map_or(0, |o| o.retransmitted), 0);
    }

    #[test]
    fn without_a_syn_the_stream_starts_at_the_first_byte() {
        let mut s = Stream::with_cap(MAX_STREAM_BYTES);
        s.segment(5000, b"xy", false);
        s.segment(4990, b"old", false);
        assert_eq!(s.data, b"xy");
        assert_eq!(s.isn, None);
    }

    #[test]
    fn ignores_segments_far_outside_the_window() {
        let mut s = stream();
        s.segment(100 + (1 << 31) - 10, b"zz", false);
        s.segment(100, b"a", false);
        assert_eq!(s.data, b"a");
        assert_eq!(s.odd().map(|o| (o.ignored, o.retransmitted)), Some((1, 0)));
    }
}
