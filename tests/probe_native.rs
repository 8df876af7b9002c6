//! The sans-IO probe over native TCP against real MariaDB servers started here.

mod support;

use std::time::Duration;

use mysql_tls_doctor::cli::tcp as run_tcp;
use mysql_tls_doctor::source::probe::machine::{Check, LoginAnswer, OfferKind, Outcome};
use support::mariadb::{MariaDb, TlsOptions};
use support::pki::TestPki;

fn probe(db: &MariaDb, check: Check) -> Outcome {
    let addr = format!("127.0.0.1:{}", db.port());
    let p = run_tcp::run(&addr, "localhost", check, [7; 32], Duration::from_secs(10)).expect("probe runs");
    p.outcome().cloned().expect("an outcome")
}

fn cli_probe(db: &MariaDb, ca: &std::path::Path, extra: &[&str]) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mysql-tls-doctor"))
        .args(["probe", &format!("127.0.0.1:{}", db.port()), "--ca"])
        .arg(ca)
        .args(["--host", "localhost", "--json"])
        .args(extra)
        .output()
        .expect("run the CLI");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn probes_real_mariadb_servers() {
    let Some(mut db) = MariaDb::init_or_skip("probes_real_mariadb_servers") else { return };
    let pki = TestPki::generate();
    let scenario = pki.scenarios().into_iter().next().expect("chain_ok");
    let files = scenario.write_to(&db.scratch_dir().join("pki"));
    let served: Vec<Vec<u8>> =
        mysql_tls_doctor::decode::pki::pem::parse(&scenario.chain_pem).certs.into_iter().map(|c| c.der).collect();

    db.start(&TlsOptions::new(&files.chain, &files.key));
    match probe(&db, Check::Tls(OfferKind::Both)) {
        Outcome::Tls { version, chain, sni, .. } => {
            assert_eq!(version, "TLS 1.3");
            assert_eq!(chain, served, "the recorded chain is what the server sent");
            assert_eq!(sni.as_deref(), Some("localhost"));
        }
        other => panic!("expected a TLS handshake, got {other:?}"),
    }
    match probe(&db, Check::Tls(OfferKind::Tls12Only)) {
        Outcome::Tls { version, chain, .. } => {
            assert_eq!(version, "TLS 1.2");
            assert_eq!(chain, served);
        }
        other => panic!("expected TLS 1.2, got {other:?}"),
    }
    // MariaDB 10.11 answers a plaintext login for an unknown user with 1045.
    match probe(&db, Check::RequireTls) {
        Outcome::Login(LoginAnswer::Err { code, .. }) => assert_eq!(code, 1045),
        other => panic!("expected ERR 1045, got {other:?}"),
    }
    // OpenSSL 3 at its default security level refuses TLS 1.0 and 1.1.
    for v in [0x0301, 0x0302] {
        match probe(&db, Check::Legacy(v)) {
            Outcome::Legacy { accepted, .. } => assert!(!accepted, "{v:#06x} accepted"),
            other => panic!("expected a legacy answer, got {other:?}"),
        }
    }

    db.start(&TlsOptions::new(&files.chain, &files.key).tls_version("TLSv1.3"));
    match probe(&db, Check::Tls(OfferKind::Tls12Only)) {
        Outcome::TlsFailed { error, .. } => {
            assert!(error.contains("ProtocolVersion") || error.contains("protocol"), "{error}")
        }
        other => panic!("expected a failed handshake, got {other:?}"),
    }

    // The CLI: the same probe, then the verdict matrix for the presented chain.
    db.start(&TlsOptions::new(&files.chain, &files.key));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mysql-tls-doctor"))
        .args(["probe", &format!("127.0.0.1:{}", db.port()), "--ca"])
        .arg(&files.ca)
        .args(["--host", "localhost", "--host", "127.0.0.1", "--require-tls-check", "--versions", "--json"])
        .output()
        .expect("run the CLI");
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(v["probe"]["tls_version"], "TLS 1.3");
    assert!(v["probe"]["server_version"].as_str().is_some_and(|s| s.contains("MariaDB")));
    assert!(v["probe"]["plaintext_login"].as_str().is_some_and(|s| s.contains("cannot tell")), "{}", v["probe"]);
    let versions: Vec<(String, bool)> = v["probe"]["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .map(|x| (x["version"].as_str().unwrap_or("").to_owned(), x["accepted"] == true))
        .collect();
    assert_eq!(
        versions,
        vec![("TLS 1.3".into(), true), ("TLS 1.2".into(), true), ("TLS 1.1".into(), false), ("TLS 1.0".into(), false)]
    );
    let verdicts = v["verdicts"].as_array().expect("verdicts");
    assert!(verdicts.iter().filter(|x| x["host"] == "localhost").all(|x| x["ok"] == true), "{verdicts:?}");
    assert!(verdicts.iter().any(|x| x["host"] == "127.0.0.1" && x["ok"] == false && x["cause"] == "hostname-mismatch"));
    assert_eq!(v["path"].as_array().map(Vec::len), Some(3), "leaf, intermediate, root from the CA file");

    // A self-signed server certificate: the probe still records it; every client refuses it.
    let (cert, key) = support::certs::Spec::leaf("localhost", &["localhost"]).self_signed_with_key();
    let dir = db.scratch_dir().join("selfsigned");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("cert.pem"), &cert).expect("write");
    std::fs::write(dir.join("key.pem"), &key).expect("write");
    db.start(&TlsOptions::new(dir.join("cert.pem"), dir.join("key.pem")));
    let v = cli_probe(&db, &files.ca, &[]);
    assert_eq!(v["probe"]["tls_version"], "TLS 1.3");
    assert_eq!(v["overall"]["status"], "fail");
    assert!(
        v["verdicts"].as_array().expect("verdicts").iter().all(|x| x["cause"] == "self-signed"),
        "{}",
        v["verdicts"]
    );

    // require_secure_transport=ON: MariaDB answers the made-up plaintext login with 1045, as
    // it does for any unknown user — the report says a plaintext check cannot tell.
    db.start(&TlsOptions { require_secure_transport: true, ..TlsOptions::new(&files.chain, &files.key) });
    match probe(&db, Check::RequireTls) {
        Outcome::Login(LoginAnswer::Err { code, .. }) => assert_eq!(code, 1045),
        other => panic!("expected ERR 1045, got {other:?}"),
    }
    let v = cli_probe(&db, &files.ca, &["--require-tls-check"]);
    assert!(v["probe"]["plaintext_login"].as_str().is_some_and(|s| s.contains("cannot tell")), "{}", v["probe"]);
    assert_eq!(v["overall"]["status"], "pass", "TLS itself is fine");

    db.start(&TlsOptions::default());
    match probe(&db, Check::Tls(OfferKind::Both)) {
        Outcome::NoTls { server_version } => assert!(server_version.contains("MariaDB"), "{server_version}"),
        other => panic!("expected no TLS, got {other:?}"),
    }
}
