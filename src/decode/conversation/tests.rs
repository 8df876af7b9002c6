//! Conversation tests over synthetic connections built from the documented formats (the real
//! captures are checked against tshark elsewhere).

use super::*;
use crate::decode::mysql::greeting::tests::{synthetic_mariadb_payload, synthetic_mysql8_payload};
use crate::decode::mysql::handshake_response::tests::synthetic_payload as synthetic_login;
use crate::decode::mysql::ssl_request::tests::synthetic_openssl_payload;
use crate::decode::mysql::Tool;
use crate::decode::test_wire::{certificate_body as cert_body, err_payload, handshake as hs, packet, record};
use crate::decode::tls::handshake::tests::{synthetic_client_hello_body, synthetic_server_hello_body};
use crate::decode::tls::{AlertDescription, CipherSuite, ProtocolVersion};
use crate::evidence::{evidence, ErrWhen};

use Direction::{ClientToServer as C2S, ServerToClient as S2C};

/// A transcript built by chained sends (bytes per direction, wire order recorded).
#[derive(Default)]
pub(crate) struct Wire(pub Transcript);

impl Wire {
    pub(crate) fn send(&mut self, dir: Direction, bytes: &[u8]) -> &mut Self {
        self.0.push(dir, bytes);
        self
    }
}

const FAKE_DER: &[u8] = &[0x30, 0x03, 0x02, 0x01, 0x07];

/// MariaDB, openssl s_client, TLS 1.2: the client rejects the chain (unknown_ca) and the
/// server answers in clear with ERR 1043.
pub(crate) fn synthetic_tls12_unknown_ca() -> Transcript {
    let mut flight = hs(2, &synthetic_server_hello_body(0xC030, false));
    flight.extend(hs(11, &cert_body(&[FAKE_DER])));
    flight.extend(hs(14, &[]));
    let mut w = Wire::default();
    w.send(S2C, &packet(0, &synthetic_mariadb_payload()))
        .send(C2S, &packet(1, &synthetic_openssl_payload()))
        .send(C2S, &record(22, &hs(1, &synthetic_client_hello_body())))
        .send(S2C, &record(22, &flight))
        .send(C2S, &record(21, &[2, 48]))
        .send(S2C, &packet(2, &err_payload(1043, Some("08S01"), "Bad handshake")));
    w.0
}

fn labels(c: &Conversation) -> Vec<(Direction, &'static str)> {
    c.messages.iter().map(|m| (m.dir, m.kind.label())).collect()
}

fn all_fields_inside(fields: &[Field], range: &std::ops::Range<usize>) -> bool {
    fields
        .iter()
        .all(|f| f.range.start >= range.start && f.range.end <= range.end && all_fields_inside(&f.children, range))
}

#[test]
fn reads_tls12_failure_with_plaintext_err_1043() {
    let t = synthetic_tls12_unknown_ca();
    let c = decode(&t);
    assert_eq!(c.errors, vec![]);
    assert_eq!(
        labels(&c),
        vec![
            (S2C, "Greeting"),
            (C2S, "SSLRequest"),
            (C2S, "ClientHello"),
            (S2C, "ServerHello"),
            (S2C, "Certificate"),
            (S2C, "Handshake"),
            (C2S, "Alert"),
            (S2C, "ERR"),
        ]
    );
    let greeting_len = 4 + synthetic_mariadb_payload().len();
    let sh = c.messages.get(3).expect("ServerHello");
    assert_eq!(sh.range.start, greeting_len, "the record header belongs to the ServerHello");
    assert_eq!((sh.index_in_dir, sh.seq), (1, None));
    let cert = c.messages.get(4).expect("Certificate");
    assert_eq!(cert.range.start, sh.range.end);
    let err = c.messages.get(7).expect("ERR");
    assert_eq!((err.seq, err.range.end), (Some(2), t.to_client.len()));
    assert_eq!(err.summary, "ERR 1043 (08S01): Bad handshake");
    for m in &c.messages {
        assert!(all_fields_inside(&m.fields, &m.range), "{}: {:?}", m.summary, m.fields);
    }

    let e = evidence(&c, &t);
    let g = e.greeting.clone().expect("greeting");
    assert!(g.is_mariadb && g.offers_tls);
    assert_eq!(g.version, "10.11.6-MariaDB-0+deb12u1");
    assert_eq!(e.ssl_request.as_ref().and_then(|s| s.tool), Some(Tool::OpensslSClientOrSslscan));
    let ch = e.client_hello.clone().expect("client hello");
    assert_eq!(ch.sni.as_deref(), Some("db.example.com"));
    assert_eq!(ch.offered_versions, vec![ProtocolVersion::TLS_1_3, ProtocolVersion::TLS_1_2]);
    let sh = e.server_hello.clone().expect("server hello");
    assert_eq!((sh.version, sh.suite), (ProtocolVersion::TLS_1_2, CipherSuite(0xC030)));
    assert_eq!(e.server_certificates, vec![FAKE_DER.to_vec()]);
    assert_eq!(e.alerts.len(), 1);
    assert_eq!(e.alerts.first().map(|a| (a.from, a.description)), Some((C2S, AlertDescription::UNKNOWN_CA)));
    let err = e.errors.first().expect("ERR");
    assert_eq!((err.when, err.code, err.from), (ErrWhen::AfterTlsStarted, 1043, S2C));
    assert_eq!(e.last_sender, Some(S2C));
    assert!(!e.tls13_encrypted_followed);
}

