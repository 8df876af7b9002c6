//! Fuzzes the TLS layer: record framing, handshake reassembly, hello/certificate/alert
//! decoding, directly and through the conversation decoder.
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run tls_records` (corpus in fuzz/corpus/tls_records,
//! replayed by tests/fuzz_corpus.rs on every test run).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mysql_tls_doctor::decode::conversation::decode_one_direction;
use mysql_tls_doctor::decode::tls::{handshake, Alert, ContentType, HandshakeReassembler, RecordFramer};

fuzz_target!(|data: &[u8]| {
    let mut reasm = HandshakeReassembler::new();
    for rec in RecordFramer::new(data).flatten() {
        let frag = rec.fragment(data);
        if rec.content_type.value == ContentType::ALERT {
            let _ = Alert::decode(frag, rec.fragment.start);
        } else {
            reasm.push(frag, rec.fragment.start);
        }
        while let Some(Ok(m)) = reasm.next_message() {
            let _ = handshake::decode(&m);
        }
    }
    // As a TLS stream inside a connection (made to start like a handshake record).
    let mut stream = vec![22, 3, 3];
    stream.extend_from_slice(data);
    let _ = decode_one_direction(&stream);
});
