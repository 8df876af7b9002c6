//! The target policy: default-deny, an allowlist of `PATTERN:PORTS` rules validated at load.
//!
//! A rule is `PATTERN:PORTS` where PATTERN is one of
//! - `public`: any name or address whose resolved addresses are all public;
//! - a CIDR (`127.0.0.1/32`, `10.0.0.0/8`, `::1/128`, `[fd00::]/8`) or a bare address: that range,
//!   including non-public addresses (the only way loopback or private targets are ever allowed);
//! - a host name (`db.example.com`) or a suffix pattern (`*.rds.amazonaws.com`, where `*.` stands
//!   for one or more labels): that name, when all its addresses are public.
//!
//! and PORTS is `3306` or `3306-3310`. With no rule given the policy is `public:3306`; rules given
//! replace it (what is listed is exactly what is allowed).
//!
//! Checks happen twice: on the name before any DNS query (port, metadata names, name rules), then
//! on every resolved address (see [`crate::addr`]); a single refused address refuses the target,
//! and the session dials exactly the addresses that passed.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use ipnet::IpNet;

use crate::addr::{classify, refused_range_containing, AddrClass};

/// Names of cloud metadata services, refused before any DNS query. Their addresses are refused
/// anyway (link-local / metadata); refusing the name too gives the UI a clearer reason.
const METADATA_NAMES: &[&str] =
    &["metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal"];

/// An error in an `--allow-target` rule, found at load.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum RuleError {
    /// No `:PORTS` part.
    #[error("rule {rule:?} has no port: write PATTERN:PORT or PATTERN:LOW-HIGH, e.g. public:3306")]
    MissingPort { rule: String },
    /// PORTS is not `N` or `N-M` with 1 ≤ N ≤ M ≤ 65535.
    #[error("rule {rule:?}: bad port range {ports:?} (expected N or N-M, 1..=65535, N <= M)")]
    BadPorts { rule: String, ports: String },
    /// A CIDR with bits set below its prefix, usually a typo.
    #[error("rule {rule:?}: {net} has host bits set; did you mean {expected}?")]
    HostBitsSet { rule: String, net: String, expected: String },
    /// Not a CIDR, address, `public`, or a valid host name pattern.
    #[error("rule {rule:?}: {pattern:?} is not `public`, a CIDR, an address or a host name pattern")]
    BadPattern { rule: String, pattern: String },
    /// A CIDR that lies wholly inside an always-refused range: it could never allow anything.
    #[error("rule {rule:?}: {net} is always refused ({why}); this rule can never match")]
    AlwaysRefused { rule: String, net: String, why: &'static str },
}

/// An inclusive port range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortRange {
    lo: u16,
    hi: u16,
}

impl PortRange {
    fn contains(self, port: u16) -> bool {
        (self.lo..=self.hi).contains(&port)
    }
}

/// What a rule matches, besides the port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetPattern {
    /// Any target whose addresses are all public.
    Public,
    /// Addresses in this network, public or not.
    Net(IpNet),
    /// A host name, exact or `*.suffix` (one or more labels before the suffix).
    Host { suffix: String, wildcard: bool },
}

/// One `PATTERN:PORTS` allow rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowRule {
    pattern: TargetPattern,
    ports: PortRange,
}

impl AllowRule {
    /// How many ports this rule opens on loopback addresses (0 when it covers no loopback).
    pub fn loopback_ports(&self) -> u32 {
        let loopback: [IpNet; 2] =
            [IpNet::from(IpAddr::from([127, 0, 0, 1])), IpNet::from(IpAddr::from(std::net::Ipv6Addr::LOCALHOST))];
        match &self.pattern {
            TargetPattern::Net(net) if loopback.iter().any(|l| net.contains(l)) => {
                u32::from(self.ports.hi) - u32::from(self.ports.lo) + 1
            }
            _ => 0,
        }
    }

    fn matches_name(&self, name: &str, port: u16) -> bool {
        self.ports.contains(port)
            && match &self.pattern {
                TargetPattern::Host { suffix, wildcard: false } => name == suffix,
                TargetPattern::Host { suffix, wildcard: true } => {
                    name.strip_suffix(suffix.as_str()).is_some_and(|head| !head.is_empty())
                }
                _ => false,
            }
    }
}

impl FromStr for AllowRule {
    type Err = RuleError;

    fn from_str(rule: &str) -> Result<Self, RuleError> {
        let missing = || RuleError::MissingPort { rule: rule.to_owned() };
        let (pattern, ports) = rule.rsplit_once(':').ok_or_else(missing)?;
        if pattern.is_empty() || ports.is_empty() {
            return Err(missing());
        }
        let ports =
            parse_ports(ports).ok_or_else(|| RuleError::BadPorts { rule: rule.to_owned(), ports: ports.to_owned() })?;
        let pattern = parse_pattern(rule, pattern)?;
        Ok(AllowRule { pattern, ports })
    }
}

