//! URL forms: JDBC (MySQL Connector/J, MariaDB Connector/J), SQLAlchemy / Django / Rails
//! `mysql[+driver]://` URLs, and Prisma's.
//!
//! Sources: Connector/J 8.0 Developer Guide, "Security" properties (`sslMode` DISABLED …
//! VERIFY_IDENTITY, default PREFERRED; `trustCertificateKeyStoreUrl`; the legacy `useSSL`,
//! `requireSSL`, `verifyServerCertificate` and how they translate to `sslMode`); MariaDB
//! Connector/J "About MariaDB Connector/J" (3.x `sslMode=disable|trust|verify-ca|verify-full`,
//! `serverSslCert`; 2.x `useSsl`, `trustServerCertificate`, `disableSslHostnameVerification`;
//! no TLS by default); SQLAlchemy "MySQL and MariaDB" dialect docs (`mysql+pymysql://`,
//! `mysql+mysqldb://`, `mysql+mysqlconnector://`; "SSL Connections": `ssl_ca`, `ssl_cert`,
//! `ssl_key`, `ssl_check_hostname` in the query become the DBAPI's `ssl` dict, other query
//! arguments are passed as keyword arguments); Prisma "MySQL" connector docs (`sslcert`,
//! `sslidentity`, `sslpassword`, `sslaccept=strict|accept_invalid_certs`, default
//! accept_invalid_certs).

use super::code;
use super::scan::{truthy, Pair};
use super::{Family, Format, Settings, Tls, Verifies};
use crate::vocab::ClientId;

/// A URL's parts; offsets are into the pasted text.
pub(super) struct Url {
    pub scheme: String,
    pub user: bool,
    pub password: bool,
    /// `host[:port]` as written, with its offset.
    pub hostport: (String, usize),
    pub query: Vec<Pair>,
}

