//! Plain hex: continuous (`4a000000…`, wrapped or not), spaced (`4a 00 00`), separated
//! (`4a:00:00`, `4a-00`, `0x4a, 0x00`) or escaped (`\x4a\x00`). A `0x` token with one digit
//! (`0xa` from a C array) is one byte.

use super::text::{column, Fail, Style, TextError};

/// The bytes, and whether the digits came separated.
pub(crate) fn parse(text: &str) -> Result<(Vec<u8>, Style), Fail> {
    let mut out = Vec::with_capacity(text.len() / 2);
    let mut high: Option<u8> = None;
    let mut digits = 0usize;
    let mut separated = false;
    let mut token: Vec<u8> = Vec::new();
    let mut flush = |token: &mut Vec<u8>, prefixed: bool, out: &mut Vec<u8>| {
        if prefixed && token.len() % 2 == 1 && high.is_none() {
            token.insert(0, 0);
        }
        for &n in token.iter() {
            match high.take() {
                Some(h) => out.push(h << 4 | n),
                None => high = Some(n),
            }
        }
        digits += token.len();
        token.clear();
    };
    let mut last_line = 1;
    for (idx, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        last_line = idx + 1;
        let bytes = line.as_bytes();
        let mut i = 0;
        let mut prefixed = false;
        while let Some(&c) = bytes.get(i) {
            let next = bytes.get(i + 1).copied();
            let at_token_start = token.is_empty() && !prefixed;
            match c {
                // separators, C array braces, and Wireshark's escaped-string quotes and `\` line ends
                b' ' | b'\t' | b',' | b';' | b':' | b'-' | b'"' | b'{' | b'}' | b'[' | b']' => {
                    if !token.is_empty() {
                        separated = true;
                    }
                    flush(&mut token, prefixed, &mut out);
                    prefixed = false;
                    i += 1;
                }
                b'0' if at_token_start && matches!(next, Some(b'x' | b'X')) => {
                    prefixed = true;
                    i += 2;
                }
                b'\\' if next.is_none() => {
                    flush(&mut token, prefixed, &mut out);
                    prefixed = false;
                    i += 1;
                }
                b'\\' if matches!(next, Some(b'x' | b'X')) => {
                    flush(&mut token, prefixed, &mut out);
                    prefixed = true;
                    separated = true;
                    i += 2;
                }
                c if c.is_ascii_hexdigit() => {
                    token.push(nibble(c));
                    i += 1;
                }
                _ => {
                    let ch = line.get(i..).and_then(|s| s.chars().next()).unwrap_or('?');
                    return Err((idx + 1, column(line, i), TextError::NotHex { ch }));
                }
            }
        }
        flush(&mut token, prefixed, &mut out);
    }
    if high.is_some() {
        let col = text.split('\n').nth(last_line - 1).map_or(1, |l| l.trim_end().chars().count() + 1);
        return Err((last_line, col, TextError::OddDigits { digits }));
    }
    if out.is_empty() {
        return Err((1, 1, TextError::OddDigits { digits: 0 }));
    }
    let style = if separated { Style::Spaced } else { Style::Continuous };
    Ok((out, style))
}

pub(crate) fn nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_plain_layout() {
        let want = vec![0x4a, 0x00, 0x0a, 0xff];
        for (text, style) in [
            ("4a000aff", Style::Continuous),
            ("4a00\n0aff\n", Style::Continuous),
            ("4a 00 0a ff", Style::Spaced),
            ("4A:00:0A:FF", Style::Spaced),
            ("0x4a, 0x00, 0xa, 0xff", Style::Spaced),
            ("\\x4a\\x00\\x0a\\xff", Style::Spaced),
            ("4a00 0aff\r\n", Style::Spaced),
        ] {
            assert_eq!(parse(text), Ok((want.clone(), style)), "{text:?}");
        }
    }

    #[test]
    fn rejects_with_line_and_column() {
        assert_eq!(parse("4a 00\n0a zz"), Err((2, 4, TextError::NotHex { ch: 'z' })));
        assert_eq!(parse("4a 00 0"), Err((1, 8, TextError::OddDigits { digits: 5 })));
        assert_eq!(parse("4a é"), Err((1, 4, TextError::NotHex { ch: 'é' })));
    }
}
