//! The Amazon RDS catalogue: which CA a certificate is (the identifier you pick on the DB
//! instance: `rds-ca-rsa2048-g1` …), which region it serves, and what kind of endpoint a
//! hostname is.
//!
//! CA names follow what the real bundles in `shared/data/rds` carry (see its PROVENANCE.md):
//! G1 roots `Amazon RDS <region> Root CA RSA2048 G1` with subordinates
//! `Amazon RDS <region> Subordinate CA RSA2048 G1.A.n` (sent by the server);
//! `Amazon RDS Root 2019 CA` over `Amazon RDS <region> 2019 CA`; the 2015
//! `Amazon RDS Root CA` over `Amazon RDS <region> CA`; and, in regions opened in 2019–2020
//! (af-south-1, eu-south-1, me-south-1, ap-east-1), a regional `Amazon RDS <region> Root CA`
//! over `Amazon RDS <region> CA` of the 2019 generation.

use serde::Serialize;

/// An RDS certificate authority, as recognised from a certificate's subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct RdsCa {
    /// The CA identifier shown on the DB instance (`rds-ca-2019`, `rds-ca-rsa2048-g1`, …).
    pub ca_id: String,
    /// The AWS region, when the CA is regional.
    pub region: Option<String>,
    /// `Beta` or `Preview` for the non-production RDS environments.
    pub environment: Option<String>,
    pub role: RdsRole,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RdsRole {
    Root,
    Intermediate,
}

/// The CA identifiers AWS offers today, newest first, and when each stops being valid.
pub const CURRENT_CA_IDS: &[(&str, &str)] =
    &[("rds-ca-rsa2048-g1", "2061"), ("rds-ca-rsa4096-g1", "2121"), ("rds-ca-ecc384-g1", "2121")];

/// Date the rds-ca-2019 root and its intermediates expired.
pub const RDS_CA_2019_EXPIRY: &str = "2024-08-22";

/// Recognises an RDS CA from the subject's CN, O and OU. `None` for anything else, including
/// look-alikes outside `O=Amazon Web Services, Inc., OU=Amazon RDS`.
pub fn identify_ca(cn: &str, o: Option<&str>, ou: Option<&str>) -> Option<RdsCa> {
    if o != Some("Amazon Web Services, Inc.") || ou != Some("Amazon RDS") {
        return None;
    }
    let rest = cn.strip_prefix("Amazon RDS ")?;
    let (environment, rest) = match rest.split_once(' ') {
        Some((env @ ("Beta" | "Preview"), r)) => (Some(env.to_owned()), r),
        _ => (None, rest),
    };
    let ca = |ca_id: &str, region: Option<&str>, role| RdsCa {
        ca_id: ca_id.to_owned(),
        region: region.map(str::to_owned),
        environment: environment.clone(),
        role,
    };
    match rest {
        "Root CA" => return Some(ca("rds-ca-2015", None, RdsRole::Root)),
        "Root 2019 CA" => return Some(ca("rds-ca-2019", None, RdsRole::Root)),
        _ => {}
    }
    let (region, tail) = rest.split_once(' ')?;
    if !looks_like_region(region) {
        return None;
    }
    let g1 = |alg: &str| match alg {
        "RSA2048" => Some("rds-ca-rsa2048-g1"),
        "RSA4096" => Some("rds-ca-rsa4096-g1"),
        "ECC384" => Some("rds-ca-ecc384-g1"),
        _ => None,
    };
    if let Some(alg) = tail.strip_prefix("Root CA ").and_then(|t| t.strip_suffix(" G1")) {
        return Some(ca(g1(alg)?, Some(region), RdsRole::Root));
    }
    if let Some(t) = tail.strip_prefix("Subordinate CA ") {
        let (alg, gen) = t.split_once(' ')?;
        if gen.starts_with("G1") {
            return Some(ca(g1(alg)?, Some(region), RdsRole::Intermediate));
        }
        return None;
    }
    match tail {
        "2019 CA" => Some(ca("rds-ca-2019", Some(region), RdsRole::Intermediate)),
        // Regions opened in 2019–2020 got their own root of the 2019 generation.
        "Root CA" => Some(ca("rds-ca-2019", Some(region), RdsRole::Root)),
        "CA" if SELF_ROOTED_2019_REGIONS.contains(&region) => {
            Some(ca("rds-ca-2019", Some(region), RdsRole::Intermediate))
        }
        "CA" => Some(ca("rds-ca-2015", Some(region), RdsRole::Intermediate)),
        _ => None,
    }
}