#[test]
fn reads_tls13_and_marks_encrypted_records() {
    let mut w = Wire::default();
    let mut ssl = synthetic_openssl_payload();
    if let Some(c) = ssl.get_mut(0..4) {
        c.copy_from_slice(&0x01FF_AA8Fu32.to_le_bytes());
    }
    w.send(S2C, &packet(0, &synthetic_mysql8_payload()))
        .send(C2S, &packet(1, &ssl))
        .send(C2S, &record(22, &hs(1, &synthetic_client_hello_body())))
        .send(S2C, &record(22, &hs(2, &synthetic_server_hello_body(0x1302, true))))
        .send(S2C, &record(20, &[1]))
        .send(S2C, &record(23, &[0xAB; 40]))
        .send(C2S, &record(20, &[1]))
        .send(C2S, &record(23, &[0xCD; 30]));
    let c = decode(&w.0);
    assert_eq!(c.errors, vec![]);
    assert_eq!(
        labels(&c).into_iter().skip(3).collect::<Vec<_>>(),
        vec![
            (S2C, "ServerHello"),
            (S2C, "ChangeCipherSpec"),
            (S2C, "Encrypted"),
            (C2S, "ChangeCipherSpec"),
            (C2S, "Encrypted"),
        ]
    );
    let e = evidence(&c, &w.0);
    assert_eq!(e.ssl_request.as_ref().and_then(|s| s.tool), None);
    assert_eq!(e.server_hello.map(|s| s.version), Some(ProtocolVersion::TLS_1_3));
    assert!(e.tls13_encrypted_followed);
    assert_eq!((e.encrypted_from_client, e.encrypted_from_server), (1, 1));
    assert!(e.server_certificates.is_empty());
}

#[test]
fn reads_plaintext_login_refused_with_3159_and_keeps_user_secret() {
    let msg = "Connections using insecure transport are prohibited while --require_secure_transport=ON.";
    let mut w = Wire::default();
    w.send(S2C, &packet(0, &synthetic_mysql8_payload()))
        .send(C2S, &packet(1, &synthetic_login(b"alice")))
        .send(S2C, &packet(2, &err_payload(3159, Some("HY000"), msg)));
    let c = decode(&w.0);
    assert_eq!(c.errors, vec![]);
    assert_eq!(labels(&c), vec![(S2C, "Greeting"), (C2S, "HandshakeResponse"), (S2C, "ERR")]);
    let e = evidence(&c, &w.0);
    let login = e.plaintext_login.clone().expect("login");
    assert_eq!(login.auth_plugin.as_deref(), Some("caching_sha2_password"));
    assert_eq!(login.client_name.as_deref(), Some("libmysq"));
    let err = e.errors.first().expect("ERR");
    assert_eq!(
        (err.when, err.code, err.sqlstate.as_deref(), err.text.as_str()),
        (ErrWhen::AfterPlaintextLogin, 3159, Some("HY000"), msg)
    );
    let everything = format!(
        "{c:?} {} {}",
        serde_json::to_string(&c).unwrap_or_default(),
        serde_json::to_string(&e).unwrap_or_default()
    );
    assert!(!everything.contains("alice"), "the user name leaked");
    let user = Field::find(&c.messages[1].fields, "user name").expect("user field");
    assert_eq!(user.value, "‹redacted› (5 bytes)");
}

#[test]
fn reads_err_before_greeting() {
    let mut w = Wire::default();
    w.send(
        S2C,
        &packet(0, &err_payload(1130, None, "Host '10.1.2.3' is not allowed to connect to this MariaDB server")),
    );
    let c = decode(&w.0);
    assert_eq!(c.errors, vec![]);
    let e = evidence(&c, &w.0);
    assert_eq!(e.greeting, None);
    let err = e.errors.first().expect("ERR");
    assert_eq!((err.when, err.code, err.sqlstate.clone()), (ErrWhen::BeforeGreeting, 1130, None));
}

