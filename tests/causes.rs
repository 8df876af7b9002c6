//! One test per cause: certificates generated here, the verdict for every client, and the
//! words of the finding. The product is its explanations, so the texts are asserted too.

mod support;

use mysql_tls_doctor::decode::pki::cert::Cert;
use mysql_tls_doctor::decode::pki::chain::{self, CertPool, ChainFacts};
use mysql_tls_doctor::decode::pki::pem;
use mysql_tls_doctor::decode::pki::webpki_check::WebpkiOutcome;
use mysql_tls_doctor::report::{Cause, Report, Status};
use mysql_tls_doctor::rules::verdicts::{self, Failure};
use mysql_tls_doctor::rules::{clients, explain};
use mysql_tls_doctor::vocab::catalogue::RuleId;
use mysql_tls_doctor::vocab::ClientId::{self, *};
use mysql_tls_doctor::{analyze, Inputs};
use support::certs::{self, Ca, Spec};

fn pem(ca: &Ca) -> String {
    certs::pem(ca)
}

/// 2026-01-01T00:00:00Z
const NOW: i64 = 1_767_225_600;
const HOST: &str = "db.example.test";

fn check(bundle: &[&str], chain: &[&str], hosts: &[&str]) -> Report {
    let r = analyze(
        &Inputs {
            ca_bundle: bundle.concat(),
            ca_label: None,
            chain: chain.concat(),
            hosts: hosts.iter().map(|h| h.to_string()).collect(),
            capture: None,
            ..Default::default()
        },
        NOW,
    );
    // What every verdict promises older readers: `cause` is the first of `causes`, and a
    // verdict passes exactly when it has none.
    for v in &r.verdicts {
        assert_eq!(v.ok, v.causes.is_empty(), "{v:?}");
        assert_eq!(v.cause, v.causes.first().map(|c| c.rule), "{v:?}");
        if let Some(first) = v.causes.first() {
            assert_eq!(v.detail, first.detail, "{v:?}");
        }
    }
    r
}

/// A verdict's causes as (rule, certificate index), in the order the client meets them.
type Causes = Vec<(RuleId, Option<usize>)>;

/// `(client, causes)` for one host, in column order.
fn row(r: &Report, host: &str) -> Vec<(ClientId, Causes)> {
    r.verdicts
        .iter()
        .filter(|v| v.host == host)
        .map(|v| (v.client, v.causes.iter().map(|c| (c.rule, c.certificate)).collect()))
        .collect()
}

/// The row where each client in `failing` has `causes` and every other client passes.
fn expect_row(failing: &[ClientId], causes: &[(RuleId, Option<usize>)]) -> Vec<(ClientId, Causes)> {
    ClientId::ALL.iter().map(|&c| (c, if failing.contains(&c) { causes.to_vec() } else { Vec::new() })).collect()
}

/// The finding ids, in report order.
fn ids(r: &Report) -> Vec<RuleId> {
    r.findings.iter().map(|f| f.id).collect()
}

/// The first finding's title and certificates.
fn first(r: &Report) -> (&str, &[usize]) {
    let f = r.findings.first().expect("a finding");
    (f.title.as_str(), f.certificates.as_slice())
}

struct Pki {
    root: Ca,
    inter: Ca,
}

fn pki() -> Pki {
    let root = Spec::ca("Test Root CA").issue_ca(None);
    let inter = Spec::ca("Test Intermediate CA").issue_ca(Some(&root));
    Pki { root, inter }
}

const ALL: &[ClientId] = ClientId::ALL;
/// The settings that verify nothing (they connect to any certificate, "unverified").
const UNCHECKED: &[ClientId] = &[MysqlConnectorPythonCaOnly, PymysqlCaOnly, PhpPdoVerifyFalse];
/// Every client that checks a hostname.
const NAMED: &[ClientId] = &[
    Mysql8VerifyIdentity,
    MariadbVerifyServerCert,
    ConnectorJVerifyIdentity,
    GoCustomCa,
    PymysqlPython312,
    PymysqlPython313,
    Mysql2VerifyIdentity,
    Rustls,
    MysqlConnectorPythonVerifyIdentity,
    // mysqlclient on libmariadb turns VERIFY_CA into MYSQL_OPT_SSL_VERIFY_SERVER_CERT.
    MysqlclientVerifyCa,
    PhpMysqliVerify,
    PerlDbdMariadbVerify,
    NodeMariadb,
    // MariaDB Connector/J checks the host itself (HostnameVerifierImpl).
    MariadbConnectorJ,
];
/// The OpenSSL clients that verify the chain and accept only a root as the anchor (no
/// PARTIAL_CHAIN).
const ROOT_ANCHORED: &[ClientId] = &[
    Mysql8VerifyCa,
    Mysql8VerifyIdentity,
    MariadbVerifyServerCert,
    PymysqlPython312,
    Mysql2VerifyIdentity,
    MariadbSslCaOnly,
    MysqlConnectorPythonVerifyIdentity,
    MysqlConnectorPythonVerifyCert,
    MysqlclientVerifyCa,
    MysqlclientCaOnly,
    PhpMysqliVerify,
    PerlDbdMariadbVerify,
    Mysql2CaOnly,
    NodeMysql,
    NodeMariadb,
    // Ruby mysql2 on libmariadb: the CA alone, Connector/C's chain check.
    RubyMysql2VerifyIdentity,
];

