//! The capture worker's side (wasm32, inside a dedicated Web Worker): decodes what the page
//! sends with the core's [`Decoder`], 1 MiB at a time with progress, keeps the last result for
//! the page's transcript requests, and drops a decode the page replaced (see
//! [`crate::web::capture_wire`] for why this is a worker).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

use crate::source::capture::{decode_text, Decoded, Decoder, Format};
use crate::web::capture_wire::js::{FromWorker, ToWorker};
use crate::web::capture_wire::{format_named, Capture};

/// Bytes read and decoded per step (one progress message each).
pub const CHUNK: u64 = 1 << 20;

#[derive(Default)]
struct Worker {
    /// The job the page wants; a decode of another one stops at its next chunk.
    current: Cell<Option<u64>>,
    /// The last finished decode, for transcript requests.
    decoded: RefCell<Option<(u64, Decoded)>>,
}

/// The worker's entry point (its `main`): listen for jobs, then say so.
pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let worker = Rc::new(Worker::default());
    let handler_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let (scope, worker) = (handler_scope.clone(), worker.clone());
        match ToWorker::from_js(&e.data()) {
            Some(ToWorker::Decode { job, format, file, text }) => {
                worker.current.set(Some(job));
                *worker.decoded.borrow_mut() = None;
                spawn_local(decode(worker, scope, job, format_named(&format), file, text));
            }
            Some(ToWorker::Transcript { job, id }) => {
                let result = match &*worker.decoded.borrow() {
                    Some((j, d)) if *j == job => {
                        d.transcript(Some(id)).ok_or_else(|| format!("the capture has no connection #{id}"))
                    }
                    _ => Err("the capture worker no longer holds this capture; load it again".to_owned()),
                };
                post(&scope, &FromWorker::Transcript { job, id, result });
            }
            Some(ToWorker::Cancel { job }) if worker.current.get() == Some(job) => {
                worker.current.set(None);
                *worker.decoded.borrow_mut() = None;
            }
            Some(ToWorker::Cancel { .. }) | None => {}
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker, which lives as long as the page.
    on_message.forget();
    post(&scope, &FromWorker::Ready);
}

async fn decode(
    worker: Rc<Worker>,
    scope: DedicatedWorkerGlobalScope,
    job: u64,
    format: Format,
    file: Option<JsValue>,
    text: String,
) {
    let live = || worker.current.get() == Some(job);
    let result = match file.and_then(|f| f.dyn_into::<Blob>().ok()) {
        Some(file) => {
            let total = file.size() as u64;
            let mut decoder = Decoder::new(format);
            let mut at = 0;
            let mut failed = None;
            while at < total {
                let end = (at + CHUNK).min(total);
                let chunk = match read_slice(&file, at, end).await {
                    Ok(c) => c,
                    Err(e) => {
                        failed = Some(format!("could not read the file: {e}"));
                        break;
                    }
                };
                // A replaced job stops here; the page ignores anything it would still send.
                if !live() {
                    return;
                }
                let progress = decoder.push(&chunk).into();
                at = end;
                post(&scope, &FromWorker::Progress { job, progress });
            }
            match failed {
                Some(e) => Err(e),
                None => decoder.finish().map_err(|e| e.to_string()),
            }
        }
        None => decode_text(&text, format).map_err(|e| e.to_string()),
    };
    if !live() {
        return;
    }
    let result = result.map(|d| {
        let capture = Capture::from_decoded(&d);
        *worker.decoded.borrow_mut() = Some((job, d));
        capture
    });
    post(&scope, &FromWorker::Done { job, result });
}

async fn read_slice(file: &Blob, start: u64, end: u64) -> Result<Vec<u8>, String> {
    let describe = |e: JsValue| format!("{e:?}");
    let blob = file.slice_with_f64_and_f64(start as f64, end as f64).map_err(describe)?;
    let buf = JsFuture::from(blob.array_buffer()).await.map_err(describe)?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

fn post(scope: &DedicatedWorkerGlobalScope, msg: &FromWorker) {
    let (value, transfer) = msg.to_js();
    let _ = scope.post_message_with_transfer(&value, &transfer);
}
