//! The CA rotation report from an AWS inventory alone (no probing): which resources use an
//! expired or soon-expiring CA, whether changing it restarts the database, and the exact AWS CLI
//! command for each.
//!
//! Sources (RDS User Guide, "Rotating your SSL/TLS certificate",
//! https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL-certificate-rotation.html,
//! and the RDS API reference):
//! - the CA is changed with `modify-db-instance --ca-certificate-identifier` (Multi-AZ DB
//!   clusters: `modify-db-cluster`); Aurora sets it per instance;
//! - whether that restarts the database is per engine version:
//!   `describe-db-engine-versions` → `SupportsCertificateRotationWithoutRestart` (the guide's
//!   own advice); without that output the report says "unknown" rather than guess;
//! - RDS Proxy serves certificates from AWS Certificate Manager: there is nothing to rotate;
//! - `CertificateDetails.ValidTill` is the server certificate's expiry (RDS renews it); the CA's
//!   end date comes from `describe-certificates` when pasted, else from the shipped bundle's
//!   roots (per region), else from [`CATALOGUE_ENDS`].

use crate::decode::pki::cert::Cert;
use crate::decode::pki::rds::{self, RdsRole};

use crate::report::rotation::{CaEndEntry, CaState, ResourceKind, Restart, RotationReport, RotationRow};
use crate::source::inventory::{HostPort, Inventory};
use crate::time_fmt;

/// The horizon "soon" means by default.
pub const DEFAULT_HORIZON_DAYS: i64 = 180;
/// The CA the commands move to by default: AWS's default for new instances.
pub const DEFAULT_TARGET_CA: &str = "rds-ca-rsa2048-g1";

/// When each CA generation ends, for when neither `describe-certificates` nor a bundle is at
/// hand (the page before the bundle is fetched). The G1 dates are the earliest regional root's
/// in the shipped bundle (a test checks they agree); 2015 and 2019 from the RDS guide.
pub const CATALOGUE_ENDS: &[(&str, &str)] = &[
    ("rds-ca-2015", "2020-03-05T00:00:00Z"),
    ("rds-ca-2019", "2024-08-22T17:08:50Z"),
    ("rds-ca-rsa2048-g1", "2061-05-19T18:40:34Z"),
    ("rds-ca-rsa4096-g1", "2121-05-19T18:45:20Z"),
    ("rds-ca-ecc384-g1", "2121-05-19T18:50:59Z"),
];

/// Whether RDS renews the server certificates that `ca_id` issues before they end (the RDS
/// guide: the G1 CAs support automatic server certificate rotation; rds-ca-2019 does not, its
/// server certificates last until the CA's end).
pub fn renews_server_certificates(ca_id: &str) -> bool {
    ca_id.ends_with("-g1")
}

/// When the CA generation `ca_id` ends, from [`CATALOGUE_ENDS`] (the findings of a single
/// check and the rotation report read the same table).
pub fn catalogue_end(ca_id: &str) -> Option<i64> {
    CATALOGUE_ENDS.iter().find(|(id, _)| *id == ca_id).and_then(|(_, end)| time_fmt::parse(end).ok())
}

/// One CA's end, and where it was learnt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaEnd {
    pub ca_id: String,
    /// The region of a regional root; `None` for a global one.
    pub region: Option<String>,
    pub not_after: i64,
    pub source: String,
}

/// The RDS roots of a bundle (production ones only), with their end dates.
pub fn ca_ends_from_bundle(pem: &str, label: &str) -> Vec<CaEnd> {
    crate::decode::pki::pem::parse(pem)
        .certs
        .iter()
        .filter_map(|f| Cert::from_der(&f.der).ok())
        .filter_map(|c| {
            let r = c.summary.rds.clone()?;
            (r.role == RdsRole::Root && r.environment.is_none()).then(|| CaEnd {
                ca_id: r.ca_id,
                region: r.region,
                not_after: c.not_after,
                source: label.to_owned(),
            })
        })
        .collect()
}

/// `describe-certificates`, then `bundle`, then the catalogue: the first source that knows a CA
/// wins for it.
fn ca_ends(inv: &Inventory, bundle: &[CaEnd]) -> Vec<CaEnd> {
    let mut out: Vec<CaEnd> = inv
        .certificates
        .iter()
        .filter_map(|c| {
            Some(CaEnd {
                ca_id: c.id.clone(),
                region: None,
                not_after: c.valid_till?,
                source: "describe-certificates".into(),
            })
        })
        .collect();
    let known = |out: &[CaEnd], id: &str| out.iter().any(|e| e.ca_id == id && e.source == "describe-certificates");
    for b in bundle {
        if !known(&out, &b.ca_id) {
            out.push(b.clone());
        }
    }
    for (id, _) in CATALOGUE_ENDS {
        if !out.iter().any(|e| e.ca_id == *id) {
            if let Some(t) = catalogue_end(id) {
                out.push(CaEnd { ca_id: (*id).to_owned(), region: None, not_after: t, source: "catalogue".into() });
            }
        }
    }
    out
}

