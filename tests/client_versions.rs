//! Client versions that change the answer (`rules::versions`): the same certificates analysed
//! with and without `--client-version`, cell by cell, and the CLI flag.

mod support;

use mysql_tls_doctor::report::Report;
use mysql_tls_doctor::rules::versions::ClientVersions;
use mysql_tls_doctor::vocab::catalogue::RuleId;
use mysql_tls_doctor::vocab::ClientId;
use mysql_tls_doctor::{analyze, rules, Inputs};
use support::certs::{pem, Spec};

/// 2026-01-01T00:00:00Z
const NOW: i64 = 1_767_225_600;
const HOST: &str = "db.example.test";
const RDS_HOST: &str = "mydb.abc123xyz.us-east-1.rds.amazonaws.com";

fn inputs(bundle: &str, chain: &[&str], host: &str) -> Inputs {
    Inputs { ca_bundle: bundle.to_owned(), chain: chain.concat(), hosts: vec![host.into()], ..Inputs::default() }
}

fn with(versions: &[&str], i: &Inputs) -> Report {
    with_at(versions, i, NOW)
}

fn with_at(versions: &[&str], i: &Inputs, now: i64) -> Report {
    let v = ClientVersions::parse_all(versions).expect("valid versions");
    rules::analyze_with(i, &v, now)
}

/// 2030-01-01T00:00:00Z: after the openssl certificates made today, before they expire.
const LATER: i64 = 1_893_456_000;

fn causes(r: &Report, id: ClientId) -> Vec<RuleId> {
    r.verdict(&r.inputs.hosts[0], id).expect("verdict").causes.iter().map(|c| c.rule).collect()
}

#[test]
fn no_version_is_the_same_as_analyze() {
    let root = Spec::ca("Root").issue_ca(None);
    let leaf = Spec::leaf(HOST, &[]).issue(&root);
    let i = inputs(&pem(&root), &[&leaf], HOST);
    assert_eq!(
        serde_json::to_value(with(&[], &i)).expect("json"),
        serde_json::to_value(analyze(&i, NOW)).expect("json")
    );
}

#[test]
fn go_before_1_15_reads_the_cn() {
    let root = Spec::ca("Root").issue_ca(None);
    let cn_only = Spec::leaf(HOST, &[]).issue(&root);
    let i = inputs(&pem(&root), &[&cn_only], HOST);
    assert_eq!(causes(&with(&[], &i), ClientId::GoCustomCa), [RuleId::CnOnlyCertificate]);
    assert_eq!(causes(&with(&["go=1.17"], &i), ClientId::GoCustomCa), [RuleId::CnOnlyCertificate]);
    assert_eq!(causes(&with(&["go=1.14"], &i), ClientId::GoCustomCa), []);
    // Only the Go column changes.
    assert_eq!(causes(&with(&["go=1.14"], &i), ClientId::Rustls), [RuleId::CnOnlyCertificate]);
}

#[test]
fn go_error_text_is_wrapped_from_1_20() {
    let root = Spec::ca("Root").issue_ca(None);
    let other = Spec::ca("Other").issue_ca(None);
    let leaf = Spec::leaf(HOST, &[HOST]).issue(&root);
    let i = inputs(&pem(&other), &[&leaf], HOST);
    let text = |r: &Report| r.verdict(HOST, ClientId::GoCustomCa).and_then(|v| v.client_error.clone());
    assert_eq!(
        text(&with(&[], &i)).as_deref(),
        Some("tls: failed to verify certificate: x509: certificate signed by unknown authority")
    );
    assert_eq!(
        text(&with(&["go=1.20"], &i)).as_deref(),
        Some("tls: failed to verify certificate: x509: certificate signed by unknown authority")
    );
    assert_eq!(text(&with(&["go=1.19"], &i)).as_deref(), Some("x509: certificate signed by unknown authority"));
}

/// A root and a leaf for `HOST` it signs with SHA-1 (rcgen cannot sign with SHA-1: openssl).
fn sha1_chain() -> (String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |args: &[&str]| {
        let out = std::process::Command::new("openssl").args(args).current_dir(dir.path()).output().expect("openssl");
        assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    run(&["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "9000"]
        .iter()
        .copied()
        .chain(["-subj", "/CN=SHA1 Root", "-addext", "basicConstraints=critical,CA:TRUE", "-sha256"])
        .collect::<Vec<_>>());
    run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "l.key",
        "-out",
        "l.csr",
        "-subj",
        &format!("/CN={HOST}"),
    ]);
    std::fs::write(dir.path().join("l.ext"), format!("subjectAltName=DNS:{HOST}\nextendedKeyUsage=serverAuth\n"))
        .expect("write ext");
    run(&[
        "x509",
        "-req",
        "-in",
        "l.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "l.pem",
        "-days",
        "9000",
        "-sha1",
        "-extfile",
        "l.ext",
    ]);
    let read = |f: &str| std::fs::read_to_string(dir.path().join(f)).expect("read pem");
    (read("ca.pem"), read("l.pem"))
}

