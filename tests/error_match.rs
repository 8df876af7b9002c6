//! The pasted error message against the other inputs (`rules::error_match`): real corpus texts
//! (tests/fixtures/error-messages.tsv, by line) × the real RDS example chains (www/examples).

mod support;

use mysql_tls_doctor::report::error_match::{Confidence, MatchStatus};
use mysql_tls_doctor::vocab::catalogue::RuleId;
use mysql_tls_doctor::vocab::ClientId;
use mysql_tls_doctor::{analyze, Inputs, Report};

const NOW: i64 = 1_767_225_600; // 2026-01-01
const ENDPOINT: &str = "mydb.abc123xyz.us-east-1.rds.amazonaws.com";
const BUNDLE: &str = include_str!("../www/examples/bundle.pem");
const CHAIN_OK: &str = include_str!("../www/examples/chain-ok.pem");
const CHAIN_LEAF_ONLY: &str = include_str!("../www/examples/chain-leaf-only.pem");

/// The text of the corpus row on `line` of the TSV.
fn corpus(line: usize) -> String {
    support::error_corpus::rows().into_iter().find(|r| r.line == line).map(|r| r.text).expect("corpus row")
}

fn report(error_line: usize, chain: &str, host: &str) -> Report {
    let inputs = Inputs {
        ca_bundle: if chain.is_empty() { String::new() } else { BUNDLE.into() },
        chain: chain.into(),
        hosts: if host.is_empty() { vec![] } else { vec![host.into()] },
        error_message: corpus(error_line),
        ..Default::default()
    };
    analyze(&inputs, NOW)
}

/// (rule, status) of every candidate, in order.
fn statuses(r: &Report) -> Vec<(RuleId, MatchStatus)> {
    r.error.as_ref().expect("error explained").candidates.iter().map(|c| (c.rule, c.status())).collect()
}

fn ids(r: &Report) -> Vec<RuleId> {
    r.findings.iter().map(|f| f.id).collect()
}

#[test]
fn mariadb_issuer_error_with_the_leaf_only_chain_is_a_missing_intermediate() {
    // line 39: ERROR 2026 (HY000): TLS/SSL error: unable to get local issuer certificate
    let r = report(39, CHAIN_LEAF_ONLY, ENDPOINT);
    use MatchStatus::{Confirmed, RuledOut};
    assert_eq!(
        statuses(&r),
        vec![
            (RuleId::MissingIntermediate, Confirmed),
            (RuleId::OutdatedBundle, RuledOut),
            (RuleId::UnknownCa, RuledOut)
        ]
    );
    assert_eq!(r.lead_client, Some(ClientId::MariadbVerifyServerCert));
    let f = r.finding(RuleId::ErrorExplained).expect("error-explained");
    assert_eq!(
        f.title,
        "Your error is explained by: the issuer of the server's certificate is missing: the server did not send it and the bundle lacks it (missing-intermediate)"
    );
    assert_eq!(f.fix, r.finding(RuleId::MissingIntermediate).expect("the cause's finding").fix);
    assert_eq!(f.clients, vec![ClientId::MariadbVerifyServerCert]);
    assert_eq!(r.finding(RuleId::ErrorNotExplained).map(|f| f.id), None);
    let e = r.error.as_ref().expect("error");
    assert_eq!((e.recognised, e.tls_related), (true, true));
    assert_eq!(e.candidates[0].confidence, Confidence::Medium);
    // Decided: no "what to paste next".
    assert_eq!(e.candidates.iter().map(|c| &*c.next_step).collect::<Vec<_>>(), vec!["", "", ""]);
}

#[test]
fn the_same_error_with_a_chain_that_verifies_is_not_explained() {
    let r = report(39, CHAIN_OK, ENDPOINT);
    use MatchStatus::RuledOut;
    assert_eq!(
        statuses(&r),
        vec![
            (RuleId::MissingIntermediate, RuledOut),
            (RuleId::OutdatedBundle, RuledOut),
            (RuleId::UnknownCa, RuledOut)
        ]
    );
    let f = r.finding(RuleId::ErrorNotExplained).expect("error-not-explained");
    assert_eq!(
        f.title,
        "Your error says \"unable to get local issuer certificate\" but the chain you gave verifies for that client (MariaDB client): the client probably uses another CA file or connects to another host"
    );
    assert_eq!(
        r.error.as_ref().and_then(|e| e.candidates[0].decided_by.clone()).as_deref(),
        Some("the chain given verifies for MariaDB client (mydb.abc123xyz.us-east-1.rds.amazonaws.com)")
    );
}

#[test]
fn a_hostname_error_with_a_cname_is_confirmed_for_the_mysql_column() {
    // line 20: libmysqlclient's VERIFY_IDENTITY failure.
    let r = report(20, CHAIN_OK, "db.example.com");
    assert_eq!(statuses(&r), vec![(RuleId::HostnameMismatch, MatchStatus::Confirmed)]);
    assert_eq!(r.lead_client, Some(ClientId::Mysql8VerifyIdentity));
    assert_eq!(
        r.finding(RuleId::ErrorExplained).map(|f| f.title.as_str()),
        Some("Your error is explained by: the hostname is not in the server's certificate (hostname-mismatch)")
    );
}

