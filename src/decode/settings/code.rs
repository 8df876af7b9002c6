//! The code-like forms, read with the loose scanner ([`super::scan`]): Python keyword
//! arguments and dicts (PyMySQL, mysqlclient, mysql-connector-python, Django `OPTIONS`), node
//! config objects (mysql2, mysql, mariadb), PHP (PDO, mysqli) and Rails `database.yml`.
//!
//! Sources (each client's own documentation):
//! - PyMySQL `Connection` API reference: `ssl` ("a dict of arguments similar to
//!   mysql_ssl_set()'s parameters", keys `ca`, `cert`, `key`, `check_hostname` default true),
//!   `ssl_ca`, `ssl_verify_cert`, `ssl_verify_identity`, `ssl_disabled`; the keyword `ssl_ca`
//!   alone does not make it verify (`connections.py`: `verify_mode` from `ssl_verify_cert`).
//! - mysqlclient "MySQLdb User's Guide": `ssl` dict (`ca` …), `ssl_mode`
//!   (DISABLED … VERIFY_IDENTITY); Django "Databases — MySQL notes": `OPTIONS` go to
//!   `MySQLdb.connect`.
//! - MySQL Connector/Python "Connector/Python Connection Arguments": `ssl_ca`, `ssl_verify_cert`,
//!   `ssl_verify_identity`, `ssl_disabled`.
//! - mysql2 README "Using SSL" / sidorares' docs: `ssl: {ca: fs.readFileSync(…), rejectUnauthorized,
//!   verifyIdentity}`, `ssl: 'Amazon RDS'`; mysqljs README "SSL options" (`ssl: 'Amazon RDS'`,
//!   `ca`, `rejectUnauthorized` default true); MariaDB Node.js connector "Connection options":
//!   `ssl: true` or `ssl: {ca, rejectUnauthorized}`, hostname checked by Node.
//! - php.net: PDO_MYSQL constants `PDO::MYSQL_ATTR_SSL_CA`, `PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT`
//!   (and PHP 8.4's `Pdo\Mysql::ATTR_SSL_*`); `mysqli::ssl_set`, `mysqli::real_connect` flags
//!   `MYSQLI_CLIENT_SSL`, `MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT`; `mysqli::options`
//!   `MYSQLI_OPT_SSL_VERIFY_SERVER_CERT`. mysqlnd verifies the peer when a CA is given.
//! - mysql2 gem README "SSL options" (`sslca`, `sslkey`, `sslcert`, `ssl_mode: :disabled |
//!   :preferred | :required | :verify_ca | :verify_identity`); Rails guide "Configuring Rails
//!   Applications — Configuring a Database".

use super::scan::{get, pairs, truthy, Pair};
use super::{Family, Format, Settings, Tls, Verifies};
use crate::vocab::ClientId;

/// Host, port, user and password from the usual keys (any case).
fn common(s: &mut Settings, p: &[Pair]) {
    if let Some(h) = get(p, &["host", "hostname", "server"]) {
        if is_variable(&h.value) {
            s.note(h.offset, "the host comes from a variable: give the hostname to check it");
        } else {
            s.set_host(&h.value);
        }
    }
    if let Some(x) = get(p, &["port"]) {
        s.set_port(&x.value, x.offset);
    }
    // `|=`: a URL's user info counts too.
    s.user_present |= get(p, &["user", "username", "uid"]).is_some_and(|u| !u.value.is_empty());
    s.password_present |= get(p, &["password", "passwd", "pwd"]).is_some_and(|u| !u.value.is_empty());
}

/// A value read from the environment or a variable, not written out.
fn is_variable(v: &str) -> bool {
    ["process.", "os.", "ENV", "$", "<%", "settings.", "config."].iter().any(|p| v.trim().starts_with(p))
}

/// A CA value that names a file (not an environment variable or inline PEM).
fn ca_value(s: &mut Settings, pair: &Pair) {
    let v = pair.value.trim();
    if v.contains("-----BEGIN") {
        s.note(pair.offset, "the CA is given inline (PEM text), not as a file");
    } else if is_variable(v) {
        s.note(pair.offset, "the CA path comes from a variable: paste its value to check the file");
    } else {
        s.set_ca(v);
    }
}

fn flag(p: &[Pair], keys: &[&str]) -> Option<bool> {
    get(p, keys).map(|x| truthy(&x.value))
}

