//! The exact settings to use: for each client family, the strictest setting that works for this
//! server (TLS required, the chain and the name verified against the CA file), written as the
//! person writes it — command line, option file, URL, code — with the host, port and CA file of
//! the inputs, the person's own family first; then the server-side changes where the fix is
//! there (require TLS for the account or the server, rotate an RDS instance's CA).
//!
//! Placeholders the report cannot know (and never keeps): `USER`, `PASSWORD`, `DB`. The lab runs
//! the generated text of the MariaDB client, PyMySQL and mysql2 for real, and maps the Go,
//! mysql-connector-python, node mariadb, PHP mysqli, Perl and MariaDB Connector/J snippets to the
//! driver that does exactly that (tests/client_lab_snippets.rs).

use crate::decode::error_text::ClientFamily;
use crate::decode::pki::rds::{self, EndpointKind};
use crate::decode::settings::{Family, Settings, Tls};
use crate::report::Report;
use crate::source::inputs::Inputs;
use crate::vocab::catalogue::RuleId;
use crate::vocab::CopyText;

/// Where the current Amazon RDS global bundle is published.
pub const RDS_BUNDLE_URL: &str = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";

/// Every family, in the order they are offered after the person's own.
const FAMILIES: &[Family] = &[
    Family::MysqlCli,
    Family::MariadbCli,
    Family::ConnectorJ,
    Family::MariadbConnectorJ,
    Family::GoMysql,
    Family::Pymysql,
    Family::Mysqlclient,
    Family::ConnectorPython,
    Family::Mysql2,
    Family::NodeMariadb,
    Family::NodeMysql,
    Family::PhpPdo,
    Family::PhpMysqli,
    Family::DotNet,
    Family::Prisma,
    Family::RubyMysql2,
    Family::PerlDbdMariadb,
];

/// What the snippets are written for.
struct Target {
    host: String,
    port: u16,
    ca: String,
}

fn copy(label: impl Into<String>, text: impl Into<String>) -> CopyText {
    CopyText { label: label.into(), text: text.into() }
}

