//! The capture worker's side (wasm32, inside a dedicated Web Worker): decodes what the page
//! sends with the core's [`Decoder`], 1 MiB at a time with progress, keeps the last result for
//! the page's transcript requests, and drops a decode the page replaced (see
//! [`super::capture`] for why this is a worker).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::Blob;

use super::capture::{CaptureProtocol, FromWorker, ToWorker};
use serde::Serialize;

use super::protocol::{reply as post, reply_with, serve};
use crate::source::capture::{decode_text, Decoded, Decoder, Format};
use crate::web::state::bundle_cache::BundleCache;
use crate::web::state::capture_model::{format_named, Capture};
use crate::web::state::transcript::SharedTranscript;

/// Bytes read and decoded per step (one progress message each).
pub const CHUNK: u64 = 1 << 20;

#[derive(Default)]
struct Worker {
    /// The job the page wants; a decode of another one stops at its next chunk.
    current: Cell<Option<u64>>,
    /// The last finished decode, for transcript requests.
    decoded: RefCell<Option<(u64, Decoded)>>,
    /// The CA bundle the last analysis read.
    bundles: RefCell<BundleCache>,
}

/// The worker's entry point (its `main`).
pub fn start() {
    let worker = Rc::new(Worker::default());
    serve::<CaptureProtocol>(move |msg, file| {
        let worker = worker.clone();
        match msg {
            ToWorker::Decode { job, format, text } => {
                worker.current.set(Some(job));
                *worker.decoded.borrow_mut() = None;
                spawn_local(decode(worker, job, format_named(&format), file, text));
            }
            ToWorker::Transcript { job, id } => {
                let result = match &*worker.decoded.borrow() {
                    Some((j, d)) if *j == job => d
                        .transcript(Some(id))
                        .map(|t| SharedTranscript(Rc::new(t)))
                        .ok_or_else(|| format!("the capture has no connection #{id}")),
                    _ => Err("the capture worker no longer holds this capture; load it again".to_owned()),
                };
                post(&FromWorker::Transcript { job, id, result });
            }
            ToWorker::Cancel { job } if worker.current.get() == Some(job) => {
                worker.current.set(None);
                *worker.decoded.borrow_mut() = None;
            }
            ToWorker::Cancel { .. } => {}
            ToWorker::Analyze(request) => {
                let revision = request.revision;
                let report = request.run(&mut worker.bundles.borrow_mut());
                // The CLI's JSON shape (maps as objects, None as null): the page reads it back
                // into a `Report` and downloads it as it is.
                match report.serialize(&serde_wasm_bindgen::Serializer::json_compatible()) {
                    Ok(value) => reply_with(&FromWorker::Analyzed { revision, result: Ok(()) }, &value),
                    Err(e) => post(&FromWorker::Analyzed {
                        revision,
                        result: Err(format!("the report could not be written: {e}")),
                    }),
                }
            }
        }
    });
}

async fn decode(worker: Rc<Worker>, job: u64, format: Format, file: Option<JsValue>, text: String) {
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
                post(&FromWorker::Progress { job, progress });
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
        // Outcomes date the visible certificates as of now (an expired one is a cause).
        let now = (js_sys::Date::now() / 1000.0) as i64;
        let capture = Capture::from_decoded(&d, Some(now));
        *worker.decoded.borrow_mut() = Some((job, d));
        capture
    });
    post(&FromWorker::Done { job, result });
}

async fn read_slice(file: &Blob, start: u64, end: u64) -> Result<Vec<u8>, String> {
    let describe = |e: JsValue| format!("{e:?}");
    let blob = file.slice_with_f64_and_f64(start as f64, end as f64).map_err(describe)?;
    let buf = JsFuture::from(blob.array_buffer()).await.map_err(describe)?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}
