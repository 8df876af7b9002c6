//! Many connections out of one capture, for the benchmark.

use super::tcpip::checksum;

/// `copies` copies of a classic little-endian pcap of Ethernet/IPv4 TCP packets, each with
/// the port that is not `server_port` rewritten (and the client address's last two bytes
/// once the ports run out), the server's port set to 3306 (a capture of a test server on a
/// random port becomes one tshark dissects as MySQL without `-d`), checksums fixed: many
/// connections out of one.
pub fn replicate_pcap(pcap: &[u8], copies: usize, server_port: u16) -> Vec<u8> {
    let header = &pcap[..24];
    assert_eq!(&header[..4], &[0xd4, 0xc3, 0xb2, 0xa1], "little-endian µs pcap");
    assert_eq!(u32::from_le_bytes(header[20..24].try_into().expect("4")), 1, "Ethernet");
    let mut records = Vec::new();
    let mut at = 24;
    while at + 16 <= pcap.len() {
        let caplen = u32::from_le_bytes(pcap[at + 8..at + 12].try_into().expect("4")) as usize;
        records.push(&pcap[at..at + 16 + caplen]);
        at += 16 + caplen;
    }
    let mut out = Vec::with_capacity(24 + (pcap.len() - 24) * copies);
    out.extend_from_slice(header);
    for k in 0..copies {
        let port = 20_000 + (k % 40_000) as u16;
        let host = (k / 40_000) as u16;
        for r in &records {
            let mut r = r.to_vec();
            let ts = u32::from_le_bytes(r[0..4].try_into().expect("4")) + (k / 1000) as u32;
            r[0..4].copy_from_slice(&ts.to_le_bytes());
            let ip = 16 + 14;
            let ihl = usize::from(r[ip] & 0x0f) * 4;
            let tcp = ip + ihl;
            let sport = u16::from_be_bytes([r[tcp], r[tcp + 1]]);
            let (port_at, addr_at) = if sport == server_port { (tcp + 2, ip + 16) } else { (tcp, ip + 12) };
            r[port_at..port_at + 2].copy_from_slice(&port.to_be_bytes());
            let server_at = if sport == server_port { tcp } else { tcp + 2 };
            r[server_at..server_at + 2].copy_from_slice(&3306u16.to_be_bytes());
            r[addr_at + 2..addr_at + 4].copy_from_slice(&host.to_be_bytes());
            // checksums: IPv4 header, then TCP over the pseudo-header
            r[ip + 10..ip + 12].copy_from_slice(&[0, 0]);
            let c = checksum(&[&r[ip..tcp]]);
            r[ip + 10..ip + 12].copy_from_slice(&c.to_be_bytes());
            let total = usize::from(u16::from_be_bytes([r[ip + 2], r[ip + 3]]));
            let seg_len = total - ihl;
            r[tcp + 16..tcp + 18].copy_from_slice(&[0, 0]);
            let pseudo = [&r[ip + 12..ip + 20], &[0, 6], &(seg_len as u16).to_be_bytes()[..]].concat();
            let c = checksum(&[&pseudo, &r[tcp..tcp + seg_len]]);
            r[tcp + 16..tcp + 18].copy_from_slice(&c.to_be_bytes());
            out.extend_from_slice(&r);
        }
    }
    out
}
