//! SYNTHETIC captures for the capture decoder's tests and benchmark, one job per file:
//!
//! - [`tcpip`]: TCP segments as IPv4/IPv6 packets with valid checksums;
//! - [`link`]: the link-layer frame around them, for every link type the decoder reads;
//! - [`files`]: classic pcap and pcapng writers;
//! - [`flow`]: one connection's segments (handshake, data both ways, close);
//! - [`session`]: a MySQL TLS 1.2 session on a flow (its messages come from [`super::wire`]);
//! - [`replicate`]: [`replicate_pcap`], which multiplies a capture by rewriting the client port
//!   (how the benchmark builds 10,000 handshakes from one).

// Each test crate uses part of these re-exports.
#![allow(unused_imports)]

pub mod files;
pub mod flow;
pub mod link;
pub mod replicate;
pub mod session;
pub mod tcpip;

pub use files::{pcap, Pcap, Pcapng};
pub use flow::Flow;
pub use link::Link;
pub use replicate::replicate_pcap;
pub use session::mysql_tls_session;
pub use tcpip::{ip_packet, Tcp, ACK, FIN, PSH, RST, SYN};
