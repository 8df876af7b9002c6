//! The issue's numbers for captures: `mysql-tls-doctor decode FILE --json` — decoding a pcap of
//! 10,000 MySQL TLS 1.2 sessions and computing every connection's outcome — must be ≥ 25×
//! faster than `tshark -r FILE -Y mysql`, both whole processes measured in the same run, with
//! a peak resident set ≤ 1.2× the file (the CLI streams the file in 1 MiB chunks, judges each
//! connection as it ends on a second thread and lets its bytes go: `rules::outcome::Judge`).
//!
//! The file is generated here, never committed: ONE REAL loopback session (the MariaDB server
//! and `mariadb --ssl --tls-version=TLSv1.2` client of the test harness, captured with tshark:
//! tests/support/captures.rs `tls12_login`) replicated 10,000 times by rewriting the client
//! port and moving the server to 3306 (tests/support/pcap_writer/replicate.rs), so tshark
//! dissects every packet as MySQL. Without MariaDB the synthetic session of
//! tests/support/pcap_writer stands in (the summary says which); `CAPTURE_BENCH_BASE=one.pcap`
//! replicates a capture of your own (little-endian Ethernet/IPv4 pcap, server port 3306 or
//! `CAPTURE_BENCH_BASE_PORT`); `CAPTURE_BENCH_FILE=big.pcap` measures a file of 10,000
//! sessions kept from an earlier run (`CAPTURE_BENCH_KEEP=1`).
//!
//! Run: `cargo bench --bench capture`. Before criterion's samples it prints the summary:
//! the CLI and tshark, alternated, `RUNS` times each (medians and the ratio); the CLI's peak
//! resident set (`/usr/bin/time -v`, else /proc of a child); in-process medians of the decode
//! and of the outcomes (the whole read, every transcript kept: what the page's worker does),
//! and of the streamed read and judge (what the CLI does). `CAPTURE_BENCH_NO_TSHARK=1` skips tshark; `CAPTURE_BENCH_KEEP=1` keeps
//! the generated file. The CLI is the one cargo built for this bench (the bench profile,
//! opt-level 3 without LTO), or `CAPTURE_BENCH_CLI=PATH`: the release build people run
//! (`cargo run --release`: opt-level 3 with LTO) is measured with
//! `cargo build --release --bin mysql-tls-doctor && cp target/release/mysql-tls-doctor /tmp/mtd-release`
//! then `CAPTURE_BENCH_CLI=/tmp/mtd-release cargo bench --bench capture` (the bench build
//! writes its own CLI over target/release/mysql-tls-doctor, hence the copy).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion, Throughput};
use mysql_tls_doctor::rules::outcome::outcomes;
use mysql_tls_doctor::source::capture::{decode, Decoded, Format};

#[path = "../tests/support/mod.rs"]
mod support;

use support::pcap_writer;

const SESSIONS: usize = 10_000;
/// Whole-process runs of each program (alternated), for the medians.
const RUNS: usize = 7;
const BENCH_CLI: &str = env!("CARGO_BIN_EXE_mysql-tls-doctor");

/// The CLI measured: `CAPTURE_BENCH_CLI`, else the one built for this bench.
fn cli() -> String {
    std::env::var("CAPTURE_BENCH_CLI").unwrap_or_else(|_| BENCH_CLI.to_owned())
}

fn certificate() -> Vec<u8> {
    let key = rcgen::KeyPair::generate().expect("key");
    let params =
        rcgen::CertificateParams::new(vec!["mydb.abc123xyz.us-east-1.rds.amazonaws.com".into()]).expect("params");
    params.self_signed(&key).expect("cert").der().to_vec()
}

/// One real session captured from the harness's MariaDB, as a classic pcap, and its server port.
fn real_session(dir: &Path) -> Option<(Vec<u8>, u16)> {
    let mut db = support::mariadb::MariaDb::init_or_skip("capture bench")?;
    let caps = support::captures::make(&mut db, &dir.join("real"), &["tls12_login"]);
    let c = caps.first()?;
    assert!(c.client_ok, "the real TLS 1.2 login failed: {}", c.client_stderr);
    let pcap = dir.join("one.pcap");
    support::tshark::to_pcap(&c.file, &pcap);
    Some((std::fs::read(&pcap).expect("read one.pcap"), c.port))
}

