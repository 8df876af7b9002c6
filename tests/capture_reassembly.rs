//! TCP reassembly through whole (SYNTHETIC) captures: reordering, retransmits, overlaps, gaps,
//! wraparound, captures that start mid-connection, reused 4-tuples, caps.

mod support;

use mysql_tls_doctor::source::capture::{decode, Connection, Decoded, Format};

use mysql_tls_doctor::vocab::Direction;
use support::pcap_writer::{self as w, Flow, Link, Tcp};
use support::wire;

/// The connections of `packets`; the streamed read (connections let go as they end) must read
/// them the same.
fn conns(packets: &[Tcp]) -> Vec<Connection> {
    let file = w::pcap(Link::Ethernet, packets);
    support::streamed::assert_same(&file, None);
    match decode(&file, Format::Auto).expect("decodes") {
        Decoded::Connections { connections, .. } => connections,
        other => panic!("{other:?}"),
    }
}

/// Byte-for-byte equality without printing kilobytes on failure.
fn same(got: &[u8], want: &[u8]) {
    let first = got.iter().zip(want).position(|(a, b)| a != b);
    assert!(got == want, "lengths {} vs {}, first difference at {first:?}", got.len(), want.len());
}

fn one(packets: &[Tcp]) -> Connection {
    let mut c = conns(packets);
    assert_eq!(c.len(), 1);
    c.remove(0)
}

/// A server flight of 3000 bytes in 3 segments, then the client's reply.
fn flight(f: &mut Flow) -> (Vec<u8>, Vec<Tcp>) {
    let data: Vec<u8> = (0..3000u32).map(|i| (i % 251) as u8).collect();
    let mut v = f.open();
    v.push(f.server(&wire::greeting()));
    v.extend(f.server_segments(&data, 1000));
    v.push(f.client(b"reply"));
    ([wire::greeting(), data].concat(), v)
}

#[test]
fn reads_out_of_order_segments_in_sequence_order() {
    let mut f = Flow::new("10.0.0.2:50000", "10.0.0.1:3306");
    let (want, mut v) = flight(&mut f);
    v.swap(4, 6); // third segment before the first
    let c = one(&v);
    same(&c.transcript.to_client, &want);
    assert_eq!(c.transcript.to_server, b"reply");
    assert!(c.gaps.is_empty());
    assert_eq!(c.notes, ["server → client: 2 segments arrived out of order and were put back in sequence"]);
}

#[test]
fn a_retransmit_and_an_overlap_keep_the_first_copy() {
    let mut f = Flow::new("10.0.0.2:50000", "10.0.0.1:3306");
    let (want, mut v) = flight(&mut f);
    let again = v[5].clone();
    let mut overlap = v[5].clone();
    overlap.seq = overlap.seq.wrapping_add(500);
    overlap.payload = vec![0xee; 1000]; // different bytes over 500 seen + 500 new
    v.insert(6, again);
    v.insert(7, overlap);
    let c = one(&v);
    // The overlap covers 500 delivered bytes (dropped) and 500 new ones (2000..2500 of the
    // flight), which arrive before segment 3: there they are the first copy and win.
    let mut expect = want.clone();
    let base = wire::greeting().len();
    expect[base + 2000..base + 2500].fill(0xee);
    same(&c.transcript.to_client, &expect);
    assert_eq!(
        c.notes,
        ["server → client: 2000 bytes were captured twice (retransmits/overlaps; the first copy is used)"]
    );
}

#[test]
fn a_mysql_packet_split_across_segments_is_one_run() {
    let mut f = Flow::new("10.0.0.2:50000", "10.0.0.1:3306");
    let mut v = f.open();
    let g = wire::greeting();
    v.push(f.server(&g[..3]));
    v.push(f.server(&g[3..40]));
    v.push(f.server(&g[40..]));
    let c = one(&v);
    assert_eq!(c.transcript.to_client, g);
    assert_eq!(c.transcript.order, vec![(Direction::ServerToClient, 0..g.len())]);
    assert!(c.likely_mysql);
}

#[test]
fn a_missing_segment_is_a_gap_and_the_stream_goes_on() {
    let mut f = Flow::new("10.0.0.2:50000", "10.0.0.1:3306");
    let (want, mut v) = flight(&mut f);
    v.remove(5); // the middle 1000 bytes were never captured; the client's ACK covers them
    let c = one(&v);
    let base = wire::greeting().len();
    same(&c.transcript.to_client, &[&want[..base + 1000], &want[base + 2000..]].concat());
    assert_eq!(c.gaps, vec![(Direction::ServerToClient, 1000)]);
    assert_eq!(
        c.notes,
        [
            format!("server → client: 1000 bytes were not captured before byte {} of this direction", base + 1000),
            // The segment after the gap arrived ahead of the expected sequence number.
            "server → client: 1 segments arrived out of order and were put back in sequence".to_owned(),
        ]
    );
    // Wire order: the bytes after the gap come before the client's reply.
    assert_eq!(
        c.transcript.order,
        vec![(Direction::ServerToClient, 0..want.len() - 1000), (Direction::ClientToServer, 0..5)]
    );
}

