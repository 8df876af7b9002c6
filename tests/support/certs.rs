//! A general certificate builder for the rule tests: any subject, SANs (DNS and IP), CA or
//! leaf, validity, issuer. `pki` builds the MariaDB scenarios; this builds everything else,
//! including look-alikes of the Amazon RDS CAs (their real keys are, of course, not ours).

use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, CertifiedIssuer, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose, SanType,
};

pub type Ca = CertifiedIssuer<'static, KeyPair>;

/// What to build.
#[derive(Debug, Clone)]
pub struct Spec {
    pub subject: Vec<(DnType, String)>,
    pub dns: Vec<String>,
    pub ips: Vec<std::net::IpAddr>,
    pub ca: bool,
    pub from: (i32, u8, u8),
    pub until: (i32, u8, u8),
    pub eku_server: bool,
    /// An RSA-2048 key (as Amazon RDS uses) instead of ECDSA P-256: real-sized certificates.
    /// Made with the `openssl` CLI, since rcgen's ring backend cannot generate RSA keys.
    pub rsa: bool,
}

impl Spec {
    /// A leaf for `cn` with SAN `dns`, valid 2024–2040.
    pub fn leaf(cn: &str, dns: &[&str]) -> Spec {
        Spec {
            subject: vec![(DnType::OrganizationName, "tests".into()), (DnType::CommonName, cn.into())],
            dns: dns.iter().map(|s| s.to_string()).collect(),
            ips: vec![],
            ca: false,
            from: (2024, 1, 1),
            until: (2040, 1, 1),
            eku_server: true,
            rsa: false,
        }
    }

    /// A CA named `cn`, valid 2015–2045.
    pub fn ca(cn: &str) -> Spec {
        Spec { ca: true, from: (2015, 1, 1), until: (2045, 1, 1), eku_server: false, ..Spec::leaf(cn, &[]) }
    }

    /// A CA with an Amazon RDS subject (O, OU and CN as the real ones have them).
    pub fn rds_ca(cn: &str) -> Spec {
        Spec {
            subject: vec![
                (DnType::CountryName, "US".into()),
                (DnType::OrganizationName, "Amazon Web Services, Inc.".into()),
                (DnType::OrganizationalUnitName, "Amazon RDS".into()),
                (DnType::StateOrProvinceName, "WA".into()),
                (DnType::CommonName, cn.into()),
                (DnType::LocalityName, "Seattle".into()),
            ],
            ..Spec::ca(cn)
        }
    }

    pub fn valid(mut self, from: (i32, u8, u8), until: (i32, u8, u8)) -> Spec {
        self.from = from;
        self.until = until;
        self
    }

    pub fn rsa(mut self) -> Spec {
        self.rsa = true;
        self
    }

    fn key(&self) -> KeyPair {
        if !self.rsa {
            return KeyPair::generate().expect("generate a key");
        }
        let out = std::process::Command::new("openssl")
            .args(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"])
            .output()
            .expect("run openssl genpkey");
        KeyPair::from_pem(&String::from_utf8_lossy(&out.stdout)).expect("an RSA key from openssl")
    }

    pub fn ips(mut self, ips: &[&str]) -> Spec {
        self.ips = ips.iter().map(|s| s.parse().expect("an IP literal")).collect();
        self
    }

    fn params(&self) -> CertificateParams {
        let mut p = CertificateParams::default();
        let mut dn = DistinguishedName::new();
        for (t, v) in &self.subject {
            dn.push(t.clone(), v.as_str());
        }
        p.distinguished_name = dn;
        p.subject_alt_names = self
            .dns
            .iter()
            .map(|d| SanType::DnsName(d.clone().try_into().expect("an ASCII DNS name")))
            .chain(self.ips.iter().map(|ip| SanType::IpAddress(*ip)))
            .collect();
        if self.ca {
            p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            p.key_usages =
                vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
        } else {
            p.is_ca = IsCa::ExplicitNoCa;
            p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        }
        if self.eku_server {
            p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        }
        p.not_before = date_time_ymd(self.from.0, self.from.1, self.from.2);
        p.not_after = date_time_ymd(self.until.0, self.until.1, self.until.2);
        p.use_authority_key_identifier_extension = true;
        p
    }

    /// A CA: self-signed without `parent`.
    pub fn issue_ca(&self, parent: Option<&Ca>) -> Ca {
        let key = self.key();
        match parent {
            None => CertifiedIssuer::self_signed(self.params(), key).expect("self-sign"),
            Some(p) => CertifiedIssuer::signed_by(self.params(), key, &**p).expect("sign a CA"),
        }
    }

    /// A certificate signed by `issuer`, as PEM.
    pub fn issue(&self, issuer: &Ca) -> String {
        let key = self.key();
        self.params().signed_by(&key, &**issuer).expect("sign").pem()
    }

    /// A self-signed certificate, as PEM.
    pub fn self_signed(&self) -> String {
        self.self_signed_with_key().0
    }

    /// A self-signed certificate and its private key, as PEM (for a server to use).
    pub fn self_signed_with_key(&self) -> (String, String) {
        let key = self.key();
        (self.params().self_signed(&key).expect("self-sign").pem(), key.serialize_pem())
    }
}

/// PEM of a CA.
pub fn pem(ca: &Ca) -> String {
    ca.as_ref().pem()
}
