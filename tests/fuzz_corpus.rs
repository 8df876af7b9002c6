//! Replays the conversation and TLS fuzz corpora (and any crash the fuzzer saved under
//! fuzz/artifacts) through the decoders their targets drive, with the same calls as the
//! targets, on every test run. Other targets' corpora are replayed by their own tests
//! (pem_bundle: tests/bad_input.rs).

use std::path::{Path, PathBuf};

use mysql_tls_doctor::decode::conversation::{decode, decode_one_direction, Conversation};

use mysql_tls_doctor::evidence::evidence;

use mysql_tls_doctor::decode::tls::{handshake, Alert, ContentType, HandshakeReassembler, RecordFramer};
use mysql_tls_doctor::vocab::Transcript;

/// fuzz/fuzz_targets/mysql_packets.rs
fn mysql_packets(data: &[u8]) {
    let c = decode_one_direction(data);
    assert_tiles(&c, data.len());
    let _ = evidence(&c, &Transcript::default());
    let [split, chunk, rest @ ..] = data else {
        return;
    };
    let (server, client) = rest.split_at(rest.len() * usize::from(*split) / 256);
    let t = Transcript::alternating(client.to_vec(), server.to_vec(), usize::from(*chunk) + 1);
    let c = decode(&t);
    let _ = evidence(&c, &t);
}

/// fuzz/fuzz_targets/tls_records.rs
fn tls_records(data: &[u8]) {
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
    let mut stream = vec![22, 3, 3];
    stream.extend_from_slice(data);
    let c = decode_one_direction(&stream);
    assert_tiles(&c, stream.len());
}

/// A one-direction decode accounts for every byte exactly once.
fn assert_tiles(c: &Conversation, len: usize) {
    let mut ranges: Vec<_> = c.messages.iter().map(|m| m.range.clone()).collect();
    ranges.sort_by_key(|r| r.start);
    let mut at = 0;
    for r in &ranges {
        assert_eq!(r.start, at, "gap or overlap at {at}: {ranges:?}");
        at = r.end;
    }
    assert_eq!(at, len, "not every byte is in a message: {ranges:?}");
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.is_file());
    out.sort();
    out
}

#[test]
fn replays_every_corpus_dir() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut replayed = 0;
    for sub in ["corpus", "artifacts"] {
        let Ok(dirs) = std::fs::read_dir(root.join(sub)) else {
            continue;
        };
        let mut dirs: Vec<PathBuf> = dirs.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        dirs.sort();
        for dir in dirs {
            let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
            let replay: fn(&[u8]) = match name.as_str() {
                "mysql_packets" => mysql_packets,
                "tls_records" => tls_records,
                _ => continue,
            };
            for file in files(&dir) {
                let data = std::fs::read(&file).expect("read corpus file");
                replay(&data);
                replayed += 1;
            }
        }
    }
    assert!(replayed >= 20, "only {replayed} corpus files");
}

#[test]
fn real_capture_seeds_decode_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/mysql_packets");
    for name in [
        "greeting_mariadb_10_11.bin",
        "client_sslrequest_clienthello_tls12.bin",
        "server_protocol_version_alert_then_err_1043.bin",
        "server_tls13_then_err_1043.bin",
    ] {
        let data = std::fs::read(dir.join(name)).expect("seed");
        let c = decode_one_direction(&data);
        assert_eq!(c.errors, vec![], "{name}");
    }
}
