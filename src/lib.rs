//! # mysql-tls-doctor
//!
//! Explains why a MySQL client cannot (or should not) connect over TLS — typically to Amazon
//! RDS — and what to change. The same core runs in the browser (Rust → WebAssembly, Yew UI) and
//! in a native CLI with JSON output.
//!
//! ## One pipeline, three sources
//!
//! ```text
//!  source/                     decode/                  evidence     rules/                 views
//!  inputs: pasted PEM,  ──┐    pki: pem, cert, chain,                 clients, trust,        ┬─► web/ (Yew, wasm)
//!  hostnames, bundle      │    names, webpki, rds ─────────────────►  verdicts, explain ──►  ├─► cli/ text/JSON/MD
//!  capture: pcap, dumps ──┼─►  mysql, tls ─► conversation ─► Evidence ─► capture, probe ─►   ├─► JS `analyze()`
//!  probe: live transcript ┘    (messages, field trees)       (facts)     analyze(now)        └─► share/ (#fragment)
//!                                                                             │ fills
//!                                                                             ▼
//!                                                report/: the Report every view renders (model, text, Markdown)
//!  vocab/ (bottom, imports nothing): rule catalogue, Severity, ClientId, Finding, Spanned, Transcript
//! ```
//!
//! Every import points down one stack (`tests/layers.rs` checks it, and that the page's modules
//! form no cycle): `text`, `time_fmt`, `vocab` → `decode` → `source` → `evidence` → `report` →
//! `rules` → `share` → the views (`cli`, `web`). The report sits below the rules on purpose: it
//! is the form the rules fill in and the views read, and it knows no rule logic. The live probe
//! is a source that speaks MySQL, so it uses the wire decoders below it.
//!
//! In the browser the pipeline runs in a Web Worker, not in the page: the page sends its state
//! as a `web::state::analysis::AnalysisRequest`, the core worker answers with the report as the
//! CLI's JSON, and the page reads that back into [`report::Report`] for its views.
//!
//! A live probe records a [`vocab::Transcript`] exactly like a capture yields one, and both go
//! through the same decoder, evidence and rules: nothing is written twice for two sources. The
//! only randomness is rustls' own (TLS needs it) and the probe's legacy ClientHello random,
//! which the caller passes in.
//!
//! `now` is always an argument ([`rules::analyze`] takes it): `SystemTime::now()` panics on
//! wasm32, and the UI lets the user check a chain "as of" another date.
//!
//! ## Module map
//!
//! | module | holds |
//! |---|---|
//! | [`text`] | hostile-text hygiene for certificate fields and pasted text |
//! | [`time_fmt`] | RFC 3339 and dates in and out |
//! | [`vocab`] | the shared words: the rule catalogue (one declaration per rule), severities, client ids, findings, byte spans, transcripts |
//! | [`decode::mysql`] | MySQL connection-phase decoding over a checked cursor: packet framing, greeting (MariaDB extended capabilities), ERR, SSLRequest (tool fingerprints), HandshakeResponse41 (user and auth data redacted), OK/AuthSwitch/AuthMoreData — every field with its byte range |
//! | [`decode::tls`] | TLS records (length-capped), handshake reassembly across records, ClientHello/ServerHello/Certificate/Alert (extension bodies via tls-parser); versions, suites and alerts as open newtypes |
//! | [`decode::conversation`] | one connection decoded in wire order: the phase transition table, messages with field trees for the views, decode problems |
//! | [`decode::error_text`] | a pasted client error message read into typed facts (client family, MySQL error number, OpenSSL/X509/TLS reasons, wrappers): plain substring tables, no regex |
//! | [`decode::pki`] | pasted certificate text (PEM with text around it, base64, DER) with line numbers; certificate summaries; path building; hostname matching per client family; rustls-webpki at a given time; the Amazon RDS catalogue |
//! | [`source::inputs`] | what the person gives: CA bundle text, served chain text, hostnames, a capture's transcript |
//! | [`source::builtin`] | the shipped Amazon RDS global bundle (dated snapshot) |
//! | [`source::capture`] | input detection and decoding: pcap/pcapng, hex dumps (xxd, hexdump -C, Wireshark, tcpdump -X …), base64, raw; link/IP/TCP, per-direction reassembly → connections with transcripts |
//! | [`source::inventory`] | the AWS inventory: the JSON of `aws rds describe-db-instances`, `-db-clusters`, `-db-proxies`, `-certificates`, `-db-engine-versions` as the AWS CLI prints it, read into typed resources |
//! | [`source::probe`] | the sans-IO live probe: greeting → SSLRequest → rustls with a recording verifier; the plaintext-login and TLS-version checks; its protocol as a transition table; typed outcomes (versions, suites, alerts) (transports: `cli::tcp` natively, the relay client in the browser) |
//! | [`evidence`] | the facts the rules read from a decoded connection (no user names, no auth data) |
//! | [`rules`] | the checks: client families, trust, verdicts per client, explanations, capture rules (cause before symptom), `analyze`, client versions (`rules::versions`), the CA rotation report of an inventory (`rules::rotation`), every capture connection's outcome and the capture's one path to a report (`rules::outcome`, for the CLI, the capture worker and the page), and the live probe's one path to a report (`rules::probe::report`) |
//! | [`report`] | the report (the CLI's JSON schema) with its plain-text and Markdown renderings; the live check's typed section, whose versions, suites and alerts it names (one name per value); a capture's connections with their outcomes, grouped summary and the most telling one (`report::connections`); a fleet's summary rows and the rotation report (table, Markdown, CSV) |
//! | [`share`] | share links: inputs ⇄ `#v1.…` URL fragment, bounded decoding, preview |
//! | [`web`] | the Yew page in role folders: `state` (the reducer and pure state, tested natively), `worker` (one protocol and host for the three lazily started Web Workers: probe, capture files and every analysis — the core worker, so the page's first load carries no decoder or rule —, AWS inventory), `browser` (file reading, bundle fetch, relay client, share links), `hooks` (capture jobs, the debounced analysis), `components`, `js_api` (`analyze()` for JS); the browser parts compile on wasm32 only |
//! | `cli` | the native CLI: `check`, `decode`, `probe`, `fleet` (many targets on a bounded scheduler; the inventory's rotation report), `share`, `explain`, `rules` (not on wasm32) |
//! | [`fuzz`] | fuzz entry points with each decoder's invariants, called by `fuzz/fuzz_targets/` and the corpus-replay tests |
//!
//! The relay (WebSocket ⇄ TCP for the browser's live probe) is its own crate in `relay/`.
#![forbid(unsafe_code)]

// Lowest layer first (tests/layers.rs checks that every import points down this list).
pub mod text;
pub mod time_fmt;
pub mod vocab;

pub mod decode;

pub mod source;

pub mod evidence;

pub mod report;

pub mod rules;

pub mod share;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod web;

pub mod fuzz;

pub use report::Report;
pub use rules::analyze;
pub use source::inputs::Inputs;
