//! Pasted text made fit for a link: an error message (or connection settings) keeps what
//! explains the failure — the client's words, the server's host and port — and loses the user
//! name, the password and the client's own address. One function, [`redact`], used for every
//! text field a link carries; what it removed is counted so the preview can say so.
//!
//! Plain scanning, no regex (this runs in the page). It errs on the side of removing: any
//! `…password…=value`, `user: value`, URL user info, `-pSecret` and `-u name` go, whatever the
//! surrounding format (command line, URL, DSN, JSON, PHP array, .NET connection string).

/// The redacted text and what was taken out of it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Redacted {
    pub text: String,
    pub removed: Removed,
}

/// How many values of each kind were replaced by a placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Removed {
    pub user_names: usize,
    pub passwords: usize,
    pub client_addresses: usize,
}

impl Removed {
    /// Counted from the placeholders in a redacted text (what a link's preview can see).
    pub fn in_text(text: &str) -> Removed {
        Removed {
            user_names: text.matches(USER).count(),
            passwords: text.matches(PASSWORD).count(),
            client_addresses: text.matches(CLIENT).count(),
        }
    }

    /// What was removed, in words ("1 password", "2 user names"); empty when nothing was.
    pub fn words(&self) -> Vec<String> {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut out = Vec::new();
        if self.user_names > 0 {
            out.push(plural(self.user_names, "user name", "user names"));
        }
        if self.passwords > 0 {
            out.push(plural(self.passwords, "password", "passwords"));
        }
        if self.client_addresses > 0 {
            out.push(plural(self.client_addresses, "client address", "client addresses"));
        }
        out
    }
}

pub const USER: &str = "<user>";
pub const PASSWORD: &str = "<password>";
pub const CLIENT: &str = "<client>";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    User,
    Password,
    Client,
}

impl Kind {
    fn placeholder(self) -> &'static str {
        match self {
            Kind::User => USER,
            Kind::Password => PASSWORD,
            Kind::Client => CLIENT,
        }
    }
}

/// Removes user names, passwords and the client's own address from `text`. Total; the output
/// never contains a removed value.
pub fn redact(text: &str) -> Redacted {
    let b = text.as_bytes();
    let mut cuts: Vec<(usize, usize, Kind)> = Vec::new();
    user_at_host(b, &mut cuts);
    host_not_allowed(b, &mut cuts);
    url_user_info(b, &mut cuts);
    key_values(b, &mut cuts);
    short_flags(b, &mut cuts);
    local_tcp_address(b, &mut cuts);
    // Earliest first; of two overlapping cuts the first (then the longer) wins.
    cuts.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    let mut out = Redacted::default();
    let mut at = 0;
    for (start, end, kind) in cuts {
        if start < at || start >= end {
            continue;
        }
        out.text.push_str(text.get(at..start).unwrap_or_default());
        out.text.push_str(kind.placeholder());
        match kind {
            Kind::User => out.removed.user_names += 1,
            Kind::Password => out.removed.passwords += 1,
            Kind::Client => out.removed.client_addresses += 1,
        }
        at = end;
    }
    out.text.push_str(text.get(at..).unwrap_or_default());
    out
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Ends of a value that is not quoted.
fn is_value_end(c: u8) -> bool {
    c.is_ascii_whitespace() || matches!(c, b';' | b'&' | b',' | b')' | b'}' | b']' | b'"' | b'\'' | b'`' | b'@')
}

/// The value starting at `i`: quoted (the quotes kept) or up to a delimiter. Returns its range.
fn value_at(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let q = *b.get(i)?;
    if matches!(q, b'"' | b'\'' | b'`') {
        // Unterminated: up to the end of the word (a cut paste still loses its password).
        let rest = b.get(i + 1..)?;
        let len = rest
            .iter()
            .position(|&c| c == q)
            .unwrap_or_else(|| rest.iter().position(|&c| is_value_end(c)).unwrap_or(rest.len()));
        return (len > 0).then_some((i + 1, i + 1 + len));
    }
    let len = b.get(i..)?.iter().position(|&c| is_value_end(c)).unwrap_or(b.len() - i);
    (len > 0).then_some((i, i + len))
}

fn find_ci(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle)).map(|p| p + from)
}

