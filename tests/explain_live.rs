//! The real `mariadb` client's own error texts, produced here against a real MariaDB (same
//! harness as `tests/mariadb_client.rs`), and what `explain` makes of each: the exact stderr
//! is checked against the corpus row it was recorded in (`tests/fixtures/error-messages.tsv`,
//! origin `observed: … explain_live …`), and the explanation against that row's expectation.
//! So a client upgrade that changes a text fails here, and the corpus stays real.
//!
//! Skipped (with a message) when `mariadbd` is not installed, unless `CI` is set.

mod support;

use std::process::Command;

use mysql_tls_doctor::rules::error_message::explain;
use support::mariadb::{free_loopback_port, run_bounded, MariaDb, TlsOptions, CLIENT_TIMEOUT};
use support::pki::TestPki;

/// One live case: how to provoke it, and the stderr the client printed when it was recorded.
struct Live {
    name: &'static str,
    /// The exact stderr (trimmed), with `PORT` and `DIR` standing for the run's port and scratch dir.
    stderr: &'static str,
}

// Recorded 2026-12-03, MariaDB 10.11 client ("Ver 15.1 Distrib 10.11.x", Debian 12, OpenSSL 3.0).
const LIVE: &[Live] = &[
    Live { name: "leaf_only", stderr: "ERROR 2026 (HY000): TLS/SSL error: unable to get local issuer certificate" },
    Live { name: "untrusted_ca", stderr: "ERROR 2026 (HY000): TLS/SSL error: unable to get local issuer certificate" },
    Live { name: "expired_leaf", stderr: "ERROR 2026 (HY000): TLS/SSL error: certificate has expired" },
    Live {
        name: "name_mismatch",
        stderr: "ERROR 2026 (HY000): TLS/SSL error: Validation of SSL server certificate failed",
    },
    Live {
        name: "intermediate_only_trust",
        stderr: "ERROR 2026 (HY000): TLS/SSL error: unable to get issuer certificate",
    },
    // 10.11 checks the name for 127.0.0.1 too (no local-address exemption before 11.4).
    Live {
        name: "ip_instead_of_name",
        stderr: "ERROR 2026 (HY000): TLS/SSL error: Validation of SSL server certificate failed",
    },
    Live { name: "ca_path_missing", stderr: "ERROR 2026 (HY000): TLS/SSL error: No such file or directory (2)" },
    Live { name: "ca_not_pem", stderr: "ERROR 2026 (HY000): TLS/SSL error: no certificate or crl found" },
    Live { name: "ca_is_a_directory", stderr: "ERROR 2026 (HY000): TLS/SSL error: no certificate or crl found" },
    Live {
        name: "wrong_password_over_tls",
        stderr: "ERROR 1045 (28000): Access denied for user 'u'@'127.0.0.1' (using password: YES)",
    },
    // 115 is EINPROGRESS: Connector/C's non-blocking connect reports it for a refused port.
    Live { name: "connection_refused", stderr: "ERROR 2002 (HY000): Can't connect to server on '127.0.0.1' (115)" },
    Live { name: "unknown_host", stderr: "ERROR 2005 (HY000): Unknown server host 'no-such-host.invalid' (-2)" },
    // The same words as a wrong password: the account's REQUIRE X509 is invisible to the client.
    Live {
        name: "account_requires_x509",
        stderr: "ERROR 1045 (28000): Access denied for user 'u'@'127.0.0.1' (using password: YES)",
    },
    Live {
        name: "server_without_tls",
        stderr: "ERROR 2026 (HY000): TLS/SSL error: SSL is required, but the server does not support it",
    },
    // MariaDB answers require_secure_transport with 1045, not MySQL's 3159.
    Live {
        name: "plaintext_to_require_secure_transport",
        stderr: "ERROR 1045 (28000): Access denied for user 'u'@'127.0.0.1' (using password: YES)",
    },
    Live { name: "tls_version_mismatch", stderr: "ERROR 2026 (HY000): TLS/SSL error: tlsv1 alert protocol version" },
    Live { name: "no_shared_cipher", stderr: "ERROR 2026 (HY000): TLS/SSL error: sslv3 alert handshake failure" },
];

/// The corpus row (expect, client, origin) whose text is exactly `text`.
fn corpus_row(text: &str) -> Option<(String, String, String)> {
    support::error_corpus::rows().into_iter().find(|r| r.text == text).map(|r| (r.expect, r.client, r.origin))
}

