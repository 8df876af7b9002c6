//! One test per cause: certificates generated here, the verdict for every client, and the
//! words of the finding. The product is its explanations, so the texts are asserted too.

mod support;

use mysql_tls_doctor::report::{Report, Status};
use mysql_tls_doctor::vocab::catalogue::RuleId;
use mysql_tls_doctor::vocab::ClientId::{self, *};
use mysql_tls_doctor::{analyze, Inputs};
use support::certs::{pem, Ca, Spec};

/// 2026-01-01T00:00:00Z
const NOW: i64 = 1_767_225_600;
const HOST: &str = "db.example.test";

fn check(bundle: &[&str], chain: &[&str], hosts: &[&str]) -> Report {
    analyze(
        &Inputs {
            ca_bundle: bundle.concat(),
            ca_label: None,
            chain: chain.concat(),
            hosts: hosts.iter().map(|h| h.to_string()).collect(),
            capture: None,
        },
        NOW,
    )
}

/// `(client, ok, cause)` for one host, in column order.
fn row(r: &Report, host: &str) -> Vec<(ClientId, bool, Option<RuleId>)> {
    r.verdicts.iter().filter(|v| v.host == host).map(|v| (v.client, v.ok, v.cause)).collect()
}

fn all_fail_with(r: &Report, host: &str, cause: RuleId) {
    let row = row(r, host);
    assert_eq!(row.len(), 9, "{row:?}");
    for (client, ok, c) in row {
        assert!(!ok, "{client} should fail");
        assert_eq!(c, Some(cause), "{client}");
    }
    assert_eq!(r.overall.status, Status::Fail);
}

