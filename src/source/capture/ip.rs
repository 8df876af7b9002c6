//! IPv4 (RFC 791, options included) and IPv6 (RFC 8200, extension headers walked) down to the
//! transport payload.
//!
//! The IP length fields decide where the packet ends: Ethernet pads short frames to 60 bytes,
//! and that padding must not become TCP payload. When the capture kept fewer bytes than the
//! header announces (snap length), the difference is reported as `missing`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::cursor::Cursor;
use super::packet::{Frame, PacketError};
use super::tcp;

const PROTO_TCP: u8 = 6;
/// Longer IPv6 extension header chains are not seen in practice; bounding keeps the walk cheap.
const MAX_EXTENSION_HEADERS: usize = 8;

/// Raw IP: the version nibble decides.
pub(crate) fn any(packet: &[u8]) -> Result<Frame<'_>, PacketError> {
    match packet.first().map(|b| b >> 4) {
        Some(6) => v6(packet),
        _ => v4(packet),
    }
}

pub(crate) fn v4(packet: &[u8]) -> Result<Frame<'_>, PacketError> {
    let mut c = Cursor::new(packet);
    let short = PacketError::Short { layer: "IPv4", needed: 20, got: packet.len() };
    // version(4 bits) IHL(4 bits)
    let vihl = c.u8().ok_or(short.clone())?;
    if vihl >> 4 != 4 {
        return Err(PacketError::IpVersion { expected: 4, got: vihl >> 4 });
    }
    let ihl = vihl & 0x0f;
    if ihl < 5 {
        return Err(PacketError::Ipv4HeaderLength { ihl });
    }
    let header_len = usize::from(ihl) * 4;
    c.skip(1).ok_or(short.clone())?; // DSCP/ECN
    let total = c.u16_be().ok_or(short.clone())?; // total length
    c.skip(2).ok_or(short.clone())?; // identification
    let frag = c.u16_be().ok_or(short.clone())?; // flags(3 bits) fragment offset(13 bits)
    c.skip(1).ok_or(short.clone())?; // TTL
    let protocol = c.u8().ok_or(short.clone())?;
    c.skip(2).ok_or(short.clone())?; // header checksum: not checked (offloading leaves it 0)
    let src = c.array4().ok_or(short.clone())?;
    let dst = c.array4().ok_or(short)?;
    // options: up to 40 bytes
    c.skip(header_len - 20).ok_or(PacketError::Short {
        layer: "IPv4 options",
        needed: header_len,
        got: packet.len(),
    })?;
    if usize::from(total) < header_len {
        // TSO captures write 0 here; treat as "the rest of the frame".
        if total != 0 {
            return Err(PacketError::Ipv4TotalLength { total, header: header_len });
        }
    }
    let fragment_offset = u32::from(frag & 0x1fff) * 8;
    if fragment_offset != 0 {
        return Ok(Frame::Fragment { fragment_offset });
    }
    if protocol != PROTO_TCP {
        return Ok(Frame::NotTcp);
    }
    let announced = if total == 0 { c.remaining() } else { usize::from(total) - header_len };
    let (body, missing) = bounded(c.rest(), announced);
    tcp::segment(IpAddr::V4(Ipv4Addr::from(src)), IpAddr::V4(Ipv4Addr::from(dst)), body, missing)
}

pub(crate) fn v6(packet: &[u8]) -> Result<Frame<'_>, PacketError> {
    let mut c = Cursor::new(packet);
    let short = PacketError::Short { layer: "IPv6", needed: 40, got: packet.len() };
    // version(4) traffic class(8) flow label(20)
    let first = c.u32_be().ok_or(short.clone())?;
    let version = (first >> 28) as u8;
    if version != 6 {
        return Err(PacketError::IpVersion { expected: 6, got: version });
    }
    let payload_len = c.u16_be().ok_or(short.clone())?;
    let mut next = c.u8().ok_or(short.clone())?;
    c.skip(1).ok_or(short.clone())?; // hop limit
    let src = c.array16().ok_or(short.clone())?;
    let dst = c.array16().ok_or(short)?;
    // A zero payload length is a jumbogram (or TSO): the rest of the frame.
    let announced = if payload_len == 0 { c.remaining() } else { usize::from(payload_len) };
    let (body, missing) = bounded(c.rest(), announced);
    let mut c = Cursor::new(body);
    let mut walked = 0;
    loop {
        let ext_short = PacketError::Short { layer: "IPv6 extension", needed: 8, got: c.remaining() };
        match next {
            PROTO_TCP => break,
            // hop-by-hop, routing, destination options, mobility, HIP, shim6:
            // next header(1) length in 8-octet units not counting the first(1)
            0 | 43 | 60 | 135 | 139 | 140 => {
                walked += 1;
                let mut h = c.clone();
                next = h.u8().ok_or(ext_short.clone())?;
                let len = (usize::from(h.u8().ok_or(ext_short.clone())?) + 1) * 8;
                c.skip(len).ok_or(ext_short)?;
            }
            // fragment: next header(1) reserved(1) offset(13 bits) flags(3 bits) id(4)
            44 => {
                walked += 1;
                let mut h = c.clone();
                next = h.u8().ok_or(ext_short.clone())?;
                h.skip(1).ok_or(ext_short.clone())?;
                let offset = u32::from(h.u16_be().ok_or(ext_short.clone())? >> 3) * 8;
                c.skip(8).ok_or(ext_short)?;
                if offset != 0 {
                    return Ok(Frame::Fragment { fragment_offset: offset });
                }
            }
            // authentication header: length in 4-octet units minus 2
            51 => {
                walked += 1;
                let mut h = c.clone();
                next = h.u8().ok_or(ext_short.clone())?;
                let len = (usize::from(h.u8().ok_or(ext_short.clone())?) + 2) * 4;
                c.skip(len).ok_or(ext_short)?;
            }
            // ESP (encrypted), no next header (59), or another transport
            _ => return Ok(Frame::NotTcp),
        }
        if walked > MAX_EXTENSION_HEADERS {
            return Err(PacketError::Ipv6ExtensionChain { max: MAX_EXTENSION_HEADERS });
        }
    }
    // The extension headers were inside the announced length, so `missing` still holds.
    tcp::segment(IpAddr::V6(Ipv6Addr::from(src)), IpAddr::V6(Ipv6Addr::from(dst)), c.rest(), missing)
}

/// The announced bytes that are present, and how many announced bytes are not.
fn bounded(rest: &[u8], announced: usize) -> (&[u8], u32) {
    match rest.get(..announced) {
        Some(body) => (body, 0),
        None => (rest, u32::try_from(announced - rest.len()).unwrap_or(u32::MAX)),
    }
}
