//! The client lab's certificate scenarios, generated at test time (rcgen): what the MariaDB
//! server sends, what the client trusts, the host it connects with, and the same three as the
//! model's inputs.
//!
//! One PKI (root → intermediate → leaves, ECDSA P-256) plus an unrelated root and a separate
//! P-384 chain. The CAs are valid 2015–2045, in-date leaves 2024–2040, the expired leaf
//! 2019–2020 (inside its issuer's validity, so only the leaf is out of date).

use std::fs;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, CertifiedIssuer, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose, SanType, SignatureAlgorithm, PKCS_ECDSA_P256_SHA256,
    PKCS_ECDSA_P384_SHA384,
};

type Ca = CertifiedIssuer<'static, KeyPair>;

/// The name the "right name" scenarios use: a name that resolves to 127.0.0.1 without
/// editing /etc/hosts. Not `localhost` when there is another: Connector/C, libmysqlclient and
/// mysqlnd take `localhost` to mean the Unix socket (mysqlclient, PHP and DBD::MariaDB cannot be
/// told otherwise), so they would never reach the TLS port. The first other name that
/// /etc/hosts gives 127.0.0.1 and that resolves to 127.0.0.1 only (`vm` on this machine kind);
/// `localhost` when there is none.
pub fn name() -> &'static str {
    static NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    NAME.get_or_init(|| {
        let hosts = fs::read_to_string("/etc/hosts").unwrap_or_default();
        hosts
            .lines()
            .map(|l| l.split('#').next().unwrap_or_default().split_whitespace().collect::<Vec<_>>())
            .filter(|f| f.first() == Some(&IP))
            .flat_map(|f| f.into_iter().skip(1).map(str::to_owned).collect::<Vec<_>>())
            .find(|n| {
                n != "localhost"
                    && n.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
                    && resolves_to_loopback_only(n)
            })
            .unwrap_or_else(|| "localhost".to_owned())
    })
}

fn resolves_to_loopback_only(name: &str) -> bool {
    use std::net::ToSocketAddrs;
    match (name, 0).to_socket_addrs() {
        Ok(addrs) => {
            let addrs: Vec<_> = addrs.map(|a| a.ip()).collect();
            !addrs.is_empty() && addrs.iter().all(|a| a.to_string() == IP)
        }
        Err(_) => false,
    }
}
/// The loopback address, for the scenarios that connect by IP.
pub const IP: &str = "127.0.0.1";
/// A name the client never connects with.
pub const OTHER: &str = "other.example.test";

/// One certificate setup as a client meets it.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Stable id (tables, directory names, the results file).
    pub id: &'static str,
    /// One line on what it is.
    pub what: &'static str,
    /// What the server sends (`--ssl-cert`), leaf first; `None`: the server runs without TLS.
    pub chain_pem: Option<String>,
    /// The server's key (`--ssl-key`).
    pub key_pem: String,
    /// What the client trusts (its CA file).
    pub ca_pem: String,
    /// The host the client connects with.
    pub host: &'static str,
    /// A client that connects here has not verified what a full check verifies (wrong name,
    /// expired, untrusted, self-signed, no TLS): the model must call it "unverified".
    pub insecure: bool,
}

/// A scenario's files on disk.
#[derive(Debug, Clone)]
pub struct Files {
    pub chain: Option<PathBuf>,
    pub key: PathBuf,
    pub ca: PathBuf,
}

impl Scenario {
    /// Writes `chain.pem` (when TLS), `key.pem` and `ca.pem` into `dir`.
    pub fn write_to(&self, dir: &Path) -> Files {
        fs::create_dir_all(dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
        let write = |name: &str, text: &str| {
            let path = dir.join(name);
            fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
            path
        };
        Files {
            chain: self.chain_pem.as_deref().map(|c| write("chain.pem", c)),
            key: write("key.pem", &self.key_pem),
            ca: write("ca.pem", &self.ca_pem),
        }
    }
}

fn params(cn: Option<&str>, from: (i32, u8, u8), until: (i32, u8, u8)) -> CertificateParams {
    let mut p = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::OrganizationName, "mysql-tls-doctor lab");
    if let Some(cn) = cn {
        dn.push(DnType::CommonName, cn);
    }
    p.distinguished_name = dn;
    p.not_before = date_time_ymd(from.0, from.1, from.2);
    p.not_after = date_time_ymd(until.0, until.1, until.2);
    p.use_authority_key_identifier_extension = true;
    p
}

fn key(alg: &'static SignatureAlgorithm) -> KeyPair {
    KeyPair::generate_for(alg).expect("generate a key")
}

fn ca(cn: &str, parent: Option<&Ca>, alg: &'static SignatureAlgorithm) -> Ca {
    let mut p = params(Some(cn), (2015, 1, 1), (2045, 1, 1));
    p.is_ca =
        IsCa::Ca(if parent.is_some() { BasicConstraints::Constrained(0) } else { BasicConstraints::Unconstrained });
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
    match parent {
        None => CertifiedIssuer::self_signed(p, key(alg)).expect("self-sign a CA"),
        Some(parent) => CertifiedIssuer::signed_by(p, key(alg), &**parent).expect("sign a CA"),
    }
}

/// A server leaf: subject CN, DNS SANs, IP SANs, validity.
struct LeafSpec<'a> {
    cn: Option<&'a str>,
    dns: &'a [&'a str],
    ips: &'a [&'a str],
    from: (i32, u8, u8),
    until: (i32, u8, u8),
}

const fn spec<'a>(cn: Option<&'a str>, dns: &'a [&'a str], ips: &'a [&'a str]) -> LeafSpec<'a> {
    LeafSpec { cn, dns, ips, from: (2024, 1, 1), until: (2040, 1, 1) }
}

