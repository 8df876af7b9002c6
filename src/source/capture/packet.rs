//! One captured frame → one TCP segment: link layer ([`super::link`]), then IP
//! ([`super::ip`]), then TCP ([`super::tcp`]). Zero-copy: the segment borrows the frame.
//!
//! A frame that is not IP, or IP that is not TCP, is not an error (captures hold ARP, DNS …);
//! it is counted. Headers that contradict themselves are a [`PacketError`].

use std::net::SocketAddr;

use super::ip;
use super::link::LinkType;

/// Why a frame's headers do not decode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum PacketError {
    /// The frame ends inside a header.
    #[error("the {layer} header needs {needed} bytes, the frame has only {got} left")]
    Short { layer: &'static str, needed: usize, got: usize },
    /// The IP version nibble is not the one the link layer announced.
    #[error("IP version {got} where {expected} was announced by the link layer")]
    IpVersion { expected: u8, got: u8 },
    /// IPv4 IHL below 5 words.
    #[error("IPv4 header length field is {ihl} ({} bytes); it must be at least 5 (20 bytes)", u32::from(*ihl) * 4)]
    Ipv4HeaderLength { ihl: u8 },
    /// IPv4 total length smaller than its own header.
    #[error("IPv4 total length {total} is smaller than its header ({header} bytes)")]
    Ipv4TotalLength { total: u16, header: usize },
    /// An IPv6 extension header chain longer than any real one.
    #[error("more than {max} IPv6 extension headers")]
    Ipv6ExtensionChain { max: usize },
    /// TCP data offset below 5 words or beyond the segment.
    #[error("TCP data offset {data_offset} ({} bytes) does not fit a segment of {segment} bytes", u32::from(*data_offset) * 4)]
    TcpDataOffset { data_offset: u8, segment: usize },
    /// More stacked 802.1Q tags than any real network uses.
    #[error("more than {max} stacked VLAN tags")]
    VlanDepth { max: usize },
}

/// TCP header flags this decoder uses (RFC 9293 §3.1).
pub(crate) mod flags {
    pub const FIN: u8 = 0x01;
    pub const SYN: u8 = 0x02;
    pub const RST: u8 = 0x04;
    pub const ACK: u8 = 0x10;
}

/// One TCP segment, borrowing its payload from the frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Segment<'a> {
    pub src: SocketAddr,
    pub dst: SocketAddr,
    pub seq: u32,
    pub ack: u32,
    pub flags: u8,
    pub payload: &'a [u8],
    /// Payload bytes the IP header announces but the capture did not keep (snap length).
    pub missing: u32,
}

impl Segment<'_> {
    pub(crate) fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// What a frame turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Frame<'a> {
    Tcp(Segment<'a>),
    /// Not IP (ARP, LLDP …): skipped silently, counted.
    NotIp,
    /// IP, but another transport (UDP, ICMP …): skipped silently, counted.
    NotTcp,
    /// An IPv4/IPv6 fragment after the first: its bytes cannot be placed without IP reassembly.
    Fragment {
        fragment_offset: u32,
    },
}

/// Decodes one frame of the given link type down to TCP.
pub(crate) fn decode(link: LinkType, frame: &[u8]) -> Result<Frame<'_>, PacketError> {
    match link.network(frame)? {
        super::link::Network::Ipv4(ip) => ip::v4(ip),
        super::link::Network::Ipv6(ip) => ip::v6(ip),
        super::link::Network::Unknown(ip) => ip::any(ip),
        super::link::Network::Other => Ok(Frame::NotIp),
    }
}
