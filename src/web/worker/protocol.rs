//! The one protocol of the page's two Web Workers (probe, capture).
//!
//! Every message is its postcard bytes in one `Uint8Array` (the encoding the page already
//! carries for share links), and that array's buffer is transferred, not copied: a capture's
//! transcript crosses once. Messages are the real types with serde derives, externally tagged
//! (postcard cannot drive serde's buffering deserializer for internally tagged enums, which
//! would also cost the page ~70 KB of wasm). The one thing that is not bytes is a `File` to
//! decode: a handle that structured clone passes by reference, posted beside the bytes as
//! `[bytes, file]`.
//!
//! Measured (e2e, headless Chromium, 50 MB pcap with 12,788 connections, one decode each):
//! three runs with this encoding took 1,063 / 883 / 948 ms from drop to connection list,
//! against 982 / 1,510 / 883 ms with the hand-written column-wise JS objects it replaced
//! (run-to-run noise dominates), and the capture worker went from 68,406 to 67,787 B gzip,
//! the page from 386,737 to 386,157 B: no message needs an encoding of its own.
//!
//! Every message from a worker is an [`Envelope`]: a worker says `Ready` once its handler is
//! installed, and the host ([`super::host`]) queues what the page sends before that; a worker
//! that cannot read a message says `Failed`, and the host turns a load failure or a crash into
//! the same, so the page handles one stream: `Ok(message)` or `Err(words)`.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A worker's messages and where its script is.
pub trait Protocol: 'static {
    type ToWorker: Serialize + DeserializeOwned;
    type FromWorker: DeserializeOwned;
    /// For messages: "the {NAME} worker failed".
    const NAME: &'static str;
    /// Trunk's loader for the worker binary (`data-type="worker" data-loader-shim`): named
    /// after the binary, unhashed, next to the page.
    const URL: &'static str;
}

/// What a worker posts: its own message, or the protocol's two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Envelope<T> {
    Ready,
    /// The worker could not read a message from the page.
    Failed(String),
    Message(T),
}

/// A message as the bytes posted to the other side.
pub fn encode<T: Serialize + ?Sized>(msg: &T) -> Vec<u8> {
    postcard::to_allocvec(msg).unwrap_or_default()
}

pub fn decode<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, String> {
    postcard::from_bytes(bytes).map_err(|e| e.to_string())
}

#[cfg(target_arch = "wasm32")]
pub use js::*;

#[cfg(target_arch = "wasm32")]
mod js {
    use js_sys::{Array, Uint8Array};
    use serde::de::DeserializeOwned;
    use serde::Serialize;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    use super::{decode, encode, Envelope, Protocol};

    /// The value to post for `msg` (with `handle` beside it), and the buffers to transfer.
    pub fn to_js<T: Serialize + ?Sized>(msg: &T, handle: Option<&JsValue>) -> (JsValue, Array) {
        let bytes = Uint8Array::from(encode(msg).as_slice());
        let transfer = Array::of1(&bytes.buffer());
        let value = match handle {
            Some(h) => Array::of2(&bytes, h).into(),
            None => bytes.into(),
        };
        (value, transfer)
    }

    /// A posted message and the handle beside it.
    pub fn from_js<T: DeserializeOwned>(data: &JsValue) -> Result<(T, Option<JsValue>), String> {
        let (bytes, handle) = match data.dyn_ref::<Array>() {
            Some(pair) => (pair.get(0), Some(pair.get(1))),
            None => (data.clone(), None),
        };
        let bytes = bytes.dyn_into::<Uint8Array>().map_err(|_| "not a byte array")?.to_vec();
        Ok((decode(&bytes)?, handle))
    }

    /// Inside the worker: posts `msg` to the page.
    pub fn reply<T: Serialize + ?Sized>(msg: &T) {
        post(&Envelope::Message(msg), None);
    }

    /// Inside the worker: posts `msg` with a JS value beside it (structured clone copies it).
    pub fn reply_with<T: Serialize + ?Sized>(msg: &T, handle: &JsValue) {
        post(&Envelope::Message(msg), Some(handle));
    }

    fn post<T: Serialize + ?Sized>(msg: &Envelope<&T>, handle: Option<&JsValue>) {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let (value, transfer) = to_js(msg, handle);
        let _ = scope.post_message_with_transfer(&value, &transfer);
    }

    /// The worker's `main`: hands each message from the page (and its handle) to `on_message`,
    /// then says it is ready.
    pub fn serve<P: Protocol>(on_message: impl Fn(P::ToWorker, Option<JsValue>) + 'static) {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| match from_js(&e.data()) {
            Ok((msg, handle)) => on_message(msg, handle),
            Err(e) => {
                post::<()>(&Envelope::Failed(format!("the {} worker could not read its message: {e}", P::NAME)), None)
            }
        });
        scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        // The handler lives as long as the worker; the page terminates the worker.
        handler.forget();
        post::<()>(&Envelope::Ready, None);
    }
}
