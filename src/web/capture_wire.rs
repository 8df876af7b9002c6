//! The capture worker's messages, and what the page keeps of a decoded capture.
//!
//! Reading a capture file — pcap/pcapng framing, text dumps, link/IP/TCP, reassembly: the
//! [`crate::source::capture`] module and pcap-parser — runs in a Web Worker built as its own small wasm
//! (`mysql-tls-doctor-capture`), as the live probe does. The page then loads none of that code
//! until the first capture, and a 50 MB file is read and decoded off the page's thread. The
//! page keeps the conversation decoder: the analysis and the capture view need it.
//!
//! ```text
//!  page                                   capture worker
//!   ── decode {job, format, file | text} ─►  Decoder, 1 MiB at a time   (the File is a handle:
//!   ◄─ ready / progress {job, bytes,      ─  keeps the Decoded of the    the worker reads it)
//!        frames, connections}                 last job
//!   ◄─ done {job, Capture | error}        ─
//!   ── transcript {job, id}               ─► one more connection's transcript
//!   ◄─ transcript {job, id, transcript}   ─
//!   ── cancel {job}                       ─► a replaced decode stops at its next chunk
//! ```
//!
//! A [`Capture`] lists the connections without their bytes, and carries the default
//! connection's transcript (all of them when they are small, [`ALL_TRANSCRIPTS_MAX`]); the page
//! asks for another when the user picks it. Messages are plain JS objects with typed arrays for
//! bytes, written by hand in [`js`]: serde's visitors for these types would cost the page more
//! wasm than the reading code, and bytes would cross as arrays of numbers.
//!
//! The types and [`Capture::from_decoded`] are plain Rust, tested natively.

use std::rc::Rc;

use crate::source::capture::{Decoded, Format};
use crate::vocab::{Direction, Transcript};

/// When a capture's transcripts add up to at most this many bytes, all cross with the result.
pub const ALL_TRANSCRIPTS_MAX: usize = 1 << 20;

/// How far a decode has got (the core's `capture::Progress`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub bytes: u64,
    pub frames: usize,
    pub connections: usize,
}

impl From<crate::source::capture::Progress> for Progress {
    fn from(p: crate::source::capture::Progress) -> Self {
        Progress { bytes: p.bytes, frames: p.frames, connections: p.connections }
    }
}

/// One TCP connection as the page lists it: the core's `Connection` without its transcript,
/// the addresses as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionInfo {
    pub id: usize,
    pub client: String,
    pub server: String,
    pub first_packet: usize,
    pub packets: usize,
    pub likely_mysql: bool,
    pub notes: Vec<String>,
    pub gaps: Vec<(Direction, u64)>,
}

/// A decoded capture as the page holds it (the core's `Decoded`, problems in words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Capture {
    Connections {
        connections: Vec<ConnectionInfo>,
        link_type: String,
        frames: usize,
        problems: Vec<String>,
        /// The connection shown by default: the first likely MySQL one, else the first.
        default_id: Option<usize>,
        /// The transcripts that came with the result: the default one's, or all.
        transcripts: Vec<(usize, Rc<Transcript>)>,
    },
    /// A one-direction paste, placed on the side that sent it.
    Bytes { len: usize, format: String, problems: Vec<String>, transcript: Rc<Transcript> },
}

impl Capture {
    /// What the worker sends for `d`.
    pub fn from_decoded(d: &Decoded) -> Capture {
        let problems = d.problems().iter().map(ToString::to_string).collect();
        match d {
            Decoded::Connections { connections, link_type, frames, .. } => {
                let default_id = d.default_connection().or(connections.first()).map(|c| c.id);
                let total: usize =
                    connections.iter().map(|c| c.transcript.to_server.len() + c.transcript.to_client.len()).sum();
                let transcripts = connections
                    .iter()
                    .filter(|c| total <= ALL_TRANSCRIPTS_MAX || Some(c.id) == default_id)
                    .map(|c| (c.id, Rc::new(c.transcript.clone())))
                    .collect();
                Capture::Connections {
                    connections: connections
                        .iter()
                        .map(|c| ConnectionInfo {
                            id: c.id,
                            client: c.client.to_string(),
                            server: c.server.to_string(),
                            first_packet: c.first_packet,
                            packets: c.packets,
                            likely_mysql: c.likely_mysql,
                            notes: c.notes.clone(),
                            gaps: c.gaps.clone(),
                        })
                        .collect(),
                    link_type: link_type.clone(),
                    frames: *frames,
                    problems,
                    default_id,
                    transcripts,
                }
            }
            Decoded::Bytes { bytes, format, .. } => Capture::Bytes {
                len: bytes.len(),
                format: format.to_string(),
                problems,
                transcript: Rc::new(d.transcript(None).unwrap_or_default()),
            },
        }
    }

