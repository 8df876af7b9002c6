//! Hostname checks, one policy per client family.
//!
//! The families differ in three ways that decide real connections:
//! - **CN fallback**: OpenSSL's `X509_check_host` (mysql, MariaDB, PyMySQL) and Node's
//!   `checkServerIdentity` (mysql2) read the subject CN only when the certificate has no DNS
//!   SAN; Connector/J only when it has no SAN of any kind; Go (since 1.15) and rustls never.
//! - **Wildcards**: all accept `*` only in the leftmost label and never across labels; OpenSSL
//!   also at the start or end of a label (`db*.example.com`), Node and Connector/J anywhere in
//!   it; Go, Python (`X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS`) and webpki only a whole `*` label.
//! - **IP addresses**: matched against IP SANs. OpenSSL-based clients call `X509_check_host`
//!   first, which compares the address as text with DNS names and (no DNS SAN) the CN, then
//!   `X509_check_ip_asc`; the others use IP SANs only.
//!
//! Sources are cited on [`crate::vocab::ClientId`].

use std::net::IpAddr;

use serde::Serialize;

use crate::decode::pki::cert::CertSummary;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CnFallback {
    /// The CN is never a name (Go ≥ 1.15, rustls-webpki).
    Never,
    /// The CN is read when there is no DNS SAN (OpenSSL `X509_check_host`, Node).
    IfNoDnsSan,
    /// The CN is read only when there is no SAN at all (Connector/J).
    IfNoSan,
    /// The CN is read whenever no SAN matched, also for an IP host, as text (MariaDB
    /// Connector/J 2.x `HostnameVerifierImpl.verify`: "legacy fallback using CN").
    Always,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Wildcards {
    /// `*` may begin or end the leftmost label (`db*.example.com`, `*db.example.com`, not
    /// `d*b.example.com`): OpenSSL `X509_check_host` with flags 0 (`v3_utl.c` `valid_star`).
    PrefixOrSuffix,
    /// `*` anywhere in the leftmost label (Node `checkServerIdentity`, Connector/J).
    PartialLabel,
    /// Only a whole leftmost `*` label (Go, Java, webpki).
    WholeLabel,
}

/// How one client family matches a hostname.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct NamePolicy {
    pub cn: CnFallback,
    pub wildcards: Wildcards,
    /// An IP address is also compared as text with DNS names and the CN (OpenSSL clients
    /// call `X509_check_host` before `X509_check_ip_asc`).
    pub ip_as_text: bool,
    /// An IP host is checked as the name `localhost` (node mysql2 passes no servername for
    /// IPs, so Node's `checkServerIdentity` sees `localhost`).
    pub ip_becomes_localhost: bool,
}

/// The outcome of one hostname check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum NameCheck {
    /// Matched, by this SAN entry or the CN.
    Matched { by: String },
    /// Only the CN would match, and this client never reads it.
    CnIgnored { cn: String },
    /// An IP address that is not among the certificate's IP SANs.
    IpNotInSan,
    /// Nothing matched.
    Mismatch,
}

impl NameCheck {
    pub fn ok(&self) -> bool {
        matches!(self, NameCheck::Matched { .. })
    }
}

/// Normalises what the user typed: strips a scheme, a `user@`, a `:port` and a trailing dot.
pub fn normalize_host(input: &str) -> String {
    let mut h = input.trim();
    if let Some((_, rest)) = h.split_once("://") {
        h = rest;
    }
    if let Some((_, rest)) = h.rsplit_once('@') {
        h = rest;
    }
    h = h.split(['/', '?']).next().unwrap_or(h);
    if let Some(inner) = h.strip_prefix('[').and_then(|r| r.split_once(']')) {
        return inner.0.to_owned(); // [::1]:3306
    }
    if h.matches(':').count() == 1 {
        if let Some((host, port)) = h.split_once(':') {
            if port.chars().all(|c| c.is_ascii_digit()) {
                h = host;
            }
        }
    }
    h.trim_end_matches('.').to_ascii_lowercase()
}

