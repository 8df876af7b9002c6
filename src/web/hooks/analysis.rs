//! Running analyses in the core worker (see [`crate::web::state::analysis`]): the page's
//! debounced analysis of its state, and the JS API's `analyze()`.
//!
//! One worker (an instance of the capture worker's wasm, started on the first analysis: the
//! page's first load carries none of the analysis code) answers both, in the order asked. Each
//! request gets a number of its own; its answer goes to the callback waiting for that number.
//! A worker that fails to load or crashes fails every waiting request with its words, and the
//! next request starts a new one.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::report::Report;
use crate::web::state::analysis::AnalysisRequest;
use crate::web::state::{Action, StateHandle};
use crate::web::worker::capture::{CaptureProtocol, FromWorker, ToWorker};
use crate::web::worker::host::WorkerHost;

/// Wait this long after the last change before analysing: enough to fold the actions of one
/// gesture (a paste, an example, a file) into one run, short enough that the result follows
/// the last keystroke within 100 ms. It was 250 ms, which alone made every result 250 ms late.
const DEBOUNCE_MS: u32 = 30;

type Answer = Box<dyn FnOnce(Result<JsValue, String>)>;

#[derive(Default)]
struct Client {
    worker: Option<WorkerHost<CaptureProtocol>>,
    next: u64,
    waiting: Rc<RefCell<HashMap<u64, Answer>>>,
}

thread_local! {
    static CLIENT: RefCell<Client> = RefCell::new(Client::default());
    /// The JSON of the report shown (its revision and value): "Download report (JSON)" saves
    /// it as the worker wrote it (the page's `Report` keeps neither the decoded conversation
    /// nor the connections' outcomes).
    static SHOWN: RefCell<Option<(u64, JsValue)>> = const { RefCell::new(None) };
}

/// Runs `request` in the core worker; `answer` gets the report as the CLI's JSON-shaped value.
pub fn analyse(mut request: AnalysisRequest, answer: impl FnOnce(Result<JsValue, String>) + 'static) {
    CLIENT.with_borrow_mut(|c| {
        if c.worker.as_ref().is_none_or(WorkerHost::failed) {
            let waiting = c.waiting.clone();
            let on_message = move |msg: Result<(FromWorker, Option<JsValue>), String>| match msg {
                Ok((FromWorker::Analyzed { revision, result }, value)) => {
                    let done = waiting.borrow_mut().remove(&revision);
                    if let Some(done) = done {
                        done(result.and_then(|()| value.ok_or_else(|| "the core worker sent no report".to_owned())));
                    }
                }
                // Capture messages: this instance is never sent a capture.
                Ok(_) => {}
                Err(words) => {
                    let all: Vec<Answer> = waiting.borrow_mut().drain().map(|(_, a)| a).collect();
                    for done in all {
                        done(Err(words.clone()));
                    }
                }
            };
            match WorkerHost::<CaptureProtocol>::start_with_values(on_message) {
                Ok(w) => c.worker = Some(w),
                Err(words) => return answer(Err(words)),
            }
        }
        c.next += 1;
        request.revision = c.next;
        c.waiting.borrow_mut().insert(c.next, Box::new(answer));
        if let Some(w) = &c.worker {
            w.post(&ToWorker::Analyze(Box::new(request)));
        }
    });
}

/// The report shown for `revision`, as the worker wrote it.
pub fn shown_json(revision: u64) -> Option<JsValue> {
    SHOWN.with_borrow(|s| s.as_ref().filter(|(r, _)| *r == revision).map(|(_, v)| v.clone()))
}

/// Analyses the state of each revision once it has been stable for [`DEBOUNCE_MS`]. Dropping
/// the previous effect's timer cancels the run for a revision that is already outdated; an
/// answer for an outdated revision is ignored by the reducer.
#[hook]
pub fn use_debounced_analysis(state: &StateHandle) {
    let snapshot = (**state).clone();
    let dispatcher = state.dispatcher();
    use_effect_with(state.revision, move |&revision| {
        let timer = (snapshot.ready() && !snapshot.is_blank()).then(|| {
            Timeout::new(DEBOUNCE_MS, move || {
                let now = (js_sys::Date::now() / 1000.0) as i64;
                let request = snapshot.analysis_request(snapshot.check_time(now));
                analyse(request, move |answer| {
                    let report = answer.and_then(|value| {
                        let report = serde_wasm_bindgen::from_value::<Report>(value.clone())
                            .map_err(|e| format!("the page could not read the report: {e}"))?;
                        SHOWN.with_borrow_mut(|s| *s = Some((revision, value)));
                        Ok(report)
                    });
                    dispatcher.dispatch(match report {
                        Ok(report) => Action::Analyzed { revision, report: Rc::new(report) },
                        Err(error) => Action::AnalysisFailed { revision, error },
                    });
                });
            })
        });
        move || drop(timer)
    });
}
