//! The probe worker's side (wasm32, inside a dedicated Web Worker): takes one [`Job`], runs
//! its checks one after the other over [`relay_client`], and posts progress and the runs back
//! (see [`super::probe`] for why this is a worker).

use wasm_bindgen_futures::spawn_local;

use super::probe::{FromWorker, ProbeProtocol, RunOut};
use super::protocol::{reply, serve};
use crate::web::browser::relay_client;
use crate::web::state::live::Job;

/// The worker's entry point (its `main`).
pub fn start() {
    serve::<ProbeProtocol>(|job, _| spawn_local(run(job)));
}

async fn run(job: Job) {
    let mut runs = Vec::new();
    for (index, check) in job.checks().into_iter().enumerate() {
        let on_step = |step| reply(&FromWorker::<RunOut>::Step { index, step });
        let done = relay_client::run_check(&job.urls, &job.server_name, check, on_step).await;
        // The relay could not reach the server: every other check would fail the same way.
        let unreachable = index == 0 && done.outcome.is_err();
        runs.push(done);
        if unreachable {
            break;
        }
    }
    reply(&FromWorker::Finished { runs: runs.iter().map(RunOut::from).collect() });
}
