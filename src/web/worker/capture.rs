//! The capture worker's messages. The same wasm is the page's core worker: a second instance
//! runs the page's analyses (`Analyze`, see [`crate::web::state::analysis`]).
//!
//! Reading a capture file — pcap/pcapng framing, text dumps, link/IP/TCP, reassembly: the
//! [`crate::source::capture`] module and pcap-parser — runs in a Web Worker built as its own
//! small wasm (`mysql-tls-doctor-capture`), as the live probe does. The page then loads none of
//! that code until the first capture, and a 50 MB file is read and decoded off the page's
//! thread. The page keeps the conversation decoder: the capture view needs it.
//!
//! ```text
//!  page                                   capture worker
//!   ── Decode {job, format, text} + File ─►  Decoder, 1 MiB at a time   (the File is a handle:
//!   ◄─ Progress {job, progress}          ─   keeps the Decoded of the    the worker reads it)
//!   ◄─ Done {job, Capture | error}       ─   last job
//!   ── Transcript {job, id}              ─►  one more connection's transcript
//!   ◄─ Transcript {job, id, transcript}  ─
//!   ── Cancel {job}                      ─►  a replaced decode stops at its next chunk
//!   ── Analyze(AnalysisRequest)          ─►  the report (the CA bundle read once per text)
//!   ◄─ Analyzed {revision} + report      ─   (the report: the CLI's JSON as a JS value)
//! ```
//!
//! A [`Capture`] lists the connections without their bytes, and carries the default
//! connection's transcript (all of them when they are small); the page asks for another when
//! the user picks it. The messages travel like the probe worker's ([`super::protocol`]).

use serde::{Deserialize, Serialize};

use crate::web::state::analysis::AnalysisRequest;
use crate::web::state::capture_model::{Capture, Progress};
use crate::web::state::transcript::SharedTranscript;

/// Page → worker. A `Decode` of a file has the `File` attached ([`super::protocol`]); one
/// without a file decodes `text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ToWorker {
    Decode {
        job: u64,
        format: String,
        text: String,
    },
    Transcript {
        job: u64,
        id: usize,
    },
    Cancel {
        job: u64,
    },
    /// The analysis of the page's state (see [`crate::web::state::analysis`]). Boxed: the
    /// other messages are small.
    Analyze(Box<AnalysisRequest>),
}

/// Worker → page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FromWorker {
    Progress {
        job: u64,
        progress: Progress,
    },
    Done {
        job: u64,
        result: Result<Capture, String>,
    },
    Transcript {
        job: u64,
        id: usize,
        result: Result<SharedTranscript, String>,
    },
    /// The report of request `revision`: posted with the report beside it, as the JSON-shaped
    /// value of the CLI's `--json` (`Err`: it could not be written).
    Analyzed {
        revision: u64,
        result: Result<(), String>,
    },
}

/// The capture worker as [`super::host::WorkerHost`] and [`super::protocol::serve`] see it.
pub struct CaptureProtocol;

impl super::protocol::Protocol for CaptureProtocol {
    type ToWorker = ToWorker;
    type FromWorker = FromWorker;
    const NAME: &'static str = "capture";
    const URL: &'static str = "./mysql-tls-doctor-capture_loader.js";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::capture::{decode_text, Format};
    use crate::web::worker::protocol::{decode, encode, Envelope};

    const GREETING: &str = include_str!("../../../tests/fixtures/capture/greeting_xxd.txt");

    #[test]
    fn every_message_round_trips() {
        let capture = Capture::from_decoded(&decode_text(GREETING, Format::Auto).expect("decodes"), None);
        let pcap = std::fs::read("tests/e2e/fixtures/tls12_login.pcapng").expect("fixture");
        let connections =
            Capture::from_decoded(&crate::source::capture::decode(&pcap, Format::Auto).expect("decodes"), None);
        let transcript = capture.transcript(None).cloned().map(SharedTranscript).expect("a transcript");
        let from = [
            FromWorker::Progress { job: 3, progress: Progress { bytes: 1 << 20, frames: 9, connections: 2 } },
            FromWorker::Done { job: 3, result: Ok(capture) },
            FromWorker::Done { job: 4, result: Ok(connections) },
            FromWorker::Done { job: 5, result: Err("no".into()) },
            FromWorker::Transcript { job: 4, id: 1, result: Ok(transcript) },
            FromWorker::Analyzed { revision: 9, result: Ok(()) },
        ];
        for msg in from {
            let sent = Envelope::Message(&msg);
            assert_eq!(decode::<Envelope<FromWorker>>(&encode(&sent)), Ok(Envelope::Message(msg)));
        }
        for msg in [Envelope::Ready, Envelope::Failed("gone".into())] {
            assert_eq!(decode::<Envelope<FromWorker>>(&encode(&msg)), Ok(msg));
        }
        let to = [
            ToWorker::Decode { job: 1, format: "auto".into(), text: "00 01".into() },
            ToWorker::Transcript { job: 1, id: 7 },
            ToWorker::Cancel { job: 1 },
            ToWorker::Analyze(Box::new(crate::web::state::State::new("2026-12-03".into()).analysis_request(0))),
        ];
        for msg in to {
            assert_eq!(decode::<ToWorker>(&encode(&msg)), Ok(msg));
        }
    }
}
