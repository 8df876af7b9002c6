//! The page's Web Workers, each its own small wasm loaded on first use: the live probe
//! (rustls, the relay client), capture files (pcap/pcapng, dumps, TCP reassembly) and the AWS
//! inventory (its JSON reader, the rotation report). One protocol and one host serve them all;
//! the messages are plain serde types, tested natively. The capture worker is also the page's
//! core worker: it runs every analysis (`web::state::analysis`), so certificate parsing and
//! verification, the rules, the error-message tables and the settings reader stay out of the
//! page's first load.

pub mod capture;
#[cfg(target_arch = "wasm32")]
pub mod capture_worker;
#[cfg(target_arch = "wasm32")]
pub mod host;
pub mod inventory;
#[cfg(target_arch = "wasm32")]
pub mod inventory_worker;
pub mod probe;
#[cfg(target_arch = "wasm32")]
pub mod probe_worker;
pub mod protocol;
