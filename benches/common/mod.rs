//! What the benches share: the RDS-shaped chain they measure on.

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DistinguishedName, DnType, IsCa, KeyPair};

/// The endpoint the leaf is for, and two more names the benches check.
pub const HOSTS: [&str; 3] = [
    "mydb.abc123xyz.us-east-1.rds.amazonaws.com",
    "mydb.cluster-abc123xyz.us-east-1.rds.amazonaws.com",
    "db.mycompany.example",
];

/// An RDS-shaped RSA chain (root → subordinate → leaf for `HOSTS[0]`), generated each run:
/// `(root PEM, leaf + subordinate PEM)`.
pub fn rds_like_chain() -> (String, String) {
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
