//! From whatever the user pastes or drops to TCP connections.
//!
//! ```text
//!  bytes ─► detect ─┬─ pcap / pcapng ─► pcap (framing) ─► link ─► ip ─► tcp ─┐
//!                   │                                                         ├─► connections
//!  text ──────────► ├─ text: dump / hex / base64 ─┬─ packets (sniff) ─────────┘   (reassembly,
//!                   │                             └─ payload bytes ─► Decoded::Bytes   roles)
//!                   └─ raw ─────────────────────────┘
//! ```
//!
//! - [`decode`] reads a dropped file (any format), [`decode_text`] a paste; [`Decoder`] reads a
//!   capture in chunks with [`Progress`]. [`Format`] forces a format; `Auto` detects.
//! - Result: [`Decoded::Connections`] (each with a [`Transcript`] per direction, in wire order,
//!   for the conversation decoder) or [`Decoded::Bytes`] for a one-direction byte paste.
//! - Fatal: [`CaptureError`]. Local, and the rest still decodes: [`Problem`] with a
//!   [`Location`] (line, byte offset, frame or connection).
//! - Caps: [`MAX_CONNECTIONS`], [`MAX_STREAM_BYTES`] per direction, [`MAX_FRAME_BYTES`],
//!   [`MAX_BLOCK_BYTES`], [`MAX_TEXT_BYTES`], [`MAX_PROBLEMS`]; each is reported when hit.

mod b64;
mod connections;
mod cursor;
mod decoder;
mod detect;
mod dump;
mod error;
mod hex;
mod ip;
mod link;
mod packet;
mod pcap;
mod problems;
mod reassembly;
mod roles;
mod sink;
mod sniff;
mod tcp;
mod text;

use std::net::SocketAddr;

use serde::Serialize;

pub use crate::vocab::{Direction, Transcript};
pub use connections::MAX_CONNECTIONS;
pub use decoder::{Decoder, Handoff, Progress};
pub use detect::{Format, UnknownFormat};
pub use error::{CaptureError, Location, Problem, ProblemKind};
pub use packet::PacketError;
pub use pcap::{MAX_BLOCK_BYTES, MAX_FRAME_BYTES};
pub use problems::MAX_PROBLEMS;
pub use reassembly::{MAX_PENDING_BYTES, MAX_STREAM_BYTES};
pub use roles::MYSQL_PORTS;
pub use text::{Style, TextError, MAX_TEXT_BYTES};

use link::LinkType;
use sink::Sink;
use text::TextDecoded;

/// One TCP connection found in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Connection {
    /// 0-based, in order of first packet; a reused 4-tuple after a new SYN is a new connection
    /// (Wireshark's `tcp.stream`).
    pub id: usize,
    pub client: SocketAddr,
    pub server: SocketAddr,
    /// 1-based frame number of its first packet.
    pub first_packet: usize,
    /// TCP packets of this connection, payload or not.
    pub packets: usize,
    /// Not in the JSON: the conversation decoder's output describes these bytes.
    #[serde(skip)]
    pub transcript: Transcript,
    /// Bytes missing from the capture, per hole, in stream order per direction.
    pub gaps: Vec<(Direction, u64)>,
    /// The server is on a MySQL port ([`MYSQL_PORTS`]) or spoke first with a greeting or ERR.
    pub likely_mysql: bool,
    /// What the reader noticed: no SYN, gaps (with their position), retransmits, reordering.
    pub notes: Vec<String>,
    /// What TCP itself shows: the handshake, and who ended the connection how.
    pub tcp: TcpFacts,
}

/// The TCP handshake and teardown of one connection: what an outcome needs when no byte of
/// payload crossed (a SYN answered by RST is a port nobody listens on).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TcpFacts {
    /// The client's SYN was captured.
    pub syn: bool,
    /// The server answered with SYN-ACK.
    pub syn_ack: bool,
    /// The first FIN or RST of the connection.
    pub first_close: Option<Close>,
}

/// One side ending the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Close {
    pub by: Direction,
    /// RST rather than FIN.
    pub reset: bool,
}

/// What the input held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Decoded {
    /// Packets: a capture file, or pasted dumps of whole packets (`tcpdump -X`, Wireshark …).
    Connections {
        connections: Vec<Connection>,
        /// The link types read, e.g. "Ethernet (1)" or "raw IP (101), from tcpdump -X text".
        link_type: String,
        frames: usize,
        problems: Vec<Problem>,
    },
    /// A one-direction paste of payload bytes (a greeting, an SSLRequest, a TLS record …).
    Bytes {
        bytes: Vec<u8>,
        /// How they were written: `Hex`, `Base64` or `Raw`.
        format: Format,
        problems: Vec<Problem>,
    },
}

impl Decoded {
    /// The first connection that looks like MySQL, the one to show by default.
    pub fn default_connection(&self) -> Option<&Connection> {
        match self {
            Decoded::Connections { connections, .. } => connections.iter().find(|c| c.likely_mysql),
            Decoded::Bytes { .. } => None,
        }
    }

