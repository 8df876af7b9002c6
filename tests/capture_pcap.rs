//! pcap and pcapng files → connections: every link type, both IP versions, both byte orders,
//! µs and ns, several interfaces, EPB and SPB, the streaming decoder. All captures here are
//! SYNTHETIC (tests/support/pcap_writer/, tests/support/wire.rs); real MariaDB captures are
//! tested elsewhere.

mod support;

use mysql_tls_doctor::source::capture::{decode, Decoded, Decoder, Format, Location, ProblemKind};

use mysql_tls_doctor::vocab::Direction;
use support::pcap_writer::{self as w, Flow, Link, Pcap, Pcapng, Tcp};
use support::wire;

fn cert() -> Vec<u8> {
    (0..700u32).map(|i| (i * 7) as u8).collect()
}

fn session(flow: &mut Flow) -> Vec<Tcp> {
    w::mysql_tls_session(flow, &cert())
}

fn connections(d: &Decoded) -> &[mysql_tls_doctor::source::capture::Connection] {
    match d {
        Decoded::Connections { connections, .. } => connections,
        Decoded::Bytes { .. } => panic!("expected connections, got {d:?}"),
    }
}

/// What a whole session must decode to, whatever carried it.
fn assert_session(d: &Decoded, client: &str, server: &str) {
    let conns = connections(d);
    assert_eq!(conns.len(), 1, "{:?}", d.problems());
    let c = &conns[0];
    assert_eq!((c.client.to_string(), c.server.to_string()), (client.to_owned(), server.to_owned()));
    assert!(c.likely_mysql);
    assert_eq!(c.first_packet, 1);
    assert_eq!(c.packets, 17);
    let t = &c.transcript;
    assert!(t.to_client.starts_with(&wire::greeting()));
    let ssl = wire::ssl_request();
    assert_eq!(&t.to_server[..ssl.len()], &ssl[..]);
    assert_eq!(&t.to_server[ssl.len()..][..5], &wire::client_hello("db.example.com")[..5]);
    // Wire order: greeting, client flight, server flight, client, server, client, server, client.
    let dirs: Vec<Direction> = t.order.iter().map(|(d, _)| *d).collect();
    use Direction::{ClientToServer as C, ServerToClient as S};
    assert_eq!(dirs, vec![S, C, S, C, S, C, S, C]);
    assert_eq!(t.order.last().map(|(_, r)| r.end), Some(t.to_server.len()));
    assert!(c.gaps.is_empty() && c.notes.is_empty(), "{:?}", c.notes);
    assert!(d.problems().is_empty(), "{:?}", d.problems());
}

#[test]
fn reads_pcap_little_big_endian_and_nanoseconds() {
    let packets = session(&mut Flow::new("10.0.0.2:51000", "10.0.0.1:3306"));
    for (big_endian, nanos) in [(false, false), (true, false), (false, true), (true, true)] {
        let mut p = Pcap::with(1, big_endian, nanos);
        for t in &packets {
            p.frame(&Link::Ethernet.frame(&w::ip_packet(t)));
        }
        let d = decode(&p.bytes(), Format::Auto).expect("decodes");
        assert_session(&d, "10.0.0.2:51000", "10.0.0.1:3306");
        let Decoded::Connections { link_type, frames, .. } = &d else { unreachable!() };
        assert_eq!((link_type.as_str(), *frames), ("Ethernet (1)", 17));
    }
}

#[test]
fn reads_every_link_type() {
    for link in [Link::Ethernet, Link::Vlan(42), Link::Sll, Link::Sll2, Link::Null, Link::Loop, Link::RawIp, Link::Ipv4]
    {
        let packets = session(&mut Flow::new("192.0.2.7:40000", "192.0.2.1:3306"));
        let d = decode(&w::pcap(link, &packets), Format::Pcap).expect("decodes");
        assert_session(&d, "192.0.2.7:40000", "192.0.2.1:3306");
    }
}

