//! The JSON the AWS CLI prints, field for field (PascalCase, every field optional, unknown fields
//! ignored), for the five `aws rds` commands the fleet reads. Field names are the RDS API's
//! (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/): `API_DBInstance`,
//! `API_Endpoint`, `API_CertificateDetails`, `API_DBCluster`, `API_DBProxy`,
//! `API_Certificate`, `API_DBEngineVersion`. Only this file knows the wire shape; the rest of
//! the crate reads [`super::Inventory`].

use serde::Deserialize;

/// `aws rds describe-db-instances` → `{"DBInstances": [...]}`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DbInstance {
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: Option<String>,
    pub engine: Option<String>,
    pub engine_version: Option<String>,
    #[serde(rename = "DBInstanceStatus")]
    pub db_instance_status: Option<String>,
    pub endpoint: Option<Endpoint>,
    /// The CA the server certificate is issued by (`rds-ca-rsa2048-g1` …).
    #[serde(rename = "CACertificateIdentifier")]
    pub ca_certificate_identifier: Option<String>,
    pub certificate_details: Option<CertificateDetails>,
    /// Set when the instance belongs to a cluster (Aurora, Multi-AZ DB cluster).
    #[serde(rename = "DBClusterIdentifier")]
    pub db_cluster_identifier: Option<String>,
}

/// `API_Endpoint`: `{Address, Port, HostedZoneId}` (Port an integer).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Endpoint {
    pub address: Option<String>,
    pub port: Option<i64>,
}

/// `API_CertificateDetails`: the *server* certificate's CA and its expiry (a timestamp).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CertificateDetails {
    #[serde(rename = "CAIdentifier")]
    pub ca_identifier: Option<String>,
    pub valid_till: Option<String>,
}

/// `aws rds describe-db-clusters` → `{"DBClusters": [...]}`. `Endpoint` and `ReaderEndpoint`
/// are plain host names here, with one `Port` for both.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DbCluster {
    #[serde(rename = "DBClusterIdentifier")]
    pub db_cluster_identifier: Option<String>,
    pub engine: Option<String>,
    pub engine_version: Option<String>,
    pub status: Option<String>,
    pub endpoint: Option<String>,
    pub reader_endpoint: Option<String>,
    pub port: Option<i64>,
    /// Only Multi-AZ DB clusters have an instance class (Aurora sets it per instance).
    #[serde(rename = "DBClusterInstanceClass")]
    pub db_cluster_instance_class: Option<String>,
    pub certificate_details: Option<CertificateDetails>,
}

/// `aws rds describe-db-proxies` → `{"DBProxies": [...]}`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DbProxy {
    #[serde(rename = "DBProxyName")]
    pub db_proxy_name: Option<String>,
    pub engine_family: Option<String>,
    pub endpoint: Option<String>,
    #[serde(rename = "RequireTLS")]
    pub require_tls: Option<bool>,
    pub status: Option<String>,
}

/// `aws rds describe-certificates` → `{"Certificates": [...], "DefaultCertificateForNewLaunches": ...}`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Certificate {
    pub certificate_identifier: Option<String>,
    pub certificate_type: Option<String>,
    pub valid_from: Option<String>,
    pub valid_till: Option<String>,
    pub customer_override: Option<bool>,
    pub customer_override_valid_till: Option<String>,
}

/// `aws rds describe-db-engine-versions` → `{"DBEngineVersions": [...]}`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DbEngineVersion {
    pub engine: Option<String>,
    pub engine_version: Option<String>,
    pub supports_certificate_rotation_without_restart: Option<bool>,
}

/// Any one of the outputs: which lists it has says which command printed it.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Document {
    #[serde(rename = "DBInstances")]
    pub db_instances: Option<Vec<DbInstance>>,
    #[serde(rename = "DBClusters")]
    pub db_clusters: Option<Vec<DbCluster>>,
    #[serde(rename = "DBProxies")]
    pub db_proxies: Option<Vec<DbProxy>>,
    pub certificates: Option<Vec<Certificate>>,
    pub default_certificate_for_new_launches: Option<String>,
    #[serde(rename = "DBEngineVersions")]
    pub db_engine_versions: Option<Vec<DbEngineVersion>>,
}
