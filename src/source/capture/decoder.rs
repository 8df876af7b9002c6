//! The streaming decoder: a capture pushed in chunks (a 50 MB file read slice by slice in the
//! browser, with a progress bar), decoded as it arrives.
//!
//! Only an incomplete record is ever copied into `pending`; complete records are read straight
//! from the chunk. Text and raw input cannot be decoded piecewise (a dump's format is known only
//! from the whole) and are kept until [`Decoder::finish`].

use serde::Serialize;

use super::detect::{self, Container};
use super::error::{CaptureError, Location, ProblemKind};
use super::pcap::{self, Content, Reader, Step};
use super::sink::Sink;
use super::text::MAX_TEXT_BYTES;
use super::{decode_other, Connection, Decoded, Format};

/// How far a streaming decode has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Progress {
    /// Bytes pushed so far.
    pub bytes: u64,
    /// Frames read so far (0 until the input is known to be a capture).
    pub frames: usize,
    /// Connections seen so far.
    pub connections: usize,
}

/// Decodes a capture pushed in chunks. `decode(input, format)` is `push(input)` + `finish()`.
#[derive(Debug)]
pub struct Decoder {
    format: Format,
    state: State,
    received: u64,
    /// Set by [`Decoder::handing_over`]; moved into the capture's table once it is known.
    handoff: Option<Handoff>,
}

/// Where a capture file's connections go as soon as each has ended — both sides sent FIN and
/// every byte before it arrived, or one side reset it, with nothing held out of order — instead
/// of being kept until [`Decoder::finish`]. The connection is handed over whole (its transcript
/// too) and is listed at the end without its bytes: its packet count then includes what came
/// after the end, and payload after the end (a protocol error) is counted in its notes, not
/// decoded. A reader that judges each connection as it ends holds only the open ones.
pub struct Handoff(Box<dyn FnMut(Connection)>);

impl Handoff {
    pub fn new(give: impl FnMut(Connection) + 'static) -> Self {
        Handoff(Box::new(give))
    }

    pub(crate) fn give(&mut self, c: Connection) {
        (self.0)(c);
    }
}

impl std::fmt::Debug for Handoff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Handoff")
    }
}

#[derive(Debug)]
enum State {
    /// Fewer than 4 bytes so far: the magic number is not known yet.
    Start(Vec<u8>),
    Capture(Box<Capture>),
    /// Text or raw bytes, decoded whole at the end.
    Whole(Vec<u8>),
    Failed(CaptureError),
}

#[derive(Debug)]
struct Capture {
    reader: Reader,
    sink: Sink,
    /// The start of a record that has not fully arrived.
    pending: Vec<u8>,
    /// File offset of the next unread byte (the start of `pending`).
    offset: u64,
    /// Nothing more can be framed (an absurd length); later bytes are ignored.
    stopped: bool,
}

impl Decoder {
    pub fn new(format: Format) -> Self {
        Decoder { format, state: State::Start(Vec::new()), received: 0, handoff: None }
    }

    /// Connections of a capture file are given to `handoff` as each ends (see [`Handoff`]);
    /// pasted text and raw bytes are decoded whole, as without it.
    pub fn handing_over(mut self, handoff: Handoff) -> Self {
        self.handoff = Some(handoff);
        self
    }

    /// Adds the next chunk of the input.
    pub fn push(&mut self, chunk: &[u8]) -> Progress {
        self.received += chunk.len() as u64;
        let state = std::mem::replace(&mut self.state, State::Start(Vec::new()));
        self.state = match state {
            State::Start(head) => self.start(head, chunk),
            State::Capture(mut c) => match c.feed(chunk) {
                Ok(()) => State::Capture(c),
                Err(e) => State::Failed(e),
            },
            State::Whole(mut all) => {
                all.extend_from_slice(chunk);
                whole(all)
            }
            failed @ State::Failed(_) => failed,
        };
        self.progress()
    }

    pub fn progress(&self) -> Progress {
        let (frames, connections) = match &self.state {
            State::Capture(c) => (c.sink.frames, c.sink.connections()),
            _ => (0, 0),
        };
        Progress { bytes: self.received, frames, connections }
    }

    /// Ends the input and returns what was decoded.
    pub fn finish(self) -> Result<Decoded, CaptureError> {
        match self.state {
            State::Failed(e) => Err(e),
            State::Capture(c) => c.finish(),
            State::Start(head) => match self.format {
                Format::Pcap | Format::Pcapng if !head.is_empty() => Err(wrong_magic(self.format, &head)),
                _ => decode_other(&head, self.format),
            },
            State::Whole(all) => decode_other(&all, self.format),
        }
    }

