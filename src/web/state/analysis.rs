//! One analysis of the page's state, as a value: what [`State::analysis_request`] asks and
//! [`AnalysisRequest::run`] answers with the core's [`Report`].
//!
//! The page does not run the analysis: certificate parsing and verification, the rules, the
//! error-message tables and the settings reader would make up most of its wasm (and its first
//! load). The request travels to the core worker (`web::worker::capture`, the capture worker's
//! wasm, which has that code anyway), which runs it and answers with the report as the CLI's
//! JSON; the page reads that back into a [`Report`] for its views. Natively (the reducer's
//! tests, the CLI's equivalence tests) `run` is called directly: the same code either way.
//!
//! ```text
//!  page: State ──analysis_request()──► AnalysisRequest ──postcard──► core worker
//!                                                                      run(&mut BundleCache)
//!  page: Report ◄──serde_wasm_bindgen── report as JSON-shaped JS value ◄┘
//! ```
//!
//! A request is complete: the inputs, the selected connection's transcript, the client
//! versions, and the capture's outcomes or the live check's runs. The worker keeps only the
//! last CA bundle it read (the [`BundleCache`]), so typing in another field does not read the
//! 121 certificates of the RDS bundle again.
//!
//! [`State::analysis_request`]: super::State::analysis_request

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use super::bundle_cache::BundleCache;
use super::transcript::{SharedTranscript, TranscriptOut};
use crate::report::connections::ConnectionOutcome;
use crate::report::Report;
use crate::rules::probe::CheckRun;
use crate::rules::versions::ClientVersions;
use crate::source::inputs::Inputs;

/// One analysis to run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalysisRequest {
    /// The state's revision: the answer is shown only while it is current.
    pub revision: u64,
    /// The check time, Unix seconds.
    pub now: i64,
    /// The pasted inputs (`Inputs.capture` is never serialized: it is `transcript`).
    pub inputs: Inputs,
    /// The selected connection's transcript (a capture, a link's capture).
    pub transcript: Option<SharedTranscript>,
    pub versions: ClientVersions,
    pub evidence: Evidence,
}

/// What beside the pasted inputs the report is about.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub enum Evidence {
    /// Only the pasted inputs (and a transcript without connections: a byte paste, a link).
    Pasted,
    /// A finished live check: its runs replace the chain and the capture.
    Live { target: String, host: String, runs: Vec<CheckRun> },
    /// A decoded capture: every connection's outcome, and the one the report is about.
    Capture { outcomes: Vec<ConnectionOutcome>, selected: Option<usize> },
}

impl AnalysisRequest {
    /// The report, reading the CA bundle through `cache`. The same calls as the CLI makes for
    /// the same inputs (`check`, `probe`, `check --capture`).
    pub fn run(self, cache: &mut BundleCache) -> Report {
        let AnalysisRequest { now, mut inputs, transcript, versions, evidence, .. } = self;
        inputs.capture = transcript.map(|t| std::rc::Rc::unwrap_or_clone(t.0));
        match evidence {
            Evidence::Live { target, host, runs } => crate::rules::probe::report(&target, &host, &runs, inputs, now),
            Evidence::Capture { outcomes, selected } => {
                crate::rules::outcome::report_with_outcomes(outcomes, selected, &inputs, now)
            }
            Evidence::Pasted => {
                let bundle = cache.read(&inputs.ca_bundle);
                crate::rules::analyze_read(&inputs, &bundle, &versions, now)
            }
        }
    }
}

/// Written by hand for the trip to the worker only: a [`CheckRun`] is `Deserialize` only (its
/// transcript holds the check's made-up login, and no report or link may write it). Postcard
/// writes fields in order without names, so [`RunOut`] reads back as a `CheckRun`.
impl Serialize for Evidence {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        enum Out<'a> {
            Pasted,
            Live { target: &'a str, host: &'a str, runs: Vec<RunOut<'a>> },
            Capture { outcomes: &'a [ConnectionOutcome], selected: Option<usize> },
        }
        match self {
            Evidence::Pasted => Out::Pasted,
            Evidence::Live { target, host, runs } => {
                Out::Live { target, host, runs: runs.iter().map(RunOut).collect() }
            }
            Evidence::Capture { outcomes, selected } => Out::Capture { outcomes, selected: *selected },
        }
        .serialize(s)
    }
}

/// A [`CheckRun`] written for a worker message (as [`TranscriptOut`] is for a transcript).
struct RunOut<'a>(&'a CheckRun);

