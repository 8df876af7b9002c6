//! Bad captures get a clear message saying what and where (byte offset, frame, line), never a
//! panic, and what can still be decoded is. All inputs are SYNTHETIC, broken on purpose.

mod support;

use mysql_tls_doctor::source::capture::{
    decode, CaptureError, Decoded, Decoder, Format, Location, PacketError, Problem, ProblemKind, MAX_CONNECTIONS,
    MAX_PROBLEMS,
};
use support::pcap_writer::{self as w, Flow, Link, Pcap, Pcapng, Tcp};

fn session() -> Vec<Tcp> {
    w::mysql_tls_session(&mut Flow::new("10.0.0.2:51000", "10.0.0.1:3306"), &[0x30; 600])
}

fn frames(packets: &[Tcp]) -> Vec<Vec<u8>> {
    packets.iter().map(|t| Link::Ethernet.frame(&w::ip_packet(t))).collect()
}

fn parts(d: Decoded) -> (usize, usize, Vec<Problem>) {
    match d {
        Decoded::Connections { connections, frames, problems, .. } => (connections.len(), frames, problems),
        other => panic!("{other:?}"),
    }
}

#[test]
fn rejects_a_file_cut_inside_a_record_but_keeps_what_came_before() {
    let file = w::pcap(Link::Ethernet, &session());
    // Record starts: 24, then 16 + frame length each. Cut 10 bytes into the 5th record.
    let lens: Vec<usize> = frames(&session()).iter().map(Vec::len).collect();
    let fifth = 24 + lens[..4].iter().map(|l| 16 + l).sum::<usize>();
    let (conns, n, problems) = parts(decode(&file[..fifth + 10], Format::Auto).expect("decodes"));
    assert_eq!((conns, n), (1, 4));
    assert_eq!(
        problems,
        vec![Problem {
            at: Location::Offset(fifth as u64),
            kind: ProblemKind::Truncated { what: "packet record header", needed: 16, have: 10 }
        }]
    );
    let (_, _, problems) = parts(decode(&file[..fifth + 30], Format::Auto).expect("decodes"));
    assert_eq!(
        problems[0].kind,
        ProblemKind::Truncated { what: "packet record", needed: 16 + lens[4] as u64, have: 30 }
    );
}

#[test]
fn rejects_a_file_cut_inside_its_header() {
    let file = w::pcap(Link::Ethernet, &session());
    assert_eq!(
        decode(&file[..20], Format::Auto),
        Err(CaptureError::TruncatedHeader { what: "pcap file header", needed: 24, have: 20 })
    );
    let ng = Pcapng::new().bytes();
    assert_eq!(
        decode(&ng[..16], Format::Auto),
        Err(CaptureError::TruncatedHeader { what: "pcapng section header block", needed: 28, have: 16 })
    );
}

#[test]
fn rejects_a_pcapng_cut_inside_a_packet_block() {
    let mut ng = Pcapng::new();
    let i = ng.interface(1);
    for f in frames(&session()) {
        ng.epb(i, &f);
    }
    let file = ng.bytes();
    let cut = file.len() - 7;
    let (conns, n, problems) = parts(decode(&file[..cut], Format::Auto).expect("decodes"));
    assert_eq!((conns, n), (1, 16));
    let last_len = 32 + frames(&session()).last().map_or(0, |f| f.len().div_ceil(4) * 4) as u64;
    assert_eq!(
        problems,
        vec![Problem {
            at: Location::Offset(file.len() as u64 - last_len),
            kind: ProblemKind::Truncated { what: "pcapng enhanced packet block", needed: last_len, have: last_len - 7 }
        }]
    );
}

#[test]
fn rejects_unknown_link_types_naming_the_number() {
    let mut p = Pcap::new(147);
    p.frame(&[0; 40]);
    assert_eq!(
        decode(&p.bytes(), Format::Auto),
        Err(CaptureError::UnknownLinkType { link_type: 147, name: "a private USER link type", offset: 20 })
    );
    let err = decode(&Pcap::new(105).bytes(), Format::Auto).expect_err("802.11");
    assert_eq!(
        err.to_string(),
        "link type 105 (IEEE 802.11 wireless) at byte 20 is not supported (supported: Ethernet 1, BSD loopback 0 and 108, raw IP 101/228/229, Linux cooked SLL 113 and SLL2 276)"
    );
    // pcapng: a file whose only interface is unknown is an error …
    let mut ng = Pcapng::new();
    let i = ng.interface(195);
    ng.epb(i, &[0; 20]);
    assert_eq!(
        decode(&ng.bytes(), Format::Auto),
        Err(CaptureError::UnknownLinkType { link_type: 195, name: "IEEE 802.15.4", offset: 28 })
    );
    // … one unknown interface among known ones is a problem, and the rest decodes.
    let mut ng = Pcapng::new();
    let odd = ng.interface(195);
    let eth = ng.interface(1);
    ng.epb(odd, &[0; 20]);
    for f in frames(&session()) {
        ng.epb(eth, &f);
    }
    let (conns, n, problems) = parts(decode(&ng.bytes(), Format::Auto).expect("decodes"));
    assert_eq!((conns, n), (1, 18));
    assert_eq!(
        problems,
        vec![Problem {
            at: Location::Offset(28),
            kind: ProblemKind::UnknownLinkType { link_type: 195, name: "IEEE 802.15.4" }
        }]
    );
}

