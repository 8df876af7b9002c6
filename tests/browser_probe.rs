//! The in-browser probe (headless Chromium: page → relay → MariaDB) reports the same chain,
//! TLS version, probe section and verdicts as the CLI's `probe` against the same server.
//!
//! Per scenario: MariaDB restarts with that scenario's certificates and TLS options; the real
//! relay runs in-process on 127.0.0.1, serving `dist/` and allowing only that server's port;
//! `tests/e2e/probe.mjs` fills the page and clicks Probe; the CLI probes the same server.
//!
//! Skipped (with the reason) when dist/, node, Chromium or MariaDB is missing, unless `CI` is
//! set; then that is a failure. Loopback only; every child process runs under a deadline.
//! `PROBE_SCREENSHOT=DIR` keeps a screenshot of each scenario's page.

mod support;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::{json, Value};
use support::mariadb::{find_program, in_ci, run_bounded, MariaDb, TlsOptions};
use support::pki::{Scenario, TestPki};

/// Browser start, page load, probe and download, per scenario.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(90);
const CLI_TIMEOUT: Duration = Duration::from_secs(60);

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `Some(reason)` when something the test needs is missing.
fn missing_prerequisite() -> Option<String> {
    let e2e = repo().join("tests/e2e");
    let chromium = std::env::var_os("CHROMIUM").map(PathBuf::from).unwrap_or_else(|| "/usr/bin/chromium".into());
    if !repo().join("dist/index.html").is_file() {
        Some("dist/ is not built (run scripts/build-web.sh)".into())
    } else if find_program("node").is_none() {
        Some("node is not installed".into())
    } else if !e2e.join("node_modules/playwright-core").is_dir() {
        Some("playwright-core is not installed (cd tests/e2e && npm ci)".into())
    } else if !chromium.is_file() {
        Some(format!("{} is not installed", chromium.display()))
    } else {
        None
    }
}