/// The base session and what it is, replicated.
fn big_pcap(dir: &Path) -> (Vec<u8>, String) {
    if let Some(path) = std::env::var_os("CAPTURE_BENCH_FILE") {
        let what = format!("{} as given (CAPTURE_BENCH_FILE)", PathBuf::from(&path).display());
        return (std::fs::read(&path).expect("CAPTURE_BENCH_FILE"), what);
    }
    let (one, port, what) = match std::env::var_os("CAPTURE_BENCH_BASE") {
        Some(path) => {
            let port = std::env::var("CAPTURE_BENCH_BASE_PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(3306);
            (std::fs::read(&path).expect("CAPTURE_BENCH_BASE"), port, format!("{}", PathBuf::from(path).display()))
        }
        None => match real_session(dir) {
            Some((one, port)) => (one, port, "one real MariaDB TLS 1.2 session (tshark on loopback)".to_owned()),
            None => {
                let mut flow = pcap_writer::Flow::new("10.0.0.2:50000", "10.0.0.1:3306");
                let session = pcap_writer::mysql_tls_session(&mut flow, &certificate());
                (pcap_writer::pcap(pcap_writer::Link::Ethernet, &session), 3306, "the SYNTHETIC session".to_owned())
            }
        },
    };
    let big = pcap_writer::replicate_pcap(&one, SESSIONS, port);
    (big, format!("{what}, {} bytes, × {SESSIONS}", one.len()))
}

fn check(d: &Decoded) {
    match d {
        Decoded::Connections { connections, problems, .. } => {
            assert_eq!(connections.len(), SESSIONS);
            assert!(connections.iter().all(|c| c.likely_mysql && c.gaps.is_empty()));
            assert!(problems.is_empty(), "{problems:?}");
        }
        Decoded::Bytes { .. } => panic!("not decoded as a capture"),
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// One whole run of `program args`, stdout discarded: its wall time, and its CPU time (user +
/// system, from `/usr/bin/time` when there is one): on a loaded machine the CPU times compare
/// the programs' work where wall times also measure the wait for a core.
fn run(program: &str, args: &[&str], file: &Path) -> Option<(Duration, Option<f64>)> {
    let args: Vec<&std::ffi::OsStr> =
        args.iter().map(|a| if *a == "FILE" { file.as_os_str() } else { std::ffi::OsStr::new(a) }).collect();
    let timed = Path::new("/usr/bin/time").exists();
    let mut cmd = if timed {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "cpu %U %S", program]);
        c
    } else {
        Command::new(program)
    };
    let t = Instant::now();
    let out = cmd.args(args).stdout(Stdio::null()).stderr(Stdio::piped()).output().ok()?;
    let wall = t.elapsed();
    if !out.status.success() {
        return None;
    }
    let cpu = String::from_utf8_lossy(&out.stderr).lines().rev().find_map(|l| {
        let mut parts = l.strip_prefix("cpu ")?.split(' ').map(|p| p.parse::<f64>().ok());
        Some(parts.next()?? + parts.next()??)
    });
    Some((wall, cpu))
}

fn median_f(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied()
}

/// Peak resident set of the CLI's `decode FILE --json`, from `/usr/bin/time -v`.
fn cli_peak(file: &Path) -> Option<u64> {
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(cli())
        .args(["decode"])
        .arg(file)
        .arg("--json")
        .stdout(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stderr);
    let kb: u64 =
        text.lines().find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes): "))?.parse().ok()?;
    Some(kb * 1024)
}