#[test]
fn real_mariadb_client_texts_are_in_the_corpus_and_explained() {
    let Some(mut db) = MariaDb::init_or_skip("real_mariadb_client_texts_are_in_the_corpus_and_explained") else {
        return;
    };
    let pki = TestPki::generate();
    let scenarios = pki.scenarios();
    let dir = db.scratch_dir();
    let files: Vec<_> = scenarios.iter().map(|s| (s.name, s.write_to(&dir.join(s.name)))).collect();
    let file = |name: &str| files.iter().find(|(n, _)| *n == name).map(|(_, f)| f.clone()).expect("a scenario");
    let ok = file("chain_ok");
    let ca = format!("--ssl-ca={}", ok.ca.display());
    let verify = |ca: &str| vec![ca.to_owned(), "--ssl-verify-server-cert".into(), "--connect-timeout=10".into()];
    let mut observed: Vec<(&'static str, String)> = Vec::new();
    let mut record = |name: &'static str, stderr: &str| observed.push((name, stderr.trim().to_owned()));

    // Chain scenarios: one restart each.
    for name in ["leaf_only", "untrusted_ca", "expired_leaf", "name_mismatch", "intermediate_only_trust"] {
        let f = file(name);
        db.start(&TlsOptions::new(&f.chain, &f.key));
        let out = db.client_tcp(
            "localhost",
            verify(&format!("--ssl-ca={}", f.ca.display())).into_iter().chain(["-e".into(), "SELECT 1".into()]),
        );
        record(name, &out.stderr);
    }

    db.start(&TlsOptions::new(&ok.chain, &ok.key));
    let run = |db: &MariaDb, host: &str, args: Vec<String>| {
        db.client_tcp(host, args.into_iter().chain(["-e".to_owned(), "SELECT 1".to_owned()])).stderr
    };
    record("ip_instead_of_name", &run(&db, "127.0.0.1", verify(&ca)));
    record("ca_path_missing", &run(&db, "localhost", verify(&format!("--ssl-ca={}/nowhere/ca.pem", dir.display()))));
    let not_pem = dir.join("not-a-certificate.pem");
    std::fs::write(&not_pem, "this is not a certificate\n").expect("write");
    record("ca_not_pem", &run(&db, "localhost", verify(&format!("--ssl-ca={}", not_pem.display()))));
    record("ca_is_a_directory", &run(&db, "localhost", verify(&format!("--ssl-ca={}", dir.display()))));
    record("wrong_password_over_tls", &run(&db, "localhost", [verify(&ca), vec!["-pwrong".into()]].concat()));
    let mut refused = Command::new(&db.tools().client);
    refused.args([
        "--no-defaults",
        "--protocol=TCP",
        "-h",
        "127.0.0.1",
        "-P",
        &free_loopback_port().to_string(),
        "-u",
        "u",
        "-pp",
        "-e",
        "SELECT 1",
    ]);
    record("connection_refused", &run_bounded(&mut refused, CLIENT_TIMEOUT).stderr);
    record("unknown_host", &run(&db, "no-such-host.invalid", verify(&ca)));
    db.admin_sql("ALTER USER 'u'@'%' REQUIRE X509");
    record("account_requires_x509", &run(&db, "localhost", verify(&ca)));
    db.admin_sql("ALTER USER 'u'@'%' REQUIRE NONE");

    db.start(&TlsOptions::default());
    record("server_without_tls", &run(&db, "localhost", verify(&ca)));
    let mut strict = TlsOptions::new(&ok.chain, &ok.key);
    strict.require_secure_transport = true;
    db.start(&strict);
    record("plaintext_to_require_secure_transport", &run(&db, "localhost", vec!["--skip-ssl".into()]));
    db.start(&TlsOptions::new(&ok.chain, &ok.key).tls_version("TLSv1.3"));
    record(
        "tls_version_mismatch",
        &run(&db, "localhost", [verify(&ca), vec!["--tls-version=TLSv1.2".into()]].concat()),
    );
    let mut ciphers = TlsOptions::new(&ok.chain, &ok.key).tls_version("TLSv1.2");
    ciphers.extra_args.push("--ssl-cipher=ECDHE-ECDSA-AES256-GCM-SHA384".into());
    db.start(&ciphers);
    record(
        "no_shared_cipher",
        &run(
            &db,
            "localhost",
            [verify(&ca), vec!["--tls-version=TLSv1.2".into(), "--ssl-cipher=ECDHE-ECDSA-AES128-GCM-SHA256".into()]]
                .concat(),
        ),
    );
    db.stop();

    let port = db.port().to_string();
    let dir_s = dir.display().to_string();
    let mut problems = Vec::new();
    for (name, got) in &observed {
        let generic = got.replace(&port, "PORT").replace(&dir_s, "DIR");
        println!("{name:<40} {generic}");
        let Some(live) = LIVE.iter().find(|l| l.name == *name) else { continue };
        if generic != live.stderr {
            problems.push(format!("{name}: recorded {:?}, now {generic:?}", live.stderr));
            continue;
        }
        match corpus_row(live.stderr) {
            None => problems.push(format!("{name}: text not in the corpus: {generic:?}")),
            Some((expect, client, origin)) => {
                if !origin.starts_with("observed:") || !origin.contains(name) {
                    problems.push(format!("{name}: the corpus row's origin does not name this scenario: {origin}"));
                }
                let e = explain(&generic);
                let got_client = e.client.map_or("-".to_owned(), |c| c.to_string());
                if got_client != client {
                    problems.push(format!("{name}: client {got_client}, corpus says {client}"));
                }
                let first = e.candidates.first().map_or("-".to_owned(), |c| c.rule.to_string());
                let agrees = match expect.split_once(':') {
                    Some(("first", rule)) => first == rule && e.tls_related,
                    Some(("set", rules)) => rules.split(',').any(|r| r == first) && e.tls_related,
                    Some(("decoy", _)) => !e.tls_related,
                    _ => false,
                };
                if !agrees {
                    problems.push(format!("{name}: corpus expects {expect}, explain's first is {first}"));
                }
                println!("    -> corpus {expect}; explain: first {first}, tls_related {}", e.tls_related);
            }
        }
    }
    for live in LIVE {
        if !observed.iter().any(|(n, _)| *n == live.name) {
            problems.push(format!("{}: recorded but not run", live.name));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
