//! SYNTHETIC captures for the capture decoder's tests and benchmark: TCP/IP packets built from
//! the header formats (RFC 791, RFC 8200, RFC 9293, checksums included), framed for each link
//! type of <https://www.tcpdump.org/linktypes.html>, written as classic pcap (either byte order,
//! µs or ns) or pcapng (several interfaces, EPB and SPB). `tshark -r` reads what this writes.
//!
//! Also: a synthetic MySQL-over-TLS 1.2 session (greeting, SSLRequest, TLS flights) built from
//! the documented formats, and [`replicate_pcap`], which multiplies a capture by rewriting the
//! client port (how the benchmark builds 10,000 handshakes from one).

use std::net::{IpAddr, SocketAddr};

pub const FIN: u8 = 0x01;
pub const SYN: u8 = 0x02;
pub const RST: u8 = 0x04;
pub const PSH: u8 = 0x08;
pub const ACK: u8 = 0x10;

/// Link layers, by how a frame is built around the IP packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Ethernet,
    /// Ethernet with one 802.1Q tag carrying this VLAN id.
    Vlan(u16),
    /// Linux cooked v1 (113).
    Sll,
    /// Linux cooked v2 (276).
    Sll2,
    /// BSD loopback (0), family in little-endian host order.
    Null,
    /// OpenBSD loopback (108), family big-endian.
    Loop,
    /// Raw IP (101).
    RawIp,
    /// Raw IPv4 (228).
    Ipv4,
    /// Raw IPv6 (229).
    Ipv6,
}

impl Link {
    pub fn number(self) -> u32 {
        match self {
            Link::Ethernet | Link::Vlan(_) => 1,
            Link::Sll => 113,
            Link::Sll2 => 276,
            Link::Null => 0,
            Link::Loop => 108,
            Link::RawIp => 101,
            Link::Ipv4 => 228,
            Link::Ipv6 => 229,
        }
    }