/// `'bob'@'10.1.2.3'` (1045 and friends): the account's user and the client host.
fn user_at_host(b: &[u8], cuts: &mut Vec<(usize, usize, Kind)>) {
    let mut i = 0;
    while let Some(p) = b.get(i..).and_then(|r| r.windows(3).position(|w| w == b"'@'")).map(|p| p + i) {
        // The user: back to the opening quote.
        if let Some(open) = b.get(..p).and_then(|r| r.iter().rposition(|&c| c == b'\'')) {
            if open + 1 < p {
                cuts.push((open + 1, p, Kind::User));
            }
        }
        if let Some((s, e)) = value_at(b, p + 2) {
            cuts.push((s, e, Kind::Client));
        }
        i = p + 3;
    }
}

/// `Host '10.1.2.3' is not allowed to connect` (1130) / `is blocked` (1129): the client host.
fn host_not_allowed(b: &[u8], cuts: &mut Vec<(usize, usize, Kind)>) {
    let mut i = 0;
    while let Some(p) = find_ci(b, i, b"host '") {
        if let Some((s, e)) = value_at(b, p + 5) {
            let rest = b.get(e + 1..).unwrap_or_default();
            let words = |w: &[u8]| rest.len() >= w.len() && rest[..w.len()].eq_ignore_ascii_case(w);
            if words(b" is not allowed") || words(b" is blocked") {
                cuts.push((s, e, Kind::Client));
            }
        }
        i = p + 6;
    }
}

/// `scheme://user:password@host` and Go DSNs `user:password@tcp(host)`.
fn url_user_info(b: &[u8], cuts: &mut Vec<(usize, usize, Kind)>) {
    let mut i = 0;
    while let Some(at) = b.get(i..).and_then(|r| r.iter().position(|&c| c == b'@')).map(|p| p + i) {
        i = at + 1;
        let after = b.get(at + 1..).unwrap_or_default();
        // Back from '@' to the start of the user info: "://", whitespace or a quote.
        let start = b
            .get(..at)
            .and_then(|r| {
                r.iter()
                    .rposition(|&c| c.is_ascii_whitespace() || matches!(c, b'"' | b'\'' | b'`' | b'(' | b'<' | b'='))
            })
            .map_or(0, |p| p + 1);
        let info = b.get(start..at).unwrap_or_default();
        let scheme_end = info.windows(3).position(|w| w == b"://").map(|p| start + p + 3);
        let go_dsn = after.starts_with(b"tcp(") || after.starts_with(b"unix(");
        let user_start = match scheme_end {
            Some(s) => s,
            None if go_dsn => start,
            None => continue,
        };
        let info = b.get(user_start..at).unwrap_or_default();
        if info.is_empty() || info.contains(&b'/') {
            continue;
        }
        match info.iter().position(|&c| c == b':') {
            Some(colon) => {
                if colon > 0 {
                    cuts.push((user_start, user_start + colon, Kind::User));
                }
                if user_start + colon + 1 < at {
                    cuts.push((user_start + colon + 1, at, Kind::Password));
                }
            }
            None => cuts.push((user_start, at, Kind::User)),
        }
    }
}

