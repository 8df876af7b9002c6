//! Test certificates made at test time with `rcgen`: a root CA, an intermediate CA, an unrelated
//! root, and server leaves with chosen names and validity.
//!
//! [`TestPki::scenarios`] turns them into the standard broken-and-working server setups the
//! real-client tests run: what the server sends (leaf first), its key, what the client trusts and
//! which hostname it connects with. Expected outcomes live in each test, not here, because they
//! depend on the client.
//!
//! Keys are ECDSA P-256 (rcgen's default; RSA key generation needs aws-lc-rs). The CAs are valid
//! 2015–2045, so the expired leaf (2019–2020) lies inside its issuer's validity and only the leaf
//! itself is out of date.

use std::fs;
use std::path::{Path, PathBuf};

use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, CertifiedIssuer, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose, SanType,
};

/// A CA that can sign: its certificate plus its key.
pub type Ca = CertifiedIssuer<'static, KeyPair>;

/// A calendar day (UTC midnight): year, month, day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ymd(pub i32, pub u8, pub u8);

/// Validity used for every CA.
pub const CA_NOT_BEFORE: Ymd = Ymd(2015, 1, 1);
/// Validity used for every CA.
pub const CA_NOT_AFTER: Ymd = Ymd(2045, 1, 1);
/// Validity used for the leaves that are meant to be in date.
pub const LEAF_NOT_BEFORE: Ymd = Ymd(2024, 1, 1);
/// Validity used for the leaves that are meant to be in date.
pub const LEAF_NOT_AFTER: Ymd = Ymd(2040, 1, 1);

/// The name that resolves to 127.0.0.1 without touching /etc/hosts: the "right" name.
pub const GOOD_HOST: &str = "localhost";
/// A name the client never connects with: the "wrong" name in a certificate.
pub const OTHER_HOST: &str = "other.example.test";

fn dn(common_name: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::OrganizationName, "mysql-tls-doctor tests");
    dn.push(DnType::CommonName, common_name);
    dn
}

fn ca_params(common_name: &str, constraints: BasicConstraints) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name = dn(common_name);
    params.is_ca = IsCa::Ca(constraints);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
    params.not_before = date_time_ymd(CA_NOT_BEFORE.0, CA_NOT_BEFORE.1, CA_NOT_BEFORE.2);
    params.not_after = date_time_ymd(CA_NOT_AFTER.0, CA_NOT_AFTER.1, CA_NOT_AFTER.2);
    params.use_authority_key_identifier_extension = true;
    params
}

/// A self-signed root CA.
pub fn root_ca(common_name: &str) -> Ca {
    let key = KeyPair::generate().expect("generate a root CA key");
    CertifiedIssuer::self_signed(ca_params(common_name, BasicConstraints::Unconstrained), key)
        .expect("self-sign a root CA")
}

/// An intermediate CA (path length 0) signed by `parent`.
pub fn intermediate_ca(common_name: &str, parent: &Ca) -> Ca {
    let key = KeyPair::generate().expect("generate an intermediate CA key");
    CertifiedIssuer::signed_by(ca_params(common_name, BasicConstraints::Constrained(0)), key, &**parent)
        .expect("sign an intermediate CA")
}

/// What a server leaf should look like.
#[derive(Debug, Clone)]
pub struct LeafSpec<'a> {
    /// Subject CN; `None` leaves the subject with only the organisation.
    pub common_name: Option<&'a str>,
    /// DNS names for the subjectAltName extension; empty means no SAN extension at all.
    pub dns_names: &'a [&'a str],
    pub not_before: Ymd,
    pub not_after: Ymd,
}

impl<'a> LeafSpec<'a> {
    /// An in-date leaf with CN = SAN = `host`.
    pub fn for_host(host: &'a str, dns_names: &'a [&'a str]) -> Self {
        LeafSpec { common_name: Some(host), dns_names, not_before: LEAF_NOT_BEFORE, not_after: LEAF_NOT_AFTER }
    }
}

/// A server certificate and its private key, both PEM.
#[derive(Debug, Clone)]
pub struct Leaf {
    pub cert_pem: String,
    pub key_pem: String,
}

/// Issues a server (TLS Web Server Authentication) leaf from `spec`, signed by `issuer`.
pub fn leaf(spec: &LeafSpec<'_>, issuer: &Ca) -> Leaf {
    let mut params = CertificateParams::default();
    let mut subject = DistinguishedName::new();
    subject.push(DnType::OrganizationName, "mysql-tls-doctor tests");
    if let Some(cn) = spec.common_name {
        subject.push(DnType::CommonName, cn);
    }
    params.distinguished_name = subject;
    params.subject_alt_names = spec
        .dns_names
        .iter()
        .map(|name| SanType::DnsName((*name).to_owned().try_into().expect("a DNS SAN must be IA5 (ASCII)")))
        .collect();
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.not_before = date_time_ymd(spec.not_before.0, spec.not_before.1, spec.not_before.2);
    params.not_after = date_time_ymd(spec.not_after.0, spec.not_after.1, spec.not_after.2);
    params.use_authority_key_identifier_extension = true;
    let key = KeyPair::generate().expect("generate a leaf key");
    let cert = params.signed_by(&key, &**issuer).expect("sign a leaf");
    Leaf { cert_pem: cert.pem(), key_pem: key.serialize_pem() }
}

/// One server setup as a real client would meet it.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Stable id, used in tables and as a directory name.
    pub name: &'static str,
    /// One line on what is wrong (or right) with it.
    pub what: &'static str,
    /// What the server sends (`--ssl-cert`): leaf first, then any intermediates.
    pub chain_pem: String,
    /// The server's private key (`--ssl-key`).
    pub key_pem: String,
    /// What the client trusts (`--ssl-ca`).
    pub ca_pem: String,
    /// The hostname the client connects with.
    pub host: &'static str,
}

