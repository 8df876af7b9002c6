//! Decoding the capture input, once per job (see `web::state::capture`), in the capture
//! worker (see `web::worker::capture`).
//!
//! A file goes to the worker as the browser's `File` handle: the worker reads and decodes it
//! 1 MiB at a time and reports progress, so a 50 MB capture neither freezes the page nor is
//! copied into it. Pasted text is sent a moment after the last keystroke. When the job changes
//! the previous one is cancelled (the worker stops at its next chunk, and the reducer ignores
//! anything it still sends). The worker is started on the first capture and kept: it holds the
//! decoded capture, and sends another connection's transcript when the user picks it.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use web_sys::File;
use yew::prelude::*;

use crate::web::state::capture::{CaptureAction, CaptureData, Source};
use crate::web::worker::capture::{CaptureProtocol, FromWorker, ToWorker};
use crate::web::worker::host::WorkerHost;

type CaptureWorker = WorkerHost<CaptureProtocol>;
use crate::web::state::{Action, State, StateHandle};

/// Wait this long after the last keystroke before decoding pasted text.
const TEXT_DEBOUNCE_MS: u32 = 300;

/// The file behind a `Source::File`, kept by the capture input (a `File` is a handle to the
/// user's file, not its bytes; it does not belong in the state).
pub type FileSlot = Rc<RefCell<Option<File>>>;

/// The page's capture worker, started on first use (and again if it failed).
#[derive(Clone)]
struct Slot {
    worker: Rc<RefCell<Option<CaptureWorker>>>,
    dispatcher: UseReducerDispatcher<State>,
    /// The last job sent: a failure of the worker itself is reported for it.
    last_job: Rc<RefCell<u64>>,
}

impl Slot {
    /// Posts `msg` (with the `File` to decode, if any), starting the worker first if needed.
    fn post(&self, msg: ToWorker, file: Option<File>) {
        if let ToWorker::Decode { job, .. } = &msg {
            *self.last_job.borrow_mut() = *job;
        }
        let mut worker = self.worker.borrow_mut();
        if worker.as_ref().is_none_or(CaptureWorker::failed) {
            let (d, last) = (self.dispatcher.clone(), self.last_job.clone());
            let on_message = move |msg: Result<FromWorker, String>| {
                let action = match msg {
                    Ok(FromWorker::Progress { job, progress }) => CaptureAction::Progress { job, progress },
                    Ok(FromWorker::Done { job, result }) => {
                        CaptureAction::Done { job, result: result.map(|c| Rc::new(CaptureData::Decoded(c))) }
                    }
                    Ok(FromWorker::Transcript { job, id, result }) => CaptureAction::Transcript {
                        job,
                        id,
                        result: result.map(|t| Rc::try_unwrap(t.0).unwrap_or_else(|t| (*t).clone())),
                    },
                    // Reports go to the analysis hook's own instance, not this one.
                    Ok(FromWorker::Analyzed { .. }) => return,
                    // A load failure or crash: reported for the last job sent.
                    Err(error) => CaptureAction::Done { job: *last.borrow(), result: Err(error) },
                };
                d.dispatch(Action::Capture(action));
            };
            match CaptureWorker::start(on_message) {
                Ok(w) => *worker = Some(w),
                Err(error) => {
                    let job = *self.last_job.borrow();
                    return self.dispatcher.dispatch(Action::Capture(CaptureAction::Done { job, result: Err(error) }));
                }
            }
        }
        if let Some(w) = worker.as_ref() {
            w.post_with(&msg, file.map(wasm_bindgen::JsValue::from).as_ref());
        }
    }

    /// Posts `msg` to a running worker only (a cancel never starts one).
    fn post_if_running(&self, msg: ToWorker) {
        if let Some(w) = self.worker.borrow().as_ref().filter(|w| !w.failed()) {
            w.post(&msg);
        }
    }
}

/// Sends each new capture job to the worker (cancelling the previous one), and asks it for
/// the chosen connection's transcript when the page does not have it.
#[hook]
pub fn use_capture_decoding(state: &StateHandle, file: FileSlot) {
    let slot = Slot { worker: use_mut_ref(|| None), dispatcher: state.dispatcher(), last_job: use_mut_ref(|| 0) };
    let capture = state.capture.clone();
    let decode_slot = slot.clone();
    use_effect_with(capture.job, move |&job| {
        let slot = decode_slot;
        let format = capture.format.name().to_owned();
        let mut timer = None;
        match capture.source {
            Source::Text => {
                let (text, slot) = (capture.text.to_string(), slot.clone());
                timer = Some(Timeout::new(TEXT_DEBOUNCE_MS, move || {
                    slot.post(ToWorker::Decode { job, format, text }, None)
                }));
            }
            Source::File { .. } => {
                if let Some(f) = file.borrow().clone() {
                    slot.post(ToWorker::Decode { job, format, text: String::new() }, Some(f));
                }
            }
            Source::None | Source::Link => {}
        }
        move || {
            drop(timer);
            slot.post_if_running(ToWorker::Cancel { job });
        }
    });
    use_effect_with(state.capture.wanted(), move |wanted| {
        if let Some((job, id)) = *wanted {
            slot.post(ToWorker::Transcript { job, id }, None);
        }
    });
}
