//! A distinguished name as text, exactly as x509-parser's `Display` for `X509Name` writes it
//! (`CN=…, O=… + OU=…`), without its OID registry: that `Display` builds a hash map of every
//! OID x509-parser knows (names and long descriptions) on first use, ~10 KB gzip of code and
//! text in the page's first load for the few attribute names a certificate's names use. The
//! table below holds the same short names (x509-parser's abbreviations, else the registry's
//! short name); a test checks it against the registry entry by entry.

use x509_parser::asn1_rs::{Any, BmpString, Tag};
use x509_parser::x509::X509Name;

/// What x509-parser writes for a name it cannot show.
const INVALID: &str = "<X509Error: Invalid X.509 name>";

/// `name` as text, the way `name.to_string()` in x509-parser writes it.
pub fn to_text(name: &X509Name<'_>) -> String {
    written(name).unwrap_or_else(|| INVALID.to_owned())
}

fn written(name: &X509Name<'_>) -> Option<String> {
    let mut out = String::new();
    for rdn in name.iter() {
        let mut part = String::new();
        for attr in rdn.iter() {
            let value = value_text(attr.attr_value())?;
            let oid = attr.attr_type();
            let id = oid.to_id_string();
            let label = match short_name(&id) {
                Some(sn) => sn.to_owned(),
                None => format!("{oid:?}"),
            };
            let one = format!("{label}={value}");
            part = if part.is_empty() { one } else { part + " + " + &one };
        }
        out = if out.is_empty() { part } else { out + ", " + &part };
    }
    Some(out)
}

/// A value as text: strings as they are, BMPString decoded, anything else as upper-case hex.
/// `None` (the whole name invalid) for a string that is not UTF-8 or a bad BMPString.
fn value_text(attr: &Any<'_>) -> Option<String> {
    match attr.tag() {
        Tag::NumericString
        | Tag::VisibleString
        | Tag::PrintableString
        | Tag::GeneralString
        | Tag::ObjectDescriptor
        | Tag::GraphicString
        | Tag::T61String
        | Tag::VideotexString
        | Tag::Utf8String
        | Tag::Ia5String => std::str::from_utf8(attr.data).ok().map(str::to_owned),
        Tag::BmpString => BmpString::try_from(attr.clone()).ok().map(|s| s.string()),
        _ => Some(attr.as_bytes().iter().map(|b| format!("{b:02X}")).collect()),
    }
}

fn short_name(id: &str) -> Option<&'static str> {
    SHORT_NAMES.iter().find(|(oid, _)| *oid == id).map(|(_, sn)| *sn)
}

