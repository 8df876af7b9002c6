//! The messages between the page and the probe worker (plain serde types, tested natively).
//!
//! The live check runs in a Web Worker built as its own small wasm: rustls and its crypto are
//! then fetched on the first Probe click instead of with every page load, and the handshake
//! never blocks the UI. The page sends one [`Job`]; the worker answers `Ready` (so the job is
//! not posted before its handler exists), then `Step`s as they happen, then `Finished` with
//! each check's run, transcript included, from which the page builds the report.
//!
//! Messages cross as postcard bytes (a `Uint8Array`), the encoding the page already carries
//! for share links: reading plain JS objects would need serde_wasm_bindgen's deserializer in
//! the page, and with it the float printing of its error messages. Runs cross as
//! [`WireOutcome`], an externally tagged mirror of [`Outcome`]: the core's internally tagged
//! shape needs serde's buffering deserializer (~70 KB of wasm in the page), which postcard
//! cannot drive anyway.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::rules::probe::{self as summary, CheckRun};
use crate::source::probe::machine::{Check, LoginAnswer, Outcome, Stage};
use crate::vocab::{Direction, Transcript};
use crate::web::live::Step;
use crate::web::relay_proto::RelayUrls;

/// A message as the bytes posted to the other side.
pub fn encode<T: Serialize>(msg: &T) -> Vec<u8> {
    postcard::to_allocvec(msg).unwrap_or_default()
}

pub fn decode<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, String> {
    postcard::from_bytes(bytes).map_err(|e| e.to_string())
}

/// [`encode`] into a `Uint8Array` for `postMessage`.
#[cfg(target_arch = "wasm32")]
pub fn to_js<T: Serialize>(msg: &T) -> wasm_bindgen::JsValue {
    js_sys::Uint8Array::from(encode(msg).as_slice()).into()
}

/// A posted message back from its `Uint8Array`.
#[cfg(target_arch = "wasm32")]
pub fn from_js<T: serde::de::DeserializeOwned>(value: &wasm_bindgen::JsValue) -> Result<T, String> {
    use wasm_bindgen::JsCast;
    let bytes = value.dyn_ref::<js_sys::Uint8Array>().ok_or("not a byte array")?.to_vec();
    decode(&bytes)
}

/// What to probe: the page validated the form already. The worker plans the checks with
/// [`summary::plan`], as the page does for its progress rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    pub urls: RelayUrls,
    pub server_name: String,
    pub require_tls: bool,
    pub versions: bool,
}

impl Job {
    pub fn checks(&self) -> Vec<Check> {
        summary::plan(self.require_tls, self.versions)
    }
}

/// One message from the worker. `R` is [`RunOut`] when the worker writes it and [`RunIn`]
/// when the page reads it: the transcript crosses, but [`Transcript`] stays read-only.
#[derive(Debug, Serialize, Deserialize)]
pub enum FromWorker<R> {
    Ready,
    Step {
        index: usize,
        step: Step,
    },
    /// One run per check, in plan order (fewer when the first could not connect).
    Finished {
        runs: Vec<R>,
    },
    /// The job could not be read (a page/worker version mismatch).
    Failed {
        error: String,
    },
}

/// A run as the worker writes it.
#[derive(Debug, Serialize)]
pub struct RunOut<'a> {
    pub outcome: Result<WireOutcome, &'a str>,
    pub server_version: Option<&'a str>,
    pub transcript: Option<TranscriptOut<'a>>,
}

/// [`Transcript`]'s fields, written only for the trip to the page (same origin, same tab).
#[derive(Debug, Serialize)]
pub struct TranscriptOut<'a> {
    pub to_server: &'a [u8],
    pub to_client: &'a [u8],
    pub order: &'a [(Direction, Range<usize>)],
}