/// `%XX` and `+` decoded (invalid escapes kept as written).
fn unescape(v: &str) -> String {
    let b = v.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => {
                match std::str::from_utf8(&b[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(x) => {
                        out.push(x);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Splits `scheme://[user[:password]@]host[:port][/path][?query]` (`text` starts at `lead`).
pub(super) fn split(text: &str, lead: usize) -> Option<Url> {
    let end = text.find(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '`').unwrap_or(text.len());
    let text = &text[..end];
    let (scheme, rest) = text.split_once("://")?;
    let rest_at = lead + scheme.len() + 3;
    let (before_query, query) = match rest.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (rest, None),
    };
    // The last `@` before the path: passwords may contain `@` and `/`.
    let (userinfo, after) = match before_query.rfind('@') {
        Some(at) => (Some(&before_query[..at]), (&before_query[at + 1..], at + 1)),
        None => (None, (before_query, 0)),
    };
    let hostport = after.0.split('/').next().unwrap_or("");
    let mut pairs = Vec::new();
    if let Some(q) = query {
        let mut at = rest_at + before_query.len() + 1;
        // MariaDB Connector/J also accepts `;` between options.
        for part in q.split(['&', ';']) {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            if !k.is_empty() {
                pairs.push(Pair { key: unescape(k), value: unescape(v), offset: at + k.len() + 1 });
            }
            at += part.len() + 1;
        }
    }
    Some(Url {
        scheme: scheme.to_ascii_lowercase(),
        user: userinfo.is_some_and(|u| !u.split(':').next().unwrap_or("").is_empty()),
        password: userinfo.is_some_and(|u| u.split_once(':').is_some_and(|(_, p)| !p.is_empty())),
        hostport: (hostport.to_owned(), rest_at + after.1),
        query: pairs,
    })
}

/// Host and port from `host[:port]` (the first of several hosts, with a note).
pub(super) fn host_port(s: &mut Settings, hp: &str, offset: usize) {
    let first = hp.split(',').next().unwrap_or("");
    if first.len() < hp.len() {
        s.note(offset, "several hosts: the first one is checked");
    }
    if let Some(rest) = first.strip_prefix('[') {
        let (h, after) = rest.split_once(']').unwrap_or((rest, ""));
        s.set_host(h);
        if let Some(p) = after.strip_prefix(':') {
            s.set_port(p, offset + h.len() + 3);
        }
    } else if let Some((h, p)) = first.rsplit_once(':') {
        s.set_host(h);
        s.set_port(p, offset + h.len() + 1);
    } else {
        s.set_host(first);
    }
}

fn get<'a>(q: &'a [Pair], key: &str) -> Option<&'a Pair> {
    q.iter().rev().find(|p| p.key.eq_ignore_ascii_case(key))
}

fn start(format: Format, text: &str, lead: usize) -> (Settings, Option<Url>) {
    let mut s = Settings::new(format);
    let url = split(text, lead);
    match &url {
        Some(u) => {
            s.user_present = u.user;
            s.password_present = u.password;
            host_port(&mut s, &u.hostport.0, u.hostport.1);
        }
        None => s.note(lead, "no `://` in the URL"),
    }
    (s, url)
}

/// `jdbc:mysql://…` (Connector/J) and `jdbc:mariadb://…` (MariaDB Connector/J).
pub(super) fn jdbc(text: &str, lead: usize) -> Settings {
    let body = &text[5..];
    let (mut s, url) = start(Format::Jdbc, body, lead + 5);
    let Some(u) = url else { return s };
    let q = &u.query;
    s.user_present |= get(q, "user").is_some_and(|p| !p.value.is_empty());
    s.password_present |= get(q, "password").is_some_and(|p| !p.value.is_empty());
    let on = |k: &str| get(q, k).map(|p| truthy(&p.value));
    if u.scheme.starts_with("mariadb") {
        s.family = Some(Family::MariadbConnectorJ);
        if let Some(p) = get(q, "serverSslCert") {
            s.set_ca(&p.value);
        }
        if let Some(p) = get(q, "sslMode") {
            s.decisive = Some(format!("sslMode={}", p.value));
            match p.value.to_ascii_lowercase().as_str() {
                "verify-full" | "verify_identity" => {
                    s.mode(Tls::Required, Verifies::CaAndName, Some(ClientId::MariadbConnectorJ))
                }
                "verify-ca" | "verify_ca" => s.mode(Tls::Required, Verifies::CaOnly, None),
                "trust" | "required" => s.mode(Tls::Required, Verifies::Nothing, None),
                "disable" | "disabled" => s.mode(Tls::Off, Verifies::Nothing, None),
                other => {
                    s.note(p.offset, format!("unknown sslMode {:?}: read as disable", crate::text::safe(other)));
                    s.mode(Tls::Off, Verifies::Nothing, None);
                }
            }
        } else if on("useSsl") == Some(true) || on("useSSL") == Some(true) {
            if on("trustServerCertificate") == Some(true) {
                s.decisive = Some("trustServerCertificate=true".into());
                s.mode(Tls::Required, Verifies::Nothing, None);
            } else if on("disableSslHostnameVerification") == Some(true) {
                s.decisive = Some("disableSslHostnameVerification=true".into());
                s.mode(Tls::Required, Verifies::CaOnly, None);
            } else {
                s.decisive = Some("useSsl=true".into());
                s.mode(Tls::Required, Verifies::CaAndName, Some(ClientId::MariadbConnectorJ));
            }
        } else {
            s.decisive = Some("no sslMode (disable)".into());
            s.mode(Tls::Off, Verifies::Nothing, None);
        }
        return s;
    }
    if !u.scheme.starts_with("mysql") {
        s.note(lead, format!("JDBC subprotocol {:?} is not MySQL's or MariaDB's", crate::text::safe(&u.scheme)));
        return s;
    }
    s.family = Some(Family::ConnectorJ);
    if let Some(p) = get(q, "trustCertificateKeyStoreUrl") {
        s.set_ca(p.value.strip_prefix("file://").or_else(|| p.value.strip_prefix("file:")).unwrap_or(&p.value));
        s.note(
            p.offset,
            "a Java trust store (JKS or PKCS12), not a PEM file: keytool imports one certificate per alias",
        );
    }
    // The legacy properties count only when sslMode is not set (Connector/J 8.0.13+).
    let mode = match get(q, "sslMode") {
        Some(p) => {
            s.decisive = Some(format!("sslMode={}", p.value));
            p.value.to_ascii_uppercase()
        }
        None => {
            let legacy = match (on("useSSL"), on("requireSSL"), on("verifyServerCertificate")) {
                (Some(false), ..) => "DISABLED",
                (_, _, Some(true)) => "VERIFY_CA",
                (_, Some(true), _) => "REQUIRED",
                _ => "PREFERRED",
            };
            s.decisive = Some(match legacy {
                "VERIFY_CA" => "verifyServerCertificate=true".into(),
                "REQUIRED" => "requireSSL=true".into(),
                "DISABLED" => "useSSL=false".into(),
                _ => "no sslMode (PREFERRED)".into(),
            });
            legacy.to_owned()
        }
    };
    match mode.as_str() {
        "VERIFY_IDENTITY" => s.mode(Tls::Required, Verifies::CaAndName, Some(ClientId::ConnectorJVerifyIdentity)),
        "VERIFY_CA" => s.mode(Tls::Required, Verifies::CaOnly, None),
        "REQUIRED" => s.mode(Tls::Required, Verifies::Nothing, None),
        "DISABLED" => s.mode(Tls::Off, Verifies::Nothing, None),
        "PREFERRED" => s.mode(Tls::Preferred, Verifies::Nothing, None),
        other => {
            s.note(0, format!("unknown sslMode {:?}: read as PREFERRED", crate::text::safe(other)));
            s.mode(Tls::Preferred, Verifies::Nothing, None);
        }
    }
    if matches!(mode.as_str(), "VERIFY_CA" | "VERIFY_IDENTITY") && s.ca_path.is_none() {
        s.note(0, "no trustCertificateKeyStoreUrl: the JDK's default trust store (cacerts) is used");
    }
    s
}

/// `mysql+pymysql://…`, `mysql+mysqldb://…`, `mysql+mysqlconnector://…`, `mysql://…`,
/// `mysql2://…` (Rails): the query read as the driver's keyword arguments.
pub(super) fn sql_url(text: &str, lead: usize) -> Settings {
    let (mut s, url) = start(Format::Url, text, lead);
    let Some(u) = url else { return s };
    let driver = u.scheme.split_once('+').map(|(_, d)| d.to_owned());
    let family = match (u.scheme.as_str(), driver.as_deref()) {
        ("mysql2", _) | ("trilogy", _) => Family::RubyMysql2,
        (_, Some("pymysql") | Some("aiomysql") | Some("asyncmy")) => Family::Pymysql,
        (_, Some("mysqlconnector")) => Family::ConnectorPython,
        (_, Some("mysqldb") | Some("mariadbconnector")) | (_, None) => Family::Mysqlclient,
        (_, Some(other)) => {
            s.note(lead, format!("driver {:?} not known: read as mysqlclient", crate::text::safe(other)));
            Family::Mysqlclient
        }
    };
    if driver.is_none() && family == Family::Mysqlclient {
        s.note(lead, "no +driver: SQLAlchemy's and Django's default MySQL driver is mysqlclient (MySQLdb)");
    }
    // SQLAlchemy puts ssl_ca, ssl_cert, ssl_key, ssl_capath, ssl_check_hostname into the `ssl`
    // dict for pymysql and mysqldb; mysql-connector-python gets them as keyword arguments.
    let mut pairs = u.query;
    if matches!(family, Family::Pymysql | Family::Mysqlclient) {
        for p in &mut pairs {
            if let Some(k) =
                p.key.strip_prefix("ssl_").filter(|k| matches!(*k, "ca" | "capath" | "check_hostname" | "cert" | "key"))
            {
                p.key = k.to_owned();
            }
        }
    }
    if family == Family::RubyMysql2 {
        code::ruby_decide(&mut s, &pairs);
    } else {
        code::python_decide(&mut s, family, &pairs);
    }
    s
}

/// A Prisma `DATABASE_URL`: `mysql://…?sslcert=…&sslaccept=strict`.
pub(super) fn prisma(text: &str) -> Settings {
    let at = text
        .find("://")
        .and_then(|i| text[..i].rfind(|c: char| !c.is_ascii_alphanumeric() && c != '+').map(|j| j + 1).or(Some(0)));
    let at = at.unwrap_or(0);
    let (mut s, url) = start(Format::PrismaUrl, &text[at..], at);
    s.family = Some(Family::Prisma);
    let Some(u) = url else { return s };
    if let Some(p) = get(&u.query, "sslcert") {
        s.set_ca(&p.value);
    }
    match get(&u.query, "sslaccept") {
        Some(p) if p.value.eq_ignore_ascii_case("strict") => {
            s.decisive = Some("sslaccept=strict".into());
            s.mode(Tls::Required, Verifies::CaAndName, None);
        }
        Some(p) => {
            s.decisive = Some(format!("sslaccept={}", p.value));
            s.mode(Tls::Required, Verifies::Nothing, None);
        }
        None => {
            s.decisive = Some("no sslaccept (accept_invalid_certs)".into());
            let tls = if s.ca_path.is_some() { Tls::Required } else { Tls::Preferred };
            s.mode(tls, Verifies::Nothing, None);
        }
    }
    s
}
