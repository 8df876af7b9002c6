//! Link layers: from a captured frame to the IP packet inside it.
//!
//! Link type numbers and header layouts: <https://www.tcpdump.org/linktypes.html>
//! (LINKTYPE_NULL 0, ETHERNET 1, LOOP 108, RAW 101, LINUX_SLL 113, IPV4 228, IPV6 229,
//! LINUX_SLL2 276), 802.1Q tags: IEEE 802.1Q (TPID 0x8100, 0x88a8, 0x9100).

use super::cursor::Cursor;
use super::packet::PacketError;

/// The link types this tool decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LinkType {
    /// 0: a 4-byte address family in the byte order of the machine that wrote the file.
    Null,
    /// 1: Ethernet II, with any number (≤ [`MAX_VLAN_TAGS`]) of 802.1Q/802.1ad tags.
    Ethernet,
    /// 101: IPv4 or IPv6, by the version nibble.
    RawIp,
    /// 108: OpenBSD loopback, the family in network byte order.
    Loop,
    /// 113: Linux "cooked" capture v1 (`tcpdump -i any`), 16-byte header.
    LinuxSll,
    /// 228: IPv4 only.
    Ipv4,
    /// 229: IPv6 only.
    Ipv6,
    /// 276: Linux "cooked" capture v2, 20-byte header.
    LinuxSll2,
}

/// More tags than this is not a real network.
pub(crate) const MAX_VLAN_TAGS: usize = 4;

const ETHERTYPE_IPV4: u16 = 0x0800;
const ETHERTYPE_IPV6: u16 = 0x86dd;

/// What the link layer carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Network<'a> {
    Ipv4(&'a [u8]),
    Ipv6(&'a [u8]),
    /// IP, version by its first nibble (raw IP).
    Unknown(&'a [u8]),
    /// Not IP.
    Other,
}

impl LinkType {
    /// The link type for a LINKTYPE_ number, or `None` when not decoded here.
    pub(crate) fn from_number(n: u32) -> Option<LinkType> {
        Some(match n {
            0 => LinkType::Null,
            1 => LinkType::Ethernet,
            101 => LinkType::RawIp,
            108 => LinkType::Loop,
            113 => LinkType::LinuxSll,
            228 => LinkType::Ipv4,
            229 => LinkType::Ipv6,
            276 => LinkType::LinuxSll2,
            _ => return None,
        })
    }

    pub(crate) fn number(self) -> u32 {
        match self {
            LinkType::Null => 0,
            LinkType::Ethernet => 1,
            LinkType::RawIp => 101,
            LinkType::Loop => 108,
            LinkType::LinuxSll => 113,
            LinkType::Ipv4 => 228,
            LinkType::Ipv6 => 229,
            LinkType::LinuxSll2 => 276,
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            LinkType::Null => "BSD loopback",
            LinkType::Ethernet => "Ethernet",
            LinkType::RawIp => "raw IP",
            LinkType::Loop => "OpenBSD loopback",
            LinkType::LinuxSll => "Linux cooked (SLL)",
            LinkType::Ipv4 => "raw IPv4",
            LinkType::Ipv6 => "raw IPv6",
            LinkType::LinuxSll2 => "Linux cooked v2 (SLL2)",
        }
    }

    /// "Ethernet (1)": the label shown to users.
    pub(crate) fn label(self) -> String {
        format!("{} ({})", self.name(), self.number())
    }

    /// Strips the link header.
    pub(crate) fn network(self, frame: &[u8]) -> Result<Network<'_>, PacketError> {
        let mut c = Cursor::new(frame);
        let short = |needed: usize, layer: &'static str| PacketError::Short { layer, needed, got: frame.len() };
        match self {
            LinkType::RawIp => Ok(Network::Unknown(frame)),
            LinkType::Ipv4 => Ok(Network::Ipv4(frame)),
            LinkType::Ipv6 => Ok(Network::Ipv6(frame)),
            LinkType::Null | LinkType::Loop => {
                // uint32 family: host order for NULL (read LE, fall back to BE when it does
                // not fit 16 bits), network order for LOOP.
                let raw = c.u32_le().ok_or(short(4, "loopback"))?;
                let family = match self {
                    LinkType::Loop => raw.swap_bytes(),
                    _ if raw > 0xffff => raw.swap_bytes(),
                    _ => raw,
                };
                Ok(match family {
                    2 => Network::Ipv4(c.rest()),
                    // AF_INET6 differs per BSD: NetBSD/OpenBSD 24, FreeBSD 28, Darwin 30, Linux 10.
                    10 | 24 | 28 | 30 => Network::Ipv6(c.rest()),
                    _ => Network::Other,
                })
            }
            LinkType::Ethernet => {
                // dst MAC(6) src MAC(6) EtherType(2)
                c.skip(12).ok_or(short(14, "Ethernet"))?;
                let ethertype = c.u16_be().ok_or(short(14, "Ethernet"))?;
                after_ethertype(ethertype, c)
            }
            LinkType::LinuxSll => {
                // packet type(2) ARPHRD(2) address length(2) address(8) protocol(2)
                c.skip(14).ok_or(short(16, "Linux cooked"))?;
                let protocol = c.u16_be().ok_or(short(16, "Linux cooked"))?;
                after_ethertype(protocol, c)
            }
            LinkType::LinuxSll2 => {
                // protocol(2) reserved(2) ifindex(4) ARPHRD(2) packet type(1) addr len(1) addr(8)
                let protocol = c.u16_be().ok_or(short(20, "Linux cooked v2"))?;
                c.skip(18).ok_or(short(20, "Linux cooked v2"))?;
                after_ethertype(protocol, c)
            }
        }
    }
}

/// Follows 802.1Q/802.1ad tags to the payload's EtherType.
fn after_ethertype<'a>(mut ethertype: u16, mut c: Cursor<'a>) -> Result<Network<'a>, PacketError> {
    let mut tags = 0;
    while matches!(ethertype, 0x8100 | 0x88a8 | 0x9100) {
        tags += 1;
        if tags > MAX_VLAN_TAGS {
            return Err(PacketError::VlanDepth { max: MAX_VLAN_TAGS });
        }
        // TCI(2) EtherType(2)
        let got = c.remaining();
        c.skip(2).ok_or(PacketError::Short { layer: "802.1Q tag", needed: 4, got })?;
        ethertype = c.u16_be().ok_or(PacketError::Short { layer: "802.1Q tag", needed: 4, got })?;
    }
    Ok(match ethertype {
        ETHERTYPE_IPV4 => Network::Ipv4(c.rest()),
        ETHERTYPE_IPV6 => Network::Ipv6(c.rest()),
        _ => Network::Other,
    })
}

