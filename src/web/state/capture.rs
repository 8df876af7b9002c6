//! The capture input's part of the app state, and its reducer.
//!
//! Decoding a capture (pcap framing, TCP reassembly) happens once per content, in the capture
//! worker: when the text, the file or the format changes, [`CaptureState::job`] moves on and
//! the decoding hook (`web::hooks::capture_decode`) sends that job to the worker. Results of an older job
//! are ignored, so a slow decode of a file the user already replaced can never overwrite the
//! new one. Other inputs changing never decodes again: the analysis takes the selected
//! connection's transcript from [`CaptureState::transcript`]. A capture's result carries the
//! default connection's transcript; picking another asks the worker for its transcript
//! ([`CaptureState::wanted`]), and the analysis waits for it.
//!
//! Plain Rust (no browser), unit-tested natively like the reducer.

use std::rc::Rc;

use super::capture_model::{Capture, ConnectionInfo, Progress};
use crate::source::capture::Format;
use crate::vocab::Transcript;

/// Where the capture came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    None,
    /// The textarea (hex dump, base64 …).
    Text,
    /// A chosen or dropped file; its bytes stay in the browser's `File`.
    File {
        name: String,
        size: u64,
    },
    /// A share link: the handshake messages it carried.
    Link,
}

/// What was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaptureData {
    /// What the capture worker decoded.
    Decoded(Capture),
    /// A capture from a share link: already one connection's transcript.
    Shared(Rc<Transcript>),
}

#[derive(Debug, Clone)]
pub enum Status {
    Idle,
    /// Text edited or format changed; decoding starts after a short pause.
    Pending,
    Decoding {
        progress: Progress,
        total: u64,
    },
    // Rc: a 50 MB capture's transcripts are not cloned with every state change.
    Ready(Rc<CaptureData>),
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct CaptureState {
    // Rc<str>: a pasted dump can be megabytes, and the state is cloned on every keystroke.
    pub text: Rc<str>,
    pub format: Format,
    pub source: Source,
    pub status: Status,
    /// The chosen connection's id (`None`: the default one).
    pub connection: Option<usize>,
    /// Bumped whenever what must be decoded changes; see the module docs.
    pub job: u64,
    /// A connection's transcript asked of the worker after the decode (the last one only).
    pub fetched: Option<(usize, Rc<Transcript>)>,
}

#[derive(Debug, Clone)]
pub enum CaptureAction {
    EditText(String),
    SetFormat(Format),
    /// A file was chosen or dropped; the decoding hook reads it for the new job.
    FileChosen {
        name: String,
        size: u64,
    },
    Progress {
        job: u64,
        progress: Progress,
    },
    Done {
        job: u64,
        result: Result<Rc<CaptureData>, String>,
    },
    SelectConnection(usize),
    /// The worker's answer to [`CaptureState::wanted`].
    Transcript {
        job: u64,
        id: usize,
        result: Result<Transcript, String>,
    },
    Clear,
    /// A share link's capture.
    Restore(Transcript),
}

impl Default for CaptureState {
    fn default() -> Self {
        CaptureState {
            text: Rc::from(""),
            format: Format::Auto,
            source: Source::None,
            status: Status::Idle,
            connection: None,
            job: 0,
            fetched: None,
        }
    }
}

impl CaptureState {
    /// Applies `action`; true when the analysis' input (the selected transcript) may have
    /// changed, so the app bumps its revision.
    pub fn apply(&mut self, action: CaptureAction) -> bool {
        match action {
            CaptureAction::EditText(text) => {
                self.source = if text.trim().is_empty() { Source::None } else { Source::Text };
                self.text = Rc::from(text);
                self.restart();
            }
            CaptureAction::SetFormat(format) => {
                self.format = format;
                // A link's capture is already decoded: the format does not apply to it.
                if self.source == Source::Link {
                    return false;
                }
                self.restart();
            }
            CaptureAction::FileChosen { name, size } => {
                self.text = Rc::from("");
                self.source = Source::File { name, size };
                self.restart();
                self.status = Status::Decoding { progress: Progress::default(), total: size };
            }
            CaptureAction::Progress { job, progress } => {
                if let (true, Status::Decoding { total, .. }) = (job == self.job, &self.status) {
                    self.status = Status::Decoding { progress, total: *total };
                }
                return false;
            }
            CaptureAction::Done { job, result } => {
                if job != self.job {
                    return false;
                }
                self.status = match result {
                    Ok(data) => Status::Ready(data),
                    Err(e) => Status::Failed(e),
                };
            }
            CaptureAction::SelectConnection(id) => self.connection = Some(id),
            CaptureAction::Transcript { job, id, result } => {
                if job != self.job || self.data().is_none() {
                    return false;
                }
                match result {
                    Ok(t) => self.fetched = Some((id, Rc::new(t))),
                    Err(e) => self.status = Status::Failed(e),
                }
                // An answer for a connection the user has already left changes no input.
                return self.connection_id() == Some(id) || self.data().is_none();
            }
            CaptureAction::Clear => {
                *self = CaptureState { format: self.format, job: self.job + 1, ..CaptureState::default() }
            }
            CaptureAction::Restore(t) => {
                *self = CaptureState { format: self.format, job: self.job + 1, ..CaptureState::default() };
                if !t.order.is_empty() {
                    self.source = Source::Link;
                    self.status = Status::Ready(Rc::new(CaptureData::Shared(Rc::new(t))));
                }
            }
        }
        true
    }