/// The real relay on its own tokio runtime, stopped on drop.
struct Relay {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Relay {
    /// Serves `dist/` and relays only to `127.0.0.1:port` (like `--allow-target 127.0.0.1/32:PORT`).
    fn start(port: u16) -> Relay {
        use mysql_tls_doctor_relay::{AllowRule, Config, Policy};
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind the relay on loopback");
        let addr = listener.local_addr().expect("relay address");
        let rule: AllowRule = format!("127.0.0.1/32:{port}").parse().expect("an allow rule");
        let config = Config {
            policy: Policy::from_rules(vec![rule]),
            static_dir: Some(repo().join("dist")),
            ..Config::default()
        };
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            rt.block_on(mysql_tls_doctor_relay::run(listener, config, stopped)).expect("the relay runs");
        });
        Relay { addr, stop: Some(stop), thread: Some(thread) }
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct Case {
    name: &'static str,
    scenario: usize,
    tls: fn(&Path, &Path) -> TlsOptions,
    require_tls: bool,
    versions: bool,
}

const CASES: &[Case] = &[
    Case {
        name: "chain_ok (TLS 1.2 + 1.3)",
        scenario: 0,
        tls: |c, k| TlsOptions::new(c, k),
        require_tls: true,
        versions: true,
    },
    Case {
        name: "TLS 1.2 only",
        scenario: 0,
        tls: |c, k| TlsOptions::new(c, k).tls_version("TLSv1.2"),
        require_tls: false,
        versions: true,
    },
    Case {
        name: "TLS 1.3 only",
        scenario: 0,
        tls: |c, k| TlsOptions::new(c, k).tls_version("TLSv1.3"),
        require_tls: false,
        versions: true,
    },
    Case { name: "no TLS", scenario: 0, tls: |_, _| TlsOptions::default(), require_tls: true, versions: false },
    Case {
        name: "leaf-only chain",
        scenario: 1,
        tls: |c, k| TlsOptions::new(c, k),
        require_tls: false,
        versions: false,
    },
];

fn cli_probe(port: u16, ca: &Path, case: &Case) -> Value {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mysql-tls-doctor"));
    cmd.args(["probe", &format!("127.0.0.1:{port}"), "--ca"]).arg(ca).args(["--host", "localhost", "--json"]);
    if case.require_tls {
        cmd.arg("--require-tls-check");
    }
    if case.versions {
        cmd.arg("--versions");
    }
    let out = run_bounded(&mut cmd, CLI_TIMEOUT);
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{}: CLI JSON: {e}\n{}", case.name, out.stderr))
}

fn browser_probe(relay: &Relay, port: u16, ca: &Path, case: &Case) -> Value {
    node_probe(json!({
        "url": format!("http://{}/", relay.addr), "ca": ca, "hosts": "localhost",
        "host": "127.0.0.1", "port": port, "requireTls": case.require_tls, "versions": case.versions, "label": case.name,
    }))
}

/// Runs tests/e2e/probe.mjs with `args` and reads its JSON line.
fn node_probe(args: Value) -> Value {
    let label = args["label"].clone();
    let out = run_bounded(
        Command::new("node").current_dir(repo().join("tests/e2e")).arg("probe.mjs").arg(args.to_string()),
        BROWSER_TIMEOUT,
    );
    assert!(
        out.success(),
        "{label}: probe.mjs failed (exit {:?}, timed out {}):\n{}",
        out.code,
        out.timed_out,
        out.stderr
    );
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{label}: probe.mjs output: {e}\n{}", out.stdout))
}

/// The served chain as certificate SHA-256s, in the order sent.
fn served_chain(report: &Value) -> Vec<String> {
    let mut served: Vec<(u64, String)> = report["certificates"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| Some((c["served_position"].as_u64()?, c["sha256"].as_str()?.to_owned())))
        .collect();
    served.sort();
    served.into_iter().map(|(_, sha)| sha).collect()
}

/// The report's finding ids, in order.
fn finding_ids(report: &Value) -> Vec<&str> {
    report["findings"].as_array().into_iter().flatten().filter_map(|f| f["id"].as_str()).collect()
}

/// What both views must agree on (the findings in their order: both build the report with
/// the same `rules::probe::report`).
fn comparable(report: &Value) -> Value {
    let findings = finding_ids(report);
    json!({
        "chain": served_chain(report),
        "tls_version": report["probe"]["tls_version"],
        "probe": report["probe"],
        "verdicts": report["verdicts"].as_array().into_iter().flatten()
            .map(|v| json!([v["host"], v["client"], v["ok"], v["cause"]])).collect::<Vec<_>>(),
        "overall": report["overall"]["status"],
        "path": report["path"],
        "findings": findings,
    })
}

#[test]
fn the_browser_probe_reports_what_the_cli_probe_reports() {
    let name = "the_browser_probe_reports_what_the_cli_probe_reports";
    if let Some(why) = missing_prerequisite() {
        assert!(!in_ci(), "{name}: {why}, and CI is set");
        eprintln!("SKIPPED {name}: {why}; with CI set this would fail.");
        return;
    }
    let Some(mut db) = MariaDb::init_or_skip(name) else { return };
    let pki = TestPki::generate();
    let scenarios: Vec<Scenario> = pki.scenarios();
    for case in CASES {
        let scenario = &scenarios[case.scenario];
        let files = scenario.write_to(&db.scratch_dir().join(scenario.name));
        db.start(&(case.tls)(&files.chain, &files.key));
        let relay = Relay::start(db.port());
        let cli = cli_probe(db.port(), &files.ca, case);
        let browser = browser_probe(&relay, db.port(), &files.ca, case);
        let page = &browser["report"];
        assert_eq!(comparable(page), comparable(&cli), "{}: browser (left) and CLI (right) disagree", case.name);
        eprintln!(
            "{:<26} chain {} cert(s), {:<9} overall {:<5} browser probe {} ms in the page, {} ms click to result; steps: {}",
            case.name,
            served_chain(page).len(),
            page["probe"]["tls_version"].as_str().unwrap_or("no TLS"),
            page["overall"]["status"].as_str().unwrap_or("?"),
            browser["page_elapsed_ms"],
            browser["click_to_result_ms"],
            browser["progress"].as_array().map_or(0, Vec::len),
        );
        check_scenario(case, db.port(), page);
    }
}

/// What only the browser path has: the relay refusing a target (close 4001) and a server
/// that accepts but never speaks (the page's 15 s timeout). No MariaDB needed.
#[test]
fn the_browser_probe_explains_relay_refusals_and_silent_servers() {
    let name = "the_browser_probe_explains_relay_refusals_and_silent_servers";
    if let Some(why) = missing_prerequisite() {
        assert!(!in_ci(), "{name}: {why}, and CI is set");
        eprintln!("SKIPPED {name}: {why}; with CI set this would fail.");
        return;
    }
    // Accepts one connection and holds it, silent, until told to stop.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a silent server");
    let silent_port = silent.local_addr().expect("silent address").port();
    let (stop, stopped) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        let held = silent.accept();
        let _ = stopped.recv_timeout(BROWSER_TIMEOUT);
        drop(held);
    });
    let ca = repo().join("www/examples/bundle.pem");
    let relay = Relay::start(silent_port);
    let probe = |port: u16, label: &str| {
        node_probe(json!({
            "url": format!("http://{}/", relay.addr), "ca": ca, "hosts": "db.example",
            "host": "127.0.0.1", "port": port, "label": label,
        }))
    };

    let refused = probe(silent_port.wrapping_add(1).max(1), "port not allowed");
    let refusal = refused["report"]["probe"]["tls_error"].as_str().unwrap_or_default().to_owned();
    assert!(refusal.starts_with("the relay refused this target: ") && refusal.contains("not allowed"), "{refusal}");
    assert!(
        refused["report"]["overall"]["headline"].as_str().is_some_and(|h| h.contains("did not complete")),
        "{}",
        refused["report"]["overall"]
    );

    let silent_run = probe(silent_port, "silent server");
    let err = silent_run["report"]["probe"]["tls_error"].as_str().unwrap_or_default().to_owned();
    assert_eq!(err, "no answer within 15 s (waiting for the server's greeting)");
    let ms = silent_run["page_elapsed_ms"].as_u64().unwrap_or_default();
    assert!((15_000..20_000).contains(&ms), "timed out after {ms} ms");
    eprintln!("relay refusal: {refusal:?}; silent server: {err:?} after {ms} ms");
    drop(relay);
    let _ = stop.send(());
    let _ = holder.join();
}

