//! The real Amazon RDS bundles (shared/data/rds, see its PROVENANCE.md) and chains shaped like
//! RDS's, with look-alike CAs named as the real ones are.

mod support;

use mysql_tls_doctor::report::{Report, Status};
use mysql_tls_doctor::vocab::catalogue::RuleId;
use mysql_tls_doctor::vocab::ClientId;
use mysql_tls_doctor::{analyze, time_fmt, Inputs};
use support::certs::{pem, Spec};

const ENDPOINT: &str = "mydb.abc123xyz.us-east-1.rds.amazonaws.com";

fn data(name: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/rds");
    let fallback = std::path::Path::new("/work/shared/data/rds");
    std::fs::read_to_string(dir.join(name))
        .or_else(|_| std::fs::read_to_string(fallback.join(name)))
        .unwrap_or_else(|e| panic!("read shared/data/rds/{name}: {e}"))
}

fn at(date: &str) -> i64 {
    time_fmt::parse(date).expect("a date")
}

fn bundle_only(bundle: &str, when: i64) -> Report {
    analyze(&Inputs { ca_bundle: bundle.to_owned(), ..Inputs::default() }, when)
}

#[test]
fn global_bundle_parses_whole_and_every_ca_is_recognised() {
    for file in ["global-bundle.pem", "global-bundle.lf.pem"] {
        let r = bundle_only(&data(file), at("2026-01-01"));
        assert_eq!(r.inputs.bundle_certificates, 121, "{file}");
        assert!(r.input_problems.is_empty(), "{:?}", r.input_problems);
        assert_eq!(r.certificates.iter().filter(|c| c.summary.rds.is_some()).count(), 121, "{file}");
        let count =
            |id: &str| r.certificates.iter().filter(|c| c.summary.rds.as_ref().is_some_and(|x| x.ca_id == id)).count();
        // 29 regions + Beta us-east-1 + Preview us-east-2 for each G1 family.
        assert_eq!(count("rds-ca-rsa2048-g1"), 31);
        assert_eq!(count("rds-ca-rsa4096-g1"), 31);
        assert_eq!(count("rds-ca-ecc384-g1"), 31);
        assert_eq!(count("rds-ca-2019"), 28);
        let regions: std::collections::BTreeSet<_> =
            r.certificates.iter().filter_map(|c| c.summary.rds.as_ref()?.region.clone()).collect();
        assert_eq!(regions.len(), 29, "{regions:?}");
        let ecc = r
            .certificates
            .iter()
            .find(|c| c.summary.common_name.as_deref() == Some("Amazon RDS ap-northeast-1 Root CA ECC384 G1"))
            .expect("present");
        assert_eq!(ecc.summary.key, "ECDSA P-384");
        assert!(ecc.summary.is_ca && ecc.summary.self_issued);
        assert_eq!(ecc.summary.sha256.len(), 95);
    }
}

#[test]
fn rds_ca_2019_expires_on_2024_08_22() {
    let bundle = data("global-bundle.pem");
    let is_2019 = |cn: &str| {
        cn == "Amazon RDS Root 2019 CA" || (cn.ends_with(" 2019 CA") && !cn.contains("Beta") && !cn.contains("Preview"))
    };
    for (date, valid) in [("2024-08-21", true), ("2024-08-23", false)] {
        let r = bundle_only(&bundle, at(date));
        let certs: Vec<_> =
            r.certificates.iter().filter(|c| c.summary.common_name.as_deref().is_some_and(is_2019)).collect();
        assert_eq!(certs.len(), 18);
        for c in certs {
            assert_eq!(c.valid_at_check_time, valid, "{} at {date}", c.summary.subject);
        }
    }
}

#[test]
fn older_bundles_are_recognised() {
    let r = bundle_only(&data("rds-combined-ca-bundle.2018-02.pem"), at("2019-01-01"));
    assert_eq!(r.inputs.bundle_certificates, 17);
    assert!(r.certificates.iter().all(|c| c.summary.rds.as_ref().is_some_and(|x| x.ca_id == "rds-ca-2015")));
    let r = bundle_only(&data("us-east-1-bundle.pem"), at("2026-01-01"));
    assert_eq!(r.inputs.bundle_certificates, 5);
    let r = bundle_only(&data("rds-combined-ca-bundle.2019-09.pem"), at("2026-01-01"));
    assert_eq!(r.inputs.bundle_certificates, 33);
    let r = bundle_only(&data("global-bundle.2022-07.pem"), at("2026-01-01"));
    assert_eq!(r.inputs.bundle_certificates, 109);
    // Amazon Trust Services roots (RDS Proxy) are not RDS CAs.
    let r = bundle_only(&data("rds-proxy-amazon-trust-roots.pem"), at("2026-01-01"));
    assert_eq!(r.inputs.bundle_certificates, 5);
    assert!(r.certificates.iter().all(|c| c.summary.rds.is_none()));
}

