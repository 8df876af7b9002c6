//! The generated snippets (`Report.snippets`, `check --snippets`) run for real against the lab's
//! MariaDB: the settings generated for the good scenario (host, port and CA file of the inputs)
//! must connect over TLS there, and must refuse the same server when it presents a chain from
//! another CA (`untrusted_ca`) or a certificate for another name (`other_name`).
//!
//! Run as written (placeholders `USER`/`PASSWORD` filled in, a query appended): the MariaDB
//! client command line, the PyMySQL code and the node mysql2 code. Mapped to the lab driver that
//! does exactly that setting (the snippet must contain the driver's setting, fragment by
//! fragment): Go (`go-custom-ca`), mysql-connector-python (`…-verify-identity`), node mariadb,
//! PHP mysqli, Perl DBD::MariaDB and MariaDB Connector/J 2.x. Not run: clients the lab has no
//! driver for (Oracle's mysql CLI, Connector/J, .NET, Prisma), mysqlclient (the lab's driver uses
//! VERIFY_CA, the snippet VERIFY_IDENTITY) and Ruby mysql2 (its strictest setting does not check
//! the name on libmariadb: the snippet's label says so).
//!
//! A client that is not installed is skipped with its reason (a failure with `CI` set).

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use mysql_tls_doctor::vocab::{ClientId, CopyText};
use mysql_tls_doctor::{analyze, Inputs};
use support::lab::scenarios::{self, Scenario};
use support::lab::settings;
use support::mariadb::{find_program, in_ci, run_bounded, MariaDb, TlsOptions, PASSWORD, USER};

const TIMEOUT: Duration = Duration::from_secs(15);
/// The good scenario, then the two the generated settings must refuse.
const SCENARIOS: &[&str] = &["chain_ok", "untrusted_ca", "other_name"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Connected (with the TLS version) or refused (with the error), or why it could not run.
type Run = Result<(bool, String), String>;

fn last_json(stdout: &str) -> Run {
    let line = stdout.lines().rev().find(|l| !l.trim().is_empty()).ok_or("no output")?;
    let v: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("not JSON ({e}): {line}"))?;
    let connected = v["connected"].as_bool().ok_or_else(|| format!("no `connected`: {line}"))?;
    let detail = if connected { v["tls_version"].as_str() } else { v["error"].as_str() };
    Ok((connected, detail.unwrap_or_default().to_owned()))
}

fn run(cmd: &mut Command) -> Run {
    let out = run_bounded(cmd.env("LAB_USER", USER).env("LAB_PASSWORD", PASSWORD).current_dir(root()), TIMEOUT);
    if out.timed_out {
        return Err(format!("killed after {TIMEOUT:?}"));
    }
    last_json(&out.stdout).map_err(|e| format!("{e}; stderr: {}", out.stderr_line()))
}

fn snippet<'a>(snippets: &'a [CopyText], starts: &str) -> &'a CopyText {
    snippets
        .iter()
        .find(|s| s.text.starts_with(starts))
        .unwrap_or_else(|| panic!("no snippet starts with {starts:?}: {snippets:#?}"))
}

/// The MariaDB client command line itself, with the password given and a query appended.
fn mariadb_cli(text: &str) -> Run {
    assert!(text.contains(" -u USER -p "), "the snippet's login changed: {text}");
    if find_program("mariadb").is_none() {
        return Err("skip: mariadb is not installed".into());
    }
    // --no-defaults first; TCP because the lab's name may be `localhost` (the socket otherwise).
    let line = text
        .replacen("mariadb ", "mariadb --no-defaults --protocol=TCP --connect-timeout=10 ", 1)
        .replace(" -u USER -p ", " -u \"$LAB_USER\" -p\"$LAB_PASSWORD\" ");
    let script = format!(
        "out=$({line} -N -B -e \"SHOW SESSION STATUS LIKE 'Ssl_version'\" 2>/tmp/mtd-snippet-err.$$) && \
         printf '{{\"connected\":true,\"tls_version\":\"%s\"}}\\n' \"$(printf '%s' \"$out\" | cut -f2)\" || \
         printf '{{\"connected\":false,\"error\":\"%s\"}}\\n' \"$(tr -d '\"\\\\\\n' < /tmp/mtd-snippet-err.$$)\"; \
         rm -f /tmp/mtd-snippet-err.$$"
    );
    run(Command::new("bash").args(["-c", &script]))
}

