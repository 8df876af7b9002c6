//! Real captures of the real MariaDB server and client, made by the tests themselves: each
//! scenario starts the server with its options, captures the loopback port with tshark while
//! the real `mariadb` client connects, and returns the pcapng file.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::mariadb::{free_loopback_port, run_bounded, MariaDb, TlsOptions, CLIENT_TIMEOUT, PASSWORD, USER};
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
    /// The server's options; `None`: nothing listens on the port.
    server: Option<fn(&Files) -> TlsOptions>,
    user: &'static str,
    /// `--ssl-ca=ROOT` / `--ssl-ca=OTHER` name the test PKI's root and an unrelated root.
    client_args: &'static [&'static str],
}

/// The certificate files the scenarios serve.
struct Files {
    /// Leaf + intermediate for `localhost`.
    ok: ScenarioFiles,
    /// The same leaf alone (no intermediate).
    leaf_only: ScenarioFiles,
    /// A leaf that expired on 2020-01-01, with the intermediate.
    expired: ScenarioFiles,
    /// A leaf for other.example.test, with the intermediate.
    mismatch: ScenarioFiles,
}

fn with_tls(f: &Files) -> TlsOptions {
    TlsOptions::new(&f.ok.chain, &f.ok.key)
}

const SPECS: &[Spec] = &[
    Spec { name: "plaintext_login", server: Some(with_tls), user: USER, client_args: &["--skip-ssl"] },
    Spec { name: "tls12_login", server: Some(with_tls), user: USER, client_args: &["--ssl", "--tls-version=TLSv1.2"] },
    Spec { name: "tls13_login", server: Some(with_tls), user: USER, client_args: &["--ssl", "--tls-version=TLSv1.3"] },
    Spec {
        name: "require_secure_transport_plaintext",
        server: Some(|f| TlsOptions { require_secure_transport: true, ..with_tls(f) }),
        user: USER,
        client_args: &["--skip-ssl"],
    },
    Spec { name: "require_ssl_user_plaintext", server: Some(with_tls), user: SSL_USER, client_args: &["--skip-ssl"] },
    Spec { name: "server_without_tls", server: Some(|_| TlsOptions::default()), user: USER, client_args: &["--ssl"] },
    Spec {
        name: "tls_version_mismatch",
        server: Some(|f| with_tls(f).tls_version("TLSv1.3")),
        user: USER,
        client_args: &["--ssl", "--tls-version=TLSv1.2"],
    },
    Spec {
        name: "unknown_ca_alert",
        server: Some(with_tls),
        user: USER,
        client_args: &["--ssl-verify-server-cert", "--ssl-ca=OTHER"],
    },
    Spec { name: "server_not_listening", server: None, user: USER, client_args: &["--ssl"] },
    Spec {
        name: "client_requires_tls_server_without",
        server: Some(|_| TlsOptions::default()),
        user: USER,
        client_args: &["--ssl-verify-server-cert", "--ssl-ca=ROOT"],
    },
    // The certificate is for other.example.test; the client connects to 127.0.0.1 and checks
    // the name after the handshake.
    Spec {
        name: "tls13_identity_failure",
        server: Some(|f| TlsOptions::new(&f.mismatch.chain, &f.mismatch.key)),
        user: USER,
        client_args: &["--ssl-verify-server-cert", "--ssl-ca=ROOT", "--tls-version=TLSv1.3"],
    },
    Spec {
        name: "missing_intermediate",
        server: Some(|f| TlsOptions::new(&f.leaf_only.chain, &f.leaf_only.key)),
        user: USER,
        client_args: &["--ssl-verify-server-cert", "--ssl-ca=ROOT", "--tls-version=TLSv1.2"],
    },
    Spec {
        name: "expired_leaf",
        server: Some(|f| TlsOptions::new(&f.expired.chain, &f.expired.key)),
        user: USER,
        client_args: &["--ssl-verify-server-cert", "--ssl-ca=ROOT", "--tls-version=TLSv1.2"],
    },
];

/// The scenarios' names, in the order [`make_all`] makes them.
pub fn names() -> Vec<&'static str> {
    SPECS.iter().map(|s| s.name).collect()
}

/// Makes every capture into `dir` (or those named in `only`). The server must be initialised
/// (`MariaDb::init_or_skip`).
pub fn make_all(db: &mut MariaDb, dir: &Path) -> Vec<RealCapture> {
    make(db, dir, &names())
}

/// Makes the captures named in `only`, in [`SPECS`] order.
pub fn make(db: &mut MariaDb, dir: &Path, only: &[&str]) -> Vec<RealCapture> {
    let pki = TestPki::generate();
    let scenarios = pki.scenarios();
    let write = |name: &str| {
        let s = scenarios.iter().find(|s| s.name == name).expect("scenario");
        s.write_to(&dir.join("pki").join(name))
    };
    let files = Files {
        ok: write("chain_ok"),
        leaf_only: write("leaf_only"),
        expired: write("expired_leaf"),
        mismatch: write("name_mismatch"),
    };
    let other_ca = dir.join("pki/other-ca.pem");
    std::fs::write(&other_ca, pki.other_root.pem()).expect("write other CA");
    let mut made = Vec::new();
    let mut user_created = false;
    for spec in SPECS.iter().filter(|s| only.contains(&s.name)) {
        let port = match spec.server {
            Some(server) => {
                db.start(&server(&files));
                if !user_created {
                    db.admin_sql(&format!(
                        "CREATE USER IF NOT EXISTS '{SSL_USER}'@'%' IDENTIFIED BY '{PASSWORD}' REQUIRE SSL"
                    ));
                    user_created = true;
                }
                db.port()
            }
            None => {
                db.stop();
                free_loopback_port()
            }
        };
        let file = dir.join(format!("{}.pcapng", spec.name));
        let capture = Capture::start(port, &file);
        let mut cmd = Command::new(&db.tools().client);
        cmd.arg("--no-defaults")
            .arg("--protocol=TCP")
            .args(["-h", "127.0.0.1", "-P", &port.to_string()])
            .args(["-u", spec.user])
            .arg(format!("-p{PASSWORD}"))
            .arg("--connect-timeout=10");
        for a in spec.client_args {
            match *a {
                "--ssl-ca=OTHER" => cmd.arg(format!("--ssl-ca={}", other_ca.display())),
                "--ssl-ca=ROOT" => cmd.arg(format!("--ssl-ca={}", files.ok.ca.display())),
                _ => cmd.arg(a),
            };
        }
        cmd.args(["-e", "SELECT 1"]);
        let out = run_bounded(&mut cmd, CLIENT_TIMEOUT);
        let file = capture.stop();
        made.push(RealCapture {
            name: spec.name,
            file,
            port,
            client_stderr: out.stderr.clone(),
            client_ok: out.success(),
        });
    }
    made
}