/// Checks `host` against `cert` with `policy`.
pub fn check(cert: &CertSummary, host: &str, policy: NamePolicy) -> NameCheck {
    let mut host = normalize_host(host);
    if policy.ip_becomes_localhost && host.parse::<IpAddr>().is_ok() {
        host = "localhost".to_owned();
    }
    let dns_san = !cert.dns_names.is_empty();
    let cn_readable = match policy.cn {
        CnFallback::Never => false,
        CnFallback::IfNoDnsSan => !dns_san,
        CnFallback::IfNoSan => !cert.has_san || (cert.dns_names.is_empty() && cert.ip_addresses.is_empty()),
        CnFallback::Always => true,
    };
    if let Ok(ip) = host.parse::<IpAddr>() {
        for san in &cert.ip_addresses {
            if san.parse::<IpAddr>().ok() == Some(ip) {
                return NameCheck::Matched { by: format!("IP SAN {san}") };
            }
        }
        if policy.ip_as_text {
            if let Some(d) = cert.dns_names.iter().find(|d| d.eq_ignore_ascii_case(&host)) {
                return NameCheck::Matched { by: format!("DNS SAN {d}") };
            }
        }
        // OpenSSL compares the IP text with the CN inside `X509_check_host`; MariaDB
        // Connector/J compares it in its CN fallback, though it skips DNS SANs for an IP host.
        if (policy.ip_as_text || policy.cn == CnFallback::Always) && cn_readable {
            if let Some(cn) = cert.common_name.as_deref().filter(|cn| cn.eq_ignore_ascii_case(&host)) {
                return NameCheck::Matched { by: format!("CN {cn}") };
            }
        }
        // Go (and webpki) print their legacy-CN words when only the CN holds the IP text.
        if policy.cn == CnFallback::Never && !cert.has_san {
            if let Some(cn) = cert.common_name.as_deref().filter(|cn| cn.eq_ignore_ascii_case(&host)) {
                return NameCheck::CnIgnored { cn: cn.to_owned() };
            }
        }
        return NameCheck::IpNotInSan;
    }
    for san in &cert.dns_names {
        if dns_matches(san, &host, policy.wildcards) {
            return NameCheck::Matched { by: format!("DNS SAN {san}") };
        }
    }
    if let Some(cn) = cert.common_name.as_deref() {
        if dns_matches(cn, &host, policy.wildcards) {
            return if cn_readable {
                NameCheck::Matched { by: format!("CN {cn}") }
            } else if !dns_san {
                NameCheck::CnIgnored { cn: cn.to_owned() }
            } else {
                NameCheck::Mismatch
            };
        }
    }
    NameCheck::Mismatch
}

