//! Writes the capture_pcap fuzz target's binary seeds (SYNTHETIC). tests/fuzz_corpus.rs
//! replays them with every other corpus.
//! Run: `cargo test --test fuzz_corpus_capture -- --ignored`.

mod support;

use std::path::Path;

use support::pcap_writer::{self as w, Flow, Link, Pcap, Pcapng};

#[test]
#[ignore]
fn write_capture_pcap_seeds() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/capture_pcap");
    let cert = [0x30u8; 300];
    let mut f = Flow::new("10.0.0.2:51000", "10.0.0.1:3306");
    let session = w::mysql_tls_session(&mut f, &cert);
    let mut ng = Pcapng::new();
    let eth = ng.interface(1);
    let sll2 = ng.interface(276);
    for (k, t) in session.iter().enumerate() {
        let ip = w::ip_packet(t);
        if k % 3 == 0 {
            ng.spb(&Link::Ethernet.frame(&ip));
        } else if k % 3 == 1 {
            ng.epb(eth, &Link::Ethernet.frame(&ip));
        } else {
            ng.epb(sll2, &Link::Sll2.frame(&ip));
        }
    }
    std::fs::write(dir.join("two_interfaces.pcapng"), ng.bytes()).expect("write");
    let mut be = Pcapng::with(true);
    let raw = be.interface(101);
    for t in &session[..6] {
        be.epb(raw, &w::ip_packet(t));
    }
    std::fs::write(dir.join("big_endian.pcapng"), be.bytes()).expect("write");
    let mut v6 = w::mysql_tls_session(&mut Flow::new("[2001:db8::2]:50000", "[2001:db8::1]:3306"), &cert);
    for t in &mut v6 {
        t.v6_extensions = true;
    }
    std::fs::write(dir.join("ipv6_null.pcap"), w::pcap(Link::Null, &v6)).expect("write");
    let mut p = Pcap::with(1, true, true);
    for t in &session {
        p.frame(&Link::Vlan(12).frame(&w::ip_packet(t)));
    }
    std::fs::write(dir.join("vlan_be_ns.pcap"), p.bytes()).expect("write");
    let mut sll = Pcap::new(113);
    let mut reordered = session.clone();
    reordered.swap(8, 9);
    reordered.insert(10, reordered[10].clone());
    for t in &reordered {
        sll.frame(&Link::Sll.frame(&w::ip_packet(t)));
    }
    std::fs::write(dir.join("sll_reordered.pcap"), sll.bytes()).expect("write");
}
