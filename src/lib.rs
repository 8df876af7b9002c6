//! # mysql-tls-doctor
//!
//! Explains why a MySQL client cannot (or should not) connect over TLS — typically to Amazon
//! RDS — and what to change. The same core runs in the browser (Rust → WebAssembly, Yew UI) and
//! in a native CLI with JSON output.
//!
//! ## One pipeline, three sources
//!
//! ```text
//!  sources                          core: pure Rust, no I/O, no clock                        views
//!  pasted PEM/DER/base64,   ──┐
//!  hostnames                  │   pki::pem ─► pki::chain ─┐
//!  capture file: hex, base64, ├─► capture ─► conversation ├─► diagnose(now) ──► Report ──┬─► Yew UI (wasm)
//!  raw, pcap, pcapng          │   (mysql, tls decoders)   │   rules: verdicts  findings, ├─► CLI text / JSON / Markdown
//!  live probe transcript    ──┘   ─► Evidence ────────────┘   per client,      verdicts, ├─► JS `analyze()`
//!  (probe: browser ⇄ relay ⇄ MySQL, or CLI ⇄ TCP)             capture rules    probe     └─► share link (#fragment)
//! ```
//!
//! A live probe records a [`conversation::Transcript`] exactly like a capture yields one, and
//! both go through the same decoder, evidence and rules: nothing is written twice for two
//! sources. The only randomness is rustls' own (TLS needs it) and the probe's legacy
//! ClientHello random, which the caller passes in.
//!
//! `now` is always an argument ([`diagnose::analyze`] takes it): `SystemTime::now()` panics on
//! wasm32, and the UI lets the user check a chain "as of" another date.
//!
//! ## Module map
//!
//! | module | holds |
//! |---|---|
//! | [`capture`] | input detection and decoding: pcap/pcapng, hex dumps (xxd, hexdump -C, Wireshark, tcpdump -X …), base64, raw; link/IP/TCP, per-direction reassembly → connections with transcripts |
//! | [`mysql`] | MySQL connection-phase decoding over a checked cursor: packet framing, greeting (MariaDB extended capabilities), ERR, SSLRequest (tool fingerprints), HandshakeResponse41 (user and auth data redacted), OK/AuthSwitch/AuthMoreData — every field with its byte range |
//! | [`tls`] | TLS records (length-capped), handshake reassembly across records, ClientHello/ServerHello/Certificate/Alert (extension bodies via tls-parser); versions, suites and alerts as open newtypes |
//! | [`conversation`] | one connection decoded in wire order: the phase transition table, messages with field trees for the views, decode problems, and the [`conversation::Evidence`] the rules read |
//! | [`inputs`] | what the user gives: CA bundle text, served chain text, hostnames, a capture's transcript |
//! | [`pki::pem`] | total parser for pasted certificate text (PEM with text around it, base64, DER), with line numbers |
//! | [`pki::cert`] | one certificate's summary (subject, SANs, key, validity, fingerprint …) |
//! | [`pki::rds`] | the Amazon RDS catalogue: CA identifiers, regions, endpoint kinds |
//! | [`pki::chain`] | path building from the served leaf to the bundle's anchors, explaining where it stops |
//! | [`pki::names`] | hostname matching, one policy per client family (CN fallback, wildcards, IPs) |
//! | [`pki::webpki_check`] | the authoritative rustls-webpki verification at a given time |
//! | [`diagnose`] | rules → findings, the verdict matrix hostnames × clients, `analyze` |
//! | [`diagnose::clients`] | the client families and how each verifies (with sources) |
//! | [`diagnose::rules`] | the documented rule catalogue (`mysql-tls-doctor rules`) |
//! | [`diagnose::capture_rules`] | rules over what the wire shows: no TLS offered, plaintext login, 3159/1045, pre-greeting ERR, alerts by sender, versions |
//! | [`probe`] | the sans-IO live probe: greeting → SSLRequest → rustls with a recording verifier; the plaintext-login and TLS-version checks (transports: `cli::tcp` natively, the relay client in the browser) |
//! | [`report`] | the report (the CLI's JSON schema) with its plain-text and Markdown renderings |
//! | [`share`] | share links: inputs ⇄ `#v1.…` URL fragment, bounded decoding, preview |
//! | [`text`] | hostile-text hygiene for certificate fields |
//! | [`builtin`] | the shipped Amazon RDS global bundle (dated snapshot) |
//! | [`time_fmt`] | RFC 3339 in and out |
//! | [`web`] | the Yew app (page) and its two lazily started Web Workers: `mysql-tls-doctor-probe` (rustls + relay client, on the first Probe) and `mysql-tls-doctor-capture` (capture files, on the first capture); the page keeps the first load small (the browser parts compile on wasm32 only) |
//! | `cli` | the native CLI: `check`, `decode`, `probe`, `share`, `rules` (not on wasm32) |
//!
//! The relay (WebSocket ⇄ TCP for the browser's live probe) is its own crate in `relay/`.
#![forbid(unsafe_code)]

pub mod builtin;
pub mod capture;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod conversation;
pub mod diagnose;
pub mod inputs;
pub mod mysql;
pub mod pki;
pub mod probe;
pub mod report;
pub mod share;
pub mod text;
pub mod time_fmt;
pub mod tls;

pub mod web;

pub use diagnose::analyze;
pub use inputs::Inputs;
pub use report::Report;
