//! Fuzzes share links: any `#v1.` fragment decodes without panic within the caps, and states round-trip.
//! The body and its invariants are [`mysql_tls_doctor::fuzz::share_link`], which
//! tests/fuzz_corpus.rs also replays over fuzz/corpus/share_link on every test run.
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run share_link`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mysql_tls_doctor::fuzz::share_link(data));
