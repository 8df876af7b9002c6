//! The streamed read (`rules::outcome::Judge`: each connection judged as it ends on a second
//! thread, its bytes let go) against the whole one (`decode` + `outcomes` + `most_telling`,
//! every transcript kept) for the same bytes: every outcome, every connection's facts, the
//! connection selected and its bytes must be the same. The whole read is the oracle.

use mysql_tls_doctor::report::connections::most_telling;
use mysql_tls_doctor::rules::outcome::{outcomes, Judge, Judged};
use mysql_tls_doctor::source::capture::{decode, Connection, Decoded, Decoder, Format};

/// Reads `bytes` streamed in chunks of `chunk` bytes, showing `keep` (else the most telling).
pub fn read(bytes: &[u8], now: Option<i64>, keep: Option<usize>, chunk: usize) -> Judged {
    let (judge, handoff) = Judge::start(now, keep);
    let mut decoder = Decoder::new(Format::Auto).handing_over(handoff);
    for part in bytes.chunks(chunk.max(1)) {
        decoder.push(part);
    }
    judge.finish(decoder.finish().expect("decodes streamed"))
}

/// The connections without their bytes.
fn facts(d: &Decoded) -> Vec<Connection> {
    match d {
        Decoded::Connections { connections, .. } => {
            connections.iter().map(|c| Connection { transcript: Default::default(), ..c.clone() }).collect()
        }
        Decoded::Bytes { .. } => Vec::new(),
    }
}

/// Asserts the streamed read of `bytes` is the whole read, for the default selection and for
/// `keep` = each of the first 20 connections; returns the whole read's outcomes count.
pub fn assert_same(bytes: &[u8], now: Option<i64>) -> usize {
    let whole = decode(bytes, Format::Auto).expect("decodes whole");
    let want = outcomes(&whole, now);
    let mut keeps = vec![None];
    keeps.extend((0..want.len().min(20)).map(Some));
    for (i, keep) in keeps.into_iter().enumerate() {
        // Odd chunk sizes too: records then straddle chunks.
        let chunk = [1 << 20, 997, 64][i % 3];
        let got = read(bytes, now, keep, chunk);
        assert_eq!(got.outcomes, want, "the outcomes (keep {keep:?})");
        assert_eq!(facts(&got.decoded), facts(&whole), "the connections' facts (keep {keep:?})");
        assert_eq!(got.decoded.problems(), whole.problems(), "the problems (keep {keep:?})");
        let selected = keep.or_else(|| most_telling(&want));
        assert_eq!(got.selected, selected, "the connection shown");
        assert_eq!(got.decoded.transcript(selected), whole.transcript(selected), "its bytes (keep {keep:?})");
    }
    want.len()
}
