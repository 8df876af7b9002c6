//! Fuzzes the TLS layer: records, handshake reassembly (independent of fragment cuts), hello/certificate/alert decoding, and as a stream in a connection.
//! The body and its invariants are [`mysql_tls_doctor::fuzz::tls_records`], which
//! tests/fuzz_corpus.rs also replays over fuzz/corpus/tls_records on every test run.
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run tls_records`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mysql_tls_doctor::fuzz::tls_records(data));
