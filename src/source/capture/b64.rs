//! Base64 (RFC 4648 §4, and the URL-safe alphabet of §5), wrapped at any width, padding
//! optional.

use base64::alphabet;
use base64::engine::general_purpose::GeneralPurpose;
use base64::engine::{DecodePaddingMode, GeneralPurposeConfig};
use base64::Engine as _;

use super::text::{column, Fail, TextError};

const ENGINE: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(true),
);

pub(crate) fn parse(text: &str) -> Result<Vec<u8>, Fail> {
    let mut compact = Vec::with_capacity(text.len());
    let mut padding_at: Option<(usize, usize)> = None;
    for (idx, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        for (i, ch) in line.char_indices() {
            let here = (idx + 1, column(line, i));
            match ch {
                c if c.is_whitespace() => continue,
                '=' => {
                    padding_at.get_or_insert(here);
                    continue;
                }
                _ => {}
            }
            if let Some((l, c)) = padding_at {
                // Data after padding: the '=' was in the middle.
                return Err((l, c, TextError::NotBase64 { ch: '=' }));
            }
            let b = match ch {
                'A'..='Z' | 'a'..='z' | '0'..='9' | '+' | '/' => ch as u8,
                '-' => b'+',
                '_' => b'/',
                _ => return Err((here.0, here.1, TextError::NotBase64 { ch })),
            };
            compact.push(b);
        }
    }
    if compact.len() % 4 == 1 || compact.is_empty() {
        let line = text.trim_end().split('\n').count().max(1);
        return Err((line, 1, TextError::Base64Length { chars: compact.len() }));
    }
    ENGINE.decode(&compact).map_err(|_| (1, 1, TextError::Base64Length { chars: compact.len() }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wrapped_padded_and_url_safe() {
        assert_eq!(parse("SkFC\nRA==\n"), Ok(b"JABD".to_vec()));
        assert_eq!(parse("SkFCRA"), Ok(b"JABD".to_vec()));
        assert_eq!(parse("-_-_"), Ok(vec![0xfb, 0xff, 0xbf]));
    }

    #[test]
    fn rejects_with_position() {
        assert_eq!(parse("SkFC\nR!A="), Err((2, 2, TextError::NotBase64 { ch: '!' })));
        assert_eq!(parse("Sk=FC"), Err((1, 3, TextError::NotBase64 { ch: '=' })));
        assert_eq!(parse("SkFCR"), Err((1, 1, TextError::Base64Length { chars: 5 })));
    }
}
