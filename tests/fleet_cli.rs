//! `mysql-tls-doctor fleet` as a process: three real MariaDB servers with different
//! certificates and TLS settings plus refusing and silent loopback targets, in one run; the
//! table, CSV and Markdown; the exit codes (0 all pass, 1 some do not, 2 unusable input).

mod support;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use support::mariadb::{MariaDb, TlsOptions};
use support::pki::TestPki;
use support::responder::{Behaviour, Responder};

fn fleet(args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mysql-tls-doctor"));
    cmd.arg("fleet").args(args);
    match stdin {
        Some(text) => {
            use std::io::Write as _;
            cmd.stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            let mut child = cmd.spawn().expect("run the CLI");
            child.stdin.take().expect("stdin").write_all(text.as_bytes()).expect("write stdin");
            child.wait_with_output().expect("wait for the CLI")
        }
        None => cmd.output().expect("run the CLI"),
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn unusable_input_exits_2_with_the_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let list = dir.path().join("targets.txt");
    std::fs::write(&list, "db1:3306\n# comment\ndb2:notaport\n").expect("write");
    let o = fleet(&["--targets", list.to_str().expect("path")], None);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "mysql-tls-doctor: {}: line 3: 'db2:notaport': the port must be a number from 1 to 65535\n",
            list.display()
        )
    );
    let o = fleet(&[], None);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "mysql-tls-doctor: no targets: give HOST[:PORT] arguments, --targets FILE or --inventory FILE\n"
    );
    let o = fleet(&["--targets", "-", "--max-targets", "2"], Some("a\nb\nc\na\n"));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "mysql-tls-doctor: 3 targets, more than the cap of 2 per run (--max-targets, at most 10000)\n"
    );
    let o = fleet(&["db", "--client", "nope"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("mysql-tls-doctor: unknown client 'nope': use one of mysql8-verify-ca, "),
        "{}",
        stderr(&o)
    );
}

/// One JSON line per target, keyed by target.
fn lines_by_target(o: &Output) -> std::collections::BTreeMap<String, Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
            (v["target"].as_str().expect("target").to_owned(), v)
        })
        .collect()
}

fn start(db: &mut MariaDb, dir: &Path, scenario: &support::pki::Scenario, tls: impl FnOnce(TlsOptions) -> TlsOptions) {
    let files = scenario.write_to(dir);
    db.start(&tls(TlsOptions::new(&files.chain, &files.key)));
}

