//! `mysql-tls-doctor explain` as a process: the argument or standard input, text or JSON, and
//! the documented exit codes (0 recognised, 1 nothing recognised, 2 unusable input).

use std::io::Write;
use std::process::{Command, Stdio};

fn run(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mysql-tls-doctor"))
        .arg("explain")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the CLI starts");
    let mut input = child.stdin.take().expect("stdin is piped");
    input.write_all(stdin.unwrap_or_default()).expect("write stdin");
    drop(input);
    let out = child.wait_with_output().expect("the CLI ends");
    (
        out.status.code().expect("an exit code"),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

#[test]
fn json_from_the_argument() {
    let (code, stdout, _) =
        run(&["--json", "ERROR 2026 (HY000): TLS/SSL error: unable to get issuer certificate"], None);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(v["recognised"], true);
    assert_eq!(v["tls_related"], true);
    assert_eq!(v["client"], "mariadb-connector-c");
    assert_eq!(v.get("instead"), None);
    let candidates = v["candidates"].as_array().expect("a list");
    assert_eq!(candidates.len(), 1);
    assert_eq!(candidates[0]["rule"], "anchor-is-intermediate");
    assert_eq!(candidates[0]["confidence"], "high");
    assert_eq!(
        candidates[0]["next_step"],
        "Paste the CA file the client uses: it shows whether it holds the root or only an intermediate."
    );
}

#[test]
fn text_from_standard_input() {
    let (code, stdout, _) = run(&[], Some(b"pymysql.err.OperationalError: (2003, \"Can't connect to MySQL server on 'db' ([Errno 111] Connection refused)\")\n"));
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "client: pymysql\nNot a TLS problem. Nothing accepts TCP connections on that host and port (connection refused): the server is down, listens on another port or address, or a firewall rejects the connection.\n"
    );
}

#[test]
fn nothing_recognised_is_exit_1() {
    let (code, stdout, _) = run(&["everything is fine"], None);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "No known error text recognised in the message.\nPaste the whole message (with the lines around it), or run the live check.\n"
    );
}

#[test]
fn unusable_input_is_exit_2() {
    let (code, stdout, stderr) = run(&[], Some(b"  \n"));
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(stderr, "explain: no message given: pass it as an argument or on standard input\n");
    let (code, _, stderr) = run(&[], Some(&[0xff, 0xfe, 0x00]));
    assert_eq!(code, 2);
    assert_eq!(stderr, "explain: the input is not UTF-8 text; paste the error message itself\n");
}
