//! The issue's number for captures: decoding a pcap of ≥ 10,000 MySQL TLS handshakes natively
//! must be ≥ 20× faster than `tshark -r FILE -Y mysql` measured in the same run, with peak
//! memory ≤ 2× the file size.
//!
//! The file: one SYNTHETIC MySQL TLS 1.2 session (greeting, SSLRequest, ClientHello, a server
//! flight with a real rcgen certificate, Finished, a little application data; 17 packets on
//! Ethernet/IPv4) replicated 10,000 times by rewriting the client port
//! (tests/support/pcap_writer/replicate.rs `replicate_pcap`, which works on any Ethernet/IPv4 pcap, so
//! a real capture can replace the synthetic one).
//!
//! Run: `cargo bench --bench capture`. Before criterion's samples it prints one summary:
//! decode MB/s and handshakes/s (best of 3), tshark's time on the same file and the ratio,
//! and the peak resident memory of a child process that reads the file and decodes it.
//! `CAPTURE_BENCH_NO_TSHARK=1` skips tshark; `CAPTURE_BENCH_BASE=one.pcap` replicates a real
//! capture instead; `CAPTURE_BENCH_KEEP=1` keeps the generated file.

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion, Throughput};
use mysql_tls_doctor::source::capture::{decode, Decoded, Decoder, Format};

#[path = "../tests/support/mod.rs"]
mod support;

use support::pcap_writer;

const HANDSHAKES: usize = 10_000;
/// Set in the child process that measures peak memory: the file to decode, and how.
const MEASURE_ENV: &str = "CAPTURE_BENCH_MEASURE_FILE";
const MEASURE_STREAMED_ENV: &str = "CAPTURE_BENCH_MEASURE_STREAMED";

fn certificate() -> Vec<u8> {
    let key = rcgen::KeyPair::generate().expect("key");
    let params =
        rcgen::CertificateParams::new(vec!["mydb.abc123xyz.us-east-1.rds.amazonaws.com".into()]).expect("params");
    params.self_signed(&key).expect("cert").der().to_vec()
}

/// One session (the synthetic one, or `CAPTURE_BENCH_BASE`: a little-endian Ethernet/IPv4
/// pcap of one real MySQL TLS connection to port 3306), replicated.
fn big_pcap() -> Vec<u8> {
    let one = match std::env::var_os("CAPTURE_BENCH_BASE") {
        Some(path) => std::fs::read(path).expect("CAPTURE_BENCH_BASE"),
        None => {
            let mut flow = pcap_writer::Flow::new("10.0.0.2:50000", "10.0.0.1:3306");
            let session = pcap_writer::mysql_tls_session(&mut flow, &certificate());
            pcap_writer::pcap(pcap_writer::Link::Ethernet, &session)
        }
    };
    pcap_writer::replicate_pcap(&one, HANDSHAKES, 3306)
}

fn check(d: &Decoded) {
    match d {
        Decoded::Connections { connections, problems, .. } => {
            assert_eq!(connections.len(), HANDSHAKES);
            assert!(connections.iter().all(|c| c.likely_mysql && c.gaps.is_empty()));
            assert!(problems.is_empty(), "{problems:?}");
        }
        Decoded::Bytes { .. } => panic!("not decoded as a capture"),
    }
}

/// Peak resident set of this process, from /proc (Linux only).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The child: decode the file (read whole, or streamed from disk in 1 MiB chunks through
/// [`Decoder`]) and print "peak-resident-bytes baseline-bytes".
fn measure_child(path: &str, streamed: bool) {
    let baseline = peak_rss().unwrap_or(0);
    let d = if streamed {
        use std::io::Read as _;
        let mut file = std::fs::File::open(path).expect("open");
        let mut buf = vec![0u8; 1 << 20];
        let mut dec = Decoder::new(Format::Auto);
        loop {
            let n = file.read(&mut buf).expect("read");
            if n == 0 {
                break;
            }
            dec.push(&buf[..n]);
        }
        dec.finish().expect("decodes")
    } else {
        let bytes = std::fs::read(path).expect("read");
        decode(&bytes, Format::Auto).expect("decodes")
    };
    check(&d);
    println!("{} {baseline}", peak_rss().unwrap_or(0));
}