/// Every client but `but`, in column order.
fn all_but(but: &[ClientId]) -> Vec<ClientId> {
    ALL.iter().copied().filter(|c| !but.contains(c)).collect()
}

#[test]
fn good_chain_passes_every_client() {
    let p = pki();
    let leaf = Spec::leaf(HOST, &[HOST]).issue(&p.inter);
    let r = check(&[&pem(&p.root)], &[&leaf, &pem(&p.inter)], &[HOST]);
    assert_eq!(row(&r, HOST), expect_row(&[], &[]));
    assert_eq!(r.overall.status, Status::Pass);
    assert_eq!(r.path, [0, 1, 2]);
    assert_eq!(ids(&r), []);
    assert_eq!(r.exit_code(), 0);
}

#[test]
fn leaf_only_is_a_missing_intermediate() {
    let p = pki();
    let leaf = Spec::leaf(HOST, &[HOST]).issue(&p.inter);
    let r = check(&[&pem(&p.root)], &[&leaf], &[HOST]);
    assert_eq!(row(&r, HOST), expect_row(&all_but(UNCHECKED), &[(RuleId::MissingIntermediate, Some(0))]));
    // Only the settings that verify nothing still connect.
    assert_eq!(r.overall.status, Status::Mixed);
    assert_eq!(ids(&r), [RuleId::MissingIntermediate, RuleId::SettingVerifiesLess]);
    assert_eq!(first(&r), ("The issuer 'Test Intermediate CA' of the server's certificate is missing", &[0][..]));
    let f = &r.findings[0];
    assert!(f.explanation.contains("unable to get local issuer certificate"));
    assert!(f.fix.contains("-showcerts"), "{}", f.fix);
    assert_eq!(r.exit_code(), 1);
    let v = r.verdict(HOST, MariadbVerifyServerCert).expect("verdict");
    assert_eq!(
        v.client_error.as_deref(),
        Some("ERROR 2026 (HY000): TLS/SSL error: unable to get local issuer certificate")
    );
}

#[test]
fn unrelated_root_is_an_unknown_ca() {
    let p = pki();
    let other = Spec::ca("Other Root").issue_ca(None);
    let leaf = Spec::leaf(HOST, &[HOST]).issue(&p.inter);
    let r = check(&[&pem(&other)], &[&leaf, &pem(&p.inter)], &[HOST]);
    assert_eq!(row(&r, HOST), expect_row(&all_but(UNCHECKED), &[(RuleId::UnknownCa, Some(1))]));
    assert_eq!(ids(&r), [RuleId::UnknownCa, RuleId::SettingVerifiesLess]);
    assert_eq!(first(&r), ("The server's chain ends at an unknown CA 'Test Root CA'", &[1][..]));
}

#[test]
fn served_root_not_in_bundle_is_an_unknown_ca_in_openssl_words() {
    let p = pki();
    let other = Spec::ca("Other Root").issue_ca(None);
    let leaf = Spec::leaf(HOST, &[HOST]).issue(&p.inter);
    let r = check(&[&pem(&other)], &[&leaf, &pem(&p.inter), &pem(&p.root)], &[HOST]);
    assert_eq!(row(&r, HOST), expect_row(&all_but(UNCHECKED), &[(RuleId::UnknownCa, Some(2))]));
    assert_eq!(ids(&r), [RuleId::UnknownCa, RuleId::SettingVerifiesLess]);
    assert_eq!(first(&r), ("The server's root CA 'Test Root CA' is not in your bundle", &[2][..]));
    let v = r.verdict(HOST, Mysql8VerifyCa).expect("verdict");
    assert_eq!(
        v.client_error.as_deref(),
        Some("ERROR 2026 (HY000): SSL connection error: error:0A000086:SSL routines::certificate verify failed (self-signed certificate in certificate chain)")
    );
}