/// Paths of a scenario written to disk.
#[derive(Debug, Clone)]
pub struct ScenarioFiles {
    pub chain: PathBuf,
    pub key: PathBuf,
    pub ca: PathBuf,
}

impl Scenario {
    /// Writes `chain.pem`, `key.pem` and `ca.pem` into `dir` (created if missing).
    pub fn write_to(&self, dir: &Path) -> ScenarioFiles {
        fs::create_dir_all(dir).unwrap_or_else(|e| panic!("create scenario dir {}: {e}", dir.display()));
        let files = ScenarioFiles { chain: dir.join("chain.pem"), key: dir.join("key.pem"), ca: dir.join("ca.pem") };
        for (path, text) in [(&files.chain, &self.chain_pem), (&files.key, &self.key_pem), (&files.ca, &self.ca_pem)] {
            fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        }
        files
    }
}

/// The CAs every scenario is built from.
pub struct TestPki {
    /// The root the client normally trusts.
    pub root: Ca,
    /// Signed by `root`; signs the leaves.
    pub intermediate: Ca,
    /// A root unrelated to everything else.
    pub other_root: Ca,
}

impl TestPki {
    /// Fresh keys and certificates (a few milliseconds).
    pub fn generate() -> Self {
        let root = root_ca("mysql-tls-doctor Test Root CA");
        let intermediate = intermediate_ca("mysql-tls-doctor Test Intermediate CA", &root);
        let other_root = root_ca("Unrelated Test Root CA");
        TestPki { root, intermediate, other_root }
    }

    /// The standard scenarios, `chain_ok` first.
    pub fn scenarios(&self) -> Vec<Scenario> {
        let root = self.root.pem();
        let inter = self.intermediate.pem();
        let good = leaf(&LeafSpec::for_host(GOOD_HOST, &[GOOD_HOST]), &self.intermediate);
        let with_inter = |leaf: &Leaf| format!("{}{}", leaf.cert_pem, inter);

        let expired = leaf(
            &LeafSpec {
                not_before: Ymd(2019, 1, 1),
                not_after: Ymd(2020, 1, 1),
                ..LeafSpec::for_host(GOOD_HOST, &[GOOD_HOST])
            },
            &self.intermediate,
        );
        let mismatch = leaf(&LeafSpec::for_host(OTHER_HOST, &[OTHER_HOST]), &self.intermediate);
        let cn_only = leaf(&LeafSpec::for_host(GOOD_HOST, &[]), &self.intermediate);

        vec![
            Scenario {
                name: "chain_ok",
                what: "server sends leaf + intermediate, client trusts the root",
                chain_pem: with_inter(&good),
                key_pem: good.key_pem.clone(),
                ca_pem: root.clone(),
                host: GOOD_HOST,
            },
            Scenario {
                name: "leaf_only",
                what: "server sends only the leaf; the intermediate is missing",
                chain_pem: good.cert_pem.clone(),
                key_pem: good.key_pem.clone(),
                ca_pem: root.clone(),
                host: GOOD_HOST,
            },
            Scenario {
                name: "untrusted_ca",
                what: "server sends leaf + intermediate, client trusts an unrelated root",
                chain_pem: with_inter(&good),
                key_pem: good.key_pem.clone(),
                ca_pem: self.other_root.pem(),
                host: GOOD_HOST,
            },
            Scenario {
                name: "expired_leaf",
                what: "leaf notAfter 2020-01-01",
                chain_pem: with_inter(&expired),
                key_pem: expired.key_pem.clone(),
                ca_pem: root.clone(),
                host: GOOD_HOST,
            },
            Scenario {
                name: "name_mismatch",
                what: "leaf SAN (and CN) other.example.test, client connects to localhost",
                chain_pem: with_inter(&mismatch),
                key_pem: mismatch.key_pem.clone(),
                ca_pem: root.clone(),
                host: GOOD_HOST,
            },
            Scenario {
                name: "cn_only",
                what: "leaf without SAN, CN = localhost",
                chain_pem: with_inter(&cn_only),
                key_pem: cn_only.key_pem.clone(),
                ca_pem: root.clone(),
                host: GOOD_HOST,
            },
            Scenario {
                name: "intermediate_only_trust",
                what: "client trusts only the intermediate, not the root",
                chain_pem: with_inter(&good),
                key_pem: good.key_pem.clone(),
                ca_pem: inter.clone(),
                host: GOOD_HOST,
            },
        ]
    }
}