impl fmt::Display for AllowRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.pattern {
            TargetPattern::Public => f.write_str("public")?,
            TargetPattern::Net(net) => write!(f, "{net}")?,
            TargetPattern::Host { suffix, wildcard: true } => write!(f, "*{suffix}")?,
            TargetPattern::Host { suffix, wildcard: false } => f.write_str(suffix)?,
        }
        if self.ports.lo == self.ports.hi {
            write!(f, ":{}", self.ports.lo)
        } else {
            write!(f, ":{}-{}", self.ports.lo, self.ports.hi)
        }
    }
}

fn parse_ports(s: &str) -> Option<PortRange> {
    let (lo, hi) = s.split_once('-').unwrap_or((s, s));
    let (lo, hi) = (plain_port(lo)?, plain_port(hi)?);
    (lo >= 1 && lo <= hi).then_some(PortRange { lo, hi })
}

/// A port in plain decimal: digits only, no sign, no leading zero. `u16::from_str` also takes
/// `+3306` and `03306`; two spellings of one port would let a client probe how it is parsed.
fn plain_port(s: &str) -> Option<u16> {
    let plain = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    plain.then(|| s.parse().ok()).flatten()
}

/// Rules covering loopback whose port range is wider than this get a warning at start-up: they
/// open the machine's other local services (and, but for the self check, the relay itself).
pub const LOOPBACK_PORTS_WARN: u32 = 8;

fn parse_pattern(rule: &str, pattern: &str) -> Result<TargetPattern, RuleError> {
    if pattern == "public" {
        return Ok(TargetPattern::Public);
    }
    // `[::1]/128` and `[::1]` are accepted as well as `::1/128`.
    let unbracketed: String = pattern.chars().filter(|c| *c != '[' && *c != ']').collect();
    let net = unbracketed.parse::<IpNet>().ok().or_else(|| unbracketed.parse::<IpAddr>().ok().map(IpNet::from));
    if let Some(net) = net {
        if net.trunc() != net {
            return Err(RuleError::HostBitsSet {
                rule: rule.to_owned(),
                net: net.to_string(),
                expected: net.trunc().to_string(),
            });
        }
        if let Some(why) = refused_range_containing(&net) {
            return Err(RuleError::AlwaysRefused { rule: rule.to_owned(), net: net.to_string(), why });
        }
        return Ok(TargetPattern::Net(net));
    }
    let bad = || RuleError::BadPattern { rule: rule.to_owned(), pattern: pattern.to_owned() };
    let lower = pattern.to_ascii_lowercase();
    let (wildcard, name) = match lower.strip_prefix("*.") {
        Some(rest) => (true, rest),
        None => (false, lower.as_str()),
    };
    let name = normalize_name(name).ok_or_else(bad)?;
    if wildcard {
        Ok(TargetPattern::Host { suffix: format!(".{name}"), wildcard })
    } else {
        Ok(TargetPattern::Host { suffix: name, wildcard })
    }
}

/// Lower-cases a DNS name, drops one trailing dot, and checks it is LDH labels of 1–63 bytes,
/// 253 bytes in all. `None` when it is not a plain host name.
fn normalize_name(name: &str) -> Option<String> {
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    (!name.is_empty() && name.len() <= 253 && name.split('.').all(label_ok)).then_some(name)
}

/// The host part of a requested target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// A DNS name, lower-cased, without a trailing dot.
    Name(String),
    /// A literal address.
    Ip(IpAddr),
}

/// A requested `host:port`, parsed but not yet allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub host: Host,
    pub port: u16,
}

impl FromStr for Target {
    type Err = String;

    /// Parses `host:port`, `1.2.3.4:port` or `[v6]:port`; the error is a close-reason phrase.
    fn from_str(s: &str) -> Result<Self, String> {
        let shown: String = s.chars().take(64).collect();
        let bad = || format!("target {shown:?} is not host:port");
        let (host, port) = s.rsplit_once(':').ok_or_else(bad)?;
        let port = plain_port(port).ok_or_else(bad)?;
        if port == 0 {
            return Err("port 0 not allowed".to_owned());
        }
        let host = if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            Host::Ip(IpAddr::V6(v6.parse().map_err(|_| bad())?))
        } else if let Ok(v4) = host.parse() {
            Host::Ip(IpAddr::V4(v4))
        } else {
            Host::Name(normalize_name(host).ok_or_else(bad)?)
        };
        Ok(Target { host, port })
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.host {
            Host::Name(name) => write!(f, "{name}:{}", self.port),
            Host::Ip(ip) => write!(f, "{}", SocketAddr::new(*ip, self.port)),
        }
    }
}

