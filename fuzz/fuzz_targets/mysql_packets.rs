//! Fuzzes the conversation decoder, one direction and two (every byte in exactly one message; a finer wire order decodes the same).
//! The body and its invariants are [`mysql_tls_doctor::fuzz::mysql_packets`], which
//! tests/fuzz_corpus.rs also replays over fuzz/corpus/mysql_packets on every test run.
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run mysql_packets`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mysql_tls_doctor::fuzz::mysql_packets(data));