impl<'a> From<&'a CheckRun> for RunOut<'a> {
    fn from(r: &'a CheckRun) -> Self {
        RunOut {
            outcome: r.outcome.as_ref().map(WireOutcome::from).map_err(String::as_str),
            server_version: r.server_version.as_deref(),
            transcript: r.transcript.as_ref().map(|t| TranscriptOut {
                to_server: &t.to_server,
                to_client: &t.to_client,
                order: &t.order,
            }),
        }
    }
}

/// A run as the page reads it.
#[derive(Debug, Deserialize)]
pub struct RunIn {
    pub outcome: Result<WireOutcome, String>,
    pub server_version: Option<String>,
    pub transcript: Option<Transcript>,
}

impl RunIn {
    pub fn into_run(self, check: Check) -> CheckRun {
        CheckRun {
            check,
            outcome: self.outcome.map(Outcome::from),
            server_version: self.server_version,
            transcript: self.transcript,
        }
    }
}

/// [`Outcome`], variant for variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WireOutcome {
    Tls { version: String, suite: String, chain: Vec<Vec<u8>>, sni: Option<String> },
    TlsFailed { error: String, chain: Vec<Vec<u8>> },
    NoTls { server_version: String },
    RefusedBeforeGreeting { code: u16, message: String },
    Login(WireLogin),
    Legacy { version: u16, accepted: bool, alert: Option<u8> },
    Closed { stage: Stage },
    NotMysql { detail: String },
}

/// [`LoginAnswer`], variant for variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WireLogin {
    Err { code: u16, sqlstate: Option<String>, message: String },
    AuthSwitch { plugin: Option<String> },
    Ok,
    Other { first_byte: u8 },
}

impl From<&Outcome> for WireOutcome {
    fn from(o: &Outcome) -> Self {
        match o.clone() {
            Outcome::Tls { version, suite, chain, sni } => WireOutcome::Tls { version, suite, chain, sni },
            Outcome::TlsFailed { error, chain } => WireOutcome::TlsFailed { error, chain },
            Outcome::NoTls { server_version } => WireOutcome::NoTls { server_version },
            Outcome::RefusedBeforeGreeting { code, message } => WireOutcome::RefusedBeforeGreeting { code, message },
            Outcome::Login(a) => WireOutcome::Login(match a {
                LoginAnswer::Err { code, sqlstate, message } => WireLogin::Err { code, sqlstate, message },
                LoginAnswer::AuthSwitch { plugin } => WireLogin::AuthSwitch { plugin },
                LoginAnswer::Ok => WireLogin::Ok,
                LoginAnswer::Other { first_byte } => WireLogin::Other { first_byte },
            }),
            Outcome::Legacy { version, accepted, alert } => WireOutcome::Legacy { version, accepted, alert },
            Outcome::Closed { stage } => WireOutcome::Closed { stage },
            Outcome::NotMysql { detail } => WireOutcome::NotMysql { detail },
        }
    }
}

