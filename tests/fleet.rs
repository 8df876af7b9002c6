//! `fleet` against many loopback targets served by the in-test responder (good, no TLS, ERR,
//! silent, trickling, huge greeting, refused) and against real MariaDB servers with different
//! certificates and TLS settings: the exact outcome per target, that no hostile endpoint
//! stalls the run, the JSON lines, the table, the exit codes.

mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use mysql_tls_doctor::cli::fleet::{self, schedule, Format, Plan};
use mysql_tls_doctor::cli::tcp::MAX_SERVER_BYTES;
use mysql_tls_doctor::report::fleet::FleetRow;
use mysql_tls_doctor::rules::probe::plan;
use mysql_tls_doctor::source::inputs::Inputs;
use support::pki::{self, LeafSpec, TestPki};
use support::responder::{server_config, Behaviour, Responder};

fn limits(concurrency: usize, timeout_ms: u64) -> schedule::Limits {
    schedule::Limits {
        concurrency,
        timeout: Duration::from_millis(timeout_ms),
        rate: 5_000,
        retries: 1,
        max_bytes: MAX_SERVER_BYTES,
    }
}

/// Outcome word → number of rows with it.
fn tally(rows: &[FleetRow]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for r in rows {
        *m.entry(r.outcome.clone()).or_insert(0) += 1;
    }
    m
}

#[test]
fn a_thousand_loopback_targets_each_get_their_exact_outcome() {
    let pki = TestPki::generate();
    let leaf = pki::leaf(&LeafSpec::for_host("localhost", &["localhost"]), &pki.intermediate);
    let good = server_config(&format!("{}{}", leaf.cert_pem, pki.intermediate.pem()), &leaf.key_pem);
    let responder = Responder::start(&[
        (Behaviour::Good(good), 960),
        (Behaviour::NoTls, 10),
        (Behaviour::TooMany, 10),
        (Behaviour::Silent, 5),
        (Behaviour::Trickle, 5),
        (Behaviour::Huge, 5),
        (Behaviour::Refused, 5),
    ]);
    let targets: Vec<String> = responder.targets.iter().map(|(t, _)| t.clone()).collect();
    let plan = Plan {
        inputs: Inputs { ca_bundle: pki.root.pem(), hosts: vec!["localhost".into()], ..Inputs::default() },
        checks: plan(false, false),
        now: 1_767_225_600, // 2026-01-01
        analysis: schedule::Slots::per_core(),
    };
    let mut out = Vec::new();
    let rows = fleet::run_targets(&targets, &plan, limits(64, 1_500), &[], Format::Json, &mut out, false)
        .expect("the run completes");
    assert_eq!(rows.len(), 1000);
    let by_kind: BTreeMap<&str, BTreeMap<String, usize>> = {
        let mut m: BTreeMap<&str, Vec<FleetRow>> = BTreeMap::new();
        for (row, (_, kind)) in rows.iter().zip(&responder.targets) {
            m.entry(kind).or_default().push(row.clone());
        }
        m.into_iter().map(|(k, v)| (k, tally(&v))).collect()
    };
    let expect = |pairs: &[(&str, usize)]| pairs.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect::<BTreeMap<_, _>>();
    assert_eq!(by_kind["good"], expect(&[("PASS", 960)]));
    assert_eq!(by_kind["no-tls"], expect(&[("CANNOT CONNECT", 10)]));
    assert_eq!(by_kind["too-many"], expect(&[("CANNOT CONNECT", 10)]));
    assert_eq!(by_kind["silent"], expect(&[("timed-out", 5)]));
    assert_eq!(by_kind["trickle"], expect(&[("timed-out", 5)]));
    // The probe's framer caps a greeting at 64 KiB: the check ends there, the connection with it.
    assert_eq!(by_kind["huge"], expect(&[("not-mysql", 5)]));
    assert_eq!(by_kind["refused"], expect(&[("refused", 5)]));

    // One JSON line per target, each with `target` and either the report or `error`.
    let text = String::from_utf8(out).expect("utf-8");
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    assert_eq!(lines.len(), 1000);
    let mut seen: Vec<&str> = lines.iter().map(|l| l["target"].as_str().expect("target")).collect();
    seen.sort_unstable();
    let mut want: Vec<&str> = targets.iter().map(String::as_str).collect();
    want.sort_unstable();
    assert_eq!(seen, want);
    let errors: BTreeMap<String, usize> =
        lines.iter().filter_map(|l| l["error"].as_str()).fold(BTreeMap::new(), |mut m, e| {
            *m.entry(e.to_owned()).or_insert(0) += 1;
            m
        });
    assert_eq!(errors, expect(&[("not-mysql", 5), ("refused", 5), ("timed-out", 10)]));
    let line_of = |kind: &str| {
        let t = responder.targets.iter().find(|(_, k)| *k == kind).map(|(t, _)| t.clone()).expect("a target");
        (lines.iter().find(|l| l["target"] == t.as_str()).cloned().expect("its line"), t)
    };
    let (huge, t) = line_of("huge");
    assert_eq!(
        huge,
        serde_json::json!({"target": t, "error": "not-mysql",
            "detail": "packet at byte 0 declares a 16777215-byte payload, more than the 65536 allowed here"})
    );
    for kind in ["silent", "trickle"] {
        let (line, t) = line_of(kind);
        let detail = format!("{t} did not answer in time (stage AwaitGreeting)");
        assert_eq!(line, serde_json::json!({"target": t, "error": "timed-out", "detail": detail}), "{kind}");
    }
    let (refused, t) = line_of("refused");
    let detail = format!("cannot connect to {t} ({t}): Connection refused (os error 111)");
    assert_eq!(refused, serde_json::json!({"target": t, "error": "refused", "detail": detail}));
    let good_line = lines.iter().find(|l| l["target"] == targets[0].as_str()).expect("the first target's line");
    assert_eq!(good_line["overall"]["status"], "pass");
    assert_eq!(good_line["probe"]["server_version"], "10.11.6-MariaDB");
    assert_eq!(good_line["probe"]["tls_version"], "TLS 1.3");
}
