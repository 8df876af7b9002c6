//! Fuzzes capture decoding of any bytes with format detection (pcap, pcapng, text, raw), whole
//! and through the streaming decoder in uneven chunks.
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run capture_pcap` (corpus in fuzz/corpus/capture_pcap,
//! replayed by tests/fuzz_corpus_capture.rs on every test run).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mysql_tls_doctor::source::capture::{decode, Decoder, Format};

fuzz_target!(|data: &[u8]| {
    let whole = decode(data, Format::Auto);
    let mut d = Decoder::new(Format::Auto);
    let step = usize::from(data.first().copied().unwrap_or(1)).max(1);
    for chunk in data.chunks(step) {
        d.push(chunk);
    }
    // Chunking must not change the answer.
    assert_eq!(d.finish(), whole);
    let _ = decode(data, Format::Pcapng);
});
