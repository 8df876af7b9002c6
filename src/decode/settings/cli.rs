//! The mysql / mariadb command line and the my.cnf `[client]` section: the same options, so one
//! decision ([`Opts::decide`]).
//!
//! Sources: MySQL 8.0 Reference Manual, "Command Options for Encrypted Connections"
//! (`--ssl-mode=DISABLED|PREFERRED|REQUIRED|VERIFY_CA|VERIFY_IDENTITY`, default PREFERRED, which
//! verifies nothing and falls back to clear); MariaDB KB "mariadb Command-Line Client" and
//! "Securing Connections for Client and Server" (`--ssl`, `--ssl-ca`, `--ssl-verify-server-cert`;
//! options may be written with `_` or `-`, `--skip-`/`--disable-` negate); "Using Option Files"
//! (`[client]`, `[mysql]`, `[mariadb]`, `[client-mariadb]` groups, `key=value` lines).

use super::{Family, Format, Settings, Tls, Verifies};
use crate::vocab::ClientId;

/// The programs whose options are read.
const PROGRAMS: &[&str] = &["mysql", "mariadb", "mysqldump", "mariadb-dump", "mysqladmin", "mariadb-admin", "mysqlsh"];

/// The TLS options seen, with the offset of each.
#[derive(Default)]
struct Opts {
    mode: Option<(String, usize)>,
    /// `--ssl` / `--skip-ssl` (`Some(false)`).
    ssl: Option<bool>,
    verify_cert: Option<(bool, usize)>,
    ca: bool,
}

/// A token with its byte offset.
struct Token {
    text: String,
    offset: usize,
}

/// Shell-like words: quotes group, backslash escapes (a backslash-newline joins lines), a
/// leading `$ ` prompt is a word like any other.
fn words(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = None;
    let mut quote: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                start.get_or_insert(i);
                quote = Some(c);
            }
            (None, '\\') => match chars.next() {
                Some((_, '\n')) | None => {}
                Some((_, n)) => {
                    start.get_or_insert(i);
                    cur.push(n);
                }
            },
            (None, c) if c.is_whitespace() => {
                if let Some(s) = start.take() {
                    out.push(Token { text: std::mem::take(&mut cur), offset: s });
                }
            }
            (None, c) => {
                start.get_or_insert(i);
                cur.push(c);
            }
        }
    }
    if let Some(s) = start {
        out.push(Token { text: cur, offset: s });
    }
    out
}

fn program_of(word: &str) -> Option<&'static str> {
    let base = word.rsplit(['/', '\\']).next().unwrap_or(word);
    let base = base.strip_suffix(".exe").unwrap_or(base);
    PROGRAMS.iter().find(|p| base.eq_ignore_ascii_case(p)).copied()
}

/// Whether the text starts like a mysql/mariadb command (after a prompt, `sudo`, env vars).
pub(super) fn looks_like_command(text: &str) -> bool {
    words(text).iter().take(6).any(|w| program_of(&w.text).is_some())
        || text.trim_start().starts_with("--")
        || text.trim_start().starts_with("-h")
}

/// Options that take a value in the next word when not written `--opt=value`.
const TAKES_VALUE: &[&str] = &[
    "host",
    "port",
    "user",
    "ssl-ca",
    "ssl-capath",
    "ssl-mode",
    "ssl-cert",
    "ssl-key",
    "ssl-cipher",
    "socket",
    "protocol",
    "database",
    "tls-version",
    "ssl-crl",
    "ssl-crlpath",
    "default-character-set",
    "execute",
];

