//! Fixes as exact commands to copy ([`Finding::commands`]): the AWS CLI calls that read and
//! change an RDS instance's CA, the bundle download and the client flag. Built from the report
//! alone (the hostnames, the RDS CAs on the path, the person's own client), after the rules
//! have run, so the page, the CLI and the JSON show the same commands.
//!
//! Sources (RDS User Guide, "Rotating your SSL/TLS certificate" and "Using SSL/TLS to encrypt a
//! connection to a DB instance or cluster"): the CA is set with `modify-db-instance
//! --ca-certificate-identifier` (Multi-AZ DB clusters: `modify-db-cluster`); Aurora sets it per
//! DB instance; whether the change restarts the database is `describe-db-engine-versions` →
//! `SupportsCertificateRotationWithoutRestart`; update the clients' bundle before the instance.
//! Bundle URLs: `truststore.pki.rds.amazonaws.com` (`global/global-bundle.pem`,
//! `<region>/<region>-bundle.pem`); GovCloud `truststore.pki.us-gov-west-1.rds.amazonaws.com`;
//! China `rds-truststore.s3.cn-north-1.amazonaws.com.cn/<region>/<region>-bundle.pem` (regional
//! only).
//!
//! Everything put into a command is shell-safe: identifiers and regions are checked by
//! [`rotation::modify_ca_command`]'s rules (RDS's identifier alphabet, the region shape) or are
//! the documented placeholders.

use super::rotation::{self, DEFAULT_TARGET_CA, INSTANCE_PLACEHOLDER, REGION_PLACEHOLDER};
use crate::decode::pki::rds::{self, EndpointKind};
use crate::report::rotation::ResourceKind;
use crate::report::Report;
use crate::vocab::catalogue::RuleId;
use crate::vocab::{ClientId, CopyText};

/// What the hostname says about the resource a CA change applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resource {
    /// `<id>.<hash>.<region>.rds.amazonaws.com`: the instance identifier is the first label.
    Instance(String),
    /// `<id>.cluster-…` or `<id>.cluster-ro-…`: an Aurora cluster (the CA is set on each of its
    /// instances) or a Multi-AZ DB cluster (set on the cluster); the name does not tell which.
    Cluster(String),
    /// `<name>.cluster-custom-…`: the custom endpoint's own name, not the cluster's.
    CustomEndpoint(String),
    /// An RDS Proxy (or its additional endpoint): AWS Certificate Manager, nothing to rotate.
    Proxy,
    /// An IP address or a name of your own: the identifier is not known.
    Unknown,
}

/// Where a fix applies: the resource and its region (from the hostname, else the chain's RDS
/// CA, else unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub resource: Resource,
    pub region: Option<String>,
}

/// Reads `host` (and the region of the chain's RDS CA, for hosts that do not name one).
pub fn target(host: &str, chain_region: Option<&str>) -> Target {
    let chain_region = chain_region.filter(|r| rds::looks_like_region(r)).map(str::to_owned);
    let Some(e) = rds::endpoint(host) else { return Target { resource: Resource::Unknown, region: chain_region } };
    // The parser's labels are lowercase; RDS identifiers are letters, digits and hyphens.
    let id = e.name.clone();
    let valid = !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let resource = match e.kind {
        _ if !valid => Resource::Unknown,
        EndpointKind::Instance => Resource::Instance(id),
        EndpointKind::Cluster | EndpointKind::ClusterReader => Resource::Cluster(id),
        EndpointKind::ClusterCustom => Resource::CustomEndpoint(id),
        EndpointKind::Proxy | EndpointKind::ProxyEndpoint => Resource::Proxy,
    };
    Target { resource, region: Some(e.region) }
}

/// Where RDS publishes its bundles, per partition.
const COMMERCIAL: &str = "https://truststore.pki.rds.amazonaws.com";
const GOVCLOUD: &str = "https://truststore.pki.us-gov-west-1.rds.amazonaws.com";
const CHINA: &str = "https://rds-truststore.s3.cn-north-1.amazonaws.com.cn";

fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        CHINA
    } else if region.starts_with("us-gov-") {
        GOVCLOUD
    } else {
        COMMERCIAL
    }
}

/// The bundle file to download for `region` and its URL: the global bundle, except in China
/// (regional bundles only) and GovCloud (its own trust store).
pub fn bundle(region: Option<&str>) -> (String, String) {
    match region.filter(|r| rds::looks_like_region(r)) {
        Some(r) if partition(r) == CHINA => (format!("{r}-bundle.pem"), format!("{CHINA}/{r}/{r}-bundle.pem")),
        Some(r) => ("global-bundle.pem".into(), format!("{}/global/global-bundle.pem", partition(r))),
        None => ("global-bundle.pem".into(), format!("{COMMERCIAL}/global/global-bundle.pem")),
    }
}

/// The regional bundle's URL (for a regional CA file, e.g. after a wrong-region finding).
pub fn regional_bundle_url(region: &str) -> Option<String> {
    rds::looks_like_region(region).then(|| format!("{}/{region}/{region}-bundle.pem", partition(region)))
}

fn download(region: Option<&str>) -> CopyText {
    let (file, url) = bundle(region);
    CopyText { label: format!("Download the current RDS CA bundle ({file})"), text: format!("curl -o {file} {url}") }
}

/// The exact command line for the person's own client, when it is a command-line client (the
/// other columns' settings are code: their column shows it).
fn client_flag(lead: Option<ClientId>, host: &str, file: &str) -> Option<CopyText> {
    let host = shell_safe_host(host);
    let text = match lead? {
        ClientId::Mysql8VerifyCa | ClientId::Mysql8VerifyIdentity => {
            format!("mysql -h {host} --ssl-ca={file} --ssl-mode=VERIFY_IDENTITY")
        }
        ClientId::MariadbVerifyServerCert | ClientId::MariadbSslCaOnly => {
            format!("mariadb -h {host} --ssl-ca={file} --ssl-verify-server-cert")
        }
        _ => return None,
    };
    Some(CopyText { label: "Connect verifying the server with the new bundle".into(), text })
}

/// Hosts reach here from the inputs: only a hostname- or IP-shaped name goes into a command or
/// a label, anything else becomes `HOST`.
fn shell_safe_host(host: &str) -> &str {
    if !host.is_empty() && host.len() <= 253 && host.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:".contains(&b)) {
        host
    } else {
        "HOST"
    }
}

fn region_arg(t: &Target) -> &str {
    t.region.as_deref().unwrap_or(REGION_PLACEHOLDER)
}

/// Reads the current CA of `t`'s instance: `describe-db-instances … --query`.
fn describe_instance(id: &str, region: &str) -> CopyText {
    CopyText {
        label: "Read the instance's CA, its server certificate's end, engine and version".into(),
        text: format!(
            "aws rds describe-db-instances --db-instance-identifier {id} --region {region} --query 'DBInstances[0].[CACertificateIdentifier,CertificateDetails.ValidTill,Engine,EngineVersion]'"
        ),
    }
}

fn restart_check(region: &str) -> CopyText {
    CopyText {
        label: "Whether that engine version changes its CA without a restart (fill in the engine and version read above)"
            .into(),
        text: format!(
            "aws rds describe-db-engine-versions --engine <engine> --engine-version <engine-version> --region {region} --query 'DBEngineVersions[0].SupportsCertificateRotationWithoutRestart'"
        ),
    }
}

fn modify(kind: ResourceKind, id: &str, region: &str, label: String) -> Option<CopyText> {
    rotation::modify_ca_command(kind, id, DEFAULT_TARGET_CA, true, Some(region)).map(|text| CopyText { label, text })
}