#[test]
fn reads_ipv6_with_extension_headers_on_every_v6_link() {
    for link in [Link::Ethernet, Link::Sll2, Link::Null, Link::Loop, Link::RawIp, Link::Ipv6] {
        let mut packets = session(&mut Flow::new("[2001:db8::2]:50000", "[2001:db8::1]:3306"));
        for t in &mut packets {
            t.v6_extensions = true;
        }
        let d = decode(&w::pcap(link, &packets), Format::Auto).expect("decodes");
        assert_session(&d, "[2001:db8::2]:50000", "[2001:db8::1]:3306");
    }
}

#[test]
fn reads_ipv4_and_tcp_options() {
    let mut packets = session(&mut Flow::new("10.1.1.2:50001", "10.1.1.1:3306"));
    for t in &mut packets {
        t.ip_options = vec![0x94, 0x04, 0, 0]; // router alert
        t.tcp_options = vec![1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2]; // NOP NOP timestamps
    }
    let d = decode(&w::pcap(Link::Ethernet, &packets), Format::Auto).expect("decodes");
    assert_session(&d, "10.1.1.2:50001", "10.1.1.1:3306");
}

#[test]
fn reads_pcapng_with_interfaces_of_different_link_types() {
    let packets = session(&mut Flow::new("10.0.0.2:51000", "10.0.0.1:3306"));
    for big_endian in [false, true] {
        let mut ng = Pcapng::with(big_endian);
        let eth = ng.interface(1);
        let raw = ng.interface(101);
        for (i, t) in packets.iter().enumerate() {
            let ip = w::ip_packet(t);
            // Alternate interfaces: both must be read with their own link type.
            if i % 2 == 0 {
                ng.epb(eth, &Link::Ethernet.frame(&ip));
            } else {
                ng.epb(raw, &ip);
            }
        }
        let d = decode(&ng.bytes(), Format::Auto).expect("decodes");
        assert_session(&d, "10.0.0.2:51000", "10.0.0.1:3306");
        let Decoded::Connections { link_type, .. } = &d else { unreachable!() };
        assert_eq!(link_type, "Ethernet (1), raw IP (101)");
    }
}

#[test]
fn reads_pcapng_simple_packet_blocks() {
    let packets = session(&mut Flow::new("10.0.0.2:51000", "10.0.0.1:3306"));
    let mut ng = Pcapng::new();
    ng.interface(113);
    for t in &packets {
        ng.spb(&Link::Sll.frame(&w::ip_packet(t)));
    }
    let d = decode(&ng.bytes(), Format::Pcapng).expect("decodes");
    assert_session(&d, "10.0.0.2:51000", "10.0.0.1:3306");
}

#[test]
fn lists_several_connections_and_picks_the_mysql_one() {
    let mut web = Flow::new("10.0.0.2:40000", "10.0.0.9:443");
    let mut web_packets = web.open();
    web_packets.push(web.client(&wire::client_hello("www.example.com")));
    let mut db = Flow::new("10.0.0.2:40001", "10.0.0.1:3306");
    let mut db_packets = session(&mut db);
    let mut dns = Tcp::new("10.0.0.2:40002".parse().expect("a"), "10.0.0.53:53".parse().expect("a"), 1, 0, w::SYN, &[]);
    dns.payload.clear();
    // Interleave: web first, then the database session with a DNS-over-TCP SYN in the middle.
    let mut all = web_packets;
    let tail = db_packets.split_off(4);
    all.extend(db_packets);
    all.push(dns);
    all.extend(tail);
    let d = decode(&w::pcap(Link::Ethernet, &all), Format::Auto).expect("decodes");
    let conns = connections(&d);
    let summary: Vec<(usize, String, bool, usize)> =
        conns.iter().map(|c| (c.id, c.server.to_string(), c.likely_mysql, c.first_packet)).collect();
    assert_eq!(
        summary,
        vec![
            (0, "10.0.0.9:443".into(), false, 1),
            (1, "10.0.0.1:3306".into(), true, 5),
            (2, "10.0.0.53:53".into(), false, 9),
        ]
    );
    assert_eq!(d.default_connection().map(|c| c.id), Some(1));
}