#[test]
fn a_gap_nobody_acknowledged_is_closed_at_the_end() {
    let mut f = Flow::new("10.0.0.2:50000", "10.0.0.1:3306");
    let (want, mut v) = flight(&mut f);
    v.pop(); // no reply, so no ACK
    v.remove(4);
    let c = one(&v);
    let base = wire::greeting().len();
    same(&c.transcript.to_client, &[&want[..base], &want[base + 1000..]].concat());
    assert_eq!(c.gaps, vec![(Direction::ServerToClient, 1000)]);
}

#[test]
fn reads_across_sequence_number_wraparound() {
    let mut f = Flow::new("10.0.0.2:50000", "10.0.0.1:3306").with_isns(u32::MAX - 10, u32::MAX - 1500);
    let (want, mut v) = flight(&mut f);
    v.swap(5, 6);
    let c = one(&v);
    same(&c.transcript.to_client, &want);
    assert!(c.gaps.is_empty());
}

#[test]
fn without_a_syn_the_client_is_found_by_port_greeting_or_ephemeral_port() {
    // By the MySQL port.
    let mut f = Flow::new("10.0.0.2:50000", "10.0.0.1:3306");
    f.open();
    let v = vec![f.client(b"hello"), f.server(b"world")];
    let c = one(&v);
    assert_eq!(c.client.to_string(), "10.0.0.2:50000");
    assert!(c.notes[0].starts_with("no SYN captured"), "{:?}", c.notes);
    assert!(c.notes[0].contains("MySQL port"));
    // By the greeting, on a port that is not MySQL's, captured from the server's first packet.
    let mut f = Flow::new("10.0.0.2:1000", "10.0.0.1:2000");
    f.open();
    let v = vec![f.server(&wire::greeting()), f.client(&wire::ssl_request())];
    let c = one(&v);
    assert_eq!((c.client.to_string(), c.server.to_string()), ("10.0.0.2:1000".into(), "10.0.0.1:2000".into()));
    assert!(c.likely_mysql);
    // By the ephemeral port.
    let mut f = Flow::new("10.0.0.2:61000", "10.0.0.1:8080");
    f.open();
    let c = one(&[f.server(b"x"), f.client(b"y")]);
    assert_eq!(c.server.port(), 8080);
    assert!(!c.likely_mysql);
}

#[test]
fn a_reused_four_tuple_after_a_new_syn_is_a_new_connection() {
    let mut a = Flow::new("10.0.0.2:50000", "10.0.0.1:3306");
    let mut v = a.open();
    v.push(a.server(&wire::greeting()));
    v.extend(a.close());
    let mut b = Flow::new("10.0.0.2:50000", "10.0.0.1:3306").with_isns(90_000, 70_000);
    v.extend(b.open());
    v.push(b.server(&wire::err_packet(0, 1040, "08004", "Too many connections")));
    let c = conns(&v);
    assert_eq!(c.len(), 2);
    assert_eq!((c[0].id, c[0].first_packet, c[0].packets), (0, 1, 7));
    assert_eq!((c[1].id, c[1].first_packet, c[1].packets), (1, 8, 4));
    assert_eq!(c[1].transcript.to_client, wire::err_packet(0, 1040, "08004", "Too many connections"));
}

#[test]
fn interleaved_connections_keep_their_own_bytes() {
    let mut flows: Vec<Flow> = (0..5).map(|i| Flow::new(&format!("10.0.0.2:{}", 50000 + i), "10.0.0.1:3306")).collect();
    let mut v = Vec::new();
    for f in &mut flows {
        v.extend(f.open());
    }
    for round in 0..3u8 {
        for (i, f) in flows.iter_mut().enumerate() {
            v.push(f.client(&[i as u8, round]));
            v.push(f.server(&[round, i as u8]));
        }
    }
    let c = conns(&v);
    assert_eq!(c.len(), 5);
    for (i, c) in c.iter().enumerate() {
        let i = i as u8;
        assert_eq!(c.transcript.to_server, vec![i, 0, i, 1, i, 2]);
        assert_eq!(c.transcript.to_client, vec![0, i, 1, i, 2, i]);
        assert_eq!(c.transcript.order.len(), 6);
    }
}
