//! `check --capture FILE` alone (no bundle, no hostname) and `decode --json` on the real TLS 1.2
//! capture of tests/e2e/fixtures: what the capture proves, from the CLI process itself.

use std::process::Command;

const CAPTURE: &str = "tests/e2e/fixtures/tls12_login.pcapng";

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mysql-tls-doctor")).args(args).output().expect("run the CLI");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_capture_alone_is_enough_to_check() {
    let (code, out, err) = cli(&["check", "--capture", CAPTURE]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some("PASS — Connection #0 worked: TLS 1.2 was established and both sides exchanged data over it (the certificate is for localhost; give the hostname to check each client's verdict)")
    );
    assert_eq!(lines.get(3).copied(), Some("connections (the report is about #0):"));
    assert!(
        lines.get(4).is_some_and(
            |l| l.starts_with("* #0 127.0.0.1:40202 → 127.0.0.1:32843  tls-established [TLS 1.2, 5.5.5-10.11")
        ),
        "{out}"
    );
}

#[test]
fn check_still_asks_for_a_bundle_and_hostname_without_a_capture() {
    let (code, _, err) = cli(&["check", "--chain", "tests/e2e/fixtures/tls12_chain.pem"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--ca <FILE>") && err.contains("--host <HOST>"), "{err}");
}

#[test]
fn decode_json_gives_every_connection_its_outcome() {
    let (code, out, err) = cli(&["decode", CAPTURE, "--json"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let c = &v["connections"][0];
    assert_eq!(
        (c["outcome"].as_str(), c["failed_by"].as_null(), c["cause"].as_null(), c["tls_version"].as_str()),
        (Some("tls-established"), Some(()), Some(()), Some("TLS 1.2"))
    );
    assert_eq!(c["server_version"].as_str(), Some("5.5.5-10.11.19-MariaDB-0+deb12u1"));
    assert_eq!(v["selected"].as_u64(), Some(0));
    assert_eq!(v["connections"].as_array().map(Vec::len), Some(1));
}