    pub fn connections(&self) -> &[ConnectionInfo] {
        match self {
            Capture::Connections { connections, .. } => connections,
            Capture::Bytes { .. } => &[],
        }
    }

    pub fn problems(&self) -> &[String] {
        match self {
            Capture::Connections { problems, .. } | Capture::Bytes { problems, .. } => problems,
        }
    }

    pub fn default_id(&self) -> Option<usize> {
        match self {
            Capture::Connections { default_id, .. } => *default_id,
            Capture::Bytes { .. } => None,
        }
    }

    /// The transcript of connection `id` (or the default one) if it came with the result; a
    /// paste's whatever the id.
    pub fn transcript(&self, id: Option<usize>) -> Option<&Rc<Transcript>> {
        match self {
            Capture::Connections { transcripts, default_id, .. } => {
                let id = id.or(*default_id)?;
                transcripts.iter().find(|(i, _)| *i == id).map(|(_, t)| t)
            }
            Capture::Bytes { transcript, .. } => Some(transcript),
        }
    }
}

/// A format by its name (`Format::name`), `Auto` when unknown.
pub fn format_named(name: &str) -> Format {
    Format::ALL.into_iter().find(|f| f.name() == name).unwrap_or_default()
}

/// The messages as JS values (wasm32 only): each side uses its half.
#[cfg(target_arch = "wasm32")]
pub mod js {
    use std::ops::Range;
    use std::rc::Rc;

    use js_sys::{Array, Float64Array, Object, Reflect, Uint32Array, Uint8Array};
    use wasm_bindgen::{JsCast, JsValue};

    use super::{Capture, ConnectionInfo, Progress};
    use crate::vocab::{Direction, Transcript};

    /// Page → worker.
    pub enum ToWorker {
        /// `file` is a `File`; otherwise `text` is the pasted text.
        Decode {
            job: u64,
            format: String,
            file: Option<JsValue>,
            text: String,
        },
        Transcript {
            job: u64,
            id: usize,
        },
        Cancel {
            job: u64,
        },
    }

    /// Worker → page.
    pub enum FromWorker {
        Ready,
        Progress { job: u64, progress: Progress },
        Done { job: u64, result: Result<Capture, String> },
        Transcript { job: u64, id: usize, result: Result<Transcript, String> },
    }

    fn object(fields: &[(&str, JsValue)]) -> JsValue {
        let o = Object::new();
        for (k, v) in fields {
            let _ = Reflect::set(&o, &JsValue::from_str(k), v);
        }
        o.into()
    }

