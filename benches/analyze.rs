//! The number: the whole analysis of the RDS global bundle + a 2-certificate chain +
//! 3 hostnames. Target: native median ≤ 5 ms. Run: `cargo bench --bench analyze`.

use criterion::{criterion_group, criterion_main, Criterion};
use mysql_tls_doctor::source::builtin;
use mysql_tls_doctor::{analyze, Inputs};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DistinguishedName, DnType, IsCa, KeyPair};

fn rds_like_chain() -> (String, String) {
    let dn = |cn: &str| {
        let mut d = DistinguishedName::new();
        d.push(DnType::OrganizationName, "Amazon Web Services, Inc.");
        d.push(DnType::OrganizationalUnitName, "Amazon RDS");
        d.push(DnType::CommonName, cn);
        d
    };
    let mut p = CertificateParams::default();
    p.distinguished_name = dn("Amazon RDS us-east-1 Root CA RSA2048 G1");
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let root = CertifiedIssuer::self_signed(p, KeyPair::generate().expect("key")).expect("root");
    let mut p = CertificateParams::default();
    p.distinguished_name = dn("Amazon RDS us-east-1 Subordinate CA RSA2048 G1.A.1");
    p.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    let sub = CertifiedIssuer::signed_by(p, KeyPair::generate().expect("key"), &*root).expect("sub");
    let host = "mydb.abc123xyz.us-east-1.rds.amazonaws.com";
    let mut p = CertificateParams::new(vec![host.to_owned()]).expect("params");
    p.distinguished_name = dn(host);
    let leaf = p.signed_by(&KeyPair::generate().expect("key"), &*sub).expect("leaf");
    (root.as_ref().pem(), format!("{}{}", leaf.pem(), sub.as_ref().pem()))
}

fn bench(c: &mut Criterion) {
    let (root, chain) = rds_like_chain();
    let inputs = Inputs {
        ca_bundle: format!("{}{root}", builtin::RDS_GLOBAL_PEM),
        ca_label: None,
        chain,
        hosts: vec![
            "mydb.abc123xyz.us-east-1.rds.amazonaws.com".into(),
            "mydb.cluster-abc123xyz.us-east-1.rds.amazonaws.com".into(),
            "db.mycompany.example".into(),
        ],
        capture: None,
    };
    let report = analyze(&inputs, 1_767_225_600);
    assert_eq!(report.inputs.bundle_certificates, 122);
    c.bench_function("analyze rds global bundle + 2-cert chain + 3 hosts", |b| {
        b.iter(|| analyze(std::hint::black_box(&inputs), 1_767_225_600))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
