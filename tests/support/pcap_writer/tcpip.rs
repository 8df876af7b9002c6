//! TCP segments as IPv4/IPv6 packets, built from the header formats (RFC 791, RFC 8200,
//! RFC 9293) with valid checksums (RFC 1071).

use std::net::{IpAddr, SocketAddr};

pub const FIN: u8 = 0x01;
pub const SYN: u8 = 0x02;
pub const RST: u8 = 0x04;
pub const PSH: u8 = 0x08;
pub const ACK: u8 = 0x10;

/// One TCP segment to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tcp {
    pub src: SocketAddr,
    pub dst: SocketAddr,
    pub seq: u32,
    pub ack: u32,
    pub flags: u8,
    pub payload: Vec<u8>,
    /// IPv4 options (padded to 4 bytes by the writer).
    pub ip_options: Vec<u8>,
    /// IPv6: put a hop-by-hop and a destination-options header before TCP.
    pub v6_extensions: bool,
    /// TCP options (padded to 4 bytes by the writer).
    pub tcp_options: Vec<u8>,
}

impl Tcp {
    pub fn new(src: SocketAddr, dst: SocketAddr, seq: u32, ack: u32, flags: u8, payload: &[u8]) -> Tcp {
        Tcp {
            src,
            dst,
            seq,
            ack,
            flags,
            payload: payload.to_vec(),
            ip_options: Vec::new(),
            v6_extensions: false,
            tcp_options: Vec::new(),
        }
    }
}

fn pad4(mut v: Vec<u8>) -> Vec<u8> {
    while v.len() % 4 != 0 {
        v.push(0); // end of option list / padding
    }
    v
}

/// RFC 1071 ones' complement sum.
pub(super) fn checksum(parts: &[&[u8]]) -> u16 {
    let mut sum: u32 = 0;
    let mut odd: Option<u8> = None;
    for part in parts {
        for &b in part.iter() {
            match odd.take() {
                Some(h) => sum += u32::from(u16::from_be_bytes([h, b])),
                None => odd = Some(b),
            }
        }
    }
    if let Some(h) = odd {
        sum += u32::from(u16::from_be_bytes([h, 0]));
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

fn tcp_header(t: &Tcp) -> Vec<u8> {
    let options = pad4(t.tcp_options.clone());
    let data_offset = ((20 + options.len()) / 4) as u8;
    let mut h = Vec::with_capacity(20 + options.len());
    h.extend_from_slice(&t.src.port().to_be_bytes());
    h.extend_from_slice(&t.dst.port().to_be_bytes());
    h.extend_from_slice(&t.seq.to_be_bytes());
    h.extend_from_slice(&t.ack.to_be_bytes());
    h.push(data_offset << 4);
    h.push(t.flags);
    h.extend_from_slice(&65535u16.to_be_bytes()); // window
    h.extend_from_slice(&[0, 0, 0, 0]); // checksum (below), urgent pointer
    h.extend_from_slice(&options);
    h
}

/// The IP packet (v4 or v6 by the addresses) carrying `t`, with valid checksums.
pub fn ip_packet(t: &Tcp) -> Vec<u8> {
    let mut tcp = tcp_header(t);
    let tcp_len = (tcp.len() + t.payload.len()) as u32;
    match (t.src.ip(), t.dst.ip()) {
        (IpAddr::V4(s), IpAddr::V4(d)) => {
            let pseudo = [&s.octets()[..], &d.octets()[..], &[0, 6], &(tcp_len as u16).to_be_bytes()].concat();
            let c = checksum(&[&pseudo, &tcp, &t.payload]);
            tcp[16..18].copy_from_slice(&c.to_be_bytes());
            let options = pad4(t.ip_options.clone());
            let ihl = ((20 + options.len()) / 4) as u8;
            let total = (20 + options.len()) as u16 + tcp_len as u16;
            let mut ip = vec![0x40 | ihl, 0];
            ip.extend_from_slice(&total.to_be_bytes());
            ip.extend_from_slice(&[0x12, 0x34, 0x40, 0x00, 64, 6, 0, 0]); // id, DF, TTL, TCP
            ip.extend_from_slice(&s.octets());
            ip.extend_from_slice(&d.octets());
            ip.extend_from_slice(&options);
            let c = checksum(&[&ip]);
            ip[10..12].copy_from_slice(&c.to_be_bytes());
            [ip, tcp, t.payload.clone()].concat()
        }
        (IpAddr::V6(s), IpAddr::V6(d)) => {
            let pseudo = [&s.octets()[..], &d.octets()[..], &tcp_len.to_be_bytes(), &[0, 0, 0, 6]].concat();
            let c = checksum(&[&pseudo, &tcp, &t.payload]);
            tcp[16..18].copy_from_slice(&c.to_be_bytes());
            let ext: Vec<u8> = if t.v6_extensions {
                // hop-by-hop → destination options → TCP, each 8 bytes with a PadN option
                vec![60, 0, 1, 4, 0, 0, 0, 0, 6, 0, 1, 4, 0, 0, 0, 0]
            } else {
                Vec::new()
            };
            let next = if t.v6_extensions { 0 } else { 6 };
            let mut ip = vec![0x60, 0, 0, 0];
            ip.extend_from_slice(&((ext.len() as u32 + tcp_len) as u16).to_be_bytes());
            ip.extend_from_slice(&[next, 64]);
            ip.extend_from_slice(&s.octets());
            ip.extend_from_slice(&d.octets());
            [ip, ext, tcp, t.payload.clone()].concat()
        }
        _ => panic!("mixed IPv4/IPv6 addresses"),
    }
}