    /// The transcript to analyse: connection `id` (or the default one) of a capture, or a
    /// one-direction paste placed on the side that sent it.
    pub fn transcript(&self, id: Option<usize>) -> Option<Transcript> {
        match self {
            Decoded::Connections { connections, .. } => match id {
                Some(id) => connections.iter().find(|c| c.id == id),
                None => self.default_connection().or(connections.first()),
            }
            .map(|c| c.transcript.clone()),
            Decoded::Bytes { bytes, .. } => {
                let (dir, _) = crate::decode::conversation::guess_start(bytes);
                Some(Transcript::from_parts(&[(dir, bytes)]))
            }
        }
    }

    pub fn problems(&self) -> &[Problem] {
        match self {
            Decoded::Connections { problems, .. } | Decoded::Bytes { problems, .. } => problems,
        }
    }
}

/// Decodes a dropped file (or any bytes): a capture, a text dump, or raw bytes.
pub fn decode(input: &[u8], format: Format) -> Result<Decoded, CaptureError> {
    if input.is_empty() {
        return Err(CaptureError::Empty);
    }
    let capture = match format {
        Format::Pcap | Format::Pcapng => true,
        Format::Auto => detect::container(input).is_some(),
        _ => false,
    };
    if capture {
        let mut d = Decoder::new(format);
        d.push(input);
        d.finish()
    } else {
        decode_other(input, format)
    }
}

/// Decodes pasted text.
pub fn decode_text(text: &str, format: Format) -> Result<Decoded, CaptureError> {
    match format {
        Format::Pcap | Format::Pcapng => Err(decoder::wrong_magic(format, text.as_bytes())),
        Format::Raw if text.is_empty() => Err(CaptureError::Empty),
        Format::Raw => Ok(Decoded::Bytes { bytes: text.as_bytes().to_vec(), format, problems: Vec::new() }),
        _ => from_text(text::decode(text, format)?),
    }
}

/// Anything that is not a capture container.
pub(crate) fn decode_other(input: &[u8], format: Format) -> Result<Decoded, CaptureError> {
    if input.is_empty() {
        return Err(CaptureError::Empty);
    }
    match format {
        Format::Pcap | Format::Pcapng => Err(decoder::wrong_magic(format, input)),
        Format::Raw => Ok(Decoded::Bytes { bytes: input.to_vec(), format, problems: Vec::new() }),
        Format::Hex | Format::Base64 => {
            let text = detect::as_text(input).map_err(|(offset, byte)| CaptureError::NotText {
                offset: offset as u64,
                byte,
                format: format.name(),
            })?;
            decode_text(text, format)
        }
        Format::Auto => match detect::as_text(input) {
            Ok(text) => decode_text(text, format),
            Err(_) => Ok(match sniff::packet_link(input) {
                Some(link) => packets(link, &[(input, None)], "one raw packet", Vec::new()),
                None => Decoded::Bytes { bytes: input.to_vec(), format: Format::Raw, problems: Vec::new() },
            }),
        },
    }
}

fn from_text(t: TextDecoded) -> Result<Decoded, CaptureError> {
    // A capture file that was hex- or base64-encoded.
    if let [blob] = t.blobs.as_slice() {
        if detect::container(&blob.bytes).is_some() {
            return decode(&blob.bytes, Format::Auto);
        }
    }
    let link = if t.style == Style::TcpdumpX {
        // tcpdump -X shows the IP packet; -XX adds the link header.
        Some(t.blobs.first().and_then(|b| sniff::packet_link(&b.bytes)).unwrap_or(LinkType::RawIp))
    } else {
        let mut links = t.blobs.iter().map(|b| sniff::packet_link(&b.bytes));
        let first = links.next().flatten();
        first.filter(|l| links.all(|x| x == Some(*l)))
    };
    let frames: Vec<(&[u8], Option<Location>)> =
        t.blobs.iter().map(|b| (b.bytes.as_slice(), Some(Location::Line(b.line)))).collect();
    Ok(match link {
        Some(link) => packets(link, &frames, t.style.name(), t.problems),
        None => Decoded::Bytes {
            bytes: t.blobs.into_iter().flat_map(|b| b.bytes).collect(),
            format: t.style.format(),
            problems: t.problems,
        },
    })
}

/// Pasted packets, each with where its problems are reported (its line in a paste).
fn packets(link: LinkType, frames: &[(&[u8], Option<Location>)], source: &str, earlier: Vec<Problem>) -> Decoded {
    let mut sink = Sink::default();
    for (bytes, at) in frames {
        sink.frame(*at, link, bytes);
    }
    let mut decoded = sink.finish(format!("{}, from {source}", link.label()));
    if let Decoded::Connections { problems, .. } = &mut decoded {
        let later = std::mem::take(problems);
        *problems = earlier;
        problems.extend(later);
    }
    decoded
}