fn summary(path: &Path, file_len: usize, what: &str) {
    let mb = file_len as f64 / 1e6;
    println!("capture: {what} = {mb:.1} MB");
    let decode_json = ["decode", "FILE", "--json"];
    let tshark_args = ["-r", "FILE", "-Y", "mysql"];
    let with_tshark = std::env::var_os("CAPTURE_BENCH_NO_TSHARK").is_none();
    let cli = cli();
    println!("capture: the CLI measured: {cli}");
    let (mut ours, mut theirs, mut our_cpu, mut their_cpu) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let (wall, cpu) = run(&cli, &decode_json, path).expect("mysql-tls-doctor decode ran");
        ours.push(wall);
        our_cpu.extend(cpu);
        if with_tshark {
            match run("tshark", &tshark_args, path) {
                Some((wall, cpu)) => {
                    theirs.push(wall);
                    their_cpu.extend(cpu);
                }
                None => println!("capture: tshark did not run"),
            }
        }
    }
    if let (Some(o), Some(t)) = (median_f(our_cpu), median_f(their_cpu)) {
        println!(
            "capture: CPU time (user + system) medians: decode {:.1} ms, tshark {:.2} s: {:.1}× less work",
            o * 1e3,
            t,
            t / o
        );
    }
    let ours = median(ours);
    println!(
        "capture: `mysql-tls-doctor decode FILE --json` median of {RUNS}: {:.1} ms ({:.0} MB/s, {:.0} connections/s)",
        ours.as_secs_f64() * 1e3,
        mb / ours.as_secs_f64(),
        SESSIONS as f64 / ours.as_secs_f64()
    );
    if !theirs.is_empty() {
        let theirs = median(theirs);
        println!(
            "capture: `tshark -r FILE -Y mysql` median of {RUNS}: {:.2} s; decode is {:.1}× faster (target ≥ 25×)",
            theirs.as_secs_f64(),
            theirs.as_secs_f64() / ours.as_secs_f64()
        );
    }
    match cli_peak(path) {
        Some(peak) => println!(
            "capture: peak resident set of `decode FILE --json`: {:.1} MB = {:.2}× the file (target ≤ 1.2×)",
            peak as f64 / 1e6,
            peak as f64 / file_len as f64
        ),
        None => println!("capture: peak resident set not measured (/usr/bin/time missing)"),
    }
    // In process: where the time goes.
    let bytes = std::fs::read(path).expect("read");
    let (mut dec, mut out) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let t = Instant::now();
        let d = decode(std::hint::black_box(&bytes), Format::Auto).expect("decodes");
        dec.push(t.elapsed());
        check(&d);
        let t = Instant::now();
        let o = outcomes(&d, Some(1_767_225_600));
        out.push(t.elapsed());
        assert!(o.iter().all(|c| c.outcome.id() == "tls-established"), "every session is established");
    }
    let mut streamed = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let j = support::streamed::read(std::hint::black_box(&bytes), Some(1_767_225_600), None, 1 << 20);
        streamed.push(t.elapsed());
        assert_eq!(j.outcomes.len(), SESSIONS);
    }
    println!(
        "capture: in process, medians of 5: decode {:.1} ms, outcomes of {SESSIONS} connections {:.1} ms; \
         streamed read + judge {:.1} ms",
        median(dec).as_secs_f64() * 1e3,
        median(out).as_secs_f64() * 1e3,
        median(streamed).as_secs_f64() * 1e3
    );
}

fn bench(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("capture-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let (file, what) = big_pcap(&dir);
    let path = dir.join("sessions.pcap");
    std::fs::write(&path, &file).expect("write");
    summary(&path, file.len(), &what);

    let decoded = decode(&file, Format::Auto).expect("decodes");
    let mut g = c.benchmark_group("capture");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(file.len() as u64));
    g.bench_function("decode 10k MySQL TLS sessions (pcap)", |b| {
        b.iter(|| decode(std::hint::black_box(&file), Format::Auto).expect("decodes"))
    });
    g.bench_function("outcomes of 10k connections", |b| b.iter(|| outcomes(std::hint::black_box(&decoded), None)));
    g.finish();
    if std::env::var_os("CAPTURE_BENCH_KEEP").is_some() {
        println!("capture: kept {}", path.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
