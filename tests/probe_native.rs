//! The sans-IO probe over native TCP against real MariaDB servers started here.

mod support;

use std::time::Duration;

use mysql_tls_doctor::cli::tcp as run_tcp;
use mysql_tls_doctor::decode::tls::{AlertDescription, CipherSuite, ProtocolVersion};
use mysql_tls_doctor::source::probe::machine::{Check, LoginAnswer, OfferKind, Outcome, TlsError};
use serde_json::{json, Value};
use support::mariadb::{MariaDb, TlsOptions};
use support::pki::TestPki;

fn probe(db: &MariaDb, check: Check) -> Outcome {
    let addr = format!("127.0.0.1:{}", db.port());
    let p = run_tcp::run(&addr, "localhost", check, [7; 32], Duration::from_secs(10)).expect("probe runs");
    p.outcome().cloned().expect("an outcome")
}

fn cli(db: &MariaDb, ca: &std::path::Path, extra: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_mysql-tls-doctor"))
        .args(["probe", &format!("127.0.0.1:{}", db.port()), "--ca"])
        .arg(ca)
        .args(["--host", "localhost"])
        .args(extra)
        .output()
        .expect("run the CLI")
}

fn cli_probe(db: &MariaDb, ca: &std::path::Path, extra: &[&str]) -> Value {
    let out = cli(db, ca, &[&["--json"], extra].concat());
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

/// The report's finding ids, in order.
fn finding_ids(v: &Value) -> Vec<&str> {
    v["findings"].as_array().expect("findings").iter().map(|f| f["id"].as_str().expect("an id")).collect()
}

/// The probe section as the CLI's JSON has it, for a MariaDB server (its version as greeted).
fn section(v: &Value, port: u16, tls: Value, plaintext_login: Value, versions: Value) -> Value {
    let server_version = v["probe"]["server_version"].clone();
    assert!(server_version.as_str().is_some_and(|s| s.contains("MariaDB")), "{server_version}");
    let mut s = json!({
        "target": format!("127.0.0.1:{port}"),
        "server_version": server_version,
        "tls_version": null, "cipher_suite": null, "sni": null, "tls_error": null,
        "plaintext_login": plaintext_login,
        "versions": versions,
    });
    if let (Some(s), Some(tls)) = (s.as_object_mut(), tls.as_object()) {
        s.extend(tls.clone());
    }
    s
}

const CANNOT_TELL: &str = "answered ERR 1045: MariaDB gives this both when require_secure_transport=ON and for an unknown user, so a plaintext check cannot tell; run SHOW GLOBAL VARIABLES LIKE 'require_secure_transport' on the server";

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
        Outcome::Tls { version, suite, chain, sni } => {
            assert_eq!((version, suite), (ProtocolVersion::TLS_1_3, CipherSuite::TLS_AES_256_GCM_SHA384));
            assert_eq!(chain, served, "the recorded chain is what the server sent");
            assert_eq!(sni.as_deref(), Some("localhost"));
        }
        other => panic!("expected a TLS handshake, got {other:?}"),
    }
    match probe(&db, Check::Tls(OfferKind::Tls12Only)) {
        Outcome::Tls { version, chain, .. } => {
            assert_eq!(version, ProtocolVersion::TLS_1_2);
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
    for v in [ProtocolVersion::TLS_1_0, ProtocolVersion::TLS_1_1] {
        assert_eq!(
            probe(&db, Check::Legacy(v)),
            Outcome::Legacy { version: v, accepted: false, alert: Some(AlertDescription::PROTOCOL_VERSION) }
        );
    }

    db.start(&TlsOptions::new(&files.chain, &files.key).tls_version("TLSv1.3"));
    assert_eq!(
        probe(&db, Check::Tls(OfferKind::Tls12Only)),
        Outcome::TlsFailed { error: TlsError::Alert(AlertDescription::PROTOCOL_VERSION), chain: Vec::new() }
    );

    // The CLI: the same probe, then the verdict matrix for the presented chain.
    db.start(&TlsOptions::new(&files.chain, &files.key));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mysql-tls-doctor"))
        .args(["probe", &format!("127.0.0.1:{}", db.port()), "--ca"])
        .arg(&files.ca)
        .args(["--host", "localhost", "--host", "127.0.0.1", "--require-tls-check", "--versions", "--json"])
        .output()
        .expect("run the CLI");
    let v: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let suite = "TLS_AES_256_GCM_SHA384";
    let tls13 = json!({"tls_version": "TLS 1.3", "cipher_suite": suite, "sni": "localhost"});
    assert_eq!(
        v["probe"],
        section(
            &v,
            db.port(),
            tls13.clone(),
            CANNOT_TELL.into(),
            json!([
                {"version": "TLS 1.3", "accepted": true, "detail": format!("accepted ({suite})")},
                {"version": "TLS 1.2", "accepted": true, "detail": "accepted (TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384)"},
                {"version": "TLS 1.1", "accepted": false, "detail": "refused with alert protocol_version (70)"},
                {"version": "TLS 1.0", "accepted": false, "detail": "refused with alert protocol_version (70)"},
            ])
        )
    );
    // VERIFY_CA and the CA-only settings connect to 127.0.0.1 without its name: a warning.
    assert_eq!(finding_ids(&v), ["hostname-mismatch", "setting-verifies-less"]);
    // One name per suite: the section, the decoded ServerHello and the text say it alike.
    let server_hello = v["conversation"]["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter_map(|m| m["summary"].as_str())
        .find(|s| s.starts_with("ServerHello"))
        .expect("a ServerHello");
    assert_eq!(server_hello, format!("ServerHello: TLS 1.3, {suite} (0x1302)"));
    let text = String::from_utf8(cli(&db, &files.ca, &["--versions"]).stdout).expect("UTF-8");
    assert!(text.contains(&format!("  TLS: TLS 1.3, {suite}, SNI localhost\n")), "{text}");
    assert!(text.contains(&format!("  TLS 1.3: accepted ({suite})\n")), "{text}");
    assert!(!v.to_string().contains("TLS13_") && !text.contains("TLS13_"), "a second name for the suite");
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
    assert_eq!(v["probe"], section(&v, db.port(), tls13.clone(), Value::Null, json!([])));
    // Every verifying client refuses it; the settings that verify nothing connect, unverified.
    assert_eq!(finding_ids(&v), ["self-signed", "setting-verifies-less"]);
    assert_eq!(v["overall"]["status"], "mixed");
    assert!(
        v["verdicts"]
            .as_array()
            .expect("verdicts")
            .iter()
            .all(|x| x["cause"] == "self-signed" || (x["ok"] == true && x["unverified"] == true)),
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
    assert_eq!(v["probe"], section(&v, db.port(), tls13, CANNOT_TELL.into(), json!([])));
    assert_eq!(finding_ids(&v), Vec::<&str>::new());
    assert_eq!(v["overall"]["status"], "pass", "TLS itself is fine");

    db.start(&TlsOptions::default());
    match probe(&db, Check::Tls(OfferKind::Both)) {
        Outcome::NoTls { server_version } => assert!(server_version.contains("MariaDB"), "{server_version}"),
        other => panic!("expected no TLS, got {other:?}"),
    }
    // No TLS: said once, by the rules over the decoded greeting (not again by the probe).
    let v = cli_probe(&db, &files.ca, &["--require-tls-check", "--versions"]);
    assert_eq!(
        v["probe"],
        section(
            &v,
            db.port(),
            json!({}),
            CANNOT_TELL.into(),
            json!([
                {"version": "TLS 1.3", "accepted": null, "detail": "the server offers no TLS"},
                {"version": "TLS 1.2", "accepted": null, "detail": "the server offers no TLS"},
                {"version": "TLS 1.1", "accepted": null, "detail": "the server offers no TLS"},
                {"version": "TLS 1.0", "accepted": null, "detail": "the server offers no TLS"},
            ])
        )
    );
    assert_eq!(finding_ids(&v), ["server-offers-no-tls"]);
    assert_eq!(v["overall"]["status"], "fail");
}
