//! Hooks that carry side effects into the state (wasm32 only).

pub mod capture_decode;
pub mod explain;
