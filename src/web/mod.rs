//! The Yew app, its three Web Workers and the JavaScript entry point. The folders are the roles;
//! imports between them point one way (`tests/layers.rs` checks there is no cycle):
//! `state` ← `browser`, `worker` ← `hooks` ← `components` ← `app`, and `hooks` ← `js_api`.
//!
//! | module | holds |
//! |---|---|
//! | [`state`] | the page's state, plain Rust tested natively: the reducer, the analysis request the core worker runs, the capture input (reducer, page model, number formatting), the live check (form, progress, result merged into the report), share links in the state, the hex view's linked highlighting, the examples, dropped files → text, transcripts as the page holds them |
//! | [`worker`] | the three Web Workers (probe, capture files and every analysis — the core worker —, AWS inventory): one protocol (postcard in one `Uint8Array`), one host for the page's side, each worker's messages and its `main` |
//! | [`browser`] | what needs the browser: reading `File`s, fetching the built-in bundle, one probe check over the relay's WebSocket (in the probe worker), opening and copying share links |
//! | [`hooks`] | the hook that sends each capture job to the capture worker, and the debounced analysis in the core worker |
//! | [`components`] | one component per file: inputs, banner, verdict matrix, findings, certificates, live check, capture view, client versions, the AWS inventory panel |
//! | [`app`] | the root component: state, context |
//! | [`js_api`] | `analyze()` for JavaScript (through the core worker) |
//! | [`relay_proto`] | the relay's URLs and close codes, in words |
//!
//! Nothing the user enters is stored (no localStorage) or sent anywhere; the only requests
//! the app makes are for the built-in bundle, when it is chosen, and the live check's
//! WebSocket to the relay (from the probe worker, fetched then), when Probe is clicked.

// `state`, the workers' messages and `relay_proto` are plain Rust, compiled and tested
// natively; the rest needs a browser.
#[cfg(target_arch = "wasm32")]
pub mod app;
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod hooks;
#[cfg(target_arch = "wasm32")]
pub mod js_api;
pub mod relay_proto;
pub mod state;
pub mod worker;

#[cfg(target_arch = "wasm32")]
pub use app::App;