/// Runs [`measure_child`] in a fresh process, so nothing else shares its peak.
fn measure(path: &Path, streamed: bool) -> Option<(u64, u64)> {
    let exe = std::env::current_exe().ok()?;
    let out = std::process::Command::new(exe)
        .env(MEASURE_ENV, path)
        .env(MEASURE_STREAMED_ENV, if streamed { "1" } else { "0" })
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut it = text.split_whitespace().map(|n| n.parse::<u64>().ok());
    Some((it.next()??, it.next()??))
}

fn summary(path: &Path, file_len: usize) {
    let bytes = std::fs::read(path).expect("read");
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let d = decode(std::hint::black_box(&bytes), Format::Auto).expect("decodes");
        best = best.min(t.elapsed());
        check(&d);
    }
    let mb = file_len as f64 / 1e6;
    println!(
        "capture: {HANDSHAKES} handshakes, {mb:.1} MB: decode {:.1} ms = {:.0} MB/s = {:.0} handshakes/s",
        best.as_secs_f64() * 1e3,
        mb / best.as_secs_f64(),
        HANDSHAKES as f64 / best.as_secs_f64()
    );
    for (streamed, how) in [(false, "file read whole, then decode"), (true, "Decoder fed 1 MiB chunks from disk")] {
        match measure(path, streamed) {
            Some((peak, baseline)) => println!(
                "capture: peak resident memory, {how}: {:.1} MB = {:.2}× the file ({:.2}× above the process's {:.1} MB baseline; target ≤ 2×)",
                peak as f64 / 1e6,
                peak as f64 / file_len as f64,
                (peak - baseline) as f64 / file_len as f64,
                baseline as f64 / 1e6,
            ),
            None => println!("capture: memory measurement failed ({how})"),
        }
    }
    if std::env::var_os("CAPTURE_BENCH_NO_TSHARK").is_some() {
        return;
    }
    let t = Instant::now();
    let status = std::process::Command::new("tshark")
        .arg("-r")
        .arg(path)
        .args(["-Y", "mysql"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    match status {
        Ok(s) if s.success() => {
            let tshark = t.elapsed();
            println!(
                "capture: tshark -r FILE -Y mysql {:.2} s; decode is {:.0}× faster (target ≥ 20×)",
                tshark.as_secs_f64(),
                tshark.as_secs_f64() / best.as_secs_f64()
            );
        }
        other => println!("capture: tshark not run: {other:?}"),
    }
}

fn bench(c: &mut Criterion) {
    let file = big_pcap();
    let dir = std::env::temp_dir().join(format!("capture-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("handshakes.pcap");
    std::fs::write(&path, &file).expect("write");
    summary(&path, file.len());

    let mut g = c.benchmark_group("capture");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(file.len() as u64));
    g.bench_function("decode 10k MySQL TLS handshakes (pcap, whole)", |b| {
        b.iter(|| decode(std::hint::black_box(&file), Format::Auto).expect("decodes"))
    });
    g.bench_function("decode 10k MySQL TLS handshakes (Decoder, 1 MiB chunks)", |b| {
        b.iter(|| {
            let mut d = Decoder::new(Format::Auto);
            for chunk in file.chunks(1 << 20) {
                d.push(std::hint::black_box(chunk));
            }
            d.finish().expect("decodes")
        })
    });
    g.finish();
    if std::env::var_os("CAPTURE_BENCH_KEEP").is_some() {
        println!("capture: kept {}", path.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

criterion_group!(benches, bench);

fn main() {
    if let Ok(path) = std::env::var(MEASURE_ENV) {
        measure_child(&path, std::env::var(MEASURE_STREAMED_ENV).is_ok_and(|v| v == "1"));
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