#[test]
fn an_error_alone_leaves_every_cause_open_and_says_what_to_paste() {
    // line 88: Go ≥ 1.20, tls: failed to verify certificate: x509: certificate signed by unknown authority
    let r = report(88, "", "");
    use MatchStatus::Open;
    assert_eq!(
        statuses(&r),
        vec![
            (RuleId::MissingIntermediate, Open),
            (RuleId::OutdatedBundle, Open),
            (RuleId::UnknownCa, Open),
            (RuleId::SelfSigned, Open),
            (RuleId::RdsProxyAmazonRoot, Open)
        ]
    );
    assert_eq!(r.lead_client, Some(ClientId::GoCustomCa));
    assert_eq!(
        r.overall.headline,
        "Your error points to one of missing-intermediate, outdated-bundle, unknown-ca, self-signed, rds-proxy-amazon-root"
    );
    assert_eq!(ids(&r), vec![RuleId::NoCaBundle]);
}

#[test]
fn a_refused_tcp_connection_is_not_a_tls_problem() {
    // line 30: ERROR 2003 (HY000): Can't connect to MySQL server on '127.0.0.1:3306' (111)
    let r = report(30, "", "");
    let e = r.error.as_ref().expect("error");
    assert_eq!((e.recognised, e.tls_related, e.candidates.len()), (true, false, 0));
    assert_eq!(
        r.overall.headline,
        "Your error is not a TLS problem. Nothing accepts TCP connections on that host and port (connection refused): the server is down, listens on another port or address, or a firewall rejects the connection."
    );
}

#[test]
fn no_error_message_no_error_section() {
    let r = analyze(
        &Inputs {
            ca_bundle: BUNDLE.into(),
            chain: CHAIN_OK.into(),
            hosts: vec![ENDPOINT.into()],
            ..Default::default()
        },
        NOW,
    );
    assert_eq!((r.error, r.lead_client), (None, None));
}

#[test]
fn a_hostname_alone_suggests_s_client_for_that_host_and_port() {
    let fix = |host: &str| {
        let r = analyze(&Inputs { hosts: vec![host.into()], ..Default::default() }, NOW);
        r.finding(RuleId::NoServerCertificate).map(|f| f.fix.clone()).expect("no-server-certificate")
    };
    assert_eq!(
        fix(ENDPOINT),
        format!("Paste the output of: openssl s_client -starttls mysql -connect {ENDPOINT}:3306 -showcerts </dev/null")
    );
    assert_eq!(
        fix("mysql://app@DB.example.com:3307/prod"),
        "Paste the output of: openssl s_client -starttls mysql -connect db.example.com:3307 -showcerts </dev/null"
    );
    assert_eq!(
        fix("[2001:db8::5]:3310"),
        "Paste the output of: openssl s_client -starttls mysql -connect [2001:db8::5]:3310 -showcerts </dev/null"
    );
}

#[test]
fn the_settings_column_leads_and_its_host_is_judged() {
    // The setting names mysql VERIFY_IDENTITY and the host; no hostname typed. The MariaDB
    // message (line 39) does not override the setting's column.
    let inputs = Inputs {
        ca_bundle: BUNDLE.into(),
        chain: CHAIN_LEAF_ONLY.into(),
        settings: format!("mysql -h {ENDPOINT} -P 3306 --ssl-mode=VERIFY_IDENTITY --ssl-ca=global-bundle.pem"),
        error_message: corpus(39),
        ..Default::default()
    };
    let r = analyze(&inputs, NOW);
    assert_eq!(r.lead_client, Some(ClientId::Mysql8VerifyIdentity));
    assert_eq!(r.inputs.hosts, vec![ENDPOINT.to_string()]);
    assert_eq!(statuses(&r)[0], (RuleId::MissingIntermediate, MatchStatus::Confirmed));
    assert_eq!(
        r.finding(RuleId::ErrorExplained).map(|f| f.clients.clone()),
        Some(vec![ClientId::Mysql8VerifyIdentity])
    );
}

#[test]
fn combining_an_explanation_made_elsewhere_gives_the_same_report() {
    // What a page does that explains the message in a worker: analyse without the message,
    // then combine the worker's explanation.
    let with = report(39, CHAIN_LEAF_ONLY, ENDPOINT);
    let mut without = analyze(
        &Inputs {
            ca_bundle: BUNDLE.into(),
            chain: CHAIN_LEAF_ONLY.into(),
            hosts: vec![ENDPOINT.into()],
            ..Default::default()
        },
        NOW,
    );
    let explanation = mysql_tls_doctor::rules::error_message::explain(&corpus(39));
    mysql_tls_doctor::rules::error_match::combine(
        &mut without,
        explanation,
        Some("unable to get local issuer certificate"),
    );
    assert_eq!(without.error, with.error);
    assert_eq!(ids(&without), ids(&with));
    assert_eq!(without.lead_client, with.lead_client);
}