/// A G1-shaped chain for `region`: look-alike root and subordinate, leaf for the endpoint.
fn g1_chain(region: &str, host: &str) -> (String, String, String) {
    let root = Spec::rds_ca(&format!("Amazon RDS {region} Root CA RSA2048 G1")).issue_ca(None);
    let sub = Spec::rds_ca(&format!("Amazon RDS {region} Subordinate CA RSA2048 G1.A.1")).issue_ca(Some(&root));
    let leaf = Spec::leaf(host, &[host]).issue(&sub);
    (pem(&root), pem(&sub), leaf)
}

fn run(bundle: &str, chain: &[&str], host: &str, when: &str) -> Report {
    analyze(
        &Inputs {
            ca_bundle: bundle.to_owned(),
            ca_label: None,
            chain: chain.concat(),
            hosts: vec![host.into()],
            capture: None,
            ..Default::default()
        },
        at(when),
    )
}

#[test]
fn rds_leaf_without_its_subordinate_names_the_ca_and_region() {
    let (root, _sub, leaf) = g1_chain("us-east-1", ENDPOINT);
    let r = run(&root, &[&leaf], ENDPOINT, "2026-01-01");
    let f = r.finding(RuleId::MissingIntermediate).expect("finding");
    assert!(f.title.contains("Amazon RDS us-east-1 Subordinate CA RSA2048 G1.A.1"), "{}", f.title);
    assert!(f.explanation.contains("rds-ca-rsa2048-g1 (us-east-1)"), "{}", f.explanation);
    assert!(f.explanation.contains("-showcerts"));
}

#[test]
fn g1_chain_against_a_2019_bundle_is_an_outdated_bundle() {
    let (_root, sub, leaf) = g1_chain("us-east-1", ENDPOINT);
    let r = run(&data("rds-combined-ca-bundle.2019-09.pem"), &[&leaf, &sub], ENDPOINT, "2026-01-01");
    // Only the settings that verify nothing still connect.
    assert_eq!(r.overall.status, Status::Mixed);
    let f = r.finding(RuleId::OutdatedBundle).expect("finding");
    assert!(f.title.contains("rds-ca-rsa2048-g1 (us-east-1)"), "{}", f.title);
    assert!(f.explanation.contains("rds-ca-2015, rds-ca-2019"), "{}", f.explanation);
    assert!(f.fix.contains("global-bundle.pem"));
}

#[test]
fn region_missing_from_an_older_global_bundle_is_outdated() {
    // ca-west-1 opened after the 2022-07 bundle was published.
    let host = "db.abc.ca-west-1.rds.amazonaws.com";
    let (_root, sub, leaf) = g1_chain("ca-west-1", host);
    let r = run(&data("global-bundle.2022-07.pem"), &[&leaf, &sub], host, "2026-01-01");
    assert!(r.finding(RuleId::OutdatedBundle).is_some(), "{:?}", r.findings.iter().map(|f| f.id).collect::<Vec<_>>());
}

#[test]
fn regional_bundle_for_another_region() {
    let host = "db.abc.eu-west-1.rds.amazonaws.com";
    let (_root, sub, leaf) = g1_chain("eu-west-1", host);
    let r = run(&data("us-east-1-bundle.pem"), &[&leaf, &sub], host, "2026-01-01");
    let f = r.finding(RuleId::WrongRegionBundle).expect("finding");
    assert!(f.title.contains("us-east-1") && f.title.contains("eu-west-1"), "{}", f.title);
    assert!(f.fix.contains("eu-west-1-bundle.pem"));
}