#[test]
fn rejects_absurd_lengths_without_reading_past_them() {
    let mut p = Pcap::new(1);
    let fs = frames(&session());
    p.frame(&fs[0]).frame(&fs[1]);
    let at = p.bytes().len() as u64;
    p.raw(&[0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff, 0x7f]);
    p.frame(&fs[2]);
    let (conns, n, problems) = parts(decode(&p.bytes(), Format::Auto).expect("decodes"));
    assert_eq!((conns, n), (1, 2));
    assert_eq!(
        problems,
        vec![Problem {
            at: Location::Offset(at),
            kind: ProblemKind::AbsurdLength { what: "packet record", length: 0x7fff_ffff, cap: 262_144 }
        }]
    );
    // The streaming decoder stops buffering too: nothing absurd is ever allocated.
    let mut d = Decoder::new(Format::Auto);
    d.push(&p.bytes());
    d.push(&vec![0; 1 << 20]);
    assert_eq!(parts(d.finish().expect("decodes")).1, 2);

    // pcapng: a block length beyond the cap, and one that is not a multiple of 4.
    for (len, kind) in [
        (
            0xffff_fff0u32,
            ProblemKind::AbsurdLength { what: "pcapng enhanced packet block", length: 0xffff_fff0, cap: 16 << 20 },
        ),
        (13, ProblemKind::BadLength { what: "pcapng enhanced packet block", length: 13 }),
        (8, ProblemKind::BadLength { what: "pcapng enhanced packet block", length: 8 }),
    ] {
        let mut ng = Pcapng::new();
        let i = ng.interface(1);
        ng.epb(i, &fs[0]);
        let at = ng.bytes().len() as u64;
        ng.raw(&6u32.to_le_bytes()).raw(&len.to_le_bytes()).raw(&[0; 64]);
        let (_, n, problems) = parts(decode(&ng.bytes(), Format::Auto).expect("decodes"));
        assert_eq!(n, 1);
        assert_eq!(problems, vec![Problem { at: Location::Offset(at + 4), kind }]);
    }
}

#[test]
fn skips_a_malformed_block_by_its_length_and_goes_on() {
    let fs = frames(&session());
    let mut ng = Pcapng::new();
    let i = ng.interface(1);
    ng.epb(i, &fs[0]);
    let at = ng.bytes().len() as u64;
    // An EPB whose caplen (5000) is larger than the block: the envelope is fine, the content not.
    let mut body = Vec::new();
    for v in [0u32, 0, 0, 5000, 5000] {
        body.extend_from_slice(&v.to_le_bytes());
    }
    body.extend_from_slice(&[0; 40]);
    ng.block(6, &body);
    // An EPB on interface 9, which does not exist.
    let at2 = ng.bytes().len() as u64;
    ng.epb(9, &fs[1]);
    for f in &fs[1..] {
        ng.epb(i, f);
    }
    let (conns, n, problems) = parts(decode(&ng.bytes(), Format::Auto).expect("decodes"));
    assert_eq!((conns, n), (1, 19));
    assert_eq!(
        problems,
        vec![
            Problem {
                at: Location::Offset(at),
                kind: ProblemKind::BadBlock { what: "pcapng enhanced packet block", length: 72 }
            },
            Problem { at: Location::Offset(at2), kind: ProblemKind::UnknownInterface { interface: 9 } },
        ]
    );
}

#[test]
fn rejects_forced_formats_that_do_not_match() {
    let ng = Pcapng::new().bytes();
    assert_eq!(
        decode(&ng, Format::Pcap),
        Err(CaptureError::WrongMagic {
            expected: "pcap",
            magic: "a1 b2 c3 d4 or d4 c3 b2 a1",
            got: "0a 0d 0d 0a".into()
        })
    );
    assert_eq!(
        decode(b"4a 00 00 00", Format::Pcapng),
        Err(CaptureError::WrongMagic { expected: "pcapng", magic: "0a 0d 0d 0a", got: "34 61 20 30".into() })
    );
    let err =
        decode(&[0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0], Format::Auto).expect_err("bad BOM");
    assert_eq!(err, CaptureError::BadHeader { what: "pcapng byte-order magic", offset: 8, got: "01 02 03 04".into() });
}