/// The end of `ca_id` for a resource in `region`: that region's root, else the global one,
/// else the earliest of all regions (the cautious answer).
fn end_of(ends: &[CaEnd], ca_id: &str, region: Option<&str>) -> Option<i64> {
    let of_id = || ends.iter().filter(|e| e.ca_id == ca_id);
    of_id()
        .find(|e| e.source == "describe-certificates")
        .or_else(|| region.and_then(|r| of_id().find(|e| e.region.as_deref() == Some(r))))
        .or_else(|| of_id().find(|e| e.region.is_none()))
        .map(|e| e.not_after)
        .or_else(|| of_id().map(|e| e.not_after).min())
}

/// Stands for the DB instance's identifier when the hostname does not tell it (an IP address, a
/// name of your own, an Aurora cluster's instances): the person replaces it before running.
pub const INSTANCE_PLACEHOLDER: &str = "<db-instance-id>";
/// Stands for the DB cluster's identifier (a custom endpoint's name is not the cluster's).
pub const CLUSTER_PLACEHOLDER: &str = "<db-cluster-id>";
/// Stands for the region when neither the hostname nor the chain tells it.
pub const REGION_PLACEHOLDER: &str = "<region>";

/// The AWS CLI command that moves one instance or Multi-AZ DB cluster to `ca_id` — the one
/// builder of it: the fleet's rotation report and a single check's findings
/// ([`super::commands`]) both call it. Identifiers come from pasted JSON or a hostname: anything
/// but RDS's own identifier alphabet (or one of the placeholders above) is refused, so the
/// command is always safe to paste into a shell.
pub fn modify_ca_command(
    kind: ResourceKind,
    id: &str,
    ca_id: &str,
    apply_immediately: bool,
    region: Option<&str>,
) -> Option<String> {
    let (verb, flag) = match kind {
        ResourceKind::Instance => ("modify-db-instance", "--db-instance-identifier"),
        ResourceKind::Cluster => ("modify-db-cluster", "--db-cluster-identifier"),
        ResourceKind::Proxy => return None,
    };
    let id_ok = is_identifier(id) || id == INSTANCE_PLACEHOLDER || id == CLUSTER_PLACEHOLDER;
    if !id_ok || !is_identifier(ca_id) || !region.is_none_or(is_region) {
        return None;
    }
    let when = if apply_immediately { " --apply-immediately" } else { "" };
    let region = region.map(|r| format!(" --region {r}")).unwrap_or_default();
    Some(format!("aws rds {verb} {flag} {id} --ca-certificate-identifier {ca_id}{when}{region}"))
}

/// A region as RDS names them (`us-east-1`, `cn-north-1`), or the placeholder: shell-safe.
pub fn is_region(r: &str) -> bool {
    r == REGION_PLACEHOLDER || rds::looks_like_region(r)
}

/// RDS identifiers: letters, digits and hyphens, 1–255 characters (instance ids are at most 63;
/// being generous here only loses the refusal, never safety).
fn is_identifier(s: &str) -> bool {
    (1..=255).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn restart(inv: &Inventory, engine: &str, version: &str) -> Restart {
    match inv.engine_versions.iter().find(|v| v.engine == engine && v.version == version) {
        Some(v) => match v.rotation_without_restart {
            Some(true) => Restart::NotNeeded,
            Some(false) => Restart::Needed,
            None => Restart::Unknown,
        },
        None => Restart::Unknown,
    }
}

fn region_of(e: Option<&HostPort>) -> Option<String> {
    rds::endpoint(&e?.address).map(|x| x.region)
}

/// Options of the report.
#[derive(Debug, Clone)]
pub struct Options {
    pub now: i64,
    pub horizon_days: i64,
    pub target_ca: String,
    pub apply_immediately: bool,
}

impl Options {
    pub fn new(now: i64) -> Options {
        Options {
            now,
            horizon_days: DEFAULT_HORIZON_DAYS,
            target_ca: DEFAULT_TARGET_CA.into(),
            apply_immediately: true,
        }
    }
}

struct Resource<'a> {
    kind: ResourceKind,
    id: &'a str,
    engine: &'a str,
    version: &'a str,
    endpoint: Option<&'a HostPort>,
    ca_id: Option<&'a str>,
    server_cert: Option<i64>,
}

