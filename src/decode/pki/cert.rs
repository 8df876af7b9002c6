//! One certificate: the facts the rules need, and the summary the report shows.

use serde::Serialize;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::prelude::FromDer;
use x509_parser::public_key::PublicKey;

use crate::decode::pki::rds::{self, AmazonTrust, RdsCa};
use crate::text::safe;
use crate::time_fmt::rfc3339;

/// A parsed certificate: its DER and the facts chain building and the rules use.
#[derive(Debug, Clone)]
pub struct Cert {
    pub der: Vec<u8>,
    /// Raw DER of the subject and issuer names: chain building compares these.
    pub subject_raw: Vec<u8>,
    pub issuer_raw: Vec<u8>,
    pub ski: Option<Vec<u8>>,
    pub aki: Option<Vec<u8>>,
    pub not_before: i64,
    pub not_after: i64,
    /// The RDS CA named as issuer, when the issuer is one.
    pub issuer_rds: Option<RdsCa>,
    /// The subject and the issuer as Amazon Trust Services CAs (RDS Proxy's chains).
    pub amazon_trust: Option<AmazonTrust>,
    pub issuer_amazon_trust: Option<AmazonTrust>,
    pub summary: CertSummary,
}

/// What the report shows of a certificate. All text fields are made safe ([`crate::text`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct CertSummary {
    pub subject: String,
    pub issuer: String,
    /// The subject's first common name, if any.
    pub common_name: Option<String>,
    /// Hex, colon-separated.
    pub serial: String,
    pub not_before: String,
    pub not_after: String,
    /// e.g. `RSA 2048`, `ECDSA P-384`.
    pub key: String,
    pub signature_algorithm: String,
    pub dns_names: Vec<String>,
    pub ip_addresses: Vec<String>,
    /// SAN entries of other kinds (email, URI, …), described.
    pub other_names: Vec<String>,
    /// True when the certificate has a subjectAltName extension at all.
    pub has_san: bool,
    pub is_ca: bool,
    pub path_len: Option<u32>,
    pub key_usage: Vec<String>,
    pub extended_key_usage: Vec<String>,
    /// Subject equals issuer (a root, or a self-signed leaf).
    pub self_issued: bool,
    pub version: u32,
    pub sha256: String,
    pub rds: Option<RdsCa>,
    /// Bytes after the certificate's DER that were ignored.
    pub trailing_bytes: usize,
}

/// Why a DER blob is not a certificate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an X.509 certificate: {reason}")]
pub struct CertError {
    pub reason: String,
}

impl Cert {
    /// Parses DER. Never panics.
    pub fn from_der(der: &[u8]) -> Result<Cert, CertError> {
        let (rest, x) = X509Certificate::from_der(der).map_err(|e| CertError { reason: format!("{e}") })?;
        let mut ski = None;
        let mut aki = None;
        for ext in x.extensions() {
            match ext.parsed_extension() {
                ParsedExtension::SubjectKeyIdentifier(k) => ski = Some(k.0.to_vec()),
                ParsedExtension::AuthorityKeyIdentifier(a) => aki = a.key_identifier.as_ref().map(|k| k.0.to_vec()),
                _ => {}
            }
        }
        let used = der.len() - rest.len();
        let issuer_rds = name_rds(x.issuer());
        let summary = summarize(&x, der.get(..used).unwrap_or(der), rest.len());
        Ok(Cert {
            der: der.get(..used).unwrap_or(der).to_vec(),
            subject_raw: x.subject().as_raw().to_vec(),
            issuer_raw: x.issuer().as_raw().to_vec(),
            ski,
            aki,
            not_before: x.validity().not_before.timestamp(),
            not_after: x.validity().not_after.timestamp(),
            issuer_rds,
            amazon_trust: name_amazon_trust(x.subject()),
            issuer_amazon_trust: name_amazon_trust(x.issuer()),
            summary,
        })
    }

    /// Re-parses for signature checks (kept out of the struct to avoid self-borrows).
    pub fn parsed(&self) -> Option<X509Certificate<'_>> {
        X509Certificate::from_der(&self.der).ok().map(|(_, x)| x)
    }

    /// Whether `issuer`'s key verifies this certificate's signature.
    pub fn is_signed_by(&self, issuer: &Cert) -> bool {
        match (self.parsed(), issuer.parsed()) {
            (Some(c), Some(i)) => c.verify_signature(Some(i.public_key())).is_ok(),
            _ => false,
        }
    }

    /// Whether the issuer name matches `issuer`'s subject, and the key ids do not disagree.
    pub fn names_issuer(&self, issuer: &Cert) -> bool {
        if self.issuer_raw != issuer.subject_raw {
            return false;
        }
        match (&self.aki, &issuer.ski) {
            (Some(a), Some(s)) => a == s,
            _ => true,
        }
    }

    pub fn is_valid_at(&self, now: i64) -> bool {
        self.not_before <= now && now <= self.not_after
    }

    pub fn is_ca(&self) -> bool {
        self.summary.is_ca
    }

    pub fn self_issued(&self) -> bool {
        self.summary.self_issued
    }

    /// A short name for messages: the CN, or the subject.
    pub fn name(&self) -> &str {
        self.summary.common_name.as_deref().unwrap_or(&self.summary.subject)
    }
}

