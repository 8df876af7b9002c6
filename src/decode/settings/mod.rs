//! Pasted connection settings (a command line, a my.cnf section, a URL, a DSN, a config object,
//! keyword arguments, a connection string) read into what they mean for TLS: the client family
//! and its verdict column, host and port, the CA path, how much the setting verifies and whether
//! the client falls back to plaintext. One module per format; [`parse`] picks the format.
//!
//! Total: any text gives a [`Settings`]; what could not be read, or was read with a guess, is a
//! [`Note`] with its byte offset. Values are hostile pasted text, kept as strings and never
//! interpreted beyond the tables of known keys. User names and passwords never leave the parser:
//! only whether they were present is kept.

mod cli;
mod code;
mod go_dsn;
mod kv;
mod scan;
mod url;

#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::vocab::ClientId;

/// Longer pastes are not a connection setting (and are not read).
pub const MAX_INPUT: usize = 16 * 1024;

/// The form the text was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    CommandLine,
    MyCnf,
    Jdbc,
    GoDsn,
    /// An SQLAlchemy / Django-style `mysql[+driver]://` URL.
    Url,
    PrismaUrl,
    /// Python keyword arguments, a dict, or a Django `DATABASES` entry with `OPTIONS`.
    Python,
    /// A node mysql2 / mysql / mariadb config object.
    Node,
    /// PHP PDO options or mysqli calls.
    Php,
    /// An ADO.NET connection string (MySqlConnector, MySql.Data).
    DotNet,
    /// A Perl DBI data source (`DBI:MariaDB:…`).
    PerlDbi,
    /// A Rails `database.yml` entry.
    RailsYaml,
    /// Nothing recognised (the notes say why).
    Unrecognised,
}

/// The client library (family) the setting is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// Oracle's mysql client / libmysqlclient 8.
    MysqlCli,
    /// The MariaDB client / Connector/C.
    MariadbCli,
    ConnectorJ,
    MariadbConnectorJ,
    GoMysql,
    Pymysql,
    Mysqlclient,
    ConnectorPython,
    Mysql2,
    NodeMysql,
    NodeMariadb,
    PhpPdo,
    PhpMysqli,
    DotNet,
    Prisma,
    RubyMysql2,
    PerlDbdMariadb,
}

/// What the setting checks about the server's certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verifies {
    /// Encrypts (at most) but accepts any certificate.
    Nothing,
    /// The chain up to a trusted CA, not the server's name.
    CaOnly,
    /// The chain and the name the client connects with.
    CaAndName,
}

/// Whether the setting asks for TLS at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tls {
    Off,
    /// TLS when the server offers it, plaintext otherwise.
    Preferred,
    Required,
}

/// Something the reader noticed: an unknown or unreadable value, a guess it had to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Note {
    /// Byte offset into the pasted text.
    pub offset: usize,
    pub text: String,
}

/// What a pasted setting means. Holds no user name and no password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Settings {
    pub format: Format,
    pub family: Option<Family>,
    /// The verdict column that behaves like this setting (exact, or the nearest: a note says so);
    /// `None` when TLS is off or nothing was recognised.
    pub client: Option<ClientId>,
    pub host: Option<String>,
    pub port: Option<u16>,
    /// The CA file (or trust store) the setting names, as written.
    pub ca_path: Option<String>,
    pub user_present: bool,
    pub password_present: bool,
    pub tls: Tls,
    pub verifies: Verifies,
    /// The client logs in in clear when the server offers no TLS.
    pub plaintext_fallback: bool,
    /// The option that decides how much is verified, as written (`--ssl-mode=REQUIRED`).
    pub decisive: Option<String>,
    pub notes: Vec<Note>,
}

impl Settings {
    pub(crate) fn new(format: Format) -> Settings {
        Settings {
            format,
            family: None,
            client: None,
            host: None,
            port: None,
            ca_path: None,
            user_present: false,
            password_present: false,
            tls: Tls::Off,
            verifies: Verifies::Nothing,
            plaintext_fallback: false,
            decisive: None,
            notes: Vec::new(),
        }
    }

    pub(crate) fn note(&mut self, offset: usize, text: impl Into<String>) {
        self.notes.push(Note { offset, text: text.into() });
    }

    /// Sets what the setting does: TLS mode, what it verifies, and the column when one matches.
    pub(crate) fn mode(&mut self, tls: Tls, verifies: Verifies, exact: Option<ClientId>) {
        self.tls = tls;
        self.verifies = if tls == Tls::Off { Verifies::Nothing } else { verifies };
        self.client = exact;
    }

