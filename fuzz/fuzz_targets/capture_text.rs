//! Fuzzes pasted-text decoding: dump detection (xxd, hexdump -C, Wireshark, tcpdump -X, od),
//! plain hex, base64, and the packets they may hold.
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run capture_text` (corpus in fuzz/corpus/capture_text,
//! replayed by tests/fuzz_corpus_capture.rs on every test run).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mysql_tls_doctor::source::capture::{decode_text, Format};

fuzz_target!(|text: &str| {
    for format in [Format::Auto, Format::Hex, Format::Base64] {
        let _ = decode_text(text, format);
    }
});