#[test]
fn rds_ca_2019_chain_after_expiry_says_move_to_g1() {
    let root = Spec::rds_ca("Amazon RDS Root 2019 CA").valid((2019, 8, 22), (2024, 8, 22)).issue_ca(None);
    let inter = Spec::rds_ca("Amazon RDS us-east-1 2019 CA").valid((2019, 9, 19), (2024, 8, 22)).issue_ca(Some(&root));
    let leaf = Spec::leaf(ENDPOINT, &[ENDPOINT]).valid((2023, 1, 1), (2024, 8, 22)).issue(&inter);
    let before = run(&pem(&root), &[&leaf, &pem(&inter)], ENDPOINT, "2024-08-21");
    // The day before: it works, but the rotation is due (the horizon is 180 days).
    assert_eq!(before.overall.status, Status::ExpiresSoon);
    assert_eq!(before.findings.iter().map(|f| f.id).collect::<Vec<_>>(), [RuleId::RdsCaExpiresSoon]);
    // A leaf that outlives its CA (RDS leaves do not; this isolates the CA's expiry).
    let long_leaf = Spec::leaf(ENDPOINT, &[ENDPOINT]).valid((2023, 1, 1), (2025, 1, 1)).issue(&inter);
    let after = run(&pem(&root), &[&long_leaf, &pem(&inter)], ENDPOINT, "2024-08-23");
    // Both CAs expired: each is a cause (OpenSSL dates from the anchor down) and a finding.
    let v = after.verdict(ENDPOINT, ClientId::Mysql8VerifyIdentity).expect("verdict");
    let causes: Vec<_> = v.causes.iter().map(|c| (c.rule, c.certificate)).collect();
    assert_eq!(causes, [(RuleId::RdsCaExpired, Some(2)), (RuleId::RdsCaExpired, Some(1))]);
    assert_eq!(v.cause, Some(RuleId::RdsCaExpired));
    let found: Vec<_> = after.findings.iter().map(|f| (f.id, f.certificates.clone())).collect();
    // The settings that check no dates connect to the expired intermediate: a warning.
    assert_eq!(
        found,
        [(RuleId::RdsCaExpired, vec![1]), (RuleId::RdsCaExpired, vec![2]), (RuleId::SettingVerifiesLess, vec![])]
    );
    let f = &after.findings[0];
    assert_eq!(f.title, "The server's chain uses rds-ca-2019 (us-east-1), which expired on 2024-08-22");
    assert!(f.fix.contains("rds-ca-rsa2048-g1"));
    // rustls does not date the anchor: only the intermediate.
    let v = after.verdict(ENDPOINT, ClientId::Rustls).expect("verdict");
    assert_eq!(v.causes.iter().map(|c| (c.rule, c.certificate)).collect::<Vec<_>>(), [(RuleId::RdsCaExpired, Some(1))]);
}

/// The rds-ca-2019 chain as RDS served it: root and us-east-1 intermediate end 2024-08-22, and
/// the server certificate with them (rds-ca-2019 did not renew server certificates).
fn rds_2019_chain() -> (String, String, String) {
    let root = Spec::rds_ca("Amazon RDS Root 2019 CA").valid((2019, 8, 22), (2024, 8, 22)).issue_ca(None);
    let inter = Spec::rds_ca("Amazon RDS us-east-1 2019 CA").valid((2019, 9, 19), (2024, 8, 22)).issue_ca(Some(&root));
    let leaf = Spec::leaf(ENDPOINT, &[ENDPOINT]).valid((2023, 1, 1), (2024, 8, 22)).issue(&inter);
    (pem(&root), pem(&inter), leaf)
}

fn run_with_horizon(bundle: &str, chain: &[&str], when: &str, warn_days: Option<u32>) -> Report {
    analyze(
        &Inputs {
            ca_bundle: bundle.to_owned(),
            chain: chain.concat(),
            hosts: vec![ENDPOINT.into()],
            warn_days,
            ..Default::default()
        },
        at(when),
    )
}

const ROTATION_2019: [&str; 4] = [
    "aws rds describe-db-instances --db-instance-identifier mydb --region us-east-1 --query 'DBInstances[0].[CACertificateIdentifier,CertificateDetails.ValidTill,Engine,EngineVersion]'",
    "aws rds describe-db-engine-versions --engine <engine> --engine-version <engine-version> --region us-east-1 --query 'DBEngineVersions[0].SupportsCertificateRotationWithoutRestart'",
    "curl -o global-bundle.pem https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem",
    "aws rds modify-db-instance --db-instance-identifier mydb --ca-certificate-identifier rds-ca-rsa2048-g1 --apply-immediately --region us-east-1",
];

