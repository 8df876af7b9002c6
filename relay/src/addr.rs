//! What kind of address is this: public, non-public (allowed only by an explicit CIDR rule), or
//! always refused (link-local, cloud metadata, multicast, …) whatever the rules say.
//!
//! Ranges from the IANA special-purpose registries (RFC 6890, RFC 6598 for 100.64/10, RFC 4193
//! for fc00::/7, RFC 6052 for 64:ff9b::/96, RFC 3056 for 2002::/16). Addresses that embed an
//! IPv4 address (IPv4-mapped, NAT64, 6to4) are judged by the IPv4 address they lead to, so
//! `::ffff:169.254.169.254` or `64:ff9b::a9fe:a9fe` cannot reach the metadata service.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The class of an address, with a short phrase for the close reason ("is private").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddrClass {
    /// Globally routable: allowed by a `public` rule.
    Public,
    /// Loopback, private, shared, documentation…: only an explicit CIDR rule allows it.
    NonPublic(&'static str),
    /// Never dialled, even if a rule covers it.
    Refused(&'static str),
}

/// The always-refused ranges as CIDRs, for checking rules at load (a rule inside one of these
/// could never allow anything). Must agree with `classify_v4`/`classify_v6`, which a test checks.
const ALWAYS_REFUSED: &[(&str, &str)] = &[
    ("0.0.0.0/8", "this network"),
    ("169.254.0.0/16", "link-local and cloud metadata"),
    ("100.100.100.200/32", "cloud metadata"),
    ("224.0.0.0/4", "multicast"),
    ("240.0.0.0/4", "reserved and broadcast"),
    ("::/128", "unspecified"),
    ("fe80::/10", "link-local"),
    ("fd00:ec2::254/128", "cloud metadata"),
    ("ff00::/8", "multicast"),
];

/// The always-refused range that wholly contains `net`, if any, and why it is refused.
pub fn refused_range_containing(net: &ipnet::IpNet) -> Option<&'static str> {
    ALWAYS_REFUSED.iter().find_map(|(range, why)| {
        let range: ipnet::IpNet = range.parse().ok()?;
        range.contains(net).then_some(*why)
    })
}

/// Classifies `ip`, and returns the address to dial: an IPv4-mapped (`::ffff:a.b.c.d`)
/// or IPv4-translated (`::ffff:0:a.b.c.d`, RFC 2765) IPv6 address becomes the IPv4 address it
/// embeds, so what is checked is exactly what is connected to.
pub fn classify(ip: IpAddr) -> (IpAddr, AddrClass) {
    match ip {
        IpAddr::V4(v4) => (ip, classify_v4(v4)),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => (IpAddr::V4(v4), classify_v4(v4)),
            None => (ip, classify_v6(v6)),
        },
    }
}

/// The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`) or IPv4-translated
/// (`::ffff:0:a.b.c.d`) address: both stand for that IPv4 host.
fn embedded_v4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    match v6.segments() {
        [0, 0, 0, 0, 0xffff, 0, hi, lo] => Some(Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo))),
        _ => v6.to_ipv4_mapped(),
    }
}

fn classify_v4(ip: Ipv4Addr) -> AddrClass {
    use AddrClass::{NonPublic, Public, Refused};
    let [a, b, c, _] = ip.octets();
    match (a, b, c) {
        _ if ip == Ipv4Addr::new(169, 254, 169, 254) => Refused("is cloud metadata"),
        // Alibaba Cloud's metadata service sits inside the shared range 100.64/10.
        _ if ip == Ipv4Addr::new(100, 100, 100, 200) => Refused("is cloud metadata"),
        _ if ip.is_broadcast() => Refused("is broadcast"),
        (0, _, _) => Refused("is in 0.0.0.0/8 (this network)"),
        (169, 254, _) => Refused("is link-local"),
        (224..=239, _, _) => Refused("is multicast"),
        (240..=255, _, _) => Refused("is reserved (240.0.0.0/4)"),
        (127, _, _) => NonPublic("is loopback"),
        (10, _, _) | (192, 168, _) => NonPublic("is private"),
        (172, 16..=31, _) => NonPublic("is private"),
        (100, 64..=127, _) => NonPublic("is shared address space (100.64.0.0/10)"),
        (192, 0, 0) => NonPublic("is special-purpose (192.0.0.0/24)"),
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => NonPublic("is for documentation"),
        (198, 18..=19, _) => NonPublic("is for benchmarking (198.18.0.0/15)"),
        _ => Public,
    }
}