/// What Python keyword arguments (or a URL's query read as them) do, per driver.
pub(super) fn python_decide(s: &mut Settings, family: Family, p: &[Pair]) {
    s.family = Some(family);
    common(s, p);
    let dict_ca = get(p, &["ca"]);
    let kw_ca = get(p, &["ssl_ca"]);
    if let Some(c) = kw_ca.or(dict_ca) {
        ca_value(s, c);
    }
    if flag(p, &["ssl_disabled"]) == Some(true) {
        s.decisive = Some("ssl_disabled=True".into());
        s.mode(Tls::Off, Verifies::Nothing, None);
        return;
    }
    let identity = flag(p, &["ssl_verify_identity"]) == Some(true);
    let cert = flag(p, &["ssl_verify_cert"]) == Some(true);
    match family {
        Family::Pymysql => {
            if identity {
                s.decisive = Some("ssl_verify_identity=True".into());
                s.mode(Tls::Required, Verifies::CaAndName, Some(ClientId::PymysqlPython312));
            } else if cert {
                s.decisive = Some("ssl_verify_cert=True".into());
                s.mode(Tls::Required, Verifies::CaOnly, None);
            } else if dict_ca.is_some() {
                if flag(p, &["check_hostname"]) == Some(false) {
                    s.decisive = Some("'check_hostname': False".into());
                    s.mode(Tls::Required, Verifies::CaOnly, None);
                } else {
                    s.decisive = Some("ssl={'ca': …}".into());
                    s.mode(Tls::Required, Verifies::CaAndName, Some(ClientId::PymysqlPython312));
                }
            } else if kw_ca.is_some() {
                s.decisive = Some("ssl_ca= without ssl_verify_cert/ssl_verify_identity".into());
                s.mode(Tls::Required, Verifies::Nothing, Some(ClientId::PymysqlCaOnly));
            } else {
                s.decisive = Some("no ssl argument".into());
                s.mode(Tls::Off, Verifies::Nothing, None);
            }
            if s.client == Some(ClientId::PymysqlPython312) {
                s.note(0, "on Python 3.13 and later the column is pymysql-python313 (it accepts an intermediate as the trust anchor)");
            }
        }
        Family::ConnectorPython => {
            if identity {
                s.decisive = Some("ssl_verify_identity=True".into());
                s.mode(Tls::Required, Verifies::CaAndName, Some(ClientId::MysqlConnectorPythonVerifyIdentity));
            } else if cert {
                s.decisive = Some("ssl_verify_cert=True".into());
                s.mode(Tls::Required, Verifies::CaOnly, Some(ClientId::MysqlConnectorPythonVerifyCert));
            } else {
                s.decisive =
                    Some(if kw_ca.is_some() { "ssl_ca= without ssl_verify_cert" } else { "no ssl argument" }.into());
                s.mode(Tls::Preferred, Verifies::Nothing, Some(ClientId::MysqlConnectorPythonCaOnly));
            }
            s.note(
                0,
                "read as the pure-Python connector; with the C extension (use_pure=False) the columns are mysql8-*",
            );
        }
        _ => {
            // mysqlclient on MariaDB Connector/C: VERIFY_CA checks the name too.
            match get(p, &["ssl_mode"]) {
                Some(m) => {
                    s.decisive = Some(format!("ssl_mode={}", m.value));
                    match m.value.to_ascii_uppercase().as_str() {
                        "VERIFY_CA" | "VERIFY_IDENTITY" => {
                            s.mode(Tls::Required, Verifies::CaAndName, Some(ClientId::MysqlclientVerifyCa))
                        }
                        "REQUIRED" => s.mode(Tls::Required, Verifies::Nothing, None),
                        "DISABLED" => s.mode(Tls::Off, Verifies::Nothing, None),
                        _ => s.mode(Tls::Preferred, Verifies::Nothing, None),
                    }
                }
                None if dict_ca.is_some() || kw_ca.is_some() => {
                    s.decisive = Some("ssl={'ca': …} without ssl_mode".into());
                    s.mode(Tls::Preferred, Verifies::CaOnly, Some(ClientId::MysqlclientCaOnly));
                }
                None => {
                    s.decisive = Some("no ssl_mode (PREFERRED)".into());
                    s.mode(Tls::Preferred, Verifies::Nothing, None);
                }
            }
        }
    }
}

