//! The probe worker's side (wasm32, inside a dedicated Web Worker): takes one [`Job`], runs
//! its checks one after the other over [`relay_client`], and posts progress and the runs back
//! (see [`crate::web::probe_wire`] for why this is a worker).

use serde::Serialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::web::probe_wire::{self, FromWorker, Job, RunOut};
use crate::web::relay_client;

/// The worker's entry point (its `main`): listen for the job, then say so.
pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let handler_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let scope = handler_scope.clone();
        match probe_wire::from_js::<Job>(&e.data()) {
            Ok(job) => spawn_local(run(job, scope)),
            Err(e) => post(
                &scope,
                &FromWorker::<RunOut>::Failed { error: format!("the probe worker could not read its job: {e}") },
            ),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker; the page terminates the worker when done.
    on_message.forget();
    post(&scope, &FromWorker::<RunOut>::Ready);
}

async fn run(job: Job, scope: DedicatedWorkerGlobalScope) {
    let mut runs = Vec::new();
    for (index, check) in job.checks().into_iter().enumerate() {
        let on_step = |step| post(&scope, &FromWorker::<RunOut>::Step { index, step });
        let done = relay_client::run_check(&job.urls, &job.server_name, check, on_step).await;
        // The relay could not reach the server: every other check would fail the same way.
        let unreachable = index == 0 && done.outcome.is_err();
        runs.push(done);
        if unreachable {
            break;
        }
    }
    post(&scope, &FromWorker::Finished { runs: runs.iter().map(RunOut::from).collect() });
}

fn post<R: Serialize>(scope: &DedicatedWorkerGlobalScope, msg: &FromWorker<R>) {
    let _ = scope.post_message(&probe_wire::to_js(msg));
}
