//! What the user gave us: a capture file, a text dump, or raw bytes.
//!
//! Binary first, by magic number — pcap: `a1b2c3d4` (µs) / `a1b23c4d` (ns) / `a1b2cd34`
//! (Kuznetzov's modified format), in either byte order
//! (<https://datatracker.ietf.org/doc/draft-ietf-opsawg-pcap/>); pcapng: the Section Header
//! Block type `0a0d0d0a` (<https://datatracker.ietf.org/doc/draft-ietf-opsawg-pcapng/>).
//! Then text (no NUL, valid UTF-8) goes to [`super::text`], which tells the dump formats apart;
//! anything else is raw bytes.

use serde::Serialize;

/// The input format; `Auto` detects, the others force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Auto,
    /// Any hex dump: continuous, spaced, `xxd`, `hexdump -C`, Wireshark, `tcpdump -X`, `od`.
    Hex,
    /// Base64, possibly wrapped.
    Base64,
    /// The bytes as they are.
    Raw,
    /// Classic libpcap file.
    Pcap,
    /// pcapng file.
    Pcapng,
}

impl Format {
    pub const ALL: [Format; 6] = [Format::Auto, Format::Hex, Format::Base64, Format::Raw, Format::Pcap, Format::Pcapng];

    pub fn name(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Hex => "hex",
            Format::Base64 => "base64",
            Format::Raw => "raw",
            Format::Pcap => "pcap",
            Format::Pcapng => "pcapng",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// `--format` values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format {0:?}; expected one of auto, hex, base64, raw, pcap, pcapng")]
pub struct UnknownFormat(pub String);

impl std::str::FromStr for Format {
    type Err = UnknownFormat;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownFormat(s.to_owned()))
    }
}

/// A capture container, by its first four bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Container {
    Pcap,
    Pcapng,
}

pub(crate) const PCAPNG_MAGIC: [u8; 4] = [0x0a, 0x0d, 0x0d, 0x0a];

pub(crate) fn container(first4: &[u8]) -> Option<Container> {
    match first4.get(..4)? {
        [0xa1, 0xb2, 0xc3, 0xd4]
        | [0xd4, 0xc3, 0xb2, 0xa1]
        | [0xa1, 0xb2, 0x3c, 0x4d]
        | [0x4d, 0x3c, 0xb2, 0xa1]
        | [0xa1, 0xb2, 0xcd, 0x34]
        | [0x34, 0xcd, 0xb2, 0xa1] => Some(Container::Pcap),
        m if m == PCAPNG_MAGIC => Some(Container::Pcapng),
        _ => None,
    }
}

/// Text, or the offset of the first byte that makes it binary (a NUL, or invalid UTF-8).
pub(crate) fn as_text(bytes: &[u8]) -> Result<&str, (usize, u8)> {
    let bad = |at: usize| (at, bytes.get(at).copied().unwrap_or(0));
    let text = std::str::from_utf8(bytes).map_err(|e| bad(e.valid_up_to()))?;
    match bytes.iter().position(|&b| b == 0) {
        Some(at) => Err(bad(at)),
        None => Ok(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_magic() {
        for m in
            [[0xa1, 0xb2, 0xc3, 0xd4], [0xd4, 0xc3, 0xb2, 0xa1], [0xa1, 0xb2, 0x3c, 0x4d], [0x4d, 0x3c, 0xb2, 0xa1]]
        {
            assert_eq!(container(&m), Some(Container::Pcap), "{m:x?}");
        }
        assert_eq!(container(&PCAPNG_MAGIC), Some(Container::Pcapng));
        assert_eq!(container(b"0a0d"), None);
        assert_eq!(container(&[0xa1]), None);
    }

    #[test]
    fn reads_format_names() {
        assert_eq!("PCAPNG".parse::<Format>(), Ok(Format::Pcapng));
        assert!("pcap-ng".parse::<Format>().is_err());
    }

    #[test]
    fn tells_text_from_binary() {
        assert_eq!(as_text(b"4a 00"), Ok("4a 00"));
        assert_eq!(as_text(b"J\0\0"), Err((1, 0)));
        assert_eq!(as_text(&[b'a', 0xff]), Err((1, 0xff)));
    }
}