/// Regions whose `Amazon RDS <region> CA` hangs under a regional 2019 root, not the 2015 root.
const SELF_ROOTED_2019_REGIONS: &[&str] = &["af-south-1", "eu-south-1", "me-south-1", "ap-east-1"];

/// `us-east-1`, `ap-southeast-4`, `us-gov-west-1`, `cn-north-1` …
pub fn looks_like_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() >= 3
        && parts.iter().take(parts.len() - 1).all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts.last().is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// A CA of Amazon Trust Services, or a Starfield root it chains to: what RDS Proxy and Aurora
/// Serverless v1 present (AWS Certificate Manager certificates), never an RDS CA. The RDS
/// bundles hold none of them; public trust stores (the OS's, the JDK's cacerts) hold them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmazonTrust {
    /// `Amazon Root CA 1` … `4` (O=Amazon). Served too, cross-signed by Starfield Services G2.
    Root(u8),
    /// `Starfield Services Root Certificate Authority - G2`, cross-signed by Starfield Class 2.
    StarfieldServicesG2,
    /// `OU=Starfield Class 2 Certification Authority` (no CN), the oldest anchor of ACM chains.
    StarfieldClass2,
    /// An ACM issuing CA: `Amazon RSA 2048 M01`, `Amazon ECDSA 256 M02`, the older
    /// `CN=Amazon, OU=Server CA 1B` …
    Intermediate,
}

impl AmazonTrust {
    /// Whether a trust store holding this certificate anchors ACM chains.
    pub fn is_root(self) -> bool {
        !matches!(self, AmazonTrust::Intermediate)
    }
}

/// Recognises an Amazon Trust Services CA from a name's CN, O and OU (each the first value).
pub fn identify_amazon_trust(cn: Option<&str>, o: Option<&str>, ou: Option<&str>) -> Option<AmazonTrust> {
    match (o?, cn) {
        ("Amazon", Some(cn)) => {
            if let Some(n) = cn.strip_prefix("Amazon Root CA ") {
                return match n {
                    "1" | "2" | "3" | "4" => n.parse().ok().map(AmazonTrust::Root),
                    _ => None,
                };
            }
            let issuing = ["Amazon RSA ", "Amazon ECDSA "].iter().any(|p| cn.starts_with(p))
                || (cn == "Amazon" && ou.is_some_and(|u| u.starts_with("Server CA ")));
            issuing.then_some(AmazonTrust::Intermediate)
        }
        ("Starfield Technologies, Inc.", Some("Starfield Services Root Certificate Authority - G2")) => {
            Some(AmazonTrust::StarfieldServicesG2)
        }
        ("Starfield Technologies, Inc.", None) if ou == Some("Starfield Class 2 Certification Authority") => {
            Some(AmazonTrust::StarfieldClass2)
        }
        _ => None,
    }
}

/// What kind of RDS endpoint a hostname is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct RdsEndpoint {
    pub kind: EndpointKind,
    pub region: String,
    /// The instance, cluster or proxy name (first label).
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndpointKind {
    Instance,
    Cluster,
    ClusterReader,
    ClusterCustom,
    Proxy,
    ProxyEndpoint,
}