/// (certificate PEM, key PEM), signed by `issuer` or self-signed.
fn leaf(s: &LeafSpec<'_>, issuer: Option<&Ca>, alg: &'static SignatureAlgorithm) -> (String, String) {
    let mut p = params(s.cn, s.from, s.until);
    p.subject_alt_names = s
        .dns
        .iter()
        .map(|d| SanType::DnsName((*d).to_owned().try_into().expect("an ASCII DNS name")))
        .chain(s.ips.iter().map(|ip| SanType::IpAddress(ip.parse::<IpAddr>().expect("an IP literal"))))
        .collect();
    p.is_ca = IsCa::ExplicitNoCa;
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let k = key(alg);
    let cert = match issuer {
        Some(issuer) => p.signed_by(&k, &**issuer).expect("sign a leaf"),
        None => p.self_signed(&k).expect("self-sign a leaf"),
    };
    (cert.pem(), k.serialize_pem())
}

/// Every scenario the lab runs, `chain_ok` first and `no_tls` last.
pub fn all() -> Vec<Scenario> {
    let name = name();
    let p256 = &PKCS_ECDSA_P256_SHA256;
    let root = ca("mysql-tls-doctor Lab Root CA", None, p256);
    let inter = ca("mysql-tls-doctor Lab Intermediate CA", Some(&root), p256);
    let other_root = ca("Unrelated Lab Root CA", None, p256);
    let (root_pem, inter_pem) = (root.pem(), inter.pem());
    let signed = |s: &LeafSpec<'_>| leaf(s, Some(&inter), p256);

    let good = signed(&spec(Some(name), &[name], &[]));
    let two_names = signed(&spec(Some("db.example.test"), &["db.example.test", name], &[]));
    let other = signed(&spec(Some(OTHER), &[OTHER], &[]));
    let cn_only = signed(&spec(Some(name), &[], &[]));
    let ip_dns = signed(&spec(Some(name), &[IP], &[]));
    let ip_cn = signed(&spec(Some(IP), &[], &[]));
    let ip_san = signed(&spec(Some(name), &[name], &[IP]));
    let expired = signed(&LeafSpec { from: (2019, 1, 1), until: (2020, 1, 1), ..spec(Some(name), &[name], &[]) });
    let self_signed = leaf(&spec(Some(name), &[name], &[]), None, p256);

    let p384 = &PKCS_ECDSA_P384_SHA384;
    let root384 = ca("mysql-tls-doctor Lab P-384 Root CA", None, p384);
    let inter384 = ca("mysql-tls-doctor Lab P-384 Intermediate CA", Some(&root384), p384);
    let good384 = leaf(&spec(Some(name), &[name], &[]), Some(&inter384), p384);

    let served = |l: &(String, String)| Some(format!("{}{inter_pem}", l.0));
    let row = |id, what, chain: Option<String>, l: &(String, String), ca: &str, host, insecure| Scenario {
        id,
        what,
        chain_pem: chain,
        key_pem: l.1.clone(),
        ca_pem: ca.to_owned(),
        host,
        insecure,
    };
    let root_and_inter = format!("{root_pem}{inter_pem}");
    vec![
        row("chain_ok", "leaf + intermediate served, root trusted", served(&good), &good, &root_pem, name, false),
        row("leaf_only", "only the leaf served, root trusted", Some(good.0.clone()), &good, &root_pem, name, false),
        row(
            "leaf_only_ca_has_inter",
            "only the leaf served, root + intermediate trusted",
            Some(good.0.clone()),
            &good,
            &root_and_inter,
            name,
            false,
        ),
        row(
            "inter_trust_served",
            "only the intermediate trusted; served too",
            served(&good),
            &good,
            &inter_pem,
            name,
            false,
        ),
        row(
            "inter_trust_not_served",
            "only the intermediate trusted; server sends only the leaf",
            Some(good.0.clone()),
            &good,
            &inter_pem,
            name,
            false,
        ),
        row("host_by_ip", "leaf for the name, client connects to 127.0.0.1", served(&good), &good, &root_pem, IP, true),
        row(
            "second_san",
            "leaf for db.example.test and the name; host the name",
            served(&two_names),
            &two_names,
            &root_pem,
            name,
            false,
        ),
        row("other_name", "leaf for other.example.test only", served(&other), &other, &root_pem, name, true),
        row("cn_only", "leaf without SAN, CN the name", served(&cn_only), &cn_only, &root_pem, name, false),
        row(
            "ip_as_dns_san",
            "leaf with DNS SAN \"127.0.0.1\", host 127.0.0.1",
            served(&ip_dns),
            &ip_dns,
            &root_pem,
            IP,
            false,
        ),
        row("ip_as_cn", "leaf without SAN, CN 127.0.0.1, host 127.0.0.1", served(&ip_cn), &ip_cn, &root_pem, IP, false),
        row("ip_san", "leaf with IP SAN 127.0.0.1, host 127.0.0.1", served(&ip_san), &ip_san, &root_pem, IP, false),
        row("expired_leaf", "leaf notAfter 2020-01-01", served(&expired), &expired, &root_pem, name, true),
        row(
            "untrusted_ca",
            "chain from another root than the trusted one",
            served(&good),
            &good,
            &other_root.pem(),
            name,
            true,
        ),
        row(
            "self_signed",
            "server sends a self-signed leaf, root trusted",
            Some(self_signed.0.clone()),
            &self_signed,
            &root_pem,
            name,
            true,
        ),
        row(
            "ecdsa_p384",
            "P-384 root → intermediate → leaf",
            Some(format!("{}{}", good384.0, inter384.pem())),
            &good384,
            &root384.pem(),
            name,
            false,
        ),
        row("no_tls", "server without TLS", None, &good, &root_pem, name, true),
    ]
}
