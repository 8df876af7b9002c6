//! Writes the browser tests' capture fixture: a REAL TLS 1.2 login to MariaDB captured with
//! tshark on loopback, with the CA and chain the server used, so the e2e suite can check that
//! the chain read from the capture verifies against that CA. Run once and commit the output:
//!
//! ```sh
//! cargo test --test e2e_fixtures -- --ignored --nocapture
//! ```
//!
//! Output in tests/e2e/fixtures/: `tls12_login.pcapng`, `tls12_ca.pem` (the root the client
//! trusts), `tls12_chain.pem` (leaf for `localhost` + intermediate, as the server sends it).
//! The certificates have fixed dates (CA 2015–2045, leaf 2024–2040), so the fixture stays valid.

mod support;

use std::process::Command;

use support::mariadb::{run_bounded, MariaDb, TlsOptions, CLIENT_TIMEOUT, PASSWORD, USER};
use support::pki::TestPki;
use support::tshark::Capture;

#[test]
#[ignore = "writes tests/e2e/fixtures; needs mariadbd and tshark"]
fn write_e2e_capture_fixture() {
    let Some(mut db) = MariaDb::init_or_skip("write_e2e_capture_fixture") else { return };
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/fixtures");
    std::fs::create_dir_all(&out).expect("create fixtures dir");
    let pki = TestPki::generate();
    let scenario = pki.scenarios().into_iter().next().expect("chain_ok scenario");
    let files = scenario.write_to(&db.scratch_dir().join("pki"));
    db.start(&TlsOptions::new(&files.chain, &files.key));

    let file = out.join("tls12_login.pcapng");
    let capture = Capture::start(db.port(), &file);
    let mut cmd = Command::new(&db.tools().client);
    cmd.arg("--no-defaults")
        .arg("--protocol=TCP")
        .args(["-h", "127.0.0.1", "-P", &db.port().to_string()])
        .args(["-u", USER])
        .arg(format!("-p{PASSWORD}"))
        .args(["--ssl", "--tls-version=TLSv1.2", "--connect-timeout=10", "-e", "SELECT 1"]);
    let run = run_bounded(&mut cmd, CLIENT_TIMEOUT);
    capture.stop();
    assert!(run.success(), "the client failed: {}", run.stderr);
    std::fs::copy(&files.ca, out.join("tls12_ca.pem")).expect("copy CA");
    std::fs::copy(&files.chain, out.join("tls12_chain.pem")).expect("copy chain");
    println!("wrote {}", out.display());
}
