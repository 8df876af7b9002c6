//! The error-message corpus (`tests/fixtures/error-messages.tsv`): every row's text through
//! `explain`, checked exactly — the first candidate (or the exact set for an ambiguous text),
//! `tls_related`, and the client family. All mismatches are listed at once.

use std::collections::BTreeSet;

use mysql_tls_doctor::rules::error_message::{explain, Explanation};

mod support;

use support::error_corpus;

/// What a row expects.
#[derive(Debug)]
enum Expect {
    First(String),
    Set(BTreeSet<String>),
    Decoy(BTreeSet<String>),
}

struct Row {
    line: usize,
    expect: Expect,
    client: Option<String>,
    origin: String,
    text: String,
}

fn list(s: &str) -> BTreeSet<String> {
    s.split(',').filter(|r| !r.is_empty()).map(str::to_owned).collect()
}

fn rows() -> Vec<Row> {
    error_corpus::rows()
        .into_iter()
        .map(|r| {
            let expect = match r.expect.split_once(':') {
                Some(("first", rule)) => Expect::First(rule.to_owned()),
                Some(("set", rules)) => Expect::Set(list(rules)),
                Some(("decoy", rules)) => Expect::Decoy(list(rules)),
                _ => panic!("line {}: unknown expectation {:?}", r.line, r.expect),
            };
            let client = (r.client != "-").then_some(r.client);
            Row { line: r.line, expect, client, origin: r.origin, text: r.text }
        })
        .collect()
}

fn ids(e: &Explanation) -> Vec<String> {
    e.candidates.iter().map(|c| c.rule.to_string()).collect()
}

fn check(row: &Row, e: &Explanation) -> Vec<String> {
    let mut problems = Vec::new();
    let got = ids(e);
    if !e.recognised {
        problems.push("not recognised".to_owned());
    }
    match &row.expect {
        Expect::First(rule) => {
            if got.first() != Some(rule) {
                problems.push(format!("first candidate {:?}, expected {rule}", got.first()));
            }
            if !e.tls_related {
                problems.push("tls_related false".into());
            }
        }
        Expect::Set(rules) => {
            let set: BTreeSet<String> = got.iter().cloned().collect();
            if &set != rules || set.len() != got.len() {
                problems.push(format!("candidates {got:?}, expected exactly {rules:?}"));
            }
            if !e.tls_related {
                problems.push("tls_related false".into());
            }
        }
        Expect::Decoy(rules) => {
            let set: BTreeSet<String> = got.iter().cloned().collect();
            if &set != rules || set.len() != got.len() {
                problems.push(format!("candidates {got:?}, expected exactly {rules:?}"));
            }
            if e.tls_related {
                problems.push("tls_related true for a decoy".into());
            }
            if e.instead.is_none() {
                problems.push("a decoy without `instead`".into());
            }
        }
    }
    let client = e.client.map(|c| c.to_string());
    if client != row.client {
        problems.push(format!("client {client:?}, expected {:?}", row.client));
    }
    problems
}

#[test]
fn every_corpus_row_is_explained_as_recorded() {
    let rows = rows();
    let mut failures = String::new();
    for row in &rows {
        let e = explain(&row.text);
        let problems = check(row, &e);
        if !problems.is_empty() {
            failures.push_str(&format!("line {}: {}\n    text: {:?}\n", row.line, problems.join("; "), row.text));
        }
    }
    assert!(failures.is_empty(), "corpus mismatches:\n{failures}");
}

#[test]
fn the_corpus_is_big_enough_and_every_row_has_an_origin() {
    let rows = rows();
    let decoys = rows.iter().filter(|r| matches!(r.expect, Expect::Decoy(_))).count();
    assert!(rows.len() >= 120, "{} rows", rows.len());
    assert!(decoys >= 10, "{decoys} decoys");
    for row in &rows {
        let kind = row.origin.split(':').next().unwrap_or_default();
        assert!(["src", "issue", "observed"].contains(&kind), "line {}: origin {:?}", row.line, row.origin);
    }
    let texts: BTreeSet<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts.len(), rows.len(), "a text repeats");
}

#[test]
fn a_wrapped_message_explains_like_the_bare_one() {
    // Framework text, a log prefix and a stack trace around the same client text change nothing.
    let bare = explain("TLS/SSL error: unable to get issuer certificate");
    for wrapped in [
        "2026-12-03T08:00:00Z ERROR db: connect failed: ERROR 2026 (HY000): TLS/SSL error: unable to get issuer certificate",
        "django.db.utils.OperationalError: (2026, 'TLS/SSL error: unable to get issuer certificate')",
        "Traceback (most recent call last):\n  File \"x.py\", line 1\nMySQLdb.OperationalError: (2026, 'TLS/SSL error: unable to get issuer certificate')",
    ] {
        assert_eq!(ids(&explain(wrapped)), ids(&bare), "{wrapped}");
    }
}
