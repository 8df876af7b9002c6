//! The page's side of the probe worker (wasm32): starts the worker, hands it the job once it
//! is ready, and turns its messages into a stream for the live-check task.

use futures::channel::mpsc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use crate::web::probe_wire::{self, FromWorker, Job, RunIn};

/// Trunk's loader for the worker binary (`data-type="worker" data-loader-shim`): named after
/// the binary, unhashed, next to the page.
const WORKER_URL: &str = "./mysql-tls-doctor-probe_loader.js";

/// A running worker; dropping it detaches the handlers and terminates the worker.
pub struct ProbeWorker {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Drop for ProbeWorker {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

impl ProbeWorker {
    /// Starts the worker. Its messages (and a load failure, as `Failed`) arrive on the stream.
    pub fn start() -> Result<(ProbeWorker, mpsc::UnboundedReceiver<FromWorker<RunIn>>), String> {
        let worker = Worker::new(WORKER_URL).map_err(|e| format!("the probe worker could not start: {e:?}"))?;
        let (tx, rx) = mpsc::unbounded();
        let message_tx = tx.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let msg = probe_wire::from_js(&e.data()).unwrap_or_else(|e| FromWorker::Failed {
                error: format!("unreadable message from the probe worker: {e}"),
            });
            let _ = message_tx.unbounded_send(msg);
        });
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
            // A missing worker script, or a crash (a panic aborts the worker's wasm).
            let what = if e.message().is_empty() { format!("could not load {WORKER_URL}") } else { e.message() };
            let _ = tx.unbounded_send(FromWorker::Failed { error: format!("the probe worker failed: {what}") });
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok((ProbeWorker { worker, _on_message: on_message, _on_error: on_error }, rx))
    }

    pub fn post(&self, job: &Job) -> Result<(), String> {
        self.worker.post_message(&probe_wire::to_js(job)).map_err(|e| format!("{e:?}"))
    }
}