#[test]
fn reads_caching_sha2_full_authentication_and_command_phase() {
    let mut w = Wire::default();
    w.send(S2C, &packet(0, &synthetic_mysql8_payload()))
        .send(C2S, &packet(1, &synthetic_login(b"bob")))
        .send(S2C, &packet(2, &[0x01, 0x04]))
        .send(C2S, &packet(3, &[0x02]))
        .send(S2C, &packet(4, b"\x01-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n"))
        .send(C2S, &packet(5, &[0x77; 256]))
        .send(S2C, &packet(6, &[0, 0, 0, 2, 0, 0, 0]))
        .send(C2S, &packet(0, b"\x03SELECT 1"))
        .send(S2C, &packet(1, &[1]));
    let c = decode(&w.0);
    assert_eq!(c.errors, vec![]);
    assert_eq!(
        labels(&c),
        vec![
            (S2C, "Greeting"),
            (C2S, "HandshakeResponse"),
            (S2C, "AuthMoreData"),
            (C2S, "Auth data"),
            (S2C, "AuthMoreData"),
            (C2S, "Auth data"),
            (S2C, "OK"),
            (C2S, "Command phase"),
            (S2C, "Command phase"),
        ]
    );
    let e = evidence(&c, &w.0);
    assert!(e.full_auth_requested && e.plaintext_login_ok);
    assert_eq!(
        c.messages.get(2).map(|m| m.summary.as_str()),
        Some("AuthMoreData: perform full authentication (caching_sha2_password)")
    );
}

#[test]
fn reads_certificate_spanning_two_records() {
    let msg = hs(11, &cert_body(&[&[0x30; 40], FAKE_DER]));
    let (a, b) = msg.split_at(20);
    let mut bytes = record(22, a);
    bytes.extend(record(22, b));
    let c = decode_one_direction(&bytes);
    assert_eq!(c.errors, vec![]);
    let [m] = c.messages.as_slice() else {
        panic!("one message: {:?}", labels(&c));
    };
    assert_eq!(m.range, 0..bytes.len());
    let records = m.fields.iter().filter(|f| f.name == "TLS record").count();
    assert_eq!(records, 2);
    let MessageKind::Certificate(cert) = &m.kind else {
        panic!("not a Certificate");
    };
    assert_eq!(cert.ders(), vec![vec![0x30; 40], FAKE_DER.to_vec()]);
    // The first DER starts in record 1 (at 5 + 4 + 3 + 3) and ends in record 2.
    assert_eq!(cert.list.value.first().map(|e| e.der_range.clone()), Some(15..60));
}

#[test]
fn rejects_messages_out_of_protocol_order() {
    let mut w = Wire::default();
    w.send(C2S, &packet(1, &synthetic_openssl_payload())).send(S2C, &packet(0, &synthetic_mysql8_payload()));
    let c = decode(&w.0);
    assert_eq!(
        c.errors.first().map(|p| (p.dir, p.offset, p.kind.clone())),
        Some((
            C2S,
            0,
            ProblemKind::Unexpected {
                phase: Phase::AwaitGreeting,
                event: machine::Event::SslRequest,
                sender: "client"
            }
        ))
    );
}

#[test]
fn reads_without_wire_order() {
    let mut t = synthetic_tls12_unknown_ca();
    t.order.clear();
    let c = decode(&t);
    assert_eq!(c.errors, vec![]);
    let e = evidence(&c, &t);
    assert_eq!(e.errors.first().map(|e| e.when), Some(ErrWhen::AfterTlsStarted));
    assert_eq!(e.alerts.len(), 1);
}

#[test]
fn reads_one_direction_pastes() {
    let greeting = packet(0, &synthetic_mariadb_payload());
    let c = decode_one_direction(&greeting);
    assert_eq!((labels(&c), c.errors.len()), (vec![(S2C, "Greeting")], 0));

    let mut client = packet(1, &synthetic_openssl_payload());
    client.extend(record(22, &hs(1, &synthetic_client_hello_body())));
    let c = decode_one_direction(&client);
    assert_eq!(labels(&c), vec![(C2S, "SSLRequest"), (C2S, "ClientHello")]);
    assert_eq!(c.errors, vec![]);

    let c = decode_one_direction(&record(22, &hs(1, &synthetic_client_hello_body())));
    assert_eq!(labels(&c), vec![(C2S, "ClientHello")]);

    let c = decode_one_direction(&packet(2, &err_payload(1045, Some("28000"), "Access denied")));
    assert_eq!(labels(&c), vec![(S2C, "ERR")]);

    let mut server = greeting;
    server.extend(record(22, &hs(2, &synthetic_server_hello_body(0x1301, true))));
    server.extend(record(23, &[0; 20]));
    let c = decode_one_direction(&server);
    assert_eq!(labels(&c), vec![(S2C, "Greeting"), (S2C, "ServerHello"), (S2C, "Encrypted")]);
    assert_eq!(c.errors, vec![], "one direction is not checked against the other side");
}

