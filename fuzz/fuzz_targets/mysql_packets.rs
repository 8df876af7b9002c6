//! Fuzzes the conversation decoder: any bytes as a one-direction paste, and split into a
//! two-direction transcript (the first two bytes choose the split and the chunk size).
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run mysql_packets` (corpus in fuzz/corpus/mysql_packets,
//! replayed by tests/fuzz_corpus.rs on every test run).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mysql_tls_doctor::decode::conversation::{decode, decode_one_direction};
use mysql_tls_doctor::evidence::evidence;
use mysql_tls_doctor::vocab::Transcript;

fuzz_target!(|data: &[u8]| {
    let c = decode_one_direction(data);
    let _ = evidence(&c, &Transcript::default());
    let [split, chunk, rest @ ..] = data else {
        return;
    };
    let (server, client) = rest.split_at(rest.len() * usize::from(*split) / 256);
    let t = Transcript::alternating(client.to_vec(), server.to_vec(), usize::from(*chunk) + 1);
    let c = decode(&t);
    let _ = evidence(&c, &t);
});