#[test]
fn reports_malformed_packets_by_frame_number() {
    let packets = session();
    let mut fs = frames(&packets);
    fs[4][14] = 0x43; // IPv4 IHL 3
    fs[5][14 + 20 + 12] = 0x20; // TCP data offset 2
    fs[6].truncate(30); // cut inside the IPv4 header
    fs[7][14 + 6] = 0x00; // fragment offset 8 × 8 bytes: a non-first fragment
    fs[7][14 + 7] = 0x08;
    let mut p = Pcap::new(1);
    for f in &fs {
        p.frame(f);
    }
    let (conns, n, problems) = parts(decode(&p.bytes(), Format::Auto).expect("decodes"));
    assert_eq!((conns, n), (1, 17));
    let first4: Vec<Problem> = problems.into_iter().take(4).collect();
    assert_eq!(
        first4,
        vec![
            Problem { at: Location::Frame(5), kind: ProblemKind::Packet(PacketError::Ipv4HeaderLength { ihl: 3 }) },
            Problem {
                at: Location::Frame(6),
                kind: ProblemKind::Packet(PacketError::TcpDataOffset {
                    data_offset: 2,
                    segment: 20 + packets[5].payload.len()
                })
            },
            Problem {
                at: Location::Frame(7),
                kind: ProblemKind::Packet(PacketError::Short { layer: "IPv4", needed: 20, got: 16 })
            },
            Problem { at: Location::Frame(8), kind: ProblemKind::Fragment { fragment_offset: 64 } },
        ]
    );
}

#[test]
fn many_malformed_frames_give_a_bounded_list_and_a_count() {
    let mut p = Pcap::new(1);
    for _ in 0..MAX_PROBLEMS + 50 {
        p.frame(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00, 0x41]);
    }
    let (_, _, problems) = parts(decode(&p.bytes(), Format::Auto).expect("decodes"));
    assert_eq!(problems.len(), MAX_PROBLEMS + 1);
    assert_eq!(problems.last().map(|p| &p.kind), Some(&ProblemKind::More { more: 51 }));
}

#[test]
fn more_connections_than_the_cap_are_counted_not_kept() {
    // One SYN per connection, built once and patched: cheap enough for a debug test run.
    let syn = Link::RawIp.frame(&w::ip_packet(&Tcp::new(
        "10.0.0.2:1".parse().expect("addr"),
        "10.0.0.1:3306".parse().expect("addr"),
        1,
        0,
        w::SYN,
        &[],
    )));
    let mut p = Pcap::new(101);
    for k in 0..MAX_CONNECTIONS + 3 {
        let mut f = syn.clone();
        f[14..16].copy_from_slice(&((k >> 16) as u16).to_be_bytes()); // client address
        f[20..22].copy_from_slice(&(k as u16).to_be_bytes()); // client port
        p.frame(&f);
    }
    let (conns, n, problems) = parts(decode(&p.bytes(), Format::Auto).expect("decodes"));
    assert_eq!((conns, n), (MAX_CONNECTIONS, MAX_CONNECTIONS + 3));
    assert_eq!(
        problems,
        vec![Problem {
            at: Location::Input,
            kind: ProblemKind::TooManyConnections { cap: MAX_CONNECTIONS, ignored: 3 }
        }]
    );
}

/// Deterministic mutations of valid captures and dumps: flipped, cut and inserted bytes.
#[test]
fn mutated_inputs_never_panic() {
    let mut ng = Pcapng::new();
    let i = ng.interface(1);
    let j = ng.interface(276);
    for (k, t) in session().iter().enumerate() {
        if k % 2 == 0 {
            ng.epb(i, &Link::Ethernet.frame(&w::ip_packet(t)));
        } else {
            ng.epb(j, &Link::Sll2.frame(&w::ip_packet(t)));
        }
    }
    let mut v6 = session();
    for t in &mut v6 {
        t.src = format!("[2001:db8::2]:{}", t.src.port()).parse().expect("v6");
        t.dst = format!("[2001:db8::1]:{}", t.dst.port()).parse().expect("v6");
        t.v6_extensions = true;
    }
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/capture");
    let bases = vec![
        w::pcap(Link::Vlan(3), &session()),
        w::pcap(Link::Null, &v6),
        ng.bytes(),
        std::fs::read(fixtures.join("tcpdump_X.txt")).expect("fixture"),
        std::fs::read(fixtures.join("greeting_hexdump_C.txt")).expect("fixture"),
        std::fs::read(fixtures.join("greeting_base64.txt")).expect("fixture"),
    ];
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for base in &bases {
        for _ in 0..150 {
            let mut b = base.clone();
            for _ in 0..(next() % 6 + 1) {
                let i = (next() as usize) % b.len();
                match next() % 4 {
                    0 => b[i] = next() as u8,
                    1 => b.truncate(i.max(1)),
                    2 => b.insert(i, next() as u8),
                    _ => b[i] ^= 0x80,
                }
            }
            let _ = decode(&b, Format::Auto);
            let mut d = Decoder::new(Format::Auto);
            for c in b.chunks((next() % 97 + 1) as usize) {
                d.push(c);
            }
            let _ = d.finish();
            let _ = mysql_tls_doctor::source::capture::decode_text(&String::from_utf8_lossy(&b), Format::Auto);
        }
    }
}