#[test]
fn self_signed_leaf() {
    let p = pki();
    let leaf = Spec::leaf(HOST, &[HOST]).self_signed();
    let r = check(&[&pem(&p.root)], &[&leaf], &[HOST]);
    assert_eq!(row(&r, HOST), expect_row(&all_but(UNCHECKED), &[(RuleId::SelfSigned, Some(0))]));
    assert_eq!(ids(&r), [RuleId::SelfSigned, RuleId::SettingVerifiesLess]);
    assert_eq!(first(&r), ("The server's certificate 'db.example.test' is self-signed", &[0][..]));
    // Trusting exactly that certificate makes it pass.
    let r = check(&[&leaf], &[&leaf], &[HOST]);
    assert_eq!(row(&r, HOST), expect_row(&[], &[]));
    assert_eq!(ids(&r), []);
}

#[test]
fn expired_and_not_yet_valid_leaves() {
    let p = pki();
    let old = Spec::leaf(HOST, &[HOST]).valid((2019, 1, 1), (2020, 1, 1)).issue(&p.inter);
    let r = check(&[&pem(&p.root)], &[&old, &pem(&p.inter)], &[HOST]);
    assert_eq!(row(&r, HOST), expect_row(&all_but(UNCHECKED), &[(RuleId::LeafExpired, Some(0))]));
    assert_eq!(ids(&r), [RuleId::LeafExpired, RuleId::SettingVerifiesLess]);
    assert_eq!(first(&r), ("The server's certificate 'db.example.test' expired on 2020-01-01", &[0][..]));
    let future = Spec::leaf(HOST, &[HOST]).valid((2030, 1, 1), (2031, 1, 1)).issue(&p.inter);
    let r = check(&[&pem(&p.root)], &[&future, &pem(&p.inter)], &[HOST]);
    assert_eq!(row(&r, HOST), expect_row(&all_but(UNCHECKED), &[(RuleId::LeafNotYetValid, Some(0))]));
    assert_eq!(ids(&r), [RuleId::LeafNotYetValid, RuleId::SettingVerifiesLess]);
    assert_eq!(first(&r), ("The server's certificate is not valid until 2030-01-01", &[0][..]));
}

#[test]
fn expired_root_in_bundle_fails_all_but_rustls_and_the_jdk() {
    let root = Spec::ca("Old Root").valid((2010, 1, 1), (2020, 1, 1)).issue_ca(None);
    let inter = Spec::ca("Inter").issue_ca(Some(&root));
    let leaf = Spec::leaf(HOST, &[HOST]).issue(&inter);
    let r = check(&[&pem(&root)], &[&leaf, &pem(&inter)], &[HOST]);
    // webpki does not date trust anchors, nor does the JDK's PKIX validator behind MariaDB
    // Connector/J (checked with the real driver: it connects).
    let dated = all_but(&[&[Rustls, MariadbConnectorJ][..], UNCHECKED].concat());
    assert_eq!(row(&r, HOST), expect_row(&dated, &[(RuleId::CaExpired, Some(2))]));
    assert_eq!(r.overall.status, Status::Mixed);
    // An expired anchor is no attack: the settings that skip the check are not "unverified" here.
    assert_eq!(ids(&r), [RuleId::CaExpired]);
    assert_eq!(
        first(&r),
        ("CA certificate 'Old Root' is outside its validity period (2010-01-01 → 2020-01-01)", &[2][..])
    );
    assert_eq!(r.findings[0].clients, dated);
}