/// `password=…`, `"password": "…"`, `'password' => '…'`, `Pwd=…;`, `DB_USER=…`, `User Id=…`,
/// `--password=…`, `--user …` — a key whose last word names a password or a user.
fn key_values(b: &[u8], cuts: &mut Vec<(usize, usize, Kind)>) {
    let mut i = 0;
    while i < b.len() {
        if !is_word(b[i]) || (i > 0 && is_word(b[i - 1])) {
            i += 1;
            continue;
        }
        let end = b
            .get(i..)
            .and_then(|r| r.iter().position(|&c| !(is_word(c) || c == b'.' || c == b'-')))
            .map_or(b.len(), |p| p + i);
        let key = b.get(i..end).unwrap_or_default().to_ascii_lowercase();
        let last = key.rsplit(|&c| matches!(c, b'_' | b'.' | b'-')).next().unwrap_or_default();
        let before = b.get(..i).unwrap_or_default().to_ascii_lowercase();
        let prev_word_user = before.ends_with(b"user ");
        let long_flag = before.ends_with(b"--");
        // MySQL's own "(using password: YES)" names no password.
        if before.ends_with(b"using ") {
            i = end.max(i + 1);
            continue;
        }
        let kind = match last {
            b"password" | b"passwd" | b"pwd" | b"pass" | b"secret" => Some(Kind::Password),
            b"user" | b"username" | b"uid" | b"login" => Some(Kind::User),
            b"id" if prev_word_user => Some(Kind::User),
            _ if key.ends_with(b"user_name") => Some(Kind::User),
            _ => None,
        };
        if let Some(kind) = kind {
            // An optional closing quote of the key, spaces, the separator, spaces.
            let mut j = end;
            if matches!(b.get(j), Some(b'"' | b'\'' | b'`')) {
                j += 1;
            }
            while b.get(j).is_some_and(|c| *c == b' ') {
                j += 1;
            }
            let sep = if b.get(j..j + 2) == Some(b"=>") {
                2
            } else if matches!(b.get(j), Some(b'=' | b':')) {
                1
            } else if long_flag && b.get(end) == Some(&b' ') {
                0 // `--user bob`
            } else {
                usize::MAX
            };
            if sep != usize::MAX {
                j += sep;
                while b.get(j).is_some_and(|c| *c == b' ') {
                    j += 1;
                }
                if let Some((s, e)) = value_at(b, j) {
                    cuts.push((s, e, kind));
                    i = e;
                    continue;
                }
            }
        }
        i = end.max(i + 1);
    }
}

/// The mysql/mariadb command line's `-pSecret`, `-ubob` and `-u bob` (`-p` alone prompts).
fn short_flags(b: &[u8], cuts: &mut Vec<(usize, usize, Kind)>) {
    for i in 0..b.len() {
        let at_word_start =
            i == 0 || b.get(i - 1).is_some_and(|c| c.is_ascii_whitespace() || *c == b'\'' || *c == b'"');
        if !at_word_start || b.get(i) != Some(&b'-') {
            continue;
        }
        let kind = match b.get(i + 1) {
            Some(b'p') => Kind::Password,
            Some(b'u') => Kind::User,
            _ => continue,
        };
        match b.get(i + 2) {
            Some(c) if !is_value_end(*c) && *c != b'-' => {
                if let Some((s, e)) = value_at(b, i + 2) {
                    cuts.push((s, e, kind));
                }
            }
            Some(b' ') if kind == Kind::User => {
                let j = i + 3;
                if b.get(j).is_some_and(|c| !is_value_end(*c) && *c != b'-') {
                    if let Some((s, e)) = value_at(b, j) {
                        cuts.push((s, e, kind));
                    }
                }
            }
            _ => {}
        }
    }
}

