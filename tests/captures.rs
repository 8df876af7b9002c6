//! Real captures of MariaDB 10.11 made here (tshark on loopback while the real client runs),
//! decoded by us and by tshark: tshark is the oracle for every field both decode. Then the
//! findings each capture must produce.

mod support;

use std::collections::BTreeMap;

use mysql_tls_doctor::decode::conversation;
use mysql_tls_doctor::evidence::{evidence, Evidence};
use mysql_tls_doctor::report::connections::{Outcome, Side};
use mysql_tls_doctor::report::{Report, Status};
use mysql_tls_doctor::rules::outcome::{capture_report, outcomes};
use mysql_tls_doctor::source::capture::{self, Decoded, Format};
use mysql_tls_doctor::vocab::catalogue::RuleId;
use mysql_tls_doctor::vocab::{Direction, Transcript};
use mysql_tls_doctor::Inputs;
use support::captures::{make_all, RealCapture};
use support::mariadb::MariaDb;
use support::tshark::fields;

fn ours(c: &RealCapture) -> (Transcript, Evidence) {
    let bytes = std::fs::read(&c.file).expect("read capture");
    let decoded = capture::decode(&bytes, Format::Auto).expect("decodes");
    let Decoded::Connections { connections, .. } = &decoded else { panic!("{}: not a capture", c.name) };
    let conn = connections.first().expect("a connection");
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
    let (Some(t), Some(caps)) = (t.first(), client_caps) else {
        assert_eq!((t.first(), client_caps), (None, None), "{}: the client's first packet", c.name);
        return;
    };
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

/// What each real capture must produce, for its one connection: the outcome, who failed, the
/// cause, the first finding of the whole report (the capture alone: no bundle, no hostname),
/// and the overall status.
struct Expected {
    outcome: Outcome,
    failed_by: Option<Side>,
    cause: Option<RuleId>,
    first_finding: RuleId,
    status: Status,
}

fn expected(name: &str) -> Expected {
    use Outcome::{ClosedAfterGreeting, PlaintextLogin, TlsEstablished, TlsFailed};
    use RuleId::*;
    let e = |outcome, failed_by, cause, first_finding, status| Expected {
        outcome,
        failed_by,
        cause,
        first_finding,
        status,
    };
    match name {
        "plaintext_login" => {
            e(PlaintextLogin, None, Some(ClientStayedPlaintext), ClientStayedPlaintext, Status::Unverified)
        }
        "tls12_login" => e(TlsEstablished, None, None, NoCaBundle, Status::Pass),
        "tls13_login" => e(TlsEstablished, None, None, NoCaBundle, Status::Pass),
        "require_secure_transport_plaintext" | "require_ssl_user_plaintext" => {
            e(PlaintextLogin, Some(Side::Server), Some(AccessDeniedPlaintext), AccessDeniedPlaintext, Status::Fail)
        }
        "server_without_tls" => e(PlaintextLogin, None, Some(ServerOffersNoTls), ServerOffersNoTls, Status::Unverified),
        "tls_version_mismatch" => {
            e(TlsFailed, Some(Side::Server), Some(TlsVersionMismatch), TlsVersionMismatch, Status::Fail)
        }
        "unknown_ca_alert" => e(TlsFailed, Some(Side::Client), Some(TlsAlert), TlsAlert, Status::Fail),
        "server_not_listening" => {
            e(Outcome::TcpRefused, Some(Side::Server), Some(TcpRefused), TcpRefused, Status::Fail)
        }
        "client_requires_tls_server_without" => {
            e(ClosedAfterGreeting, Some(Side::Client), Some(ServerOffersNoTls), ServerOffersNoTls, Status::Fail)
        }
        "tls13_identity_failure" => {
            e(TlsFailed, Some(Side::Client), Some(ClientClosedAfterHandshake), ClientClosedAfterHandshake, Status::Fail)
        }
        "missing_intermediate" => {
            e(TlsFailed, Some(Side::Client), Some(MissingIntermediate), MissingIntermediate, Status::Fail)
        }
        "expired_leaf" => e(TlsFailed, Some(Side::Client), Some(LeafExpired), LeafExpired, Status::Fail),
        other => panic!("unexpected capture {other}"),
    }
}

/// The words that are the product, where they do not depend on the MariaDB build.
fn check_words(c: &RealCapture, report: &Report) {
    let first = report.findings.first().expect("a finding");
    match c.name {
        "require_secure_transport_plaintext" | "require_ssl_user_plaintext" => {
            assert_eq!(first.title, "Access denied to a login sent without TLS");
            assert!(
                first.explanation.contains("require_secure_transport") && first.explanation.contains("REQUIRE SSL"),
                "{}",
                first.explanation
            );
        }
        "tls_version_mismatch" => {
            assert_eq!(first.title, "Client and server share no TLS version (protocol_version alert)");
            assert!(
                first.fix.contains("tls_version = TLSv1.2,TLSv1.3 in its configuration"),
                "MariaDB's fix: {}",
                first.fix
            );
        }
        "unknown_ca_alert" => assert_eq!(first.title, "The client sent a TLS alert: unknown_ca (48)"),
        "server_without_tls" | "client_requires_tls_server_without" => {
            assert!(first.fix.contains("[mariadb] section") && !first.fix.contains("ALTER INSTANCE"), "{}", first.fix)
        }
        "missing_intermediate" => {
            assert_eq!(
                first.title,
                "The server sends 'localhost' without its issuer 'O=mysql-tls-doctor tests, CN=mysql-tls-doctor Test Intermediate CA'"
            );
            assert!(first.fix.contains("FLUSH SSL"), "{}", first.fix);
        }
        "tls12_login" | "tls13_login" => {
            assert!(report.overall.headline.starts_with("Connection #0 worked: "), "{}", report.overall.headline)
        }
        "tls13_identity_failure" => {
            assert_eq!(
                first.title,
                "The client closed right after the TLS handshake: it rejected the server's identity"
            )
        }
        _ => {}
    }
    // MariaDB's ERR 1043 after a failed handshake is evidence inside the cause, never a finding.
    assert!(
        !report.findings.iter().any(|f| f.title.contains("ERR 1043")),
        "{}: {:?}",
        c.name,
        report.findings.iter().map(|f| &f.title).collect::<Vec<_>>()
    );
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
            "unknown_ca_alert",
            "server_not_listening",
            "client_requires_tls_server_without",
            "tls13_identity_failure",
            "missing_intermediate",
            "expired_leaf",
        ]
    );
    // CAPTURES_KEEP=DIR keeps a copy of every capture (to look at with tshark).
    if let Some(keep) = std::env::var_os("CAPTURES_KEEP") {
        for c in &caps {
            std::fs::create_dir_all(&keep).expect("CAPTURES_KEEP");
            std::fs::copy(&c.file, std::path::Path::new(&keep).join(c.file.file_name().expect("name"))).expect("copy");
        }
    }
    let mut seen = Vec::new();
    for c in &caps {
        let bytes = std::fs::read(&c.file).expect("read capture");
        let decoded = capture::decode(&bytes, Format::Auto).expect("decodes");
        let outcomes = outcomes(&decoded, Some(NOW));
        assert_eq!(outcomes.len(), 1, "{}: one connection", c.name);
        assert_eq!(support::streamed::assert_same(&bytes, Some(NOW)), 1, "{}: streamed, the same", c.name);
        let o = &outcomes[0];
        assert_eq!(o.server, format!("127.0.0.1:{}", c.port), "{}: the server side", c.name);
        if o.outcome != Outcome::TcpRefused {
            let (t, e) = ours(c);
            compare_with_tshark(c, &e);
            let conv = conversation::decode(&t);
            assert_eq!(conv.errors, [], "{}: decode problems", c.name);
        }
        let report = capture_report(&decoded, None, &Inputs::default(), NOW);
        let first = report.findings.first().map(|f| f.id);
        let works = matches!((o.outcome, o.failed_by), (Outcome::TlsEstablished | Outcome::PlaintextLogin, None));
        assert_eq!(c.client_ok, works, "{}: the client's own exit says the same: {}", c.name, c.client_stderr);
        seen.push((c.name, o.outcome, o.failed_by, o.cause, first, report.overall.status, o.step.clone()));
        eprintln!("{:?} {}", seen.last(), report.overall.headline);
    }
    for (name, outcome, failed_by, cause, first, status, step) in &seen {
        let want = expected(name);
        assert_eq!(
            (*outcome, *failed_by, *cause, *first, *status),
            (want.outcome, want.failed_by, want.cause, Some(want.first_finding), want.status),
            "{name}: {step}"
        );
    }
    for c in &caps {
        let bytes = std::fs::read(&c.file).expect("read capture");
        let decoded = capture::decode(&bytes, Format::Auto).expect("decodes");
        check_words(c, &capture_report(&decoded, None, &Inputs::default(), NOW));
    }
    // With the test PKI's CA and the hostname, a TLS 1.2 capture's chain gets its verdicts.
    let ca = std::fs::read_to_string(dir.join("pki/chain_ok/ca.pem")).expect("ca.pem");
    let tls12 = caps.iter().find(|c| c.name == "tls12_login").expect("tls12");
    let decoded = capture::decode(&std::fs::read(&tls12.file).expect("read"), Format::Auto).expect("decodes");
    let inputs = Inputs { ca_bundle: ca, hosts: vec!["localhost".into()], ..Inputs::default() };
    let report = capture_report(&decoded, None, &inputs, NOW);
    assert_eq!(report.overall.status, Status::Pass, "{}", report.overall.headline);
    assert_eq!(report.findings.iter().map(|f| f.id).collect::<Vec<_>>(), []);
    assert_eq!(report.inputs.served_certificates, 2, "the chain comes from the TLS 1.2 capture");
}

/// 2026-01-01: the test PKI's certificates are valid, the expired leaf is not.
const NOW: i64 = 1_767_225_600;
