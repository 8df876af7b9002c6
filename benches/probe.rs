//! Issue 4, item 8: "a full probe on loopback within 1.5× the time of
//! `openssl s_client -starttls mysql` against the same server".
//!
//! Starts a private MariaDB with the test chain (TLS 1.2 + 1.3), then times, interleaved,
//! 20 runs each of: the CLI's `probe` (the default plan: one TLS handshake, then the
//! analysis), `openssl s_client -starttls mysql` with the same CA (both are whole processes
//! doing connect, greeting, SSLRequest, handshake, verification), and, for reference, the
//! probe alone in this process. Prints the medians and the ratio.
//!
//! `cargo bench --bench probe` (needs mariadbd and openssl; under `cargo test` it only says so).

#[path = "../tests/support/mod.rs"]
mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mysql_tls_doctor::cli::tcp as run_tcp;
use mysql_tls_doctor::source::probe::machine::{Check, OfferKind, Outcome};
use support::mariadb::{MariaDb, TlsOptions};
use support::pki::TestPki;

const RUNS: usize = 20;
const WARMUP: usize = 3;

fn main() {
    // `cargo test --all-targets` runs benches without `--bench`: starting MariaDB there
    // would only slow the suite down.
    if !std::env::args().any(|a| a == "--bench") {
        println!("probe bench: run it with `cargo bench --bench probe`");
        return;
    }
    let Some(mut db) = MariaDb::init_or_skip("probe bench") else { return };
    let pki = TestPki::generate();
    let scenario = pki.scenarios().into_iter().next().expect("chain_ok");
    let files = scenario.write_to(&db.scratch_dir().join("pki"));
    db.start(&TlsOptions::new(&files.chain, &files.key));
    let addr = format!("127.0.0.1:{}", db.port());

    let mut cli = Command::new(env!("CARGO_BIN_EXE_mysql-tls-doctor"));
    cli.args(["probe", &addr, "--ca"]).arg(&files.ca).args(["--host", "localhost", "--json"]);
    let mut openssl = Command::new("openssl");
    openssl
        .args([
            "s_client",
            "-starttls",
            "mysql",
            "-connect",
            &addr,
            "-servername",
            "localhost",
            "-verify_hostname",
            "localhost",
            "-CAfile",
        ])
        .arg(&files.ca);

    let in_process = || {
        let start = Instant::now();
        let p = run_tcp::run(&addr, "localhost", Check::Tls(OfferKind::Both), [0; 32], Duration::from_secs(15))
            .expect("probe");
        assert!(matches!(p.outcome(), Some(Outcome::Tls { .. })), "{:?}", p.outcome());
        start.elapsed()
    };
    let (mut t_cli, mut t_openssl, mut t_lib) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..WARMUP + RUNS {
        let (a, b, c) = (timed(&mut cli, "the CLI probe"), timed(&mut openssl, "openssl s_client"), in_process());
        if i >= WARMUP {
            t_cli.push(a);
            t_openssl.push(b);
            t_lib.push(c);
        }
    }
    let (cli_ms, openssl_ms, lib_ms) = (median_ms(&mut t_cli), median_ms(&mut t_openssl), median_ms(&mut t_lib));
    let ratio = cli_ms / openssl_ms;
    println!("probe bench against MariaDB on {addr} (TLS 1.3, leaf + intermediate), median of {RUNS}:");
    println!("  mysql-tls-doctor probe (process)         {cli_ms:8.2} ms");
    println!("  openssl s_client -starttls mysql         {openssl_ms:8.2} ms");
    println!(
        "  ratio CLI / openssl                      {ratio:8.2}  (target ≤ 1.5: {})",
        if ratio <= 1.5 { "met" } else { "NOT met" }
    );
    println!("  probe alone, in process (no spawn/analysis) {lib_ms:5.2} ms");
}

/// Runs `cmd` to completion with stdin closed (s_client then sends close_notify and exits).
fn timed(cmd: &mut Command, what: &str) -> Duration {
    let start = Instant::now();
    let status = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let elapsed = start.elapsed();
    assert!(status.success(), "{what} failed: {status}");
    elapsed
}

fn median_ms(samples: &mut [Duration]) -> f64 {
    samples.sort_unstable();
    samples.get(samples.len() / 2).map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
}
