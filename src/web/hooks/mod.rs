//! Hooks that carry side effects into the state (wasm32 only).

pub mod analysis;
pub mod capture_decode;