/// Whether the certificate name `pattern` (a DNS SAN or CN) covers `host`.
pub fn dns_matches(pattern: &str, host: &str, wildcards: Wildcards) -> bool {
    let pattern = pattern.trim_end_matches('.').to_ascii_lowercase();
    if pattern == host {
        return true;
    }
    let Some((first, rest)) = pattern.split_once('.') else { return false };
    if !first.contains('*') || rest.contains('*') {
        return false;
    }
    // A wildcard needs at least two labels after it (`*.com` matches nothing).
    if !rest.contains('.') {
        return false;
    }
    let Some((host_first, host_rest)) = host.split_once('.') else { return false };
    if host_rest != rest || host_first.is_empty() {
        return false;
    }
    match wildcards {
        Wildcards::WholeLabel => first == "*",
        Wildcards::PrefixOrSuffix | Wildcards::PartialLabel => {
            if wildcards == Wildcards::PrefixOrSuffix && !first.starts_with('*') && !first.ends_with('*') {
                return false; // OpenSSL: no `f*o`
            }
            if host_first.starts_with("xn--") && first != "*" {
                return false; // no partial wildcards over IDNA labels
            }
            let Some((pre, post)) = first.split_once('*') else { return false };
            host_first.len() >= pre.len() + post.len() && host_first.starts_with(pre) && host_first.ends_with(post)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPENSSL: NamePolicy = NamePolicy {
        cn: CnFallback::IfNoDnsSan,
        wildcards: Wildcards::PrefixOrSuffix,
        ip_as_text: true,
        ip_becomes_localhost: false,
    };
    const GO: NamePolicy = NamePolicy {
        cn: CnFallback::Never,
        wildcards: Wildcards::WholeLabel,
        ip_as_text: false,
        ip_becomes_localhost: false,
    };
    const JAVA: NamePolicy = NamePolicy {
        cn: CnFallback::IfNoSan,
        wildcards: Wildcards::PartialLabel,
        ip_as_text: false,
        ip_becomes_localhost: false,
    };
    const NODE: NamePolicy = NamePolicy {
        cn: CnFallback::IfNoDnsSan,
        wildcards: Wildcards::PartialLabel,
        ip_as_text: false,
        ip_becomes_localhost: true,
    };

    const MARIADB_JAVA: NamePolicy = NamePolicy { cn: CnFallback::Always, ..JAVA };

    fn cert(cn: Option<&str>, dns: &[&str], ips: &[&str]) -> CertSummary {
        CertSummary {
            subject: String::new(),
            issuer: String::new(),
            common_name: cn.map(str::to_owned),
            serial: String::new(),
            not_before: String::new(),
            not_after: String::new(),
            key: String::new(),
            signature_algorithm: String::new(),
            dns_names: dns.iter().map(|s| s.to_string()).collect(),
            ip_addresses: ips.iter().map(|s| s.to_string()).collect(),
            other_names: vec![],
            has_san: !dns.is_empty() || !ips.is_empty(),
            is_ca: false,
            path_len: None,
            key_usage: vec![],
            extended_key_usage: vec![],
            self_issued: false,
            version: 3,
            sha256: String::new(),
            rds: None,
            trailing_bytes: 0,
        }
    }

    #[test]
    fn cn_fallback_differs_by_family() {
        let c = cert(Some("db.example.com"), &[], &[]);
        assert!(check(&c, "db.example.com", OPENSSL).ok());
        assert!(check(&c, "db.example.com", JAVA).ok());
        assert_eq!(check(&c, "db.example.com", GO), NameCheck::CnIgnored { cn: "db.example.com".into() });
        // With a DNS SAN, the CN is never read.
        let c = cert(Some("db.example.com"), &["other.example.com"], &[]);
        assert_eq!(check(&c, "db.example.com", OPENSSL), NameCheck::Mismatch);
        // Java reads the CN only without any SAN: an IP SAN alone disables it.
        let c = cert(Some("db.example.com"), &[], &["10.0.0.1"]);
        assert!(check(&c, "db.example.com", OPENSSL).ok());
        assert!(!check(&c, "db.example.com", JAVA).ok());
    }

    #[test]
    fn wildcards() {
        assert!(dns_matches("*.example.com", "db.example.com", Wildcards::WholeLabel));
        assert!(!dns_matches("*.example.com", "a.b.example.com", Wildcards::WholeLabel));
        assert!(!dns_matches("*.example.com", "example.com", Wildcards::WholeLabel));
        assert!(!dns_matches("*.com", "example.com", Wildcards::PartialLabel));
        assert!(dns_matches("db*.example.com", "db1.example.com", Wildcards::PrefixOrSuffix));
        assert!(!dns_matches("d*1.example.com", "db1.example.com", Wildcards::PrefixOrSuffix));
        assert!(dns_matches("d*1.example.com", "db1.example.com", Wildcards::PartialLabel));
        assert!(!dns_matches("db*.example.com", "db1.example.com", Wildcards::WholeLabel));
        assert!(!dns_matches("a.*.example.com", "a.b.example.com", Wildcards::PartialLabel));
        assert!(dns_matches("DB.Example.COM", "db.example.com", Wildcards::WholeLabel));
    }

    #[test]
    fn ip_addresses() {
        let c = cert(Some("10.0.0.5"), &[], &["10.0.0.1"]);
        assert!(check(&c, "10.0.0.1", GO).ok());
        assert_eq!(check(&c, "10.0.0.2", GO), NameCheck::IpNotInSan);
        // OpenSSL compares the IP as text with the CN when there is no DNS SAN.
        let c = cert(Some("10.0.0.5"), &[], &[]);
        assert!(check(&c, "10.0.0.5", OPENSSL).ok());
        // Go never reads it, but names it (x509: certificate relies on legacy Common Name field).
        assert_eq!(check(&c, "10.0.0.5", GO), NameCheck::CnIgnored { cn: "10.0.0.5".into() });
        assert_eq!(check(&c, "10.0.0.6", GO), NameCheck::IpNotInSan);
        // node mysql2 checks an IP host as `localhost`.
        let c = cert(None, &["localhost"], &["10.0.0.1"]);
        assert!(check(&c, "10.0.0.9", NODE).ok());
        assert_eq!(check(&cert(None, &["db"], &["10.0.0.1"]), "10.0.0.1", NODE), NameCheck::Mismatch);
    }

    #[test]
    fn mariadb_connector_j_reads_the_cn_after_any_san() {
        // A DNS SAN does not stop the fallback (Connector/J 2.7 `HostnameVerifierImpl`).
        let c = cert(Some("db.example.com"), &["other.example.com"], &[]);
        assert_eq!(check(&c, "db.example.com", MARIADB_JAVA), NameCheck::Matched { by: "CN db.example.com".into() });
        // For an IP host DNS SANs are skipped, but the CN is compared as text.
        let c = cert(Some("10.0.0.5"), &["10.0.0.5"], &[]);
        assert_eq!(check(&c, "10.0.0.5", MARIADB_JAVA), NameCheck::Matched { by: "CN 10.0.0.5".into() });
        let c = cert(Some("db.example.com"), &["10.0.0.5"], &[]);
        assert_eq!(check(&c, "10.0.0.5", MARIADB_JAVA), NameCheck::IpNotInSan);
    }

    #[test]
    fn normalises_what_people_type() {
        assert_eq!(normalize_host("db.example.com:3306"), "db.example.com");
        assert_eq!(normalize_host("mysql://u@DB.example.com:3306/x"), "db.example.com");
        assert_eq!(normalize_host("[::1]:3306"), "::1");
        assert_eq!(normalize_host("::1"), "::1");
        assert_eq!(normalize_host("db.example.com."), "db.example.com");
    }
}