fn classify_v6(ip: Ipv6Addr) -> AddrClass {
    use AddrClass::{NonPublic, Public, Refused};
    let s = ip.segments();
    if ip.is_unspecified() {
        return Refused("is unspecified");
    }
    if ip.is_loopback() {
        return NonPublic("is loopback");
    }
    // AWS's IPv6 metadata endpoint, inside fc00::/7, so checked first.
    if ip == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254) {
        return Refused("is cloud metadata");
    }
    match s[0] {
        0xfe80..=0xfebf => return Refused("is link-local"),
        0xff00..=0xffff => return Refused("is multicast"),
        0xfec0..=0xfeff => return NonPublic("is site-local"),
        0xfc00..=0xfdff => return NonPublic("is private (unique local)"),
        _ => {}
    }
    let embedded = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    match s {
        // ::a.b.c.d, IPv4-compatible (deprecated by RFC 4291): nothing legitimate uses it.
        [0, 0, 0, 0, 0, 0, _, _] => Refused("is ipv4-compatible ipv6 (deprecated)"),
        // 64:ff9b::/96 NAT64 (RFC 6052): leads to the embedded IPv4 address.
        [0x64, 0xff9b, 0, 0, 0, 0, hi, lo] => embedded_class(classify_v4(embedded(hi, lo))),
        [0x64, 0xff9b, 1, ..] => NonPublic("is local-use nat64 (64:ff9b:1::/48)"),
        // 2002::/16 6to4 (RFC 3056): leads to the IPv4 address in bits 16..48.
        [0x2002, hi, lo, ..] => embedded_class(classify_v4(embedded(hi, lo))),
        [0x2001, 0xdb8, ..] => NonPublic("is for documentation"),
        // Teredo hides its real destination; nothing on a MySQL path needs it.
        [0x2001, 0, ..] => NonPublic("is teredo (2001::/32)"),
        [0x100, 0, 0, 0, ..] => NonPublic("is discard-only (100::/64)"),
        _ => Public,
    }
}

/// An IPv6 address that leads to an IPv4 one is at best what that IPv4 address is.
fn embedded_class(v4: AddrClass) -> AddrClass {
    match v4 {
        AddrClass::Public => AddrClass::Public,
        AddrClass::NonPublic(_) => AddrClass::NonPublic("embeds a non-public ipv4 address"),
        AddrClass::Refused(_) => AddrClass::Refused("embeds a refused ipv4 address"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(s: &str) -> AddrClass {
        classify(s.parse().expect("test address")).1
    }

    #[test]
    fn always_refused() {
        for ip in [
            "169.254.169.254",
            "169.254.1.1",
            "100.100.100.200",
            "0.0.0.0",
            "0.1.2.3",
            "224.0.0.1",
            "239.255.255.250",
            "255.255.255.255",
            "240.0.0.1",
            "fe80::1",
            "fd00:ec2::254",
            "ff02::1",
            "::",
            "::ffff:169.254.169.254",
            "::ffff:0.0.0.0",
            "::ffff:0:a9fe:a9fe",
            "64:ff9b::a9fe:a9fe",
            "2002:a9fe:a9fe::1",
            "::169.254.169.254",
        ] {
            assert!(matches!(class(ip), AddrClass::Refused(_)), "{ip}: {:?}", class(ip));
        }
    }

    #[test]
    fn non_public_unless_allowed() {
        for ip in [
            "127.0.0.1",
            "127.255.0.9",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "100.127.255.255",
            "192.0.2.10",
            "198.18.0.1",
            "::1",
            "fc00::1",
            "fd12:3456::1",
            "::ffff:10.0.0.1",
            "::ffff:127.0.0.1",
            "::ffff:0:a00:1",
            "::ffff:0:7f00:1",
            "64:ff9b::a00:1",
            "2001:db8::1",
        ] {
            assert!(matches!(class(ip), AddrClass::NonPublic(_)), "{ip}: {:?}", class(ip));
        }
    }

    #[test]
    fn public() {
        for ip in ["8.8.8.8", "52.1.2.3", "172.32.0.1", "100.128.0.1", "2600:1f18::1", "64:ff9b::808:808"] {
            assert_eq!(class(ip), AddrClass::Public, "{ip}");
        }
    }

    #[test]
    fn refused_table_agrees_with_classify() {
        for (range, _) in ALWAYS_REFUSED {
            let net: ipnet::IpNet = range.parse().expect("table entry");
            for ip in [net.network(), net.broadcast()] {
                assert!(matches!(classify(ip).1, AddrClass::Refused(_)), "{range}: {ip}");
            }
        }
        let zero: ipnet::IpNet = "0.0.0.0/0".parse().expect("net");
        assert_eq!(refused_range_containing(&zero), None);
    }

    #[test]
    fn mapped_addresses_are_dialled_as_ipv4() {
        let (dial, _) = classify("::ffff:8.8.8.8".parse().expect("test address"));
        assert_eq!(dial, "8.8.8.8".parse::<IpAddr>().expect("test address"));
        let (dial, _) = classify("::ffff:0:a00:1".parse().expect("test address"));
        assert_eq!(dial, "10.0.0.1".parse::<IpAddr>().expect("test address"));
    }
}
