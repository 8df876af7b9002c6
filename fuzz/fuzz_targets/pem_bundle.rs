//! Fuzzes the certificate-text parser (LF and CRLF line ends give the same parse) and the whole analysis over it.
//! The body and its invariants are [`mysql_tls_doctor::fuzz::pem_bundle`], which
//! tests/fuzz_corpus.rs also replays over fuzz/corpus/pem_bundle on every test run.
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run pem_bundle`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mysql_tls_doctor::fuzz::pem_bundle(data));
