//! The number: explaining one pasted error message natively ≤ 1 ms. Medians for a
//! typical message, the longest corpus message, and the whole corpus (tests/fixtures).
//! Run: `cargo bench --bench explain`.

use criterion::{criterion_group, criterion_main, Criterion};
use mysql_tls_doctor::rules::error_message::explain;

#[path = "../tests/support/mod.rs"]
mod support;

fn texts() -> Vec<String> {
    support::error_corpus::rows().into_iter().map(|r| r.text).collect()
}

fn bench(c: &mut Criterion) {
    let texts = texts();
    assert!(texts.len() >= 120);
    let typical = "ERROR 2026 (HY000): SSL connection error: error:0A000086:SSL routines::certificate verify failed";
    let longest = texts.iter().max_by_key(|t| t.len()).expect("a text").clone();
    assert!(explain(typical).recognised && explain(&longest).recognised);
    c.bench_function("explain typical (mysql 8, OpenSSL 3)", |b| b.iter(|| explain(std::hint::black_box(typical))));
    c.bench_function(&format!("explain longest corpus text ({} bytes)", longest.len()), |b| {
        b.iter(|| explain(std::hint::black_box(&longest)))
    });
    // The worst case the reader accepts: a pasted log at the input cap, the reason in its last line.
    let line = "\tat com.example.app.db.Pool.connect(Pool.java:42) ~[app.jar:1.0]\n";
    let mut log = line.repeat((mysql_tls_doctor::decode::error_text::MAX_INPUT - 200) / line.len());
    log.push_str("Caused by: javax.net.ssl.SSLHandshakeException: Received fatal alert: protocol_version");
    assert_eq!(explain(&log).candidates.first().map(|c| c.rule.as_str()), Some("tls-version-mismatch"));
    c.bench_function(&format!("explain a pasted log at the cap ({} bytes)", log.len()), |b| {
        b.iter(|| explain(std::hint::black_box(&log)))
    });
    c.bench_function(&format!("explain whole corpus ({} texts)", texts.len()), |b| {
        b.iter(|| texts.iter().map(|t| explain(std::hint::black_box(t)).candidates.len()).sum::<usize>())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
