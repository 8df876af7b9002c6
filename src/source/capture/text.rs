//! Pasted text → bytes: which dump format it is, and its bytes, per packet when the dump has
//! several (offsets restarting at 0, or `tcpdump` header lines between them).
//!
//! Tried in this order: dumps with an offset column ([`super::dump`]: `tcpdump -X`/`-XX`,
//! `xxd`, `hexdump -C`, Wireshark/`tshark -x`, `od -Ax -tx1`), plain hex ([`super::hex`]:
//! continuous, spaced, `0x`/`\x` prefixed), then base64 ([`super::b64`]). Errors carry the
//! 1-based line and column.

use serde::Serialize;

use super::error::{CaptureError, Problem};
use super::{b64, dump, hex, Format};

/// Pasted text above this size is refused (a hex dump of a 50 MB capture is ~ 200 MB).
pub const MAX_TEXT_BYTES: usize = 512 * 1024 * 1024;

/// Why pasted text does not decode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum TextError {
    #[error("{ch:?} is not a hex digit")]
    NotHex { ch: char },
    #[error("odd number of hex digits ({digits}): one is missing or one too many")]
    OddDigits { digits: usize },
    #[error("{ch:?} is not a base64 character")]
    NotBase64 { ch: char },
    #[error("base64 text of {chars} characters cannot be complete: a character is missing or extra")]
    Base64Length { chars: usize },
    #[error("offset {got:#x} does not follow the previous line, which ended at {expected:#x}")]
    OffsetJump { expected: u64, got: u64 },
    #[error("the line holds {got} bytes where the offsets say {expected}")]
    LineLength { expected: u64, got: u64 },
    #[error(
        "'*' (repeated lines) would fill {fill} bytes, not a whole number of the {line} bytes of the line before it"
    )]
    BadRepeat { fill: u64, line: usize },
    #[error("`hexdump`/`od -x` print 16-bit words byte-swapped; they were read as little-endian words (`hexdump -C` or `xxd` avoid this)")]
    SwappedWords,
    #[error("not a hex dump or base64: {ch:?} is neither")]
    Unrecognised { ch: char },
}

/// The text layouts recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// `4a0000000a35…`, possibly wrapped (`xxd -p`, Wireshark "Copy as Hex Stream").
    Continuous,
    /// `4a 00 00 00`, `4a:00`, `0x4a, 0x00`, `\x4a\x00`.
    Spaced,
    /// `00000000: 4a00 0000 0a35 …  J....5`
    Xxd,
    /// `00000000  4a 00 00 00 … |J....5|`
    HexdumpC,
    /// `0000   4a 00 00 00 …   J....5` (Wireshark "Copy as Hex Dump", `tshark -x`)
    Wireshark,
    /// `0000000 4a 00 …` (`od -Ax -tx1`, or octal offsets)
    Od,
    /// `0000000 004a 0000 …` (`hexdump`, `od -x`: words byte-swapped)
    SwappedWords,
    /// `\t0x0000:  4500 0034 …  E..4` under a header line per packet.
    TcpdumpX,
    /// Any other dump with an offset column.
    OffsetDump,
    Base64,
}

impl Style {
    pub fn name(self) -> &'static str {
        match self {
            Style::Continuous => "continuous hex",
            Style::Spaced => "spaced hex",
            Style::Xxd => "xxd",
            Style::HexdumpC => "hexdump -C",
            Style::Wireshark => "Wireshark hex dump",
            Style::Od => "od",
            Style::SwappedWords => "hexdump (16-bit words)",
            Style::TcpdumpX => "tcpdump -X",
            Style::OffsetDump => "hex dump",
            Style::Base64 => "base64",
        }
    }

    pub(crate) fn format(self) -> Format {
        match self {
            Style::Base64 => Format::Base64,
            _ => Format::Hex,
        }
    }
}

/// One run of bytes: a packet when the dump has several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Blob {
    pub bytes: Vec<u8>,
    /// 1-based line where it starts (its header line for `tcpdump`).
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TextDecoded {
    pub style: Style,
    pub blobs: Vec<Blob>,
    pub problems: Vec<Problem>,
}

/// A failure at a 1-based line and column.
pub(crate) type Fail = (usize, usize, TextError);

pub(crate) fn fail(f: Fail) -> CaptureError {
    CaptureError::Text { line: f.0, column: f.1, error: f.2 }
}

/// Decodes `text` as `format` (`Auto`, `Hex` or `Base64`).
pub(crate) fn decode(text: &str, format: Format) -> Result<TextDecoded, CaptureError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > MAX_TEXT_BYTES {
        return Err(CaptureError::TooLarge { size: text.len() as u64, cap: MAX_TEXT_BYTES as u64 });
    }
    if text.trim().is_empty() {
        return Err(CaptureError::Empty);
    }
    let one = |bytes: Vec<u8>, style: Style| TextDecoded {
        style,
        blobs: vec![Blob { bytes, line: 1 }],
        problems: Vec::new(),
    };
    let mut hex_failure = None;
    if format != Format::Base64 {
        if let Some(r) = dump::parse(text) {
            return r.map_err(fail);
        }
        match hex::parse(text) {
            Ok((bytes, style)) => return Ok(one(bytes, style)),
            Err(f) => hex_failure = Some(f),
        }
    }
    let hex_failure = match (format, hex_failure) {
        (Format::Hex, Some(f)) => return Err(fail(f)),
        // Every character was hex: the hex reading's complaint is the right one.
        (_, Some(f @ (_, _, TextError::OddDigits { .. }))) => return Err(fail(f)),
        (_, f) => f,
    };
    let b64_failure = match b64::parse(text) {
        Ok(bytes) => return Ok(one(bytes, Style::Base64)),
        Err(f) => f,
    };
    if format == Format::Base64 {
        return Err(fail(b64_failure));
    }
    // Neither: blame the reading the text resembles more.
    let (hexy, total) = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .fold((0usize, 0usize), |(h, t), c| (h + usize::from(c.is_ascii_hexdigit()), t + 1));
    match (b64_failure, hex_failure) {
        (f @ (_, _, TextError::Base64Length { .. }), _) => Err(fail(f)),
        (_, Some(h)) if hexy * 10 >= total * 9 => Err(fail(h)),
        ((line, column, TextError::NotBase64 { ch }), _) => Err(fail((line, column, TextError::Unrecognised { ch }))),
        (f, _) => Err(fail(f)),
    }
}

/// The 1-based column of byte index `at` in `line` (counted in characters).
pub(crate) fn column(line: &str, at: usize) -> usize {
    line.get(..at).map_or(at, |s| s.chars().count()) + 1
}