#[test]
fn finds_mysql_on_another_port_by_its_greeting() {
    let packets = session(&mut Flow::new("10.0.0.2:51000", "10.0.0.1:13306"));
    let d = decode(&w::pcap(Link::Ethernet, &packets), Format::Auto).expect("decodes");
    assert!(connections(&d)[0].likely_mysql);
    // … and an ERR instead of a greeting counts too.
    let mut f = Flow::new("10.0.0.2:51000", "10.0.0.1:13306");
    let mut packets = f.open();
    packets.push(f.server(&wire::err_packet(0, 1130, "HY000", "Host is not allowed")));
    let d = decode(&w::pcap(Link::Ethernet, &packets), Format::Auto).expect("decodes");
    assert!(connections(&d)[0].likely_mysql);
}

#[test]
fn non_mysql_traffic_has_no_default_connection() {
    let mut f = Flow::new("10.0.0.2:40000", "10.0.0.9:443");
    let mut packets = f.open();
    packets.push(f.client(&wire::client_hello("www.example.com")));
    packets.push(f.server(b"HTTP/1.1 400 Bad Request\r\n\r\n"));
    let d = decode(&w::pcap(Link::Ethernet, &packets), Format::Auto).expect("decodes");
    assert_eq!(connections(&d).len(), 1);
    assert!(!connections(&d)[0].likely_mysql);
    assert_eq!(d.default_connection(), None);
}

#[test]
fn frames_that_are_not_tcp_are_counted_not_reported() {
    let packets = session(&mut Flow::new("10.0.0.2:51000", "10.0.0.1:3306"));
    let mut p = Pcap::new(1);
    // ARP, then a UDP datagram, then the session.
    let mut arp = vec![0xff; 6];
    arp.extend_from_slice(&[2, 0, 0, 0, 0, 1, 0x08, 0x06]);
    arp.extend_from_slice(&[0; 28]);
    p.frame(&arp);
    let mut udp = w::ip_packet(&packets[0]);
    udp[9] = 17;
    p.frame(&Link::Ethernet.frame(&udp));
    for t in &packets {
        p.frame(&Link::Ethernet.frame(&w::ip_packet(t)));
    }
    let d = decode(&p.bytes(), Format::Auto).expect("decodes");
    assert!(d.problems().is_empty(), "{:?}", d.problems());
    assert_eq!(connections(&d)[0].first_packet, 3);
    // Only non-TCP: one summary problem.
    let mut p = Pcap::new(1);
    p.frame(&arp).frame(&Link::Ethernet.frame(&udp));
    let d = decode(&p.bytes(), Format::Auto).expect("decodes");
    assert_eq!(d.problems()[0].kind, ProblemKind::NoTcp { frames: 2, not_ip: 1, not_tcp: 1 });
}

#[test]
fn the_streaming_decoder_gives_the_same_result_for_any_chunking() {
    let packets = session(&mut Flow::new("10.0.0.2:51000", "10.0.0.1:3306"));
    let mut ng = Pcapng::new();
    let i = ng.interface(1);
    for t in &packets {
        ng.epb(i, &Link::Ethernet.frame(&w::ip_packet(t)));
    }
    for file in [w::pcap(Link::Ethernet, &packets), ng.bytes()] {
        let whole = decode(&file, Format::Auto).expect("decodes");
        for chunk in [1, 3, 7, 64, 1000, file.len()] {
            let mut d = Decoder::new(Format::Auto);
            let mut last = 0;
            for c in file.chunks(chunk) {
                let p = d.push(c);
                assert!(p.bytes >= last);
                last = p.bytes;
            }
            assert_eq!(d.progress().bytes, file.len() as u64);
            assert_eq!(d.progress().connections, 1);
            assert_eq!(d.finish().expect("decodes"), whole, "chunks of {chunk}");
        }
    }
}