/// The client-side snippets of one family.
fn family(f: Family, t: &Target) -> Vec<CopyText> {
    let Target { host, port, ca } = t;
    match f {
        Family::MysqlCli => vec![
            copy(
                "mysql 8 command line: TLS required, chain and name verified",
                format!("mysql -h {host} -P {port} -u USER -p --ssl-mode=VERIFY_IDENTITY --ssl-ca={ca}"),
            ),
            copy("mysql 8 option file (~/.my.cnf)", format!("[client]\nssl-mode = VERIFY_IDENTITY\nssl-ca = {ca}\n")),
        ],
        Family::MariadbCli => vec![
            copy(
                "MariaDB client command line: TLS required, chain and name verified",
                format!("mariadb -h {host} -P {port} -u USER -p --ssl-ca={ca} --ssl-verify-server-cert"),
            ),
            copy("MariaDB client option file (~/.my.cnf)", format!("[client]\nssl-ca = {ca}\nssl-verify-server-cert\n")),
        ],
        Family::ConnectorJ => vec![
            copy(
                "Connector/J trust store: keytool imports one certificate per alias, so split the PEM bundle first",
                format!(
                    "csplit -s -z -f ca-part- {ca} '/-----BEGIN CERTIFICATE-----/' '{{*}}'\n\
                     for part in ca-part-*; do\n  \
                     keytool -importcert -noprompt -alias \"$part\" -file \"$part\" -keystore truststore.p12 -storetype PKCS12 -storepass changeit\n\
                     done\n\
                     rm ca-part-*\n"
                ),
            ),
            copy(
                "Connector/J URL (run from the directory holding truststore.p12, or give its absolute path)",
                format!(
                    "jdbc:mysql://{host}:{port}/DB?sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=file:truststore.p12\
                     &trustCertificateKeyStoreType=PKCS12&trustCertificateKeyStorePassword=changeit"
                ),
            ),
        ],
        Family::MariadbConnectorJ => vec![
            copy(
                "MariaDB Connector/J 3.x URL",
                format!("jdbc:mariadb://{host}:{port}/DB?sslMode=verify-full&serverSslCert={ca}"),
            ),
            copy(
                "MariaDB Connector/J 2.x URL (verifies the name unless disableSslHostnameVerification)",
                format!("jdbc:mariadb://{host}:{port}/DB?useSsl=true&serverSslCert={ca}"),
            ),
        ],
        Family::GoMysql => vec![copy(
            "Go (go-sql-driver/mysql): a CA pool registered as \"custom\", then tls=custom",
            format!(
                "pool := x509.NewCertPool()\n\
                 pem, err := os.ReadFile(\"{ca}\")\n\
                 if err != nil {{\n\tlog.Fatal(err)\n}}\n\
                 if !pool.AppendCertsFromPEM(pem) {{\n\tlog.Fatal(\"no certificate in {ca}\")\n}}\n\
                 mysql.RegisterTLSConfig(\"custom\", &tls.Config{{RootCAs: pool}})\n\
                 db, err := sql.Open(\"mysql\", \"USER:PASSWORD@tcp({host}:{port})/DB?tls=custom\")\n"
            ),
        )],
        Family::Pymysql => vec![
            copy(
                "PyMySQL: the ssl dict verifies the chain and the name",
                format!(
                    "import pymysql\n\nconn = pymysql.connect(host=\"{host}\", port={port}, user=\"USER\", \
                     password=\"PASSWORD\", ssl={{\"ca\": \"{ca}\"}})\n"
                ),
            ),
            copy(
                "SQLAlchemy URL with PyMySQL (ssl_ca becomes the ssl dict)",
                format!("mysql+pymysql://USER:PASSWORD@{host}:{port}/DB?ssl_ca={ca}"),
            ),
        ],
        Family::Mysqlclient => vec![
            copy(
                "mysqlclient (MySQLdb)",
                format!(
                    "import MySQLdb\n\nconn = MySQLdb.connect(host=\"{host}\", port={port}, user=\"USER\", \
                     password=\"PASSWORD\", ssl_mode=\"VERIFY_IDENTITY\", ssl={{\"ca\": \"{ca}\"}})\n"
                ),
            ),
            copy(
                "Django DATABASES OPTIONS (mysqlclient)",
                format!("'OPTIONS': {{'ssl_mode': 'VERIFY_IDENTITY', 'ssl': {{'ca': '{ca}'}}}},"),
            ),
        ],
        Family::ConnectorPython => vec![copy(
            "mysql-connector-python",
            format!(
                "import mysql.connector\n\nconn = mysql.connector.connect(host=\"{host}\", port={port}, user=\"USER\", \
                 password=\"PASSWORD\", ssl_ca=\"{ca}\", ssl_verify_cert=True, ssl_verify_identity=True)\n"
            ),
        )],
        Family::Mysql2 => vec![copy(
            "node mysql2: verifyIdentity adds the name check",
            format!(
                "const fs = require('fs');\nconst mysql = require('mysql2');\n\n\
                 const connection = mysql.createConnection({{\n  host: '{host}',\n  port: {port},\n  user: 'USER',\n  \
                 password: 'PASSWORD',\n  ssl: {{ ca: fs.readFileSync('{ca}'), verifyIdentity: true }},\n}});\n"
            ),
        )],
        Family::NodeMariadb => vec![copy(
            "node mariadb (Node checks the name)",
            format!(
                "const fs = require('fs');\nconst mariadb = require('mariadb');\n\n\
                 const conn = await mariadb.createConnection({{\n  host: '{host}',\n  port: {port},\n  user: 'USER',\n  \
                 password: 'PASSWORD',\n  ssl: {{ ca: fs.readFileSync('{ca}') }},\n}});\n"
            ),
        )],
        Family::NodeMysql => vec![copy(
            "node mysql (mysqljs): checks the chain only — it has no name check; mysql2 with verifyIdentity does",
            format!(
                "const fs = require('fs');\nconst mysql = require('mysql');\n\n\
                 const connection = mysql.createConnection({{\n  host: '{host}',\n  port: {port},\n  user: 'USER',\n  \
                 password: 'PASSWORD',\n  ssl: {{ ca: fs.readFileSync('{ca}') }},\n}});\n"
            ),
        )],
        Family::PhpPdo => vec![copy(
            "PHP PDO",
            format!(
                "$pdo = new PDO('mysql:host={host};port={port};dbname=DB', 'USER', 'PASSWORD', [\n    \
                 PDO::MYSQL_ATTR_SSL_CA => '{ca}',\n    PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => true,\n]);\n"
            ),
        )],
        Family::PhpMysqli => vec![copy(
            "PHP mysqli",
            format!(
                "$db = mysqli_init();\n$db->options(MYSQLI_OPT_SSL_VERIFY_SERVER_CERT, true);\n\
                 $db->ssl_set(null, null, '{ca}', null, null);\n\
                 $db->real_connect('{host}', 'USER', 'PASSWORD', 'DB', {port}, null, MYSQLI_CLIENT_SSL);\n"
            ),
        )],
        Family::DotNet => vec![copy(
            ".NET connection string (MySqlConnector; MySql.Data 8.0.26+ alike)",
            format!("Server={host};Port={port};User ID=USER;Password=PASSWORD;Database=DB;SslMode=VerifyFull;SslCa={ca}"),
        )],
        Family::Prisma => {
            vec![copy("Prisma DATABASE_URL", format!("mysql://USER:PASSWORD@{host}:{port}/DB?sslcert={ca}&sslaccept=strict"))]
        }
        Family::RubyMysql2 => vec![copy(
            "Rails database.yml (mysql2 gem): verify_identity checks the name only when mysql2 is built on Oracle's \
             libmysqlclient, not on MariaDB Connector/C",
            format!("  host: {host}\n  port: {port}\n  sslca: {ca}\n  ssl_mode: :verify_identity\n"),
        )],
        Family::PerlDbdMariadb => vec![copy(
            "Perl DBD::MariaDB data source",
            format!(
                "DBI:MariaDB:database=DB;host={host};port={port};mariadb_ssl=1;mariadb_ssl_verify_server_cert=1;\
                 mariadb_ssl_ca_file={ca}"
            ),
        )],
    }
}

