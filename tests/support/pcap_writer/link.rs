//! Link layers: the frame around an IP packet for each link type of
//! <https://www.tcpdump.org/linktypes.html> the capture decoder reads.

/// Link layers, by how a frame is built around the IP packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Ethernet,
    /// Ethernet with one 802.1Q tag carrying this VLAN id.
    Vlan(u16),
    /// Linux cooked v1 (113).
    Sll,
    /// Linux cooked v2 (276).
    Sll2,
    /// BSD loopback (0), family in little-endian host order.
    Null,
    /// OpenBSD loopback (108), family big-endian.
    Loop,
    /// Raw IP (101).
    RawIp,
    /// Raw IPv4 (228).
    Ipv4,
    /// Raw IPv6 (229).
    Ipv6,
}

impl Link {
    pub fn number(self) -> u32 {
        match self {
            Link::Ethernet | Link::Vlan(_) => 1,
            Link::Sll => 113,
            Link::Sll2 => 276,
            Link::Null => 0,
            Link::Loop => 108,
            Link::RawIp => 101,
            Link::Ipv4 => 228,
            Link::Ipv6 => 229,
        }
    }

    /// The frame carrying `ip`.
    pub fn frame(self, ip: &[u8]) -> Vec<u8> {
        let v6 = ip.first().is_some_and(|b| b >> 4 == 6);
        let ethertype: [u8; 2] = if v6 { [0x86, 0xdd] } else { [0x08, 0x00] };
        let mut f = Vec::with_capacity(ip.len() + 24);
        match self {
            Link::Ethernet | Link::Vlan(_) => {
                f.extend_from_slice(&[0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01]);
                if let Link::Vlan(id) = self {
                    f.extend_from_slice(&[0x81, 0x00]);
                    f.extend_from_slice(&(id & 0x0fff).to_be_bytes());
                }
                f.extend_from_slice(&ethertype);
            }
            Link::Sll => {
                // packet type, ARPHRD_ETHER, address length, address(8), protocol
                f.extend_from_slice(&[0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0]);
                f.extend_from_slice(&ethertype);
            }
            Link::Sll2 => {
                f.extend_from_slice(&ethertype);
                f.extend_from_slice(&[0, 0, 0, 0, 0, 1, 0, 1, 0, 6]);
                f.extend_from_slice(&[2, 0, 0, 0, 0, 1, 0, 0]);
            }
            Link::Null => f.extend_from_slice(&(if v6 { 30u32 } else { 2 }).to_le_bytes()),
            Link::Loop => f.extend_from_slice(&(if v6 { 24u32 } else { 2 }).to_be_bytes()),
            Link::RawIp | Link::Ipv4 | Link::Ipv6 => {}
        }
        f.extend_from_slice(ip);
        f
    }
}