impl EndpointKind {
    pub fn describe(self) -> &'static str {
        match self {
            EndpointKind::Instance => "DB instance endpoint",
            EndpointKind::Cluster => "Aurora cluster (writer) endpoint",
            EndpointKind::ClusterReader => "Aurora reader endpoint",
            EndpointKind::ClusterCustom => "Aurora custom endpoint",
            EndpointKind::Proxy => "RDS Proxy endpoint",
            EndpointKind::ProxyEndpoint => "RDS Proxy additional endpoint",
        }
    }

    /// The endpoint presents an Amazon Trust Services certificate (ACM), not an RDS CA one.
    /// Aurora Serverless v1 does too, but its names are cluster endpoints: only its chain tells.
    pub fn presents_amazon_trust(self) -> bool {
        matches!(self, EndpointKind::Proxy | EndpointKind::ProxyEndpoint)
    }
}

/// Parses `<id>.<hash>.<region>.rds.amazonaws.com` (and `.com.cn`) and its cluster/proxy forms.
pub fn endpoint(host: &str) -> Option<RdsEndpoint> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let stem = host.strip_suffix(".rds.amazonaws.com").or_else(|| host.strip_suffix(".rds.amazonaws.com.cn"))?;
    let labels: Vec<&str> = stem.split('.').collect();
    let (region, rest) = labels.split_last()?;
    if !looks_like_region(region) {
        return None;
    }
    let (kind, name) = match rest {
        [name, hash] if hash.starts_with("cluster-custom-") => (EndpointKind::ClusterCustom, *name),
        [name, hash] if hash.starts_with("cluster-ro-") => (EndpointKind::ClusterReader, *name),
        [name, hash] if hash.starts_with("cluster-") => (EndpointKind::Cluster, *name),
        [name, hash] if hash.starts_with("proxy-") => (EndpointKind::Proxy, *name),
        [name, "endpoint", hash] if hash.starts_with("proxy-") => (EndpointKind::ProxyEndpoint, *name),
        [name, _hash] => (EndpointKind::Instance, *name),
        _ => return None,
    };
    Some(RdsEndpoint { kind, region: (*region).to_owned(), name: name.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    const O: Option<&str> = Some("Amazon Web Services, Inc.");
    const OU: Option<&str> = Some("Amazon RDS");

    fn id(cn: &str) -> Option<(String, Option<String>, RdsRole)> {
        identify_ca(cn, O, OU).map(|c| (c.ca_id, c.region, c.role))
    }

    #[test]
    fn reads_ca_identifiers_and_regions() {
        let s = |x: &str| Some(x.to_owned());
        assert_eq!(
            id("Amazon RDS eu-west-1 Root CA RSA2048 G1"),
            Some(("rds-ca-rsa2048-g1".into(), s("eu-west-1"), RdsRole::Root))
        );
        assert_eq!(
            id("Amazon RDS us-east-1 Subordinate CA RSA4096 G1.A.2"),
            Some(("rds-ca-rsa4096-g1".into(), s("us-east-1"), RdsRole::Intermediate))
        );
        assert_eq!(
            id("Amazon RDS ap-south-2 Root CA ECC384 G1"),
            Some(("rds-ca-ecc384-g1".into(), s("ap-south-2"), RdsRole::Root))
        );
        assert_eq!(id("Amazon RDS Root 2019 CA"), Some(("rds-ca-2019".into(), None, RdsRole::Root)));
        assert_eq!(
            id("Amazon RDS us-east-1 2019 CA"),
            Some(("rds-ca-2019".into(), s("us-east-1"), RdsRole::Intermediate))
        );
        assert_eq!(id("Amazon RDS Root CA"), Some(("rds-ca-2015".into(), None, RdsRole::Root)));
        assert_eq!(id("Amazon RDS eu-west-1 CA"), Some(("rds-ca-2015".into(), s("eu-west-1"), RdsRole::Intermediate)));
        assert_eq!(
            id("Amazon RDS me-south-1 CA"),
            Some(("rds-ca-2019".into(), s("me-south-1"), RdsRole::Intermediate))
        );
        let beta = identify_ca("Amazon RDS Beta us-east-1 2019 CA", O, OU).unwrap();
        assert_eq!(beta.environment.as_deref(), Some("Beta"));
        assert_eq!(beta.region.as_deref(), Some("us-east-1"));
    }

    #[test]
    fn rejects_look_alikes() {
        assert_eq!(identify_ca("Amazon RDS us-east-1 2019 CA", Some("Evil Corp"), OU), None);
        assert_eq!(id("Amazon RDS not a region 2019 CA"), None);
        assert_eq!(id("Amazon RDS us-east-1 Root CA RSA1024 G1"), None);
    }

    #[test]
    fn recognises_amazon_trust_services() {
        let a = |cn: Option<&str>, o: &str, ou: Option<&str>| identify_amazon_trust(cn, Some(o), ou);
        assert_eq!(a(Some("Amazon Root CA 1"), "Amazon", None), Some(AmazonTrust::Root(1)));
        assert_eq!(a(Some("Amazon Root CA 4"), "Amazon", None), Some(AmazonTrust::Root(4)));
        assert_eq!(a(Some("Amazon Root CA 5"), "Amazon", None), None);
        assert_eq!(a(Some("Amazon RSA 2048 M02"), "Amazon", None), Some(AmazonTrust::Intermediate));
        assert_eq!(a(Some("Amazon ECDSA 256 M01"), "Amazon", None), Some(AmazonTrust::Intermediate));
        assert_eq!(a(Some("Amazon"), "Amazon", Some("Server CA 1B")), Some(AmazonTrust::Intermediate));
        assert_eq!(
            a(Some("Starfield Services Root Certificate Authority - G2"), "Starfield Technologies, Inc.", None),
            Some(AmazonTrust::StarfieldServicesG2)
        );
        assert_eq!(
            a(None, "Starfield Technologies, Inc.", Some("Starfield Class 2 Certification Authority")),
            Some(AmazonTrust::StarfieldClass2)
        );
        // Look-alikes: another organisation, an RDS CA.
        assert_eq!(a(Some("Amazon Root CA 1"), "Evil Corp", None), None);
        assert_eq!(a(Some("Amazon RDS Root 2019 CA"), "Amazon Web Services, Inc.", Some("Amazon RDS")), None);
        assert!(AmazonTrust::Root(1).is_root() && !AmazonTrust::Intermediate.is_root());
        assert!(EndpointKind::Proxy.presents_amazon_trust() && !EndpointKind::Cluster.presents_amazon_trust());
    }

    #[test]
    fn reads_endpoint_kinds() {
        let e = endpoint("mydb.abc123xyz.us-east-1.rds.amazonaws.com").unwrap();
        assert_eq!((e.kind, e.region.as_str(), e.name.as_str()), (EndpointKind::Instance, "us-east-1", "mydb"));
        assert_eq!(endpoint("c.cluster-abc.eu-west-1.rds.amazonaws.com").unwrap().kind, EndpointKind::Cluster);
        assert_eq!(endpoint("c.cluster-ro-abc.eu-west-1.rds.amazonaws.com").unwrap().kind, EndpointKind::ClusterReader);
        assert_eq!(
            endpoint("c.cluster-custom-abc.eu-west-1.rds.amazonaws.com").unwrap().kind,
            EndpointKind::ClusterCustom
        );
        assert_eq!(endpoint("p.proxy-abc.eu-west-1.rds.amazonaws.com").unwrap().kind, EndpointKind::Proxy);
        assert_eq!(
            endpoint("e.endpoint.proxy-abc.eu-west-1.rds.amazonaws.com").unwrap().kind,
            EndpointKind::ProxyEndpoint
        );
        assert_eq!(endpoint("db.example.com"), None);
    }
}