/// The name to write in the snippets: the host, or — when the certificate does not hold it — the
/// certificate's first plain DNS name (the strictest setting that works connects with it).
fn host_to_use(report: &Report, host: &str) -> (String, Option<String>) {
    let mismatch =
        report.verdicts.iter().any(|v| v.host == host && v.causes.iter().any(|c| c.rule == RuleId::HostnameMismatch));
    let leaf_name = report
        .path
        .first()
        .and_then(|&i| report.certificates.get(i))
        .and_then(|c| c.summary.dns_names.iter().find(|n| !n.contains('*')).cloned());
    match leaf_name {
        Some(name) if mismatch && !name.eq_ignore_ascii_case(host) => (name.clone(), Some(name)),
        _ => (host.to_owned(), None),
    }
}

/// The snippets for this report: empty when there is no host to write them for.
pub fn snippets(report: &Report, settings: Option<&Settings>, inputs: &Inputs) -> Vec<CopyText> {
    let Some(first) = report.inputs.hosts.first() else { return Vec::new() };
    let (host, renamed) = host_to_use(report, first);
    let endpoint = rds::endpoint(&host);
    let has = |id: RuleId| report.findings.iter().any(|f| f.id == id);
    let rds_chain = report.certificates.iter().any(|c| c.summary.rds.is_some());
    let is_rds =
        endpoint.is_some() || rds_chain || report.inputs.ca_label.as_deref().is_some_and(|l| l.starts_with("rds"));
    let stale = has(RuleId::OutdatedBundle)
        || has(RuleId::WrongRegionBundle)
        || has(RuleId::SettingOldRdsBundle)
        || has(RuleId::SettingSystemCaStore)
        || (has(RuleId::UnknownCa) && rds_chain);
    let named = settings.and_then(|s| s.ca_path.clone()).filter(|p| !p.ends_with(".jks") && !p.ends_with(".p12"));
    let mut out = Vec::new();
    let ca = match named {
        Some(p) if !(is_rds && stale) => p,
        _ if is_rds => {
            out.push(copy(
                "Download the current Amazon RDS global CA bundle (every region's CAs)",
                format!("curl -sS -o global-bundle.pem {RDS_BUNDLE_URL}"),
            ));
            "global-bundle.pem".to_owned()
        }
        _ => "ca.pem".to_owned(),
    };
    if let Some(name) = renamed {
        out.push(copy(
            format!("Connect with {name}: the certificate does not hold {first}"),
            format!("# use {name} as the host in every setting below"),
        ));
    }
    let t = Target { host: host.clone(), port: settings.and_then(|s| s.port).unwrap_or(3306), ca };
    // The person's own family: from their setting, else from the client their error names.
    let lead = settings
        .and_then(|s| s.family)
        .or_else(|| error_family(crate::decode::error_text::read(&inputs.error_message).client?));
    for f in lead.into_iter().chain(FAMILIES.iter().copied().filter(|f| Some(*f) != lead)) {
        out.extend(family(f, &t));
    }
    out.extend(server_side(report, settings, endpoint.as_ref()));
    out
}

