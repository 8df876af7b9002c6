//! `key=value;…` forms: ADO.NET connection strings and Perl DBI data sources.
//!
//! Sources: MySqlConnector "Connection Options" (Server/Host/Data Source, Port, User ID/Uid,
//! Password/Pwd, `SslMode` None|Preferred|Required|VerifyCA|VerifyFull — default Preferred —,
//! `SslCa`/`CACertificateFile`; keys are case-insensitive and may contain spaces); MySQL
//! Connector/NET "Connection Options Reference" (`SslMode` default Required, `SslCa`);
//! DBD::MariaDB POD (`DBI:MariaDB:database=…;host=…;port=…;mariadb_ssl=1;
//! mariadb_ssl_verify_server_cert=1;mariadb_ssl_ca_file=…`; DBD::mysql's `mysql_ssl*` alike).

use super::scan::truthy;
use super::{Family, Format, Settings, Tls, Verifies};
use crate::vocab::ClientId;

/// `(key normalised: lower case, no blanks/`_`/`-`, value, value's offset)` per `;` part.
fn pairs(text: &str, lead: usize) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    let mut at = lead;
    for part in text.split(';') {
        if let Some((k, v)) = part.split_once('=') {
            let key: String = k.chars().filter(|c| !c.is_whitespace() && *c != '_' && *c != '-').collect();
            let v_at = at + k.len() + 1;
            let value = v.trim().trim_matches(|c| c == '"' || c == '\'');
            out.push((key.to_ascii_lowercase(), value.to_owned(), v_at));
        }
        at += part.len() + 1;
    }
    out
}

fn get<'a>(p: &'a [(String, String, usize)], keys: &[&str]) -> Option<&'a (String, String, usize)> {
    p.iter().rev().find(|(k, ..)| keys.contains(&k.as_str()))
}

/// The connection string inside `text` (a C# string literal or a bare line).
pub(super) fn dotnet(text: &str) -> Settings {
    let mut s = Settings::new(Format::DotNet);
    s.family = Some(Family::DotNet);
    let lower = text.to_ascii_lowercase();
    let start = ["server=", "host=", "data source=", "datasource=", "address="]
        .iter()
        .filter_map(|k| lower.find(k))
        .min()
        .unwrap_or(0);
    let end = text[start..].find(['"', '\n']).map_or(text.len(), |i| start + i);
    let p = pairs(&text[start..end], start);
    if let Some((_, v, at)) = get(&p, &["server", "host", "datasource", "address", "addr", "networkaddress"]) {
        super::url::host_port(&mut s, v, *at);
    }
    if let Some((_, v, at)) = get(&p, &["port"]) {
        s.set_port(v, *at);
    }
    s.user_present = get(&p, &["userid", "uid", "user", "username"]).is_some_and(|(_, v, _)| !v.is_empty());
    s.password_present = get(&p, &["password", "pwd"]).is_some_and(|(_, v, _)| !v.is_empty());
    if let Some((_, v, _)) = get(&p, &["sslca", "cacertificatefile"]) {
        s.set_ca(v);
    }
    match get(&p, &["sslmode"]) {
        Some((_, v, at)) => {
            s.decisive = Some(format!("SslMode={v}"));
            match v.to_ascii_lowercase().as_str() {
                "verifyfull" => s.mode(Tls::Required, Verifies::CaAndName, None),
                "verifyca" => s.mode(Tls::Required, Verifies::CaOnly, None),
                "required" => s.mode(Tls::Required, Verifies::Nothing, None),
                "preferred" | "prefered" => s.mode(Tls::Preferred, Verifies::Nothing, None),
                "none" | "disabled" => s.mode(Tls::Off, Verifies::Nothing, None),
                other => {
                    s.note(*at, format!("unknown SslMode {:?}: read as Preferred", crate::text::safe(other)));
                    s.mode(Tls::Preferred, Verifies::Nothing, None);
                }
            }
        }
        None => {
            s.decisive = Some("no SslMode".into());
            s.note(0, "no SslMode: MySqlConnector's default is Preferred (falls back to clear), MySql.Data's is Required; neither verifies");
            s.mode(Tls::Preferred, Verifies::Nothing, None);
        }
    }
    s
}

/// `DBI:MariaDB:…` / `DBI:mysql:…`.
pub(super) fn perl(text: &str, lead: usize) -> Settings {
    let mut s = Settings::new(Format::PerlDbi);
    s.family = Some(Family::PerlDbdMariadb);
    let end = text.find(['"', '\'', '\n', ',']).unwrap_or(text.len());
    let text = &text[..end];
    // `DBI:MariaDB:` then the attributes.
    let body_at = text.match_indices(':').nth(1).map_or(text.len(), |(i, _)| i + 1);
    let driver = text.get(4..body_at.saturating_sub(1)).unwrap_or("").to_ascii_lowercase();
    let p = pairs(&text[body_at..], lead + body_at);
    let pre = if driver == "mysql" { "mysql" } else { "mariadb" };
    if driver == "mysql" {
        s.note(lead, "DBD::mysql: read with DBD::MariaDB's rules (same options, mysql_ prefix)");
    }
    let key = |k: &str| format!("{pre}{k}");
    if let Some((_, v, at)) = get(&p, &["host", "hostname"]) {
        super::url::host_port(&mut s, v, *at);
    }
    if let Some((_, v, at)) = get(&p, &["port"]) {
        s.set_port(v, *at);
    }
    if let Some((_, v, _)) = get(&p, &[&key("sslcafile")]) {
        s.set_ca(v);
    }
    let ssl = get(&p, &[&key("ssl")]).is_some_and(|(_, v, _)| truthy(v));
    let verify = get(&p, &[&key("sslverifyservercert")]).is_some_and(|(_, v, _)| truthy(v));
    let optional = get(&p, &[&key("ssloptional")]).is_some_and(|(_, v, _)| truthy(v));
    let tls = if optional { Tls::Preferred } else { Tls::Required };
    if !ssl {
        s.decisive = Some(format!("no {pre}_ssl=1"));
        s.mode(Tls::Off, Verifies::Nothing, None);
    } else if verify {
        s.decisive = Some(format!("{pre}_ssl_verify_server_cert=1"));
        s.mode(tls, Verifies::CaAndName, (tls == Tls::Required).then_some(ClientId::PerlDbdMariadbVerify));
    } else if s.ca_path.is_some() {
        s.decisive = Some(format!("{pre}_ssl_ca_file without {pre}_ssl_verify_server_cert"));
        s.mode(tls, Verifies::CaOnly, None);
    } else {
        s.decisive = Some(format!("{pre}_ssl=1"));
        s.mode(tls, Verifies::Nothing, None);
    }
    s
}