fn summarize(x: &X509Certificate<'_>, der: &[u8], trailing: usize) -> CertSummary {
    let common_name = x.subject().iter_common_name().next().and_then(|cn| cn.as_str().ok()).map(safe);
    let mut dns_names = Vec::new();
    let mut ip_addresses = Vec::new();
    let mut other_names = Vec::new();
    let mut has_san = false;
    if let Ok(Some(san)) = x.subject_alternative_name() {
        has_san = true;
        for name in &san.value.general_names {
            match name {
                GeneralName::DNSName(d) => dns_names.push(safe(d)),
                GeneralName::IPAddress(b) => ip_addresses.push(ip_to_string(b)),
                GeneralName::RFC822Name(e) => other_names.push(format!("email:{}", safe(e))),
                GeneralName::URI(u) => other_names.push(format!("URI:{}", safe(u))),
                // As OpenSSL labels them; not `{:?}`, whose derived Debug of x509-parser's
                // types (names, `Any`, tags) weighed ~KBs in the page's wasm.
                GeneralName::DirectoryName(n) => other_names.push(format!("DirName:{}", safe(&super::dn::to_text(n)))),
                GeneralName::OtherName(oid, _) => other_names.push(format!("othername:{}", oid.to_id_string())),
                GeneralName::RegisteredID(oid) => other_names.push(format!("Registered ID:{}", oid.to_id_string())),
                GeneralName::X400Address(_) => other_names.push("X400Name:<unsupported>".to_owned()),
                GeneralName::EDIPartyName(_) => other_names.push("EdiPartyName:<unsupported>".to_owned()),
                GeneralName::Invalid(tag, _) => other_names.push(format!("invalid name (tag {})", tag.0)),
            }
        }
    }
    let (is_ca, path_len) = match x.basic_constraints() {
        Ok(Some(bc)) => (bc.value.ca, bc.value.path_len_constraint),
        _ => (false, None),
    };
    let key_usage = match x.key_usage() {
        Ok(Some(ku)) => key_usage_names(ku.value),
        _ => Vec::new(),
    };
    let extended_key_usage = match x.extended_key_usage() {
        Ok(Some(eku)) => {
            let e = eku.value;
            let mut v = Vec::new();
            for (on, name) in [
                (e.any, "any"),
                (e.server_auth, "serverAuth"),
                (e.client_auth, "clientAuth"),
                (e.code_signing, "codeSigning"),
                (e.email_protection, "emailProtection"),
                (e.time_stamping, "timeStamping"),
                (e.ocsp_signing, "OCSPSigning"),
            ] {
                if on {
                    v.push(name.to_owned());
                }
            }
            v.extend(e.other.iter().map(|o| o.to_id_string()));
            v
        }
        _ => Vec::new(),
    };
    let rds = name_rds(x.subject());
    CertSummary {
        subject: safe(&super::dn::to_text(x.subject())),
        issuer: safe(&super::dn::to_text(x.issuer())),
        common_name,
        serial: x.raw_serial_as_string(),
        not_before: rfc3339(x.validity().not_before.timestamp()),
        not_after: rfc3339(x.validity().not_after.timestamp()),
        key: key_description(x),
        signature_algorithm: signature_name(&x.signature_algorithm.algorithm.to_id_string()),
        dns_names,
        ip_addresses,
        other_names,
        has_san,
        is_ca,
        path_len,
        key_usage,
        extended_key_usage,
        self_issued: x.subject().as_raw() == x.issuer().as_raw(),
        version: x.version().0 + 1,
        sha256: sha256_hex(der),
        rds,
        trailing_bytes: trailing,
    }
}

/// The RDS CA a distinguished name belongs to, if any.
fn name_rds(name: &x509_parser::x509::X509Name<'_>) -> Option<RdsCa> {
    let (cn, o, ou) = cn_o_ou(name);
    rds::identify_ca(&cn?, o.as_deref(), ou.as_deref())
}

