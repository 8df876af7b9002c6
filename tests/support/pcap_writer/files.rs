//! Capture files: classic pcap (either byte order, µs or ns) and pcapng (several interfaces,
//! EPB and SPB). `tshark -r` reads what these write.

use super::link::Link;
use super::tcpip::{ip_packet, Tcp};

/// Classic pcap writer.
pub struct Pcap {
    buf: Vec<u8>,
    big_endian: bool,
    nanos: bool,
    ts: u64,
}

impl Pcap {
    pub fn new(link: u32) -> Pcap {
        Pcap::with(link, false, false)
    }

    pub fn with(link: u32, big_endian: bool, nanos: bool) -> Pcap {
        let mut p = Pcap { buf: Vec::new(), big_endian, nanos, ts: 1_767_225_600_000_000 };
        let magic: u32 = if nanos { 0xa1b2_3c4d } else { 0xa1b2_c3d4 };
        p.u32(magic);
        p.u16(2);
        p.u16(4);
        p.u32(0); // thiszone
        p.u32(0); // sigfigs
        p.u32(262_144); // snaplen
        p.u32(link);
        p
    }

    fn u16(&mut self, v: u16) {
        let b = if self.big_endian { v.to_be_bytes() } else { v.to_le_bytes() };
        self.buf.extend_from_slice(&b);
    }

    fn u32(&mut self, v: u32) {
        let b = if self.big_endian { v.to_be_bytes() } else { v.to_le_bytes() };
        self.buf.extend_from_slice(&b);
    }

    /// A frame, captured whole.
    pub fn frame(&mut self, frame: &[u8]) -> &mut Self {
        self.frame_cut(frame, frame.len())
    }

    /// A frame of which only `caplen` bytes were kept (snap length).
    pub fn frame_cut(&mut self, frame: &[u8], caplen: usize) -> &mut Self {
        self.ts += 1000;
        let sec = (self.ts / 1_000_000) as u32;
        let frac = if self.nanos { (self.ts % 1_000_000) * 1000 } else { self.ts % 1_000_000 };
        self.u32(sec);
        self.u32(frac as u32);
        self.u32(caplen as u32);
        self.u32(frame.len() as u32);
        self.buf.extend_from_slice(&frame[..caplen]);
        self
    }

    /// Raw bytes appended as they are (to build broken files).
    pub fn raw(&mut self, bytes: &[u8]) -> &mut Self {
        self.buf.extend_from_slice(bytes);
        self
    }

    pub fn bytes(&self) -> Vec<u8> {
        self.buf.clone()
    }
}

/// `packets` on `link`, as a little-endian µs pcap.
pub fn pcap(link: Link, packets: &[Tcp]) -> Vec<u8> {
    let mut p = Pcap::new(link.number());
    for t in packets {
        p.frame(&link.frame(&ip_packet(t)));
    }
    p.bytes()
}

/// pcapng writer: one section, interfaces added as needed.
pub struct Pcapng {
    buf: Vec<u8>,
    big_endian: bool,
    interfaces: u32,
}

impl Pcapng {
    pub fn new() -> Pcapng {
        Pcapng::with(false)
    }

    pub fn with(big_endian: bool) -> Pcapng {
        let mut p = Pcapng { buf: Vec::new(), big_endian, interfaces: 0 };
        let mut body = Vec::new();
        p.put32(&mut body, 0x1a2b_3c4d); // byte-order magic
        p.put16(&mut body, 1);
        p.put16(&mut body, 0);
        body.extend_from_slice(&[0xff; 8]); // section length: unknown
        p.block(0x0a0d_0d0a, &body);
        p
    }

    fn put16(&self, out: &mut Vec<u8>, v: u16) {
        out.extend_from_slice(&if self.big_endian { v.to_be_bytes() } else { v.to_le_bytes() });
    }

    fn put32(&self, out: &mut Vec<u8>, v: u32) {
        out.extend_from_slice(&if self.big_endian { v.to_be_bytes() } else { v.to_le_bytes() });
    }

    /// Any block: type, body (padded to 32 bits here), lengths around it.
    pub fn block(&mut self, block_type: u32, body: &[u8]) -> &mut Self {
        let mut body = body.to_vec();
        while body.len() % 4 != 0 {
            body.push(0);
        }
        let len = 12 + body.len() as u32;
        let mut out = Vec::new();
        self.put32(&mut out, block_type);
        self.put32(&mut out, len);
        out.extend_from_slice(&body);
        self.put32(&mut out, len);
        self.buf.extend_from_slice(&out);
        self
    }

    /// An Interface Description Block; returns the interface id.
    pub fn interface(&mut self, link: u32) -> u32 {
        let mut body = Vec::new();
        self.put16(&mut body, link as u16);
        self.put16(&mut body, 0);
        self.put32(&mut body, 262_144);
        self.block(1, &body);
        self.interfaces += 1;
        self.interfaces - 1
    }

    /// An Enhanced Packet Block on `interface`.
    pub fn epb(&mut self, interface: u32, frame: &[u8]) -> &mut Self {
        let mut body = Vec::new();
        self.put32(&mut body, interface);
        self.put32(&mut body, 0x0006_2d1c); // timestamp high
        self.put32(&mut body, 0x0000_0001); // timestamp low
        self.put32(&mut body, frame.len() as u32);
        self.put32(&mut body, frame.len() as u32);
        body.extend_from_slice(frame);
        self.block(6, &body)
    }

    /// A Simple Packet Block (interface 0).
    pub fn spb(&mut self, frame: &[u8]) -> &mut Self {
        let mut body = Vec::new();
        self.put32(&mut body, frame.len() as u32);
        body.extend_from_slice(frame);
        self.block(3, &body)
    }

    pub fn raw(&mut self, bytes: &[u8]) -> &mut Self {
        self.buf.extend_from_slice(bytes);
        self
    }

    pub fn bytes(&self) -> Vec<u8> {
        self.buf.clone()
    }
}

impl Default for Pcapng {
    fn default() -> Self {
        Pcapng::new()
    }
}