#[test]
fn rds_ca_2019_chain_shows_its_time_left_and_warns_within_the_horizon() {
    let (root, inter, leaf) = rds_2019_chain();
    // 2023-01-27: 19 months left, beyond the default 180 days: a pass, each certificate's time
    // left shown.
    let r = run_with_horizon(&root, &[&leaf, &inter], "2023-01-27", None);
    assert_eq!(r.overall.status, Status::Pass);
    assert_eq!(r.findings.iter().map(|f| f.id).collect::<Vec<_>>(), Vec::<RuleId>::new());
    let left: Vec<(i64, String)> =
        r.path.iter().map(|&i| (r.certificates[i].expires_in_days, r.certificates[i].time_left())).collect();
    assert_eq!(
        left,
        [
            (573, "expires in 1 y 7 mo (2024-08-22)".to_owned()),
            (573, "expires in 1 y 7 mo (2024-08-22)".to_owned()),
            (573, "expires in 1 y 7 mo (2024-08-22)".to_owned()),
        ]
    );
    assert!(r.to_text().contains("  1: Amazon RDS us-east-1 2019 CA [rds-ca-2019 us-east-1] (sent by server; valid 2019-09-19 → 2024-08-22; expires in 1 y 7 mo (2024-08-22))\n"), "{}", r.to_text());
    // A 600-day horizon: the rotation is due now.
    let r = run_with_horizon(&root, &[&leaf, &inter], "2023-01-27", Some(600));
    assert_eq!(r.overall.status, Status::ExpiresSoon);
    assert_eq!(r.findings.iter().map(|f| f.id).collect::<Vec<_>>(), [RuleId::RdsCaExpiresSoon]);
    assert_eq!(
        r.findings[0].title,
        "The server's RDS CA rds-ca-2019 (us-east-1) ends on 2024-08-22, in 1 y 7 mo: rotate to rds-ca-rsa2048-g1 now"
    );

    // The issue's example: checked at 2024-03-01, the default horizon warns, with the rotation.
    let r = run_with_horizon(&root, &[&leaf, &inter], "2024-03-01", None);
    assert_eq!(r.overall.status, Status::ExpiresSoon);
    assert_eq!(
        r.overall.headline,
        format!("Every client verifies {ENDPOINT}, but: The server's RDS CA rds-ca-2019 (us-east-1) ends on 2024-08-22, in 6 months: rotate to rds-ca-rsa2048-g1 now")
    );
    let f = r.finding(RuleId::RdsCaExpiresSoon).expect("finding");
    assert_eq!(f.certificates, [0, 1, 2]);
    assert_eq!(
        f.explanation,
        "'mydb.abc123xyz.us-east-1.rds.amazonaws.com', 'Amazon RDS us-east-1 2019 CA', 'Amazon RDS Root 2019 CA' on the path end within the 180-day horizon, the first on 2024-08-22. rds-ca-2019 as a whole ends on 2024-08-22. On that day every client that verifies the server fails, whatever bundle it has. rds-ca-rsa2048-g1 lasts until 2061-05-19."
    );
    assert_eq!(f.commands.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), ROTATION_2019);
    assert_eq!(r.exit_code(), 0);
    let md = r.to_markdown();
    assert!(
        md.contains(&format!(
            "```sh\n# Read the instance's CA, its server certificate's end, engine and version\n{}\n",
            ROTATION_2019[0]
        )),
        "{md}"
    );
}

#[test]
fn a_g1_server_certificate_ending_soon_is_renewed_by_rds() {
    // G1 CAs renew their server certificates: a leaf ending in 30 days asks nothing.
    let root_ca = Spec::rds_ca("Amazon RDS us-east-1 Root CA RSA2048 G1").issue_ca(None);
    let sub_ca = Spec::rds_ca("Amazon RDS us-east-1 Subordinate CA RSA2048 G1.A.1").issue_ca(Some(&root_ca));
    let leaf = Spec::leaf(ENDPOINT, &[ENDPOINT]).valid((2025, 1, 31), (2026, 1, 31)).issue(&sub_ca);
    let r = run(&pem(&root_ca), &[&leaf, &pem(&sub_ca)], ENDPOINT, "2026-01-01");
    assert_eq!(r.overall.status, Status::Pass);
    assert_eq!(r.findings.iter().map(|f| f.id).collect::<Vec<_>>(), Vec::<RuleId>::new());
    assert_eq!(r.certificates[0].time_left(), "expires in 30 days (2026-01-31)");
}

