//! The conversation decoder: walks both directions in wire order, cuts each direction into
//! MySQL packets or TLS records, decodes them, and feeds the phase machine. Each message's
//! summary line and field tree come from `summary` and `fields`.
//!
//! How the next bytes of a direction are read: they are TLS when they look like a TLS record
//! header (outside the command phase), else a MySQL packet. Deciding by content rather than by
//! phase alone is what lets the server's plaintext ERR 1043 after a failed TLS handshake read
//! as MySQL: its first byte (payload length 0x16) equals the TLS handshake type, but its second
//! byte is not 0x03. The phase decides what a MySQL packet is (greeting, login, OK …) and flags
//! messages the protocol does not allow where they appear.

use std::ops::Range;

use super::fields_mysql as fm;
use super::fields_tls as ft;
use super::machine::{self, Phase};
use super::message::{Conversation, DecodeProblem, Field, Message, MessageKind, ProblemKind};
use crate::decode::mysql::packet::{self, Framer, MAX_PAYLOAD};
use crate::decode::mysql::{
    AuthMoreData, AuthSwitchRequest, ErrPacket, FrameError, Greeting, HandshakeResponse41, OkPacket, Packet, SslRequest,
};
use crate::decode::tls::extensions::Detail;
use crate::decode::tls::handshake::{self, HandshakeBody};
use crate::decode::tls::record::{self, ContentType, Record};
use crate::decode::tls::{Alert, HandshakeReassembler};
use crate::vocab::Direction;

/// Connection-phase packets are small; a longer declared payload means the bytes are not MySQL.
const CONNECTION_PHASE_MAX_PAYLOAD: usize = 64 * 1024;
/// Bytes needed to tell a TLS record header from a MySQL packet header.
const SNIFF_LEN: usize = 3;

/// Per-direction TLS state.
#[derive(Debug, Default)]
struct TlsState {
    /// After ChangeCipherSpec this direction's handshake records are encrypted.
    ccs_seen: bool,
    reasm: HandshakeReassembler,
    /// The record whose header belongs to the next message to complete (it started at the
    /// record's first byte).
    owner: Option<Record>,
    /// Handshake records since the reassembler was last empty, for the record-header nodes.
    records: Vec<Record>,
}

struct Side<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Bytes delivered so far in wire order.
    avail: usize,
    count: usize,
    tls: TlsState,
}

enum Step {
    Progress,
    Wait,
}

/// How to run the decoder.
#[derive(Debug, Clone, Copy)]
pub(super) struct Settings {
    /// The phase the bytes start in.
    pub(super) phase: Phase,
    /// Report messages the phase does not allow (only with both directions present).
    pub(super) strict: bool,
    /// Build field trees (the views need them; batch decoding and evidence do not).
    pub(super) field_trees: bool,
}

pub(super) struct Engine<'a> {
    phase: Phase,
    strict: bool,
    field_trees: bool,
    client: Side<'a>,
    server: Side<'a>,
    out: Conversation,
}

/// Decodes one connection from each direction's bytes and their wire order.
pub(super) fn run(
    to_server: &[u8],
    to_client: &[u8],
    order: &[(Direction, Range<usize>)],
    settings: Settings,
) -> Conversation {
    let side = |bytes| Side { bytes, pos: 0, avail: 0, count: 0, tls: TlsState::default() };
    let mut e = Engine {
        phase: settings.phase,
        strict: settings.strict,
        field_trees: settings.field_trees,
        client: side(to_server),
        server: side(to_client),
        // About one message per wire turn and then some: fewer regrowths of a large element.
        out: Conversation { messages: Vec::with_capacity(order.len() * 2 + 4), ..Conversation::default() },
    };
    let synthetic;
    let order = if order.is_empty() {
        synthetic = default_order(to_server, to_client);
        synthetic.as_slice()
    } else {
        order
    };
    for (dir, range) in order {
        let s = e.side(*dir);
        s.avail = s.avail.max(range.end.min(s.bytes.len()));
        e.drain(*dir, false);
    }
    // Bytes the order did not cover: deliver everything and decode what completes.
    e.client.avail = e.client.bytes.len();
    e.server.avail = e.server.bytes.len();
    // `|`, not `||`: both directions get their turn in every round.
    while e.drain(Direction::ServerToClient, false) | e.drain(Direction::ClientToServer, false) {}
    e.drain(Direction::ServerToClient, true);
    e.drain(Direction::ClientToServer, true);
    e.flush_tls(Direction::ServerToClient, None);
    e.flush_tls(Direction::ClientToServer, None);
    e.out
}

