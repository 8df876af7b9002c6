//! TCP segments → connections: a table keyed by the 4-tuple, two [`Stream`]s per connection,
//! the wire order of their bytes, and at the end which side is the client.
//!
//! Connection ids count from 0 in order of first packet, and a new SYN on a reused 4-tuple
//! starts a new connection: the same numbering as Wireshark's `tcp.stream`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::ops::Range;

use super::decoder::Handoff;
use super::error::{Location, ProblemKind};
use super::packet::{flags, Segment};
use super::problems::Problems;
use super::reassembly::{Stream, MAX_STREAM_BYTES};
use super::roles;
use super::Connection;
use crate::vocab::{Direction, Transcript};

/// Connections tracked; packets of further new connections are counted and dropped.
pub const MAX_CONNECTIONS: usize = 100_000;

/// Which endpoint sent a segment: 0 = the source of the connection's first packet.
type Side = usize;

/// Both endpoints, lower first: the same for both directions.
type Key = (SocketAddr, SocketAddr);

/// A 64-bit digest of a 4-tuple: a multiply-rotate hash (FxHash's), not SipHash — every packet
/// is hashed, and a digest shared by two tuples is handled (`spill`), so no flooding can make
/// a lookup wrong, only one capture slower.
fn digest(key: &Key) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = Fx(0);
    key.hash(&mut h);
    h.finish()
}

struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        // Spread the high bits down: the map picks buckets by the low ones.
        self.0 ^ (self.0 >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut w = [0u8; 8];
            for (d, s) in w.iter_mut().zip(chunk) {
                *d = *s;
            }
            self.add(u64::from_le_bytes(w));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u16(&mut self, n: u16) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

/// The index's keys are already digests: hashing them again with SipHash (the map's default)
/// was a few percent of reading a capture.
#[derive(Debug, Default)]
pub(crate) struct Digested(u64);

impl std::hash::Hasher for Digested {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type DigestMap = HashMap<u64, usize, std::hash::BuildHasherDefault<Digested>>;

#[derive(Debug)]
pub(crate) struct Conn {
    /// `ends[0]` sent the first captured packet.
    pub ends: [SocketAddr; 2],
    pub streams: [Stream; 2],
    /// Wire order: consecutive bytes from one side are one entry.
    pub order: Vec<(Side, Range<usize>)>,
    pub first_frame: usize,
    pub packets: usize,
    /// The side that sent a SYN without ACK.
    pub syn_from: Option<Side>,
    /// The side that sent a SYN with ACK.
    pub syn_ack_from: Option<Side>,
    closed: bool,
    /// FIN seen per side.
    fin: [bool; 2],
    /// The first FIN or RST: its sender, and whether it was a RST.
    pub first_close: Option<(Side, bool)>,
    capped_reported: [bool; 2],
    /// Handed over when it ended (see [`Handoff`]): its bytes are gone, its roles are these.
    handed: Option<Handed>,
}

/// What a connection handed over keeps of what its bytes showed.
#[derive(Debug)]
struct Handed {
    roles: Roles,
    /// Payload bytes that arrived after it had ended: not in its conversation.
    late_bytes: u64,
}

/// Which side is the client, whether it is MySQL, and (without a SYN) why that side.
#[derive(Debug, Clone)]
struct Roles {
    client_side: Side,
    likely_mysql: bool,
    no_syn_note: Option<String>,
}

impl Roles {
    fn of(c: &Conn) -> Roles {
        let client_side = roles::client_side(c);
        let no_syn_note = (c.syn_from.is_none() && c.syn_ack_from.is_none())
            .then(|| format!("no SYN captured: the capture starts inside this connection; {}", roles::explain(c)));
        Roles { client_side, likely_mysql: roles::likely_mysql(c, client_side), no_syn_note }
    }
}

impl Conn {
    fn new(src: SocketAddr, dst: SocketAddr, frame: usize, stream_cap: usize) -> Self {
        Conn {
            ends: [src, dst],
            streams: [Stream::with_cap(stream_cap), Stream::with_cap(stream_cap)],
            order: Vec::new(),
            first_frame: frame,
            packets: 0,
            syn_from: None,
            syn_ack_from: None,
            closed: false,
            fin: [false; 2],
            first_close: None,
            capped_reported: [false; 2],
            handed: None,
        }
    }

    fn record(&mut self, side: Side, r: Range<usize>) {
        if r.is_empty() {
            return;
        }
        match self.order.last_mut() {
            Some((s, last)) if *s == side && last.end == r.start => last.end = r.end,
            _ => {
                // A MySQL TLS session turns around about a dozen times: one allocation, not five
                // (given back when the connection closes).
                if self.order.capacity() == 0 {
                    self.order.reserve_exact(16);
                }
                self.order.push((side, r))
            }
        }
    }

    /// A SYN that cannot belong to this connection: the 4-tuple was reused.
    fn starts_new(&self, side: Side, seg: &Segment<'_>) -> bool {
        if !seg.has(flags::SYN) || seg.has(flags::ACK) {
            return false;
        }
        let stream = self.streams.get(side);
        match stream.and_then(|s| s.isn) {
            Some(isn) => isn != seg.seq,
            None => self.closed || stream.is_some_and(|s| !s.data.is_empty()),
        }
    }
}

#[derive(Debug)]
pub(crate) struct Table {
    /// Boxed: a `Vec<Conn>` grown by doubling would hold up to twice the memory of the
    /// connections themselves, and a capture of 10,000 handshakes is mostly connections.
    #[allow(clippy::vec_box, reason = "bounds memory slack: see above")]
    conns: Vec<Box<Conn>>,
    /// 4-tuple → latest connection, by a 64-bit digest of the tuple (16 bytes an entry, not
    /// 72); the rare tuples whose digest is taken by another tuple live in `spill`.
    index: DigestMap,
    spill: HashMap<Key, usize>,
    max_connections: usize,
    stream_cap: usize,
    ignored: u64,
    /// Where ended connections go, when the reader does not keep them.
    handoff: Option<Handoff>,
}

impl Default for Table {
    fn default() -> Self {
        Table::with_caps(MAX_CONNECTIONS, MAX_STREAM_BYTES)
    }
}

impl Table {
    pub(crate) fn with_caps(max_connections: usize, stream_cap: usize) -> Self {
        Table {
            conns: Vec::new(),
            index: DigestMap::default(),
            spill: HashMap::new(),
            max_connections,
            stream_cap,
            ignored: 0,
            handoff: None,
        }
    }

    /// Ended connections are given to `handoff` instead of being kept (see [`Handoff`]).
    pub(crate) fn hand_over_to(&mut self, handoff: Handoff) {
        self.handoff = Some(handoff);
    }

    pub(crate) fn len(&self) -> usize {
        self.conns.len()
    }

    /// Is connection `i` between the endpoints of `key`?
    fn holds(&self, i: usize, key: &Key) -> bool {
        self.conns.get(i).is_some_and(|c| {
            let [a, b] = c.ends;
            (a, b) == *key || (b, a) == *key
        })
    }

    fn find(&self, d: u64, key: &Key) -> Option<usize> {
        match self.index.get(&d) {
            Some(&i) if self.holds(i, key) => Some(i),
            _ => self.spill.get(key).copied(),
        }
    }

    /// Adds one segment, captured in frame `frame` (1-based).
    pub(crate) fn segment(&mut self, frame: usize, seg: &Segment<'_>, problems: &mut Problems) {
        let key: Key = if seg.src <= seg.dst { (seg.src, seg.dst) } else { (seg.dst, seg.src) };
        let d = digest(&key);
        let existing = self.find(d, &key).filter(|&i| {
            self.conns.get(i).is_some_and(|c| {
                let side = usize::from(c.ends[0] != seg.src);
                !c.starts_new(side, seg)
            })
        });
        let id = match existing {
            Some(i) => i,
            None => {
                if self.conns.len() >= self.max_connections {
                    self.ignored += 1;
                    return;
                }
                let id = self.conns.len();
                self.conns.push(Box::new(Conn::new(seg.src, seg.dst, frame, self.stream_cap)));
                let taken = self.index.get(&d).is_some_and(|&i| !self.holds(i, &key));
                if taken {
                    self.spill.insert(key, id);
                } else {
                    self.index.insert(d, id);
                }
                id
            }
        };
        let Some(conn) = self.conns.get_mut(id) else {
            return;
        };
        conn.packets += 1;
        let side: Side = usize::from(conn.ends[0] != seg.src);
        if conn.handed.is_some() {
            late(conn, side, seg);
            return;
        }
        let peer = 1 - side;
        if seg.has(flags::SYN) {
            if seg.has(flags::ACK) {
                conn.syn_ack_from.get_or_insert(side);
            } else {
                conn.syn_from.get_or_insert(side);
            }
            if let Some(s) = conn.streams.get_mut(side) {
                s.syn(seg.seq);
            }
        }
        if seg.has(flags::FIN) || seg.has(flags::RST) {
            conn.closed = true;
            conn.first_close.get_or_insert((side, seg.has(flags::RST)));
        }
        // The ACK covers what the peer sent before this segment: settle it first.
        if seg.has(flags::ACK) {
            if let Some(r) = conn.streams.get_mut(peer).map(|s| s.acked(seg.ack)) {
                conn.record(peer, r);
            }
        }
        let Some(stream) = conn.streams.get_mut(side) else {
            return;
        };
        let mut r = stream.segment(seg.seq, seg.payload, seg.has(flags::FIN));
        if seg.missing > 0 {
            let more = stream.lost_after(seg.seq, seg.payload.len(), seg.missing);
            r.end = r.end.max(more.end);
            problems.push(
                Location::Frame(frame),
                ProblemKind::CapturedShort {
                    captured: seg.payload.len() as u64,
                    original: seg.payload.len() as u64 + u64::from(seg.missing),
                },
            );
        }
        let capped = stream.capped;
        conn.record(side, r);
        if let Some(f) = conn.fin.get_mut(side) {
            *f |= seg.has(flags::FIN);
        }
        let ended = seg.has(flags::RST) || conn.fin == [true, true];
        let handoff = self.handoff.as_mut().filter(|_| ended && conn.streams.iter().all(Stream::settled));
        if let Some(handoff) = handoff {
            handoff.give(hand_over(id, conn));
        } else if ended {
            for s in &mut conn.streams {
                s.closed();
            }
            conn.order.shrink_to_fit();
        }
        if capped && !conn.capped_reported.get(side).copied().unwrap_or(true) {
            if let Some(flag) = conn.capped_reported.get_mut(side) {
                *flag = true;
            }
            problems.push(Location::Connection(id), ProblemKind::StreamCapped { cap: self.stream_cap });
        }
    }

    /// Ends the capture: flushes held data, decides roles, builds the connections.
    pub(crate) fn finish(mut self, problems: &mut Problems) -> Vec<Connection> {
        // Free the index before the output is built: it is no longer needed.
        self.index = DigestMap::default();
        self.spill = HashMap::new();
        if self.ignored > 0 {
            problems.push(
                Location::Input,
                ProblemKind::TooManyConnections { cap: self.max_connections, ignored: self.ignored },
            );
        }
        self.conns.into_iter().enumerate().map(|(id, c)| build(id, *c)).collect()
    }
}

/// A segment of a connection already handed over: counted; new payload is counted as late
/// (retransmits of what was delivered are the usual ones, and are only counted as such).
fn late(conn: &mut Conn, side: Side, seg: &Segment<'_>) {
    let Some(stream) = conn.streams.get_mut(side) else {
        return;
    };
    let r = stream.segment(seg.seq, seg.payload, seg.has(flags::FIN));
    stream.data.clear();
    if let Some(h) = conn.handed.as_mut() {
        h.late_bytes += r.len() as u64;
    }
}

/// An ended connection taken out of the table: its bytes go with it; the table keeps what it
/// needs to count later packets and to list the connection at the end.
fn hand_over(id: usize, c: &mut Conn) -> Connection {
    let roles = Roles::of(c);
    let mut out = facts(id, c, &roles, 0);
    out.transcript = take_transcript(c, roles.client_side);
    c.handed = Some(Handed { roles, late_bytes: 0 });
    out
}

fn build(id: usize, mut c: Conn) -> Connection {
    for side in 0..2 {
        if let Some(r) = c.streams.get_mut(side).map(Stream::finish) {
            c.record(side, r);
        }
    }
    match c.handed.take() {
        Some(mut h) => {
            // Held pieces that arrived after the end, delivered by `finish`: late too.
            h.late_bytes += c.streams.iter().map(|s| s.data.len() as u64).sum::<u64>();
            facts(id, &c, &h.roles, h.late_bytes)
        }
        None => {
            let roles = Roles::of(&c);
            let mut out = facts(id, &c, &roles, 0);
            out.transcript = take_transcript(&mut c, roles.client_side);
            out.transcript.to_server.shrink_to_fit();
            out.transcript.to_client.shrink_to_fit();
            out
        }
    }
}

/// The connection without its bytes: addresses, counts, notes, TCP facts.
fn facts(id: usize, c: &Conn, roles: &Roles, late_bytes: u64) -> Connection {
    let client_side = roles.client_side;
    let dir = |side: Side| {
        if side == client_side {
            Direction::ClientToServer
        } else {
            Direction::ServerToClient
        }
    };
    let mut notes: Vec<String> = roles.no_syn_note.iter().cloned().collect();
    let mut gaps = Vec::new();
    for (side, s) in c.streams.iter().enumerate() {
        let Some(odd) = s.odd() else {
            continue;
        };
        let d = dir(side);
        let name = match d {
            Direction::ClientToServer => "client → server",
            Direction::ServerToClient => "server → client",
        };
        for g in &odd.gaps {
            gaps.push((d, g.missing));
            notes.push(format!("{name}: {} bytes were not captured before byte {} of this direction", g.missing, g.at));
        }
        if odd.retransmitted > 0 {
            notes.push(format!(
                "{name}: {} bytes were captured twice (retransmits/overlaps; the first copy is used)",
                odd.retransmitted
            ));
        }
        if odd.out_of_order > 0 {
            notes.push(format!(
                "{name}: {} segments arrived out of order and were put back in sequence",
                odd.out_of_order
            ));
        }
        if odd.ignored > 0 {
            notes.push(format!("{name}: {} segments far outside the sequence window were ignored", odd.ignored));
        }
    }
    if late_bytes > 0 {
        notes.push(format!(
            "{late_bytes} bytes arrived after both sides had closed (or after a reset) and are not part of this conversation"
        ));
    }
    let tcp = super::TcpFacts {
        syn: c.syn_from == Some(client_side),
        syn_ack: c.syn_ack_from.is_some_and(|s| s != client_side),
        first_close: c.first_close.map(|(side, reset)| super::Close { by: dir(side), reset }),
    };
    let [e0, e1] = c.ends;
    let (client, server) = if client_side == 0 { (e0, e1) } else { (e1, e0) };
    Connection {
        id,
        client,
        server,
        first_packet: c.first_frame,
        packets: c.packets,
        transcript: Transcript::default(),
        gaps,
        likely_mysql: roles.likely_mysql,
        notes,
        tcp,
    }
}

/// The connection's bytes, by direction, moved out of its streams.
fn take_transcript(c: &mut Conn, client_side: Side) -> Transcript {
    let [s0, s1] = &mut c.streams;
    let (to_server, to_client) = if client_side == 0 { (s0, s1) } else { (s1, s0) };
    let (to_server, to_client) = (std::mem::take(&mut to_server.data), std::mem::take(&mut to_client.data));
    let dir = |side: Side| if side == client_side { Direction::ClientToServer } else { Direction::ServerToClient };
    let order = std::mem::take(&mut c.order).into_iter().map(|(s, r)| (dir(s), r)).collect();
    Transcript { to_server, to_client, order }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::capture::error::Problem;

    fn seg<'a>(src: &str, dst: &str, seq: u32, flags: u8, payload: &'a [u8]) -> Segment<'a> {
        Segment {
            src: src.parse().expect("addr"),
            dst: dst.parse().expect("addr"),
            seq,
            ack: 0,
            flags,
            payload,
            missing: 0,
        }
    }

    /// Table `t` handing ended connections to a list.
    fn handing_over(t: &mut Table) -> std::rc::Rc<std::cell::RefCell<Vec<Connection>>> {
        let got = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let to = std::rc::Rc::clone(&got);
        t.hand_over_to(Handoff::new(move |c| to.borrow_mut().push(c)));
        got
    }

    const C: &str = "10.0.0.2:5000";
    const S: &str = "10.0.0.1:3306";

    /// A table handing ended connections to a list, after C's SYN and S's SYN-ACK (packets 1, 2).
    fn opened() -> (Table, std::rc::Rc<std::cell::RefCell<Vec<Connection>>>, Problems) {
        let mut t = Table::default();
        let got = handing_over(&mut t);
        let mut p = Problems::default();
        t.segment(1, &seg(C, S, 9, flags::SYN, &[]), &mut p);
        t.segment(2, &seg(S, C, 99, flags::SYN | flags::ACK, &[]), &mut p);
        (t, got, p)
    }

    #[test]
    fn an_ended_connection_is_handed_over_whole_and_listed_without_its_bytes() {
        let (c, s) = (C, S);
        let (mut t, got, mut p) = opened();
        t.segment(3, &seg(s, c, 100, flags::ACK, b"hello"), &mut p);
        t.segment(4, &seg(c, s, 10, flags::ACK | flags::FIN, b"bye"), &mut p);
        assert!(got.borrow().is_empty(), "one side still open");
        t.segment(5, &seg(s, c, 105, flags::ACK | flags::FIN, &[]), &mut p);
        let handed = std::mem::take(&mut *got.borrow_mut());
        assert_eq!(handed.len(), 1);
        assert_eq!((handed[0].packets, handed[0].transcript.to_client.as_slice()), (5, &b"hello"[..]));
        assert_eq!(handed[0].transcript.to_server, b"bye");
        // The last ACK, a retransmit of the FIN's data, and 4 bytes nobody may send after a FIN.
        t.segment(6, &seg(c, s, 14, flags::ACK, &[]), &mut p);
        t.segment(7, &seg(c, s, 10, flags::ACK | flags::FIN, b"bye"), &mut p);
        t.segment(8, &seg(s, c, 105, flags::ACK, b"late"), &mut p);
        let listed = t.finish(&mut p);
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].packets, 8);
        assert_eq!(listed[0].transcript, Transcript::default());
        assert_eq!(
            listed[0].notes,
            [
                "client → server: 3 bytes were captured twice (retransmits/overlaps; the first copy is used)",
                "4 bytes arrived after both sides had closed (or after a reset) and are not part of this conversation",
            ]
        );
        assert_eq!((listed[0].client, listed[0].likely_mysql), (c.parse().expect("addr"), true));
        assert!(p.into_vec().is_empty());
    }

    #[test]
    fn a_fin_captured_before_the_data_it_ends_waits_for_the_data() {
        let (c, s) = (C, S);
        let (mut t, got, mut p) = opened();
        // The client's FIN (after 4 bytes) is captured before those 4 bytes.
        t.segment(3, &seg(c, s, 14, flags::ACK | flags::FIN, &[]), &mut p);
        t.segment(4, &seg(s, c, 100, flags::ACK | flags::FIN, &[]), &mut p);
        assert!(got.borrow().is_empty(), "both FINs are in, the client's bytes are not");
        t.segment(5, &seg(c, s, 10, flags::ACK, b"data"), &mut p);
        let handed = std::mem::take(&mut *got.borrow_mut());
        assert_eq!(handed.len(), 1);
        assert_eq!(handed[0].transcript.to_server, b"data");
        // A FIN carries no bytes to hold: the data came in order, only after it.
        assert_eq!(handed[0].notes, Vec::<String>::new());
    }

    #[test]
    fn reports_each_cap_once() {
        let mut t = Table::with_caps(1, 4);
        let mut p = Problems::default();
        t.segment(1, &seg("10.0.0.2:5000", "10.0.0.1:3306", 9, flags::SYN, &[]), &mut p);
        t.segment(2, &seg("10.0.0.2:5000", "10.0.0.1:3306", 10, 0, b"abc"), &mut p);
        t.segment(3, &seg("10.0.0.2:5000", "10.0.0.1:3306", 13, 0, b"def"), &mut p);
        t.segment(4, &seg("10.0.0.2:5000", "10.0.0.1:3306", 16, 0, b"ghi"), &mut p);
        t.segment(5, &seg("10.0.0.3:5000", "10.0.0.1:3306", 1, flags::SYN, &[]), &mut p);
        let conns = t.finish(&mut p);
        assert_eq!(conns.len(), 1);
        assert_eq!(conns[0].transcript.to_server, b"abcd");
        assert_eq!(
            p.into_vec(),
            vec![
                Problem { at: Location::Connection(0), kind: ProblemKind::StreamCapped { cap: 4 } },
                Problem { at: Location::Input, kind: ProblemKind::TooManyConnections { cap: 1, ignored: 1 } },
            ]
        );
    }
}
