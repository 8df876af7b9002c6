//! The page's side of the capture worker (wasm32): starts it on the first capture, holds
//! messages until it is ready, and hands its answers to a callback. One worker serves the page
//! for its lifetime: it keeps the last decoded capture for transcript requests.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ErrorEvent, MessageEvent, Worker};

use crate::web::capture_wire::js::{FromWorker, ToWorker};

/// Trunk's loader for the worker binary (`data-type="worker" data-loader-shim`): named after
/// the binary, unhashed, next to the page.
const WORKER_URL: &str = "./mysql-tls-doctor-capture_loader.js";

/// A running worker; dropping it detaches the handlers and terminates the worker.
pub struct CaptureWorker {
    worker: Worker,
    /// Messages posted before the worker said `ready`.
    queue: Rc<RefCell<Option<Vec<JsValue>>>>,
    /// The worker failed (a missing script, a crash): start a new one for the next job.
    failed: Rc<Cell<bool>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Drop for CaptureWorker {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

impl CaptureWorker {
    /// Starts the worker; its messages go to `on_message`, and a failure to `on_error`.
    pub fn start(on_message: Rc<dyn Fn(FromWorker)>, on_error: Rc<dyn Fn(String)>) -> Result<CaptureWorker, String> {
        let worker = Worker::new(WORKER_URL).map_err(|e| format!("the capture worker could not start: {e:?}"))?;
        let queue = Rc::new(RefCell::new(Some(Vec::new())));
        let failed = Rc::new(Cell::new(false));
        let (ready_worker, ready_queue) = (worker.clone(), queue.clone());
        let on_msg =
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| match FromWorker::from_js(&e.data()) {
                Some(FromWorker::Ready) => {
                    for msg in ready_queue.borrow_mut().take().unwrap_or_default() {
                        let _ = ready_worker.post_message(&msg);
                    }
                }
                Some(msg) => on_message(msg),
                None => {}
            });
        let err_failed = failed.clone();
        let on_err = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
            // A missing worker script, or a crash (a panic aborts the worker's wasm).
            err_failed.set(true);
            let what = if e.message().is_empty() { format!("could not load {WORKER_URL}") } else { e.message() };
            on_error(format!("the capture worker failed: {what}"));
        });
        worker.set_onmessage(Some(on_msg.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_err.as_ref().unchecked_ref()));
        Ok(CaptureWorker { worker, queue, failed, _on_message: on_msg, _on_error: on_err })
    }

    pub fn failed(&self) -> bool {
        self.failed.get()
    }

    pub fn post(&self, msg: &ToWorker) {
        let value = msg.to_js();
        match self.queue.borrow_mut().as_mut() {
            Some(waiting) => waiting.push(value),
            None => {
                let _ = self.worker.post_message(&value);
            }
        }
    }
}
