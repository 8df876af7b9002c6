use super::*;

#[test]
fn a_longer_phrase_comes_before_every_phrase_it_contains() {
    let rows = patterns::REASONS;
    for (i, later) in rows.iter().enumerate() {
        for earlier in &rows[..i] {
            assert!(
                !later.needle.contains(earlier.needle),
                "{:?} must come before {:?}: it contains it",
                later.needle,
                earlier.needle
            );
        }
    }
}

#[test]
fn every_needle_is_lower_case_and_unique() {
    let all: Vec<&str> = patterns::REASONS
        .iter()
        .map(|p| p.needle)
        .chain(patterns::CLIENTS.iter().map(|c| c.needle))
        .chain(patterns::WRAPPERS.iter().map(|w| w.needle))
        .collect();
    for n in &all {
        assert_eq!(*n, n.to_ascii_lowercase(), "needles are matched against lower-cased text");
    }
    let mut reasons: Vec<&str> = patterns::REASONS.iter().map(|p| p.needle).collect();
    reasons.sort_unstable();
    let before = reasons.len();
    reasons.dedup();
    assert_eq!(reasons.len(), before, "a reason needle repeats");
}

#[test]
fn reads_a_mysql8_openssl3_message_into_facts() {
    let text = "ERROR 2026 (HY000): SSL connection error: error:0A000086:SSL routines::certificate verify failed";
    let facts = read(text);
    assert_eq!(facts.client, Some(ClientFamily::Libmysqlclient));
    assert_eq!(facts.errno, Some(2026));
    let got: Vec<(Reason, &str)> = facts.signals.iter().map(|s| (s.reason, s.quote.as_str())).collect();
    assert_eq!(
        got,
        vec![(Reason::HandshakeFailed, "SSL connection error"), (Reason::VerifyFailed, "certificate verify failed")]
    );
    assert_eq!(facts.openssl_codes.len(), 1);
    assert_eq!(facts.openssl_codes[0].packing, Packing::Openssl3);
    assert!(!facts.truncated);
}

#[test]
fn the_shorter_self_signed_phrase_is_not_read_inside_the_longer_one() {
    let facts = read("Error: self-signed certificate in certificate chain");
    let got: Vec<Reason> = facts.signals.iter().map(|s| s.reason).collect();
    assert_eq!(got, vec![Reason::SelfSignedInChain]);
    let leaf = read("Error: self signed certificate");
    assert_eq!(leaf.signals.iter().map(|s| s.reason).collect::<Vec<_>>(), vec![Reason::SelfSignedLeaf]);
}

#[test]
fn go_validity_reads_the_direction_of_the_date() {
    let before = read("x509: certificate has expired or is not yet valid: current time 2020-01-01T00:00:00Z is before 2021-01-01T00:00:00Z");
    assert_eq!(before.signals.iter().map(|s| s.reason).collect::<Vec<_>>(), vec![Reason::NotYetValid]);
    let after = read("x509: certificate has expired or is not yet valid: current time 2025-01-01T00:00:00Z is after 2024-08-22T17:08:50Z");
    assert_eq!(after.signals.iter().map(|s| s.reason).collect::<Vec<_>>(), vec![Reason::Expired]);
}

#[test]
fn errno_is_read_only_in_its_frames() {
    assert_eq!(read("(2003, \"Can't connect to MySQL server on 'db' (111)\")").errno, Some(2003));
    assert_eq!(read("SQLSTATE[HY000] [2002] Connection refused").errno, Some(2002));
    assert_eq!(read("ERROR 1045 (28000): Access denied for user 'u'@'h' (using password: YES)").errno, Some(1045));
    assert_eq!(read("port 2026 is open").errno, None);
    assert_eq!(read("at line 20261 (x)").errno, None);
}

#[test]
fn total_on_odd_input_and_capped() {
    assert_eq!(read("").signals, Vec::new());
    assert_eq!(read("error:").openssl_codes, Vec::new());
    let long = "é".repeat(MAX_INPUT);
    let facts = read(&long);
    assert!(facts.truncated);
    let mut huge = "x".repeat(MAX_INPUT - 3);
    huge.push_str("unable to get local issuer certificate");
    assert_eq!(read(&huge).signals, Vec::new(), "text beyond the cap is not read");
}

#[test]
fn client_family_prefers_the_driver_over_the_library_it_wraps() {
    let text = "MySQLdb.OperationalError: (2026, 'TLS/SSL error: unable to get local issuer certificate')";
    assert_eq!(read(text).client, Some(ClientFamily::Mysqlclient));
    assert_eq!(read("ERROR 2026 (HY000): TLS/SSL error: x").client, Some(ClientFamily::MariadbConnectorC));
}