/// PyMySQL / mysqlclient / mysql-connector-python code or a Django `DATABASES` entry.
pub(super) fn python(text: &str) -> Settings {
    let mut s = Settings::new(Format::Python);
    let lower = text.to_ascii_lowercase();
    let p = pairs(text);
    let family = if lower.contains("pymysql") {
        Family::Pymysql
    } else if lower.contains("mysqldb") || lower.contains("django.db.backends.mysql") || lower.contains("options") {
        Family::Mysqlclient
    } else if lower.contains("mysql.connector") || lower.contains("mysql-connector") {
        Family::ConnectorPython
    } else if get(&p, &["ssl_mode"]).is_some() {
        Family::Mysqlclient
    } else {
        s.note(0, "no library named (pymysql, MySQLdb, mysql.connector): read as PyMySQL");
        Family::Pymysql
    };
    python_decide(&mut s, family, &p);
    s
}

/// A node mysql2 / mysql / mariadb config object.
pub(super) fn node(text: &str) -> Settings {
    let mut s = Settings::new(Format::Node);
    let lower = text.to_ascii_lowercase();
    // The modules the code requires or imports, read once: `require('mysql2')`, `from 'mysql2/promise'`.
    let modules: Vec<&str> = ["require(", "from "]
        .iter()
        .flat_map(|m| lower.match_indices(m).map(move |(i, _)| i + m.len()))
        .filter_map(|at| {
            let rest = lower.get(at..)?.trim_start();
            let q = rest.chars().next().filter(|c| matches!(c, '\'' | '"' | '`'))?;
            rest[1..].split(q).next().map(|m| m.split('/').next().unwrap_or(m))
        })
        .collect();
    let lib = |name: &str| modules.contains(&name);
    let family = if lib("mysql2") {
        Family::Mysql2
    } else if lib("mariadb") {
        Family::NodeMariadb
    } else if lib("mysql") {
        Family::NodeMysql
    } else {
        s.note(0, "no require/import of mysql2, mysql or mariadb: read as mysql2");
        Family::Mysql2
    };
    s.family = Some(family);
    let p = pairs(text);
    common(&mut s, &p);
    if let Some(c) = get(&p, &["ca"]) {
        ca_value(&mut s, c);
    }
    let ssl_value = get(&p, &["ssl"]).map(|x| x.value.clone());
    let ssl_object = lower.contains("ssl:")
        || lower.contains("ssl :")
        || get(&p, &["ca", "rejectUnauthorized", "verifyIdentity"]).is_some();
    if ssl_value.as_deref() == Some("false") || (ssl_value.is_none() && !ssl_object) {
        s.decisive = Some(if ssl_value.is_some() { "ssl: false" } else { "no ssl option" }.into());
        s.mode(Tls::Off, Verifies::Nothing, None);
        return s;
    }
    if let Some(profile) = ssl_value.as_deref().filter(|v| *v != "true") {
        s.decisive = Some(format!("ssl: '{}'", crate::text::safe(profile)));
        s.note(
            0,
            format!(
                "the {:?} profile: the driver's own list of CAs (its version decides which)",
                crate::text::safe(profile)
            ),
        );
    }
    if flag(&p, &["rejectUnauthorized"]) == Some(false) {
        s.decisive = Some("rejectUnauthorized: false".into());
        s.mode(Tls::Required, Verifies::Nothing, None);
        return s;
    }
    let identity = flag(&p, &["verifyIdentity"]) == Some(true);
    if s.decisive.is_none() {
        s.decisive = Some(match (family, identity) {
            (Family::Mysql2, true) => "ssl: {…, verifyIdentity: true}".into(),
            (Family::Mysql2 | Family::NodeMysql, false) => "ssl: {ca} without verifyIdentity".into(),
            _ => "ssl: {ca}".into(),
        });
    }
    match family {
        Family::Mysql2 if identity => s.mode(Tls::Required, Verifies::CaAndName, Some(ClientId::Mysql2VerifyIdentity)),
        Family::Mysql2 => s.mode(Tls::Required, Verifies::CaOnly, Some(ClientId::Mysql2CaOnly)),
        Family::NodeMysql => s.mode(Tls::Required, Verifies::CaOnly, Some(ClientId::NodeMysql)),
        _ => s.mode(Tls::Required, Verifies::CaAndName, Some(ClientId::NodeMariadb)),
    }
    s
}

/// The arguments of the first call of `name(` (top-level commas; quotes kept).
fn call_args<'a>(text: &'a str, lower: &str, name: &str) -> Option<Vec<(&'a str, usize)>> {
    let at = lower.find(name)? + name.len();
    let mut args = Vec::new();
    let (mut depth, mut quote, mut start) = (0usize, None, at);
    for (i, c) in text[at..].char_indices().map(|(i, c)| (at + i, c)) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') if depth > 0 => depth -= 1,
            (None, ')') => {
                args.push((text[start..i].trim(), start));
                return Some(args);
            }
            (None, ',') if depth == 0 => {
                args.push((text[start..i].trim(), start));
                start = i + 1;
            }
            _ => {}
        }
    }
    Some(args)
}

