//! Capture decoding: files (pcap, pcapng, detected text, raw) and pasted text.

use super::conversation::assert_tiles;
use crate::decode::conversation::{decode_with, Options};
use crate::source::capture::{decode, decode_text, CaptureError, Decoded, Decoder, Format};

/// Any bytes with format detection, whole and through the streaming decoder in two chunkings
/// taken from the input; and forced to pcapng.
pub fn capture_pcap(data: &[u8]) {
    let whole = decode(data, Format::Auto);
    // A browser reads a file in slices of whatever size: the answer must not depend on them.
    // Even slices of the first byte's size, and uneven ones sized by the bytes read backwards.
    let step = usize::from(data.first().copied().unwrap_or(1)).max(1);
    let even = data.chunks(step).collect::<Vec<_>>();
    assert_eq!(streamed(&even), whole, "chunks of {step} bytes changed the result");
    let uneven = uneven_chunks(data);
    let sizes: Vec<usize> = uneven.iter().map(|c| c.len()).collect();
    assert_eq!(streamed(&uneven), whole, "chunks of {sizes:?} bytes changed the result");
    tiles(&whole);
    let _ = decode(data, Format::Pcapng);
}

/// Pasted text: dump detection (xxd, hexdump -C, Wireshark, tcpdump -X, od), plain hex,
/// base64, and the packets they may hold. Bytes that are not UTF-8 are not text (the target
/// skips them, as libFuzzer's `&str` targets do).
pub fn capture_text(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for format in [Format::Auto, Format::Hex, Format::Base64] {
        tiles(&decode_text(text, format));
    }
}

fn streamed(chunks: &[&[u8]]) -> Result<Decoded, CaptureError> {
    let mut d = Decoder::new(Format::Auto);
    for chunk in chunks {
        d.push(chunk);
    }
    d.finish()
}

/// `data` cut into pieces of 1..=97 bytes, the n-th piece sized by the n-th byte from the end.
fn uneven_chunks(data: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut sizes = data.iter().rev().cycle();
    let mut rest = data;
    while !rest.is_empty() {
        let size = usize::from(sizes.next().copied().unwrap_or(0) % 97) + 1;
        let (piece, tail) = rest.split_at(size.min(rest.len()));
        out.push(piece);
        rest = tail;
    }
    out
}

/// Every decoded connection's bytes land in exactly one message each.
fn tiles(decoded: &Result<Decoded, CaptureError>) {
    let Ok(Decoded::Connections { connections, .. }) = decoded else {
        return;
    };
    for c in connections {
        let conv = decode_with(&c.transcript, Options { field_trees: false });
        assert_tiles(&conv, &c.transcript);
    }
}