/// The rotation report of `inv` at `opts.now`, with CA ends from `bundle` where the account's
/// `describe-certificates` is not given. Rows: most urgent first, then by id.
pub fn report(inv: &Inventory, bundle: &[CaEnd], opts: &Options) -> RotationReport {
    let ends = ca_ends(inv, bundle);
    let multi_az: std::collections::HashSet<&str> =
        inv.clusters.iter().filter(|c| c.multi_az_db_cluster).map(|c| c.id.as_str()).collect();
    let instances = inv
        .instances
        .iter()
        // A Multi-AZ DB cluster's CA is set on the cluster: its row covers its instances.
        .filter(|i| !i.cluster_id.as_deref().is_some_and(|c| multi_az.contains(c)))
        .map(|i| Resource {
            kind: ResourceKind::Instance,
            id: &i.id,
            engine: &i.engine,
            version: &i.engine_version,
            endpoint: i.endpoint.as_ref(),
            ca_id: i.ca_id.as_deref(),
            server_cert: i.server_cert_valid_till,
        });
    let clusters = inv.clusters.iter().filter(|c| c.multi_az_db_cluster).map(|c| Resource {
        kind: ResourceKind::Cluster,
        id: &c.id,
        engine: &c.engine,
        version: &c.engine_version,
        endpoint: c.endpoint.as_ref(),
        ca_id: c.ca_id.as_deref(),
        server_cert: c.server_cert_valid_till,
    });
    let mut rows: Vec<RotationRow> = instances.chain(clusters).map(|r| row(inv, &ends, opts, r)).collect();
    rows.extend(inv.proxies.iter().map(|p| RotationRow {
        kind: ResourceKind::Proxy,
        id: p.name.clone(),
        engine: p.engine_family.clone(),
        engine_version: String::new(),
        endpoint: p.endpoint.as_ref().map(|e| format!("{}:{}", e.address, e.port)),
        region: region_of(p.endpoint.as_ref()),
        ca_id: None,
        ca_valid_till: None,
        ca_days_left: None,
        server_cert_valid_till: None,
        state: CaState::NotApplicable,
        restart: Restart::NoChange,
        command: None,
        why: "RDS Proxy serves an AWS Certificate Manager certificate: clients need the Amazon Trust Services roots, not an RDS CA".into(),
    }));
    rows.sort_by(|a, b| (a.state, a.kind, &a.id).cmp(&(b.state, b.kind, &b.id)));
    let mut ca_ends: Vec<CaEndEntry> = ends
        .iter()
        .map(|e| CaEndEntry {
            ca_id: e.ca_id.clone(),
            region: e.region.clone(),
            valid_till: time_fmt::date(e.not_after),
            source: e.source.clone(),
        })
        .collect();
    ca_ends.sort_by(|a, b| (&a.ca_id, &a.region).cmp(&(&b.ca_id, &b.region)));
    RotationReport {
        checked_at: time_fmt::rfc3339(opts.now),
        horizon_days: opts.horizon_days,
        target_ca: opts.target_ca.clone(),
        rows,
        ca_ends,
        default_for_new: inv.default_for_new.clone(),
        problems: inv
            .problems
            .iter()
            .map(|p| format!("document {}, line {}, column {}: {}", p.document, p.line, p.column, p.message))
            .collect(),
    }
}

