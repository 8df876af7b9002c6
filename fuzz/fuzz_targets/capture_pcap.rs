//! Fuzzes capture decoding of any bytes with format detection, whole and in two chunkings (same answer), connections tiled into messages.
//! The body and its invariants are [`mysql_tls_doctor::fuzz::capture_pcap`], which
//! tests/fuzz_corpus.rs also replays over fuzz/corpus/capture_pcap on every test run.
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run capture_pcap`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mysql_tls_doctor::fuzz::capture_pcap(data));
