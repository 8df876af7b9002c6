//! The page's two Web Workers, each its own small wasm loaded on first use: the live probe
//! (rustls, the relay client) and capture files (pcap/pcapng, dumps, TCP reassembly). One
//! protocol and one host serve both; the messages are plain serde types, tested natively. The
//! capture worker also answers the explain request (a pasted error message → its causes), so
//! the explain tables stay out of the page's first load.

pub mod capture;
#[cfg(target_arch = "wasm32")]
pub mod capture_worker;
pub mod explain;
#[cfg(target_arch = "wasm32")]
pub mod host;
pub mod probe;
#[cfg(target_arch = "wasm32")]
pub mod probe_worker;
pub mod protocol;