#[test]
fn expired_intermediate_and_wrong_hostname_are_both_causes_in_each_clients_order() {
    let root = Spec::ca("Root").issue_ca(None);
    let inter = Spec::ca("Old Inter").valid((2010, 1, 1), (2020, 1, 1)).issue_ca(Some(&root));
    let leaf = Spec::leaf("other.example.test", &["other.example.test"]).issue(&inter);
    let r = check(&[&pem(&root)], &[&leaf, &pem(&inter)], &[HOST]);
    let chain_then_name = vec![(RuleId::CaExpired, Some(1)), (RuleId::HostnameMismatch, Some(0))];
    let name_then_chain = vec![(RuleId::HostnameMismatch, Some(0)), (RuleId::CaExpired, Some(1))];
    assert_eq!(
        row(&r, HOST),
        vec![
            // VERIFY_CA checks no name.
            (Mysql8VerifyCa, vec![(RuleId::CaExpired, Some(1))]),
            // libmysqlclient, Connector/C, Node and Connector/J check the host after the handshake.
            (Mysql8VerifyIdentity, chain_then_name.clone()),
            (MariadbVerifyServerCert, chain_then_name.clone()),
            (ConnectorJVerifyIdentity, chain_then_name.clone()),
            // Go checks the leaf's name before it builds the chain.
            (GoCustomCa, name_then_chain.clone()),
            // CPython gives OpenSSL the host: check_id runs before the dates.
            (PymysqlPython312, name_then_chain.clone()),
            (PymysqlPython313, name_then_chain.clone()),
            (Mysql2VerifyIdentity, chain_then_name.clone()),
            // rustls verifies the chain (webpki dates every certificate but the anchor), then the name.
            (Rustls, chain_then_name.clone()),
            (MariadbSslCaOnly, vec![(RuleId::CaExpired, Some(1))]),
            (MysqlConnectorPythonVerifyIdentity, name_then_chain),
            (MysqlConnectorPythonVerifyCert, vec![(RuleId::CaExpired, Some(1))]),
            (MysqlConnectorPythonCaOnly, vec![]),
            (MysqlclientVerifyCa, chain_then_name.clone()),
            (MysqlclientCaOnly, vec![(RuleId::CaExpired, Some(1))]),
            (PymysqlCaOnly, vec![]),
            (PhpMysqliVerify, chain_then_name.clone()),
            (PhpPdoVerifyFalse, vec![]),
            (PerlDbdMariadbVerify, chain_then_name.clone()),
            (Mysql2CaOnly, vec![(RuleId::CaExpired, Some(1))]),
            (NodeMysql, vec![(RuleId::CaExpired, Some(1))]),
            (NodeMariadb, chain_then_name.clone()),
            // Ruby mysql2 drops :verify_identity on libmariadb: the chain only.
            (RubyMysql2VerifyIdentity, vec![(RuleId::CaExpired, Some(1))]),
            // The JDK dates the path, then MariaDB Connector/J checks the host.
            (MariadbConnectorJ, chain_then_name),
        ]
    );
    let v = r.verdict(HOST, MariadbVerifyServerCert).expect("verdict");
    assert_eq!(
        v.causes,
        [
            Cause { rule: RuleId::CaExpired, detail: "'Old Inter' expired 2020-01-01".into(), certificate: Some(1) },
            Cause {
                rule: RuleId::HostnameMismatch,
                detail: "db.example.test not in certificate".into(),
                certificate: Some(0)
            },
        ]
    );
    // What the client prints is its first refusal.
    assert_eq!(v.client_error.as_deref(), Some("ERROR 2026 (HY000): TLS/SSL error: certificate has expired"));
    assert_eq!(ids(&r), [RuleId::CaExpired, RuleId::HostnameMismatch, RuleId::SettingVerifiesLess]);
    assert_eq!(
        first(&r),
        ("CA certificate 'Old Inter' is outside its validity period (2010-01-01 → 2020-01-01)", &[1][..])
    );
    assert_eq!(r.findings[0].clients, all_but(UNCHECKED));
    assert_eq!(r.findings[1].clients, NAMED);
    assert_eq!(r.findings[2].clients, UNCHECKED);
    assert_eq!(r.findings[1].certificates, [0]);
    // The text report shows both, in the client's order.
    let text = r.to_text();
    assert!(text.contains("'Old Inter' expired 2020-01-01 [ca-expired] + hostname-mismatch\n"), "{text}");
    assert!(r.to_markdown().contains("| ✗ ca-expired | ✗ ca-expired + hostname-mismatch |"), "{}", r.to_markdown());
}

#[test]
fn a_ca_not_yet_valid_is_its_own_cause() {
    let root = Spec::ca("Root").issue_ca(None);
    let inter = Spec::ca("New Inter").valid((2030, 1, 1), (2040, 1, 1)).issue_ca(Some(&root));
    let leaf = Spec::leaf(HOST, &[HOST]).issue(&inter);
    let r = check(&[&pem(&root)], &[&leaf, &pem(&inter)], &[HOST]);
    assert_eq!(row(&r, HOST), expect_row(&all_but(UNCHECKED), &[(RuleId::CaNotYetValid, Some(1))]));
    assert_eq!(ids(&r), [RuleId::CaNotYetValid, RuleId::SettingVerifiesLess]);
    assert_eq!(first(&r), ("CA certificate 'New Inter' is not valid until 2030-01-01", &[1][..]));
    assert_eq!(
        r.verdict(HOST, GoCustomCa).expect("verdict").causes,
        [Cause {
            rule: RuleId::CaNotYetValid,
            detail: "'New Inter' not valid before 2030-01-01".into(),
            certificate: Some(1)
        }]
    );
}

