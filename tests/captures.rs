//! Real captures of MariaDB 10.11 made here (tshark on loopback while the real client runs),
//! decoded by us and by tshark: tshark is the oracle for every field both decode. Then the
//! findings each capture must produce.

mod support;

use std::collections::BTreeMap;

use mysql_tls_doctor::decode::conversation;
use mysql_tls_doctor::evidence::{evidence, Evidence};
use mysql_tls_doctor::report::Status;
use mysql_tls_doctor::rules::capture as capture_rules;
use mysql_tls_doctor::source::capture::{self, Format};
use mysql_tls_doctor::vocab::catalogue::RuleId;
use mysql_tls_doctor::vocab::{Direction, Transcript};
use mysql_tls_doctor::{analyze, Inputs};
use support::captures::{make_all, RealCapture};
use support::mariadb::MariaDb;
use support::tshark::fields;

fn ours(c: &RealCapture) -> (Transcript, Evidence) {
    let bytes = std::fs::read(&c.file).expect("read capture");
    let decoded = capture::decode(&bytes, Format::Auto).expect("decodes");
    let conn = decoded.default_connection().expect("a MySQL connection");
    assert_eq!(conn.server.port(), c.port, "{}: the server side is the MariaDB port", c.name);
    let t = conn.transcript.clone();
    let conv = conversation::decode(&t);
    assert!(conv.errors.is_empty(), "{}: decode problems {:?}", c.name, conv.errors);
    let e = evidence(&conv, &t);
    (t, e)
}

/// One tshark row for `filter`, as field → value.
fn oracle(c: &RealCapture, filter: &str, names: &[&str]) -> Vec<BTreeMap<String, String>> {
    fields(&c.file, c.port, Some(filter), names)
        .into_iter()
        .map(|row| names.iter().map(|n| n.to_string()).zip(row).collect())
        .collect()
}

fn hex4(v: u16) -> String {
    format!("0x{v:04x}")
}