    fn restart(&mut self) {
        self.job += 1;
        self.connection = None;
        self.fetched = None;
        self.status = if self.source == Source::None { Status::Idle } else { Status::Pending };
    }

    /// Decoding is under way, or the chosen connection's transcript is on its way: the
    /// analysis waits for it rather than flash a result without it.
    pub fn busy(&self) -> bool {
        matches!(self.status, Status::Pending | Status::Decoding { .. }) || self.wanted().is_some()
    }

    /// The chosen connection's transcript must be asked of the worker: `(job, id)`.
    pub fn wanted(&self) -> Option<(u64, usize)> {
        let id = self.connection_id()?;
        let missing = self.data()?.connections().iter().any(|c| c.id == id) && self.selected_transcript().is_none();
        missing.then_some((self.job, id))
    }

    pub fn data(&self) -> Option<&Rc<CaptureData>> {
        match &self.status {
            Status::Ready(d) => Some(d),
            _ => None,
        }
    }

    /// The connection shown and analysed: the chosen one, else the default one.
    pub fn connection_id(&self) -> Option<usize> {
        self.connection.or_else(|| self.data().and_then(|d| d.default_id()))
    }

    /// The chosen connection's transcript, when the page has it.
    pub fn selected_transcript(&self) -> Option<Rc<Transcript>> {
        let data = self.data()?;
        let id = self.connection_id();
        data.transcript(id).or_else(|| self.fetched.as_ref().filter(|(f, _)| Some(*f) == id).map(|(_, t)| t.clone()))
    }

    /// The transcript for the analysis.
    pub fn transcript(&self) -> Option<Transcript> {
        self.selected_transcript().map(|t| t.as_ref().clone())
    }