#[test]
fn go_from_1_18_refuses_sha1_signatures() {
    let (root, leaf) = sha1_chain();
    let i = inputs(&root, &[&leaf], HOST);
    let r = with_at(&[], &i, LATER);
    assert_eq!(causes(&r, ClientId::GoCustomCa), [RuleId::Sha1SignatureRefused]);
    // Nobody else refuses SHA-1 in this model (OpenSSL at security level 1, Java) …
    let failing: Vec<ClientId> = r.verdicts.iter().filter(|v| !v.ok).map(|v| v.client).collect();
    assert_eq!(failing, [ClientId::GoCustomCa, ClientId::Rustls]);
    // … except webpki, for its own reason.
    assert_eq!(causes(&r, ClientId::Rustls), [RuleId::WebpkiRefused]);
    let f = r.finding(RuleId::Sha1SignatureRefused).expect("finding");
    assert_eq!(f.title, format!("'{HOST}' is signed with SHA-1, which Go ≥ 1.18 refuses"));
    assert!(f.explanation.contains("sha1WithRSAEncryption"), "{}", f.explanation);
    assert_eq!(causes(&with_at(&["go=1.17"], &i, LATER), ClientId::GoCustomCa), []);
}

#[test]
fn mariadb_11_4_verifies_the_name_with_ssl_ca_alone() {
    let root = Spec::ca("Root").issue_ca(None);
    let leaf = Spec::leaf("other.example.test", &["other.example.test"]).issue(&root);
    let i = inputs(&pem(&root), &[&leaf], HOST);
    let old = with(&["mariadb=10.11"], &i);
    let v = old.verdict(HOST, ClientId::MariadbSslCaOnly).expect("verdict");
    assert_eq!((v.ok, v.unverified), (true, true));
    for new in [with(&["mariadb=11.4"], &i), with(&["mariadb=3.4.1"], &i)] {
        let v = new.verdict(HOST, ClientId::MariadbSslCaOnly).expect("verdict");
        assert_eq!((v.ok, v.unverified), (false, false));
        assert_eq!(causes(&new, ClientId::MariadbSslCaOnly), [RuleId::HostnameMismatch]);
    }
    assert!(
        rules::versions::adjust(
            rules::clients::client(ClientId::MariadbSslCaOnly),
            &ClientVersions::parse_all(&["mariadb=11.4"]).expect("valid")
        )
        .requires_tls
    );
}

/// An RDS G1 chain for `region`: (root, subordinate, leaf).
fn g1(region: &str) -> (String, String, String) {
    let root = Spec::rds_ca(&format!("Amazon RDS {region} Root CA RSA2048 G1")).issue_ca(None);
    let sub = Spec::rds_ca(&format!("Amazon RDS {region} Subordinate CA RSA2048 G1.A.1")).issue_ca(Some(&root));
    let host = RDS_HOST.replace("us-east-1", region);
    (pem(&root), pem(&sub), Spec::leaf(&host, &[&host]).issue(&sub))
}

#[test]
fn an_rds_profile_without_the_servers_ca_is_a_named_cause() {
    let (root, sub, leaf) = g1("us-east-1");
    let i = inputs(&root, &[&leaf, &sub], RDS_HOST);
    let ids = |r: &Report| r.findings.iter().map(|f| f.id).collect::<Vec<_>>();
    assert_eq!(ids(&with(&[], &i)), []);
    let r = with(&["mysql2=3.9.0"], &i);
    assert_eq!(ids(&r), [RuleId::SslProfileLacksCa]);
    let f = &r.findings[0];
    assert_eq!(f.title, "mysql2 3.9.0's 'Amazon RDS' profile does not hold rds-ca-rsa2048-g1 (us-east-1)");
    assert!(f.explanation.contains("mysql2 3.5 – 3.9.3"), "{}", f.explanation);
    assert_eq!(f.clients, [ClientId::Mysql2VerifyIdentity]);
    assert_eq!(ids(&with(&["mysql2=3.9.4"], &i)), []);
    let r = with(&["mysqljs=2.18.1"], &i);
    assert_eq!(
        r.findings.iter().map(|f| f.title.as_str()).collect::<Vec<_>>(),
        ["mysqljs 2.18.1's 'Amazon RDS' profile does not hold rds-ca-rsa2048-g1 (us-east-1)"]
    );
    // A region newer than the list: missing even in the newest profile.
    let (root, sub, leaf) = g1("ca-west-1");
    let i = inputs(&root, &[&leaf, &sub], &RDS_HOST.replace("us-east-1", "ca-west-1"));
    assert_eq!(
        with(&["mysql2=3.24.5"], &i).findings.iter().map(|f| f.title.as_str()).collect::<Vec<_>>(),
        ["mysql2 3.24.5's 'Amazon RDS' profile does not hold rds-ca-rsa2048-g1 (ca-west-1)"]
    );
}

fn cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_mysql-tls-doctor")).args(args).output().expect("run the CLI")
}

#[test]
fn cli_takes_client_versions() {
    let root = Spec::ca("Root").issue_ca(None);
    let cn_only = Spec::leaf(HOST, &[]).issue(&root);
    let dir = tempfile::tempdir().expect("tempdir");
    let (ca, chain) = (dir.path().join("ca.pem"), dir.path().join("chain.pem"));
    std::fs::write(&ca, pem(&root)).expect("write");
    std::fs::write(&chain, &cn_only).expect("write");
    let base = ["check", "--ca", ca.to_str().unwrap(), "--chain", chain.to_str().unwrap(), "--host", HOST, "--json"];
    let go_ok = |out: &std::process::Output| {
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        v["verdicts"].as_array().expect("verdicts").iter().find(|x| x["client"] == "go-custom-ca").expect("go")["ok"]
            == true
    };
    assert!(!go_ok(&cli(&base)));
    assert!(go_ok(&cli(&[&base[..], &["--client-version", "go=1.14"]].concat())));
    let out = cli(&[&base[..], &["--client-version", "perl=5"]].concat());
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("unknown client family \"perl\": one of mariadb, go, mysql2, mysqljs"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