#[test]
fn real_servers_and_hostile_endpoints_in_one_run() {
    let Some(mut ok) = MariaDb::init_or_skip("real_servers_and_hostile_endpoints_in_one_run") else { return };
    let Some(mut expired) = MariaDb::init_or_skip("real_servers_and_hostile_endpoints_in_one_run") else { return };
    let Some(mut plain) = MariaDb::init_or_skip("real_servers_and_hostile_endpoints_in_one_run") else { return };
    let pki = TestPki::generate();
    let scenarios = pki.scenarios();
    let by_name = |n: &str| scenarios.iter().find(|s| s.name == n).expect("scenario").clone();
    let dir = tempfile::tempdir().expect("tempdir");
    start(&mut ok, &dir.path().join("ok"), &by_name("chain_ok"), |t| t.tls_version("TLSv1.2,TLSv1.3"));
    start(&mut expired, &dir.path().join("expired"), &by_name("expired_leaf"), |mut t| {
        t.require_secure_transport = true;
        t.tls_version("TLSv1.2")
    });
    plain.start(&TlsOptions::default());
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &by_name("chain_ok").ca_pem).expect("write the CA");
    let hostile = Responder::start(&[(Behaviour::Refused, 1), (Behaviour::Silent, 1)]);
    let t = |db: &MariaDb| format!("localhost:{}", db.port());
    let (t_ok, t_expired, t_plain) = (t(&ok), t(&expired), t(&plain));
    let (t_refused, t_silent) = (hostile.targets[0].0.clone(), hostile.targets[1].0.clone());
    let list = format!("# three MariaDB servers\n{t_ok}\n{t_expired}\n{t_plain}\n{t_refused}\n{t_silent}\n");
    let common =
        ["--targets", "-", "--ca", ca.to_str().expect("path"), "--timeout", "3", "--require-tls-check", "--versions"];

    let o = fleet(&[&common[..], &["--json"]].concat(), Some(&list));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let lines = lines_by_target(&o);
    let summary = |t: &str| {
        let l = &lines[t];
        let accepted: Vec<&str> = l["probe"]["versions"]
            .as_array()
            .expect("versions")
            .iter()
            .filter(|v| v["accepted"] == true)
            .map(|v| v["version"].as_str().expect("a version"))
            .collect();
        (
            l["overall"]["status"].as_str().expect("status").to_owned(),
            l["overall"]["headline"].as_str().expect("headline").to_owned(),
            accepted,
        )
    };
    assert_eq!(summary(&t_ok), ("pass".into(), "Every client verifies localhost".into(), vec!["TLS 1.3", "TLS 1.2"]));
    assert_eq!(
        summary(&t_expired),
        (
            // The columns whose setting checks no dates still connect: "mixed", not "fail".
            "mixed".into(),
            "Some clients fail: The server's certificate 'localhost' expired on 2020-01-01".into(),
            vec!["TLS 1.2"]
        )
    );
    let version = lines[&t_plain]["probe"]["server_version"].as_str().expect("version").to_owned();
    assert_eq!(summary(&t_plain), ("fail".into(), format!("5.5.5-{version} does not offer TLS"), vec![]));
    assert_eq!(lines[&t_refused]["error"], "refused");
    assert_eq!(lines[&t_silent]["error"], "timed-out");
    assert_eq!(lines.len(), 5);
    // Progress: one plain line per target on a pipe (`fleet: [n/5] TARGET OUTCOME`), in completion order.
    let mut progress: Vec<String> = stderr(&o)
        .lines()
        .map(|l| l.split_once("] ").map(|(_, rest)| rest.to_owned()).unwrap_or_else(|| l.to_owned()))
        .collect();
    progress.sort();
    let mut want = vec![
        format!("{t_ok} PASS"),
        format!("{t_expired} MIXED"),
        format!("{t_plain} CANNOT CONNECT"),
        format!("{t_refused} refused"),
        format!("{t_silent} timed-out"),
    ];
    want.sort();
    assert_eq!(progress, want);

    let o = fleet(&[&common[..], &["--client", "mariadb-verify-server-cert", "--csv"]].concat(), Some(&list));
    assert_eq!(o.status.code(), Some(1));
    let v = version.trim_start_matches("5.5.5-");
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        format!(
            "target,server_version,ca,ca_expires,tls_versions,requires_tls,verdicts,outcome,cause\n\
             {t_ok},{v},mysql-tls-doctor Test Root CA,2045-01-01,\"TLS 1.3, TLS 1.2\",cannot tell (1045),mariadb-verify-server-cert: PASS,PASS,\n\
             {t_expired},{v},mysql-tls-doctor Test Root CA,2045-01-01,TLS 1.2,cannot tell (1045),mariadb-verify-server-cert: CANNOT CONNECT,MIXED,leaf-expired\n\
             {t_plain},{v},,,none,cannot tell (1045),,CANNOT CONNECT,server-offers-no-tls\n\
             {t_refused},,,,,,,refused,\n\
             {t_silent},,,,,,,timed-out,\n"
        )
    );
    let o = fleet(&[&common[..], &["--markdown"]].concat(), Some(&list));
    let md = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(
        md.lines().take(4).collect::<Vec<_>>(),
        ["## Fleet check", "", "5 targets: 1 pass, 2 do not pass, 2 could not be checked", "",]
    );
    // Only the passing server: exit 0.
    let o = fleet(&["--ca", ca.to_str().expect("path"), &t_ok], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn an_inventory_with_probe_prints_the_rotation_line_then_one_line_per_endpoint() {
    let pki = TestPki::generate();
    let leaf = support::pki::leaf(&support::pki::LeafSpec::for_host("localhost", &["localhost"]), &pki.intermediate);
    let good =
        support::responder::server_config(&format!("{}{}", leaf.cert_pem, pki.intermediate.pem()), &leaf.key_pem);
    let responder = Responder::start(&[(Behaviour::Good(good), 1), (Behaviour::Refused, 1)]);
    let port = |i: usize| responder.targets[i].0.rsplit_once(':').map(|(_, p)| p.to_owned()).expect("a port");
    let (good_port, refused_port) = (port(0), port(1));
    let inventory = format!(
        r#"{{"DBInstances": [
            {{"DBInstanceIdentifier": "up", "Engine": "mysql", "EngineVersion": "8.0.36",
              "Endpoint": {{"Address": "localhost", "Port": {good_port}}}, "CACertificateIdentifier": "rds-ca-rsa2048-g1"}},
            {{"DBInstanceIdentifier": "down", "Engine": "mysql", "EngineVersion": "5.7.44",
              "Endpoint": {{"Address": "localhost", "Port": {refused_port}}}, "CACertificateIdentifier": "rds-ca-2019"}}]}}"#
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, pki.root.pem()).expect("write");
    let o = fleet(
        &[
            "--inventory",
            "-",
            "--probe",
            "--json",
            "--at",
            "2026-12-03",
            "--timeout",
            "3",
            "--ca",
            ca.to_str().expect("path"),
        ],
        Some(&inventory),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let lines: Vec<Value> =
        String::from_utf8_lossy(&o.stdout).lines().map(|l| serde_json::from_str(l).expect("JSON")).collect();
    assert_eq!(lines.len(), 3);
    let rows: Vec<(&str, &str)> = lines[0]["rotation"]["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| (r["id"].as_str().expect("id"), r["state"].as_str().expect("state")))
        .collect();
    assert_eq!(rows, [("down", "expired"), ("up", "ok")]);
    let mut rest: Vec<(String, String)> = lines[1..]
        .iter()
        .map(|l| {
            let outcome = l["error"].as_str().or(l["overall"]["status"].as_str()).expect("an outcome");
            (l["target"].as_str().expect("target").to_owned(), outcome.to_owned())
        })
        .collect();
    rest.sort();
    let mut want = vec![
        (format!("localhost:{good_port}"), "pass".to_owned()),
        (format!("localhost:{refused_port}"), "refused".to_owned()),
    ];
    want.sort();
    assert_eq!(rest, want);
}
