//! The CLI's `check` against `openssl verify` on the same files, as whole processes: the RDS
//! global bundle + an RDS-shaped 2-certificate chain. `mysql-tls-doctor check` also checks three
//! hostnames for nine client families; `openssl verify` checks the chain and one hostname.
//! Target: the CLI at least 2× faster (median of alternating runs, same machine, same run).
//!
//! Run: `cargo bench --bench cli_vs_openssl` (builds nothing itself: it runs the release CLI,
//! `cargo build --release --bin mysql-tls-doctor` first, or names another with `CLI=path`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mysql_tls_doctor::source::builtin;

mod common;

use common::{rds_like_chain, HOSTS};

const RUNS: usize = 40;

fn time_once(cmd: &mut Command) -> Duration {
    let start = Instant::now();
    let status = cmd.stdout(Stdio::null()).stderr(Stdio::null()).status().expect("the command starts");
    let took = start.elapsed();
    // check exits 0 when every client passes every host, 1 when any fails (the CNAME host
    // fails on purpose): anything else means the command did not do the work.
    assert!(matches!(status.code(), Some(0 | 1)), "{cmd:?} exited {status}");
    took
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let cli = std::env::var_os("CLI")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/mysql-tls-doctor"));
    assert!(cli.exists(), "{} is missing: cargo build --release --bin mysql-tls-doctor", cli.display());
    let dir = tempfile::tempdir().expect("tempdir");
    let (root, chain) = rds_like_chain();
    let bundle = dir.path().join("bundle.pem");
    let chain_file = dir.path().join("chain.pem");
    let (leaf, intermediate) = chain.split_at(chain.find("-----END CERTIFICATE-----").expect("two blocks") + 26);
    let leaf_file = dir.path().join("leaf.pem");
    let untrusted = dir.path().join("untrusted.pem");
    std::fs::write(&bundle, format!("{}{root}", builtin::RDS_GLOBAL_PEM)).expect("write");
    std::fs::write(&chain_file, &chain).expect("write");
    std::fs::write(&leaf_file, leaf).expect("write");
    std::fs::write(&untrusted, intermediate.trim_start()).expect("write");

    let ours = || {
        let mut c = Command::new(&cli);
        c.arg("check").arg("--ca").arg(&bundle).arg("--chain").arg(&chain_file).arg("--json");
        for h in HOSTS {
            c.arg("--host").arg(h);
        }
        c
    };
    let openssl = || {
        let mut c = Command::new("openssl");
        c.arg("verify").arg("-CAfile").arg(&bundle).arg("-untrusted").arg(&untrusted);
        c.arg("-verify_hostname").arg(HOSTS[0]).arg(&leaf_file);
        c
    };
    let openssl_ok = openssl().output().expect("openssl runs");
    assert!(openssl_ok.status.success(), "openssl verify refused the chain: {openssl_ok:?}");

    // One warm-up each (page cache), then alternate so both see the same machine load.
    time_once(&mut ours());
    time_once(&mut openssl());
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        a.push(time_once(&mut ours()));
        b.push(time_once(&mut openssl()));
    }
    let (ma, mb) = (median(a), median(b));
    println!("mysql-tls-doctor check (3 hosts × 9 clients): median {:.2} ms over {RUNS} runs", ma.as_secs_f64() * 1e3);
    println!("openssl verify (1 host):                      median {:.2} ms over {RUNS} runs", mb.as_secs_f64() * 1e3);
    println!("ratio: openssl / check = {:.2}× (target ≥ 2×)", mb.as_secs_f64() / ma.as_secs_f64());
}