impl Serialize for RunOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("CheckRun", 4)?;
        st.serialize_field("check", &self.0.check)?;
        st.serialize_field("outcome", &self.0.outcome)?;
        st.serialize_field("server_version", &self.0.server_version)?;
        st.serialize_field("transcript", &self.0.transcript.as_ref().map(TranscriptOut))?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::probe::CheckRun;
    use crate::source::probe::machine::{Check, OfferKind, Outcome};
    use crate::vocab::{Direction, Transcript};
    use crate::web::worker::protocol::{decode, encode};

    fn request(evidence: Evidence) -> AnalysisRequest {
        AnalysisRequest {
            revision: 7,
            now: 1_700_000_000,
            inputs: Inputs {
                chain: "-----BEGIN CERTIFICATE-----".into(),
                hosts: vec!["db.example".into()],
                error_message: "x509: certificate signed by unknown authority".into(),
                settings: "mysql -h db.example --ssl-mode=VERIFY_IDENTITY".into(),
                warn_days: Some(30),
                ..Inputs::default()
            },
            transcript: Some(SharedTranscript(std::rc::Rc::new(Transcript::from_parts(&[
                (Direction::ServerToClient, vec![1, 2, 3]),
                (Direction::ClientToServer, vec![4]),
            ])))),
            versions: ClientVersions::default(),
            evidence,
        }
    }

    /// The page reads each report back from the JSON the worker writes: every field must come
    /// back as it was written (but the decoded conversation and the connections, which the
    /// page does not read).
    fn reads_back(report: &Report) {
        let mut written = serde_json::to_value(report).expect("json");
        let read: Report = serde_json::from_value(written.clone()).expect("reads back");
        let fields = written.as_object_mut().expect("an object");
        fields.remove("conversation");
        fields.remove("connections");
        assert_eq!(serde_json::to_value(&read).expect("json"), written);
    }

    #[test]
    fn every_kind_of_report_reads_back_from_its_json() {
        use crate::source::builtin::RDS_GLOBAL_PEM;
        use crate::web::state::{examples, reduce, Action, Field, State};
        let now = 1_764_720_000; // 2025-12-03
        let mut cache = BundleCache::default();
        for ex in examples::ALL {
            let s = reduce(State::new("2025-12-03".into()), Action::LoadExample(ex));
            let s = reduce(
                s,
                Action::Edit(
                    Field::ErrorMessage,
                    "ERROR 2026 (HY000): SSL connection error: error:0A000086:SSL routines::certificate verify failed"
                        .into(),
                ),
            );
            let s = reduce(s, Action::Edit(Field::Settings, "mysql -h mydb.abc123xyz.us-east-1.rds.amazonaws.com --ssl-mode=VERIFY_IDENTITY --ssl-ca=global-bundle.pem".into()));
            reads_back(&s.analysis_request(now).run(&mut cache));
            let s = reduce(s, Action::Edit(Field::CaBundle, RDS_GLOBAL_PEM.to_owned()));
            reads_back(&s.analysis_request(now).run(&mut cache));
        }
        // A capture: every connection's outcome, the default one's conversation.
        let pcap = std::fs::read("tests/e2e/fixtures/tls12_login.pcapng").expect("fixture");
        let decoded = crate::source::capture::decode(&pcap, crate::source::capture::Format::Auto).expect("decodes");
        let outcomes = crate::rules::outcome::outcomes(&decoded, Some(now));
        let selected = crate::report::connections::most_telling(&outcomes);
        let mut capture = request(Evidence::Capture { outcomes, selected });
        capture.transcript = decoded.transcript(selected).map(|t| SharedTranscript(std::rc::Rc::new(t)));
        let report = capture.run(&mut cache);
        assert!(report.conversation.is_some() && !report.connections.is_empty());
        reads_back(&report);
        // A live check of a server without TLS.
        let run = CheckRun {
            check: Check::Tls(OfferKind::Both),
            outcome: Ok(Outcome::NoTls { server_version: "8.0.36".into() }),
            server_version: Some("8.0.36".into()),
            transcript: None,
        };
        let live = request(Evidence::Live { target: "db:3306".into(), host: "db".into(), runs: vec![run] });
        let report = live.run(&mut cache);
        assert!(report.probe.is_some());
        reads_back(&report);
    }

    #[test]
    fn every_request_reads_back_as_itself() {
        let run = CheckRun {
            check: Check::Tls(OfferKind::Both),
            outcome: Ok(Outcome::NoTls { server_version: "8.0.36".into() }),
            server_version: Some("8.0.36".into()),
            transcript: Some(Transcript::from_parts(&[(Direction::ServerToClient, vec![9])])),
        };
        let failed = CheckRun { outcome: Err("the relay refused".into()), transcript: None, ..run.clone() };
        for evidence in [
            Evidence::Pasted,
            Evidence::Live { target: "db:3306".into(), host: "db".into(), runs: vec![run, failed] },
            Evidence::Capture { outcomes: Vec::new(), selected: Some(3) },
        ] {
            let sent = request(evidence);
            assert_eq!(decode::<AnalysisRequest>(&encode(&sent)), Ok(sent));
        }
    }
}
