//! The logic behind the capture view's linked highlighting, kept free of the browser so it is
//! unit-tested natively: which field a byte belongs to, which bytes a field covers, and which
//! part of a long direction the hex view shows.
//!
//! Offsets are absolute in one direction's bytes, as the conversation decoder gives them
//! (`Message::range`, `Field::range`).

use std::ops::Range;
use std::rc::Rc;

use crate::decode::conversation::{Conversation, Field};

use crate::vocab::{Direction, Transcript};

/// Bytes per hex row.
pub const ROW: usize = 16;
/// A direction this long or shorter is shown whole (a TLS 1.2 handshake is a few KB).
pub const WHOLE_MAX: usize = 8 * 1024;
/// Otherwise this many bytes are shown, from the selected message's row.
pub const WINDOW: usize = 4 * 1024;

/// The connection on show, decoded once per choice of connection.
#[derive(Debug)]
pub struct Selected {
    pub transcript: Rc<Transcript>,
    pub conversation: Conversation,
}

/// Shared by the capture view's components; equal when it is the same decode.
#[derive(Debug, Clone)]
pub struct SelectedRef(pub Rc<Selected>);

impl PartialEq for SelectedRef {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.0, &o.0)
    }
}

/// What is highlighted: a byte range of one direction, and the field it is (when it is one of
/// the selected message's fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Active {
    pub dir: Direction,
    pub range: Range<usize>,
    /// Indices from the message's top-level fields down to the field.
    pub path: Option<Vec<usize>>,
}

/// The field at `path`.
pub fn field_at<'a>(fields: &'a [Field], path: &[usize]) -> Option<&'a Field> {
    let (first, rest) = path.split_first()?;
    let f = fields.get(*first)?;
    if rest.is_empty() {
        Some(f)
    } else {
        field_at(&f.children, rest)
    }
}

/// The path of the innermost field whose (non-empty) range holds `off`.
pub fn deepest_path(fields: &[Field], off: usize) -> Option<Vec<usize>> {
    let (i, f) = fields.iter().enumerate().find(|(_, f)| f.range.contains(&off))?;
    let mut path = vec![i];
    if let Some(rest) = deepest_path(&f.children, off) {
        path.extend(rest);
    }
    Some(path)
}

/// The message of direction `dir` whose bytes hold `off`, as an index into `messages`.
pub fn message_at(c: &Conversation, dir: Direction, off: usize) -> Option<usize> {
    c.messages.iter().position(|m| m.dir == dir && m.range.contains(&off))
}

/// What hovering (or moving the cursor to) byte `off` of `dir` highlights: the innermost
/// field of the selected message, or another message as a whole.
pub fn active_for_byte(s: &Selected, message: usize, dir: Direction, off: usize) -> Option<Active> {
    let m = s.conversation.messages.get(message)?;
    if m.dir == dir && m.range.contains(&off) {
        if let Some(path) = deepest_path(&m.fields, off) {
            let range = field_at(&m.fields, &path).map(|f| f.range.clone())?;
            return Some(Active { dir, range, path: Some(path) });
        }
    }
    let other = s.conversation.messages.get(message_at(&s.conversation, dir, off)?)?;
    Some(Active { dir, range: other.range.clone(), path: None })
}

/// The bytes of a direction the hex view shows: all of them when short, else a window from
/// the row of the selected message's first byte.
pub fn window(len: usize, selected: &Range<usize>) -> Range<usize> {
    if len <= WHOLE_MAX {
        return 0..len;
    }
    let start = (selected.start.min(len) / ROW) * ROW;
    start..(start + WINDOW).min(len)
}

/// One row's highlighting, a bit per byte (bit i = byte `offset + i`), so a row re-renders
/// only when its own bits change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RowMarks {
    /// Inside some message.
    pub covered: u16,
    /// Inside a message with an odd index in its direction (alternate shading).
    pub odd: u16,
    /// Inside the selected message.
    pub selected: u16,
    /// Inside the highlighted field or message.
    pub lit: u16,
}

fn bits(row: &Range<usize>, r: &Range<usize>) -> u16 {
    let (start, end) = (r.start.max(row.start), r.end.min(row.end));
    (start..end).fold(0, |acc, i| acc | 1 << (i - row.start))
}

/// The marks of every row of `shown`, for the selected message and the highlighted range.
pub fn marks(
    c: &Conversation,
    dir: Direction,
    shown: &Range<usize>,
    message: usize,
    lit: Option<&Range<usize>>,
) -> Vec<RowMarks> {
    let rows: Vec<Range<usize>> = (shown.start..shown.end).step_by(ROW).map(|s| s..(s + ROW).min(shown.end)).collect();
    let mut out = vec![RowMarks::default(); rows.len()];
    let in_view = |r: &Range<usize>| r.start < shown.end && r.end > shown.start;
    for (i, m) in c.messages.iter().enumerate().filter(|(_, m)| m.dir == dir && in_view(&m.range)) {
        let first = m.range.start.saturating_sub(shown.start) / ROW;
        for (row, mark) in rows.iter().zip(out.iter_mut()).skip(first) {
            if row.start >= m.range.end {
                break;
            }
            let b = bits(row, &m.range);
            mark.covered |= b;
            if m.index_in_dir % 2 == 1 {
                mark.odd |= b;
            }
            if i == message {
                mark.selected |= b;
            }
        }
    }
    if let Some(lit) = lit {
        for (row, mark) in rows.iter().zip(out.iter_mut()) {
            mark.lit |= bits(row, lit);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GREETING: &str = include_str!("../../../tests/fixtures/capture/greeting_xxd.txt");

    fn greeting() -> Selected {
        let decoded =
            crate::source::capture::decode_text(GREETING, crate::source::capture::Format::Auto).expect("decodes");
        let transcript = decoded.transcript(None).expect("bytes");
        Selected { conversation: crate::decode::conversation::decode(&transcript), transcript: Rc::new(transcript) }
    }

    #[test]
    fn a_byte_lights_its_innermost_field_and_the_field_its_bytes() {
        let s = greeting();
        let m = &s.conversation.messages[0];
        let dir = Direction::ServerToClient;
        // Byte 4 is the protocol version, just after the 4-byte packet header.
        let a = active_for_byte(&s, 0, dir, 4).expect("a field");
        let f = field_at(&m.fields, a.path.as_deref().expect("a path")).expect("the field");
        assert_eq!((f.range.clone(), a.range.clone()), (4..5, 4..5), "{}", f.name);
        let shown = window(s.transcript.to_client.len(), &m.range);
        let rows = marks(&s.conversation, dir, &shown, 0, Some(&a.range));
        assert_eq!(rows[0].lit, 1 << 4);
        assert_eq!(rows[0].selected, 0xffff);
        assert!(active_for_byte(&s, 0, dir, 10_000).is_none());
    }

    #[test]
    fn a_long_direction_is_shown_from_the_selected_row() {
        assert_eq!(window(100, &(40..50)), 0..100);
        assert_eq!(window(100_000, &(40_005..40_100)), 40_000..44_096);
        assert_eq!(window(100_000, &(99_999..100_000)), 99_984..100_000);
    }
}
