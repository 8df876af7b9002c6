//! Fuzzes the bundle parser and the whole analysis over it: any bytes, as bundle and as chain.
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run pem_bundle` (corpus in fuzz/corpus/pem_bundle,
//! replayed by tests/bad_input.rs on every test run).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mysql_tls_doctor::{analyze, Inputs};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = mysql_tls_doctor::decode::pki::pem::parse(&text);
    let inputs = Inputs {
        ca_bundle: text.to_string(),
        ca_label: None,
        chain: text.to_string(),
        hosts: vec!["db.example.com".into()],
        capture: None,
    };
    let _ = analyze(&inputs, 1_767_225_600);
});
