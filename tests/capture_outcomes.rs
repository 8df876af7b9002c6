//! The capture, rebuilt: ten SYN→RST refusals one second apart while the server was
//! down, then one connection whose greeting is replaced by ERR 1130. Every connection gets its
//! outcome, the most telling one (the 1130) is the one the report is about, and the summary
//! names the refusals.

mod support;

use mysql_tls_doctor::report::connections::{summary_lines, Outcome, Side};
use mysql_tls_doctor::report::Status;
use mysql_tls_doctor::rules::outcome::{capture_report, outcomes};
use mysql_tls_doctor::source::capture::{decode, Format};
use mysql_tls_doctor::vocab::catalogue::RuleId;
use mysql_tls_doctor::Inputs;
use support::pcap_writer::{pcap, Flow, Link, Tcp, ACK, RST, SYN};
use support::wire;

fn refused(port: u16) -> Vec<Tcp> {
    let f = Flow::new(&format!("10.0.0.2:{port}"), "10.0.0.1:3306");
    vec![
        Tcp::new(f.client, f.server, f.cseq, 0, SYN, &[]),
        Tcp::new(f.server, f.client, 0, f.cseq.wrapping_add(1), RST | ACK, &[]),
    ]
}

/// ERR 1130 (no SQLSTATE marker before a greeting) instead of the greeting, then the server closes.
fn host_not_allowed(port: u16) -> Vec<Tcp> {
    let mut f = Flow::new(&format!("10.0.0.2:{port}"), "10.0.0.1:3306");
    let mut payload = vec![0xff, 0x6a, 0x04];
    payload.extend_from_slice(b"Host '10.0.0.2' is not allowed to connect to this MariaDB server");
    let mut v = f.open();
    v.push(f.server(&wire::packet(0, &payload)));
    let fin = Tcp::new(f.server, f.client, f.sseq, f.cseq, support::pcap_writer::FIN | ACK, &[]);
    v.push(fin);
    v
}

fn capture() -> Vec<u8> {
    let mut packets: Vec<Tcp> = (0..10).flat_map(|i| refused(40_000 + i)).collect();
    packets.extend(host_not_allowed(40_010));
    pcap(Link::Ethernet, &packets)
}

#[test]
fn refusals_are_named_and_the_err_instead_of_a_greeting_leads() {
    let decoded = decode(&capture(), Format::Auto).expect("decodes");
    let list = outcomes(&decoded, None);
    assert_eq!(support::streamed::assert_same(&capture(), None), 11, "streamed, the same");
    let got: Vec<(Outcome, Option<Side>, Option<RuleId>)> =
        list.iter().map(|c| (c.outcome, c.failed_by, c.cause)).collect();
    let mut want = vec![(Outcome::TcpRefused, Some(Side::Server), Some(RuleId::TcpRefused)); 10];
    want.push((Outcome::RefusedBeforeGreeting, Some(Side::Server), Some(RuleId::RefusedBeforeGreeting)));
    assert_eq!(got, want);

    let report = capture_report(&decoded, None, &Inputs::default(), 1_767_225_600);
    assert_eq!(report.selected_connection, Some(10));
    assert_eq!(report.overall.status, Status::Fail);
    assert_eq!(
        report.overall.headline,
        "Connection #10 could not connect: The server refused the connection before any TLS (error 1130)"
    );
    assert_eq!(
        report.findings.iter().map(|f| f.id).collect::<Vec<_>>(),
        [RuleId::RefusedBeforeGreeting, RuleId::NoCaBundle]
    );
    assert_eq!(
        summary_lines(&report.connections, report.selected_connection).last().map(String::as_str),
        Some(
            "* #10 10.0.0.2:40010 → 10.0.0.1:3306  refused-before-greeting by server: ERR 1130 instead of the greeting"
        )
    );
    assert_eq!(
        summary_lines(&report.connections, None).first().map(String::as_str),
        Some("  #0 10.0.0.2:40000 → 10.0.0.1:3306  tcp-refused by server: SYN answered by RST: nothing listens on the port")
    );
}

#[test]
fn a_refusal_alone_is_the_report_and_says_nothing_listens() {
    let decoded = decode(&pcap(Link::Ethernet, &refused(40_000)), Format::Auto).expect("decodes");
    let report = capture_report(&decoded, None, &Inputs::default(), 1_767_225_600);
    assert_eq!(report.overall.status, Status::Fail);
    assert_eq!(
        report.findings.first().map(|f| (f.id, f.title.as_str())),
        Some((RuleId::TcpRefused, "Nothing listens on 10.0.0.1:3306: the connection was refused"))
    );
}

#[test]
fn twelve_thousand_connections_are_summarised_in_groups() {
    let mut packets: Vec<Tcp> = (0..12_000u32).flat_map(|i| refused(10_000 + (i % 50_000) as u16)).collect();
    packets.extend(host_not_allowed(9_000));
    let file = pcap(Link::Ethernet, &packets);
    assert_eq!(support::streamed::assert_same(&file, None), 12_001, "streamed, the same");
    let decoded = decode(&file, Format::Auto).expect("decodes");
    let list = outcomes(&decoded, None);
    assert_eq!(
        summary_lines(&list, None),
        [
            "12,001 connections:",
            "  12,000 × tcp-refused by server: SYN answered by RST: nothing listens on the port (first: #0)",
            "  1 × refused-before-greeting by server: ERR 1130 instead of the greeting (first: #12000)",
        ]
    );
}