#[test]
fn rejects_truncated_record_as_incomplete() {
    let mut bytes = record(22, &hs(1, &synthetic_client_hello_body()));
    bytes.truncate(bytes.len() - 3);
    let c = decode_one_direction(&bytes);
    assert_eq!(labels(&c), vec![(C2S, "Unknown")]);
    let p = c.errors.first().expect("a problem");
    assert!(p.is_incomplete(), "{p:?}");
    assert_eq!(
        p.kind,
        ProblemKind::Tls(crate::decode::tls::DecodeError::Truncated { offset: 0, what: "TLS record", needed: 3 })
    );
    assert_eq!(c.messages.first().map(|m| m.range.clone()), Some(0..bytes.len()));
}

#[test]
fn rejects_non_mysql_bytes_with_one_clear_problem() {
    let c = decode_one_direction(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(labels(&c), vec![(S2C, "Unknown")]);
    assert_eq!(c.errors.len(), 1);
    assert!(matches!(
        c.errors.first().map(|p| &p.kind),
        Some(ProblemKind::Frame(crate::decode::mysql::FrameError::Oversize { offset: 0, .. }))
    ));
    assert!(c.errors[0].message.contains("declares a"), "{}", c.errors[0].message);
}

#[test]
fn makes_hostile_text_safe() {
    let mut p = synthetic_mysql8_payload();
    let evil = b"8.0.36\x1b[31m\xe2\x80\xae";
    p.splice(1..7, evil.iter().copied());
    let c = decode_one_direction(&packet(0, &p));
    let m = c.messages.first().expect("greeting");
    assert!(m.summary.contains("\\u{1b}[31m\\u{202e}"), "{}", m.summary);
    let v = Field::find(&m.fields, "server version").expect("version field");
    assert!(!v.value.contains('\u{1b}'));
    assert_eq!(v.range, 5..(5 + evil.len() + 1));
}

#[test]
fn reads_greeting_fields_with_ranges() {
    let c = decode_one_direction(&packet(0, &synthetic_mysql8_payload()));
    let f = &c.messages[0].fields;
    let get = |n| Field::find(f, n).map(|x| (x.value.clone(), x.range.clone()));
    assert_eq!(get("payload length"), Some(("74".into(), 0..3)));
    assert_eq!(get("sequence id"), Some(("0".into(), 3..4)));
    assert_eq!(get("protocol version"), Some(("10".into(), 4..5)));
    assert_eq!(get("connection id"), Some(("42".into(), 12..16)));
    assert_eq!(get("capability flags (lower)"), Some(("0xffff".into(), 25..27)));
    assert_eq!(get("character set"), Some(("255 (utf8mb4_0900_ai_ci)".into(), 27..28)));
    assert_eq!(get("CLIENT_SSL"), Some(("set".into(), 25..27)));
    assert_eq!(get("auth plugin name"), Some(("caching_sha2_password".into(), 56..78)));
}

#[test]
fn rejects_handshake_interrupted_by_another_record() {
    let msg = hs(1, &synthetic_client_hello_body());
    let (first, _) = msg.split_at(30);
    let mut bytes = record(22, first);
    bytes.extend(record(21, &[2, 40]));
    let c = decode_one_direction(&bytes);
    assert_eq!(labels(&c), vec![(C2S, "Unknown"), (C2S, "Alert")]);
    assert_eq!(c.messages.first().map(|m| m.range.clone()), Some(0..35));
    assert!(matches!(
        c.errors.first().map(|p| &p.kind),
        Some(ProblemKind::Tls(crate::decode::tls::DecodeError::Invalid { offset: 5, what: "handshake message", .. }))
    ));
}

#[test]
fn alternates_directions_for_a_stand_in_order() {
    let t = Transcript::alternating(vec![1; 3], vec![2; 5], 2);
    assert_eq!(t.order, vec![(S2C, 0..2), (C2S, 0..2), (S2C, 2..4), (C2S, 2..3), (S2C, 4..5)]);
}

#[test]
fn keeps_a_broken_login_secret() {
    let mut login = synthetic_login(b"carol");
    login.truncate(38); // inside the auth response
    let mut w = Wire::default();
    w.send(S2C, &packet(0, &synthetic_mysql8_payload())).send(C2S, &packet(1, &login));
    let c = decode(&w.0);
    assert_eq!(labels(&c), vec![(S2C, "Greeting"), (C2S, "Unknown")]);
    assert!(matches!(
        c.errors.first().map(|p| &p.kind),
        Some(ProblemKind::Mysql(crate::decode::mysql::DecodeError::Truncated { .. }))
    ));
    let json = serde_json::to_string(&c).unwrap_or_default();
    assert!(!json.contains("carol") && !json.contains("6361726f6c"), "{json}");
}