/// The allowlist. Built only from validated rules; the default is `public:3306`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    rules: Vec<AllowRule>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy { rules: vec![AllowRule { pattern: TargetPattern::Public, ports: PortRange { lo: 3306, hi: 3306 } }] }
    }
}

/// What the name check learned, carried to the address check.
#[derive(Debug, Clone, Copy)]
pub struct NameVerdict {
    /// A host-name rule matched this name and port, so its public addresses are allowed.
    name_rule_matched: bool,
}

impl Policy {
    /// The policy from `--allow-target` rules; no rules means the default `public:3306`.
    pub fn from_rules(rules: Vec<AllowRule>) -> Policy {
        if rules.is_empty() {
            Policy::default()
        } else {
            Policy { rules }
        }
    }

    /// The rules, for the startup log.
    pub fn rules(&self) -> &[AllowRule] {
        &self.rules
    }

    /// Checks the target before any DNS query. Err is a close-reason phrase.
    pub fn check_name(&self, target: &Target) -> Result<NameVerdict, String> {
        let port = target.port;
        let with_port: Vec<&AllowRule> = self.rules.iter().filter(|r| r.ports.contains(port)).collect();
        if with_port.is_empty() {
            return Err(format!("port {port} not allowed"));
        }
        let Host::Name(name) = &target.host else {
            return Ok(NameVerdict { name_rule_matched: false });
        };
        if METADATA_NAMES.contains(&name.as_str()) {
            return Err(format!("host {name} is cloud metadata"));
        }
        let name_rule_matched = with_port.iter().any(|r| r.matches_name(name, port));
        let by_address = with_port.iter().any(|r| matches!(r.pattern, TargetPattern::Public | TargetPattern::Net(_)));
        if !name_rule_matched && !by_address {
            return Err(format!("host {name} not allowed"));
        }
        Ok(NameVerdict { name_rule_matched })
    }