/// Without a recorded order, assume the usual one: the server's first packet (its greeting),
/// then everything the client sent, then the rest of the server's bytes.
fn default_order(to_server: &[u8], to_client: &[u8]) -> Vec<(Direction, Range<usize>)> {
    let first = match packet::parse_header(to_client) {
        Some((len, _)) if len + packet::HEADER_LEN <= to_client.len() => len + packet::HEADER_LEN,
        _ => to_client.len(),
    };
    vec![
        (Direction::ServerToClient, 0..first),
        (Direction::ClientToServer, 0..to_server.len()),
        (Direction::ServerToClient, first..to_client.len()),
    ]
}

impl<'a> Engine<'a> {
    fn side(&mut self, dir: Direction) -> &mut Side<'a> {
        match dir {
            Direction::ClientToServer => &mut self.client,
            Direction::ServerToClient => &mut self.server,
        }
    }

    /// Decodes what is available in `dir`; `last` = no more bytes will come. True if anything
    /// was decoded.
    fn drain(&mut self, dir: Direction, last: bool) -> bool {
        let mut progressed = false;
        loop {
            let s = self.side(dir);
            if s.pos >= s.avail {
                break;
            }
            let view = s.bytes.get(..s.avail).unwrap_or_default();
            let rest = view.get(s.pos..).unwrap_or_default();
            if !last && rest.len() < SNIFF_LEN {
                break;
            }
            let tls = self.phase != Phase::Command && record::looks_like_record(rest);
            let step = if tls { self.tls_unit(dir, view, last) } else { self.mysql_unit(dir, view, last) };
            match step {
                Step::Progress => progressed = true,
                Step::Wait => break,
            }
        }
        progressed
    }

    fn problem(&mut self, dir: Direction, offset: usize, kind: ProblemKind) {
        self.out.errors.push(DecodeProblem::new(dir, offset, kind));
    }

    /// Marks `pos..` of the view as undecodable: the position of the next unit is unknown.
    fn give_up(&mut self, dir: Direction, view: &[u8], kind: ProblemKind) -> Step {
        self.flush_tls(dir, None);
        let pos = self.side(dir).pos;
        self.problem(dir, pos, kind);
        let range = pos..view.len();
        self.emit(dir, range.clone(), None, MessageKind::Unknown, range, Vec::new());
        self.side(dir).pos = view.len();
        Step::Progress
    }

    fn mysql_unit(&mut self, dir: Direction, view: &'a [u8], last: bool) -> Step {
        let pos = self.side(dir).pos;
        let cap = if self.phase == Phase::Command { MAX_PAYLOAD } else { CONNECTION_PHASE_MAX_PAYLOAD };
        match Framer::at(view, pos).with_max_payload(cap).next() {
            Some(Ok(p)) => {
                // A handshake message cut short by a MySQL packet ends here: its range must not
                // reach over the packet.
                self.flush_tls(dir, None);
                self.side(dir).pos = p.payload_range.end;
                self.mysql_packet(dir, &p, view);
                Step::Progress
            }
            Some(Err(FrameError::Incomplete { .. })) if !last => Step::Wait,
            Some(Err(e)) => self.give_up(dir, view, ProblemKind::Frame(e)),
            None => Step::Wait,
        }
    }

    fn mysql_packet(&mut self, dir: Direction, p: &Packet, stream: &[u8]) {
        let payload = p.payload(stream);
        let base = p.payload_range.start;
        let kind = classify(self.phase, dir, p.seq, payload, base).unwrap_or_else(|e| {
            self.problem(dir, e.offset(), ProblemKind::Mysql(e));
            MessageKind::Unknown
        });
        let prefix = self.tree(|| vec![fm::packet_header(p)]);
        self.emit(dir, p.range(), Some(p.seq), kind, p.payload_range.clone(), prefix);
    }

    fn tls_unit(&mut self, dir: Direction, view: &[u8], last: bool) -> Step {
        let pos = self.side(dir).pos;
        match record::read_record(view, pos) {
            Ok(rec) => {
                self.side(dir).pos = rec.fragment.end;
                self.tls_record(dir, rec, view);
                Step::Progress
            }
            Err(crate::decode::tls::DecodeError::Truncated { .. }) if !last => Step::Wait,
            Err(e) => self.give_up(dir, view, ProblemKind::Tls(e)),
        }
    }

    fn tls_record(&mut self, dir: Direction, rec: Record, stream: &[u8]) {
        let frag = rec.fragment(stream);
        let ct = rec.content_type.value;
        let ccs_seen = self.side(dir).tls.ccs_seen;
        if ct == ContentType::HANDSHAKE && !ccs_seen {
            return self.tls_handshake(dir, rec, frag);
        }
        // Handshake messages must not be interleaved with other records (RFC 8446 §5.1).
        self.flush_tls(dir, Some(ct));
        let prefix = self.tree(|| vec![ft::record_header(&rec)]);
        let kind = match ct {
            ContentType::CHANGE_CIPHER_SPEC => {
                self.side(dir).tls.ccs_seen = true;
                MessageKind::ChangeCipherSpec
            }
            // A plaintext alert is two bytes; an encrypted one is longer (MAC or AEAD tag).
            ContentType::ALERT if frag.len() == 2 => match Alert::decode(frag, rec.fragment.start) {
                Ok(a) => MessageKind::Alert(a),
                Err(e) => {
                    self.problem(dir, e.offset(), ProblemKind::Tls(e));
                    MessageKind::Unknown
                }
            },
            ContentType::HANDSHAKE | ContentType::ALERT | ContentType::APPLICATION_DATA => {
                MessageKind::Encrypted { content_type: ct, version: rec.version.value, len: frag.len() }
            }
            _ => MessageKind::TlsRecord { content_type: ct, len: frag.len() },
        };
        self.emit(dir, rec.range(), None, kind, rec.fragment.clone(), prefix);
    }

    fn tls_handshake(&mut self, dir: Direction, rec: Record, frag: &[u8]) {
        if frag.is_empty() {
            // "Implementations MUST NOT send zero-length fragments of Handshake types" (RFC 8446
            // §5.1; RFC 5246 §6.2.1 says the same). Between messages such a record belongs to
            // none, so it is a message of its own; inside one, that message's range covers it
            // (up to the record, when the message never completes: `flush_tls`).
            let what = "handshake record";
            let expected = "a non-empty fragment (RFC 8446 §5.1)";
            let e = crate::decode::tls::DecodeError::Invalid {
                offset: rec.range().start,
                what,
                expected,
                got: "none".into(),
            };
            self.problem(dir, rec.range().start, ProblemKind::Tls(e));
            if self.side(dir).tls.reasm.pending() == 0 {
                let prefix = self.tree(|| vec![ft::record_header(&rec)]);
                let kind = MessageKind::TlsRecord { content_type: rec.content_type.value, len: 0 };
                return self.emit(dir, rec.range(), None, kind, rec.fragment.clone(), prefix);
            }
        }
        let trees = self.field_trees;
        let st = &mut self.side(dir).tls;
        if st.reasm.pending() == 0 {
            st.records.clear();
            st.owner = Some(rec.clone());
        }
        st.reasm.push(frag, rec.fragment.start);
        if st.records.capacity() == 0 {
            // A message rarely spans more than a few records: one allocation per direction.
            st.records.reserve_exact(4);
        }
        st.records.push(rec);
        loop {
            let st = &mut self.side(dir).tls;
            let waiting = st.reasm.pending_range();
            let Some(next) = st.reasm.next_message() else {
                break;
            };
            let raw = match next {
                Ok(raw) => raw,
                Err(e) => {
                    // The reassembler dropped what it held: show those bytes as undecoded.
                    let start = st.owner.take().map(|r| r.range().start);
                    let prefix = record_nodes(trees, &st.records, start.unwrap_or_default());
                    self.problem(dir, e.offset(), ProblemKind::Tls(e));
                    if let Some(w) = waiting {
                        let range = start.unwrap_or(w.start)..w.end;
                        self.emit(dir, range, None, MessageKind::Unknown, w, prefix);
                    }
                    continue;
                }
            };
            let owner = st.owner.take();
            let body_range = raw.range();
            let start = owner.as_ref().map_or(body_range.start, |r| r.range().start);
            let range = start..body_range.end;
            let mut prefix = Vec::new();
            if trees {
                prefix.extend(st.records.iter().filter(|r| range.contains(&r.range().start)).map(ft::record_header));
                prefix.extend(ft::handshake_header(&raw));
            }
            let detail = if trees { Detail::Full } else { Detail::Facts };
            let kind = match handshake::decode_with(&raw, detail) {
                Ok(HandshakeBody::ClientHello(c)) => MessageKind::ClientHello(c),
                Ok(HandshakeBody::ServerHello(s)) => MessageKind::ServerHello(s),
                Ok(HandshakeBody::Certificate(c)) => MessageKind::Certificate(c),
                Ok(HandshakeBody::Other) => MessageKind::Handshake { msg_type: raw.msg_type.value },
                Err(e) => {
                    self.problem(dir, e.offset(), ProblemKind::Tls(e));
                    MessageKind::Handshake { msg_type: raw.msg_type.value }
                }
            };
            self.emit(dir, range, None, kind, body_range, prefix);
        }
        let st = &mut self.side(dir).tls;
        if st.reasm.pending() == 0 {
            st.records.clear();
            st.owner = None;
        }
    }

    /// Shows a handshake message that will never complete as undecoded: the bytes ran out
    /// (`interrupted_by` = None) or another record type came first.
    fn flush_tls(&mut self, dir: Direction, interrupted_by: Option<ContentType>) {
        let trees = self.field_trees;
        let st = &mut self.side(dir).tls;
        let Some(pending) = st.reasm.pending_range() else {
            return;
        };
        let needed = st.reasm.needed();
        let start = st.owner.take().map_or(pending.start, |r| r.range().start);
        // Empty records after its last byte carried this message too (see `tls_handshake`).
        let end = st.records.last().map_or(pending.end, |r| r.range().end.max(pending.end));
        let prefix = record_nodes(trees, &st.records, start);
        st.reasm.clear();
        st.records.clear();
        let error = match interrupted_by {
            None => {
                crate::decode::tls::DecodeError::Truncated { offset: pending.start, what: "handshake message", needed }
            }
            Some(ct) => crate::decode::tls::DecodeError::Invalid {
                offset: pending.start,
                what: "handshake message",
                expected: "its remaining fragments before any other record type",
                got: format!("a {ct} record"),
            },
        };
        self.problem(dir, pending.start, ProblemKind::Tls(error));
        self.emit(dir, start..end, None, MessageKind::Unknown, pending, prefix);
    }

    /// Field nodes, built only when field trees are wanted.
    fn tree(&self, build: impl FnOnce() -> Vec<Field>) -> Vec<Field> {
        if self.field_trees {
            build()
        } else {
            Vec::new()
        }
    }

    /// Adds a message and moves the phase.
    fn emit(
        &mut self,
        dir: Direction,
        range: Range<usize>,
        seq: Option<u8>,
        kind: MessageKind,
        content: Range<usize>,
        mut tree: Vec<Field>,
    ) {
        // Summaries and trees are for people; batch runs (every connection's outcome) skip both.
        let summary = if self.field_trees { super::summary::summary(&kind, dir, &content) } else { String::new() };
        if self.field_trees {
            tree.extend(super::fields::fields(&kind, dir, content, self.side(dir).bytes));
        }
        let s = self.side(dir);
        let index_in_dir = s.count;
        s.count += 1;
        let event = kind.event();
        match machine::step(self.phase, dir, event) {
            Ok(next) => self.phase = next,
            Err(next) => {
                if self.strict {
                    self.problem(
                        dir,
                        range.start,
                        ProblemKind::Unexpected { phase: self.phase, event, sender: dir.sender() },
                    );
                }
                self.phase = next;
            }
        }
        self.out.messages.push(Message {
            dir,
            index_in_dir,
            range,
            seq,
            kind,
            summary: if summary.is_empty() { summary } else { super::message::safe_text(&summary) },
            fields: tree,
        });
    }
}

