//! The real MariaDB client against a real MariaDB server, one scenario per certificate setup,
//! compared with our verdict for the client family `mariadb-verify-server-cert`.
//!
//! One server (private datadir, 127.0.0.1, free port) is restarted with each scenario's chain and
//! key; the client runs
//! `mariadb --no-defaults --protocol=TCP -h localhost -P PORT -u u -pp --ssl-ca=CA.pem
//! --ssl-verify-server-cert -e 'SELECT 1'` (plus `--connect-timeout`). Per scenario the test
//! checks that
//! - the client's success equals our verdict's `ok`,
//! - the client's stderr holds the expected OpenSSL/MariaDB reason,
//! - our verdict's `causes` are exactly the expected rule ids, in order,
//!
//! and prints a table `scenario | real client | ours`. The same client with `--ssl-ca` alone
//! (chain check, no hostname check) runs too; its outcome is checked against the observed
//! behaviour but not against a verdict. Skipped (with a message) when `mariadbd` is
//! not installed, unless `CI` is set.
//!
//! `localhost` is the "right" name: it resolves to 127.0.0.1 without editing /etc/hosts, and the
//! test checks that the session really is TCP from 127.0.0.1.

mod support;

use std::time::{SystemTime, UNIX_EPOCH};

use mysql_tls_doctor::{analyze, Inputs};
use support::mariadb::{MariaDb, TlsOptions};
use support::pki::TestPki;

/// The client family whose verdict the real client is compared with.
const CLIENT_ID: &str = "mariadb-verify-server-cert";

/// What one scenario should produce.
struct Expected {
    scenario: &'static str,
    /// Whether the real client with `--ssl-verify-server-cert` (and so our verdict) succeeds.
    ok: bool,
    /// A substring of that client's stderr (`None`: stderr must be empty).
    stderr: Option<&'static str>,
    /// Our verdict's causes (rule ids), in the order the client meets them.
    causes: &'static [&'static str],
    /// Whether the same client with `--ssl-ca` alone (chain check, no hostname check) succeeds.
    /// Recorded for the reference; not compared with a verdict here.
    ok_ca_only: bool,
}

// Observed 2026-11-28 with MariaDB 10.11.19 (server and client "Ver 15.1 Distrib 10.11.19",
// Debian 12, OpenSSL 3.0), stderr of `--ssl-ca=CA --ssl-verify-server-cert`, exactly:
//   chain_ok                 (empty)
//   leaf_only                ERROR 2026 (HY000): TLS/SSL error: unable to get local issuer certificate
//   untrusted_ca             ERROR 2026 (HY000): TLS/SSL error: unable to get local issuer certificate
//   expired_leaf             ERROR 2026 (HY000): TLS/SSL error: certificate has expired
//   name_mismatch            ERROR 2026 (HY000): TLS/SSL error: Validation of SSL server certificate failed
//   cn_only                  (empty)
//   intermediate_only_trust  ERROR 2026 (HY000): TLS/SSL error: unable to get issuer certificate
// So leaf_only and untrusted_ca (server sends leaf + intermediate, wrong root) print the same
// text: the client alone cannot tell them apart. 10.11 does check the name on loopback: the
// name_mismatch leaf fails for `-h localhost`, and even the good leaf (SAN localhost) fails for
// `-h 127.0.0.1` ("Validation of SSL server certificate failed"), so there is no local-address
// exemption before 11.4. With `--ssl-ca` alone the chain failures are the same and the name is
// not checked (name_mismatch connects); with `--ssl` alone every scenario connects.
const EXPECTED: &[Expected] = &[
    Expected { scenario: "chain_ok", ok: true, stderr: None, causes: &[], ok_ca_only: true },
    Expected {
        scenario: "leaf_only",
        ok: false,
        stderr: Some("TLS/SSL error: unable to get local issuer certificate"),
        causes: &["missing-intermediate"],
        ok_ca_only: false,
    },
    Expected {
        scenario: "untrusted_ca",
        ok: false,
        stderr: Some("TLS/SSL error: unable to get local issuer certificate"),
        causes: &["unknown-ca"],
        ok_ca_only: false,
    },
    Expected {
        scenario: "expired_leaf",
        ok: false,
        stderr: Some("TLS/SSL error: certificate has expired"),
        causes: &["leaf-expired"],
        ok_ca_only: false,
    },
    Expected {
        scenario: "name_mismatch",
        ok: false,
        stderr: Some("TLS/SSL error: Validation of SSL server certificate failed"),
        causes: &["hostname-mismatch"],
        ok_ca_only: true,
    },
    Expected { scenario: "cn_only", ok: true, stderr: None, causes: &[], ok_ca_only: true },
    Expected {
        scenario: "intermediate_only_trust",
        ok: false,
        stderr: Some("TLS/SSL error: unable to get issuer certificate"),
        causes: &["anchor-is-intermediate"],
        ok_ca_only: false,
    },
];

/// One row of the table.
struct Row {
    scenario: &'static str,
    real_ok: bool,
    real_ok_ca_only: bool,
    real_stderr: String,
    ours_ok: Option<bool>,
    /// Our causes, joined with ` + `.
    ours_causes: String,
    problems: Vec<String>,
}

fn now_unix() -> i64 {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).expect("the clock is after 1970").as_secs();
    i64::try_from(secs).expect("seconds since 1970 fit in i64")
}

fn show(ok: bool) -> &'static str {
    if ok {
        "ok"
    } else {
        "FAIL"
    }
}