impl From<WireOutcome> for Outcome {
    fn from(o: WireOutcome) -> Self {
        match o {
            WireOutcome::Tls { version, suite, chain, sni } => Outcome::Tls { version, suite, chain, sni },
            WireOutcome::TlsFailed { error, chain } => Outcome::TlsFailed { error, chain },
            WireOutcome::NoTls { server_version } => Outcome::NoTls { server_version },
            WireOutcome::RefusedBeforeGreeting { code, message } => Outcome::RefusedBeforeGreeting { code, message },
            WireOutcome::Login(a) => Outcome::Login(match a {
                WireLogin::Err { code, sqlstate, message } => LoginAnswer::Err { code, sqlstate, message },
                WireLogin::AuthSwitch { plugin } => LoginAnswer::AuthSwitch { plugin },
                WireLogin::Ok => LoginAnswer::Ok,
                WireLogin::Other { first_byte } => LoginAnswer::Other { first_byte },
            }),
            WireOutcome::Legacy { version, accepted, alert } => Outcome::Legacy { version, accepted, alert },
            WireOutcome::Closed { stage } => Outcome::Closed { stage },
            WireOutcome::NotMysql { detail } => Outcome::NotMysql { detail },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::probe::machine::OfferKind;

    #[test]
    fn runs_cross_to_the_page_with_their_outcomes_and_transcripts() {
        let transcript = Transcript {
            to_server: vec![1, 2],
            to_client: vec![3, 4, 5],
            order: vec![(Direction::ServerToClient, 0..3), (Direction::ClientToServer, 0..2)],
        };
        let run = |check, outcome| CheckRun { check, outcome, server_version: None, transcript: None };
        let runs = [
            CheckRun {
                check: Check::Tls(OfferKind::Both),
                outcome: Ok(Outcome::Tls {
                    version: "TLS 1.3".into(),
                    suite: "S".into(),
                    chain: vec![vec![0x30, 1]],
                    sni: None,
                }),
                server_version: Some("8.0.40".into()),
                transcript: Some(transcript),
            },
            run(
                Check::RequireTls,
                Ok(Outcome::Login(LoginAnswer::Err {
                    code: 1045,
                    sqlstate: Some("28000".into()),
                    message: "no".into(),
                })),
            ),
            run(Check::RequireTls, Ok(Outcome::Login(LoginAnswer::AuthSwitch { plugin: None }))),
            run(Check::RequireTls, Ok(Outcome::Login(LoginAnswer::Ok))),
            run(Check::RequireTls, Ok(Outcome::Login(LoginAnswer::Other { first_byte: 3 }))),
            run(Check::Tls(OfferKind::Tls12Only), Ok(Outcome::TlsFailed { error: "e".into(), chain: Vec::new() })),
            run(Check::Tls(OfferKind::Both), Ok(Outcome::NoTls { server_version: "v".into() })),
            run(Check::Tls(OfferKind::Both), Ok(Outcome::RefusedBeforeGreeting { code: 1130, message: "m".into() })),
            run(Check::Legacy(0x0301), Ok(Outcome::Legacy { version: 0x0301, accepted: false, alert: Some(70) })),
            run(Check::Tls(OfferKind::Both), Ok(Outcome::Closed { stage: Stage::TlsHandshake })),
            run(Check::Tls(OfferKind::Both), Ok(Outcome::NotMysql { detail: "d".into() })),
            run(Check::Legacy(0x0302), Err("the relay refused".into())),
        ];
        let bytes = encode(&FromWorker::Finished { runs: runs.iter().map(RunOut::from).collect() });
        let Ok(FromWorker::<RunIn>::Finished { runs: back }) = decode(&bytes) else { panic!("{bytes:?}") };
        let back: Vec<CheckRun> = back.into_iter().zip(&runs).map(|(b, r)| b.into_run(r.check)).collect();
        assert_eq!(back.len(), runs.len());
        for (a, b) in back.iter().zip(&runs) {
            assert_eq!(
                (a.check, &a.outcome, &a.server_version, &a.transcript),
                (b.check, &b.outcome, &b.server_version, &b.transcript)
            );
        }
    }

    #[test]
    fn steps_and_jobs_round_trip() {
        let job = Job {
            urls: crate::web::relay_proto::urls("http://r", "db", 3306).expect("urls"),
            server_name: "db".into(),
            require_tls: true,
            versions: false,
        };
        assert_eq!(decode::<Job>(&encode(&job)), Ok(job.clone()));
        assert_eq!(job.checks(), summary::plan(true, false));
        let step = FromWorker::<RunOut>::Step { index: 2, step: Step::Done { words: "ok".into(), ok: true } };
        assert!(matches!(
            decode::<FromWorker<RunIn>>(&encode(&step)),
            Ok(FromWorker::Step { index: 2, step: Step::Done { ok: true, .. } })
        ));
        assert!(matches!(decode::<FromWorker<RunIn>>(&encode(&FromWorker::<RunOut>::Ready)), Ok(FromWorker::Ready)));
        assert!(decode::<FromWorker<RunIn>>(&[9, 9, 9]).is_err());
    }
}