fn unquote(arg: &str) -> Option<&str> {
    let a = arg.trim();
    a.strip_prefix('\'')
        .and_then(|r| r.strip_suffix('\''))
        .or_else(|| a.strip_prefix('"').and_then(|r| r.strip_suffix('"')))
}

/// PHP: PDO options or mysqli calls.
pub(super) fn php(text: &str) -> Settings {
    let mut s = Settings::new(Format::Php);
    let lower = text.to_ascii_lowercase();
    let p = pairs(text);
    let attr = |name: &str| p.iter().rev().find(|x| x.key.to_ascii_uppercase().ends_with(name));
    if let Some(dsn) = lower.find("mysql:") {
        // `mysql:host=H;port=P;dbname=D` up to the closing quote.
        let end = text[dsn..].find(['\'', '"']).map_or(text.len(), |i| dsn + i);
        let mut at = dsn + 6;
        for part in text.get(dsn + 6..end).unwrap_or("").split(';') {
            match part.split_once('=') {
                Some((k, v)) if k.trim().eq_ignore_ascii_case("host") => s.set_host(v),
                Some((k, v)) if k.trim().eq_ignore_ascii_case("port") => s.set_port(v, at + k.len() + 1),
                _ => {}
            }
            at += part.len() + 1;
        }
    }
    if lower.contains("new pdo") || attr("ATTR_SSL_CA").is_some() || lower.contains("pdo::") {
        s.family = Some(Family::PhpPdo);
        // `new PDO($dsn, $user, $password, [...])`: a user and password argument.
        if let Some(args) = call_args(text, &lower, "new pdo(") {
            s.user_present = args.get(1).is_some_and(|(a, _)| !a.is_empty() && *a != "null");
            s.password_present = args.get(2).is_some_and(|(a, _)| !a.is_empty() && *a != "null" && *a != "''");
        }
        if let Some(c) = attr("ATTR_SSL_CA") {
            ca_value(&mut s, c);
        }
        let verify = attr("ATTR_SSL_VERIFY_SERVER_CERT").map(|x| truthy(&x.value));
        let ssl = s.ca_path.is_some() || attr("ATTR_SSL_CA").is_some() || attr("ATTR_SSL_CERT").is_some();
        match (ssl, verify) {
            (_, Some(false)) => {
                s.decisive = Some("PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => false".into());
                s.mode(Tls::Required, Verifies::Nothing, Some(ClientId::PhpPdoVerifyFalse));
            }
            (true, v) => {
                s.decisive = Some(if v == Some(true) {
                    "PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => true".into()
                } else {
                    "PDO::MYSQL_ATTR_SSL_CA (mysqlnd verifies when a CA is given)".into()
                });
                s.mode(Tls::Required, Verifies::CaAndName, Some(ClientId::PhpMysqliVerify));
                s.note(0, "PDO and mysqli share mysqlnd: the php-mysqli-verify column checks alike");
            }
            (false, _) => {
                s.decisive = Some("no PDO::MYSQL_ATTR_SSL_* option".into());
                s.mode(Tls::Off, Verifies::Nothing, None);
            }
        }
        return s;
    }
    s.family = Some(Family::PhpMysqli);
    // `mysqli_ssl_set($db, key, cert, ca, capath, cipher)` or `$db->ssl_set(key, cert, ca, …)`.
    let procedural = lower.contains("mysqli_ssl_set(");
    let ssl_set = call_args(text, &lower, if procedural { "mysqli_ssl_set(" } else { "ssl_set(" });
    if let Some(ca) = ssl_set.as_ref().and_then(|a| a.get(if procedural { 3 } else { 2 })) {
        if let Some(v) = unquote(ca.0) {
            ca_value(&mut s, &Pair { key: "ca".into(), value: v.to_owned(), offset: ca.1 });
        }
    }
    // `real_connect([$db,] host, user, password, db, port, socket, flags)` / `new mysqli(host, …)`.
    let (connect, skip) = if lower.contains("mysqli_real_connect(") {
        (call_args(text, &lower, "mysqli_real_connect("), 1)
    } else if lower.contains("real_connect(") {
        (call_args(text, &lower, "real_connect("), 0)
    } else {
        (call_args(text, &lower, "new mysqli("), 0)
    };
    if let Some(args) = &connect {
        if let Some(h) = args.get(skip).and_then(|a| unquote(a.0)) {
            s.set_host(h);
        }
        s.user_present = args.get(skip + 1).is_some_and(|(a, _)| !a.is_empty() && *a != "null");
        s.password_present = args.get(skip + 2).is_some_and(|(a, _)| !a.is_empty() && *a != "null" && *a != "''");
        if let Some((port, at)) =
            args.get(skip + 4).filter(|(a, _)| a.bytes().all(|b| b.is_ascii_digit()) && !a.is_empty())
        {
            s.set_port(port, *at);
        }
    }
    let dont_verify = lower.contains("mysqli_client_ssl_dont_verify_server_cert");
    let verify_opt = lower.find("mysqli_opt_ssl_verify_server_cert").map(|i| {
        lower[i..].split(')').next().unwrap_or("").contains("true")
            || lower[i..].split(')').next().unwrap_or("").contains(", 1")
    });
    let ssl = ssl_set.is_some() || lower.contains("mysqli_client_ssl");
    if !ssl {
        s.decisive = Some("no ssl_set / MYSQLI_CLIENT_SSL".into());
        s.mode(Tls::Off, Verifies::Nothing, None);
    } else if dont_verify || verify_opt == Some(false) {
        s.decisive = Some(
            if dont_verify {
                "MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT"
            } else {
                "MYSQLI_OPT_SSL_VERIFY_SERVER_CERT, false"
            }
            .into(),
        );
        s.mode(Tls::Required, Verifies::Nothing, None);
    } else if verify_opt == Some(true) || s.ca_path.is_some() {
        s.decisive = Some(
            if verify_opt == Some(true) {
                "MYSQLI_OPT_SSL_VERIFY_SERVER_CERT, true"
            } else {
                "ssl_set with a CA (mysqlnd verifies)"
            }
            .into(),
        );
        s.mode(Tls::Required, Verifies::CaAndName, Some(ClientId::PhpMysqliVerify));
    } else {
        s.decisive = Some("MYSQLI_CLIENT_SSL without a CA".into());
        s.mode(Tls::Required, Verifies::Nothing, None);
    }
    s
}

