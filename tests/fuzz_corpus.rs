//! Replays every fuzz corpus (fuzz/corpus/TARGET) and any input the fuzzer saved
//! (fuzz/artifacts/TARGET) through the library's fuzz entry points, the same functions the
//! targets call, so the decoders' invariants are checked on every test run. Plus the
//! regression tests for what fuzzing found.

use std::path::{Path, PathBuf};

use mysql_tls_doctor::decode::conversation::{decode_one_direction, MessageKind, ProblemKind};
use mysql_tls_doctor::decode::tls::{ContentType, DecodeError};
use mysql_tls_doctor::fuzz;
use mysql_tls_doctor::vocab::Direction;

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.is_file());
    out.sort();
    out
}

/// Replays `target`'s corpus and artifacts; returns how many corpus files there were.
fn replay(target: &str, run: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let corpus = files(&root.join("corpus").join(target));
    for file in corpus.iter().chain(&files(&root.join("artifacts").join(target))) {
        let data = std::fs::read(file).expect("read corpus file");
        // A panic names the invariant; this names the file.
        eprintln!("replaying {}", file.display());
        run(&data);
    }
    corpus.len()
}

/// A target's body: `mysql_tls_doctor::fuzz::TARGET`.
type EntryPoint = fn(&[u8]);

/// Every target, its entry point, and the fewest corpus files it may have (its seeds).
const TARGETS: [(&str, EntryPoint, usize); 6] = [
    ("capture_pcap", fuzz::capture_pcap, 8),
    ("capture_text", fuzz::capture_text, 11),
    ("mysql_packets", fuzz::mysql_packets, 15),
    ("pem_bundle", fuzz::pem_bundle, 7),
    ("share_link", fuzz::share_link, 9),
    ("tls_records", fuzz::tls_records, 9),
];

#[test]
fn replays_every_corpus_through_its_entry_point() {
    for (target, run, seeds) in TARGETS {
        let n = replay(target, run);
        assert!(n >= seeds, "{target}: corpus has {n} files, fewer than its {seeds} seeds");
    }
}

/// A corpus no entry in TARGETS replays would be dead weight: every directory has one.
#[test]
fn every_corpus_directory_is_a_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut dirs: Vec<String> = std::fs::read_dir(root)
        .expect("fuzz/corpus")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    assert_eq!(dirs, TARGETS.map(|(t, _, _)| t));
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

/// The fuzz lead "gap or overlap at 36": an SSLRequest, then a handshake record with an empty
/// fragment (`16 03 01 00 00`, forbidden by RFC 8446 §5.1 and RFC 5246 §6.2.1). The record was
/// pushed into the reassembler, completed no message and vanished; it is now a message of its
/// own with the problem noted.
#[test]
fn an_empty_handshake_record_is_a_message_of_its_own() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus/mysql_packets/lead_gap_at_36_empty_handshake_record.bin");
    let data = std::fs::read(path).expect("lead");
    let c = decode_one_direction(&data);
    let ranges: Vec<_> = c.messages.iter().map(|m| (m.dir, m.range.clone())).collect();
    let c2s = Direction::ClientToServer;
    let expected = [0..36, 36..41, 41..45, 45..49, 49..53, 53..57, 57..61, 61..65, 65..69, 69..274];
    assert_eq!(ranges, expected.map(|r| (c2s, r)));
    assert_eq!(c.messages[0].summary, "SSLRequest: switch to TLS");
    assert_eq!(c.messages[1].kind, MessageKind::TlsRecord { content_type: ContentType::HANDSHAKE, len: 0 });
    assert_eq!(c.messages[1].summary, "TLS handshake (22) record (0 bytes)");
    let problem = &c.errors[0];
    assert_eq!((problem.dir, problem.offset), (c2s, 36));
    assert_eq!(
        problem.kind,
        ProblemKind::Tls(DecodeError::Invalid {
            offset: 36,
            what: "handshake record",
            expected: "a non-empty fragment (RFC 8446 §5.1)",
            got: "none".into()
        })
    );
}

/// Inside a handshake message an empty record is covered by that message (its range spans the
/// records it came in), and is still reported.
#[test]
fn an_empty_handshake_record_inside_a_message_is_part_of_it() {
    // ServerHelloDone (14, length 0) cut after its type byte, an empty record, then the rest.
    let data = [22, 3, 3, 0, 1, 14, 22, 3, 3, 0, 0, 22, 3, 3, 0, 3, 0, 0, 0];
    let c = decode_one_direction(&data);
    let s2c = Direction::ServerToClient;
    let got: Vec<_> = c.messages.iter().map(|m| (m.dir, m.range.clone(), m.summary.as_str())).collect();
    assert_eq!(got, [(s2c, 0..19, "Handshake: server_hello_done (14)")]);
    let offsets: Vec<_> = c.errors.iter().map(|e| e.offset).collect();
    assert_eq!(offsets, [6]);
}