    /// The frame carrying `ip`.
    pub fn frame(self, ip: &[u8]) -> Vec<u8> {
        let v6 = ip.first().is_some_and(|b| b >> 4 == 6);
        let ethertype: [u8; 2] = if v6 { [0x86, 0xdd] } else { [0x08, 0x00] };
        let mut f = Vec::with_capacity(ip.len() + 24);
        match self {
            Link::Ethernet | Link::Vlan(_) => {
                f.extend_from_slice(&[0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01]);
                if let Link::Vlan(id) = self {
                    f.extend_from_slice(&[0x81, 0x00]);
                    f.extend_from_slice(&(id & 0x0fff).to_be_bytes());
                }
                f.extend_from_slice(&ethertype);
            }
            Link::Sll => {
                // packet type, ARPHRD_ETHER, address length, address(8), protocol
                f.extend_from_slice(&[0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0]);
                f.extend_from_slice(&ethertype);
            }
            Link::Sll2 => {
                f.extend_from_slice(&ethertype);
                f.extend_from_slice(&[0, 0, 0, 0, 0, 1, 0, 1, 0, 6]);
                f.extend_from_slice(&[2, 0, 0, 0, 0, 1, 0, 0]);
            }
            Link::Null => f.extend_from_slice(&(if v6 { 30u32 } else { 2 }).to_le_bytes()),
            Link::Loop => f.extend_from_slice(&(if v6 { 24u32 } else { 2 }).to_be_bytes()),
            Link::RawIp | Link::Ipv4 | Link::Ipv6 => {}
        }
        f.extend_from_slice(ip);
        f
    }
}

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
fn checksum(parts: &[&[u8]]) -> u16 {
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

/// Both ends of a connection and their next sequence numbers.
#[derive(Debug, Clone)]
pub struct Flow {
    pub client: SocketAddr,
    pub server: SocketAddr,
    pub cseq: u32,
    pub sseq: u32,
}

impl Flow {
    pub fn new(client: &str, server: &str) -> Flow {
        Flow {
            client: client.parse().expect("client address"),
            server: server.parse().expect("server address"),
            cseq: 1_000,
            sseq: 5_000,
        }
    }

    pub fn with_isns(mut self, cseq: u32, sseq: u32) -> Flow {
        self.cseq = cseq;
        self.sseq = sseq;
        self
    }

    /// SYN, SYN-ACK, ACK.
    pub fn open(&mut self) -> Vec<Tcp> {
        let syn = Tcp::new(self.client, self.server, self.cseq, 0, SYN, &[]);
        let syn_ack = Tcp::new(self.server, self.client, self.sseq, self.cseq.wrapping_add(1), SYN | ACK, &[]);
        self.cseq = self.cseq.wrapping_add(1);
        self.sseq = self.sseq.wrapping_add(1);
        vec![syn, syn_ack, self.client_ack()]
    }

    pub fn client(&mut self, payload: &[u8]) -> Tcp {
        let t = Tcp::new(self.client, self.server, self.cseq, self.sseq, PSH | ACK, payload);
        self.cseq = self.cseq.wrapping_add(payload.len() as u32);
        t
    }

    pub fn server(&mut self, payload: &[u8]) -> Tcp {
        let t = Tcp::new(self.server, self.client, self.sseq, self.cseq, PSH | ACK, payload);
        self.sseq = self.sseq.wrapping_add(payload.len() as u32);
        t
    }

    /// The server's bytes in MSS-sized segments.
    pub fn server_segments(&mut self, payload: &[u8], mss: usize) -> Vec<Tcp> {
        payload.chunks(mss).map(|c| self.server(c)).collect()
    }

    pub fn client_ack(&self) -> Tcp {
        Tcp::new(self.client, self.server, self.cseq, self.sseq, ACK, &[])
    }

    pub fn server_ack(&self) -> Tcp {
        Tcp::new(self.server, self.client, self.sseq, self.cseq, ACK, &[])
    }

    /// Client FIN, server FIN, client ACK.
    pub fn close(&mut self) -> Vec<Tcp> {
        let fin = Tcp::new(self.client, self.server, self.cseq, self.sseq, FIN | ACK, &[]);
        self.cseq = self.cseq.wrapping_add(1);
        let fin2 = Tcp::new(self.server, self.client, self.sseq, self.cseq, FIN | ACK, &[]);
        self.sseq = self.sseq.wrapping_add(1);
        vec![fin, fin2, self.client_ack()]
    }
}

/// SYNTHETIC MySQL 8.0 HandshakeV10 greeting offering CLIENT_SSL, as a whole packet.
pub fn greeting() -> Vec<u8> {
    let mut p = vec![0x0a];
    p.extend_from_slice(b"8.0.36\0");
    p.extend_from_slice(&42u32.to_le_bytes()); // thread id
    p.extend_from_slice(b"abcdefgh\0"); // auth-plugin-data-part-1, filler
    p.extend_from_slice(&0xffffu16.to_le_bytes()); // capability flags (lower), CLIENT_SSL set
    p.push(0xff); // character set
    p.extend_from_slice(&2u16.to_le_bytes()); // status
    p.extend_from_slice(&0xdfffu16.to_le_bytes()); // capability flags (upper)
    p.push(21); // auth plugin data length
    p.extend_from_slice(&[0; 10]); // reserved
    p.extend_from_slice(b"ijklmnopqrst\0"); // auth-plugin-data-part-2
    p.extend_from_slice(b"caching_sha2_password\0");
    packet(0, &p)
}

/// A MySQL packet: int<3> payload_length, int<1> sequence_id, payload.
pub fn packet(seq: u8, payload: &[u8]) -> Vec<u8> {
    let len = payload.len() as u32;
    let mut v = len.to_le_bytes()[..3].to_vec();
    v.push(seq);
    v.extend_from_slice(payload);
    v
}

/// SYNTHETIC SSLRequest (sequence id 1).
pub fn ssl_request() -> Vec<u8> {
    let mut p = Vec::new();
    p.extend_from_slice(&0x01ff_ae8du32.to_le_bytes()); // capability flags incl. CLIENT_SSL (0x800)
    p.extend_from_slice(&0x0100_0000u32.to_le_bytes()); // max packet size
    p.push(0xff); // character set
    p.extend_from_slice(&[0; 23]);
    packet(1, &p)
}

/// A MySQL ERR packet as the first server packet.
pub fn err_packet(code: u16, state: &str, message: &str) -> Vec<u8> {
    let mut p = vec![0xff];
    p.extend_from_slice(&code.to_le_bytes());
    p.push(b'#');
    p.extend_from_slice(state.as_bytes());
    p.extend_from_slice(message.as_bytes());
    packet(0, &p)
}

fn record(content_type: u8, body: &[u8]) -> Vec<u8> {
    let mut r = vec![content_type, 3, 3];
    r.extend_from_slice(&(body.len() as u16).to_be_bytes());
    r.extend_from_slice(body);
    r
}

fn handshake(msg_type: u8, body: &[u8]) -> Vec<u8> {
    let mut h = vec![msg_type];
    h.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
    h.extend_from_slice(body);
    h
}

/// SYNTHETIC TLS 1.2 ClientHello record with SNI `host`.
pub fn client_hello(host: &str) -> Vec<u8> {
    let mut b = vec![3, 3];
    b.extend_from_slice(&[0x11; 32]); // random
    b.push(0); // session id
    let suites: [u16; 4] = [0xc02f, 0xc030, 0x009e, 0x00ff];
    b.extend_from_slice(&((suites.len() * 2) as u16).to_be_bytes());
    for s in suites {
        b.extend_from_slice(&s.to_be_bytes());
    }
    b.extend_from_slice(&[1, 0]); // compression: null
    let name = host.as_bytes();
    let mut sni = Vec::new();
    sni.extend_from_slice(&((name.len() + 3) as u16).to_be_bytes());
    sni.push(0);
    sni.extend_from_slice(&(name.len() as u16).to_be_bytes());
    sni.extend_from_slice(name);
    let mut ext = Vec::new();
    ext.extend_from_slice(&[0, 0]);
    ext.extend_from_slice(&(sni.len() as u16).to_be_bytes());
    ext.extend_from_slice(&sni);
    ext.extend_from_slice(&[0x00, 0x0d, 0, 4, 0, 2, 0x04, 0x01]); // signature_algorithms
    b.extend_from_slice(&(ext.len() as u16).to_be_bytes());
    b.extend_from_slice(&ext);
    let mut r = record(22, &handshake(1, &b));
    r[2] = 1; // record version 3.1, as clients send
    r
}

/// SYNTHETIC TLS 1.2 server flight: ServerHello, Certificate(`chain`, leaf first),
/// ServerHelloDone.
pub fn server_flight(chain: &[&[u8]]) -> Vec<u8> {
    let mut sh = vec![3, 3];
    sh.extend_from_slice(&[0x22; 32]);
    sh.push(0);
    sh.extend_from_slice(&0xc02fu16.to_be_bytes());
    sh.push(0);
    sh.extend_from_slice(&[0, 0]); // no extensions
    let mut certs = Vec::new();
    for der in chain {
        certs.extend_from_slice(&(der.len() as u32).to_be_bytes()[1..]);
        certs.extend_from_slice(der);
    }
    let mut cert = (certs.len() as u32).to_be_bytes()[1..].to_vec();
    cert.extend_from_slice(&certs);
    let mut hs = handshake(2, &sh);
    hs.extend_from_slice(&handshake(11, &cert));
    hs.extend_from_slice(&handshake(14, &[]));
    record(22, &hs)
}

/// A record of `len` opaque bytes (encrypted handshake / application data).
pub fn opaque(content_type: u8, len: usize) -> Vec<u8> {
    record(content_type, &vec![0x5a; len])
}

/// A whole SYNTHETIC MySQL TLS 1.2 session on `flow`: open, greeting, SSLRequest, TLS
/// handshake, a little application data, close.
pub fn mysql_tls_session(flow: &mut Flow, cert_der: &[u8]) -> Vec<Tcp> {
    let mut v = flow.open();
    v.push(flow.server(&greeting()));
    v.push(flow.client(&ssl_request()));
    v.push(flow.client(&client_hello("db.example.com")));
    v.push(flow.server_ack());
    v.extend(flow.server_segments(&server_flight(&[cert_der]), 1448));
    v.push(flow.client_ack());
    let mut fin = opaque(22, 70);
    fin.splice(0..0, [opaque(20, 1), opaque(22, 40)].concat());
    v.push(flow.client(&fin));
    v.push(flow.server(&[opaque(20, 1), opaque(22, 40)].concat()));
    v.push(flow.client(&opaque(23, 120)));
    v.push(flow.server(&opaque(23, 60)));
    v.push(flow.client(&opaque(23, 30)));
    v.extend(flow.close());
    v
}

/// `copies` copies of a classic little-endian pcap of Ethernet/IPv4 TCP packets, each with
/// the port that is not `server_port` rewritten (and the client address's last two bytes
/// once the ports run out), checksums fixed: many connections out of one.
pub fn replicate_pcap(pcap: &[u8], copies: usize, server_port: u16) -> Vec<u8> {
    let header = &pcap[..24];
    assert_eq!(&header[..4], &[0xd4, 0xc3, 0xb2, 0xa1], "little-endian µs pcap");
    assert_eq!(u32::from_le_bytes(header[20..24].try_into().expect("4")), 1, "Ethernet");
    let mut records = Vec::new();
    let mut at = 24;
    while at + 16 <= pcap.len() {
        let caplen = u32::from_le_bytes(pcap[at + 8..at + 12].try_into().expect("4")) as usize;
        records.push(&pcap[at..at + 16 + caplen]);
        at += 16 + caplen;
    }
    let mut out = Vec::with_capacity(24 + (pcap.len() - 24) * copies);
    out.extend_from_slice(header);
    for k in 0..copies {
        let port = 20_000 + (k % 40_000) as u16;
        let host = (k / 40_000) as u16;
        for r in &records {
            let mut r = r.to_vec();
            let ts = u32::from_le_bytes(r[0..4].try_into().expect("4")) + (k / 1000) as u32;
            r[0..4].copy_from_slice(&ts.to_le_bytes());
            let ip = 16 + 14;
            let ihl = usize::from(r[ip] & 0x0f) * 4;
            let tcp = ip + ihl;
            let sport = u16::from_be_bytes([r[tcp], r[tcp + 1]]);
            let (port_at, addr_at) = if sport == server_port { (tcp + 2, ip + 16) } else { (tcp, ip + 12) };
            r[port_at..port_at + 2].copy_from_slice(&port.to_be_bytes());
            r[addr_at + 2..addr_at + 4].copy_from_slice(&host.to_be_bytes());
            // checksums: IPv4 header, then TCP over the pseudo-header
            r[ip + 10..ip + 12].copy_from_slice(&[0, 0]);
            let c = checksum(&[&r[ip..tcp]]);
            r[ip + 10..ip + 12].copy_from_slice(&c.to_be_bytes());
            let total = usize::from(u16::from_be_bytes([r[ip + 2], r[ip + 3]]));
            let seg_len = total - ihl;
            r[tcp + 16..tcp + 18].copy_from_slice(&[0, 0]);
            let pseudo = [&r[ip + 12..ip + 20], &[0, 6], &(seg_len as u16).to_be_bytes()[..]].concat();
            let c = checksum(&[&pseudo, &r[tcp..tcp + seg_len]]);
            r[tcp + 16..tcp + 18].copy_from_slice(&c.to_be_bytes());
            out.extend_from_slice(&r);
        }
    }
    out
}
