//! Fuzzes pasted-text decoding: dump detection, plain hex, base64, and the packets they may hold.
//! The body and its invariants are [`mysql_tls_doctor::fuzz::capture_text`], which
//! tests/fuzz_corpus.rs also replays over fuzz/corpus/capture_text on every test run.
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run capture_text`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mysql_tls_doctor::fuzz::capture_text(data));
