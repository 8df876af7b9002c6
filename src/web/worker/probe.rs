//! The probe worker's messages.
//!
//! The live check runs in a Web Worker built as its own small wasm: rustls and its crypto are
//! then fetched on the first Probe click instead of with every page load, and the handshake
//! never blocks the UI. The page sends one [`Job`]; the worker answers `Step`s as they happen,
//! then `Finished` with each check's run, transcript included, from which the page builds the
//! report with [`crate::rules::probe::report`], as the CLI does. The messages travel like the
//! capture worker's ([`super::protocol`]).

use serde::{Deserialize, Serialize};

use crate::rules::probe::CheckRun;
use crate::source::probe::machine::{Check, Outcome};
use crate::web::state::live::{Job, Step};
use crate::web::state::transcript::TranscriptOut;

/// One message from the worker. `R` is [`RunOut`] when the worker writes it and [`CheckRun`]
/// when the page reads it (the same bytes: a transcript is written only by [`TranscriptOut`]).
#[derive(Debug, Serialize, Deserialize)]
pub enum FromWorker<R = CheckRun> {
    Step {
        index: usize,
        step: Step,
    },
    /// One run per check, in plan order (fewer when the first could not connect).
    Finished {
        runs: Vec<R>,
    },
}

/// A [`CheckRun`] as the worker writes it, field for field.
#[derive(Debug, Serialize)]
pub struct RunOut<'a> {
    pub check: Check,
    pub outcome: &'a Result<Outcome, String>,
    pub server_version: &'a Option<String>,
    pub transcript: Option<TranscriptOut<'a>>,
}

impl<'a> From<&'a CheckRun> for RunOut<'a> {
    fn from(r: &'a CheckRun) -> Self {
        RunOut {
            check: r.check,
            outcome: &r.outcome,
            server_version: &r.server_version,
            transcript: r.transcript.as_ref().map(TranscriptOut),
        }
    }
}

/// The probe worker as [`super::host::WorkerHost`] and [`super::protocol::serve`] see it.
pub struct ProbeProtocol;

impl super::protocol::Protocol for ProbeProtocol {
    type ToWorker = Job;
    type FromWorker = FromWorker;
    const NAME: &'static str = "probe";
    const URL: &'static str = "./mysql-tls-doctor-probe_loader.js";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::tls::{AlertDescription, CipherSuite, ProtocolVersion};
    use crate::rules::probe as summary;
    use crate::source::probe::machine::{LoginAnswer, OfferKind, Stage, TlsError};
    use crate::vocab::{Direction, Transcript};
    use crate::web::worker::protocol::{decode, encode, Envelope};

    #[test]
    fn runs_cross_to_the_page_as_they_are() {
        let transcript = Transcript {
            to_server: vec![1, 2],
            to_client: vec![3, 4, 5],
            order: vec![(Direction::ServerToClient, 0..3), (Direction::ClientToServer, 0..2)],
        };
        let run = |check, outcome| CheckRun { check, outcome, server_version: None, transcript: None };
        let runs = vec![
            CheckRun {
                check: Check::Tls(OfferKind::Both),
                outcome: Ok(Outcome::Tls {
                    version: ProtocolVersion::TLS_1_3,
                    suite: CipherSuite::TLS_AES_256_GCM_SHA384,
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
            run(
                Check::Tls(OfferKind::Tls12Only),
                Ok(Outcome::TlsFailed {
                    error: TlsError::Alert(AlertDescription::PROTOCOL_VERSION),
                    chain: Vec::new(),
                }),
            ),
            run(
                Check::Tls(OfferKind::Tls13Only),
                Ok(Outcome::TlsFailed { error: TlsError::Closed, chain: Vec::new() }),
            ),
            run(
                Check::Tls(OfferKind::Both),
                Ok(Outcome::TlsFailed { error: TlsError::Other("e".into()), chain: Vec::new() }),
            ),
            run(Check::Tls(OfferKind::Both), Ok(Outcome::NoTls { server_version: "v".into() })),
            run(Check::Tls(OfferKind::Both), Ok(Outcome::RefusedBeforeGreeting { code: 1130, message: "m".into() })),
            run(
                Check::Legacy(ProtocolVersion::TLS_1_0),
                Ok(Outcome::Legacy {
                    version: ProtocolVersion::TLS_1_0,
                    accepted: false,
                    alert: Some(AlertDescription::PROTOCOL_VERSION),
                }),
            ),
            run(Check::Tls(OfferKind::Both), Ok(Outcome::Closed { stage: Stage::TlsHandshake })),
            run(Check::Tls(OfferKind::Both), Ok(Outcome::NotMysql { detail: "d".into() })),
            run(Check::Legacy(ProtocolVersion::TLS_1_1), Err("the relay refused".into())),
        ];
        let sent = FromWorker::Finished { runs: runs.iter().map(RunOut::from).collect() };
        match decode::<Envelope<FromWorker>>(&encode(&Envelope::Message(&sent))) {
            Ok(Envelope::Message(FromWorker::Finished { runs: back })) => assert_eq!(back, runs),
            other => panic!("{other:?}"),
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
            decode::<Envelope<FromWorker>>(&encode(&Envelope::Message(&step))),
            Ok(Envelope::Message(FromWorker::Step { index: 2, step: Step::Done { ok: true, .. } }))
        ));
        assert!(decode::<Envelope<FromWorker>>(&[9, 9, 9]).is_err());
    }
}