#[test]
fn expired_rds_ca_and_wrong_bundle_findings_carry_their_commands() {
    let (root, inter, leaf) = rds_2019_chain();
    let r = run(&root, &[&leaf, &inter], ENDPOINT, "2024-09-01");
    let f = r.finding(RuleId::RdsCaExpired).expect("finding");
    assert_eq!(f.commands.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), ROTATION_2019);
    // The bundle of another region: download the global one, or the instance's region's.
    let host = "db.abc.eu-west-1.rds.amazonaws.com";
    let (_root, sub, leaf) = g1_chain("eu-west-1", host);
    let r = run(&data("us-east-1-bundle.pem"), &[&leaf, &sub], host, "2026-01-01");
    let f = r.finding(RuleId::WrongRegionBundle).expect("finding");
    assert_eq!(
        f.commands.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
        [
            "curl -o global-bundle.pem https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem",
            "curl -o eu-west-1-bundle.pem https://truststore.pki.rds.amazonaws.com/eu-west-1/eu-west-1-bundle.pem",
        ]
    );
    // An outdated bundle: the current one.
    let (_root, sub, leaf) = g1_chain("us-east-1", ENDPOINT);
    let r = run(&data("rds-combined-ca-bundle.2019-09.pem"), &[&leaf, &sub], ENDPOINT, "2026-01-01");
    let f = r.finding(RuleId::OutdatedBundle).expect("finding");
    assert_eq!(
        f.commands.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
        ["curl -o global-bundle.pem https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem"]
    );
    // Connecting by a CNAME of one's own: the endpoint name the certificate lists.
    let (root, sub, leaf) = g1_chain("us-east-1", ENDPOINT);
    let r = run(&root, &[&leaf, &sub], "db.mycompany.example", "2026-01-01");
    let f = r.finding(RuleId::HostnameMismatch).expect("finding");
    assert_eq!(
        f.commands.iter().map(|c| (c.label.as_str(), c.text.as_str())).collect::<Vec<_>>(),
        [("Connect with the endpoint name the certificate lists", ENDPOINT)]
    );
    // Findings without exact commands have none (and JSON leaves the field out).
    let json = serde_json::to_value(&r).expect("json");
    let with_commands: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f.get("commands").is_some())
        .map(|f| &f["id"])
        .collect();
    assert_eq!(with_commands, [&serde_json::json!("hostname-mismatch")], "{json}");
}

#[test]
fn own_cname_and_cluster_endpoint_mismatches_are_explained() {
    let (root, sub, leaf) = g1_chain("us-east-1", ENDPOINT);
    let r = run(&root, &[&leaf, &sub], "db.mycompany.example", "2026-01-01");
    let f = r.finding(RuleId::HostnameMismatch).expect("finding");
    assert!(f.explanation.contains("CNAME"), "{}", f.explanation);
    let cluster = "mydb.cluster-abc123xyz.us-east-1.rds.amazonaws.com";
    let r = run(&root, &[&leaf, &sub], cluster, "2026-01-01");
    let f = r.finding(RuleId::HostnameMismatch).expect("finding");
    assert!(f.explanation.contains("Aurora cluster (writer) endpoint"), "{}", f.explanation);
}

fn cli(args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_mysql-tls-doctor")).args(args).output().expect("run the CLI")
}

