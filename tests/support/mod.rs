//! Shared helpers for the native integration tests.
//!
//! - [`mariadb`]: a private MariaDB server per test run (install-db once, start/restart with TLS
//!   options on a free 127.0.0.1 port, stop on drop), plus a bounded way to run the real client.
//! - [`pki`]: certificates generated at test time (root, intermediate, leaves) and the standard
//!   TLS scenarios (missing intermediate, unknown CA, expired, name mismatch, CN only …).
//! - [`wire`]: SYNTHETIC MySQL packets and TLS records/handshake messages (the one set of wire
//!   builders for these tests).
//! - [`lab`]: the client lab's certificate scenarios and its settings table (`tests/client_lab.rs`).
//! - [`error_corpus`]: the rows of the error-message corpus (`tests/fixtures/error-messages.tsv`).
//! - [`pcap_writer`]: SYNTHETIC TCP/IP packets and pcap/pcapng files for the capture decoder (every
//!   link type, IPv4/IPv6, a MySQL TLS session, replication by port rewriting for the bench).
//!
//! - [`streamed`]: the streamed read of a capture (connections judged as they end) checked
//!   against the whole read, for the capture tests.
//! - [`responder`]: an in-test MySQL greeting/TLS responder on loopback, one listener per target
//!   (good, no TLS, ERR, silent, trickling, huge greeting, refused), for the fleet tests and bench.
//!
//! Each test crate that uses this does `mod support;` and uses only part of it.
#![allow(dead_code)]

pub mod captures;
pub mod certs;
pub mod error_corpus;
pub mod lab;
pub mod mariadb;
pub mod pcap_writer;
pub mod pki;
pub mod responder;
pub mod streamed;
pub mod tshark;
pub mod wire;