fn row(inv: &Inventory, ends: &[CaEnd], opts: &Options, r: Resource<'_>) -> RotationRow {
    let region = region_of(r.endpoint);
    let end = r.ca_id.and_then(|ca| end_of(ends, ca, region.as_deref()));
    let days_left = end.map(|e| (e - opts.now).div_euclid(86_400));
    let state = match (r.ca_id, days_left) {
        (None, _) | (_, None) => CaState::Unknown,
        (_, Some(d)) if end.is_some_and(|e| e <= opts.now) || d < 0 => CaState::Expired,
        (_, Some(d)) if d < opts.horizon_days => CaState::ExpiresSoon,
        _ => CaState::Ok,
    };
    let restart = restart(inv, r.engine, r.version);
    let due =
        matches!(state, CaState::Expired | CaState::ExpiresSoon | CaState::Unknown) && r.ca_id != Some(&opts.target_ca);
    let command = due
        .then(|| modify_ca_command(r.kind, r.id, &opts.target_ca, opts.apply_immediately, region.as_deref()))
        .flatten();
    let ca = r.ca_id.map(crate::text::safe).unwrap_or_default();
    let why = match state {
        CaState::Expired => format!(
            "{ca} ended on {}: clients that verify the server cannot connect",
            end.map(time_fmt::date).unwrap_or_default()
        ),
        CaState::ExpiresSoon => {
            format!("{ca} ends on {}, within {} days", end.map(time_fmt::date).unwrap_or_default(), opts.horizon_days)
        }
        CaState::Unknown if r.ca_id.is_none() => "the inventory names no CA for it".into(),
        CaState::Unknown => format!("no end date known for {ca}: paste `aws rds describe-certificates`"),
        CaState::Ok => format!("{ca} is valid until {}", end.map(time_fmt::date).unwrap_or_default()),
        CaState::NotApplicable => String::new(),
    };
    let why = match (command.is_some(), restart) {
        (true, Restart::Needed) => format!("{why}; the change restarts the database"),
        (true, Restart::NotNeeded) => format!("{why}; this engine version rotates without a restart"),
        (true, Restart::Unknown | Restart::NoChange) => format!("{why}; whether the change restarts it: `aws rds describe-db-engine-versions` (SupportsCertificateRotationWithoutRestart)"),
        (false, _) if due => format!("{why}; its identifier is not an RDS identifier, so no command is printed"),
        (false, _) => why,
    };
    RotationRow {
        kind: r.kind,
        id: r.id.to_owned(),
        engine: r.engine.to_owned(),
        engine_version: r.version.to_owned(),
        endpoint: r.endpoint.map(|e| format!("{}:{}", e.address, e.port)),
        region,
        ca_id: r.ca_id.map(str::to_owned),
        ca_valid_till: end.map(time_fmt::date),
        ca_days_left: days_left,
        server_cert_valid_till: r.server_cert.map(time_fmt::date),
        state,
        restart,
        command,
        why,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_documented_commands_and_refuses_shell_text() {
        assert_eq!(
            modify_ca_command(ResourceKind::Instance, "db-1", "rds-ca-rsa2048-g1", true, None).as_deref(),
            Some("aws rds modify-db-instance --db-instance-identifier db-1 --ca-certificate-identifier rds-ca-rsa2048-g1 --apply-immediately")
        );
        assert_eq!(
            modify_ca_command(ResourceKind::Cluster, "maz", "rds-ca-ecc384-g1", false, Some("eu-west-1")).as_deref(),
            Some("aws rds modify-db-cluster --db-cluster-identifier maz --ca-certificate-identifier rds-ca-ecc384-g1 --region eu-west-1")
        );
        assert_eq!(
            modify_ca_command(ResourceKind::Instance, INSTANCE_PLACEHOLDER, "rds-ca-rsa2048-g1", true, Some(REGION_PLACEHOLDER)).as_deref(),
            Some("aws rds modify-db-instance --db-instance-identifier <db-instance-id> --ca-certificate-identifier rds-ca-rsa2048-g1 --apply-immediately --region <region>")
        );
        assert_eq!(modify_ca_command(ResourceKind::Instance, "db;rm -rf /", "rds-ca-rsa2048-g1", true, None), None);
        assert_eq!(
            modify_ca_command(ResourceKind::Instance, "db", "rds-ca-rsa2048-g1", true, Some("us-east-1;id")),
            None
        );
        assert_eq!(modify_ca_command(ResourceKind::Instance, "<x>", "rds-ca-rsa2048-g1", true, None), None);
        assert_eq!(modify_ca_command(ResourceKind::Instance, "", "rds-ca-rsa2048-g1", true, None), None);
        assert_eq!(modify_ca_command(ResourceKind::Proxy, "p", "rds-ca-rsa2048-g1", true, None), None);
    }

    #[test]
    fn the_decoders_ca_dates_agree_with_the_catalogue() {
        // explain's words use the decoder's short forms; they must say what the table says.
        let date = |id: &str| catalogue_end(id).map(time_fmt::date);
        assert_eq!(date("rds-ca-2019").as_deref(), Some(rds::RDS_CA_2019_EXPIRY));
        for (id, year) in rds::CURRENT_CA_IDS {
            assert_eq!(date(id).as_deref().and_then(|d| d.get(..4)), Some(*year), "{id}");
        }
        assert_eq!(date("rds-ca-rsa2048-g1").as_deref(), Some("2061-05-19"));
        assert_eq!(catalogue_end("rds-ca-nope"), None);
        assert_eq!(
            (renews_server_certificates("rds-ca-ecc384-g1"), renews_server_certificates("rds-ca-2019")),
            (true, false)
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_catalogue_ends_are_the_shipped_bundles_earliest_roots() {
        let ends = ca_ends_from_bundle(crate::source::builtin::RDS_GLOBAL_PEM, "bundle");
        // The 2019 generation: its global root (regions opened in 2019–2020 had their own).
        let earliest = |id: &str| {
            ends.iter()
                .filter(|e| e.ca_id == id && (id.ends_with("-g1") || e.region.is_none()))
                .map(|e| e.not_after)
                .min()
        };
        for (id, end) in CATALOGUE_ENDS.iter().filter(|(id, _)| *id != "rds-ca-2015") {
            assert_eq!(earliest(id), time_fmt::parse(end).ok(), "{id}");
        }
        assert_eq!(earliest("rds-ca-2015"), None, "the 2024-06 bundle no longer carries the 2015 root");
    }
}
