//! SYNTHETIC byte fixtures for MySQL-only behaviour MariaDB cannot produce (ERR 3159, a MySQL
//! 8.0 greeting with caching_sha2_password, the 8.0.28+ refusal of TLS 1.0), built from the
//! documented formats; and captures through share links with their logins redacted.

mod support;

use mysql_tls_doctor::report::{Report, Status};
use mysql_tls_doctor::share::{self, SharedState};
use mysql_tls_doctor::source::probe::legacy_hello;
use mysql_tls_doctor::vocab::catalogue::RuleId;
use mysql_tls_doctor::vocab::{Direction, Transcript};
use mysql_tls_doctor::{analyze, Inputs};
use support::wire::{err_packet, greeting, packet, ssl_request};

fn report(t: Transcript) -> Report {
    analyze(&Inputs { capture: Some(t), ..Inputs::default() }, 1_767_225_600)
}

fn ids(r: &Report) -> Vec<RuleId> {
    r.findings.iter().map(|f| f.id).collect()
}

/// A HandshakeResponse41 for `alice` with a 20-byte auth response, a database and attributes.
fn login(seq: u8) -> Vec<u8> {
    let caps: u32 = 0x0000_0200 | 0x0000_8000 | 0x0008_0000 | 0x0000_0008 | 0x0010_0000 | 0x0000_0001;
    let mut p = caps.to_le_bytes().to_vec();
    p.extend_from_slice(&0x0100_0000u32.to_le_bytes());
    p.push(0xff);
    p.extend_from_slice(&[0; 23]);
    p.extend_from_slice(b"alice\0");
    p.push(20);
    p.extend_from_slice(b"SECRETAUTHBYTES12345");
    p.extend_from_slice(b"payroll_db\0");
    p.extend_from_slice(b"caching_sha2_password\0");
    let attrs = b"\x0c_client_name\x08libmysql";
    p.push(attrs.len() as u8);
    p.extend_from_slice(attrs);
    packet(seq, &p)
}

/// MySQL's answer to a plaintext login under require_secure_transport=ON (sequence id 2).
fn err_3159() -> Vec<u8> {
    err_packet(
        2,
        3159,
        "HY000",
        "Connections using insecure transport are prohibited while --require_secure_transport=ON.",
    )
}

#[test]
fn mysql_require_secure_transport_3159_with_caching_sha2() {
    let t = Transcript::from_parts(&[
        (Direction::ServerToClient, greeting()),
        (Direction::ClientToServer, login(1)),
        (Direction::ServerToClient, err_3159()),
    ]);
    let r = report(t);
    assert_eq!(
        ids(&r),
        [
            RuleId::RequireSecureTransport,
            RuleId::ClientStayedPlaintext,
            RuleId::CachingSha2Plaintext,
            RuleId::NoCaBundle
        ]
    );
    assert_eq!(r.overall.status, Status::Fail);
    let f = r.finding(RuleId::RequireSecureTransport).expect("finding");
    assert!(f.explanation.contains("3159") && f.explanation.contains("parameter group"), "{}", f.explanation);
    // The user name and auth data never reach the report (the database name does: the person
    // who pasted it sees it decoded; links leave it out).
    let json = serde_json::to_string(&r).expect("json");
    for secret in ["alice", "SECRETAUTHBYTES"] {
        assert!(!json.contains(secret), "{secret} leaked into the report");
    }
}

#[test]
fn err_before_the_greeting_is_not_a_tls_problem() {
    let mut p = vec![0xff];
    p.extend_from_slice(&1130u16.to_le_bytes());
    p.extend_from_slice(b"Host '10.1.2.3' is not allowed to connect to this MySQL server");
    let r = report(Transcript::from_parts(&[(Direction::ServerToClient, packet(0, &p))]));
    assert_eq!(ids(&r), [RuleId::RefusedBeforeGreeting, RuleId::NoCaBundle]);
    assert_eq!(r.overall.status, Status::Fail);
    let f = r.finding(RuleId::RefusedBeforeGreeting).expect("finding");
    assert_eq!(f.title, "The server refused the connection before any TLS (error 1130)");
    assert!(f.explanation.contains("no account exists for the host"), "{}", f.explanation);
    assert!(f.fix.contains("Create the account"));
}

#[test]
fn client_offering_only_tls_1_0_to_mysql_8_0_36() {
    let t = Transcript::from_parts(&[
        (Direction::ServerToClient, greeting()),
        (Direction::ClientToServer, ssl_request()),
        (
            Direction::ClientToServer,
            legacy_hello::client_hello(
                mysql_tls_doctor::decode::tls::ProtocolVersion::TLS_1_0,
                [1; 32],
                Some("db.example.com"),
            ),
        ),
    ]);
    let r = report(t);
    assert_eq!(ids(&r), [RuleId::TlsVersionMismatch, RuleId::NoCaBundle]);
    assert_eq!(r.overall.status, Status::Fail);
    let f = r.finding(RuleId::TlsVersionMismatch).expect("finding");
    assert_eq!(f.title, "The client offers only TLS 1.0 to 8.0.36");
    assert!(f.explanation.contains("8.0.28"), "{}", f.explanation);
}

#[test]
fn a_capture_in_a_link_keeps_its_findings_and_loses_its_secrets() {
    let t = Transcript::from_parts(&[
        (Direction::ServerToClient, greeting()),
        (Direction::ClientToServer, login(1)),
        (Direction::ServerToClient, err_3159()),
        (Direction::ClientToServer, packet(0, b"\x03SELECT secret FROM payroll")),
    ]);
    let inputs = Inputs { capture: Some(t), hosts: vec!["db.example.com".into()], ..Inputs::default() };
    let before = analyze(&inputs, 1_767_225_600);
    let state = SharedState::from_inputs(&inputs, None, None);
    let link = share::encode(&state);
    let raw = {
        use base64::Engine as _;
        let packed =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(link.trim_start_matches("v1.")).expect("b64");
        miniz_oxide::inflate::decompress_to_vec(&packed).expect("inflate")
    };
    for secret in [&b"alice"[..], b"SECRETAUTHBYTES", b"payroll", b"SELECT", b"_client_name"] {
        assert!(
            !raw.windows(secret.len()).any(|w| w == secret),
            "{} travelled in the link",
            String::from_utf8_lossy(secret)
        );
    }
    assert_eq!(
        share::preview::describe(&state),
        [
            "CA bundle: none",
            "Server chain: 0 certificate(s)",
            "Hostnames: db.example.com",
            "Check time: whenever the link is opened",
            "Capture: 3 handshake message(s), 247 bytes (user names replaced by 'redacted', auth data, databases, \
             queries and encrypted records left out)",
            "Never included: private keys, passwords, user names, client addresses, text around the certificates.",
        ]
    );
    let opened = share::decode(&link).expect("decodes").into_inputs(None).expect("opens");
    let after = analyze(&opened.inputs, 1_767_225_600);
    assert_eq!(ids(&before), ids(&after));
    assert_eq!(
        ids(&after),
        [
            RuleId::RequireSecureTransport,
            RuleId::ClientStayedPlaintext,
            RuleId::CachingSha2Plaintext,
            RuleId::NoCaBundle
        ]
    );
    assert_eq!(before.overall.status, after.overall.status);
}
