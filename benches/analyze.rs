//! The number: the whole analysis of the RDS global bundle + a 2-certificate chain +
//! 3 hostnames. Target: native median ≤ 5 ms. Run: `cargo bench --bench analyze`.

use criterion::{criterion_group, criterion_main, Criterion};
use mysql_tls_doctor::source::builtin;
use mysql_tls_doctor::{analyze, Inputs};

mod common;

use common::{rds_like_chain, HOSTS};

fn bench(c: &mut Criterion) {
    let (root, chain) = rds_like_chain();
    let inputs = Inputs {
        ca_bundle: format!("{}{root}", builtin::RDS_GLOBAL_PEM),
        ca_label: None,
        chain,
        hosts: HOSTS.map(String::from).to_vec(),
        capture: None,
        ..Default::default()
    };
    let report = analyze(&inputs, 1_767_225_600);
    assert_eq!(report.inputs.bundle_certificates, 122);
    c.bench_function("analyze rds global bundle + 2-cert chain + 3 hosts", |b| {
        b.iter(|| analyze(std::hint::black_box(&inputs), 1_767_225_600))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
