//! The Yew app and the JavaScript entry point (wasm32 only).
//!
//! | module | holds |
//! |---|---|
//! | [`state`] | the one `State` and its reducer (browser-free, testable natively) |
//! | [`app`] | the root component: state, context, the debounced analysis |
//! | [`components`] | one component per file: inputs, banner, verdict matrix, findings, certificates |
//! | [`examples`] | the example inputs behind the example buttons |
//! | [`files`] | dropped/pasted files → text (DER armoured, private keys dropped) |
//! | [`file_reader`] | reading browser `File`s |
//! | [`builtin_bundle`] | fetching and checking the built-in RDS bundle |
//! | [`js_api`] | `analyze()` for JavaScript, returning the CLI's JSON |
//! | [`live`] | the live check's state: form, progress, result merged into the report |
//! | [`relay_proto`] | the relay's URLs and close codes, in words |
//! | [`relay_client`] | one probe check over a WebSocket to the relay (runs in the worker) |
//! | [`probe_wire`], [`probe_host`], [`probe_worker`] | the probe worker: messages, the page's side, the worker's side |
//! | [`capture_state`] | the capture input's state: source, format, decoding job, chosen connection |
//! | [`capture_wire`], [`capture_host`], [`capture_worker`] | the capture worker (pcap/pcapng, dumps, TCP reassembly off the page): messages, the page's side, the worker's side |
//! | [`capture_decode`] | the hook that sends each capture job to the worker and asks for the chosen connection |
//! | [`hex_model`] | the capture view's linked highlighting: byte ⇄ field, hex window, row marks |
//! | [`share_state`] | share links in the state: what a link holds, restoring one |
//! | [`share_link`] | opening `#v1.` links on load, building and copying links |
//!
//! Nothing the user enters is stored (no localStorage) or sent anywhere; the only requests
//! the app makes are for the built-in bundle, when it is chosen, and the live check's
//! WebSocket to the relay (from the probe worker, fetched then), when Probe is clicked.

// `state`, `files` and `examples` are plain Rust; the rest needs a browser. The gates let
// `lib.rs` compile this module natively (for unit tests) once it drops its wasm32-only cfg.
#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod builtin_bundle;
#[cfg(target_arch = "wasm32")]
pub mod capture_decode;
#[cfg(target_arch = "wasm32")]
pub mod capture_host;
pub mod capture_state;
pub mod capture_wire;
#[cfg(target_arch = "wasm32")]
pub mod capture_worker;
#[cfg(target_arch = "wasm32")]
pub mod components;
pub mod examples;
#[cfg(target_arch = "wasm32")]
pub mod file_reader;
pub mod files;
pub mod hex_model;
#[cfg(target_arch = "wasm32")]
pub mod js_api;
pub mod live;
#[cfg(target_arch = "wasm32")]
pub mod probe_host;
pub mod probe_wire;
#[cfg(target_arch = "wasm32")]
pub mod probe_worker;
#[cfg(target_arch = "wasm32")]
pub mod relay_client;
pub mod relay_proto;
#[cfg(target_arch = "wasm32")]
pub mod share_link;
pub mod share_state;
pub mod state;

#[cfg(target_arch = "wasm32")]
pub use app::App;
