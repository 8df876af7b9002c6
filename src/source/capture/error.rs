//! What can go wrong reading a capture, per layer, and where.
//!
//! Two kinds: a [`CaptureError`] stops decoding (nothing useful can be read: empty input, a
//! forced format that does not match, text that is no known dump format, an unknown link type
//! on a classic pcap); a [`Problem`] is local (one truncated record, one malformed packet, a
//! cap that was hit) and the rest still decodes. Both say where: a 1-based line for pasted
//! text, a byte offset for binary files, a 1-based frame number for packets.

use serde::Serialize;

/// Where in the input something is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Location {
    /// 1-based line of pasted text.
    Line(usize),
    /// Byte offset into the (binary) input.
    Offset(u64),
    /// 1-based frame number, as in Wireshark's "No." column.
    Frame(usize),
    /// A connection, by its [`super::Connection::id`].
    Connection(usize),
    /// The input as a whole.
    Input,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Line(n) => write!(f, "line {n}"),
            Location::Offset(n) => write!(f, "byte {n}"),
            Location::Frame(n) => write!(f, "frame {n}"),
            Location::Connection(n) => write!(f, "connection {n}"),
            Location::Input => f.write_str("input"),
        }
    }
}

/// A local problem: the rest of the input still decodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub at: Location,
    pub kind: ProblemKind,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.kind)
    }
}

/// What the local problem is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// The input ends inside a record: what came before it is decoded.
    #[error(
        "the file ends inside a {what}: it needs {needed} bytes, only {have} are there (the capture was cut short)"
    )]
    Truncated { what: &'static str, needed: u64, have: u64 },
    /// A length field larger than any sane value; decoding stops there.
    #[error("{what} claims {length} bytes, more than the {cap} this tool accepts; the rest of the file is skipped")]
    AbsurdLength { what: &'static str, length: u64, cap: u64 },
    /// A length field that cannot be right (below the minimum, or not a multiple of 4);
    /// nothing after it can be framed.
    #[error("{what} has length {length}, which is impossible; the rest of the file is skipped")]
    BadLength { what: &'static str, length: u64 },
    /// A field that cannot be read; nothing after it can be framed.
    #[error("the {what} is unreadable; the rest of the file is skipped")]
    Unreadable { what: &'static str },
    /// A pcapng block whose envelope is fine but whose content is not; it is skipped.
    #[error("malformed {what} ({length} bytes); skipped")]
    BadBlock { what: &'static str, length: u64 },
    /// An interface (or a text paste's packets) with a link type this tool does not decode.
    #[error("link type {link_type} ({name}) is not supported; its packets are skipped (supported: Ethernet, Linux cooked SLL/SLL2, BSD loopback, raw IP)")]
    UnknownLinkType { link_type: u32, name: &'static str },
    /// A packet names an interface that was never described.
    #[error("the packet refers to interface {interface}, which the file never describes; skipped")]
    UnknownInterface { interface: u32 },
    /// A packet's headers do not decode.
    #[error("{0}")]
    Packet(#[from] super::packet::PacketError),
    /// An IPv4 fragment after the first: IP reassembly is not done, so its bytes are missing.
    #[error("IPv4 fragment at offset {fragment_offset} skipped (IP fragment reassembly is not supported)")]
    Fragment { fragment_offset: u32 },
    /// The capture stored fewer bytes than the packet had (snaplen): the stream has a gap.
    #[error(
        "only {captured} of {original} bytes of this packet were captured (snap length); the TCP stream has a gap"
    )]
    CapturedShort { captured: u64, original: u64 },
    /// More connections than the cap: later new connections are ignored.
    #[error("more than {cap} TCP connections; {ignored} packets of further connections were ignored")]
    TooManyConnections { cap: usize, ignored: u64 },
    /// One direction of a connection reached the byte cap; the rest of it is dropped.
    #[error("one direction of this connection reached {cap} bytes; the rest of it is dropped")]
    StreamCapped { cap: usize },
    /// A text line that is not part of the dump around it.
    #[error("ignored: not part of the hex dump ({hint})")]
    LineIgnored { hint: &'static str },
    /// The text is a dump whose layout scrambles bytes.
    #[error("{0}")]
    Text(#[from] super::text::TextError),
    /// No TCP at all in a capture that had frames.
    #[error("no TCP packets among {frames} frames ({not_ip} not IP, {not_tcp} IP but not TCP)")]
    NoTcp { frames: usize, not_ip: usize, not_tcp: usize },
    /// More problems than are worth listing.
    #[error("{more} more problems not listed")]
    More { more: usize },
}

/// Decoding stopped: nothing (more) could be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum CaptureError {
    /// Nothing to decode.
    #[error("the input is empty")]
    Empty,
    /// More input than this tool reads.
    #[error("the input is {size} bytes; the limit is {cap} bytes")]
    TooLarge { size: u64, cap: u64 },
    /// The user forced pcap/pcapng and the file does not start with its magic number.
    #[error("not a {expected} file: it starts with {got} (expected {magic}); try --format auto")]
    WrongMagic { expected: &'static str, magic: &'static str, got: String },
    /// The file ends inside its own file header.
    #[error("the {what} is cut short: {needed} bytes needed, the file has {have}")]
    TruncatedHeader { what: &'static str, needed: u64, have: u64 },
    /// A pcap/pcapng header field this tool cannot read.
    #[error("{what} at byte {offset}: {got}")]
    BadHeader { what: &'static str, offset: u64, got: String },
    /// The whole capture uses a link type that is not decoded.
    #[error("link type {link_type} ({name}) at byte {offset} is not supported (supported: Ethernet 1, BSD loopback 0 and 108, raw IP 101/228/229, Linux cooked SLL 113 and SLL2 276)")]
    UnknownLinkType { link_type: u32, name: &'static str, offset: u64 },
    /// Pasted text that does not decode in the format it looks like (or was forced to).
    #[error("line {line}, column {column}: {error}")]
    Text { line: usize, column: usize, error: super::text::TextError },
    /// The user forced a text format on bytes that are not text.
    #[error("byte {offset} is not text (0x{byte:02x}), so this cannot be {format}; try --format auto or raw")]
    NotText { offset: u64, byte: u8, format: &'static str },
}
