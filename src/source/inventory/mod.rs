//! The AWS inventory: the JSON of `aws rds describe-db-instances`, `describe-db-clusters`,
//! `describe-db-proxies`, `describe-certificates` (and, optionally, `describe-db-engine-versions`)
//! exactly as the AWS CLI prints it, pasted or piped, one or several documents one after the other
//! (`cat *.json`). Read into typed resources; timestamps become Unix seconds. Total: a document
//! that is not JSON, or none of these outputs, is a [`Problem`] with its place; the rest still reads.
//!
//! Field names and meanings: the RDS API reference (see [`aws`]). Note that
//! `CertificateDetails.ValidTill` is the *server certificate's* expiry, not the CA's; the CA's
//! end date comes from `describe-certificates` or the shipped bundle (`rules::rotation`).

pub mod aws;

use serde::Serialize;

/// Inputs larger than this are refused whole: 5,000 instances print about 20 MB.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;
/// At most this many resources (instances + clusters + proxies) are read.
pub const MAX_RESOURCES: usize = 100_000;

/// Everything read from the pasted outputs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Inventory {
    pub instances: Vec<DbInstance>,
    pub clusters: Vec<DbCluster>,
    pub proxies: Vec<DbProxy>,
    /// `describe-certificates`: the CAs this account can pick, with their dates.
    pub certificates: Vec<CaCertificate>,
    /// `DefaultCertificateForNewLaunches` of `describe-certificates`.
    pub default_for_new: Option<String>,
    pub engine_versions: Vec<EngineVersion>,
    pub problems: Vec<Problem>,
}

