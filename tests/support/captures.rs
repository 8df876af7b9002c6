//! Real captures of the real MariaDB server and client, made by the tests themselves: each
//! scenario starts the server with its options, captures the loopback port with tshark while
//! the real `mariadb` client connects, and returns the pcapng file.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::mariadb::{run_bounded, MariaDb, TlsOptions, CLIENT_TIMEOUT, PASSWORD, USER};
use super::pki::{ScenarioFiles, TestPki};
use super::tshark::Capture;

/// One real capture.
#[derive(Debug, Clone)]
pub struct RealCapture {
    pub name: &'static str,
    pub file: PathBuf,
    pub port: u16,
    /// The client's stderr (what the person saw).
    pub client_stderr: String,
    pub client_ok: bool,
}

/// Account that must use TLS (`REQUIRE SSL`).
pub const SSL_USER: &str = "sslu";

struct Spec {
    name: &'static str,
    server: fn(&ScenarioFiles) -> TlsOptions,
    user: &'static str,
    client_args: &'static [&'static str],
}

fn with_tls(f: &ScenarioFiles) -> TlsOptions {
    TlsOptions::new(&f.chain, &f.key)
}

const SPECS: &[Spec] = &[
    Spec { name: "plaintext_login", server: with_tls, user: USER, client_args: &["--skip-ssl"] },
    Spec { name: "tls12_login", server: with_tls, user: USER, client_args: &["--ssl", "--tls-version=TLSv1.2"] },
    Spec { name: "tls13_login", server: with_tls, user: USER, client_args: &["--ssl", "--tls-version=TLSv1.3"] },
    Spec {
        name: "require_secure_transport_plaintext",
        server: |f| TlsOptions { require_secure_transport: true, ..with_tls(f) },
        user: USER,
        client_args: &["--skip-ssl"],
    },
    Spec { name: "require_ssl_user_plaintext", server: with_tls, user: SSL_USER, client_args: &["--skip-ssl"] },
    Spec { name: "server_without_tls", server: |_| TlsOptions::default(), user: USER, client_args: &["--ssl"] },
    Spec {
        name: "tls_version_mismatch",
        server: |f| with_tls(f).tls_version("TLSv1.3"),
        user: USER,
        client_args: &["--ssl", "--tls-version=TLSv1.2"],
    },
    Spec {
        name: "unknown_ca_alert",
        server: with_tls,
        user: USER,
        client_args: &["--ssl-verify-server-cert", "--ssl-ca=OTHER"],
    },
];

/// Makes every capture into `dir`. The server must be initialised (`MariaDb::init_or_skip`).
pub fn make_all(db: &mut MariaDb, dir: &Path) -> Vec<RealCapture> {
    let pki = TestPki::generate();
    let scenario = pki.scenarios().into_iter().next().expect("chain_ok scenario");
    let files = scenario.write_to(&dir.join("pki"));
    let other_ca = dir.join("pki/other-ca.pem");
    std::fs::write(&other_ca, pki.other_root.pem()).expect("write other CA");
    let mut made = Vec::new();
    let mut user_created = false;
    for spec in SPECS {
        db.start(&(spec.server)(&files));
        if !user_created {
            db.admin_sql(&format!("CREATE USER IF NOT EXISTS '{SSL_USER}'@'%' IDENTIFIED BY '{PASSWORD}' REQUIRE SSL"));
            user_created = true;
        }
        let file = dir.join(format!("{}.pcapng", spec.name));
        let capture = Capture::start(db.port(), &file);
        let mut cmd = Command::new(&db.tools().client);
        cmd.arg("--no-defaults")
            .arg("--protocol=TCP")
            .args(["-h", "127.0.0.1", "-P", &db.port().to_string()])
            .args(["-u", spec.user])
            .arg(format!("-p{PASSWORD}"))
            .arg("--connect-timeout=10");
        for a in spec.client_args {
            if *a == "--ssl-ca=OTHER" {
                cmd.arg(format!("--ssl-ca={}", other_ca.display()));
            } else {
                cmd.arg(a);
            }
        }
        cmd.args(["-e", "SELECT 1"]);
        let out = run_bounded(&mut cmd, CLIENT_TIMEOUT);
        let file = capture.stop();
        made.push(RealCapture {
            name: spec.name,
            file,
            port: db.port(),
            client_stderr: out.stderr.clone(),
            client_ok: out.success(),
        });
    }
    made
}