/// Require TLS on the server when the client may log in in clear; rotate an RDS CA that expires.
fn server_side(report: &Report, settings: Option<&Settings>, endpoint: Option<&rds::RdsEndpoint>) -> Vec<CopyText> {
    let has = |id: RuleId| report.findings.iter().any(|f| f.id == id);
    let mut out = Vec::new();
    let clear = settings.is_some_and(|s| s.plaintext_fallback || s.tls == Tls::Off)
        || has(RuleId::ClientStayedPlaintext)
        || has(RuleId::AccessDeniedPlaintext)
        || has(RuleId::CachingSha2Plaintext)
        || has(RuleId::ServerOffersNoTls);
    if clear {
        out.push(copy("Server: refuse this account's plaintext logins", "ALTER USER 'USER'@'%' REQUIRE SSL;"));
        match endpoint {
            Some(e) if matches!(e.kind, EndpointKind::Instance) => out.push(copy(
                "Amazon RDS: require TLS for every connection (DB parameter group; no reboot)",
                format!(
                    "aws rds modify-db-parameter-group --region {} --db-parameter-group-name PARAMETER_GROUP \
                     --parameters \"ParameterName=require_secure_transport,ParameterValue=1,ApplyMethod=immediate\"",
                    e.region
                ),
            )),
            Some(e) if !e.kind.presents_amazon_trust() => out.push(copy(
                "Aurora: require TLS for every connection (DB cluster parameter group; no reboot)",
                format!(
                    "aws rds modify-db-cluster-parameter-group --region {} --db-cluster-parameter-group-name \
                     PARAMETER_GROUP --parameters \"ParameterName=require_secure_transport,ParameterValue=ON,ApplyMethod=immediate\"",
                    e.region
                ),
            )),
            Some(_) => {}
            None => out.push(copy(
                "Server: require TLS for every connection (MySQL 8; MariaDB: SET GLOBAL and my.cnf)",
                "SET PERSIST require_secure_transport = ON;",
            )),
        }
    }
    let rds_expiry = has(RuleId::RdsCaExpired)
        || report.findings.iter().any(|f| {
            f.id == RuleId::ExpiresSoon
                && f.certificates.iter().any(|&i| report.certificates.get(i).is_some_and(|c| c.summary.rds.is_some()))
        });
    if let Some(e) = endpoint.filter(|e| rds_expiry && matches!(e.kind, EndpointKind::Instance)) {
        out.push(copy(
            format!("Amazon RDS: move {} to the current CA", e.name),
            format!(
                "aws rds modify-db-instance --region {} --db-instance-identifier {} --ca-certificate-identifier \
                 rds-ca-rsa2048-g1 --apply-immediately",
                e.region, e.name
            ),
        ));
    }
    out
}

/// The settings family of a client an error message names; `None` when the message names only
/// a language's TLS layer with several drivers (Java's JSSE, Python's ssl, Node's tls), or a
/// client without snippets (sqlx, rustls), so no family leads.
fn error_family(client: ClientFamily) -> Option<Family> {
    Some(match client {
        ClientFamily::Libmysqlclient => Family::MysqlCli,
        ClientFamily::MariadbConnectorC => Family::MariadbCli,
        ClientFamily::ConnectorJ => Family::ConnectorJ,
        ClientFamily::MariadbConnectorJ => Family::MariadbConnectorJ,
        // Go's own x509/tls texts: go-sql-driver is the Go MySQL driver there is.
        ClientFamily::GoSqlDriver | ClientFamily::Go => Family::GoMysql,
        ClientFamily::Pymysql => Family::Pymysql,
        ClientFamily::Mysqlclient => Family::Mysqlclient,
        ClientFamily::MysqlConnectorPython => Family::ConnectorPython,
        ClientFamily::NodeMysql2 => Family::Mysql2,
        ClientFamily::NodeMysql => Family::NodeMysql,
        ClientFamily::NodeMariadb => Family::NodeMariadb,
        // mysqli and PDO print the same OpenSSL-stream texts; PDO is the more common.
        ClientFamily::Php => Family::PhpPdo,
        ClientFamily::Mysqlconnector | ClientFamily::MysqlData | ClientFamily::Dotnet => Family::DotNet,
        ClientFamily::RubyMysql2 => Family::RubyMysql2,
        _ => return None,
    })
}
