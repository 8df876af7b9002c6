//! Hex dumps with an offset column: `xxd`, `hexdump -C`, Wireshark "Copy as Hex Dump" and
//! `tshark -x`, `od -Ax -tx1` (and octal `od`), `hexdump`/`od -x` (byte-swapped words), and
//! `tcpdump -X`/`-XX` (a header line per packet, then `0x0000:` lines).
//!
//! The classic pitfall is the ASCII column: `hexdump -C` shows `|ab..|` and Wireshark shows
//! `ab..` — text that is itself valid hex. So the hex area is never read "as far as it looks
//! like hex": a line's byte count comes from the next line's offset; the last line's from the
//! column where the full lines' ASCII started (the tools pad the last line), or else from the
//! ASCII column's own length, which equals the byte count.

use super::error::{Location, Problem, ProblemKind};
use super::hex::nibble;
use super::text::{column, Blob, Fail, Style, TextDecoded, TextError};

/// Bytes one `*` line may stand for: a few lines of text must not become gigabytes.
const MAX_REPEAT_FILL: u64 = 16 * 1024 * 1024;

#[derive(Debug, Clone, Copy)]
struct Data<'a> {
    line: &'a str,
    digits: &'a str,
    /// Byte index of the offset digits in the line.
    digits_at: usize,
    colon: bool,
    prefixed: bool,
    body: &'a str,
    /// Byte index of the body in the line.
    body_at: usize,
}

#[derive(Debug, Clone, Copy)]
enum Kind<'a> {
    Data(Data<'a>),
    /// `*`: the line before repeats up to the next offset.
    Star,
    Blank,
    /// A header (`tcpdump`) or text around the dump.
    Other,
}

/// `None` when the text is not an offset dump at all (plain hex or base64 should be tried).
pub(crate) fn parse(text: &str) -> Option<Result<TextDecoded, Fail>> {
    let lines: Vec<Kind<'_>> = text.split('\n').map(classify).collect();
    let data: Vec<&Data<'_>> = lines
        .iter()
        .filter_map(|k| match k {
            Kind::Data(d) => Some(d),
            _ => None,
        })
        .collect();
    if data.is_empty() {
        return None;
    }
    let tcpdump = data.iter().all(|d| d.prefixed && d.colon);
    let unambiguous = data.iter().all(|d| d.colon || d.prefixed);
    let others = lines.iter().filter(|k| matches!(k, Kind::Other)).count();
    if !tcpdump && others > data.len() {
        return None;
    }
    // `od` prints octal offsets by default: try them when hex offsets do not add up.
    let seven = data.iter().all(|d| d.digits.len() == 7 && !d.colon);
    let radixes: &[u32] = if seven { &[16, 8] } else { &[16] };
    let radixes: Vec<u32> =
        radixes.iter().copied().filter(|&r| unambiguous || plausible(&lines, r, data.len())).collect();
    let mut result = None;
    for r in radixes {
        match read(&lines, r, tcpdump) {
            Ok(ok) => {
                result = Some(Ok(ok));
                break;
            }
            Err(e) => {
                result.get_or_insert(Err(e));
            }
        }
    }
    let result = result?;
    match result {
        Ok(r) if r.blobs.is_empty() && !unambiguous => None,
        r => Some(r),
    }
}

fn classify(raw: &str) -> Kind<'_> {
    let line = raw.strip_suffix('\r').unwrap_or(raw);
    let t = line.trim_start_matches([' ', '\t']);
    if t.trim_end() == "*" {
        return Kind::Star;
    }
    if t.trim().is_empty() {
        return Kind::Blank;
    }
    let (u, prefixed) = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(u) => (u, true),
        None => (t, false),
    };
    let n = u.bytes().take_while(u8::is_ascii_hexdigit).count();
    if !(4..=10).contains(&n) {
        return Kind::Other;
    }
    let (digits, after) = u.split_at(n);
    let (after, colon) = match after.strip_prefix(':') {
        Some(a) => (a, true),
        None => (after, false),
    };
    let spaces = after.bytes().take_while(|b| matches!(b, b' ' | b'\t')).count();
    let body = after.get(spaces..).unwrap_or("");
    // Wireshark's 4-digit offsets are followed by 2 or 3 spaces; spaced hex groups by one.
    let strong = colon || prefixed || n >= 6;
    if body.trim().is_empty() {
        // `hexdump -C` ends with the total length alone on a line.
        if !(strong && n >= 6 || colon) {
            return Kind::Other;
        }
    } else if spaces < if strong { 1 } else { 2 } || !body.bytes().next().is_some_and(|b| b.is_ascii_hexdigit()) {
        return Kind::Other;
    }
    Kind::Data(Data {
        line,
        digits,
        digits_at: line.len() - u.len(),
        colon,
        prefixed,
        body: body.trim_end(),
        body_at: line.len() - body.len(),
    })
}

