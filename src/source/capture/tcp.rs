//! The TCP header (RFC 9293 §3.1): ports, sequence and acknowledgment numbers, flags, and the
//! data offset that skips the options. Options themselves are not needed for reassembly.

use std::net::{IpAddr, SocketAddr};

use super::cursor::Cursor;
use super::packet::{Frame, PacketError, Segment};

/// `body` is the IP payload that was captured; `missing` the announced bytes that were not.
pub(crate) fn segment(src: IpAddr, dst: IpAddr, body: &[u8], missing: u32) -> Result<Frame<'_>, PacketError> {
    let mut c = Cursor::new(body);
    let short = PacketError::Short { layer: "TCP", needed: 20, got: body.len() };
    let sport = c.u16_be().ok_or(short.clone())?; // source port
    let dport = c.u16_be().ok_or(short.clone())?; // destination port
    let seq = c.u32_be().ok_or(short.clone())?; // sequence number
    let ack = c.u32_be().ok_or(short.clone())?; // acknowledgment number
    let data_offset = c.u8().ok_or(short.clone())? >> 4; // data offset(4) reserved(4)
    let flags = c.u8().ok_or(short.clone())?; // CWR ECE URG ACK PSH RST SYN FIN
    c.skip(6).ok_or(short)?; // window(2) checksum(2) urgent pointer(2)
    let header = usize::from(data_offset) * 4;
    if data_offset < 5 {
        return Err(PacketError::TcpDataOffset { data_offset, segment: body.len() });
    }
    // options: header - 20 bytes
    let payload = match body.get(header..) {
        Some(p) => p,
        // Options cut by the snap length: the header is there, the options are not.
        None if missing > 0 => &[],
        None => return Err(PacketError::TcpDataOffset { data_offset, segment: body.len() }),
    };
    Ok(Frame::Tcp(Segment {
        src: SocketAddr::new(src, sport),
        dst: SocketAddr::new(dst, dport),
        seq,
        ack,
        flags,
        payload,
        missing,
    }))
}