    /// A port as written; a bad one is a note, not an error.
    pub(crate) fn set_port(&mut self, value: &str, offset: usize) {
        match value.trim().parse::<u16>() {
            Ok(p) => self.port = Some(p),
            Err(_) => self.note(offset, format!("port {:?} is not a number from 0 to 65535", crate::text::safe(value))),
        }
    }

    pub(crate) fn set_host(&mut self, value: &str) {
        let v = value.trim().trim_matches(|c| c == '[' || c == ']');
        if !v.is_empty() {
            self.host = Some(crate::text::safe(v));
        }
    }

    pub(crate) fn set_ca(&mut self, value: &str) {
        let v = value.trim();
        if !v.is_empty() {
            self.ca_path = Some(crate::text::safe(v));
        }
    }

    /// Fills the nearest column when no exact one was set (a note says which and why), and the
    /// fallback flag from the TLS mode.
    fn finish(mut self) -> Settings {
        self.plaintext_fallback = self.tls == Tls::Preferred;
        if self.client.is_none() && self.tls != Tls::Off && self.family.is_some() {
            let nearest = nearest(self.verifies, self.tls);
            let what = match self.verifies {
                Verifies::Nothing => "verifies nothing",
                Verifies::CaOnly => "checks the chain, not the name",
                Verifies::CaAndName => "checks the chain and the name",
            };
            let tls = if self.tls == Tls::Required { "requires TLS" } else { "falls back to plaintext" };
            self.notes.push(Note {
                offset: 0,
                text: format!(
                    "no verdict column for exactly this setting; its verdict is {nearest}'s, which checks alike \
                     ({what}, {tls})"
                ),
            });
            self.client = Some(nearest);
        }
        self
    }
}

/// The column that checks like a setting no column stands for: same verification, same TLS
/// requirement (see `rules::clients`: empty `order` = verifies nothing; `names: None` = no
/// name; `requires_tls`).
pub fn nearest(verifies: Verifies, tls: Tls) -> ClientId {
    match (verifies, tls == Tls::Required) {
        (Verifies::Nothing, true) => ClientId::PhpPdoVerifyFalse,
        (Verifies::Nothing, false) => ClientId::MysqlConnectorPythonCaOnly,
        (Verifies::CaOnly, true) => ClientId::Mysql8VerifyCa,
        (Verifies::CaOnly, false) => ClientId::MariadbSslCaOnly,
        (Verifies::CaAndName, _) => ClientId::Mysql8VerifyIdentity,
    }
}

/// Reads a pasted setting in whichever supported form it is written. Never panics.
pub fn parse(text: &str) -> Settings {
    if text.len() > MAX_INPUT {
        let mut s = Settings::new(Format::Unrecognised);
        s.note(MAX_INPUT, format!("longer than {MAX_INPUT} bytes: not read as a connection setting"));
        return s;
    }
    let trimmed = text.trim_start();
    let lead = text.len() - trimmed.len();
    let lower = trimmed.to_ascii_lowercase();
    let has = |s: &str| lower.contains(s);
    let s = if lower.starts_with("jdbc:") {
        url::jdbc(trimmed, lead)
    } else if lower.starts_with("dbi:") {
        kv::perl(trimmed, lead)
    } else if lower.starts_with("prisma") || has("://") && (has("sslaccept") || has("sslidentity")) {
        url::prisma(text)
    } else if has("[client") || has("[mysql]") || has("[mariadb") {
        cli::my_cnf(text)
    } else if has("adapter:") {
        code::rails(text)
    } else if has("pdo::")
        || has("pdo\\mysql")
        || has("new pdo")
        || has("mysqli_")
        || has("new mysqli")
        || has("->ssl_set(")
        || lower.starts_with("mysql:host=")
    {
        code::php(text)
    } else if has("@tcp(") || has("@unix(") || has("@/") && has("tls=") {
        go_dsn::parse(trimmed, lead)
    } else if has("require(")
        || has("createconnection")
        || has("createpool")
        || has("from 'mysql")
        || has("rejectunauthorized")
        || has("verifyidentity")
    {
        code::node(text)
    } else if has("://") && !has("(") && !has("{") {
        url::sql_url(trimmed, lead)
    } else if cli::looks_like_command(trimmed) {
        cli::command(text)
    } else if has("connect(") || has("options") || has("ssl_") || has("ssl=") || has("'ssl'") || has("\"ssl\"") {
        code::python(text)
    } else if (has("server=") || has("host=") || has("data source=") || has("sslmode=")) && has(";") {
        kv::dotnet(text)
    } else {
        let mut s = Settings::new(Format::Unrecognised);
        s.note(
            lead,
            "not a recognised connection setting (expected a mysql/mariadb command, a my.cnf [client] section, a JDBC \
             URL, a Go DSN, a URL, Python/node/PHP code, a .NET connection string or a database.yml entry)",
        );
        s
    };
    s.finish()
}
