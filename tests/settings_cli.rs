//! `check --settings` / `--settings-file` / `--snippets`: the person's setting names their column
//! (the report leads with its verdict), supplies the host, adds what the setting really does, and
//! the snippets are written for this server (host, port, CA file; the certificate's name when the
//! host does not match).

mod support;

use std::path::Path;
use std::process::Command;

use support::pki::{intermediate_ca, leaf, root_ca, LeafSpec};

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mysql-tls-doctor")).args(args).output().expect("run the CLI");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// root.pem (the CA file) and chain.pem (leaf for db.example.test + intermediate) in `dir`.
fn files(dir: &Path) -> (String, String) {
    std::fs::create_dir_all(dir).expect("create the scratch dir");
    let root = root_ca("Settings Test Root");
    let inter = intermediate_ca("Settings Test Intermediate", &root);
    let l = leaf(&LeafSpec::for_host("db.example.test", &["db.example.test"]), &inter);
    let ca = dir.join("root.pem");
    let chain = dir.join("chain.pem");
    std::fs::write(&ca, root.pem()).expect("write root.pem");
    std::fs::write(&chain, format!("{}{}", l.cert_pem, inter.pem())).expect("write chain.pem");
    (ca.display().to_string(), chain.display().to_string())
}

fn scratch(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("settings-cli-{name}"))
}

#[test]
fn a_setting_that_verifies_nothing_is_a_warning_on_a_server_that_passes() {
    let (ca, chain) = files(&scratch("required"));
    let (code, stdout, stderr) = run(&[
        "check",
        "--ca",
        &ca,
        "--chain",
        &chain,
        "--at",
        "2026-06-01",
        "--json",
        "--settings",
        "mysql -h db.example.test -P 3307 -u app -psecret --ssl-mode=REQUIRED",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stdout.contains("secret") && !stdout.contains("\"app\""), "user or password leaked: {stdout}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(v["lead_client"], "php-pdo-verify-false");
    assert_eq!(v["inputs"]["hosts"], serde_json::json!(["db.example.test"]));
    assert_eq!(
        v["overall"]["headline"],
        "Every client verifies db.example.test — but your setting: `--ssl-mode=REQUIRED` encrypts but verifies \
         nothing: any certificate is accepted"
    );
    let ids: Vec<&str> = v["findings"].as_array().expect("findings").iter().filter_map(|f| f["id"].as_str()).collect();
    assert_eq!(ids, ["setting-no-verification"]);
    assert_eq!(v["findings"][0]["clients"], serde_json::json!(["php-pdo-verify-false"]));
    assert_eq!(
        (&v["settings"]["format"], &v["settings"]["family"], &v["settings"]["port"], &v["settings"]["user_present"]),
        (
            &serde_json::json!("command-line"),
            &serde_json::json!("mysql-cli"),
            &serde_json::json!(3307),
            &serde_json::json!(true)
        )
    );
    // The person's family first, for this host and port; no CA path was named: `ca.pem`.
    assert_eq!(
        v["snippets"][0],
        serde_json::json!({
            "label": "mysql 8 command line: TLS required, chain and name verified",
            "text": "mysql -h db.example.test -P 3307 -u USER -p --ssl-mode=VERIFY_IDENTITY --ssl-ca=ca.pem",
        })
    );
    let labels: Vec<&str> =
        v["snippets"].as_array().expect("snippets").iter().filter_map(|s| s["label"].as_str()).collect();
    assert_eq!(labels.len(), 23, "{labels:#?}");
    assert_eq!(labels.iter().filter(|l| l.starts_with("Server")).count(), 0, "no server change: TLS is required");
}

#[test]
fn the_report_leads_with_the_persons_column_and_snippets_use_the_certificates_name() {
    let dir = scratch("mismatch");
    let (ca, chain) = files(&dir);
    let settings = dir.join("settings.txt");
    std::fs::write(
        &settings,
        "[client]\nhost = other.example.test\nssl-ca = /etc/ssl/our-ca.pem\nssl-verify-server-cert\n",
    )
    .expect("write settings.txt");
    let settings = settings.display().to_string();
    let (code, stdout, stderr) = run(&[
        "check",
        "--ca",
        &ca,
        "--chain",
        &chain,
        "--at",
        "2026-06-01",
        "--settings-file",
        &settings,
        "--snippets",
    ]);
    assert_eq!(code, 1, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[1..4],
        [
            "checked at 2026-06-01T00:00:00Z",
            "your setting: MyCnf (--ssl-verify-server-cert) → column mariadb-verify-server-cert",
            "your client, MariaDB client: FAIL for other.example.test — other.example.test not in certificate [hostname-mismatch]",
        ]
    );
    let snippets = stdout.split("settings to use:\n").nth(1).expect("the snippets section");
    assert!(
        snippets.starts_with(
            "\n# Connect with db.example.test: the certificate does not hold other.example.test\n\
             # use db.example.test as the host in every setting below\n\
             \n# MariaDB client command line: TLS required, chain and name verified\n\
             mariadb -h db.example.test -P 3306 -u USER -p --ssl-ca=/etc/ssl/our-ca.pem --ssl-verify-server-cert\n"
        ),
        "{snippets}"
    );
}

#[test]
fn the_setting_supplies_the_host_and_no_host_flag_is_needed() {
    let (ca, chain) = files(&scratch("host"));
    let (code, stdout, stderr) = run(&[
        "check",
        "--ca",
        &ca,
        "--chain",
        &chain,
        "--at",
        "2026-06-01",
        "--json",
        "--settings",
        "jdbc:mariadb://db.example.test:3306/app?sslMode=verify-full&serverSslCert=/etc/ssl/our-ca.pem",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(
        (v["lead_client"].as_str(), v["overall"]["status"].as_str()),
        (Some("mariadb-connector-j"), Some("pass"))
    );
    assert_eq!(v["findings"], serde_json::json!([]));
    assert_eq!(
        v["snippets"][0]["text"],
        "jdbc:mariadb://db.example.test:3306/DB?sslMode=verify-full&serverSslCert=/etc/ssl/our-ca.pem"
    );
    // Without a setting, a host is still required.
    let (code, _, stderr) = run(&["check", "--ca", &ca, "--chain", &chain]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--host <HOST>"), "{stderr}");
}