    /// Checks one resolved (or literal) address; Ok is the exact socket address to dial.
    pub fn check_addr(&self, verdict: NameVerdict, ip: IpAddr, port: u16) -> Result<SocketAddr, String> {
        let (dial, class) = classify(ip);
        let in_net = |r: &&AllowRule| matches!(&r.pattern, TargetPattern::Net(net) if net.contains(&dial));
        let rules = || self.rules.iter().filter(|r| r.ports.contains(port));
        match class {
            AddrClass::Refused(why) => Err(format!("address {ip} {why}")),
            _ if rules().any(|r| in_net(&r)) => Ok(SocketAddr::new(dial, port)),
            AddrClass::NonPublic(why) => Err(format!("address {ip} {why}")),
            AddrClass::Public if verdict.name_rule_matched || rules().any(|r| r.pattern == TargetPattern::Public) => {
                Ok(SocketAddr::new(dial, port))
            }
            AddrClass::Public => Err(format!("address {ip} not allowed")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(s: &str) -> AllowRule {
        s.parse().expect("test rule")
    }

    fn target(s: &str) -> Target {
        s.parse().expect("test target")
    }

    fn check(policy: &Policy, t: &str, ip: &str) -> Result<SocketAddr, String> {
        let t = target(t);
        let verdict = policy.check_name(&t)?;
        policy.check_addr(verdict, ip.parse().expect("test ip"), t.port)
    }

    #[test]
    fn parses_rules() {
        assert_eq!(rule("public:3306").to_string(), "public:3306");
        assert_eq!(rule("127.0.0.1/32:3306").to_string(), "127.0.0.1/32:3306");
        assert_eq!(rule("127.0.0.1:3306-3310").to_string(), "127.0.0.1/32:3306-3310");
        assert_eq!(rule("::1/128:3306").to_string(), "::1/128:3306");
        assert_eq!(rule("[fd00::]/8:3306").to_string(), "fd00::/8:3306");
        assert_eq!(rule("*.RDS.amazonaws.com.:3306").to_string(), "*.rds.amazonaws.com:3306");
    }

    #[test]
    fn rejects_bad_rules() {
        assert!(matches!("public".parse::<AllowRule>(), Err(RuleError::MissingPort { .. })));
        assert!(matches!("public:0".parse::<AllowRule>(), Err(RuleError::BadPorts { .. })));
        assert!(matches!("public:10-5".parse::<AllowRule>(), Err(RuleError::BadPorts { .. })));
        assert!(matches!("public:70000".parse::<AllowRule>(), Err(RuleError::BadPorts { .. })));
        assert!(matches!("public:+3306".parse::<AllowRule>(), Err(RuleError::BadPorts { .. })));
        assert!(matches!("public:03306".parse::<AllowRule>(), Err(RuleError::BadPorts { .. })));
        assert!(matches!("10.0.0.1/8:3306".parse::<AllowRule>(), Err(RuleError::HostBitsSet { .. })));
        assert!(matches!("a b:3306".parse::<AllowRule>(), Err(RuleError::BadPattern { .. })));
        assert!(matches!("*:3306".parse::<AllowRule>(), Err(RuleError::BadPattern { .. })));
        assert!(matches!("169.254.169.254/32:80".parse::<AllowRule>(), Err(RuleError::AlwaysRefused { .. })));
        assert!(matches!("fe80::/10:3306".parse::<AllowRule>(), Err(RuleError::AlwaysRefused { .. })));
    }

    #[test]
    fn default_allows_public_3306_only() {
        let p = Policy::default();
        assert!(check(&p, "db.example.com:3306", "52.1.2.3").is_ok());
        assert_eq!(check(&p, "db.example.com:25", "52.1.2.3"), Err("port 25 not allowed".into()));
        assert_eq!(check(&p, "10.0.0.1:3306", "10.0.0.1"), Err("address 10.0.0.1 is private".into()));
        assert_eq!(check(&p, "localhost:3306", "127.0.0.1"), Err("address 127.0.0.1 is loopback".into()));
    }

    #[test]
    fn metadata_is_refused_even_when_allowed() {
        let p = Policy::from_rules(vec![rule("0.0.0.0/0:1-65535"), rule("::/0:1-65535"), rule("public:80")]);
        assert_eq!(
            check(&p, "169.254.169.254:80", "169.254.169.254"),
            Err("address 169.254.169.254 is cloud metadata".into())
        );
        assert!(check(&p, "[fd00:ec2::254]:80", "fd00:ec2::254").is_err());
        assert!(check(&p, "[::ffff:169.254.169.254]:80", "::ffff:169.254.169.254").is_err());
        assert_eq!(
            check(&p, "metadata.google.internal:80", "8.8.8.8"),
            Err("host metadata.google.internal is cloud metadata".into())
        );
        // A permissive rule still allows what is not refused, dialled as IPv4 when mapped.
        assert_eq!(check(&p, "[::ffff:10.0.0.1]:80", "::ffff:10.0.0.1"), Ok("10.0.0.1:80".parse().expect("addr")));
    }

    #[test]
    fn host_rules_allow_public_addresses_of_matching_names_only() {
        let p = Policy::from_rules(vec![rule("*.rds.amazonaws.com:3306")]);
        assert!(check(&p, "db.abc.us-east-1.rds.amazonaws.com:3306", "52.1.2.3").is_ok());
        assert_eq!(check(&p, "rds.amazonaws.com:3306", "52.1.2.3"), Err("host rds.amazonaws.com not allowed".into()));
        assert_eq!(check(&p, "evil.com:3306", "52.1.2.3"), Err("host evil.com not allowed".into()));
        assert_eq!(check(&p, "x.rds.amazonaws.com:3306", "10.1.2.3"), Err("address 10.1.2.3 is private".into()));
        assert_eq!(check(&p, "52.1.2.3:3306", "52.1.2.3"), Err("address 52.1.2.3 not allowed".into()));
    }

    #[test]
    fn cidr_rules_allow_loopback_explicitly() {
        let p = Policy::from_rules(vec![rule("127.0.0.1/32:3306")]);
        assert!(check(&p, "localhost:3306", "127.0.0.1").is_ok());
        assert_eq!(check(&p, "localhost:3306", "127.0.0.2"), Err("address 127.0.0.2 is loopback".into()));
        assert_eq!(check(&p, "localhost:3307", "127.0.0.1"), Err("port 3307 not allowed".into()));
        assert_eq!(check(&p, "db.example.com:3306", "52.1.2.3"), Err("address 52.1.2.3 not allowed".into()));
    }

    #[test]
    fn counts_loopback_ports() {
        assert_eq!(rule("127.0.0.1/32:3306-3310").loopback_ports(), 5);
        assert_eq!(rule("127.0.0.0/8:1-65535").loopback_ports(), 65535);
        assert_eq!(rule("::/0:1-1000").loopback_ports(), 1000);
        assert_eq!(rule("10.0.0.0/8:1-65535").loopback_ports(), 0);
        assert_eq!(rule("public:1-65535").loopback_ports(), 0);
    }

    #[test]
    fn parses_targets() {
        assert_eq!(target("DB.example.com.:3306").host, Host::Name("db.example.com".into()));
        assert_eq!(target("[::1]:3306").host, Host::Ip("::1".parse().expect("ip")));
        assert_eq!(target("127.0.0.1:3306").to_string(), "127.0.0.1:3306");
        for bad in
            ["", "db", "db:", "db:x", "db:70000", "::1:3306", "a b:3306", "[zz]:1", "db:+3306", "db:03306", "db:-1"]
        {
            assert!(bad.parse::<Target>().is_err(), "{bad}");
        }
        assert_eq!("db:0".parse::<Target>(), Err("port 0 not allowed".into()));
    }
}