/// The rotation to do: read the CA, check whether it restarts, give clients the bundle, then
/// change the CA — in the order the RDS guide gives.
pub fn rotation_commands(t: &Target, host: &str, lead: Option<ClientId>) -> Vec<CopyText> {
    let region = region_arg(t);
    let each_instance = |of: &str| {
        (
            ResourceKind::Instance,
            INSTANCE_PLACEHOLDER,
            format!("{of} to {DEFAULT_TARGET_CA} (replace <db-instance-id>)"),
        )
    };
    // What to read first, then the changes (kind, identifier, label).
    let (read, switches) = match &t.resource {
        Resource::Proxy => return Vec::new(),
        Resource::Instance(id) => (
            describe_instance(id, region),
            vec![(ResourceKind::Instance, id.as_str(), format!("Switch to {DEFAULT_TARGET_CA} now (restarts the instance unless the answer above is true)"))],
        ),
        Resource::Cluster(id) => (
            CopyText {
                label: "Read the cluster's engine and its DB instances".into(),
                text: format!(
                    "aws rds describe-db-clusters --db-cluster-identifier {id} --region {region} --query 'DBClusters[0].[Engine,EngineVersion,DBClusterMembers[].DBInstanceIdentifier]'"
                ),
            },
            vec![
                each_instance("Aurora: switch each DB instance listed above"),
                (
                    ResourceKind::Cluster,
                    id.as_str(),
                    format!("Multi-AZ DB cluster (engine mysql or postgres): switch the cluster to {DEFAULT_TARGET_CA}"),
                ),
            ],
        ),
        Resource::CustomEndpoint(name) => (
            CopyText {
                label: "Read the cluster and instances behind this custom endpoint".into(),
                text: format!(
                    "aws rds describe-db-cluster-endpoints --db-cluster-endpoint-identifier {name} --region {region} --query 'DBClusterEndpoints[0].[DBClusterIdentifier,StaticMembers]'"
                ),
            },
            vec![each_instance("Switch each DB instance of that cluster")],
        ),
        Resource::Unknown => {
            let mut read = describe_instance(INSTANCE_PLACEHOLDER, region);
            read.label = format!(
                "{} ('{}' is not an RDS endpoint name: replace <db-instance-id> with the instance's identifier{})",
                read.label,
                shell_safe_host(host),
                if t.region.is_none() { " and <region> with its region" } else { "" }
            );
            (read, vec![each_instance("Switch the instance")])
        }
    };
    let mut out = vec![read, restart_check(region), download(t.region.as_deref())];
    out.extend(switches.into_iter().filter_map(|(kind, id, label)| modify(kind, id, region, label)));
    let (file, _) = bundle(t.region.as_deref());
    out.extend(client_flag(lead, host, &file));
    out
}

/// The client side only: the current bundle, and the person's own client pointed at it.
pub fn bundle_commands(region: Option<&str>, host: &str, lead: Option<ClientId>) -> Vec<CopyText> {
    let (file, _) = bundle(region);
    let mut out = vec![download(region)];
    out.extend(client_flag(lead, host, &file));
    out
}