fn offset(d: &Data<'_>, radix: u32) -> Option<u64> {
    u64::from_str_radix(d.digits, radix).ok()
}

/// Do the offsets look like offsets (from 0, increasing by at most a line's width)?
fn plausible(lines: &[Kind<'_>], radix: u32, n_data: usize) -> bool {
    let mut prev: Option<u64> = None;
    let mut after_star = false;
    for k in lines {
        match k {
            Kind::Star => after_star = true,
            Kind::Data(d) => {
                let Some(off) = offset(d, radix) else {
                    return false;
                };
                match prev {
                    None if off != 0 && n_data < 2 => return false,
                    Some(p) if off != 0 && (off <= p || (!after_star && off - p > 64)) => return false,
                    _ => {}
                }
                prev = Some(off);
                after_star = false;
            }
            _ => {}
        }
    }
    true
}

/// The byte count of the data line at `i`, from the next data line's offset.
fn count_from_next(lines: &[Kind<'_>], i: usize, off: u64, radix: u32) -> Option<u64> {
    for k in lines.get(i + 1..)? {
        match k {
            Kind::Blank => continue,
            Kind::Data(d) => {
                let next = offset(d, radix)?;
                return (next > off).then(|| next - off);
            }
            _ => return None,
        }
    }
    None
}

fn read(lines: &[Kind<'_>], radix: u32, tcpdump: bool) -> Result<TextDecoded, Fail> {
    let mut blobs: Vec<Blob> = Vec::new();
    let mut problems = Vec::new();
    let mut expected = 0u64;
    let mut open = false;
    let mut header: Option<usize> = None;
    let mut star = false;
    let mut prev: Vec<u8> = Vec::new();
    let mut ascii_col: Option<usize> = None;
    let (mut pipe, mut all4, mut ascii, mut width) = (false, true, false, 0usize);
    let mut first_data: Option<usize> = None;
    for (i, k) in lines.iter().enumerate() {
        let no = i + 1;
        let d = match k {
            Kind::Blank => continue,
            Kind::Star => {
                star = true;
                continue;
            }
            Kind::Other => {
                if tcpdump {
                    open = false;
                    header = Some(no);
                } else {
                    problems.push(Problem {
                        at: Location::Line(no),
                        kind: ProblemKind::LineIgnored { hint: "no offset column" },
                    });
                }
                continue;
            }
            Kind::Data(d) => d,
        };
        first_data.get_or_insert(no);
        let off_col = column(d.line, d.digits_at);
        let off = offset(d, radix).ok_or((no, off_col, TextError::OffsetJump { expected, got: u64::MAX }))?;
        let blob_len = blobs.last().map_or(0, |b| b.bytes.len());
        if !open || (off == 0 && blob_len > 0) {
            blobs.push(Blob { bytes: Vec::new(), line: header.take().unwrap_or(no) });
            expected = off;
            open = true;
            star = false;
            prev.clear();
        }
        let Some(blob) = blobs.last_mut() else {
            continue;
        };
        if star {
            star = false;
            let fill = off.saturating_sub(expected);
            if prev.is_empty() || fill % prev.len() as u64 != 0 || fill > MAX_REPEAT_FILL {
                return Err((no, off_col, TextError::BadRepeat { fill, line: prev.len() }));
            }
            for _ in 0..fill / prev.len() as u64 {
                blob.bytes.extend_from_slice(&prev);
            }
            expected = off;
        }
        if off != expected {
            return Err((no, off_col, TextError::OffsetJump { expected, got: off }));
        }
        let count = count_from_next(lines, i, off, radix);
        let lb = line_bytes(d.body, count, ascii_col).map_err(|(at, e)| (no, column(d.line, d.body_at + at), e))?;
        if count.is_some() && lb.ascii_at.is_some() {
            ascii_col = lb.ascii_at;
        }
        pipe |= lb.pipe;
        ascii |= lb.ascii_at.is_some() || lb.pipe;
        all4 &= lb.all4;
        width = width.max(lb.bytes.len());
        expected += lb.bytes.len() as u64;
        blob.bytes.extend_from_slice(&lb.bytes);
        if !lb.bytes.is_empty() {
            prev = lb.bytes;
        }
    }
    blobs.retain(|b| !b.bytes.is_empty());
    let first = data_style(lines);
    let swapped = !tcpdump && !first.0 && first.1 == 7 && all4 && !ascii && width > 0;
    if swapped {
        for b in &mut blobs {
            for pair in b.bytes.chunks_exact_mut(2) {
                pair.swap(0, 1);
            }
        }
        problems.push(Problem {
            at: Location::Line(first_data.unwrap_or(1)),
            kind: ProblemKind::Text(TextError::SwappedWords),
        });
    }
    let style = match first {
        _ if tcpdump => Style::TcpdumpX,
        _ if pipe => Style::HexdumpC,
        _ if swapped => Style::SwappedWords,
        (true, 8) => Style::Xxd,
        (false, 4) => Style::Wireshark,
        (false, 6 | 7) => Style::Od,
        _ => Style::OffsetDump,
    };
    Ok(TextDecoded { style, blobs, problems })
}

/// (has a colon, offset digits) of the first data line.
fn data_style(lines: &[Kind<'_>]) -> (bool, usize) {
    lines
        .iter()
        .find_map(|k| match k {
            Kind::Data(d) => Some((d.colon, d.digits.len())),
            _ => None,
        })
        .unwrap_or((false, 0))
}

struct LineBytes {
    bytes: Vec<u8>,
    /// Byte index in the body where the ASCII column starts.
    ascii_at: Option<usize>,
    /// The ASCII column was delimited (`|…|` or `>…<`).
    pipe: bool,
    /// Every hex group had 4 digits.
    all4: bool,
}

/// Where a delimited ASCII column (`  |…|` of `hexdump -C`, `  >…<` of `od -z`) starts.
fn delimited_ascii(body: &str) -> Option<usize> {
    let t = body.trim_end();
    let open = if t.ends_with('|') {
        "  |"
    } else if t.ends_with('<') {
        "  >"
    } else {
        return None;
    };
    body.find(open).map(|i| i + 2)
}

fn is_hex(t: &str) -> bool {
    !t.is_empty() && t.len() % 2 == 0 && t.bytes().all(|b| b.is_ascii_hexdigit())
}

fn not_hex_at(body: &str, (s, e): (usize, usize)) -> (usize, TextError) {
    let t = body.get(s..e).unwrap_or("");
    match t.char_indices().find(|(_, c)| !c.is_ascii_hexdigit()) {
        Some((i, ch)) => (s + i, TextError::NotHex { ch }),
        // An odd-length group: the digit after it is missing.
        None => (e, TextError::OddDigits { digits: t.len() }),
    }
}

fn line_bytes(body: &str, count: Option<u64>, ascii_col: Option<usize>) -> Result<LineBytes, (usize, TextError)> {
    if body.is_empty() {
        return Ok(LineBytes { bytes: Vec::new(), ascii_at: None, pipe: false, all4: true });
    }
    let delimited = delimited_ascii(body);
    let hex_part = delimited.and_then(|at| body.get(..at)).unwrap_or(body);
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, b) in hex_part.bytes().enumerate() {
        match (b == b' ' || b == b'\t', start) {
            (true, Some(s)) => {
                tokens.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        tokens.push((s, hex_part.len()));
    }
    let tok = |k: usize| tokens.get(k).map(|&(s, e)| hex_part.get(s..e).unwrap_or(""));
    let gap = |k: usize| match (k.checked_sub(1).and_then(|j| tokens.get(j)), tokens.get(k)) {
        (Some(a), Some(b)) => b.0 - a.1,
        _ => usize::MAX,
    };
    let bytes_of = |k: usize| (0..k).filter_map(tok).map(|t| t.len() / 2).sum::<usize>();
    let m = (0..tokens.len()).take_while(|&k| tok(k).is_some_and(is_hex)).count();
    let k = match (count, delimited) {
        (_, Some(_)) => {
            if let Some(&t) = tokens.get(m) {
                return Err(not_hex_at(hex_part, t));
            }
            m
        }
        (Some(n), None) => {
            let n = usize::try_from(n).unwrap_or(usize::MAX);
            let mut total = 0;
            let mut k = 0;
            while total < n {
                match tok(k) {
                    Some(t) if is_hex(t) => total += t.len() / 2,
                    // The ASCII column already: this line is shorter than the offsets say.
                    Some(_) if gap(k) >= 2 => {
                        return Err((
                            tokens.get(k).map_or(0, |t| t.0),
                            TextError::LineLength { expected: n as u64, got: total as u64 },
                        ))
                    }
                    Some(_) => return Err(not_hex_at(hex_part, tokens.get(k).copied().unwrap_or_default())),
                    None => {
                        return Err((hex_part.len(), TextError::LineLength { expected: n as u64, got: total as u64 }))
                    }
                }
                k += 1;
            }
            let extra = tok(k).filter(|t| gap(k) < 2 && is_hex(t));
            if total > n || extra.is_some() {
                let more = extra.map_or(0, |t| t.len() / 2);
                return Err((
                    tokens.get(k.min(tokens.len().saturating_sub(1))).map_or(0, |t| t.0),
                    TextError::LineLength { expected: n as u64, got: (total + more) as u64 },
                ));
            }
            k
        }
        (None, None) => choose(hex_part, &tokens, m, ascii_col, gap, bytes_of).ok_or_else(|| {
            let t = tokens.get(m).or(tokens.last()).copied();
            not_hex_at(hex_part, t.unwrap_or_default())
        })?,
    };
    let mut bytes = Vec::with_capacity(bytes_of(k));
    let mut all4 = true;
    for t in (0..k).filter_map(tok) {
        all4 &= t.len() == 4;
        for pair in t.as_bytes().chunks_exact(2) {
            if let [h, l] = pair {
                bytes.push(nibble(*h) << 4 | nibble(*l));
            }
        }
    }
    Ok(LineBytes {
        bytes,
        ascii_at: if delimited.is_some() { None } else { tokens.get(k).map(|t| t.0) },
        pipe: delimited.is_some(),
        all4,
    })
}

/// The number of hex groups on a line whose byte count is not known from offsets.
fn choose(
    hex_part: &str,
    tokens: &[(usize, usize)],
    m: usize,
    ascii_col: Option<usize>,
    gap: impl Fn(usize) -> usize,
    bytes_of: impl Fn(usize) -> usize,
) -> Option<usize> {
    // The full lines' ASCII column: the tools pad the last line so it starts there too.
    if let Some(col) = ascii_col {
        if let Some(k) = tokens.iter().position(|t| t.0 == col) {
            if k > 0 && k <= m && gap(k) >= 2 {
                return Some(k);
            }
        }
    }
    let rest_len =
        |k: usize| tokens.get(k).and_then(|t| hex_part.get(t.0..)).map_or(0, |s| s.trim_end().chars().count());
    let candidates = (1..=m).rev().filter(|&k| k < tokens.len() && gap(k) >= 2);
    // The ASCII column has one character per byte …
    if let Some(k) = candidates.clone().find(|&k| rest_len(k) == bytes_of(k)) {
        return Some(k);
    }
    // … unless trailing spaces (bytes 0x20) were trimmed.
    if let Some(k) = candidates.clone().find(|&k| rest_len(k) < bytes_of(k)) {
        return Some(k);
    }
    // No ASCII column at all.
    if m == tokens.len() {
        return (m > 0).then_some(m);
    }
    // `od -Ax -tx1z`-like: one space before an ASCII column that holds no hex group.
    (m > 0 && rest_len(m) <= bytes_of(m)).then_some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> (Style, Vec<u8>) {
        let r = parse(text).expect("a dump").expect("decodes");
        assert_eq!(r.blobs.len(), 1, "{r:?}");
        (r.style, r.blobs.into_iter().next().expect("blob").bytes)
    }

    #[test]
    fn reads_an_ascii_column_that_looks_like_hex() {
        // Wireshark: last line "ab" in the ASCII column must not become a third byte.
        let (style, bytes) = one("0000   61 62   ab\n");
        assert_eq!((style, bytes), (Style::Wireshark, vec![0x61, 0x62]));
        let (style, bytes) = one("00000000  64 65 61 64 62 65 65 66  20 63 61 66 65 20 62 61  |deadbeef cafe ba|\n\
             00000010  64 64                                             |dd|\n\
             00000012\n");
        assert_eq!(style, Style::HexdumpC);
        assert_eq!(bytes, b"deadbeef cafe badd".to_vec());
    }

    #[test]
    fn rejects_offsets_that_skip() {
        let r = parse("00000000: 4a00  J.\n00000010: 0000  ..\n").expect("a dump");
        assert_eq!(r, Err((1, 17, TextError::LineLength { expected: 16, got: 2 })));
    }

    #[test]
    fn plain_hex_is_not_a_dump() {
        assert!(parse("4a 00 00 00 0a 35 2e 35").is_none());
        assert!(parse("4a000000 0a352e35\n2e352d31 302e3131\n").is_none());
        assert!(parse("4a0000000a352e352e352d31302e3131").is_none());
    }
}