/// The PyMySQL code itself, with the placeholders read from the environment.
fn pymysql(text: &str) -> Run {
    let python = root().join(".tools/lab-py311/bin/python");
    if !python.is_file() {
        return Err(format!("skip: {} is not installed (scripts/setup.sh)", python.display()));
    }
    let code = text.replace("\"USER\"", "os.environ['LAB_USER']").replace("\"PASSWORD\"", "os.environ['LAB_PASSWORD']");
    assert_ne!(code, text, "the snippet's login changed: {text}");
    let body: String = code.lines().map(|l| format!("    {l}\n")).collect();
    let program = format!(
        "import json, os\ntry:\n{body}    cur = conn.cursor()\n    cur.execute(\"SHOW SESSION STATUS LIKE 'Ssl_version'\")\n    \
         row = cur.fetchone()\n    print(json.dumps({{'connected': True, 'tls_version': row[1] if row else ''}}))\n\
         except Exception as e:\n    print(json.dumps({{'connected': False, 'error': f'{{type(e).__name__}}: {{e}}'}}))\n"
    );
    run(Command::new(python).args(["-c", &program]))
}

/// The mysql2 code itself, run by node with the lab's node_modules.
fn mysql2(text: &str) -> Run {
    let modules = root().join("tests/lab/node/node_modules");
    if !modules.join("mysql2").is_dir() {
        return Err("skip: mysql2 is not installed (npm ci in tests/lab/node)".into());
    }
    let Some(node) = find_program("node") else { return Err("skip: node is not installed".into()) };
    let code = text.replace("'USER'", "process.env.LAB_USER").replace("'PASSWORD'", "process.env.LAB_PASSWORD");
    assert_ne!(code, text, "the snippet's login changed: {text}");
    let program = format!(
        "{code}\nconnection.query(\"SHOW SESSION STATUS LIKE 'Ssl_version'\", (err, rows) => {{\n  \
         if (err) {{ console.log(JSON.stringify({{ connected: false, error: String(err.message) }})); process.exit(0); }}\n  \
         console.log(JSON.stringify({{ connected: true, tls_version: rows.length ? rows[0].Value : '' }}));\n  \
         process.exit(0);\n}});\n"
    );
    run(Command::new(node).args(["-e", &program]).env("NODE_PATH", modules))
}

/// The lab driver of `setting` (tests/lab/settings.tsv), when the snippet contains every one of
/// `fragments` (what that driver does).
fn driver(setting: &str, text: &str, fragments: &[&str], host: &str, port: u16, ca: &Path) -> Run {
    for f in fragments {
        assert!(text.contains(f), "the snippet no longer does what the {setting} driver does ({f:?}):\n{text}");
    }
    let row = settings::all()
        .into_iter()
        .find(|s| s.id == setting)
        .unwrap_or_else(|| panic!("{setting} not in settings.tsv"));
    let (program, lead) = row.command(&root()).map_err(|why| format!("skip: {why}"))?;
    let mut cmd = Command::new(program);
    cmd.args(lead).args([setting, host, &port.to_string()]).arg(ca);
    run(&mut cmd)
}