/// Record-header nodes for the records that start at or after `from` (none without trees).
fn record_nodes(trees: bool, records: &[Record], from: usize) -> Vec<Field> {
    if !trees {
        return Vec::new();
    }
    records.iter().filter(|r| r.range().start >= from).map(ft::record_header).collect()
}

/// What a MySQL packet is, given the phase and who sent it.
fn classify(
    phase: Phase,
    dir: Direction,
    seq: u8,
    payload: &[u8],
    base: usize,
) -> Result<MessageKind, crate::decode::mysql::DecodeError> {
    use crate::decode::mysql::DecodeError;
    let first = payload.first().copied();
    Ok(match (dir, phase, first) {
        (Direction::ServerToClient, _, Some(0xFF)) => MessageKind::Err(ErrPacket::decode(payload, base)?),
        (Direction::ServerToClient, Phase::AwaitGreeting, _) => MessageKind::Greeting(Greeting::decode(payload, base)?),
        (_, Phase::Command, _) => MessageKind::Command { len: payload.len() },
        (Direction::ServerToClient, _, Some(0x00)) => MessageKind::Ok(OkPacket::decode(payload, base)?),
        (Direction::ServerToClient, _, Some(0xFE)) => {
            MessageKind::AuthSwitch(AuthSwitchRequest::decode(payload, base)?)
        }
        (Direction::ServerToClient, _, Some(0x01)) => MessageKind::AuthMoreData(AuthMoreData::decode(payload, base)?),
        (Direction::ServerToClient, _, Some(10)) if seq == 0 => MessageKind::Greeting(Greeting::decode(payload, base)?),
        (Direction::ServerToClient, _, _) => {
            return Err(DecodeError::Invalid {
                offset: base,
                what: "server packet type",
                expected: "OK (0x00), ERR (0xff), AuthSwitchRequest (0xfe) or AuthMoreData (0x01)",
                got: first.map_or_else(|| "an empty payload".into(), |b| format!("{b:#04x}")),
            })
        }
        (Direction::ClientToServer, Phase::PlainAuth, _) if seq == 0 => MessageKind::Command { len: payload.len() },
        (Direction::ClientToServer, Phase::PlainAuth, _) => MessageKind::AuthData { len: payload.len() },
        (Direction::ClientToServer, _, _) if payload.len() == crate::decode::mysql::ssl_request::SSL_REQUEST_LEN => {
            MessageKind::SslRequest(SslRequest::decode(payload, base)?)
        }
        (Direction::ClientToServer, _, _) => {
            MessageKind::HandshakeResponse(HandshakeResponse41::decode(payload, base)?)
        }
    })
}