    /// Every connection's outcome, when a decoded capture with connections is ready.
    pub fn outcomes(&self) -> Option<Vec<crate::report::connections::ConnectionOutcome>> {
        let list = self.data()?.connections();
        (!list.is_empty()).then(|| list.iter().map(|c| c.outcome.clone()).collect())
    }
}

// Not derived: the decoded data is compared by identity (comparing 50 MB would be absurd).
impl PartialEq for CaptureState {
    fn eq(&self, o: &Self) -> bool {
        let same_status = match (&self.status, &o.status) {
            (Status::Ready(a), Status::Ready(b)) => Rc::ptr_eq(a, b),
            (Status::Idle, Status::Idle) | (Status::Pending, Status::Pending) => true,
            (Status::Decoding { progress: a, total: x }, Status::Decoding { progress: b, total: y }) => {
                a == b && x == y
            }
            (Status::Failed(a), Status::Failed(b)) => a == b,
            _ => false,
        };
        let same_fetched = match (&self.fetched, &o.fetched) {
            (Some((a, x)), Some((b, y))) => a == b && Rc::ptr_eq(x, y),
            (None, None) => true,
            _ => false,
        };
        same_status
            && same_fetched
            && self.job == o.job
            && self.connection == o.connection
            && self.format == o.format
            && self.source == o.source
            && Rc::ptr_eq(&self.text, &o.text)
    }
}

impl CaptureData {
    /// The connections of a capture (none for a byte paste or a link's capture).
    pub fn connections(&self) -> &[ConnectionInfo] {
        match self {
            CaptureData::Decoded(c) => c.connections(),
            CaptureData::Shared(_) => &[],
        }
    }

    pub fn default_id(&self) -> Option<usize> {
        match self {
            CaptureData::Decoded(c) => c.default_id(),
            CaptureData::Shared(_) => None,
        }
    }

    /// Reading problems, in words (none for a link's capture).
    pub fn problems(&self) -> &[String] {
        match self {
            CaptureData::Decoded(c) => c.problems(),
            CaptureData::Shared(_) => &[],
        }
    }

    pub fn groups(&self) -> &[crate::report::connections::OutcomeGroup] {
        match self {
            CaptureData::Decoded(c) => c.groups(),
            CaptureData::Shared(_) => &[],
        }
    }