/// A name's first CN, O and OU (the attributes the CA catalogues read).
fn cn_o_ou(name: &x509_parser::x509::X509Name<'_>) -> (Option<String>, Option<String>, Option<String>) {
    let first = |it: &mut dyn Iterator<Item = &x509_parser::x509::AttributeTypeAndValue<'_>>| {
        it.next().and_then(|a| a.as_str().ok()).map(str::to_owned)
    };
    (
        first(&mut name.iter_common_name()),
        first(&mut name.iter_organization()),
        first(&mut name.iter_organizational_unit()),
    )
}

/// The Amazon Trust Services CA a distinguished name belongs to, if any.
fn name_amazon_trust(name: &x509_parser::x509::X509Name<'_>) -> Option<AmazonTrust> {
    let (cn, o, ou) = cn_o_ou(name);
    rds::identify_amazon_trust(cn.as_deref(), o.as_deref(), ou.as_deref())
}

fn key_usage_names(ku: &x509_parser::extensions::KeyUsage) -> Vec<String> {
    [
        (ku.digital_signature(), "digitalSignature"),
        (ku.non_repudiation(), "nonRepudiation"),
        (ku.key_encipherment(), "keyEncipherment"),
        (ku.data_encipherment(), "dataEncipherment"),
        (ku.key_agreement(), "keyAgreement"),
        (ku.key_cert_sign(), "keyCertSign"),
        (ku.crl_sign(), "cRLSign"),
        (ku.encipher_only(), "encipherOnly"),
        (ku.decipher_only(), "decipherOnly"),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, n)| n.to_owned())
    .collect()
}

fn key_description(x: &X509Certificate<'_>) -> String {
    let spki = x.public_key();
    match spki.parsed() {
        Ok(PublicKey::RSA(rsa)) => format!("RSA {}", rsa.key_size()),
        Ok(PublicKey::EC(_)) => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .map(|oid| match oid.to_id_string().as_str() {
                    "1.2.840.10045.3.1.7" => "P-256".to_owned(),
                    "1.3.132.0.34" => "P-384".to_owned(),
                    "1.3.132.0.35" => "P-521".to_owned(),
                    other => other.to_owned(),
                })
                .unwrap_or_else(|| "unknown curve".into());
            format!("ECDSA {curve}")
        }
        Ok(PublicKey::DSA(_)) => "DSA".into(),
        Ok(PublicKey::GostR3410(_)) | Ok(PublicKey::GostR3410_2012(_)) => "GOST".into(),
        Ok(PublicKey::Unknown(_)) | Err(_) => match spki.algorithm.algorithm.to_id_string().as_str() {
            "1.3.101.112" => "Ed25519".into(),
            "1.3.101.113" => "Ed448".into(),
            other => format!("unknown ({other})"),
        },
    }
}

fn signature_name(oid: &str) -> String {
    match oid {
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.113549.1.1.10" => "RSASSA-PSS",
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4" => "ecdsa-with-SHA512",
        "1.3.101.112" => "Ed25519",
        "1.2.840.113549.1.1.4" => "md5WithRSAEncryption",
        other => return other.to_owned(),
    }
    .to_owned()
}

pub fn ip_to_string(b: &[u8]) -> String {
    match b.len() {
        4 => {
            let a: [u8; 4] = b.try_into().unwrap_or([0; 4]);
            std::net::Ipv4Addr::from(a).to_string()
        }
        16 => {
            let a: [u8; 16] = b.try_into().unwrap_or([0; 16]);
            std::net::Ipv6Addr::from(a).to_string()
        }
        _ => format!("(malformed IP of {} bytes)", b.len()),
    }
}

pub fn sha256_hex(data: &[u8]) -> String {
    let d = ring::digest::digest(&ring::digest::SHA256, data);
    d.as_ref().iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_alternative_names_are_labelled_as_openssl_does() {
        use rcgen::{CertificateParams, KeyPair, SanType};
        let mut params = CertificateParams::new(vec!["db.example.com".to_owned()]).expect("params");
        params.subject_alt_names.push(SanType::OtherName((vec![1, 2, 3, 4], "Foo".into())));
        params.subject_alt_names.push(SanType::URI("https://db.example.com/".try_into().expect("uri")));
        params.subject_alt_names.push(SanType::Rfc822Name("dba@example.com".try_into().expect("email")));
        let key = KeyPair::generate().expect("key");
        let der = params.self_signed(&key).expect("certificate").der().to_vec();
        let summary = Cert::from_der(&der).expect("readable").summary;
        assert_eq!(summary.dns_names, ["db.example.com"]);
        assert_eq!(summary.other_names, ["othername:1.2.3.4", "URI:https://db.example.com/", "email:dba@example.com"]);
    }
}