fn outcome(r: &Report, host: &str, client: ClientId) -> (bool, Option<RuleId>) {
    let v = r.verdict(host, client).expect("a verdict");
    (v.ok, v.cause)
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

#[test]
fn good_chain_passes_every_client() {
    let p = pki();
    let leaf = Spec::leaf(HOST, &[HOST]).issue(&p.inter);
    let r = check(&[&pem(&p.root)], &[&leaf, &pem(&p.inter)], &[HOST]);
    assert!(row(&r, HOST).iter().all(|(_, ok, _)| *ok), "{:?}", row(&r, HOST));
    assert_eq!(r.overall.status, Status::Pass);
    assert_eq!(r.path.len(), 3);
    assert!(r.findings.iter().all(|f| f.id != RuleId::HostnameMismatch));
    assert_eq!(r.exit_code(), 0);
}

#[test]
fn leaf_only_is_a_missing_intermediate() {
    let p = pki();
    let leaf = Spec::leaf(HOST, &[HOST]).issue(&p.inter);
    let r = check(&[&pem(&p.root)], &[&leaf], &[HOST]);
    all_fail_with(&r, HOST, RuleId::MissingIntermediate);
    let f = r.finding(RuleId::MissingIntermediate).expect("finding");
    assert!(f.title.contains("Test Intermediate CA"), "{}", f.title);
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
    all_fail_with(&r, HOST, RuleId::UnknownCa);
    assert!(r.finding(RuleId::UnknownCa).expect("finding").title.contains("Test Root CA"));
}

#[test]
fn served_root_not_in_bundle_is_an_unknown_ca_in_openssl_words() {
    let p = pki();
    let other = Spec::ca("Other Root").issue_ca(None);
    let leaf = Spec::leaf(HOST, &[HOST]).issue(&p.inter);
    let r = check(&[&pem(&other)], &[&leaf, &pem(&p.inter), &pem(&p.root)], &[HOST]);
    all_fail_with(&r, HOST, RuleId::UnknownCa);
    let v = r.verdict(HOST, Mysql8VerifyCa).expect("verdict");
    assert!(v.client_error.as_deref().unwrap_or("").contains("self-signed certificate in certificate chain"));
}

#[test]
fn self_signed_leaf() {
    let p = pki();
    let leaf = Spec::leaf(HOST, &[HOST]).self_signed();
    let r = check(&[&pem(&p.root)], &[&leaf], &[HOST]);
    all_fail_with(&r, HOST, RuleId::SelfSigned);
    // Trusting exactly that certificate makes it pass for the OpenSSL clients.
    let r = check(&[&leaf], &[&leaf], &[HOST]);
    assert_eq!(outcome(&r, HOST, MariadbVerifyServerCert), (true, None));
}

#[test]
fn expired_and_not_yet_valid_leaves() {
    let p = pki();
    let old = Spec::leaf(HOST, &[HOST]).valid((2019, 1, 1), (2020, 1, 1)).issue(&p.inter);
    let r = check(&[&pem(&p.root)], &[&old, &pem(&p.inter)], &[HOST]);
    all_fail_with(&r, HOST, RuleId::LeafExpired);
    assert!(r.finding(RuleId::LeafExpired).expect("finding").title.contains("expired on 2020-01-01"));
    let future = Spec::leaf(HOST, &[HOST]).valid((2030, 1, 1), (2031, 1, 1)).issue(&p.inter);
    let r = check(&[&pem(&p.root)], &[&future, &pem(&p.inter)], &[HOST]);
    all_fail_with(&r, HOST, RuleId::LeafNotYetValid);
}

#[test]
fn expired_root_in_bundle_fails_all_but_rustls() {
    let root = Spec::ca("Old Root").valid((2010, 1, 1), (2020, 1, 1)).issue_ca(None);
    let inter = Spec::ca("Inter").issue_ca(Some(&root));
    let leaf = Spec::leaf(HOST, &[HOST]).issue(&inter);
    let r = check(&[&pem(&root)], &[&leaf, &pem(&inter)], &[HOST]);
    assert_eq!(outcome(&r, HOST, Mysql8VerifyCa), (false, Some(RuleId::CaExpired)));
    assert_eq!(outcome(&r, HOST, GoCustomCa), (false, Some(RuleId::CaExpired)));
    assert_eq!(outcome(&r, HOST, ConnectorJVerifyIdentity), (false, Some(RuleId::CaExpired)));
    // webpki does not date trust anchors.
    assert_eq!(outcome(&r, HOST, Rustls), (true, None));
    assert_eq!(r.overall.status, Status::Mixed);
}

#[test]
fn wrong_hostname() {
    let p = pki();
    let leaf = Spec::leaf("other.example.test", &["other.example.test"]).issue(&p.inter);
    let r = check(&[&pem(&p.root)], &[&leaf, &pem(&p.inter)], &[HOST]);
    // VERIFY_CA checks no name.
    assert_eq!(outcome(&r, HOST, Mysql8VerifyCa), (true, None));
    for c in [
        Mysql8VerifyIdentity,
        MariadbVerifyServerCert,
        ConnectorJVerifyIdentity,
        GoCustomCa,
        PymysqlPython312,
        Mysql2VerifyIdentity,
        Rustls,
    ] {
        assert_eq!(outcome(&r, HOST, c), (false, Some(RuleId::HostnameMismatch)), "{c}");
    }
    let f = r.finding(RuleId::HostnameMismatch).expect("finding");
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
    for c in [
        Mysql8VerifyIdentity,
        MariadbVerifyServerCert,
        ConnectorJVerifyIdentity,
        PymysqlPython312,
        Mysql2VerifyIdentity,
    ] {
        assert_eq!(outcome(&r, HOST, c), (true, None), "{c}");
    }
    for c in [GoCustomCa, Rustls] {
        assert_eq!(outcome(&r, HOST, c), (false, Some(RuleId::CnOnlyCertificate)), "{c}");
    }
    let f = r.finding(RuleId::CnOnlyCertificate).expect("finding");
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
    for c in [Mysql8VerifyCa, MariadbVerifyServerCert, PymysqlPython312, Mysql2VerifyIdentity, ConnectorJVerifyIdentity]
    {
        assert_eq!(outcome(&r, HOST, c), (false, Some(RuleId::AnchorIsIntermediate)), "{c}");
    }
    for c in [GoCustomCa, PymysqlPython313, Rustls] {
        assert_eq!(outcome(&r, HOST, c), (true, None), "{c}");
    }
    let f = r.finding(RuleId::AnchorIsIntermediate).expect("finding");
    assert!(f.title.contains("Test Intermediate CA"));
    assert!(f.fix.contains("Test Root CA"));
    // When the server does not send it, Java accepts the intermediate as its anchor.
    let r = check(&[&pem(&p.inter)], &[&leaf], &[HOST]);
    assert_eq!(outcome(&r, HOST, ConnectorJVerifyIdentity), (true, None));
    assert_eq!(outcome(&r, HOST, MariadbVerifyServerCert), (false, Some(RuleId::AnchorIsIntermediate)));
}

#[test]
fn ip_address_hosts() {
    let p = pki();
    let leaf = Spec::leaf(HOST, &[HOST]).ips(&["10.1.2.3"]).issue(&p.inter);
    let r = check(&[&pem(&p.root)], &[&leaf, &pem(&p.inter)], &["10.1.2.3", "10.9.9.9"]);
    for c in
        [Mysql8VerifyIdentity, MariadbVerifyServerCert, GoCustomCa, PymysqlPython312, ConnectorJVerifyIdentity, Rustls]
    {
        assert_eq!(outcome(&r, "10.1.2.3", c), (true, None), "{c}");
        assert_eq!(outcome(&r, "10.9.9.9", c), (false, Some(RuleId::HostnameMismatch)), "{c}");
    }
    // node mysql2 checks an IP host as `localhost`.
    assert_eq!(outcome(&r, "10.1.2.3", Mysql2VerifyIdentity), (false, Some(RuleId::HostnameMismatch)));
    assert!(r.finding(RuleId::HostnameMismatch).expect("finding").title.contains("10.9.9.9"));
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
    // A partial wildcard: OpenSSL's C clients, Node and Java yes; Go, Python, rustls no.
    for c in [Mysql8VerifyIdentity, MariadbVerifyServerCert, Mysql2VerifyIdentity, ConnectorJVerifyIdentity] {
        assert!(outcome(&r, "db1.example.test", c).0, "{c}");
    }
    for c in [GoCustomCa, PymysqlPython312, Rustls] {
        assert!(!outcome(&r, "db1.example.test", c).0, "{c}");
    }
    assert!(row(&r, "a.svc.example.test").iter().all(|(_, ok, _)| *ok));
    assert!(row(&r, "a.b.svc.example.test").iter().filter(|(c, _, _)| *c != Mysql8VerifyCa).all(|(_, ok, _)| !*ok));
}

#[test]
fn leaf_that_is_a_ca_fails_only_rustls() {
    let p = pki();
    let mut spec = Spec::leaf(HOST, &[HOST]);
    spec.ca = true;
    spec.eku_server = true;
    let leaf = spec.issue(&p.inter);
    let r = check(&[&pem(&p.root)], &[&leaf, &pem(&p.inter)], &[HOST]);
    assert_eq!(outcome(&r, HOST, Rustls), (false, Some(RuleId::LeafIsCa)));
    assert_eq!(outcome(&r, HOST, MariadbVerifyServerCert), (true, None));
}

#[test]
fn reordered_and_duplicated_input_is_handled() {
    let p = pki();
    let leaf = Spec::leaf(HOST, &[HOST]).issue(&p.inter);
    let bundle = format!("junk before\r\n{}\r\n{}", pem(&p.root).replace('\n', "\r\n"), pem(&p.root));
    let r = check(&[&bundle], &[&pem(&p.inter), &leaf, &leaf], &[HOST]);
    assert!(row(&r, HOST).iter().all(|(_, ok, _)| *ok), "{:?}", row(&r, HOST));
    assert!(r.finding(RuleId::ServedChainOrder).is_some());
    assert_eq!(r.inputs.bundle_certificates, 2);
    assert_eq!(r.certificates.len(), 3, "duplicates are pooled");
}

#[test]
fn expiring_soon_is_a_warning_not_a_failure() {
    let p = pki();
    let leaf = Spec::leaf(HOST, &[HOST]).valid((2025, 1, 1), (2026, 1, 15)).issue(&p.inter);
    let r = check(&[&pem(&p.root)], &[&leaf, &pem(&p.inter)], &[HOST]);
    assert_eq!(r.overall.status, Status::Pass);
    let f = r.finding(RuleId::ExpiresSoon).expect("finding");
    assert!(f.title.contains("2026-01-15"));
    assert!(r.overall.headline.contains("expires on 2026-01-15"), "{}", r.overall.headline);
}

#[test]
fn private_keys_are_discarded_and_reported() {
    let p = pki();
    let leaf = Spec::leaf(HOST, &[HOST]).issue(&p.inter);
    let key =
        "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n";
    let r = check(&[&pem(&p.root)], &[&leaf, key, &pem(&p.inter)], &[HOST]);
    assert_eq!(r.inputs.private_keys_discarded, 1);
    assert!(r.finding(RuleId::PrivateKeyPasted).is_some());
    let json = serde_json::to_string(&r).expect("json");
    assert!(!json.contains("MIGHAgEAMBMGByqGSM49"), "key material must not reach the report");
    assert_eq!(r.overall.status, Status::Pass);
}

#[test]
fn nothing_to_check_is_incomplete() {
    let r = check(&[], &[], &[]);
    assert_eq!(r.overall.status, Status::Incomplete);
    assert_eq!(r.exit_code(), 2);
    let p = pki();
    let r = check(&[&pem(&p.root)], &[], &[HOST]);
    assert!(r.finding(RuleId::NoServerCertificate).is_some());
    assert_eq!(r.exit_code(), 2);
}
