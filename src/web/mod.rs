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
//!
//! Nothing the user enters is stored (no localStorage) or sent anywhere; the only request
//! the app makes is for the built-in bundle, and only when it is chosen.

// `state`, `files` and `examples` are plain Rust; the rest needs a browser. The gates let
// `lib.rs` compile this module natively (for unit tests) once it drops its wasm32-only cfg.
#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod builtin_bundle;
#[cfg(target_arch = "wasm32")]
pub mod components;
pub mod examples;
#[cfg(target_arch = "wasm32")]
pub mod file_reader;
pub mod files;
#[cfg(target_arch = "wasm32")]
pub mod js_api;
pub mod state;

#[cfg(target_arch = "wasm32")]
pub use app::App;