/// A DNS name the certificate lists that the person can connect with instead (an RDS endpoint
/// name, not a wildcard).
fn endpoint_in_certificate(report: &Report) -> Option<String> {
    let leaf = report.path.first().and_then(|&i| report.certificates.get(i))?;
    leaf.summary
        .dns_names
        .iter()
        .find(|n| !n.starts_with('*') && rds::endpoint(n).is_some())
        .filter(|n| n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'))
        .cloned()
}

/// Fills `commands` of every finding that has exact ones. Reads `report.lead_client`: call it
/// after that is set.
pub fn attach(report: &mut Report) {
    // The region of the chain's RDS CA, for hosts that do not name one (an IP, a CNAME).
    let chain_region: Option<String> = report
        .path
        .iter()
        .filter_map(|&i| report.certificates.get(i))
        .find_map(|c| c.summary.rds.as_ref().and_then(|r| r.region.clone()));
    let rds_chain = report.path.iter().filter_map(|&i| report.certificates.get(i)).any(|c| c.summary.rds.is_some());
    let bundle_has_rds = report.certificates.iter().any(|c| c.bundle_position.is_some() && c.summary.rds.is_some());
    let lead = report.lead_client;
    let hosts = report.inputs.hosts.clone();
    let cert_name = endpoint_in_certificate(report);
    for f in &mut report.findings {
        let host = f.hosts.first().or(hosts.first()).cloned().unwrap_or_default();
        let t = target(&host, chain_region.as_deref());
        let rds_host = t.resource != Resource::Unknown;
        f.commands = match f.id {
            RuleId::RdsCaExpired | RuleId::RdsCaExpiresSoon => rotation_commands(&t, &host, lead),
            // RDS renews its server certificates: an expired or CN-only one is the CA's rotation.
            RuleId::LeafExpired | RuleId::CnOnlyCertificate if rds_chain => rotation_commands(&t, &host, lead),
            RuleId::OutdatedBundle => bundle_commands(t.region.as_deref(), &host, lead),
            RuleId::WrongRegionBundle => wrong_region(&t, &host, lead),
            // (A missing RDS intermediate is the server's to send: the bundle holds roots only.)
            RuleId::UnknownCa if rds_chain || (rds_host && !bundle_has_rds) => {
                bundle_commands(t.region.as_deref(), &host, lead)
            }
            RuleId::RdsProxyAmazonRoot => proxy_roots(t.region.as_deref(), &host, lead),
            RuleId::HostnameMismatch => match &cert_name {
                Some(name) if *name != host => {
                    let mut out = vec![CopyText {
                        label: "Connect with the endpoint name the certificate lists".into(),
                        text: name.clone(),
                    }];
                    out.extend(client_flag(lead, name, &bundle(t.region.as_deref()).0));
                    out
                }
                _ => Vec::new(),
            },
            _ => continue,
        };
    }
}

/// RDS Proxy presents an AWS Certificate Manager certificate: the RDS bundle plus the Amazon
/// Trust Services roots (the catalogue's fix names the same five files) verifies both the
/// proxy and the instances behind it.
fn proxy_roots(region: Option<&str>, host: &str, lead: Option<ClientId>) -> Vec<CopyText> {
    let (file, _) = bundle(region);
    vec![
        download(region),
        CopyText {
            label: format!("Append the Amazon Trust Services roots RDS Proxy's certificates chain to ({file})"),
            text: format!(
                "for ca in AmazonRootCA1 AmazonRootCA2 AmazonRootCA3 AmazonRootCA4 SFSRootCAG2; do curl -s https://www.amazontrust.com/repository/$ca.pem; done >> {file}"
            ),
        },
    ]
    .into_iter()
    .chain(client_flag(lead, host, &file))
    .collect()
}

/// The global bundle covers every region; the instance's own regional bundle is the other fix.
fn wrong_region(t: &Target, host: &str, lead: Option<ClientId>) -> Vec<CopyText> {
    let mut out = bundle_commands(t.region.as_deref(), host, lead);
    if let Some(url) = t.region.as_deref().and_then(regional_bundle_url) {
        let r = t.region.as_deref().unwrap_or_default();
        out.push(CopyText { label: format!("Or only {r}'s bundle"), text: format!("curl -o {r}-bundle.pem {url}") });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(v: &[CopyText]) -> Vec<&str> {
        v.iter().map(|c| c.text.as_str()).collect()
    }

    #[test]
    fn reads_every_endpoint_form() {
        let t = |h: &str| target(h, None);
        let r = |x: &str| Some(x.to_owned());
        assert_eq!(
            t("mydb.abc123xyz.us-east-1.rds.amazonaws.com"),
            Target { resource: Resource::Instance("mydb".into()), region: r("us-east-1") }
        );
        assert_eq!(
            t("Prod-1.cluster-abc.eu-west-1.rds.amazonaws.com."),
            Target { resource: Resource::Cluster("prod-1".into()), region: r("eu-west-1") }
        );
        assert_eq!(t("prod.cluster-ro-abc.eu-west-1.rds.amazonaws.com").resource, Resource::Cluster("prod".into()));
        assert_eq!(
            t("rep.cluster-custom-abc.eu-west-1.rds.amazonaws.com").resource,
            Resource::CustomEndpoint("rep".into())
        );
        assert_eq!(t("p.proxy-abc.eu-west-1.rds.amazonaws.com").resource, Resource::Proxy);
        assert_eq!(t("e.endpoint.proxy-abc.eu-west-1.rds.amazonaws.com").resource, Resource::Proxy);
        assert_eq!(
            t("db.abc.cn-north-1.rds.amazonaws.com.cn"),
            Target { resource: Resource::Instance("db".into()), region: r("cn-north-1") }
        );
        assert_eq!(t("10.0.0.5"), Target { resource: Resource::Unknown, region: None });
        assert_eq!(
            target("db.mycompany.example", Some("ap-south-2")),
            Target { resource: Resource::Unknown, region: r("ap-south-2") }
        );
        // A first label outside RDS's alphabet never reaches a command.
        assert_eq!(t("a_b.abc.us-east-1.rds.amazonaws.com").resource, Resource::Unknown);
    }

    #[test]
    fn instance_endpoint_gets_the_exact_rotation() {
        let host = "mydb.abc123xyz.us-east-1.rds.amazonaws.com";
        let c = rotation_commands(&target(host, None), host, Some(ClientId::Mysql8VerifyIdentity));
        assert_eq!(
            texts(&c),
            [
                "aws rds describe-db-instances --db-instance-identifier mydb --region us-east-1 --query 'DBInstances[0].[CACertificateIdentifier,CertificateDetails.ValidTill,Engine,EngineVersion]'",
                "aws rds describe-db-engine-versions --engine <engine> --engine-version <engine-version> --region us-east-1 --query 'DBEngineVersions[0].SupportsCertificateRotationWithoutRestart'",
                "curl -o global-bundle.pem https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem",
                "aws rds modify-db-instance --db-instance-identifier mydb --ca-certificate-identifier rds-ca-rsa2048-g1 --apply-immediately --region us-east-1",
                "mysql -h mydb.abc123xyz.us-east-1.rds.amazonaws.com --ssl-ca=global-bundle.pem --ssl-mode=VERIFY_IDENTITY",
            ]
        );
        assert_eq!(
            c[3].label,
            "Switch to rds-ca-rsa2048-g1 now (restarts the instance unless the answer above is true)"
        );
    }

    #[test]
    fn cluster_endpoints_get_the_aurora_and_multi_az_forms() {
        let host = "prod.cluster-ro-abc.eu-west-1.rds.amazonaws.com";
        let c = rotation_commands(&target(host, None), host, Some(ClientId::MariadbVerifyServerCert));
        assert_eq!(
            texts(&c),
            [
                "aws rds describe-db-clusters --db-cluster-identifier prod --region eu-west-1 --query 'DBClusters[0].[Engine,EngineVersion,DBClusterMembers[].DBInstanceIdentifier]'",
                "aws rds describe-db-engine-versions --engine <engine> --engine-version <engine-version> --region eu-west-1 --query 'DBEngineVersions[0].SupportsCertificateRotationWithoutRestart'",
                "curl -o global-bundle.pem https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem",
                "aws rds modify-db-instance --db-instance-identifier <db-instance-id> --ca-certificate-identifier rds-ca-rsa2048-g1 --apply-immediately --region eu-west-1",
                "aws rds modify-db-cluster --db-cluster-identifier prod --ca-certificate-identifier rds-ca-rsa2048-g1 --apply-immediately --region eu-west-1",
                "mariadb -h prod.cluster-ro-abc.eu-west-1.rds.amazonaws.com --ssl-ca=global-bundle.pem --ssl-verify-server-cert",
            ]
        );
        let host = "rep.cluster-custom-abc.eu-west-1.rds.amazonaws.com";
        let c = rotation_commands(&target(host, None), host, None);
        assert_eq!(
            texts(&c)[0],
            "aws rds describe-db-cluster-endpoints --db-cluster-endpoint-identifier rep --region eu-west-1 --query 'DBClusterEndpoints[0].[DBClusterIdentifier,StaticMembers]'"
        );
        assert_eq!(
            texts(&c)[3],
            "aws rds modify-db-instance --db-instance-identifier <db-instance-id> --ca-certificate-identifier rds-ca-rsa2048-g1 --apply-immediately --region eu-west-1"
        );
        assert_eq!(c.len(), 4, "no client flag without the person's client");
        let proxy = "p.proxy-abc.eu-west-1.rds.amazonaws.com";
        assert_eq!(rotation_commands(&target(proxy, None), proxy, None), Vec::<CopyText>::new());
    }

    #[test]
    fn ip_and_own_names_get_placeholders_and_say_so() {
        let c = rotation_commands(&target("10.0.0.5", None), "10.0.0.5", None);
        assert_eq!(
            texts(&c),
            [
                "aws rds describe-db-instances --db-instance-identifier <db-instance-id> --region <region> --query 'DBInstances[0].[CACertificateIdentifier,CertificateDetails.ValidTill,Engine,EngineVersion]'",
                "aws rds describe-db-engine-versions --engine <engine> --engine-version <engine-version> --region <region> --query 'DBEngineVersions[0].SupportsCertificateRotationWithoutRestart'",
                "curl -o global-bundle.pem https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem",
                "aws rds modify-db-instance --db-instance-identifier <db-instance-id> --ca-certificate-identifier rds-ca-rsa2048-g1 --apply-immediately --region <region>",
            ]
        );
        assert_eq!(
            c[0].label,
            "Read the instance's CA, its server certificate's end, engine and version ('10.0.0.5' is not an RDS endpoint name: replace <db-instance-id> with the instance's identifier and <region> with its region)"
        );
        // The chain's CA names the region.
        let c = rotation_commands(&target("db.mycompany.example", Some("eu-west-2")), "db.mycompany.example", None);
        assert_eq!(
            c[3].text,
            "aws rds modify-db-instance --db-instance-identifier <db-instance-id> --ca-certificate-identifier rds-ca-rsa2048-g1 --apply-immediately --region eu-west-2"
        );
    }

    #[test]
    fn bundles_per_partition() {
        assert_eq!(
            texts(&bundle_commands(Some("cn-northwest-1"), "h", Some(ClientId::Mysql8VerifyCa))),
            [
                "curl -o cn-northwest-1-bundle.pem https://rds-truststore.s3.cn-north-1.amazonaws.com.cn/cn-northwest-1/cn-northwest-1-bundle.pem",
                "mysql -h h --ssl-ca=cn-northwest-1-bundle.pem --ssl-mode=VERIFY_IDENTITY",
            ]
        );
        assert_eq!(
            bundle(Some("us-gov-west-1")).1,
            "https://truststore.pki.us-gov-west-1.rds.amazonaws.com/global/global-bundle.pem"
        );
        assert_eq!(
            regional_bundle_url("eu-west-1").as_deref(),
            Some("https://truststore.pki.rds.amazonaws.com/eu-west-1/eu-west-1-bundle.pem")
        );
        assert_eq!(regional_bundle_url("eu-west-1; rm"), None);
        assert_eq!(
            regional_bundle_url("us-gov-east-1").as_deref(),
            Some("https://truststore.pki.us-gov-west-1.rds.amazonaws.com/us-gov-east-1/us-gov-east-1-bundle.pem")
        );
        // A hostile host never reaches the client's command line.
        assert_eq!(
            texts(&bundle_commands(None, "h;rm -rf /", Some(ClientId::MariadbSslCaOnly)))[1],
            "mariadb -h HOST --ssl-ca=global-bundle.pem --ssl-verify-server-cert"
        );
    }
}