#[test]
fn a_pcap_cut_by_snap_length_has_gaps_where_bytes_are_missing() {
    let mut f = Flow::new("10.0.0.2:51000", "10.0.0.1:3306");
    let mut packets = f.open();
    packets.push(f.server(&wire::greeting()));
    packets.push(f.client(&wire::client_hello("db.example.com")));
    packets.push(f.server(&[0x16; 100]));
    let mut p = Pcap::new(1);
    for t in &packets {
        let frame = Link::Ethernet.frame(&w::ip_packet(t));
        // Keep 14 + 20 + 20 + 40 bytes: headers and 40 bytes of payload.
        p.frame_cut(&frame, frame.len().min(94));
    }
    let d = decode(&p.bytes(), Format::Auto).expect("decodes");
    let c = &connections(&d)[0];
    assert_eq!(c.transcript.to_client.len(), 80);
    let ch = wire::client_hello("db.example.com").len() as u64;
    assert_eq!(
        c.gaps,
        vec![
            (Direction::ClientToServer, ch - 40),
            (Direction::ServerToClient, wire::greeting().len() as u64 - 40),
            (Direction::ServerToClient, 60)
        ]
    );
    assert_eq!(d.problems()[0].at, Location::Frame(4));
    assert!(matches!(d.problems()[0].kind, ProblemKind::CapturedShort { captured: 40, .. }));
}

/// The writer's files are what tshark reads (skipped when tshark is not installed).
#[test]
fn tshark_reads_the_synthetic_writer() {
    let Ok(out) = std::process::Command::new("tshark").arg("-v").output() else {
        eprintln!("tshark not installed: skipped");
        return;
    };
    assert!(out.status.success());
    let dir = tempfile::tempdir().expect("tempdir");
    let packets = session(&mut Flow::new("10.0.0.2:51000", "10.0.0.1:3306"));
    let mut ng = Pcapng::new();
    let i = ng.interface(276);
    for t in &packets {
        ng.epb(i, &Link::Sll2.frame(&w::ip_packet(t)));
    }
    for (name, bytes) in [("s.pcap", w::pcap(Link::Vlan(7), &packets)), ("s.pcapng", ng.bytes())] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let out = std::process::Command::new("tshark")
            .args(["-r"])
            .arg(&path)
            .args([
                "-T",
                "fields",
                "-e",
                "tcp.stream",
                "-e",
                "mysql.version",
                "-e",
                "tcp.checksum.status",
                "-o",
                "tcp.check_checksum:TRUE",
            ])
            .output()
            .expect("tshark runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(text.lines().count(), 17, "{text}");
        assert!(text.lines().all(|l| l.starts_with("0\t")), "one stream: {text}");
        assert!(text.contains("\t8.0.36\t"), "greeting dissected: {text}");
        assert!(text.lines().all(|l| l.ends_with("\t1")), "checksums good (1): {text}");
    }
}

/// Writes tests/fixtures/capture/synthetic_session.pcap, from which the text fixtures are
/// made (see tests/fixtures/capture/make.sh). Run: `cargo test --test capture_pcap -- --ignored`.
#[test]
#[ignore]
fn write_text_fixture_capture() {
    let mut f = Flow::new("127.0.0.1:54321", "127.0.0.1:3306");
    let mut packets = f.open();
    packets.push(f.server(&wire::greeting()));
    packets.push(f.client(&wire::ssl_request()));
    packets.push(f.client(&wire::client_hello("db.example.com")));
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/capture");
    std::fs::write(dir.join("synthetic_session.pcap"), w::pcap(Link::Ethernet, &packets)).expect("write");
    std::fs::write(dir.join("synthetic_greeting.bin"), wire::greeting()).expect("write");
}