    fn get(v: &JsValue, k: &str) -> JsValue {
        Reflect::get(v, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
    }

    fn num(v: &JsValue, k: &str) -> f64 {
        get(v, k).as_f64().unwrap_or(0.0)
    }

    fn string(v: &JsValue, k: &str) -> String {
        get(v, k).as_string().unwrap_or_default()
    }

    fn n(x: usize) -> JsValue {
        JsValue::from_f64(x as f64)
    }

    fn strings(list: &[String]) -> JsValue {
        list.iter().map(|s| JsValue::from_str(s)).collect::<Array>().into()
    }

    fn read_strings(v: &JsValue, k: &str) -> Vec<String> {
        let list = get(v, k);
        if !Array::is_array(&list) {
            return Vec::new();
        }
        Array::from(&list).iter().filter_map(|s| s.as_string()).collect()
    }

    fn dir_code(d: Direction) -> u32 {
        match d {
            Direction::ClientToServer => 0,
            Direction::ServerToClient => 1,
        }
    }

    fn dir_of(code: f64) -> Direction {
        if code == 0.0 {
            Direction::ClientToServer
        } else {
            Direction::ServerToClient
        }
    }

    /// `{to_server, to_client: Uint8Array, order: Uint32Array [dir, start, end]…}`; the byte
    /// arrays' buffers are added to `transfer`.
    fn transcript(t: &Transcript, transfer: &Array) -> JsValue {
        let (s, c) = (Uint8Array::from(t.to_server.as_slice()), Uint8Array::from(t.to_client.as_slice()));
        transfer.push(&s.buffer());
        transfer.push(&c.buffer());
        let order: Vec<u32> = t.order.iter().flat_map(|(d, r)| [dir_code(*d), r.start as u32, r.end as u32]).collect();
        object(&[
            ("to_server", s.into()),
            ("to_client", c.into()),
            ("order", Uint32Array::from(order.as_slice()).into()),
        ])
    }

    fn read_transcript(v: &JsValue) -> Transcript {
        let bytes = |k| get(v, k).dyn_into::<Uint8Array>().map(|a| a.to_vec()).unwrap_or_default();
        let (to_server, to_client) = (bytes("to_server"), bytes("to_client"));
        let order = get(v, "order").dyn_into::<Uint32Array>().map(|a| a.to_vec()).unwrap_or_default();
        let order = order
            .chunks_exact(3)
            .filter_map(|s| {
                let dir = dir_of(f64::from(s[0]));
                let len = if dir == Direction::ClientToServer { to_server.len() } else { to_client.len() };
                let r: Range<usize> = s[1] as usize..s[2] as usize;
                (r.start <= r.end && r.end <= len).then_some((dir, r))
            })
            .collect();
        Transcript { to_server, to_client, order }
    }

    /// Column by column, as a few typed arrays and one string: a capture can hold 100,000
    /// connections, and an object each would cost the page a structured clone and a dozen
    /// calls into JS per connection. `numbers`: [id, first_packet, packets, likely_mysql,
    /// gap count] per connection; `gaps`: [dir, bytes] per gap; `text`: per connection
    /// `client US server (US note)*`, connections separated by RS.
    fn connections(list: &[ConnectionInfo], transfer: &Array) -> JsValue {
        let mut numbers = Vec::with_capacity(list.len() * 5);
        let mut gaps = Vec::new();
        let mut text = String::new();
        for (i, c) in list.iter().enumerate() {
            numbers.extend([
                c.id as f64,
                c.first_packet as f64,
                c.packets as f64,
                f64::from(u8::from(c.likely_mysql)),
                c.gaps.len() as f64,
            ]);
            gaps.extend(c.gaps.iter().flat_map(|(d, n)| [f64::from(dir_code(*d)), *n as f64]));
            if i > 0 {
                text.push(RS);
            }
            text.push_str(&c.client);
            for field in std::iter::once(&c.server).chain(&c.notes) {
                text.push(US);
                text.push_str(field);
            }
        }
        let (numbers, gaps) = (Float64Array::from(numbers.as_slice()), Float64Array::from(gaps.as_slice()));
        transfer.push(&numbers.buffer());
        transfer.push(&gaps.buffer());
        object(&[("numbers", numbers.into()), ("gaps", gaps.into()), ("text", JsValue::from_str(&text))])
    }

    fn read_connections(v: &JsValue) -> Vec<ConnectionInfo> {
        let floats = |k| get(v, k).dyn_into::<Float64Array>().map(|a| a.to_vec()).unwrap_or_default();
        let (numbers, gaps) = (floats("numbers"), floats("gaps"));
        let text = string(v, "text");
        let mut gaps = gaps.chunks_exact(2).map(|g| (dir_of(g[0]), g[1] as u64));
        numbers
            .chunks_exact(5)
            .zip(text.split(RS))
            .map(|(n, t)| {
                let mut fields = t.split(US).map(str::to_owned);
                ConnectionInfo {
                    id: n[0] as usize,
                    first_packet: n[1] as usize,
                    packets: n[2] as usize,
                    likely_mysql: n[3] != 0.0,
                    gaps: gaps.by_ref().take(n[4] as usize).collect(),
                    client: fields.next().unwrap_or_default(),
                    server: fields.next().unwrap_or_default(),
                    notes: fields.collect(),
                }
            })
            .collect()
    }

    /// Separators in [`connections`]' text (never in an address or a note).
    const RS: char = '\u{1e}';
    const US: char = '\u{1f}';

    fn capture(c: &Capture, transfer: &Array) -> JsValue {
        match c {
            Capture::Connections { connections, link_type, frames, problems, default_id, transcripts } => object(&[
                ("kind", "connections".into()),
                ("connections", self::connections(connections, transfer)),
                ("link_type", JsValue::from_str(link_type)),
                ("frames", n(*frames)),
                ("problems", strings(problems)),
                ("default_id", default_id.map_or(JsValue::NULL, n)),
                (
                    "transcripts",
                    transcripts
                        .iter()
                        .map(|(id, t)| object(&[("id", n(*id)), ("transcript", transcript(t, transfer))]))
                        .collect::<Array>()
                        .into(),
                ),
            ]),
            Capture::Bytes { len, format, problems, transcript: t } => object(&[
                ("kind", "bytes".into()),
                ("len", n(*len)),
                ("format", JsValue::from_str(format)),
                ("problems", strings(problems)),
                ("transcript", transcript(t, transfer)),
            ]),
        }
    }

    fn read_capture(v: &JsValue) -> Capture {
        let problems = read_strings(v, "problems");
        if string(v, "kind") == "bytes" {
            return Capture::Bytes {
                len: num(v, "len") as usize,
                format: string(v, "format"),
                problems,
                transcript: Rc::new(read_transcript(&get(v, "transcript"))),
            };
        }
        let list = |k| {
            let a = get(v, k);
            if Array::is_array(&a) {
                Array::from(&a).iter().collect::<Vec<_>>()
            } else {
                Vec::new()
            }
        };
        Capture::Connections {
            connections: read_connections(&get(v, "connections")),
            link_type: string(v, "link_type"),
            frames: num(v, "frames") as usize,
            problems,
            default_id: get(v, "default_id").as_f64().map(|id| id as usize),
            transcripts: list("transcripts")
                .iter()
                .map(|t| (num(t, "id") as usize, Rc::new(read_transcript(&get(t, "transcript")))))
                .collect(),
        }
    }

    fn result(job: u64, kind: &str, payload: Result<(&str, JsValue), &str>) -> JsValue {
        let (k, v) = match payload {
            Ok((k, v)) => (k, v),
            Err(e) => ("error", JsValue::from_str(e)),
        };
        object(&[("type", kind.into()), ("job", JsValue::from_f64(job as f64)), (k, v)])
    }

    impl ToWorker {
        pub fn to_js(&self) -> JsValue {
            let job = |j: &u64| JsValue::from_f64(*j as f64);
            match self {
                ToWorker::Decode { job: j, format, file, text } => object(&[
                    ("type", "decode".into()),
                    ("job", job(j)),
                    ("format", JsValue::from_str(format)),
                    ("file", file.clone().unwrap_or(JsValue::NULL)),
                    ("text", JsValue::from_str(text)),
                ]),
                ToWorker::Transcript { job: j, id } => {
                    object(&[("type", "transcript".into()), ("job", job(j)), ("id", n(*id))])
                }
                ToWorker::Cancel { job: j } => object(&[("type", "cancel".into()), ("job", job(j))]),
            }
        }

        pub fn from_js(v: &JsValue) -> Option<ToWorker> {
            let job = num(v, "job") as u64;
            Some(match string(v, "type").as_str() {
                "decode" => {
                    let file = get(v, "file");
                    let file = (!file.is_null() && !file.is_undefined()).then_some(file);
                    ToWorker::Decode { job, format: string(v, "format"), file, text: string(v, "text") }
                }
                "transcript" => ToWorker::Transcript { job, id: num(v, "id") as usize },
                "cancel" => ToWorker::Cancel { job },
                _ => return None,
            })
        }
    }

    impl FromWorker {
        /// The message, and the buffers to transfer with it.
        pub fn to_js(&self) -> (JsValue, Array) {
            let transfer = Array::new();
            let value = match self {
                FromWorker::Ready => object(&[("type", "ready".into())]),
                FromWorker::Progress { job, progress: p } => object(&[
                    ("type", "progress".into()),
                    ("job", JsValue::from_f64(*job as f64)),
                    ("bytes", JsValue::from_f64(p.bytes as f64)),
                    ("frames", n(p.frames)),
                    ("connections", n(p.connections)),
                ]),
                FromWorker::Done { job, result: r } => {
                    result(*job, "done", r.as_ref().map(|c| ("capture", capture(c, &transfer))).map_err(String::as_str))
                }
                FromWorker::Transcript { job, id, result: r } => {
                    let v = result(
                        *job,
                        "transcript",
                        r.as_ref().map(|t| ("transcript", transcript(t, &transfer))).map_err(String::as_str),
                    );
                    let _ = Reflect::set(&v, &"id".into(), &n(*id));
                    v
                }
            };
            (value, transfer)
        }

        pub fn from_js(v: &JsValue) -> Option<FromWorker> {
            let job = num(v, "job") as u64;
            let error = get(v, "error").as_string();
            Some(match string(v, "type").as_str() {
                "ready" => FromWorker::Ready,
                "progress" => FromWorker::Progress {
                    job,
                    progress: Progress {
                        bytes: num(v, "bytes") as u64,
                        frames: num(v, "frames") as usize,
                        connections: num(v, "connections") as usize,
                    },
                },
                "done" => {
                    FromWorker::Done { job, result: error.map_or_else(|| Ok(read_capture(&get(v, "capture"))), Err) }
                }
                "transcript" => FromWorker::Transcript {
                    job,
                    id: num(v, "id") as usize,
                    result: error.map_or_else(|| Ok(read_transcript(&get(v, "transcript"))), Err),
                },
                _ => return None,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::capture::decode_text;

    const GREETING: &str = include_str!("../../tests/fixtures/capture/greeting_xxd.txt");

    #[test]
    fn a_byte_paste_crosses_as_its_transcript() {
        let d = decode_text(GREETING, Format::Auto).expect("decodes");
        let c = Capture::from_decoded(&d);
        let Capture::Bytes { len, ref format, ref transcript, .. } = c else { panic!("{c:?}") };
        assert_eq!((len, format.as_str()), (78, "hex"));
        assert_eq!(Some(transcript.as_ref().clone()), d.transcript(None));
        assert_eq!(c.transcript(Some(7)), Some(transcript), "a paste has one transcript, whatever the id");
        assert!(c.connections().is_empty() && c.default_id().is_none());
    }

    #[test]
    fn a_capture_crosses_without_its_bytes_but_the_default_connections() {
        let pcap = std::fs::read("tests/e2e/fixtures/tls12_login.pcapng").expect("fixture");
        let d = crate::source::capture::decode(&pcap, Format::Auto).expect("decodes");
        let c = Capture::from_decoded(&d);
        let Decoded::Connections { connections, .. } = &d else { panic!() };
        assert_eq!(c.connections().len(), connections.len());
        let (info, core) = (&c.connections()[0], &connections[0]);
        assert_eq!(
            (info.id, info.packets, info.likely_mysql, &info.notes, &info.gaps),
            (core.id, core.packets, core.likely_mysql, &core.notes, &core.gaps)
        );
        assert_eq!((info.client.clone(), info.server.clone()), (core.client.to_string(), core.server.to_string()));
        assert_eq!(c.default_id(), d.default_connection().map(|c| c.id));
        // A small capture sends every transcript along.
        assert_eq!(c.transcript(None).map(|t| t.as_ref().clone()), d.transcript(None));
        assert_eq!(c.transcript(Some(99)), None);
    }

    #[test]
    fn a_large_capture_sends_only_the_default_transcript() {
        let big = Transcript::alternating(vec![1; ALL_TRANSCRIPTS_MAX], vec![2; 10], 1 << 16);
        let conn = |id, mysql, transcript: Transcript| crate::source::capture::Connection {
            id,
            client: "10.0.0.1:5000".parse().expect("addr"),
            server: "10.0.0.2:3306".parse().expect("addr"),
            first_packet: 1,
            packets: 3,
            transcript,
            gaps: Vec::new(),
            likely_mysql: mysql,
            notes: Vec::new(),
        };
        let d = Decoded::Connections {
            connections: vec![conn(0, false, big), conn(1, true, Transcript::alternating(vec![3], vec![4], 1))],
            link_type: "Ethernet (1)".into(),
            frames: 6,
            problems: Vec::new(),
        };
        let c = Capture::from_decoded(&d);
        assert_eq!(c.default_id(), Some(1));
        assert!(c.transcript(None).is_some() && c.transcript(Some(0)).is_none());
    }

    #[test]
    fn formats_by_name() {
        assert_eq!(format_named("pcapng"), Format::Pcapng);
        assert_eq!(format_named("nonsense"), Format::Auto);
    }
}
