//! The page's parts that need a browser (wasm32 only): file reading, the built-in bundle's
//! fetch, the relay client (used by the probe worker), share links on load.

#[cfg(target_arch = "wasm32")]
pub mod builtin_bundle;
#[cfg(target_arch = "wasm32")]
pub mod file_reader;
#[cfg(target_arch = "wasm32")]
pub mod relay_client;
#[cfg(target_arch = "wasm32")]
pub mod share_link;
