//! Explaining a pasted error message in the capture worker (see [`crate::web::worker::explain`]):
//! the explain tables are in that worker's wasm, so the page's first load carries none of them.
//!
//! ```ignore
//! let explained = use_explain(state.error_message.clone());
//! match &*explained {
//!     Explain::Empty | Explain::Working => …,
//!     Explain::Done(e) => … e.causes (RuleId::parse(&cause.rule) for the rule) …,
//!     Explain::Failed(words) => …,
//! }
//! ```
//!
//! The hook starts its own capture worker on the first non-blank message (the browser fetches
//! the script once; a capture in the same page starts another instance) and keeps it. A message
//! is sent a moment after the last keystroke; only the answer to the latest one is kept.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::web::worker::capture::{CaptureProtocol, FromWorker, ToWorker};
use crate::web::worker::explain::Explained;
use crate::web::worker::host::WorkerHost;

/// Wait this long after the last keystroke before asking (explaining takes well under 1 ms;
/// this only spares the worker one message per key of a typed message).
const EXPLAIN_DEBOUNCE_MS: u32 = 30;

/// Where the explanation of the current message is.
#[derive(Debug, Clone, PartialEq)]
pub enum Explain {
    /// The message is blank.
    Empty,
    /// Asked; the answer is on its way (the first time, with the worker).
    Working,
    Done(Rc<Explained>),
    /// The worker could not start or failed.
    Failed(String),
}

/// The explanation of `text`, from the capture worker; `Empty` while `text` is blank.
#[hook]
pub fn use_explain(text: Rc<str>) -> Explain {
    let answer = use_state(|| Explain::Empty);
    let worker: Rc<RefCell<Option<WorkerHost<CaptureProtocol>>>> = use_mut_ref(|| None);
    let latest: Rc<RefCell<u64>> = use_mut_ref(|| 0);
    {
        let answer = answer.clone();
        use_effect_with(text, move |text| {
            let id = {
                let mut latest = latest.borrow_mut();
                *latest += 1;
                *latest
            };
            let mut timer = None;
            if text.trim().is_empty() {
                answer.set(Explain::Empty);
            } else {
                answer.set(Explain::Working);
                let text = text.to_string();
                timer = Some(Timeout::new(EXPLAIN_DEBOUNCE_MS, move || {
                    let mut slot = worker.borrow_mut();
                    if slot.as_ref().is_none_or(WorkerHost::failed) {
                        let (to, latest) = (answer.clone(), latest.clone());
                        let on_message = move |msg: Result<FromWorker, String>| match msg {
                            Ok(FromWorker::Explained { id, explained }) if id == *latest.borrow() => {
                                to.set(Explain::Done(Rc::new(explained)))
                            }
                            // Stale answers, and the capture messages this worker never sends here.
                            Ok(_) => {}
                            Err(words) => to.set(Explain::Failed(words)),
                        };
                        match WorkerHost::<CaptureProtocol>::start(on_message) {
                            Ok(w) => *slot = Some(w),
                            Err(words) => return answer.set(Explain::Failed(words)),
                        }
                    }
                    if let Some(w) = slot.as_ref() {
                        w.post(&ToWorker::Explain { id, text });
                    }
                }));
            }
            move || drop(timer)
        });
    }
    (*answer).clone()
}
