//! Decoding the capture input, once per job (see `capture_state`).
//!
//! A file is read and decoded 1 MiB at a time with the core's streaming [`Decoder`], and the
//! loop waits for a timer tick between chunks: the browser gets to paint the progress bar
//! and handle clicks and scrolling, so a 50 MB capture never freezes the page. (A worker
//! would need a second wasm instance and copying the result back; chunking on the page is
//! enough because each chunk takes milliseconds.) Pasted text is decoded a moment after the
//! last keystroke.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::File;
use yew::prelude::*;

use crate::capture::{decode_text, Decoder, Format};
use crate::web::capture_state::{CaptureAction, CaptureData, Source};
use crate::web::state::{Action, State, StateHandle};

/// Bytes read and decoded per tick.
pub const CHUNK: u64 = 1 << 20;
/// Wait this long after the last keystroke before decoding pasted text.
const TEXT_DEBOUNCE_MS: u32 = 300;

/// The file behind a `Source::File`, kept by the capture input (a `File` is a handle to the
/// user's file, not its bytes; it does not belong in the state).
pub type FileSlot = Rc<RefCell<Option<File>>>;

/// Starts decoding whenever the capture job changes, and cancels the previous job's loop.
#[hook]
pub fn use_capture_decoding(state: &StateHandle, file: FileSlot) {
    let capture = state.capture.clone();
    let dispatcher = state.dispatcher();
    use_effect_with(capture.job, move |&job| {
        let cancelled = Rc::new(Cell::new(false));
        let mut timer = None;
        match capture.source {
            Source::Text => {
                let (text, format) = (capture.text.clone(), capture.format);
                timer = Some(Timeout::new(TEXT_DEBOUNCE_MS, move || {
                    let result = decode_text(&text, format).map(|d| Rc::new(CaptureData::Decoded(d))).map_err(|e| e.to_string());
                    dispatcher.dispatch(Action::Capture(CaptureAction::Done { job, result }));
                }));
            }
            Source::File { .. } => {
                if let Some(f) = file.borrow().clone() {
                    spawn_local(decode_file(f, capture.format, job, cancelled.clone(), dispatcher));
                }
            }
            Source::None | Source::Link => {}
        }
        move || {
            cancelled.set(true);
            drop(timer);
        }
    });
}

async fn decode_file(file: File, format: Format, job: u64, cancelled: Rc<Cell<bool>>, dispatcher: UseReducerDispatcher<State>) {
    let done = |result| dispatcher.dispatch(Action::Capture(CaptureAction::Done { job, result }));
    let total = file.size() as u64;
    let mut decoder = Decoder::new(format);
    let mut at = 0;
    while at < total {
        let end = (at + CHUNK).min(total);
        let chunk = match read_slice(&file, at, end).await {
            Ok(c) => c,
            Err(e) => return done(Err(format!("could not read the file: {e}"))),
        };
        if cancelled.get() {
            return;
        }
        let progress = decoder.push(&chunk);
        at = end;
        dispatcher.dispatch(Action::Capture(CaptureAction::Progress { job, progress, total }));
        // A timer, not a resolved promise: microtasks would run before the browser paints.
        TimeoutFuture::new(0).await;
        if cancelled.get() {
            return;
        }
    }
    done(decoder.finish().map(|d| Rc::new(CaptureData::Decoded(d))).map_err(|e| e.to_string()));
}

async fn read_slice(file: &File, start: u64, end: u64) -> Result<Vec<u8>, String> {
    let describe = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let blob = file.slice_with_f64_and_f64(start as f64, end as f64).map_err(describe)?;
    let buf = JsFuture::from(blob.array_buffer()).await.map_err(describe)?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}
