//! Bad input gets a clear message with its line, never a panic.

use mysql_tls_doctor::decode::pki::pem;
use mysql_tls_doctor::{analyze, Inputs};

const NOW: i64 = 1_767_225_600;

fn rds_bundle() -> String {
    mysql_tls_doctor::source::builtin::RDS_GLOBAL_PEM.to_owned()
}

fn only_problem(text: &str) -> pem::Problem {
    let p = pem::parse(text);
    assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
    p.problems.into_iter().next().expect("one problem")
}

#[test]
fn rejects_garbage_with_the_line() {
    let p = only_problem("hello\nworld\nthis is not a certificate");
    assert_eq!(p.line, 1);
    assert!(p.message.contains("no `-----BEGIN CERTIFICATE-----` block found"), "{}", p.message);
    let p = only_problem("QUJD\nREVG\n!oops");
    assert_eq!(p.line, 3);
    assert!(p.message.contains("'!'"), "{}", p.message);
}

#[test]
fn rejects_truncated_pem_with_the_begin_line() {
    let bundle = rds_bundle();
    let cut: String = bundle.lines().take(40).collect::<Vec<_>>().join("\n");
    let p = pem::parse(&cut);
    assert_eq!(p.certs.len(), 1, "the complete first block still counts");
    let problem = p.problems.first().expect("a problem");
    assert_eq!(problem.line, 25, "{problem:?}");
    assert!(problem.message.contains("has no END line"), "{}", problem.message);
}

#[test]
fn rejects_bad_base64_at_its_line() {
    let mut lines: Vec<String> = rds_bundle().lines().map(str::to_owned).collect();
    lines[5] = lines[5].replacen('A', "#", 1);
    let p = pem::parse(&lines.join("\n"));
    let problem = p.problems.first().expect("a problem");
    assert_eq!(problem.line, 6);
    assert!(problem.message.contains("'#'") && problem.message.contains("line 1"), "{}", problem.message);
    assert_eq!(p.certs.len(), 120, "the other certificates still decode");
}

#[test]
fn names_non_certificate_blocks() {
    let p = only_problem("x\n-----BEGIN CERTIFICATE REQUEST-----\nQUJD\n-----END CERTIFICATE REQUEST-----\n");
    assert_eq!(p.line, 2);
    assert!(p.message.contains("certificate signing request"), "{}", p.message);
    let p = only_problem("-----BEGIN PKCS7-----\nQUJD\n-----END PKCS7-----\n");
    assert!(p.message.contains("openssl pkcs7 -print_certs"), "{}", p.message);
    let p = only_problem("-----BEGIN CERTIFICATE-----\nQUJD\n-----END CRL-----\n");
    assert!(p.message.contains("does not close"), "{}", p.message);
}

#[test]
fn private_keys_are_found_and_stripped() {
    let text = "a\n-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0\n-----END RSA PRIVATE KEY-----\nb\n";
    let p = pem::parse(text);
    assert_eq!(p.private_key_lines, vec![2]);
    let (clean, n) = pem::strip_private_keys(text);
    assert_eq!((clean.as_str(), n), ("a\nb\n", 1));
}

#[test]
fn a_certificate_block_that_is_not_a_certificate() {
    let r = analyze(
        &Inputs { chain: "-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n".into(), ..Inputs::default() },
        NOW,
    );
    let p = r.input_problems.first().expect("problem");
    assert_eq!((&*p.input, p.line), ("chain", 1));
    assert!(p.message.contains("not a readable certificate"), "{}", p.message);
}

#[test]
fn ten_megabytes_of_garbage_is_one_clear_message() {
    let junk = "x".repeat(10 * 1024 * 1024);
    let p = only_problem(&junk);
    assert!(p.message.contains("does not decode to a DER certificate"), "{}", p.message);
    let huge = "A".repeat(17 * 1024 * 1024);
    let p = only_problem(&huge);
    assert!(p.message.contains("limited to"), "{}", p.message);
    let r = analyze(&Inputs { ca_bundle: junk, ..Inputs::default() }, NOW);
    assert_eq!(r.input_problems.len(), 1);
}

/// Deterministic mutations of a real bundle: flipped, cut and repeated bytes. Bounded.
#[test]
fn mutated_bundles_never_panic() {
    let base = rds_bundle().into_bytes();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..100 {
        let mut b = base.clone();
        for _ in 0..(next() % 8 + 1) {
            let i = (next() as usize) % b.len();
            match next() % 3 {
                0 => b[i] = next() as u8,
                1 => b.truncate(i.max(1)),
                _ => b.insert(i, b'\n'),
            }
        }
        let text = String::from_utf8_lossy(&b).to_string();
        let r = analyze(
            &Inputs {
                ca_bundle: text.clone(),
                chain: text,
                hosts: vec!["h".into()],
                ca_label: None,
                capture: None,
                ..Default::default()
            },
            NOW,
        );
        assert!(r.inputs.bundle_certificates <= 121);
    }
}

/// The fuzz corpus (and any crash the fuzzer saved) is replayed on every test run.
#[test]
fn replays_the_fuzz_corpus() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/pem_bundle");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("corpus dir") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("read");
        let text = String::from_utf8_lossy(&bytes).to_string();
        let _ = analyze(
            &Inputs {
                ca_bundle: text.clone(),
                chain: text,
                hosts: vec!["db".into()],
                ca_label: None,
                capture: None,
                ..Default::default()
            },
            NOW,
        );
        n += 1;
    }
    assert!(n >= 7, "corpus has {n} files");
}