#[test]
fn cli_json_has_the_documented_shape() {
    let (root, sub, leaf) = g1_chain("us-east-1", ENDPOINT);
    let dir = tempfile::tempdir().expect("tempdir");
    let (ca, chain) = (dir.path().join("ca.pem"), dir.path().join("chain.pem"));
    std::fs::write(&ca, &root).expect("write");
    std::fs::write(&chain, format!("{leaf}{sub}")).expect("write");
    let os = |s: &'static str| std::ffi::OsStr::new(s);
    let base = [os("check"), os("--ca"), ca.as_os_str(), os("--chain"), chain.as_os_str(), os("--host"), os(ENDPOINT)];
    let out =
        cli(&[&base[..], &[os("--host"), os("wrong.example"), os("--at"), os("2026-01-01T00:00:00Z"), os("--json")]]
            .concat());
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["certificates"].as_array().map(Vec::len), Some(3));
    let f = &v["findings"][0];
    for k in ["id", "severity", "title", "explanation", "fix"] {
        assert!(f[k].is_string(), "finding lacks {k}: {f}");
    }
    let verdicts = v["verdicts"].as_array().expect("verdicts");
    // (host, client, ok, cause, causes' rules) for every cell: the endpoint passes everywhere,
    // the wrong name fails every client that checks one, for that one reason.
    let cells: Vec<(&str, &str, bool, &str, Vec<&str>)> = verdicts
        .iter()
        .map(|x| {
            let rules = x["causes"].as_array().map(|a| a.iter().filter_map(|c| c["rule"].as_str()).collect());
            (
                x["host"].as_str().unwrap_or("?"),
                x["client"].as_str().unwrap_or("?"),
                x["ok"] == true,
                x["cause"].as_str().unwrap_or("-"),
                rules.unwrap_or_default(),
            )
        })
        .collect();
    let mut expected = Vec::new();
    for host in [ENDPOINT, "wrong.example"] {
        for c in ClientId::ALL {
            // The settings that check no name (VERIFY_CA, the CA-only ones) connect anyway.
            if host == ENDPOINT || mysql_tls_doctor::rules::clients::client(*c).names.is_none() {
                expected.push((host, c.as_str(), true, "-", vec![]));
            } else {
                expected.push((host, c.as_str(), false, "hostname-mismatch", vec!["hostname-mismatch"]));
            }
        }
    }
    assert_eq!(cells, expected);
    // All pass → 0; unusable input → 2.
    let out = cli(&[&base[..], &[os("--at"), os("2026-01-01")]].concat());
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("PASS"));
    let out =
        cli(&[os("check"), os("--ca-builtin"), os("rds"), os("--chain"), os("/dev/null"), os("--host"), os(ENDPOINT)]);
    assert_eq!(out.status.code(), Some(2));
    let out =
        cli(&[os("check"), os("--ca-builtin"), os("nope"), os("--chain"), os("/dev/null"), os("--host"), os(ENDPOINT)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown built-in bundle 'nope'"));
}

// RDS endpoints whose certificate is not from the RDS CAs (lab-more): RDS Proxy and Aurora
// Serverless v1 present AWS Certificate Manager chains. Look-alikes shaped like the real ones:
// leaf ← Amazon RSA 2048 M02 ← Amazon Root CA 1 (cross-signed) ← Starfield Services Root
// Certificate Authority - G2 (cross-signed) ← Starfield Class 2 Certification Authority.

const PROXY: &str = "myproxy.proxy-abc123xyz.us-east-1.rds.amazonaws.com";
const SERVERLESS: &str = "mycluster.cluster-abc123xyz.us-east-1.rds.amazonaws.com";

fn named(subject: &[(rcgen::DnType, &str)]) -> Spec {
    Spec { subject: subject.iter().map(|(t, v)| (t.clone(), (*v).to_owned())).collect(), ..Spec::ca("x") }
}

/// (Starfield Class 2 root, the served chain leaf first) for `host`.
fn acm_chain(host: &str) -> (String, Vec<String>) {
    use rcgen::DnType::{CommonName as Cn, CountryName as C, OrganizationName as O, OrganizationalUnitName as Ou};
    let class2 =
        named(&[(C, "US"), (O, "Starfield Technologies, Inc."), (Ou, "Starfield Class 2 Certification Authority")])
            .issue_ca(None);
    let sfs_g2 = named(&[
        (C, "US"),
        (O, "Starfield Technologies, Inc."),
        (Cn, "Starfield Services Root Certificate Authority - G2"),
    ])
    .issue_ca(Some(&class2));
    let root1 = named(&[(C, "US"), (O, "Amazon"), (Cn, "Amazon Root CA 1")]).issue_ca(Some(&sfs_g2));
    let m02 = named(&[(C, "US"), (O, "Amazon"), (Cn, "Amazon RSA 2048 M02")]).issue_ca(Some(&root1));
    let wildcard = format!("*.{}", host.split_once('.').map(|(_, rest)| rest).unwrap_or(host));
    let leaf = Spec::leaf(&wildcard, &[&wildcard]).issue(&m02);
    (pem(&class2), vec![leaf, pem(&m02), pem(&root1), pem(&sfs_g2)])
}

#[test]
fn rds_proxy_chain_against_the_rds_bundle_needs_amazon_roots() {
    let (_class2, served) = acm_chain(PROXY);
    let chain: Vec<&str> = served.iter().map(String::as_str).collect();
    let r = run(&data("global-bundle.pem"), &chain, PROXY, "2026-01-01");
    // Only the settings that verify nothing connect ("unverified"); every other column fails for
    // this one reason first, and it is one finding.
    assert_eq!(r.overall.status, Status::Mixed);
    for v in &r.verdicts {
        if v.ok {
            assert!(v.unverified && mysql_tls_doctor::rules::clients::client(v.client).names.is_none(), "{}", v.client);
        } else {
            assert_eq!(v.cause, Some(RuleId::RdsProxyAmazonRoot), "{}", v.client);
        }
    }
    let failing: Vec<ClientId> = r.verdicts.iter().filter(|v| !v.ok).map(|v| v.client).collect();
    let f = r.finding(RuleId::RdsProxyAmazonRoot).expect("finding");
    assert_eq!(
        f.title,
        "The server's certificate is from AWS Certificate Manager (Amazon Trust Services), not from the RDS CAs"
    );
    assert!(
        f.explanation
            .contains("issued by 'C=US, O=Starfield Technologies, Inc., OU=Starfield Class 2 Certification Authority'"),
        "{}",
        f.explanation
    );
    assert!(f.explanation.starts_with(&format!("{PROXY} is an RDS Proxy endpoint: ")), "{}", f.explanation);
    assert!(
        f.explanation.ends_with("— only Amazon RDS CAs, which sign DB instances, not proxies."),
        "{}",
        f.explanation
    );
    assert_eq!(f.fix, RuleId::RdsProxyAmazonRoot.rule().fix);
    assert_eq!(f.hosts, vec![PROXY.to_owned()]);
    assert_eq!(f.clients, failing);
    assert_eq!(r.finding(RuleId::UnknownCa).map(|f| f.id), None);
}

#[test]
fn rds_proxy_chain_with_its_root_in_the_bundle_connects() {
    let (class2, served) = acm_chain(PROXY);
    let chain: Vec<&str> = served.iter().map(String::as_str).collect();
    let bundle = format!("{}{class2}", data("global-bundle.pem"));
    let r = run(&bundle, &chain, PROXY, "2026-01-01");
    assert_eq!(r.overall.status, Status::Pass, "{:?}", r.findings.iter().map(|f| f.id).collect::<Vec<_>>());
    assert_eq!(r.finding(RuleId::RdsProxyAmazonRoot).map(|f| f.id), None);
}

#[test]
fn aurora_serverless_v1_is_recognised_by_its_chain() {
    let (_class2, served) = acm_chain(SERVERLESS);
    // Only the leaf sent: the same cause, not a missing intermediate.
    let r = run(&data("global-bundle.pem"), &[&served[0]], SERVERLESS, "2026-01-01");
    let f = r.finding(RuleId::RdsProxyAmazonRoot).expect("finding");
    assert_eq!(
        f.title,
        "The server's certificate is from AWS Certificate Manager (Amazon Trust Services), not from the RDS CAs"
    );
    assert!(f.explanation.contains("issued by 'Amazon RSA 2048 M02'"), "{}", f.explanation);
    assert!(
        f.explanation.starts_with(&format!(
            "{SERVERLESS} is an Aurora cluster (writer) endpoint, and its certificate comes from AWS Certificate Manager, as Aurora Serverless v1 clusters present: "
        )),
        "{}",
        f.explanation
    );
    assert_eq!(r.finding(RuleId::MissingIntermediate).map(|f| f.id), None);
}

#[test]
fn rds_proxy_host_without_a_chain_warns_about_the_bundle() {
    let r = run(&data("global-bundle.pem"), &[], PROXY, "2026-01-01");
    let f = r.finding(RuleId::RdsProxyAmazonRoot).expect("finding");
    assert_eq!(
        f.title,
        format!("{PROXY} is an RDS Proxy endpoint: it needs Amazon Root CA 1–4, which the CA file lacks")
    );
    assert_eq!(f.hosts, vec![PROXY.to_owned()]);
    assert_eq!(
        f.commands.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
        [
            "curl -o global-bundle.pem https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem",
            "for ca in AmazonRootCA1 AmazonRootCA2 AmazonRootCA3 AmazonRootCA4 SFSRootCAG2; do curl -s https://www.amazontrust.com/repository/$ca.pem; done >> global-bundle.pem",
        ]
    );
    // An instance endpoint, or a CA file that holds an Amazon root: nothing to say.
    assert_eq!(
        run(&data("global-bundle.pem"), &[], ENDPOINT, "2026-01-01").finding(RuleId::RdsProxyAmazonRoot).map(|f| f.id),
        None
    );
    use rcgen::DnType::{CommonName as Cn, OrganizationName as O};
    let amazon_root = pem(&named(&[(O, "Amazon"), (Cn, "Amazon Root CA 1")]).issue_ca(None));
    let with_root = format!("{}{amazon_root}", data("global-bundle.pem"));
    assert_eq!(run(&with_root, &[], PROXY, "2026-01-01").finding(RuleId::RdsProxyAmazonRoot).map(|f| f.id), None);
}

#[test]
fn cli_check_prints_time_left_and_with_warn_days_the_rotation_to_copy() {
    let (root, inter, leaf) = rds_2019_chain();
    let dir = tempfile::tempdir().expect("tempdir");
    let (ca, chain) = (dir.path().join("ca.pem"), dir.path().join("chain.pem"));
    std::fs::write(&ca, &root).expect("write");
    std::fs::write(&chain, format!("{leaf}{inter}")).expect("write");
    let os = |s: &'static str| std::ffi::OsStr::new(s);
    let base = [os("check"), os("--ca"), ca.as_os_str(), os("--chain"), chain.as_os_str(), os("--host"), os(ENDPOINT)];
    let text = |extra: &[&std::ffi::OsStr]| {
        let out = cli(&[&base[..], extra].concat());
        (out.status.code(), String::from_utf8(out.stdout).expect("utf-8"))
    };
    // Default horizon, 19 months before the end: a pass, every certificate with its time left.
    let (code, out) = text(&[os("--at"), os("2023-01-27")]);
    assert_eq!(code, Some(0));
    assert_eq!(out.lines().next(), Some(format!("PASS — Every client verifies {ENDPOINT}").as_str()));
    let chain_lines: Vec<&str> = out.lines().skip_while(|l| *l != "chain:").skip(1).take(3).collect();
    assert_eq!(
        chain_lines,
        [
            "  0: mydb.abc123xyz.us-east-1.rds.amazonaws.com (sent by server; valid 2023-01-01 → 2024-08-22; expires in 1 y 7 mo (2024-08-22))",
            "  1: Amazon RDS us-east-1 2019 CA [rds-ca-2019 us-east-1] (sent by server; valid 2019-09-19 → 2024-08-22; expires in 1 y 7 mo (2024-08-22))",
            "  2: Amazon RDS Root 2019 CA [rds-ca-2019] (from bundle; valid 2019-08-22 → 2024-08-22; expires in 1 y 7 mo (2024-08-22))",
        ]
    );
    assert!(!out.contains("commands:"), "{out}");
    // --warn-days 600: it warns (still exit 0: it works) with the commands, one per line.
    let (code, out) = text(&[os("--at"), os("2023-01-27"), os("--warn-days"), os("600")]);
    assert_eq!(code, Some(0));
    assert_eq!(
        out.lines().next(),
        Some(format!("WORKS, EXPIRES SOON — Every client verifies {ENDPOINT}, but: The server's RDS CA rds-ca-2019 (us-east-1) ends on 2024-08-22, in 1 y 7 mo: rotate to rds-ca-rsa2048-g1 now").as_str())
    );
    let block: Vec<&str> = out.lines().skip_while(|l| *l != "  commands:").skip(1).collect();
    assert_eq!(
        block,
        [
            "    # Read the instance's CA, its server certificate's end, engine and version",
            &format!("    {}", ROTATION_2019[0]),
            "    # Whether that engine version changes its CA without a restart (fill in the engine and version read above)",
            &format!("    {}", ROTATION_2019[1]),
            "    # Download the current RDS CA bundle (global-bundle.pem)",
            &format!("    {}", ROTATION_2019[2]),
            "    # Switch to rds-ca-rsa2048-g1 now (restarts the instance unless the answer above is true)",
            &format!("    {}", ROTATION_2019[3]),
        ]
    );
    // The JSON carries the same commands, and every certificate's days left.
    let out = cli(&[&base[..], &[os("--at"), os("2024-03-01"), os("--json")]].concat());
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["overall"]["status"], "expires-soon");
    let days: Vec<i64> =
        v["certificates"].as_array().expect("certs").iter().filter_map(|c| c["expires_in_days"].as_i64()).collect();
    assert_eq!(days, [174, 174, 174]);
    let f = &v["findings"][0];
    assert_eq!(f["id"], "rds-ca-expires-soon");
    let texts: Vec<&str> =
        f["commands"].as_array().expect("commands").iter().filter_map(|c| c["text"].as_str()).collect();
    assert_eq!(texts, ROTATION_2019);
    // A horizon that is not a number of days is clap's error.
    let out = cli(&[&base[..], &[os("--warn-days"), os("soon")]].concat());
    assert_eq!(out.status.code(), Some(2));
}