/// Something that could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// 1-based number of the JSON document in the input.
    pub document: usize,
    /// 1-based line and column in the whole input (0 when about a whole document).
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HostPort {
    pub address: String,
    pub port: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DbInstance {
    pub id: String,
    pub engine: String,
    pub engine_version: String,
    pub status: Option<String>,
    pub endpoint: Option<HostPort>,
    /// `CACertificateIdentifier` (else `CertificateDetails.CAIdentifier`).
    pub ca_id: Option<String>,
    /// `CertificateDetails.ValidTill`: when the server certificate expires.
    pub server_cert_valid_till: Option<i64>,
    pub cluster_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DbCluster {
    pub id: String,
    pub engine: String,
    pub engine_version: String,
    pub status: Option<String>,
    pub endpoint: Option<HostPort>,
    pub reader_endpoint: Option<HostPort>,
    /// A Multi-AZ DB cluster (its CA is set on the cluster); otherwise Aurora (set per instance).
    pub multi_az_db_cluster: bool,
    pub ca_id: Option<String>,
    pub server_cert_valid_till: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DbProxy {
    pub name: String,
    pub engine_family: String,
    /// Proxies for MySQL listen on 3306 (`DBProxy` has no port field).
    pub endpoint: Option<HostPort>,
    pub require_tls: Option<bool>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaCertificate {
    pub id: String,
    pub valid_from: Option<i64>,
    pub valid_till: Option<i64>,
    pub customer_override: bool,
    pub customer_override_valid_till: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EngineVersion {
    pub engine: String,
    pub version: String,
    pub rotation_without_restart: Option<bool>,
}

/// Reads every document in `text`.
pub fn parse(text: &str) -> Inventory {
    let mut inv = Inventory::default();
    if text.len() > MAX_INPUT_BYTES {
        inv.problems.push(Problem {
            document: 0,
            line: 0,
            column: 0,
            message: format!("the input is {} bytes; at most {MAX_INPUT_BYTES} are read", text.len()),
        });
        return inv;
    }
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<aws::Document>();
    let mut n = 0;
    loop {
        let start = stream.byte_offset();
        let Some(next) = stream.next() else { break };
        n += 1;
        match next {
            Ok(doc) => add(&mut inv, doc, n, line_col(text, start)),
            Err(e) => {
                inv.problems.push(Problem {
                    document: n,
                    line: e.line(),
                    column: e.column(),
                    message: format!("not the JSON of an `aws rds describe-…` command: {e}"),
                });
                // serde_json cannot resynchronise inside a broken document.
                break;
            }
        }
        if inv.instances.len() + inv.clusters.len() + inv.proxies.len() > MAX_RESOURCES {
            inv.problems.push(Problem {
                document: n,
                line: 0,
                column: 0,
                message: format!("more than {MAX_RESOURCES} resources; the rest is not read"),
            });
            break;
        }
    }
    if n == 0 {
        inv.problems.push(Problem { document: 0, line: 0, column: 0, message: "the input holds no JSON".into() });
    }
    inv
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    // The document starts after any whitespace the offset points at.
    let skipped = text.get(offset..).map_or(0, |t| t.len() - t.trim_start().len());
    let before_doc = text.get(..offset + skipped).unwrap_or(before);
    let line = before_doc.matches('\n').count() + 1;
    let column = before_doc.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// A timestamp as the CLI prints it (`2061-05-20T22:11:09+00:00`, `…Z`, with fractions).
fn time(s: Option<String>, what: &str, doc: usize, at: (usize, usize), problems: &mut Vec<Problem>) -> Option<i64> {
    let s = s?;
    match crate::time_fmt::parse(&s) {
        Ok(t) => Some(t),
        Err(e) => {
            problems.push(Problem { document: doc, line: at.0, column: at.1, message: format!("{what}: {e}") });
            None
        }
    }
}

fn host_port(address: Option<String>, port: Option<i64>) -> Option<HostPort> {
    let address = address.filter(|a| !a.trim().is_empty())?;
    let port = u16::try_from(port.unwrap_or(3306)).ok().filter(|p| *p != 0)?;
    Some(HostPort { address, port })
}

fn add(inv: &mut Inventory, doc: aws::Document, n: usize, at: (usize, usize)) {
    let known = doc.db_instances.is_some()
        || doc.db_clusters.is_some()
        || doc.db_proxies.is_some()
        || doc.certificates.is_some()
        || doc.db_engine_versions.is_some();
    if !known {
        inv.problems.push(Problem {
            document: n,
            line: at.0,
            column: at.1,
            message: "none of DBInstances, DBClusters, DBProxies, Certificates, DBEngineVersions: not the output of \
                      `aws rds describe-db-instances` (-clusters, -proxies, -certificates, -engine-versions)"
                .into(),
        });
        return;
    }
    let p = &mut inv.problems;
    for i in doc.db_instances.unwrap_or_default() {
        let details = i.certificate_details.unwrap_or_default();
        let (address, port) = i.endpoint.map(|e| (e.address, e.port)).unwrap_or_default();
        inv.instances.push(DbInstance {
            id: i.db_instance_identifier.unwrap_or_default(),
            engine: i.engine.unwrap_or_default(),
            engine_version: i.engine_version.unwrap_or_default(),
            status: i.db_instance_status,
            endpoint: host_port(address, port),
            ca_id: i.ca_certificate_identifier.or(details.ca_identifier),
            server_cert_valid_till: time(details.valid_till, "CertificateDetails.ValidTill", n, at, p),
            cluster_id: i.db_cluster_identifier,
        });
    }
    for c in doc.db_clusters.unwrap_or_default() {
        let details = c.certificate_details.unwrap_or_default();
        inv.clusters.push(DbCluster {
            id: c.db_cluster_identifier.unwrap_or_default(),
            engine: c.engine.unwrap_or_default(),
            engine_version: c.engine_version.unwrap_or_default(),
            status: c.status,
            endpoint: host_port(c.endpoint, c.port),
            reader_endpoint: host_port(c.reader_endpoint, c.port),
            multi_az_db_cluster: c.db_cluster_instance_class.is_some(),
            ca_id: details.ca_identifier,
            server_cert_valid_till: time(details.valid_till, "CertificateDetails.ValidTill", n, at, p),
        });
    }
    for x in doc.db_proxies.unwrap_or_default() {
        inv.proxies.push(DbProxy {
            name: x.db_proxy_name.unwrap_or_default(),
            engine_family: x.engine_family.unwrap_or_default(),
            endpoint: host_port(x.endpoint, Some(3306)),
            require_tls: x.require_tls,
            status: x.status,
        });
    }
    for c in doc.certificates.unwrap_or_default() {
        inv.certificates.push(CaCertificate {
            id: c.certificate_identifier.unwrap_or_default(),
            valid_from: time(c.valid_from, "Certificates[].ValidFrom", n, at, p),
            valid_till: time(c.valid_till, "Certificates[].ValidTill", n, at, p),
            customer_override: c.customer_override.unwrap_or(false),
            customer_override_valid_till: time(
                c.customer_override_valid_till,
                "Certificates[].CustomerOverrideValidTill",
                n,
                at,
                p,
            ),
        });
    }
    if doc.default_certificate_for_new_launches.is_some() {
        inv.default_for_new = doc.default_certificate_for_new_launches;
    }
    for v in doc.db_engine_versions.unwrap_or_default() {
        inv.engine_versions.push(EngineVersion {
            engine: v.engine.unwrap_or_default(),
            version: v.engine_version.unwrap_or_default(),
            rotation_without_restart: v.supports_certificate_rotation_without_restart,
        });
    }
}

impl Inventory {
    /// Nothing usable was read.
    pub fn is_empty(&self) -> bool {
        self.instances.is_empty() && self.clusters.is_empty() && self.proxies.is_empty() && self.certificates.is_empty()
    }

    /// Every endpoint to probe, `HOST:PORT`, in inventory order, without repeats.
    pub fn endpoints(&self) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        let all = self
            .instances
            .iter()
            .filter_map(|i| i.endpoint.as_ref())
            .chain(self.clusters.iter().flat_map(|c| c.endpoint.iter().chain(c.reader_endpoint.iter())))
            .chain(self.proxies.iter().filter_map(|p| p.endpoint.as_ref()));
        all.map(|e| format!("{}:{}", e.address, e.port)).filter(|t| seen.insert(t.clone())).collect()
    }
}