/// A name for a link type this tool does not decode, so the message says what the file is.
pub(crate) fn unknown_name(n: u32) -> &'static str {
    match n {
        6 => "IEEE 802.5 token ring",
        9 => "PPP",
        10 => "FDDI",
        50 => "PPP in HDLC framing",
        104 => "Cisco HDLC",
        105 => "IEEE 802.11 wireless",
        119 => "802.11 with Prism header",
        127 => "802.11 with radiotap header",
        147..=162 => "a private USER link type",
        189 | 220 => "Linux USB",
        192 => "PPI",
        195 => "IEEE 802.15.4",
        201 => "Bluetooth HCI",
        239 => "Linux netfilter NFLOG",
        252 => "Wireshark upper-protocol PDU",
        _ => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_vlan_tags_and_rejects_too_many() {
        let mut f = vec![0u8; 12];
        f.extend_from_slice(&[0x81, 0x00, 0, 5, 0x08, 0x00, 0x45]);
        assert_eq!(LinkType::Ethernet.network(&f), Ok(Network::Ipv4(&[0x45][..])));
        let mut f = vec![0u8; 12];
        for _ in 0..5 {
            f.extend_from_slice(&[0x81, 0x00, 0, 5]);
        }
        f.extend_from_slice(&[0x08, 0x00]);
        assert_eq!(LinkType::Ethernet.network(&f), Err(PacketError::VlanDepth { max: 4 }));
    }

    #[test]
    fn reads_null_family_in_either_byte_order() {
        assert_eq!(LinkType::Null.network(&[2, 0, 0, 0, 0x45]), Ok(Network::Ipv4(&[0x45][..])));
        assert_eq!(LinkType::Null.network(&[0, 0, 0, 30, 0x60]), Ok(Network::Ipv6(&[0x60][..])));
        assert_eq!(LinkType::Loop.network(&[0, 0, 0, 2, 0x45]), Ok(Network::Ipv4(&[0x45][..])));
        assert_eq!(LinkType::Null.network(&[2, 0]), Err(PacketError::Short { layer: "loopback", needed: 4, got: 2 }));
    }
}
