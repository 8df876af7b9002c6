//! The page's side of a worker (wasm32), the same for both: starts it, queues what the page
//! posts until the worker says it is ready, and delivers every answer to one callback:
//! `Ok(message)`, or `Err(words)` for a load failure, a crash or an unreadable message.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::Array;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ErrorEvent, MessageEvent, Worker};

use super::protocol::{from_js, to_js, Envelope, Protocol};

/// Messages posted before the worker is ready, each with its buffers to transfer (`None` once
/// it is).
type Queue = Rc<RefCell<Option<Vec<(JsValue, Array)>>>>;

/// A running worker; dropping it detaches the handlers and terminates the worker.
pub struct WorkerHost<P: Protocol> {
    worker: Worker,
    /// Messages posted before the worker said it is ready.
    queue: Queue,
    /// The worker failed (a missing script, a crash): start a new one for the next job.
    failed: Rc<Cell<bool>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
    _protocol: std::marker::PhantomData<P>,
}

impl<P: Protocol> Drop for WorkerHost<P> {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

impl<P: Protocol> WorkerHost<P> {
    /// Starts the worker; its messages and failures go to `on_message`.
    pub fn start(on_message: impl Fn(Result<P::FromWorker, String>) + 'static) -> Result<WorkerHost<P>, String> {
        Self::start_with_values(move |msg| on_message(msg.map(|(m, _)| m)))
    }

    /// [`WorkerHost::start`] for a worker that posts a JS value beside a message
    /// (`protocol::reply_with`): each message comes with it, or `None`.
    pub fn start_with_values(
        on_message: impl Fn(Result<(P::FromWorker, Option<JsValue>), String>) + 'static,
    ) -> Result<WorkerHost<P>, String> {
        let worker = Worker::new(P::URL).map_err(|e| format!("the {} worker could not start: {e:?}", P::NAME))?;
        let queue: Queue = Rc::new(RefCell::new(Some(Vec::new())));
        let failed = Rc::new(Cell::new(false));
        let on_message = Rc::new(on_message);
        let (ready_worker, ready_queue, deliver) = (worker.clone(), queue.clone(), on_message.clone());
        let on_msg = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            match from_js::<Envelope<P::FromWorker>>(&e.data()) {
                Ok((Envelope::Ready, _)) => {
                    for (value, transfer) in ready_queue.borrow_mut().take().unwrap_or_default() {
                        let _ = ready_worker.post_message_with_transfer(&value, &transfer);
                    }
                }
                Ok((Envelope::Message(msg), value)) => deliver(Ok((msg, value))),
                Ok((Envelope::Failed(error), _)) => deliver(Err(error)),
                Err(e) => deliver(Err(format!("unreadable message from the {} worker: {e}", P::NAME))),
            }
        });
        let err_failed = failed.clone();
        let on_err = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
            // A missing worker script, or a crash (a panic aborts the worker's wasm).
            err_failed.set(true);
            let what = if e.message().is_empty() { format!("could not load {}", P::URL) } else { e.message() };
            on_message(Err(format!("the {} worker failed: {what}", P::NAME)));
        });
        worker.set_onmessage(Some(on_msg.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_err.as_ref().unchecked_ref()));
        Ok(WorkerHost {
            worker,
            queue,
            failed,
            _on_message: on_msg,
            _on_error: on_err,
            _protocol: std::marker::PhantomData,
        })
    }

    pub fn failed(&self) -> bool {
        self.failed.get()
    }

    pub fn post(&self, msg: &P::ToWorker) {
        self.post_with(msg, None);
    }

    /// Posts `msg` with a handle beside it (a `File` to decode).
    pub fn post_with(&self, msg: &P::ToWorker, handle: Option<&JsValue>) {
        let (value, transfer) = to_js(msg, handle);
        match self.queue.borrow_mut().as_mut() {
            Some(waiting) => waiting.push((value, transfer)),
            None => {
                let _ = self.worker.post_message_with_transfer(&value, &transfer);
            }
        }
    }
}