fn compare_with_tshark(c: &RealCapture, e: &Evidence) {
    let g = e.greeting.as_ref().expect("greeting");
    let t = oracle(
        c,
        "mysql.protocol",
        &[
            "mysql.protocol",
            "mysql.version",
            "mysql.thread_id",
            "mysql.caps.server",
            "mysql.extcaps.server",
            "mariadb.extcaps.server",
            "mysql.auth_plugin",
        ],
    );
    let t = t.first().expect("tshark saw the greeting");
    assert_eq!(t["mysql.protocol"], "10");
    assert_eq!(t["mysql.version"], g.server_version, "{}", c.name);
    assert_eq!(t["mysql.thread_id"], g.connection_id.to_string());
    assert_eq!(t["mysql.caps.server"], hex4(g.capabilities.low16()));
    assert_eq!(t["mysql.extcaps.server"], hex4(g.capabilities.high16()));
    assert_eq!(
        t["mariadb.extcaps.server"],
        format!("0x{:08x}", g.mariadb_capabilities.as_ref().expect("MariaDB caps").0)
    );
    assert_eq!(t["mysql.auth_plugin"], g.auth_plugin.clone().unwrap_or_default());

    let client_caps =
        e.ssl_request.as_ref().map(|s| s.capabilities).or(e.plaintext_login.as_ref().map(|l| l.capabilities));
    let t = oracle(c, "mysql.caps.client", &["mysql.caps.client", "mysql.extcaps.client", "mysql.max_packet"]);
    let t = t.first().expect("tshark saw the client's first packet");
    let caps = client_caps.expect("SSLRequest or login");
    assert_eq!(t["mysql.caps.client"], hex4(caps.low16()), "{}", c.name);
    assert_eq!(t["mysql.extcaps.client"], hex4(caps.high16()), "{}", c.name);
    if let Some(s) = &e.ssl_request {
        assert_eq!(t["mysql.max_packet"], s.max_packet.to_string());
    }

    let t = oracle(c, "mysql.error_code", &["mysql.error_code", "mysql.sqlstate", "mysql.error.message"]);
    let ours_errs: Vec<_> =
        e.errors.iter().map(|x| (x.code.to_string(), x.sqlstate.clone().unwrap_or_default(), x.text.clone())).collect();
    let theirs: Vec<_> = t
        .iter()
        .map(|r| (r["mysql.error_code"].clone(), r["mysql.sqlstate"].clone(), r["mysql.error.message"].clone()))
        .collect();
    // tshark does not see MariaDB's plaintext ERR 1043 after a failed handshake (it reads it
    // as TLS continuation data); we do.
    let ours_errs: Vec<_> = ours_errs.into_iter().filter(|x| x.0 != "1043").collect();
    assert_eq!(ours_errs, theirs, "{}", c.name);

    let t =
        oracle(c, "tls.handshake.type == 1", &["tls.handshake.version", "tls.handshake.extensions.supported_version"]);
    match (t.first(), &e.client_hello) {
        (Some(t), Some(ch)) => {
            assert_eq!(t["tls.handshake.version"], hex4(ch.legacy_version.0));
            let offered: Vec<String> = ch.offered_versions.iter().map(|v| hex4(v.0)).collect();
            if !t["tls.handshake.extensions.supported_version"].is_empty() {
                assert_eq!(t["tls.handshake.extensions.supported_version"], offered.join(","), "{}", c.name);
            }
        }
        (None, None) => {}
        (a, b) => panic!("{}: ClientHello tshark {a:?} ours {b:?}", c.name),
    }
    let t = oracle(
        c,
        "tls.handshake.type == 2",
        &["tls.handshake.version", "tls.handshake.ciphersuite", "tls.handshake.extensions.supported_version"],
    );
    match (t.first(), &e.server_hello) {
        (Some(t), Some(sh)) => {
            let negotiated = if t["tls.handshake.extensions.supported_version"].is_empty() {
                &t["tls.handshake.version"]
            } else {
                &t["tls.handshake.extensions.supported_version"]
            };
            assert_eq!(*negotiated, hex4(sh.version.0), "{}", c.name);
            assert_eq!(t["tls.handshake.ciphersuite"], hex4(sh.suite.0), "{}", c.name);
        }
        (None, None) => {}
        (a, b) => panic!("{}: ServerHello tshark {a:?} ours {b:?}", c.name),
    }
    let t = oracle(c, "tls.alert_message", &["tcp.srcport", "tls.alert_message.desc"]);
    let theirs: Vec<(Direction, String)> = t
        .iter()
        .map(|r| {
            let dir = if r["tcp.srcport"] == c.port.to_string() {
                Direction::ServerToClient
            } else {
                Direction::ClientToServer
            };
            (dir, r["tls.alert_message.desc"].clone())
        })
        .collect();
    let ours_alerts: Vec<(Direction, String)> =
        e.alerts.iter().map(|a| (a.from, a.description.0.to_string())).collect();
    assert_eq!(ours_alerts, theirs, "{}", c.name);
}

fn ids(e: &Evidence) -> Vec<RuleId> {
    capture_rules::findings(e).iter().map(|f| f.id).collect()
}

/// What each real capture must produce: the findings' ids in order, and the overall status of
/// the whole analysis (the test PKI's CA, host `localhost`, no chain but what the capture holds).
fn expected(c: &RealCapture, e: &Evidence) -> (Vec<RuleId>, Status) {
    use RuleId::*;
    let (mut ids, status) = match c.name {
        "plaintext_login" => (vec![ClientStayedPlaintext], Status::Fail),
        "tls12_login" => (vec![], Status::Pass),
        // TLS 1.3 encrypts the Certificate message: no chain to check, so no verdict.
        "tls13_login" => (vec![], Status::Incomplete),
        "require_secure_transport_plaintext" | "require_ssl_user_plaintext" => {
            (vec![AccessDeniedPlaintext, ClientStayedPlaintext], Status::Fail)
        }
        "server_without_tls" => (vec![ServerOffersNoTls], Status::Fail),
        "tls_version_mismatch" => (vec![TlsVersionMismatch], Status::Fail),
        "unknown_ca_alert" => (vec![TlsAlert], Status::Fail),
        other => panic!("unexpected capture {other}"),
    };
    // After a failed handshake MariaDB answers with a plaintext ERR 1043, unless the client's
    // RST reaches it first: when the capture holds that ERR, its own tls-alert finding leads.
    if e.errors.iter().any(|x| x.code == 1043) {
        ids.insert(0, TlsAlert);
    }
    (ids, status)
}

