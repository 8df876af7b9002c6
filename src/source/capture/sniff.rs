//! Is a pasted blob a whole packet (IP, Ethernet, Linux cooked, loopback) or just payload?
//!
//! Strict on purpose: a MySQL packet that starts with 0x45 must not be read as IPv4. A blob is
//! a packet only if a link header leads to an IP header whose length field accounts for
//! exactly the bytes present (Ethernet may add padding up to its 60-byte minimum, or a 4-byte
//! FCS) and that carries a TCP header.

use super::link::{LinkType, Network};
use super::packet::{self, Frame};

/// The link types tried, most common first.
const CANDIDATES: [LinkType; 6] =
    [LinkType::RawIp, LinkType::Ethernet, LinkType::LinuxSll, LinkType::LinuxSll2, LinkType::Null, LinkType::Loop];

/// The link type under which `bytes` is exactly one TCP packet, if any.
pub(crate) fn packet_link(bytes: &[u8]) -> Option<LinkType> {
    CANDIDATES.into_iter().find(|&link| is_tcp_packet(link, bytes))
}

fn is_tcp_packet(link: LinkType, bytes: &[u8]) -> bool {
    let ip = match link.network(bytes) {
        Ok(Network::Ipv4(ip) | Network::Ipv6(ip) | Network::Unknown(ip)) => ip,
        _ => return false,
    };
    let Some(announced) = ip_length(ip) else {
        return false;
    };
    let extra = ip.len().checked_sub(announced);
    let fits = match (link, extra) {
        (_, Some(0)) => true,
        // Ethernet pads frames to 60 bytes, and some captures keep the 4-byte FCS.
        (LinkType::Ethernet, Some(n)) => bytes.len() <= 60 || n == 4,
        _ => false,
    };
    fits && matches!(
        packet::decode(link, bytes),
        Ok(Frame::Tcp(seg)) if seg.missing == 0
    )
}

/// The length the IP header says the packet has.
fn ip_length(ip: &[u8]) -> Option<usize> {
    let b = |i: usize| ip.get(i).copied().map(usize::from);
    match b(0)? >> 4 {
        4 => Some(b(2)? << 8 | b(3)?),
        6 => Some(40 + (b(4)? << 8 | b(5)?)),
        _ => None,
    }
}