/// Dotted OID → the label x509-parser writes: its abbreviations (CN, C, L, ST, O, OU, DC,
/// Email), else the short name of every OID its registry holds (oid-registry 0.8's crypto,
/// PKCS #1/7/9/12, NIST, X9.62, KDF and X.509 entries, and id-mgf1).
const SHORT_NAMES: &[(&str, &str)] = &[
    ("0.9.2342.19200300.100.1.1", "uid"),
    ("0.9.2342.19200300.100.1.25", "DC"),
    ("1.2.643.2.2.3", "id-GostR3411-94-with-GostR3410-2001"),
    ("1.2.643.2.2.19", "gostR3410-2001"),
    ("1.2.643.7.1.1.1.1", "gost3410-2012-256"),
    ("1.2.643.7.1.1.1.2", "gost3410-2012-512"),
    ("1.2.643.7.1.1.3.2", "id-tc26-signwithdigest-gost3410-12-256"),
    ("1.2.643.7.1.1.3.3", "id-tc26-signwithdigest-gost3410-12-512"),
    ("1.2.840.10040.4.1", "id-dsa"),
    ("1.2.840.10040.4.3", "dsa-with-sha1"),
    ("1.2.840.10045.2.1", "id-ecPublicKey"),
    ("1.2.840.10045.3.1.7", "prime256v1"),
    ("1.2.840.10045.4.3.1", "ecdsa-with-SHA224"),
    ("1.2.840.10045.4.3.2", "ecdsa-with-SHA256"),
    ("1.2.840.10045.4.3.3", "ecdsa-with-SHA384"),
    ("1.2.840.10045.4.3.4", "ecdsa-with-SHA512"),
    ("1.2.840.113549.1.1.1", "rsaEncryption"),
    ("1.2.840.113549.1.1.2", "md2WithRSAEncryption"),
    ("1.2.840.113549.1.1.3", "md4WithRSAEncryption"),
    ("1.2.840.113549.1.1.4", "md5WithRSAEncryption"),
    ("1.2.840.113549.1.1.5", "sha1WithRSAEncryption"),
    ("1.2.840.113549.1.1.8", "id-mgf1"),
    ("1.2.840.113549.1.1.10", "rsassa-pss"),
    ("1.2.840.113549.1.1.11", "sha256WithRSAEncryption"),
    ("1.2.840.113549.1.1.12", "sha384WithRSAEncryption"),
    ("1.2.840.113549.1.1.13", "sha512WithRSAEncryption"),
    ("1.2.840.113549.1.1.14", "sha224WithRSAEncryption"),
    ("1.2.840.113549.1.7.1", "pkcs7-data"),
    ("1.2.840.113549.1.7.2", "pkcs7-signedData"),
    ("1.2.840.113549.1.7.3", "pkcs7-envelopedData"),
    ("1.2.840.113549.1.7.4", "pkcs7-signedAndEnvelopedData"),
    ("1.2.840.113549.1.7.5", "pkcs7-digestedData"),
    ("1.2.840.113549.1.7.6", "pkcs7-encryptedData"),
    ("1.2.840.113549.1.9.1", "Email"),
    ("1.2.840.113549.1.9.2", "unstructuredName"),
    ("1.2.840.113549.1.9.3", "contentType"),
    ("1.2.840.113549.1.9.4", "id-messageDigest"),
    ("1.2.840.113549.1.9.5", "signing-time"),
    ("1.2.840.113549.1.9.7", "challengePassword"),
    ("1.2.840.113549.1.9.14", "extensionRequest"),
    ("1.2.840.113549.1.9.15", "smimeCapabilities"),
    ("1.2.840.113549.1.9.20", "friendlyName"),
    ("1.2.840.113549.1.12", "pkcs-12"),
    ("1.2.840.113549.1.12.1", "pkcs-12PbeIds"),
    ("1.2.840.113549.1.12.1.1", "pbeWithSHAAnd128BitRC4"),
    ("1.2.840.113549.1.12.1.2", "pbeWithSHAAnd40BitRC4"),
    ("1.2.840.113549.1.12.1.3", "pbeWithSHAAnd3-KeyTripleDES-CBC"),
    ("1.2.840.113549.1.12.1.4", "pbeWithSHAAnd2-KeyTripleDES-CBC"),
    ("1.2.840.113549.1.12.1.5", "pbeWithSHAAnd128BitRC2-CBC"),
    ("1.2.840.113549.1.12.1.6", "pbeWithSHAAnd40BitRC2-CBC"),
    ("1.3.6.1.4.1.311.60.2.1.1", "msJurisdictionLocality"),
    ("1.3.6.1.4.1.311.60.2.1.2", "msJurisdictionStateOrProvince"),
    ("1.3.6.1.4.1.311.60.2.1.3", "msJurisdictionCountry"),
    ("1.3.6.1.4.1.11129.2.4.2", "ctSCTList"),
    ("1.3.6.1.5.5.7.1.1", "authorityInfoAccess"),
    ("1.3.6.1.5.5.7.1.11", "subjectInfoAccess"),
    ("1.3.6.1.5.5.7.48.1", "id-ad-ocsp"),
    ("1.3.6.1.5.5.7.48.2", "id-ad-caIssuers"),
    ("1.3.6.1.5.5.7.48.3", "id-ad-timestamping"),
    ("1.3.6.1.5.5.7.48.4", "id-ad-dvcs"),
    ("1.3.6.1.5.5.7.48.5", "id-ad-caRepository"),
    ("1.3.6.1.5.5.7.48.6", "id-ad-http-certs"),
    ("1.3.6.1.5.5.7.48.7", "id-ad-http-crls"),
    ("1.3.6.1.5.5.7.48.10", "id-ad-rpki-manifest"),
    ("1.3.6.1.5.5.7.48.11", "id-ad-signed-object"),
    ("1.3.6.1.5.5.7.48.12", "id-ad-cmc"),
    ("1.3.6.1.5.5.7.48.13", "id-ad-rpki-notify"),
    ("1.3.6.1.5.5.7.48.14", "id-ad-stirTNList"),
    ("1.3.14.3.2.25", "md5WithRSASignature"),
    ("1.3.14.3.2.26", "id-SHA1"),
    ("1.3.14.3.2.29", "sha1WithRSAEncryption"),
    ("1.3.36.3.3.1.2", "rsaSignatureWithripemd160"),
    ("1.3.101.112", "ed25519"),
    ("1.3.101.113", "ed448"),
    ("1.3.132.0.34", "secp384r1"),
    ("1.3.132.0.35", "secp521r1"),
    ("1.3.133.16.840.63.0.2", "dhSinglePass-stdDH-sha1kdf-scheme"),
    ("2.5.4", "x509"),
    ("2.5.4.0", "objectClass"),
    ("2.5.4.1", "aliasedEntryName"),
    ("2.5.4.2", "knowledgeInformation"),
    ("2.5.4.3", "CN"),
    ("2.5.4.4", "surname"),
    ("2.5.4.5", "serialNumber"),
    ("2.5.4.6", "C"),
    ("2.5.4.7", "L"),
    ("2.5.4.8", "ST"),
    ("2.5.4.9", "streetAddress"),
    ("2.5.4.10", "O"),
    ("2.5.4.11", "OU"),
    ("2.5.4.12", "title"),
    ("2.5.4.13", "description"),
    ("2.5.4.14", "searchGuide"),
    ("2.5.4.15", "businessCategory"),
    ("2.5.4.16", "postalAddress"),
    ("2.5.4.17", "postalCode"),
    ("2.5.4.41", "name"),
    ("2.5.4.42", "givenName"),
    ("2.5.4.43", "initials"),
    ("2.5.4.44", "generationQualifier"),
    ("2.5.4.45", "uniqueIdentifier"),
    ("2.5.4.46", "dnQualifier"),
    ("2.5.29.1", "oldAuthorityKeyIdentifier"),
    ("2.5.29.2", "oldKeyAttributes"),
    ("2.5.29.3", "oldCertificatePolicies"),
    ("2.5.29.4", "oldKeyUsage"),
    ("2.5.29.5", "oldPolicyMapping"),
    ("2.5.29.6", "oldSubtreesConstraint"),
    ("2.5.29.7", "oldSubjectAltNAme"),
    ("2.5.29.8", "oldIssuerAltNAme"),
    ("2.5.29.14", "subjectKeyIdentifier"),
    ("2.5.29.15", "keyUsage"),
    ("2.5.29.16", "privateKeyUsagePeriod"),
    ("2.5.29.17", "subjectAltName"),
    ("2.5.29.18", "issuerAltName"),
    ("2.5.29.19", "basicConstraints"),
    ("2.5.29.20", "crlNumber"),
    ("2.5.29.21", "reasonCode"),
    ("2.5.29.23", "holdInstructionCode"),
    ("2.5.29.24", "invalidityDate"),
    ("2.5.29.27", "deltaCRLIndicator"),
    ("2.5.29.28", "issuerDistributionPoint"),
    ("2.5.29.29", "issuer"),
    ("2.5.29.30", "nameConstraints"),
    ("2.5.29.31", "crlDistributionPoints"),
    ("2.5.29.32", "certificatePolicies"),
    ("2.5.29.33", "policyMappings"),
    ("2.5.29.35", "authorityKeyIdentifier"),
    ("2.5.29.36", "policyConstraints"),
    ("2.5.29.37", "extendedKeyUsage"),
    ("2.5.29.46", "freshestCRL"),
    ("2.5.29.54", "inhibitAnyPolicy"),
    ("2.16.840.1.101.3.4.1.42", "aes-256-cbc"),
    ("2.16.840.1.101.3.4.2.1", "sha256"),
    ("2.16.840.1.101.3.4.2.2", "sha384"),
    ("2.16.840.1.101.3.4.2.3", "sha512"),
    ("2.16.840.1.113730.1.1", "nsCertType"),
    ("2.16.840.1.113730.1.2", "nsBaseURL"),
    ("2.16.840.1.113730.1.3", "nsRevocationURL"),
    ("2.16.840.1.113730.1.4", "nsCARevocationURL"),
    ("2.16.840.1.113730.1.5", "nsCACRLURL"),
    ("2.16.840.1.113730.1.6", "nsCACertURL"),
    ("2.16.840.1.113730.1.7", "nsRenewalURL"),
    ("2.16.840.1.113730.1.8", "nsCAPolicyURL"),
    ("2.16.840.1.113730.1.9", "nsHomepageURL"),
    ("2.16.840.1.113730.1.10", "nsEntityLogo"),
    ("2.16.840.1.113730.1.11", "nsUserPicture"),
    ("2.16.840.1.113730.1.12", "nsSSLServerName"),
    ("2.16.840.1.113730.1.13", "nsComment"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use x509_parser::objects::{oid2abbrev, oid_registry};
    use x509_parser::prelude::FromDer;

    #[test]
    fn names_every_registry_oid_as_x509_parser_does() {
        let registry = oid_registry();
        let mut seen = 0;
        for oid in registry.keys() {
            let expected = oid2abbrev(oid, registry).ok();
            assert_eq!(short_name(&oid.to_id_string()), expected, "{oid}");
            seen += 1;
        }
        // No entry of the table is missing from the registry (ABBREV_MAP's are all in it too).
        assert_eq!(seen, SHORT_NAMES.len());
        let mut ids: Vec<&str> = SHORT_NAMES.iter().map(|(oid, _)| *oid).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), SHORT_NAMES.len(), "an OID listed twice");
    }

    #[test]
    fn writes_the_names_of_real_certificates_as_x509_parser_does() {
        let mut text = crate::source::builtin::RDS_GLOBAL_PEM.to_owned();
        for fixture in [
            "www/examples/bundle.pem",
            "www/examples/chain-ok.pem",
            "tests/e2e/fixtures/tls12_ca.pem",
            "tests/e2e/fixtures/tls12_chain.pem",
        ] {
            text.push_str(&std::fs::read_to_string(fixture).unwrap_or_default());
        }
        let parsed = crate::decode::pki::pem::parse(&text);
        assert!(parsed.certs.len() >= 124, "{} certificates", parsed.certs.len());
        for found in &parsed.certs {
            let (_, x) = x509_parser::certificate::X509Certificate::from_der(&found.der).expect("a certificate");
            assert_eq!(to_text(x.subject()), x.subject().to_string());
            assert_eq!(to_text(x.issuer()), x.issuer().to_string());
        }
    }

    #[test]
    fn writes_unknown_types_multi_valued_rdns_hex_values_and_bmp_strings_alike() {
        // Name ::= SEQUENCE OF SET OF (type, value): an RDN with two values (CN + an unknown
        // OID 1.2.3.4 as an OCTET STRING), then a BMPString O, then an invalid UTF-8 CN.
        let cn = [0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x02, b'd', b'b'];
        let unknown = [0x30, 0x09, 0x06, 0x03, 0x2a, 0x03, 0x04, 0x04, 0x02, 0xab, 0x01];
        let bmp = [0x30, 0x0b, 0x06, 0x03, 0x55, 0x04, 0x0a, 0x1e, 0x04, 0x00, b'A', 0x00, b'B'];
        let bad_utf8 = [0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x02, 0xff, 0xfe];
        let set = |attrs: &[&[u8]]| {
            let body: Vec<u8> = attrs.concat();
            [vec![0x31, body.len() as u8], body].concat()
        };
        let name = |sets: &[Vec<u8>]| {
            let body: Vec<u8> = sets.concat();
            [vec![0x30, body.len() as u8], body].concat()
        };
        let good = name(&[set(&[&cn, &unknown]), set(&[&bmp])]);
        let bad = name(&[set(&[&cn]), set(&[&bad_utf8])]);
        for (der, text) in [(good, "CN=db + OID(1.2.3.4)=AB01, O=AB"), (bad, INVALID)] {
            let (_, parsed) = X509Name::from_der(&der).expect("a name");
            assert_eq!(parsed.to_string(), text);
            assert_eq!(to_text(&parsed), text);
        }
    }
}
