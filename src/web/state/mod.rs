//! The page's state: plain Rust over the core types, no browser, unit-tested natively. Side
//! effects (timers, fetch, file reading, the clock, the workers) live in `browser`, `hooks`
//! and the components, and arrive here as actions.

pub mod analysis;
pub mod answer;
pub mod bundle_cache;
pub mod capture;
pub mod capture_model;
pub mod examples;
pub mod files;
pub mod hex_model;
pub mod inventory;
pub mod live;
pub mod matrix;
pub mod numbers;
mod reducer;
pub mod share;
pub mod transcript;

pub use reducer::*;
