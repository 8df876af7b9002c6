//! Issue 13, item 5: 1,000 loopback targets probed (greeting, SSLRequest, TLS handshake, chain
//! verdict) in ≤ 10 s with peak memory ≤ 100 MB, and the rotation report of 5,000 instances in
//! ≤ 200 ms.
//!
//! The in-test responder (tests/support/responder.rs) serves 1,000 good targets in this
//! process; the release CLI runs `fleet` against them as its own process under
//! `/usr/bin/time -v` (wall time, peak RSS), three times, with the default limits and with
//! `--concurrency 128`. Beside it, in the same run: the same targets probed one by one with
//! `mysql-tls-doctor probe` in a loop (the ratio), and the same fleet with the RDS global bundle
//! (+ the test root) as the CA, where each verdict reads 122 certificates. The inventory part
//! times `inventory::parse` + `rotation::report` in this process (median of 20) and the CLI's
//! `fleet --inventory` as a process. The load average is printed before and after: the
//! machine is shared.
//!
//! Run: `cargo build --release --bin mysql-tls-doctor && cargo bench --bench fleet`
//! (`CLI=path` names another binary; under `cargo test` it only says so).

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mysql_tls_doctor::rules::rotation::{self, Options};
use mysql_tls_doctor::source::{builtin, inventory};
use support::pki::{self, LeafSpec, TestPki};
use support::responder::{server_config, Behaviour, Responder};

const TARGETS: usize = 1_000;
const INSTANCES: usize = 5_000;

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Runs `cmd` under `/usr/bin/time -v`: wall time, peak RSS (KiB), stdout lines, exit code.
fn timed(cmd: &mut Command) -> (Duration, u64, usize, Option<i32>) {
    let mut t = Command::new("/usr/bin/time");
    t.arg("-v").arg(cmd.get_program()).args(cmd.get_args());
    let start = Instant::now();
    let out = t.stdin(Stdio::null()).output().expect("/usr/bin/time runs");
    let took = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let rss = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes): "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    (took, rss, out.stdout.split(|b| *b == b'\n').filter(|l| !l.is_empty()).count(), out.status.code())
}