#[test]
fn two_certificates_failing_one_rule_are_two_findings() {
    let root = Spec::ca("Old Root").valid((2010, 1, 1), (2020, 1, 1)).issue_ca(None);
    let inter = Spec::ca("Old Inter").valid((2010, 1, 1), (2020, 1, 1)).issue_ca(Some(&root));
    let leaf = Spec::leaf(HOST, &[HOST]).issue(&inter);
    let r = check(&[&pem(&root)], &[&leaf, &pem(&inter)], &[HOST]);
    let anchor_first = vec![(RuleId::CaExpired, Some(2)), (RuleId::CaExpired, Some(1))];
    let leaf_up = vec![(RuleId::CaExpired, Some(1)), (RuleId::CaExpired, Some(2))];
    assert_eq!(
        row(&r, HOST),
        vec![
            // OpenSSL's internal_verify dates the chain from the anchor down.
            (Mysql8VerifyCa, anchor_first.clone()),
            (Mysql8VerifyIdentity, anchor_first.clone()),
            (MariadbVerifyServerCert, anchor_first.clone()),
            // Connector/J dates what the server sent, then the anchor; Go each issuer as it
            // builds the path upwards.
            (ConnectorJVerifyIdentity, leaf_up.clone()),
            (GoCustomCa, leaf_up),
            (PymysqlPython312, anchor_first.clone()),
            (PymysqlPython313, anchor_first.clone()),
            (Mysql2VerifyIdentity, anchor_first.clone()),
            // webpki never dates the anchor.
            (Rustls, vec![(RuleId::CaExpired, Some(1))]),
            (MariadbSslCaOnly, anchor_first.clone()),
            (MysqlConnectorPythonVerifyIdentity, anchor_first.clone()),
            (MysqlConnectorPythonVerifyCert, anchor_first.clone()),
            (MysqlConnectorPythonCaOnly, vec![]),
            (MysqlclientVerifyCa, anchor_first.clone()),
            (MysqlclientCaOnly, anchor_first.clone()),
            (PymysqlCaOnly, vec![]),
            (PhpMysqliVerify, anchor_first.clone()),
            (PhpPdoVerifyFalse, vec![]),
            (PerlDbdMariadbVerify, anchor_first.clone()),
            (Mysql2CaOnly, anchor_first.clone()),
            (NodeMysql, anchor_first.clone()),
            (NodeMariadb, anchor_first.clone()),
            (RubyMysql2VerifyIdentity, anchor_first),
            // The JDK (MariaDB Connector/J) never dates the anchor either.
            (MariadbConnectorJ, vec![(RuleId::CaExpired, Some(1))]),
        ]
    );
    assert_eq!(ids(&r), [RuleId::CaExpired, RuleId::CaExpired, RuleId::SettingVerifiesLess]);
    assert_eq!(
        first(&r),
        ("CA certificate 'Old Inter' is outside its validity period (2010-01-01 → 2020-01-01)", &[1][..])
    );
    assert_eq!(r.findings[0].clients, all_but(UNCHECKED));
    assert_eq!(
        r.findings[1].title,
        "CA certificate 'Old Root' is outside its validity period (2010-01-01 → 2020-01-01)"
    );
    assert_eq!(r.findings[1].certificates, [2]);
    assert_eq!(r.findings[1].clients, all_but(&[&[Rustls, MariadbConnectorJ][..], UNCHECKED].concat()));
}

#[test]
fn wrong_hostname() {
    let p = pki();
    let leaf = Spec::leaf("other.example.test", &["other.example.test"]).issue(&p.inter);
    let r = check(&[&pem(&p.root)], &[&leaf, &pem(&p.inter)], &[HOST]);
    // VERIFY_CA checks no name.
    assert_eq!(row(&r, HOST), expect_row(NAMED, &[(RuleId::HostnameMismatch, Some(0))]));
    assert_eq!(ids(&r), [RuleId::HostnameMismatch, RuleId::SettingVerifiesLess]);
    assert_eq!(first(&r), ("The hostname db.example.test is not in the server's certificate", &[0][..]));
    let f = &r.findings[0];
    assert!(f.explanation.contains("other.example.test"));
    assert!(f.fix.contains("VERIFY_CA"));
    assert_eq!(
        r.verdict(HOST, MariadbVerifyServerCert).and_then(|v| v.client_error.clone()).as_deref(),
        Some("ERROR 2026 (HY000): TLS/SSL error: Validation of SSL server certificate failed")
    );
}