/// What a ruby mysql2 entry (database.yml or a `mysql2://` URL) does.
pub(super) fn ruby_decide(s: &mut Settings, p: &[Pair]) {
    s.family = Some(Family::RubyMysql2);
    common(s, p);
    if let Some(c) = get(p, &["sslca"]) {
        ca_value(s, c);
    }
    match get(p, &["ssl_mode"]) {
        Some(m) => {
            s.decisive = Some(format!("ssl_mode: {}", m.value));
            match m.value.trim_start_matches(':').to_ascii_lowercase().as_str() {
                "verify_identity" => {
                    // Measured by the lab: mysql2 0.5.3 on Debian's libmariadb checks the chain,
                    // not the name, and falls back to clear.
                    s.mode(Tls::Preferred, Verifies::CaOnly, Some(ClientId::RubyMysql2VerifyIdentity));
                    s.note(
                        m.offset,
                        "mysql2 built on MariaDB Connector/C (Debian's ruby-mysql2) checks the chain but not the name, \
                         and falls back to clear (the lab measures it); built on Oracle's libmysqlclient it verifies \
                         the name",
                    );
                }
                "verify_ca" => s.mode(Tls::Required, Verifies::CaOnly, None),
                "required" => s.mode(Tls::Required, Verifies::Nothing, None),
                "disabled" => s.mode(Tls::Off, Verifies::Nothing, None),
                _ => s.mode(Tls::Preferred, Verifies::Nothing, None),
            }
        }
        None if s.ca_path.is_some() => {
            s.decisive = Some("sslca without ssl_mode".into());
            s.mode(Tls::Preferred, Verifies::CaOnly, None);
        }
        None => {
            s.decisive = Some("no sslca / ssl_mode".into());
            s.mode(Tls::Off, Verifies::Nothing, None);
        }
    }
}

/// A Rails `database.yml` entry (the last value of each key wins when several are pasted).
pub(super) fn rails(text: &str) -> Settings {
    let mut s = Settings::new(Format::RailsYaml);
    let p = pairs(text);
    if let Some(a) = get(&p, &["adapter"]).filter(|a| !a.value.eq_ignore_ascii_case("mysql2")) {
        s.note(a.offset, format!("adapter {:?}: read with mysql2's options", crate::text::safe(&a.value)));
    }
    if p.iter().filter(|x| x.key.eq_ignore_ascii_case("adapter")).count() > 1 {
        s.note(0, "several entries: the last value of each key is read");
    }
    ruby_decide(&mut s, &p);
    s
}