/// 5,000 instances as `describe-db-instances` prints them: a quarter still on rds-ca-2019.
fn inventory_json(n: usize) -> String {
    let mut s = String::from("{\n    \"DBInstances\": [\n");
    for i in 0..n {
        let ca = if i % 4 == 0 { "rds-ca-2019" } else { "rds-ca-rsa2048-g1" };
        let region = ["us-east-1", "eu-west-1", "ap-southeast-2"][i % 3];
        s.push_str(&format!(
            "        {{\"DBInstanceIdentifier\": \"db-{i:05}\", \"DBInstanceClass\": \"db.r6g.large\", \"Engine\": \"mysql\", \
             \"DBInstanceStatus\": \"available\", \"MasterUsername\": \"admin\", \"Endpoint\": {{\"Address\": \
             \"db-{i:05}.c9akciq32.{region}.rds.amazonaws.com\", \"Port\": 3306, \"HostedZoneId\": \"Z2R2ITUGPM61AM\"}}, \
             \"AllocatedStorage\": 100, \"InstanceCreateTime\": \"2021-05-02T10:11:12.345000+00:00\", \"MultiAZ\": false, \
             \"EngineVersion\": \"8.0.36\", \"PubliclyAccessible\": false, \"CACertificateIdentifier\": \"{ca}\", \
             \"CertificateDetails\": {{\"CAIdentifier\": \"{ca}\", \"ValidTill\": \"2027-03-01T08:00:00+00:00\"}}, \"TagList\": []}}{}\n",
            if i + 1 == n { "" } else { "," }
        ));
    }
    s.push_str("    ]\n}\n");
    s
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("fleet bench: run it with `cargo bench --bench fleet`");
        return;
    }
    let cli = std::env::var_os("CLI")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/mysql-tls-doctor"));
    assert!(cli.exists(), "{} is missing: cargo build --release --bin mysql-tls-doctor", cli.display());
    println!(
        "machine: {} cores, load average {} before",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        loadavg()
    );

    // Inventory first (it is quick and needs no responder).
    let json = inventory_json(INSTANCES);
    let now = mysql_tls_doctor::time_fmt::parse("2026-12-03").expect("date");
    let bundle = rotation::ca_ends_from_bundle(builtin::RDS_GLOBAL_PEM, builtin::RDS_GLOBAL_ID);
    let mut runs = Vec::new();
    let mut rows = 0;
    for _ in 0..20 {
        let start = Instant::now();
        let inv = inventory::parse(&json);
        let report = rotation::report(&inv, &bundle, &Options::new(now));
        runs.push(start.elapsed());
        rows = report.rows.len();
    }
    let mut bundle_runs = Vec::new();
    for _ in 0..20 {
        let start = Instant::now();
        std::hint::black_box(rotation::ca_ends_from_bundle(builtin::RDS_GLOBAL_PEM, builtin::RDS_GLOBAL_ID));
        bundle_runs.push(start.elapsed());
    }
    println!(
        "inventory: {INSTANCES} instances ({} MB of JSON) → {rows} rows: parse + report median {:.1} ms (20 runs); reading the bundle's roots alone {:.1} ms",
        json.len() / 1_000_000,
        median(runs).as_secs_f64() * 1e3,
        median(bundle_runs).as_secs_f64() * 1e3
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let inv_file = dir.path().join("instances.json");
    std::fs::write(&inv_file, &json).expect("write");
    let (took, rss, lines, code) =
        timed(Command::new(&cli).args(["fleet", "--at", "2026-12-03", "--json", "--inventory"]).arg(&inv_file));
    println!(
        "inventory CLI process: {:.0} ms wall, peak {} MB, {lines} line(s), exit {code:?}",
        took.as_secs_f64() * 1e3,
        rss / 1024
    );

    // The fleet.
    let pki = TestPki::generate();
    let leaf = pki::leaf(&LeafSpec::for_host("localhost", &["localhost"]), &pki.intermediate);
    let good = server_config(&format!("{}{}", leaf.cert_pem, pki.intermediate.pem()), &leaf.key_pem);
    let responder = Responder::start(&[(Behaviour::Good(good), TARGETS)]);
    let list: String = responder.targets.iter().map(|(t, _)| t.replace("127.0.0.1", "localhost") + "\n").collect();
    let targets = dir.path().join("targets.txt");
    std::fs::write(&targets, &list).expect("write");
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, pki.root.pem()).expect("write");
    let rds_ca = dir.path().join("rds-plus-test.pem");
    std::fs::write(&rds_ca, format!("{}{}", builtin::RDS_GLOBAL_PEM, pki.root.pem())).expect("write");

    let fleet = |ca: &Path, extra: &[&str]| {
        let mut c = Command::new(&cli);
        c.args(["fleet", "--json", "--targets"]).arg(&targets).arg("--ca").arg(ca).args(extra);
        c
    };
    let count_pass = |c: &mut Command| {
        let out = c.stdin(Stdio::null()).stderr(Stdio::null()).output().expect("fleet runs");
        String::from_utf8_lossy(&out.stdout).lines().filter(|l| l.contains("\"status\":\"pass\"")).count()
    };
    assert_eq!(count_pass(&mut fleet(&ca, &[])), TARGETS, "every target passes (warm-up run)");
    for (label, ca, extra) in [
        ("defaults (concurrency 32, rate 200/s)", &ca, &[][..]),
        ("--concurrency 128 --rate 2000", &ca, &["--concurrency", "128", "--rate", "2000"][..]),
        (
            "RDS bundle + test root as CA, --concurrency 128 --rate 2000",
            &rds_ca,
            &["--concurrency", "128", "--rate", "2000"][..],
        ),
    ] {
        let mut walls = Vec::new();
        let mut peak = 0;
        for _ in 0..3 {
            let (took, rss, lines, code) = timed(&mut fleet(ca, extra));
            assert_eq!((lines, code), (TARGETS, Some(0)), "{label}");
            walls.push(took);
            peak = peak.max(rss);
        }
        println!(
            "fleet {TARGETS} targets, {label}: median {:.2} s wall (runs {:?}), peak RSS {} MB",
            median(walls.clone()).as_secs_f64(),
            walls.iter().map(|d| format!("{:.2}", d.as_secs_f64())).collect::<Vec<_>>(),
            peak / 1024
        );
    }

    // The comparison: the same targets, one `probe` process each, one after the other.
    let start = Instant::now();
    let mut passed = 0;
    for (t, _) in &responder.targets {
        let out = Command::new(&cli)
            .args(["probe", &t.replace("127.0.0.1", "localhost"), "--json", "--ca"])
            .arg(&ca)
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .expect("probe runs");
        passed += usize::from(out.status.code() == Some(0));
    }
    let one_by_one = start.elapsed();
    println!("probe ×{TARGETS} one by one: {:.2} s ({passed} passed)", one_by_one.as_secs_f64());
    println!("load average after: {}", loadavg());
}