#[test]
fn cn_only_certificate_splits_the_clients() {
    let p = pki();
    let leaf = Spec::leaf(HOST, &[]).issue(&p.inter);
    let r = check(&[&pem(&p.root)], &[&leaf, &pem(&p.inter)], &[HOST]);
    assert_eq!(row(&r, HOST), expect_row(&[GoCustomCa, Rustls], &[(RuleId::CnOnlyCertificate, Some(0))]));
    assert_eq!(ids(&r), [RuleId::CnOnlyCertificate]);
    assert_eq!(first(&r), ("The certificate names 'db.example.test' only in its CN", &[0][..]));
    let f = &r.findings[0];
    assert!(f.explanation.contains("legacy Common Name"));
    assert_eq!(f.clients, vec![GoCustomCa, Rustls]);
    assert_eq!(r.overall.status, Status::Mixed);
}

#[test]
fn intermediate_as_anchor_splits_the_clients() {
    let p = pki();
    let leaf = Spec::leaf(HOST, &[HOST]).issue(&p.inter);
    // The server sends the intermediate too (as RDS does).
    let r = check(&[&pem(&p.inter)], &[&leaf, &pem(&p.inter)], &[HOST]);
    assert_eq!(
        row(&r, HOST),
        expect_row(&[ROOT_ANCHORED, &[ConnectorJVerifyIdentity]].concat(), &[(RuleId::AnchorIsIntermediate, Some(1))])
    );
    assert_eq!(ids(&r), [RuleId::AnchorIsIntermediate]);
    assert_eq!(first(&r), ("Your CA file has the intermediate 'Test Intermediate CA' but not its root", &[1][..]));
    assert!(r.findings[0].fix.contains("Test Root CA"));
    // When the server does not send it, Java accepts the intermediate as its anchor.
    let r = check(&[&pem(&p.inter)], &[&leaf], &[HOST]);
    assert_eq!(row(&r, HOST), expect_row(ROOT_ANCHORED, &[(RuleId::AnchorIsIntermediate, Some(1))]));
    assert_eq!(ids(&r), [RuleId::AnchorIsIntermediate]);
}

#[test]
fn ip_address_hosts() {
    let p = pki();
    let leaf = Spec::leaf(HOST, &[HOST]).ips(&["10.1.2.3"]).issue(&p.inter);
    let r = check(&[&pem(&p.root)], &[&leaf, &pem(&p.inter)], &["10.1.2.3", "10.9.9.9"]);
    let mismatch = [(RuleId::HostnameMismatch, Some(0))];
    // node mysql2 (and the node mariadb driver) check an IP host as `localhost`.
    assert_eq!(row(&r, "10.1.2.3"), expect_row(&[Mysql2VerifyIdentity, NodeMariadb], &mismatch));
    assert_eq!(row(&r, "10.9.9.9"), expect_row(NAMED, &mismatch));
    // One cause of one certificate, across both hosts: one finding.
    assert_eq!(ids(&r), [RuleId::HostnameMismatch, RuleId::SettingVerifiesLess]);
    let f = &r.findings[0];
    assert_eq!(f.hosts, ["10.1.2.3", "10.9.9.9"]);
    assert_eq!(f.certificates, [0]);
    assert_eq!(f.clients[0], Mysql2VerifyIdentity);
    assert!(f.title.contains("10.9.9.9"), "{}", f.title);
}

#[test]
fn wildcards_differ_by_client() {
    let p = pki();
    let leaf = Spec::leaf("db*.example.test", &["db*.example.test", "*.svc.example.test"]).issue(&p.inter);
    let r = check(
        &[&pem(&p.root)],
        &[&leaf, &pem(&p.inter)],
        &["db1.example.test", "a.svc.example.test", "a.b.svc.example.test"],
    );
    let mismatch = [(RuleId::HostnameMismatch, Some(0))];
    // A partial wildcard: OpenSSL's C clients, Node and Java yes; Go, Python, rustls no.
    assert_eq!(
        row(&r, "db1.example.test"),
        expect_row(
            &[GoCustomCa, PymysqlPython312, PymysqlPython313, Rustls, MysqlConnectorPythonVerifyIdentity],
            &mismatch
        )
    );
    assert_eq!(row(&r, "a.svc.example.test"), expect_row(&[], &[]));
    // A wildcard covers one label only.
    assert_eq!(row(&r, "a.b.svc.example.test"), expect_row(NAMED, &mismatch));
    assert_eq!(ids(&r), [RuleId::HostnameMismatch, RuleId::SettingVerifiesLess]);
    assert_eq!(r.findings[0].hosts, ["db1.example.test", "a.b.svc.example.test"]);
}