    /// Connection `id`'s transcript (the default one's for `None`) if it came with the data.
    pub fn transcript(&self, id: Option<usize>) -> Option<Rc<Transcript>> {
        match self {
            CaptureData::Decoded(c) => c.transcript(id).cloned(),
            CaptureData::Shared(t) => Some(t.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GREETING: &str = include_str!("../../../tests/fixtures/capture/greeting_xxd.txt");

    fn decoded(text: &str) -> Rc<CaptureData> {
        Rc::new(CaptureData::Decoded(Capture::from_decoded(
            &crate::source::capture::decode_text(text, Format::Auto).expect("decodes"),
            None,
        )))
    }

    #[test]
    fn ignores_results_of_a_replaced_job() {
        let mut c = CaptureState::default();
        c.apply(CaptureAction::FileChosen { name: "a.pcap".into(), size: 10 });
        let old = c.job;
        c.apply(CaptureAction::EditText(GREETING.into()));
        assert!(c.busy());
        assert!(!c.apply(CaptureAction::Progress { job: old, progress: Progress::default() }));
        assert!(!c.apply(CaptureAction::Done { job: old, result: Err("late".into()) }));
        assert!(matches!(c.status, Status::Pending));
        assert!(c.apply(CaptureAction::Done { job: c.job, result: Ok(decoded(GREETING)) }));
        assert!(!c.busy());
        // A byte paste is placed on the side that sent it: a greeting comes from the server.
        let t = c.transcript().expect("a transcript");
        assert!(t.to_server.is_empty() && !t.to_client.is_empty());
        assert_eq!(crate::decode::conversation::decode(&t).messages.first().map(|m| m.kind.label()), Some("Greeting"));
    }

    #[test]
    fn other_inputs_never_start_a_new_decode() {
        use crate::web::state::{reduce, Action, Field, State};
        let mut s = State::new("2026-11-28".into());
        s.capture.apply(CaptureAction::EditText(GREETING.into()));
        let job = s.capture.job;
        s.capture.apply(CaptureAction::Done { job, result: Ok(decoded(GREETING)) });
        let data = s.capture.data().cloned();
        let s = reduce(s, Action::Edit(Field::Hosts, "db.example.com".into()));
        let s = reduce(s, Action::SetAt("2030-01-01".into()));
        assert_eq!(s.capture.job, job);
        assert!(Rc::ptr_eq(s.capture.data().expect("kept"), data.as_ref().expect("decoded")));
        assert!(s.inputs().capture.is_some() && s.ready());
    }

    #[test]
    fn a_format_change_decodes_again_but_not_for_a_link_capture() {
        let mut c = CaptureState::default();
        c.apply(CaptureAction::EditText("00".into()));
        let job = c.job;
        assert!(c.apply(CaptureAction::SetFormat(Format::Hex)));
        assert_eq!(c.job, job + 1);
        let t = Transcript::alternating(vec![1], vec![2], 1);
        c.apply(CaptureAction::Restore(t.clone()));
        assert_eq!(c.source, Source::Link);
        assert!(!c.apply(CaptureAction::SetFormat(Format::Raw)));
        assert_eq!(c.transcript(), Some(t));
    }

    #[test]
    fn another_connection_is_fetched_and_the_analysis_waits_for_it() {
        let info = |id| ConnectionInfo {
            id,
            client: format!("10.0.0.1:{}", 5000 + id),
            server: "10.0.0.2:3306".into(),
            first_packet: 1,
            packets: 2,
            likely_mysql: true,
            notes: Vec::new(),
            gaps: Vec::new(),
            outcome: crate::report::connections::ConnectionOutcome {
                id,
                client: format!("10.0.0.1:{}", 5000 + id),
                server: "10.0.0.2:3306".into(),
                packets: 2,
                likely_mysql: true,
                outcome: crate::report::connections::Outcome::Incomplete,
                failed_by: None,
                cause: None,
                step: String::new(),
                server_version: None,
                tls_version: None,
            },
        };
        let first = Rc::new(Transcript::alternating(vec![1], vec![2], 1));
        let capture = Capture::Connections {
            connections: vec![info(0), info(1)],
            link_type: "Ethernet (1)".into(),
            frames: 4,
            problems: Vec::new(),
            default_id: Some(0),
            transcripts: vec![(0, crate::web::state::transcript::SharedTranscript(first.clone()))],
            groups: Vec::new(),
        };
        let mut c = CaptureState::default();
        c.apply(CaptureAction::FileChosen { name: "a.pcap".into(), size: 10 });
        let job = c.job;
        c.apply(CaptureAction::Done { job, result: Ok(Rc::new(CaptureData::Decoded(capture))) });
        assert_eq!((c.wanted(), c.busy()), (None, false));
        assert_eq!(c.selected_transcript(), Some(first.clone()));
        assert!(c.apply(CaptureAction::SelectConnection(1)));
        assert_eq!((c.wanted(), c.busy(), c.transcript()), (Some((job, 1)), true, None));
        let second = Transcript::alternating(vec![3], vec![4], 1);
        // An answer for an older job, or for a connection no longer chosen, changes nothing shown.
        assert!(!c.apply(CaptureAction::Transcript { job: job - 1, id: 1, result: Ok(second.clone()) }));
        assert!(!c.apply(CaptureAction::Transcript { job, id: 0, result: Ok(second.clone()) }));
        assert!(c.busy());
        assert!(c.apply(CaptureAction::Transcript { job, id: 1, result: Ok(second.clone()) }));
        assert_eq!((c.wanted(), c.transcript()), (None, Some(second)));
        // Back to the first: it came with the result, nothing to fetch.
        c.apply(CaptureAction::SelectConnection(0));
        assert_eq!((c.wanted(), c.selected_transcript()), (None, Some(first)));
        // A new decode forgets the fetched transcript.
        c.apply(CaptureAction::Clear);
        assert!(c.fetched.is_none());
    }

    #[test]
    fn clearing_empties_everything_but_the_format() {
        let mut c = CaptureState::default();
        c.apply(CaptureAction::SetFormat(Format::Base64));
        c.apply(CaptureAction::EditText("AAAA".into()));
        c.apply(CaptureAction::Clear);
        assert_eq!((c.source.clone(), c.format, c.transcript()), (Source::None, Format::Base64, None));
        assert!(!c.busy());
    }
}
