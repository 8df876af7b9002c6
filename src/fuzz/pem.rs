//! The certificate-text parser and the whole analysis over it.

use crate::decode::pki::pem::{parse, MAX_INPUT_BYTES};
use crate::source::inputs::Inputs;

/// 2026-01-01T00:00:00Z: a fixed check time (no clock in the core).
const NOW: i64 = 1_767_225_600;

/// Any bytes as certificate text, parsed with LF and with CRLF line ends, and analysed as the
/// CA bundle and the served chain.
pub fn pem_bundle(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let parsed = parse(&text);
    // A bundle saved on Windows is the same bundle: same certificates, problems, key lines
    // (line numbers count `\n` either way). Not near the size cap, where CRLF is the longer.
    let lf = text.replace("\r\n", "\n");
    let crlf = lf.replace('\n', "\r\n");
    if crlf.len() <= MAX_INPUT_BYTES {
        assert_eq!(parse(&lf), parsed, "the parse changed with CRLF line ends made LF");
        assert_eq!(parse(&crlf), parsed, "the parse changed with LF line ends made CRLF");
    }
    let inputs = Inputs {
        ca_bundle: text.to_string(),
        ca_label: None,
        chain: text.to_string(),
        hosts: vec!["db.example.com".into()],
        capture: None,
        ..Inputs::default()
    };
    let _ = crate::rules::analyze(&inputs, NOW);
}
