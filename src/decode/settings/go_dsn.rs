//! go-sql-driver/mysql DSNs, alone or inside Go code.
//!
//! Source: go-sql-driver/mysql README, "DSN (Data Source Name)":
//! `[username[:password]@][protocol[(address)]]/dbname[?param1=value1&...&paramN=valueN]`;
//! `tls`: `true` (verified, system roots), `false` (default), `skip-verify` (encrypted, not
//! verified), `preferred` (skip-verify, and plaintext when the server offers no TLS), or the name
//! given to `mysql.RegisterTLSConfig`.

use super::scan::Pair;
use super::{Family, Format, Settings, Tls, Verifies};
use crate::vocab::ClientId;

/// The DSN inside `text`: the word around `@tcp(`, `@unix(` or `@/`.
fn locate(text: &str) -> (usize, &str) {
    let marker = ["@tcp(", "@unix(", "@/"].iter().filter_map(|m| text.find(m)).min().unwrap_or(0);
    let is_end = |c: char| c.is_whitespace() || c == '"' || c == '`' || c == '\'';
    let start = text[..marker].rfind(is_end).map_or(0, |i| i + 1);
    let end = text[marker..].find(is_end).map_or(text.len(), |i| marker + i);
    (start, &text[start..end])
}

pub(super) fn parse(text: &str, lead: usize) -> Settings {
    let mut s = Settings::new(Format::GoDsn);
    s.family = Some(Family::GoMysql);
    let (at, dsn) = locate(text);
    let at = lead + at;
    let (cred, rest) = match dsn.rfind('@') {
        Some(i) => (&dsn[..i], &dsn[i + 1..]),
        None => ("", dsn),
    };
    s.user_present = !cred.split(':').next().unwrap_or("").is_empty();
    s.password_present = cred.split_once(':').is_some_and(|(_, p)| !p.is_empty());
    let rest_at = at + dsn.len() - rest.len();
    if let Some(addr) = rest.strip_prefix("tcp(").and_then(|r| r.split_once(')')).map(|(a, _)| a) {
        super::url::host_port(&mut s, addr, rest_at + 4);
    } else if rest.starts_with("unix(") {
        s.note(rest_at, "a Unix socket: no TLS is involved");
    }
    let mut params = Vec::new();
    if let Some((before, q)) = rest.split_once('?') {
        let mut off = rest_at + before.len() + 1;
        for part in q.split('&') {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            params.push(Pair { key: k.to_owned(), value: v.to_owned(), offset: off + k.len() + 1 });
            off += part.len() + 1;
        }
    }
    let tls = params.iter().rev().find(|p| p.key == "tls");
    let value = tls.map_or("false", |p| p.value.as_str());
    s.decisive = Some(match tls {
        Some(p) => format!("tls={}", p.value),
        None => "no tls parameter (false)".into(),
    });
    match value.to_ascii_lowercase().as_str() {
        "false" | "0" => s.mode(Tls::Off, Verifies::Nothing, None),
        "skip-verify" => s.mode(Tls::Required, Verifies::Nothing, None),
        "preferred" => s.mode(Tls::Preferred, Verifies::Nothing, None),
        "true" | "1" => {
            s.mode(Tls::Required, Verifies::CaAndName, Some(ClientId::GoCustomCa));
            s.note(
                tls.map_or(0, |p| p.offset),
                "tls=true verifies against the system's roots, as go-custom-ca does against its pool",
            );
        }
        _ => {
            // A registered tls.Config: what the pasted Go code sets decides.
            let code = text.to_ascii_lowercase();
            if code.contains("insecureskipverify: true") || code.contains("insecureskipverify:true") {
                s.decisive = Some("InsecureSkipVerify: true".into());
                s.mode(Tls::Required, Verifies::Nothing, None);
            } else {
                s.mode(Tls::Required, Verifies::CaAndName, Some(ClientId::GoCustomCa));
                if !code.contains("registertlsconfig") {
                    s.note(
                        tls.map_or(0, |p| p.offset),
                        "a tls.Config registered with mysql.RegisterTLSConfig: read as RootCAs from your CA file, \
                         verified (InsecureSkipVerify or a ServerName there change this)",
                    );
                }
            }
            // The CA file the code reads into the pool.
            for call in ["os.readfile(", "ioutil.readfile("] {
                if let Some(i) = code.find(call) {
                    let arg = &text[i + call.len()..];
                    if let Some(q) = arg.strip_prefix('"').and_then(|a| a.split('"').next()) {
                        s.set_ca(q);
                    }
                }
            }
        }
    }
    s
}