#[test]
fn real_mariadb_client_agrees_with_our_verdicts() {
    let Some(mut db) = MariaDb::init_or_skip("real_mariadb_client_agrees_with_our_verdicts") else {
        return;
    };
    let pki = TestPki::generate();
    let scenarios = pki.scenarios();
    let names: Vec<&str> = scenarios.iter().map(|s| s.name).collect();
    let expected_names: Vec<&str> = EXPECTED.iter().map(|e| e.scenario).collect();
    assert_eq!(names, expected_names, "scenarios and expectations are out of step");

    let now = now_unix();
    let mut rows = Vec::new();
    for (scenario, expected) in scenarios.iter().zip(EXPECTED) {
        let files = scenario.write_to(&db.scratch_dir().join(scenario.name));
        db.start(&TlsOptions::new(&files.chain, &files.key));

        let ca_arg = format!("--ssl-ca={}", files.ca.display());
        let verified = [ca_arg.as_str(), "--ssl-verify-server-cert", "--connect-timeout=10"];
        let real = db.client_tcp(scenario.host, verified.iter().copied().chain(["-e", "SELECT 1"]));
        assert!(!real.timed_out, "{}: the client hung: {real:?}", scenario.name);
        let ca_only = db.client_tcp(scenario.host, [ca_arg.as_str(), "--connect-timeout=10", "-e", "SELECT 1"]);
        assert!(!ca_only.timed_out, "{}: the client hung: {ca_only:?}", scenario.name);

        if scenario.name == "chain_ok" {
            // The success must be a TLS session over TCP from 127.0.0.1, not a socket or a
            // plaintext fallback.
            let who = db.client_tcp(
                scenario.host,
                verified.iter().copied().chain([
                    "-N",
                    "-B",
                    "-e",
                    "SELECT USER(); SHOW SESSION STATUS LIKE 'Ssl_version'",
                ]),
            );
            assert!(who.success(), "chain_ok session check failed: {who:?}");
            let lines: Vec<&str> = who.stdout.lines().collect();
            assert_eq!(
                lines.first().copied(),
                Some("u@127.0.0.1"),
                "`-h localhost --protocol=TCP` should be TCP from 127.0.0.1: {who:?}"
            );
            let tls = lines.get(1).copied().unwrap_or_default();
            assert!(tls.starts_with("Ssl_version\tTLSv1."), "the session should use TLS: {who:?}");
        }

        let inputs = Inputs {
            ca_bundle: scenario.ca_pem.clone(),
            ca_label: None,
            chain: scenario.chain_pem.clone(),
            hosts: vec![scenario.host.into()],
            capture: None,
            ..Default::default()
        };
        let report = analyze(&inputs, now);
        let ours = report.verdicts.iter().find(|v| v.client.to_string() == CLIENT_ID && v.host == scenario.host);

        let mut problems = Vec::new();
        let real_ok = real.success();
        if real_ok != expected.ok {
            problems.push(format!("real client {} but expected {}", show(real_ok), show(expected.ok)));
        }
        if ca_only.success() != expected.ok_ca_only {
            problems.push(format!(
                "real client with --ssl-ca only {} but expected {} ({})",
                show(ca_only.success()),
                show(expected.ok_ca_only),
                ca_only.stderr_line()
            ));
        }
        match expected.stderr {
            Some(needle) if !real.stderr.contains(needle) => {
                problems.push(format!("real stderr lacks {needle:?}"));
            }
            None if !real.stderr.trim().is_empty() => {
                problems.push("real stderr should be empty".to_owned());
            }
            _ => {}
        }
        // The rule ids as text, in order.
        let ours_causes: Vec<&str> =
            ours.map(|v| v.causes.iter().map(|c| c.rule.as_str()).collect()).unwrap_or_default();
        match ours {
            None => problems.push(format!("no verdict for {CLIENT_ID} / {}", scenario.host)),
            Some(v) => {
                if v.ok != real_ok {
                    problems.push(format!("our verdict {} but the real client {}", show(v.ok), show(real_ok)));
                }
                if ours_causes != expected.causes {
                    problems.push(format!("our causes {ours_causes:?}, expected {:?}", expected.causes));
                }
            }
        }
        rows.push(Row {
            scenario: scenario.name,
            real_ok,
            real_ok_ca_only: ca_only.success(),
            real_stderr: real.stderr_line(),
            ours_ok: ours.map(|v| v.ok),
            ours_causes: ours_causes.join(" + "),
            problems,
        });
    }
    db.stop();

    let version = db.client_version();
    let mut table = format!(
        "{version}, server on 127.0.0.1:{}\n\
         real = `--ssl-ca --ssl-verify-server-cert`, ca = `--ssl-ca` only, \
         ours = the `{CLIENT_ID}` verdict\n\
         {:<24} | {:<4} | {:<4} | {:<4} {:<24} | real client stderr\n",
        db.port(),
        "scenario",
        "real",
        "ca",
        "ours",
        "causes"
    );
    for row in &rows {
        table.push_str(&format!(
            "{:<24} | {:<4} | {:<4} | {:<4} {:<24} | {}\n",
            row.scenario,
            show(row.real_ok),
            show(row.real_ok_ca_only),
            row.ours_ok.map_or("-", show),
            if row.ours_causes.is_empty() { "-" } else { &row.ours_causes },
            row.real_stderr
        ));
        for problem in &row.problems {
            table.push_str(&format!("    !! {problem}\n"));
        }
    }
    assert!(
        rows.iter().all(|r| r.problems.is_empty()),
        "the real client and our verdicts disagree with the expectations:\n{table}"
    );
    println!("{table}");
}