/// Go's `read tcp 172.17.0.2:51234->10.0.0.5:3306`: the address before `->` is the client's.
fn local_tcp_address(b: &[u8], cuts: &mut Vec<(usize, usize, Kind)>) {
    let mut i = 0;
    while let Some(p) = b.get(i..).and_then(|r| r.windows(2).position(|w| w == b"->")).map(|p| p + i) {
        i = p + 2;
        let start = b.get(..p).and_then(|r| r.iter().rposition(|c| c.is_ascii_whitespace())).map_or(0, |s| s + 1);
        let addr = b.get(start..p).unwrap_or_default();
        let looks_like_address =
            !addr.is_empty() && addr.iter().all(|c| c.is_ascii_hexdigit() || matches!(c, b'.' | b':' | b'[' | b']'));
        if looks_like_address && addr.contains(&b':') {
            cuts.push((start, p, Kind::Client));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> (String, Vec<String>) {
        let x = redact(s);
        assert_eq!(Removed::in_text(&x.text), x.removed, "the placeholders count what was removed");
        (x.text, x.removed.words())
    }

    fn words(w: &[&str]) -> Vec<String> {
        w.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn removes_the_account_and_client_host_of_access_denied() {
        assert_eq!(
            r("ERROR 1045 (28000): Access denied for user 'bob'@'10.1.2.3' (using password: YES)"),
            (
                "ERROR 1045 (28000): Access denied for user '<user>'@'<client>' (using password: YES)".into(),
                words(&["1 user name", "1 client address"])
            )
        );
        assert_eq!(
            r("ERROR 1130 (HY000): Host '10.1.2.3' is not allowed to connect to this MySQL server"),
            (
                "ERROR 1130 (HY000): Host '<client>' is not allowed to connect to this MySQL server".into(),
                words(&["1 client address"])
            )
        );
    }

    #[test]
    fn removes_passwords_of_urls_dsns_and_command_lines() {
        assert_eq!(
            r("jdbc:mysql://app:s3cr3t@db.example.com:3306/prod?sslMode=VERIFY_IDENTITY"),
            (
                "jdbc:mysql://<user>:<password>@db.example.com:3306/prod?sslMode=VERIFY_IDENTITY".into(),
                words(&["1 user name", "1 password"])
            )
        );
        assert_eq!(r("mysql://u:secret@h").0, "mysql://<user>:<password>@h");
        assert_eq!(r("mysql://u@h/db").0, "mysql://<user>@h/db");
        assert_eq!(r("dsn app:pw@tcp(db:3306)/x?tls=custom").0, "dsn <user>:<password>@tcp(db:3306)/x?tls=custom");
        assert_eq!(
            r("$ mysql -h db.example.com -P 3306 -u admin -pHunter2 --ssl-mode=VERIFY_IDENTITY").0,
            "$ mysql -h db.example.com -P 3306 -u <user> -p<password> --ssl-mode=VERIFY_IDENTITY"
        );
        assert_eq!(r("mysql -uadmin -p -h db").0, "mysql -u<user> -p -h db");
        assert_eq!(
            r("mysql --user=admin --password=Hunter2 -h db").0,
            "mysql --user=<user> --password=<password> -h db"
        );
        assert_eq!(r("mysql --user admin -h db").0, "mysql --user <user> -h db");
    }

    #[test]
    fn removes_key_values_in_every_config_format() {
        assert_eq!(r("user=bob password=x1 host=db").0, "user=<user> password=<password> host=db");
        assert_eq!(
            r(r#"{ "user": "bob", "password": "p w", host: "db" }"#).0,
            r#"{ "user": "<user>", "password": "<password>", host: "db" }"#
        );
        assert_eq!(r("'username' => 'bob', 'password' => 'x'").0, "'username' => '<user>', 'password' => '<password>'");
        assert_eq!(
            r("Server=db;User Id=bob;Pwd=x;SslMode=VerifyFull").0,
            "Server=db;User Id=<user>;Pwd=<password>;SslMode=VerifyFull"
        );
        assert_eq!(r("connect(user='bob', passwd='x')").0, "connect(user='<user>', passwd='<password>')");
        assert_eq!(
            r("DB_USER=bob MYSQL_PWD=x spring.datasource.password=y").0,
            "DB_USER=<user> MYSQL_PWD=<password> spring.datasource.password=<password>"
        );
    }

    #[test]
    fn removes_the_clients_own_address_but_keeps_the_servers() {
        assert_eq!(
            r("read tcp 172.17.0.2:51234->10.0.0.5:3306: read: connection reset by peer"),
            ("read tcp <client>->10.0.0.5:3306: read: connection reset by peer".into(), words(&["1 client address"]))
        );
        let kept = "ERROR 2026 (HY000): SSL connection error: error:0A000086:SSL routines::certificate verify failed";
        assert_eq!(r(kept), (kept.to_owned(), vec![]));
        let kept = "ERROR 2003 (HY000): Can't connect to MySQL server on '10.0.0.5:3306' (111)";
        assert_eq!(r(kept), (kept.to_owned(), vec![]));
        let kept = "x509: certificate is valid for *.abc.us-east-1.rds.amazonaws.com, not db.example.com";
        assert_eq!(r(kept), (kept.to_owned(), vec![]));
    }

    #[test]
    fn is_total_on_odd_input() {
        for s in ["", "@", "'@'", "-p", "password=", "user: '", "://@", "->", "é'@'é", "password=\"unterminated"] {
            let _ = redact(s);
        }
        assert_eq!(r("password=\"unterminated").0, "password=\"<password>");
    }
}