/// The words of the findings whose text does not depend on the MariaDB build.
fn check_words(c: &RealCapture, e: &Evidence) {
    let findings = capture_rules::findings(e);
    let title = |id: RuleId| findings.iter().filter(|f| f.id == id).map(|f| f.title.as_str()).collect::<Vec<_>>();
    let after_1043 = "The TLS handshake failed; the server then answered in plaintext (ERR 1043)";
    let err_1043 = e.errors.iter().any(|x| x.code == 1043);
    match c.name {
        "require_secure_transport_plaintext" | "require_ssl_user_plaintext" => {
            let f = findings.first().expect("finding");
            assert_eq!(f.title, "Access denied to a login sent without TLS");
            assert!(
                f.explanation.contains("require_secure_transport") && f.explanation.contains("REQUIRE SSL"),
                "{}",
                f.explanation
            );
        }
        "tls_version_mismatch" => {
            let f = findings.iter().find(|f| f.id == RuleId::TlsVersionMismatch).expect("finding");
            assert_eq!(f.title, "Client and server share no TLS version (protocol_version alert)");
            assert!(f.explanation.contains("TLS 1.2"), "{}", f.explanation);
        }
        "unknown_ca_alert" => {
            let mut want = vec!["The client sent a TLS alert: unknown_ca (48)"];
            if err_1043 {
                want.insert(0, after_1043);
            }
            assert_eq!(title(RuleId::TlsAlert), want);
        }
        _ => {}
    }
}

#[test]
fn real_captures_decode_like_tshark_and_explain_themselves() {
    let Some(mut db) = MariaDb::init_or_skip("real_captures_decode_like_tshark") else { return };
    let dir = db.scratch_dir().join("captures");
    let caps = make_all(&mut db, &dir);
    let names: Vec<&str> = caps.iter().map(|c| c.name).collect();
    assert_eq!(
        names,
        [
            "plaintext_login",
            "tls12_login",
            "tls13_login",
            "require_secure_transport_plaintext",
            "require_ssl_user_plaintext",
            "server_without_tls",
            "tls_version_mismatch",
            "unknown_ca_alert"
        ]
    );
    let ca = std::fs::read_to_string(dir.join("pki/ca.pem")).expect("ca.pem");
    for c in &caps {
        let (t, e) = ours(c);
        compare_with_tshark(c, &e);
        let (want_ids, want_status) = expected(c, &e);
        assert_eq!(ids(&e), want_ids, "{}: the capture rules", c.name);
        check_words(c, &e);
        // The capture goes through the whole analysis: a TLS 1.2 capture carries the chain.
        let report = analyze(
            &Inputs {
                ca_bundle: ca.clone(),
                ca_label: None,
                chain: String::new(),
                hosts: vec!["localhost".into()],
                capture: Some(t.clone()),
            },
            1_767_225_600,
        );
        let report_ids: Vec<RuleId> = report.findings.iter().map(|f| f.id).collect();
        assert_eq!(report_ids, want_ids, "{}: the report", c.name);
        assert_eq!(report.overall.status, want_status, "{}: {}", c.name, report.overall.headline);
        let served = if c.name == "tls12_login" { 2 } else { 0 };
        assert_eq!(report.inputs.served_certificates, served, "{}: the chain comes from a TLS 1.2 capture", c.name);
        assert_eq!(report.conversation, Some(conversation::decode(&t)), "{}", c.name);
    }
}