#[test]
fn leaf_that_is_a_ca_fails_only_rustls() {
    let p = pki();
    let mut spec = Spec::leaf(HOST, &[HOST]);
    spec.ca = true;
    spec.eku_server = true;
    let leaf = spec.issue(&p.inter);
    let r = check(&[&pem(&p.root)], &[&leaf, &pem(&p.inter)], &[HOST]);
    assert_eq!(row(&r, HOST), expect_row(&[Rustls], &[(RuleId::LeafIsCa, Some(0))]));
    assert_eq!(ids(&r), [RuleId::LeafIsCa]);
    assert_eq!(first(&r), ("The server's certificate is a CA certificate (CA:TRUE)", &[0][..]));
}

/// A webpki refusal the model does not explain gets its own id, with webpki's words; a part
/// webpki accepts has no cause even where the model would see one.
#[test]
fn webpki_refusals_the_model_does_not_cover_are_webpki_refused() {
    let p = pki();
    let leaf = Spec::leaf("other.example.test", &["other.example.test"]).issue(&p.inter);
    let (pool, facts) = pool_and_facts(&pem(&p.root), &[&leaf, &pem(&p.inter)]);
    let rustls = clients::client(Rustls);
    let outcome = |chain: Result<(), &str>, name: Result<(), &str>| WebpkiOutcome {
        chain: chain.map_err(str::to_owned),
        names: vec![name.map_err(str::to_owned)],
    };
    let causes = |o: &WebpkiOutcome| verdicts::causes(rustls, &pool, &facts, o, 0, HOST, NOW);
    // The chain is fine by the model: webpki's own error is the cause, then the modelled name.
    let refused = causes(&outcome(Err("UnsupportedSignatureAlgorithm"), Err("NotValidForName")));
    assert_eq!(
        refused.iter().map(Failure::rule).collect::<Vec<_>>(),
        [RuleId::WebpkiRefused, RuleId::HostnameMismatch]
    );
    assert_eq!(refused[0], Failure::Webpki { error: "UnsupportedSignatureAlgorithm".into() });
    assert_eq!(refused[0].certificate(facts.leaf), None);
    // webpki accepts the name: the model's mismatch is not a rustls cause.
    assert_eq!(
        causes(&outcome(Err("UnsupportedSignatureAlgorithm"), Ok(()))),
        [Failure::Webpki { error: "UnsupportedSignatureAlgorithm".into() }]
    );
    assert_eq!(causes(&outcome(Ok(()), Ok(()))), []);
    // Its words in the report.
    let (title, _, _) = explain::finding_text(&pool, &refused[0], &[HOST.to_owned()]);
    assert_eq!(title, "rustls-webpki refuses the chain: UnsupportedSignatureAlgorithm");
    assert_eq!(explain::verdict_detail(&pool, &refused[0], HOST), "rustls-webpki: UnsupportedSignatureAlgorithm");
}

fn pool_and_facts(bundle: &str, chain: &[&str]) -> (CertPool, ChainFacts) {
    let mut pool = CertPool::default();
    for (i, found) in pem::parse(&chain.concat()).certs.iter().enumerate() {
        pool.add(Cert::from_der(&found.der).expect("a certificate"), Some(i), None);
    }
    for (i, found) in pem::parse(bundle).certs.iter().enumerate() {
        pool.add(Cert::from_der(&found.der).expect("a certificate"), None, Some(i));
    }
    let facts = chain::build(&pool, NOW).expect("a path");
    (pool, facts)
}

#[test]
fn reordered_and_duplicated_input_is_handled() {
    let p = pki();
    let leaf = Spec::leaf(HOST, &[HOST]).issue(&p.inter);
    let bundle = format!("junk before\r\n{}\r\n{}", pem(&p.root).replace('\n', "\r\n"), pem(&p.root));
    let r = check(&[&bundle], &[&pem(&p.inter), &leaf, &leaf], &[HOST]);
    assert_eq!(row(&r, HOST), expect_row(&[], &[]));
    assert_eq!(ids(&r), [RuleId::ServedChainOrder]);
    // The leaf was sent second.
    assert_eq!(first(&r), ("The server sends its certificates out of order", &[1][..]));
    assert_eq!(r.inputs.bundle_certificates, 2);
    assert_eq!(r.certificates.len(), 3, "duplicates are pooled");
}