    fn start(&mut self, mut head: Vec<u8>, chunk: &[u8]) -> State {
        if matches!(self.format, Format::Hex | Format::Base64 | Format::Raw) {
            head.extend_from_slice(chunk);
            return whole(head);
        }
        let have = head.len() + chunk.len();
        if have < 4 {
            head.extend_from_slice(chunk);
            return State::Start(head);
        }
        let mut magic = [0u8; 4];
        for (m, b) in magic.iter_mut().zip(head.iter().chain(chunk)) {
            *m = *b;
        }
        let kind = detect::container(&magic);
        let forced = match self.format {
            Format::Pcap => Some(Container::Pcap),
            Format::Pcapng => Some(Container::Pcapng),
            _ => None,
        };
        match (kind, forced) {
            (Some(k), None) => capture(k, head, chunk, self.handoff.take()),
            (Some(k), Some(f)) if k == f => capture(k, head, chunk, self.handoff.take()),
            (_, Some(_)) => State::Failed(wrong_magic(self.format, &magic)),
            (None, None) => {
                head.extend_from_slice(chunk);
                whole(head)
            }
        }
    }
}

fn whole(all: Vec<u8>) -> State {
    if all.len() > MAX_TEXT_BYTES {
        State::Failed(CaptureError::TooLarge { size: all.len() as u64, cap: MAX_TEXT_BYTES as u64 })
    } else {
        State::Whole(all)
    }
}

fn capture(kind: Container, head: Vec<u8>, chunk: &[u8], handoff: Option<Handoff>) -> State {
    let mut sink = Sink::default();
    if let Some(h) = handoff {
        sink.table.hand_over_to(h);
    }
    let mut c = Box::new(Capture { reader: Reader::new(kind), sink, pending: head, offset: 0, stopped: false });
    match c.feed(chunk) {
        Ok(()) => State::Capture(c),
        Err(e) => State::Failed(e),
    }
}

pub(crate) fn wrong_magic(format: Format, got: &[u8]) -> CaptureError {
    let (expected, magic) = match format {
        Format::Pcapng => ("pcapng", "0a 0d 0d 0a"),
        _ => ("pcap", "a1 b2 c3 d4 or d4 c3 b2 a1"),
    };
    CaptureError::WrongMagic { expected, magic, got: pcap::hex4(got) }
}

impl Capture {
    fn feed(&mut self, chunk: &[u8]) -> Result<(), CaptureError> {
        let mut input = chunk;
        // First complete the record that began in an earlier chunk (or the sniffed head).
        while !self.pending.is_empty() && !self.stopped {
            match self.reader.next(&self.pending, self.offset, &mut self.sink.problems)? {
                Step::Need { need, .. } => {
                    let want = usize::try_from(need).unwrap_or(usize::MAX).saturating_sub(self.pending.len());
                    if want == 0 {
                        self.stopped = true;
                        break;
                    }
                    let (head, tail) = input.split_at(want.min(input.len()));
                    self.pending.extend_from_slice(head);
                    input = tail;
                    if head.len() < want {
                        return Ok(());
                    }
                }
                Step::Record { len, content } => {
                    take(&mut self.sink, content);
                    self.pending.drain(..len.min(self.pending.len()));
                    self.offset += len as u64;
                    self.stopped |= len == 0;
                }
                Step::Stop => self.stopped = true,
            }
        }
        // Then read complete records straight from the chunk.
        while !self.stopped && !input.is_empty() {
            match self.reader.next(input, self.offset, &mut self.sink.problems)? {
                Step::Need { .. } => {
                    self.pending.extend_from_slice(input);
                    break;
                }
                Step::Record { len, content } => {
                    take(&mut self.sink, content);
                    input = input.get(len..).unwrap_or(&[]);
                    self.offset += len as u64;
                    self.stopped |= len == 0;
                }
                Step::Stop => self.stopped = true,
            }
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Decoded, CaptureError> {
        if !self.stopped && !self.pending.is_empty() {
            let have = self.pending.len() as u64;
            if let Step::Need { need, what } = self.reader.next(&self.pending, self.offset, &mut self.sink.problems)? {
                if self.offset == 0 {
                    return Err(CaptureError::TruncatedHeader { what, needed: need, have });
                }
                self.sink
                    .problems
                    .push(Location::Offset(self.offset), ProblemKind::Truncated { what, needed: need, have });
            }
        }
        if self.sink.connections() == 0 {
            // Every frame was on a link type we do not decode: that is the answer, not "no TCP".
            let unknown = self.sink.problems.iter().find_map(|p| match (p.at, &p.kind) {
                (Location::Offset(offset), ProblemKind::UnknownLinkType { link_type, name }) => {
                    Some((*link_type, *name, offset))
                }
                _ => None,
            });
            if let Some((link_type, name, offset)) = unknown {
                if self.sink.decoded_frames() == 0 {
                    return Err(CaptureError::UnknownLinkType { link_type, name, offset });
                }
            }
        }
        let label = self.reader.link_label();
        Ok(self.sink.finish(label))
    }
}

fn take(sink: &mut Sink, content: Content<'_>) {
    match content {
        Content::Meta => {}
        Content::Skipped => sink.skipped(),
        Content::Packet { link, data } => sink.frame(None, link, data),
    }
}