/// Reads one option (name normalised: lower case, `_` → `-`) into `s` and `o`.
fn option(s: &mut Settings, o: &mut Opts, name: &str, value: Option<&str>, offset: usize) {
    let name = name.to_ascii_lowercase().replace('_', "-");
    let (negated, bare) = match name.strip_prefix("skip-").or_else(|| name.strip_prefix("disable-")) {
        Some(rest) => (true, rest.to_owned()),
        None => (false, name.strip_prefix("enable-").unwrap_or(&name).to_owned()),
    };
    let flag =
        |v: Option<&str>| !negated && v.is_none_or(|v| !matches!(v.trim(), "0" | "OFF" | "off" | "false" | "FALSE"));
    match bare.as_str() {
        "host" => s.set_host(value.unwrap_or("")),
        "port" => s.set_port(value.unwrap_or(""), offset),
        "user" => s.user_present = true,
        "password" | "pass" => s.password_present = value.is_some_and(|v| !v.is_empty()),
        "ssl-ca" | "ssl-capath" => {
            o.ca = true;
            s.set_ca(value.unwrap_or(""));
        }
        "ssl-mode" => o.mode = Some((value.unwrap_or("").trim().to_ascii_uppercase(), offset)),
        "ssl" => o.ssl = Some(flag(value)),
        "ssl-verify-server-cert" => o.verify_cert = Some((flag(value), offset)),
        _ => {}
    }
}

impl Opts {
    /// The family and what the options do; `program`: the command's name or the option group.
    fn decide(&self, s: &mut Settings, program: Option<&str>) {
        let mariadb_program = program.is_some_and(|p| p.starts_with("mariadb") || p == "client-mariadb");
        if let Some((mode, at)) = &self.mode {
            s.family = Some(Family::MysqlCli);
            s.decisive = Some(format!("--ssl-mode={mode}"));
            if mariadb_program {
                s.note(*at, "the MariaDB client has no --ssl-mode (it refuses the option); read as Oracle's mysql");
            }
            let (tls, verifies, exact) = match mode.as_str() {
                "VERIFY_IDENTITY" => (Tls::Required, Verifies::CaAndName, Some(ClientId::Mysql8VerifyIdentity)),
                "VERIFY_CA" => (Tls::Required, Verifies::CaOnly, Some(ClientId::Mysql8VerifyCa)),
                "REQUIRED" => (Tls::Required, Verifies::Nothing, None),
                "DISABLED" => (Tls::Off, Verifies::Nothing, None),
                "PREFERRED" => (Tls::Preferred, Verifies::Nothing, None),
                other => {
                    s.note(
                        *at,
                        format!("unknown --ssl-mode {:?}; read as the default PREFERRED", crate::text::safe(other)),
                    );
                    (Tls::Preferred, Verifies::Nothing, None)
                }
            };
            s.mode(tls, verifies, exact);
            return;
        }
        let verify = self.verify_cert.filter(|(on, _)| *on);
        if mariadb_program || self.verify_cert.is_some() {
            s.family = Some(Family::MariadbCli);
            if let (Some((_, at)), false) = (self.verify_cert, mariadb_program) {
                if program == Some("mysql") {
                    s.note(at, "MySQL 8 removed --ssl-verify-server-cert: read as the MariaDB client's `mysql`");
                }
            }
            if self.ssl == Some(false) {
                s.decisive = Some("--skip-ssl".into());
                s.mode(Tls::Off, Verifies::Nothing, None);
            } else if verify.is_some() {
                s.decisive = Some("--ssl-verify-server-cert".into());
                s.mode(Tls::Required, Verifies::CaAndName, Some(ClientId::MariadbVerifyServerCert));
                if !self.ca {
                    s.note(0, "no --ssl-ca: the client uses the system's CA store");
                }
            } else if self.ca {
                s.decisive = Some("--ssl-ca without --ssl-verify-server-cert".into());
                s.mode(Tls::Preferred, Verifies::CaOnly, Some(ClientId::MariadbSslCaOnly));
                s.note(0, "MariaDB client 11.4 and later also check the name by default; 11.3 and older do not");
            } else {
                s.decisive = Some(if self.ssl == Some(true) { "--ssl" } else { "no TLS option" }.into());
                s.mode(Tls::Preferred, Verifies::Nothing, None);
            }
            return;
        }
        s.family = Some(Family::MysqlCli);
        if self.ssl == Some(false) {
            s.decisive = Some("--skip-ssl".into());
            s.mode(Tls::Off, Verifies::Nothing, None);
            return;
        }
        s.decisive = Some("no --ssl-mode (PREFERRED)".into());
        s.mode(Tls::Preferred, Verifies::Nothing, None);
        if self.ca {
            s.note(
                0,
                "read as Oracle's mysql 8, which verifies only with --ssl-mode=VERIFY_CA or VERIFY_IDENTITY; if \
                 `mysql --version` says MariaDB, the column is mariadb-ssl-ca-only (chain checked, name not)",
            );
        }
    }
}