const ECDSA_256: &str = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
const AES_256: &str = "TLS_AES_256_GCM_SHA384";
const CANNOT_TELL: &str = "answered ERR 1045: MariaDB gives this both when require_secure_transport=ON and for an unknown user, so a plaintext check cannot tell; run SHOW GLOBAL VARIABLES LIKE 'require_secure_transport' on the server";

fn accepted(version: &str, suite: &str) -> Value {
    json!({"version": version, "accepted": true, "detail": format!("accepted ({suite})")})
}

fn refused(version: &str) -> Value {
    json!({"version": version, "accepted": false, "detail": "refused with alert protocol_version (70)"})
}

/// A scenario's exact findings (in order), main handshake (version, suite), plaintext-login
/// answer, versions table and served chain length.
struct Expect {
    findings: &'static [&'static str],
    tls: Option<(&'static str, &'static str)>,
    plaintext: Value,
    versions: Value,
    chain: usize,
}

/// Beyond agreement: each scenario shows what it is about, in its exact findings and its
/// probe section (`tls`: version and suite of the main handshake, `None` without TLS).
fn check_scenario(case: &Case, port: u16, r: &Value) {
    let localhost_ok =
        r["verdicts"].as_array().into_iter().flatten().filter(|v| v["host"] == "localhost").all(|v| v["ok"] == true);
    let expect = |findings, tls, plaintext, versions, chain| Expect { findings, tls, plaintext, versions, chain };
    let Expect { findings, tls, plaintext, versions, chain } = match case.name {
        "chain_ok (TLS 1.2 + 1.3)" => expect(
            &[],
            Some(("TLS 1.3", AES_256)),
            CANNOT_TELL.into(),
            json!([
                accepted("TLS 1.3", AES_256),
                accepted("TLS 1.2", ECDSA_256),
                refused("TLS 1.1"),
                refused("TLS 1.0")
            ]),
            2,
        ),
        "TLS 1.2 only" => expect(
            &[],
            Some(("TLS 1.2", ECDSA_256)),
            Value::Null,
            json!([refused("TLS 1.3"), accepted("TLS 1.2", ECDSA_256), refused("TLS 1.1"), refused("TLS 1.0")]),
            2,
        ),
        "TLS 1.3 only" => expect(
            &[],
            Some(("TLS 1.3", AES_256)),
            Value::Null,
            json!([accepted("TLS 1.3", AES_256), refused("TLS 1.2"), refused("TLS 1.1"), refused("TLS 1.0")]),
            2,
        ),
        "no TLS" => expect(&["server-offers-no-tls"], None, CANNOT_TELL.into(), json!([]), 0),
        "leaf-only chain" => expect(
            &["missing-intermediate", "setting-verifies-less"],
            Some(("TLS 1.3", AES_256)),
            Value::Null,
            json!([]),
            1,
        ),
        other => panic!("no expectations for {other}"),
    };
    assert_eq!(finding_ids(r), findings, "{}: findings", case.name);
    let server_version = r["probe"]["server_version"].clone();
    assert!(server_version.as_str().is_some_and(|s| s.contains("MariaDB")), "{server_version}");
    let (tls_version, suite, sni) = match tls {
        Some((v, s)) => (json!(v), json!(s), json!("localhost")),
        None => (Value::Null, Value::Null, Value::Null),
    };
    let section = json!({
        "target": format!("127.0.0.1:{port}"), "server_version": server_version,
        "tls_version": tls_version, "cipher_suite": suite, "sni": sni, "tls_error": null,
        "plaintext_login": plaintext, "versions": versions,
    });
    assert_eq!(r["probe"], section, "{}: probe section", case.name);
    assert_eq!(served_chain(r).len(), chain, "{}: served chain", case.name);
    // No chain, no verdicts; else every client accepts localhost exactly when nothing is found.
    let verdicts = r["verdicts"].as_array().map_or(0, Vec::len);
    if chain == 0 {
        assert_eq!(verdicts, 0, "{}: {}", case.name, r["verdicts"]);
    } else {
        assert_eq!(localhost_ok, findings.is_empty(), "{}: {}", case.name, r["verdicts"]);
    }
}
