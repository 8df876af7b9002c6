//! What the page keeps of a decoded capture: the connections without their bytes, problems
//! in words, and the transcripts that came with the result. The capture worker builds it with
//! [`Capture::from_decoded`] and sends it to the page (see `web::worker::capture`).

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::report::connections::{groups, most_telling, ConnectionOutcome, OutcomeGroup, LIST_MAX};
use crate::source::capture::{Decoded, Format};
use crate::vocab::{Direction, Transcript};
use crate::web::state::transcript::SharedTranscript;

/// When a capture's transcripts add up to at most this many bytes, all cross with the result.
pub const ALL_TRANSCRIPTS_MAX: usize = 1 << 20;

/// How far a decode has got (the core's `capture::Progress`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionInfo {
    pub id: usize,
    pub client: String,
    pub server: String,
    pub first_packet: usize,
    pub packets: usize,
    pub likely_mysql: bool,
    pub notes: Vec<String>,
    pub gaps: Vec<(Direction, u64)>,
    /// What happened in it (the core's `rules::outcome`, computed in the worker).
    pub outcome: ConnectionOutcome,
}

/// A decoded capture as the page holds it (the core's `Decoded`, problems in words).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Capture {
    Connections {
        connections: Vec<ConnectionInfo>,
        link_type: String,
        frames: usize,
        problems: Vec<String>,
        /// The connection shown by default: the most telling one (a failure over a success
        /// over a refusal).
        default_id: Option<usize>,
        /// The transcripts that came with the result: the default one's, or all.
        transcripts: Vec<(usize, SharedTranscript)>,
        /// Above `LIST_MAX` connections, the summary's groups (made in the worker: the
        /// grouping code stays out of the page).
        groups: Vec<OutcomeGroup>,
    },
    /// A one-direction paste, placed on the side that sent it.
    Bytes { len: usize, format: String, problems: Vec<String>, transcript: SharedTranscript },
}

impl Capture {
    /// What the worker sends for `d`, every connection's outcome computed as of `now`.
    pub fn from_decoded(d: &Decoded, now: Option<i64>) -> Capture {
        let problems = d.problems().iter().map(ToString::to_string).collect();
        match d {
            Decoded::Connections { connections, link_type, frames, .. } => {
                let outcomes = crate::rules::outcome::outcomes(d, now);
                let default_id = most_telling(&outcomes);
                let groups = if outcomes.len() > LIST_MAX { groups(&outcomes) } else { Vec::new() };
                let total: usize =
                    connections.iter().map(|c| c.transcript.to_server.len() + c.transcript.to_client.len()).sum();
                let transcripts = connections
                    .iter()
                    .filter(|c| total <= ALL_TRANSCRIPTS_MAX || Some(c.id) == default_id)
                    .map(|c| (c.id, SharedTranscript(Rc::new(c.transcript.clone()))))
                    .collect();
                Capture::Connections {
                    connections: connections
                        .iter()
                        .zip(outcomes)
                        .map(|(c, outcome)| ConnectionInfo {
                            id: c.id,
                            client: c.client.to_string(),
                            server: c.server.to_string(),
                            first_packet: c.first_packet,
                            packets: c.packets,
                            likely_mysql: c.likely_mysql,
                            notes: c.notes.clone(),
                            gaps: c.gaps.clone(),
                            outcome,
                        })
                        .collect(),
                    link_type: link_type.clone(),
                    frames: *frames,
                    problems,
                    default_id,
                    transcripts,
                    groups,
                }
            }
            Decoded::Bytes { bytes, format, .. } => Capture::Bytes {
                len: bytes.len(),
                format: format.to_string(),
                problems,
                transcript: SharedTranscript(Rc::new(d.transcript(None).unwrap_or_default())),
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

    /// The summary's groups (none up to `LIST_MAX` connections: they are listed one by one).
    pub fn groups(&self) -> &[OutcomeGroup] {
        match self {
            Capture::Connections { groups, .. } => groups,
            Capture::Bytes { .. } => &[],
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
                transcripts.iter().find(|(i, _)| *i == id).map(|(_, t)| &t.0)
            }
            Capture::Bytes { transcript, .. } => Some(&transcript.0),
        }
    }
}

/// A format by its name (`Format::name`), `Auto` when unknown.
pub fn format_named(name: &str) -> Format {
    Format::ALL.into_iter().find(|f| f.name() == name).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::capture::decode_text;

    const GREETING: &str = include_str!("../../../tests/fixtures/capture/greeting_xxd.txt");

    #[test]
    fn a_byte_paste_crosses_as_its_transcript() {
        let d = decode_text(GREETING, Format::Auto).expect("decodes");
        let c = Capture::from_decoded(&d, None);
        let Capture::Bytes { len, ref format, ref transcript, .. } = c else { panic!("{c:?}") };
        assert_eq!((len, format.as_str()), (78, "hex"));
        assert_eq!(Some(transcript.0.as_ref().clone()), d.transcript(None));
        assert_eq!(c.transcript(Some(7)), Some(&transcript.0), "a paste has one transcript, whatever the id");
        assert!(c.connections().is_empty() && c.default_id().is_none());
    }

    #[test]
    fn a_capture_crosses_without_its_bytes_but_the_default_connections() {
        let pcap = std::fs::read("tests/e2e/fixtures/tls12_login.pcapng").expect("fixture");
        let d = crate::source::capture::decode(&pcap, Format::Auto).expect("decodes");
        let c = Capture::from_decoded(&d, None);
        let Decoded::Connections { connections, .. } = &d else { panic!() };
        assert_eq!(c.connections().len(), connections.len());
        let (info, core) = (&c.connections()[0], &connections[0]);
        assert_eq!(
            (info.id, info.packets, info.likely_mysql, &info.notes, &info.gaps),
            (core.id, core.packets, core.likely_mysql, &core.notes, &core.gaps)
        );
        assert_eq!((info.client.clone(), info.server.clone()), (core.client.to_string(), core.server.to_string()));
        assert_eq!(c.default_id(), Some(0));
        assert_eq!(
            (info.outcome.outcome.id(), info.outcome.tls_version.as_deref()),
            ("tls-established", Some("TLS 1.2"))
        );
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
            tcp: Default::default(),
        };
        let d = Decoded::Connections {
            connections: vec![conn(0, false, big), conn(1, true, Transcript::alternating(vec![3], vec![4], 1))],
            link_type: "Ethernet (1)".into(),
            frames: 6,
            problems: Vec::new(),
        };
        let c = Capture::from_decoded(&d, None);
        assert_eq!(c.default_id(), Some(1));
        assert!(c.transcript(None).is_some() && c.transcript(Some(0)).is_none());
    }

    #[test]
    fn formats_by_name() {
        assert_eq!(format_named("pcapng"), Format::Pcapng);
        assert_eq!(format_named("nonsense"), Format::Auto);
    }
}