#[test]
fn expiring_soon_is_a_warning_not_a_failure() {
    let p = pki();
    let leaf = Spec::leaf(HOST, &[HOST]).valid((2025, 1, 1), (2026, 1, 15)).issue(&p.inter);
    let r = check(&[&pem(&p.root)], &[&leaf, &pem(&p.inter)], &[HOST]);
    // Every client verifies today: its own status, with the date (default horizon 180 days).
    assert_eq!(r.overall.status, Status::ExpiresSoon);
    assert_eq!(ids(&r), [RuleId::ExpiresSoon]);
    assert_eq!(first(&r), ("'db.example.test' expires on 2026-01-15, in 14 days", &[0][..]));
    assert_eq!(
        r.overall.headline,
        "Every client verifies db.example.test, but: 'db.example.test' expires on 2026-01-15, in 14 days"
    );
    assert_eq!(r.exit_code(), 0, "it still works");
    assert_eq!(r.certificates[0].expires_in_days, 14);
    assert_eq!(r.certificates[0].time_left(), "expires in 14 days (2026-01-15)");
    // Inside a shorter horizon it is a plain pass; every certificate still says its time left.
    let short = analyze(
        &Inputs {
            ca_bundle: pem(&p.root),
            chain: [leaf, pem(&p.inter)].concat(),
            hosts: vec![HOST.into()],
            warn_days: Some(14),
            ..Default::default()
        },
        NOW,
    );
    assert_eq!(short.overall.status, Status::Pass);
    assert_eq!(ids(&short), Vec::<RuleId>::new());
    assert_eq!(short.overall.headline, "Every client verifies db.example.test");
}

#[test]
fn private_keys_are_discarded_and_reported() {
    let p = pki();
    let leaf = Spec::leaf(HOST, &[HOST]).issue(&p.inter);
    let key =
        "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n";
    let r = check(&[&pem(&p.root)], &[&leaf, key, &pem(&p.inter)], &[HOST]);
    assert_eq!(r.inputs.private_keys_discarded, 1);
    assert_eq!(ids(&r), [RuleId::PrivateKeyPasted]);
    assert_eq!(first(&r), ("1 private key block(s) found and discarded", &[][..]));
    let json = serde_json::to_string(&r).expect("json");
    assert!(!json.contains("MIGHAgEAMBMGByqGSM49"), "key material must not reach the report");
    assert_eq!(r.overall.status, Status::Pass);
}

#[test]
fn nothing_to_check_is_incomplete() {
    let r = check(&[], &[], &[]);
    assert_eq!(r.overall.status, Status::Incomplete);
    assert_eq!(r.exit_code(), 2);
    assert_eq!(ids(&r), [RuleId::NoCaBundle]);
    let p = pki();
    let r = check(&[&pem(&p.root)], &[], &[HOST]);
    assert_eq!(ids(&r), [RuleId::NoServerCertificate]);
    assert_eq!(r.exit_code(), 2);
}

/// The JSON keeps `cause` and `detail` and adds `causes`, in order.
#[test]
fn verdict_json_lists_every_cause() {
    let root = Spec::ca("Root").issue_ca(None);
    let inter = Spec::ca("Old Inter").valid((2010, 1, 1), (2020, 1, 1)).issue_ca(Some(&root));
    let leaf = Spec::leaf("other.example.test", &["other.example.test"]).issue(&inter);
    let r = check(&[&pem(&root)], &[&leaf, &pem(&inter)], &[HOST]);
    let json = serde_json::to_value(r.verdict(HOST, Rustls).expect("verdict")).expect("json");
    assert_eq!(
        json,
        serde_json::json!({
            "host": HOST,
            "client": "rustls",
            "ok": false,
            "unverified": false,
            "cause": "ca-expired",
            "detail": "'Old Inter' expired 2020-01-01",
            "client_error": "invalid peer certificate: Expired",
            "causes": [
                {"rule": "ca-expired", "detail": "'Old Inter' expired 2020-01-01", "certificate": 1},
                {"rule": "hostname-mismatch", "detail": "db.example.test not in certificate", "certificate": 0},
            ],
        })
    );
}
