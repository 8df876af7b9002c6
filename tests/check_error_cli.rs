//! `check --error TEXT` / `--error-file PATH|-`: the client's error message goes into the same
//! analysis as the page's "Error message" input; each likely cause is confirmed or ruled out by
//! the chain, and the report says whether the inputs explain the error. Real RDS example chains
//! (www/examples), the CLI as a person runs it.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

const ENDPOINT: &str = "mydb.abc123xyz.us-east-1.rds.amazonaws.com";
const ISSUER_ERROR: &str = "ERROR 2026 (HY000): TLS/SSL error: unable to get local issuer certificate";

/// Exit code and stdout of `check` on `chain` at `at`, with `extra` arguments and `stdin`.
fn check(chain: &str, at: &str, extra: &[&str], stdin: &str) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mysql-tls-doctor"))
        .args(["check", "--ca", "www/examples/bundle.pem", "--chain", chain, "--host", ENDPOINT, "--at", at])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the CLI");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    let out = child.wait_with_output().expect("the CLI ends");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).expect("JSON")
}

/// (rule, status) of each candidate, in order.
fn candidates(r: &Value) -> Vec<(String, String)> {
    r["error"]["candidates"]
        .as_array()
        .expect("candidates")
        .iter()
        .map(|c| (c["rule"].as_str().unwrap_or("").to_owned(), c["status"].as_str().unwrap_or("").to_owned()))
        .collect()
}

fn ids(r: &Value) -> Vec<String> {
    r["findings"].as_array().expect("findings").iter().map(|f| f["id"].as_str().unwrap_or("").to_owned()).collect()
}

fn title(r: &Value, id: &str) -> String {
    let f = r["findings"].as_array().expect("findings").iter().find(|f| f["id"] == id).expect("the finding");
    f["title"].as_str().unwrap_or("").to_owned()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
}

#[test]
fn the_issuer_error_with_a_chain_missing_its_intermediate_is_explained_by_it() {
    let (code, out) = check("www/examples/chain-leaf-only.pem", "2026-01-01", &["--error", ISSUER_ERROR, "--json"], "");
    assert_eq!(code, 1);
    let r = json(&out);
    assert_eq!(
        candidates(&r),
        pairs(&[("missing-intermediate", "confirmed"), ("outdated-bundle", "ruled-out"), ("unknown-ca", "ruled-out")])
    );
    assert_eq!(ids(&r), ["missing-intermediate", "setting-verifies-less", "error-explained"]);
    assert_eq!(
        title(&r, "error-explained"),
        "Your error is explained by: the issuer of the server's certificate is missing: the server did not send it and the bundle lacks it (missing-intermediate)"
    );
    assert_eq!(r["lead_client"], "mariadb-verify-server-cert");
    // The text report says the same, with the candidate's words joined as sentences.
    let (_, text) = check("www/examples/chain-leaf-only.pem", "2026-01-01", &["--error", ISSUER_ERROR], "");
    assert!(
        text.contains(
            "info [error-explained] Your error is explained by: the issuer of the server's certificate is missing"
        ),
        "{text}"
    );
    assert!(text.contains("print the same words. The inputs show it: MariaDB client for"), "{text}");
}

#[test]
fn the_issuer_error_with_a_chain_that_verifies_is_not_explained() {
    let (_, out) = check("www/examples/chain-ok.pem", "2026-01-01", &["--error", ISSUER_ERROR, "--json"], "");
    let r = json(&out);
    assert_eq!(
        candidates(&r),
        pairs(&[("missing-intermediate", "ruled-out"), ("outdated-bundle", "ruled-out"), ("unknown-ca", "ruled-out")])
    );
    assert_eq!(ids(&r), ["error-not-explained"]);
    assert_eq!(
        title(&r, "error-not-explained"),
        "Your error says \"unable to get local issuer certificate\" but the chain you gave verifies for that client (MariaDB client): the client probably uses another CA file or connects to another host"
    );
}

#[test]
fn an_expired_certificate_error_read_from_standard_input_is_explained_by_the_expired_leaf() {
    // The example leaf expires 2040-01-01; checked a year later.
    let (code, out) = check(
        "www/examples/chain-ok.pem",
        "2041-01-01",
        &["--error-file", "-", "--json"],
        "ERROR 2026 (HY000): TLS/SSL error: certificate has expired\n",
    );
    assert_eq!(code, 1);
    let r = json(&out);
    assert_eq!(
        candidates(&r),
        pairs(&[("rds-ca-expired", "ruled-out"), ("leaf-expired", "confirmed"), ("ca-expired", "ruled-out")])
    );
    assert_eq!(ids(&r), ["leaf-expired", "setting-verifies-less", "error-explained"]);
    assert_eq!(
        title(&r, "error-explained"),
        "Your error is explained by: the server's certificate has expired (leaf-expired)"
    );
}

#[test]
fn the_error_flags_refuse_both_at_once_and_name_an_unreadable_file() {
    let (code, _) = check("www/examples/chain-ok.pem", "2026-01-01", &["--error", "x", "--error-file", "y"], "");
    assert_eq!(code, 2);
    let out = Command::new(env!("CARGO_BIN_EXE_mysql-tls-doctor"))
        .args(["check", "--ca", "www/examples/bundle.pem", "--chain", "www/examples/chain-ok.pem"])
        .args(["--host", ENDPOINT, "--error-file", "/nonexistent/error.txt"])
        .output()
        .expect("run the CLI");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "mysql-tls-doctor: cannot read /nonexistent/error.txt: No such file or directory (os error 2)"
    );
}

#[test]
fn without_a_setting_the_snippets_lead_with_the_client_the_error_names() {
    let labels = |error: &str| -> Vec<String> {
        let (_, out) = check("www/examples/chain-ok.pem", "2026-01-01", &["--error", error, "--json"], "");
        let r = json(&out);
        r["snippets"].as_array().expect("snippets")[..3]
            .iter()
            .map(|s| s["label"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    let download = "Download the current Amazon RDS global CA bundle (every region's CAs)";
    let mysql8 = "mysql 8 command line: TLS required, chain and name verified";
    assert_eq!(
        labels(
            "Error 1045: dial tcp: tls: failed to verify certificate: x509: certificate signed by unknown authority"
        ),
        [download, "Go (go-sql-driver/mysql): a CA pool registered as \"custom\", then tls=custom", mysql8]
    );
    assert_eq!(
        labels("Error: unable to get local issuer certificate code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' at TLSSocket.onConnectSecure (node_modules/mysql2/lib/connection.js:123)"),
        [download, "node mysql2: verifyIdentity adds the name check", mysql8]
    );
    // A message that names no client: the usual order.
    assert_eq!(labels("certificate verify failed"), [download, mysql8, "mysql 8 option file (~/.my.cnf)"]);
}
