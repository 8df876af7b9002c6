//! The conversation decoder and the TLS layer under it.

use crate::decode::conversation::{decode, decode_one_direction, guess_start, Conversation, ProblemKind};
use crate::decode::mysql::FrameError;
use crate::decode::tls::{handshake, Alert, ContentType, DecodeError, HandshakeReassembler, RecordFramer};
use crate::evidence::evidence;
use crate::vocab::{Direction, Transcript};

/// Any bytes as a one-direction paste, and split into a two-direction transcript (the first
/// two bytes choose the split and the wire chunk size).
pub fn mysql_packets(data: &[u8]) {
    let c = decode_one_direction(data);
    let (dir, _) = guess_start(data);
    let one_side = Transcript::from_parts(&[(dir, data)]);
    assert_tiles(&c, &one_side);
    let _ = evidence(&c, &Transcript::default());
    let [split, chunk, rest @ ..] = data else {
        return;
    };
    let (server, client) = rest.split_at(rest.len() * usize::from(*split) / 256);
    let t = Transcript::alternating(client.to_vec(), server.to_vec(), usize::from(*chunk) + 1);
    let c = decode(&t);
    assert_tiles(&c, &t);
    let _ = evidence(&c, &t);
    // The same bytes in the same wire order, cut into smaller pieces: TCP segments differently
    // but the conversation is the same one. Except after a unit too long to frame: the decoder
    // then gives up on the bytes it has and resumes at the next chunk that arrives (a new TCP
    // segment often starts a new message), which depends on the chunks by design.
    let finer = refine(&t, 1 + usize::from(*split % 4));
    let f = decode(&finer);
    if !resumes_at_next_chunk(&c) && !resumes_at_next_chunk(&f) {
        assert_eq!(f, c, "a finer wire order of the same bytes decoded differently ({:?})", finer.order);
    }
}

/// The decoder gave up in the middle of a direction: a MySQL or TLS header declared more than
/// its context allows, so where the next unit starts is unknown.
fn resumes_at_next_chunk(c: &Conversation) -> bool {
    c.errors.iter().any(|e| {
        matches!(
            e.kind,
            ProblemKind::Frame(FrameError::Oversize { .. })
                | ProblemKind::Tls(DecodeError::Oversize { what: "TLS record length", .. })
        )
    })
}

/// Each chunk of `t`'s wire order cut into pieces of at most `piece` bytes.
fn refine(t: &Transcript, piece: usize) -> Transcript {
    let mut order = Vec::new();
    for (dir, range) in &t.order {
        let mut at = range.start;
        while at < range.end {
            let end = range.end.min(at + piece);
            order.push((*dir, at..end));
            at = end;
        }
    }
    Transcript { to_server: t.to_server.clone(), to_client: t.to_client.clone(), order }
}

/// The TLS layer directly (records, reassembly, hello/certificate/alert decoding) and as a
/// TLS stream inside a connection.
pub fn tls_records(data: &[u8]) {
    let whole = reassemble(data, None);
    // Handshake messages are a stream of their own: where the fragments are cut (here each is
    // cut once more, at a point taken from the input) must not change them, up to the first
    // error (after an oversize header the reassembler drops what it holds and starts over with
    // the next bytes pushed, wherever they were cut).
    let cut = usize::from(data.first().copied().unwrap_or(0));
    let (mut a, mut b) = (whole, reassemble(data, Some(cut)));
    for list in [&mut a, &mut b] {
        if let Some(first_err) = list.iter().position(Result::is_err) {
            list.truncate(first_err + 1);
        }
    }
    assert_eq!(b, a, "handshake reassembly depends on where fragments are cut (at {cut})");
    // As a TLS stream inside a connection (made to start like a handshake record).
    let mut stream = vec![22, 3, 3];
    stream.extend_from_slice(data);
    let c = decode_one_direction(&stream);
    let (dir, _) = guess_start(&stream);
    assert_tiles(&c, &Transcript::from_parts(&[(dir, &stream)]));
}

/// A handshake message (type, length, header and body, range in the stream), or its error.
type Reassembled = Result<(u8, u32, Vec<u8>, std::ops::Range<usize>), String>;

/// What the reassembler yields for `data`'s handshake records, each fragment pushed whole or
/// cut at `cut`: message type, length, bytes and range of each message, or its error.
fn reassemble(data: &[u8], cut: Option<usize>) -> Vec<Reassembled> {
    let mut reasm = HandshakeReassembler::new();
    let mut out = Vec::new();
    for rec in RecordFramer::new(data).flatten() {
        let frag = rec.fragment(data);
        if rec.content_type.value == ContentType::ALERT {
            let _ = Alert::decode(frag, rec.fragment.start);
            continue;
        }
        let at = cut.unwrap_or(frag.len()).min(frag.len());
        let (a, b) = frag.split_at(at);
        for (piece, start) in [(a, rec.fragment.start), (b, rec.fragment.start + at)] {
            reasm.push(piece, start);
            while let Some(m) = reasm.next_message() {
                out.push(match m {
                    Ok(m) => {
                        let _ = handshake::decode(&m);
                        Ok((m.msg_type.value.0, m.length.value, m.bytes.clone(), m.range()))
                    }
                    Err(e) => Err(e.to_string()),
                });
            }
        }
    }
    out
}

/// Every byte of each direction of `t` is in exactly one of `c`'s messages of that direction.
pub fn assert_tiles(c: &Conversation, t: &Transcript) {
    for dir in [Direction::ClientToServer, Direction::ServerToClient] {
        let mut ranges: Vec<_> = c.messages.iter().filter(|m| m.dir == dir).map(|m| m.range.clone()).collect();
        ranges.sort_by_key(|r| (r.start, r.end));
        let mut at = 0;
        for r in &ranges {
            assert_eq!(r.start, at, "{}: gap or overlap at {at}: {ranges:?}", dir.arrow());
            at = r.end;
        }
        let len = t.bytes(dir).len();
        assert_eq!(at, len, "{}: not every one of the {len} bytes is in a message: {ranges:?}", dir.arrow());
    }
}