#[test]
fn the_generated_settings_connect_verified_and_refuse_impostors() {
    let Some(mut db) = MariaDb::init_or_skip("the_generated_settings_connect_verified_and_refuse_impostors") else {
        return;
    };
    let now = i64::try_from(SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970").as_secs()).expect("fits");
    let all = scenarios::all();
    let find = |id: &str| all.iter().find(|s| s.id == id).unwrap_or_else(|| panic!("no scenario {id}"));
    let good: &Scenario = find("chain_ok");
    // One CA path for every scenario: the snippets name it; each scenario writes its CA there.
    let dir = db.scratch_dir().join("snippets");
    std::fs::create_dir_all(&dir).expect("create the snippets dir");
    let ca_path = dir.join("ca.pem");
    let mut problems = Vec::new();
    let mut skipped = Vec::new();
    let mut covered = std::collections::BTreeSet::new();
    for id in SCENARIOS {
        let scenario = find(id);
        let files = scenario.write_to(&db.scratch_dir().join(scenario.id));
        std::fs::write(&ca_path, &scenario.ca_pem).expect("write ca.pem");
        db.start(&TlsOptions::new(files.chain.as_ref().expect("a TLS scenario"), &files.key));
        let port = db.port();
        // The person pastes their (CA-only) command; the report's snippets are generated for the
        // good scenario's inputs with that host, port and CA file.
        let inputs = Inputs {
            ca_bundle: good.ca_pem.clone(),
            chain: good.chain_pem.clone().expect("chain_ok has a chain"),
            settings: format!("mariadb -h {} -P {port} --ssl-ca={}", good.host, ca_path.display()),
            ..Inputs::default()
        };
        let report = analyze(&inputs, now);
        assert_eq!(report.lead_client, Some(ClientId::MariadbSslCaOnly));
        let verified =
            report.verdicts.iter().filter(|v| v.client == ClientId::MariadbVerifyServerCert && v.ok && !v.unverified);
        assert_eq!(verified.count(), 1, "the model passes the verifying MariaDB column in chain_ok");
        let s = &report.snippets;
        let host = good.host;
        let ca = ca_path.display().to_string();
        let runs: Vec<(&str, Run)> = vec![
            ("mariadb CLI (run as written)", mariadb_cli(&snippet(s, "mariadb -h").text)),
            ("PyMySQL (run as written)", pymysql(&snippet(s, "import pymysql").text)),
            (
                "mysql2 (run as written)",
                mysql2(&snippet(s, "const fs = require('fs');\nconst mysql = require('mysql2')").text),
            ),
            (
                "Go → go-custom-ca",
                driver(
                    "go-custom-ca",
                    &snippet(s, "pool := x509.NewCertPool()").text,
                    &[
                        &format!("os.ReadFile(\"{ca}\")"),
                        "pool.AppendCertsFromPEM(pem)",
                        "mysql.RegisterTLSConfig(\"custom\", &tls.Config{RootCAs: pool})",
                        &format!("@tcp({host}:{port})/DB?tls=custom\""),
                    ],
                    host,
                    port,
                    &ca_path,
                ),
            ),
            (
                "mysql-connector-python → mysql-connector-python-verify-identity",
                driver(
                    "mysql-connector-python-verify-identity",
                    &snippet(s, "import mysql.connector").text,
                    &[&format!("ssl_ca=\"{ca}\", ssl_verify_cert=True, ssl_verify_identity=True")],
                    host,
                    port,
                    &ca_path,
                ),
            ),
            (
                "node mariadb → node-mariadb",
                driver(
                    "node-mariadb",
                    &snippet(s, "const fs = require('fs');\nconst mariadb = require('mariadb')").text,
                    &[&format!("ssl: {{ ca: fs.readFileSync('{ca}') }}")],
                    host,
                    port,
                    &ca_path,
                ),
            ),
            (
                "PHP mysqli → php-mysqli-verify",
                driver(
                    "php-mysqli-verify",
                    &snippet(s, "$db = mysqli_init();").text,
                    &[
                        "$db->options(MYSQLI_OPT_SSL_VERIFY_SERVER_CERT, true);",
                        &format!("$db->ssl_set(null, null, '{ca}', null, null);"),
                    ],
                    host,
                    port,
                    &ca_path,
                ),
            ),
            (
                "Perl DBD::MariaDB → perl-dbd-mariadb-verify",
                driver(
                    "perl-dbd-mariadb-verify",
                    &snippet(s, "DBI:MariaDB:").text,
                    &[&format!("mariadb_ssl=1;mariadb_ssl_verify_server_cert=1;mariadb_ssl_ca_file={ca}")],
                    host,
                    port,
                    &ca_path,
                ),
            ),
            (
                "MariaDB Connector/J 2.x → mariadb-connector-j",
                driver(
                    "mariadb-connector-j",
                    &snippet(s, &format!("jdbc:mariadb://{host}:{port}/DB?useSsl=true")).text,
                    &[&format!("?useSsl=true&serverSslCert={ca}")],
                    host,
                    port,
                    &ca_path,
                ),
            ),
        ];
        let expect_connect = scenario.id == "chain_ok";
        for (what, result) in runs {
            match result {
                Ok((connected, detail)) => {
                    covered.insert(what);
                    let tls_ok = !connected || !detail.is_empty();
                    if connected != expect_connect || !tls_ok {
                        problems.push(format!(
                            "{what} / {}: expected it to {}, it {} ({detail})",
                            scenario.id,
                            if expect_connect { "connect over TLS" } else { "refuse" },
                            if connected { "connected" } else { "refused" }
                        ));
                    }
                    println!(
                        "{what:<66} {:<13} {} {detail}",
                        scenario.id,
                        if connected { "connects" } else { "refuses " }
                    );
                }
                Err(why) if why.starts_with("skip: ") => skipped.push(format!("{what}: {}", &why[6..])),
                Err(why) => problems.push(format!("{what} / {}: could not run: {why}", scenario.id)),
            }
        }
    }
    db.stop();
    skipped.sort();
    skipped.dedup();
    if !skipped.is_empty() {
        assert!(!in_ci(), "CI is set and these clients are not installed:\n{}", skipped.join("\n"));
        eprintln!("SKIPPED (not installed):\n  {}", skipped.join("\n  "));
    }
    println!("covered: {}", covered.into_iter().collect::<Vec<_>>().join(", "));
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

/// The Connector/J trust-store steps split a PEM bundle into one keytool import per certificate:
/// run as written on a two-certificate CA file, the store holds both.
#[test]
fn the_trust_store_steps_import_every_certificate_of_the_bundle() {
    let (Some(keytool), Some(_)) = (find_program("keytool"), find_program("csplit")) else {
        assert!(!in_ci(), "CI is set and keytool (OpenJDK) or csplit is not installed");
        eprintln!("SKIPPED: keytool or csplit is not installed");
        return;
    };
    let all = scenarios::all();
    let two = all.iter().find(|s| s.id == "leaf_only_ca_has_inter").expect("scenario with root + intermediate");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("snippets-truststore");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the dir");
    std::fs::write(dir.join("ca.pem"), &two.ca_pem).expect("write ca.pem");
    let inputs = Inputs {
        ca_bundle: two.ca_pem.clone(),
        chain: two.chain_pem.clone().expect("a chain"),
        settings: format!("jdbc:mysql://{}:3306/app?sslMode=VERIFY_CA", two.host),
        ..Inputs::default()
    };
    let report = analyze(&inputs, 1_800_000_000);
    let steps = snippet(&report.snippets, "csplit ");
    assert_eq!(report.snippets[0].text, steps.text, "the person's family (Connector/J) comes first");
    // The snippets name `ca.pem` (no CA file in the setting): run them where it is.
    let out = run_bounded(Command::new("bash").args(["-e", "-c", &steps.text]).current_dir(&dir), TIMEOUT);
    assert!(out.success(), "the steps failed: {}", out.stderr);
    let list = run_bounded(
        Command::new(keytool)
            .args(["-list", "-keystore", "truststore.p12", "-storetype", "PKCS12", "-storepass", "changeit"])
            .current_dir(&dir),
        TIMEOUT,
    );
    assert_eq!(list.stdout.matches("trustedCertEntry").count(), 2, "{}", list.stdout);
    let left: Vec<String> = std::fs::read_dir(&dir)
        .expect("list the dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.starts_with("ca-part-"))
        .collect();
    assert_eq!(left, Vec::<String>::new(), "the split parts are removed");
}