/// `mysql -h H -P 3306 --ssl-mode=VERIFY_IDENTITY --ssl-ca=…` and the mariadb forms.
pub(super) fn command(text: &str) -> Settings {
    let mut s = Settings::new(Format::CommandLine);
    let mut o = Opts::default();
    let words = words(text);
    let start = words.iter().position(|w| program_of(&w.text).is_some());
    let program = start.and_then(|i| program_of(&words[i].text));
    let mut i = start.map_or(0, |i| i + 1);
    while i < words.len() {
        let w = &words[i];
        let t = w.text.as_str();
        if t == "|" || t == ";" || t == "&&" || t == "<" || t == ">" {
            break;
        }
        if let Some(long) = t.strip_prefix("--") {
            match long.split_once('=') {
                Some((name, value)) => option(&mut s, &mut o, name, Some(value), w.offset),
                None => {
                    let norm = long.to_ascii_lowercase().replace('_', "-");
                    if TAKES_VALUE.contains(&norm.as_str()) {
                        let v = words.get(i + 1).map(|n| n.text.as_str());
                        option(&mut s, &mut o, long, v, w.offset);
                        i += 1;
                    } else {
                        option(&mut s, &mut o, long, None, w.offset);
                    }
                }
            }
        } else if let Some(short) = t.strip_prefix('-').filter(|r| !r.is_empty()) {
            let (letter, rest) = short.split_at(short.chars().next().map_or(0, char::len_utf8));
            let name = match letter {
                "h" => "host",
                "P" => "port",
                "u" => "user",
                "p" => "password",
                "D" => "database",
                "e" => "execute",
                _ => "",
            };
            if letter == "p" {
                // `-pSECRET` only: `-p` alone prompts, and the next word is not its value.
                option(&mut s, &mut o, name, Some(rest), w.offset);
            } else if !name.is_empty() && rest.is_empty() {
                option(&mut s, &mut o, name, words.get(i + 1).map(|n| n.text.as_str()), w.offset);
                i += 1;
            } else if !name.is_empty() {
                option(&mut s, &mut o, name, Some(rest), w.offset);
            }
        }
        i += 1;
    }
    if start.is_none() {
        s.note(0, "no mysql or mariadb program name; options read as the mysql client's");
    }
    o.decide(&mut s, program);
    s
}

/// A my.cnf: the client groups' `key = value` lines.
pub(super) fn my_cnf(text: &str) -> Settings {
    let mut s = Settings::new(Format::MyCnf);
    let mut o = Opts::default();
    let mut group = String::new();
    let mut mariadb_group = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') || l.starts_with(';') {
            continue;
        }
        if let Some(g) = l.strip_prefix('[') {
            group = g.trim_end_matches(']').trim().to_ascii_lowercase();
            mariadb_group |= group.starts_with("mariadb") || group == "client-mariadb";
            continue;
        }
        if !matches!(group.as_str(), "client" | "mysql" | "mariadb" | "client-mariadb" | "mariadb-client" | "mysqldump")
        {
            continue;
        }
        let (key, value) = match l.split_once('=') {
            Some((k, v)) => (k.trim(), Some(v.trim().trim_matches(|c| c == '"' || c == '\''))),
            None => (l, None),
        };
        option(&mut s, &mut o, key.trim_start_matches("--"), value, at + (line.len() - line.trim_start().len()));
    }
    o.decide(&mut s, Some(if mariadb_group { "mariadb" } else { "my.cnf" }));
    s
}