/// Found by the tls_records target: a handshake message that never completes (it declares
/// 201,739 bytes), then an empty handshake record. The unfinished message ended at its last
/// byte (28), leaving the empty record at 28..33 in no message; it now reaches over the
/// records that carried it.
#[test]
fn an_unfinished_message_covers_the_empty_record_after_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/tls_records");
    let mut stream = vec![22, 3, 3]; // as the target sees it
    stream.extend(std::fs::read(root.join("crash_empty_record_after_unfinished_message.bin")).expect("crash"));
    let c = decode_one_direction(&stream);
    let s2c = Direction::ServerToClient;
    let got: Vec<_> = c.messages.iter().map(|m| (m.dir, m.range.clone(), m.summary.as_str())).collect();
    assert_eq!(
        got,
        [(s2c, 0..33, "23 undecoded bytes"), (s2c, 33..38, "1 undecoded bytes"), (s2c, 38..107, "69 undecoded bytes")]
    );
    let offsets: Vec<_> = c.errors.iter().map(|e| e.offset).collect();
    assert_eq!(offsets, [28, 5, 37, 38]);
}

/// Found by the mysql_packets target: a handshake message still waiting for bytes when MySQL
/// packets came in the same direction, then an empty handshake record. The message is now
/// ended by the first packet (before, it waited and, flushed at the end, would have reached
/// over the packets).
#[test]
fn a_mysql_packet_ends_a_waiting_handshake_message() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/mysql_packets");
    let data = std::fs::read(root.join("crash_gap_at_244.bin")).expect("crash");
    let c = decode_one_direction(&data);
    let ranges: Vec<_> = c.messages.iter().map(|m| (m.dir, m.range.clone())).collect();
    let mut expected = vec![0..36, 36..224, 224..228, 228..232, 232..244, 244..249];
    expected.extend((249..277).step_by(4).map(|s| s..s + 4));
    expected.push(277..290);
    let expected: Vec<_> = expected.into_iter().map(|r| (Direction::ClientToServer, r)).collect();
    assert_eq!(ranges, expected);
    assert_eq!(c.messages[1].kind, MessageKind::Unknown);
    assert_eq!(c.messages[5].kind, MessageKind::TlsRecord { content_type: ContentType::HANDSHAKE, len: 0 });
    let first = &c.errors[0];
    assert_eq!(
        first.kind,
        ProblemKind::Tls(DecodeError::Truncated { offset: 41, what: "handshake message", needed: 41 })
    );
}

/// Writes the share_link target's seeds: links as the page writes them (built-in bundle by
/// reference, inline certificates, a capture), a state's raw bytes, and broken links.
/// Run: `cargo test --test fuzz_corpus -- --ignored`.
#[test]
#[ignore]
fn write_share_link_seeds() {
    use mysql_tls_doctor::share::state::Builtin;
    use mysql_tls_doctor::share::{encode, SharedState};
    use mysql_tls_doctor::source::builtin::{RDS_GLOBAL_ID, RDS_GLOBAL_PEM};
    use mysql_tls_doctor::vocab::Transcript;
    use mysql_tls_doctor::Inputs;

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let read = |p: &str| std::fs::read(root.join(p)).expect("seed source");
    let dir = root.join("share_link");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).expect("write");
    let rds = Builtin::new(RDS_GLOBAL_ID, RDS_GLOBAL_PEM);
    let certs = mysql_tls_doctor::decode::pki::pem::parse(RDS_GLOBAL_PEM).certs;
    let two: String = certs.iter().take(2).map(|c| mysql_tls_doctor::decode::pki::pem::to_pem(&c.der)).collect();
    let capture = Transcript::from_parts(&[
        (Direction::ServerToClient, read("mysql_packets/greeting_mariadb_10_11.bin")),
        (Direction::ClientToServer, read("mysql_packets/client_sslrequest_clienthello_tls12.bin")),
        (Direction::ServerToClient, read("mysql_packets/server_protocol_version_alert_then_err_1043.bin")),
    ]);
    let builtin = Inputs {
        ca_bundle: RDS_GLOBAL_PEM.into(),
        ca_label: Some(RDS_GLOBAL_ID.into()),
        chain: two.clone(),
        hosts: vec!["mydb.abc123xyz.us-east-1.rds.amazonaws.com".into()],
        capture: None,
        ..Default::default()
    };
    let state = SharedState::from_inputs(&builtin, Some(1_767_225_600), Some(&rds));
    write("link_builtin_bundle.txt", format!("#{}", encode(&state)).as_bytes());
    write("state_builtin_bundle.postcard", &postcard::to_allocvec(&state).expect("postcard"));
    let inline = Inputs { ca_bundle: two.clone(), ca_label: None, capture: Some(capture), ..builtin };
    let state = SharedState::from_inputs(&inline, None, None);
    write("link_inline_certs_capture.txt", encode(&state).as_bytes());
    write("state_inline_certs_capture.postcard", &postcard::to_allocvec(&state).expect("postcard"));
    write("pasted_chain_and_hosts.txt", format!("db.example.com:3306\n{two}").as_bytes());
    write("unknown_version.txt", b"#v2.AAAA");
    write("not_base64.txt", b"v1.ab$cd");
    write("not_deflate.txt", b"v1.AAAA");
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![0u8; 2 << 20], 10);
    write("deflate_bomb.txt", format!("v1.{}", base64_url(&bomb)).as_bytes());
}

fn base64_url(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
