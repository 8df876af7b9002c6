//! The relay binary as a separate process, where its log and its descriptors can be inspected
//! from outside: nothing of a payload reaches the log even at `RUST_LOG=trace`, and a flood of
//! refused upgrades leaves its descriptor count bounded. Loopback only; the child is killed by
//! its own handle when the test ends.

mod support;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::SinkExt;
use support::*;
use tokio::io::AsyncWriteExt;
use tokio::time::sleep;
use tokio_tungstenite::tungstenite::Message;

/// A relay process; killed and reaped on drop.
struct RelayProcess {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
}

impl Drop for RelayProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl RelayProcess {
    /// Starts the binary on 127.0.0.1:0 with `args`, stderr (the log) into a file.
    fn start(name: &str, rust_log: &str, args: &[&str]) -> RelayProcess {
        let log = temp_dir(name).join("relay.log");
        let stderr = std::fs::File::create(&log).expect("log file");
        let mut child = Command::new(env!("CARGO_BIN_EXE_mysql-tls-doctor-relay"))
            .args(["--listen", "127.0.0.1:0", "--no-static", "--allow-no-origin"])
            .args(args)
            .env("RUST_LOG", rust_log)
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("start the relay binary");
        // "mysql-tls-doctor is running at http://127.0.0.1:PORT/  (Ctrl-C stops it)"
        let mut line = String::new();
        let stdout = child.stdout.take().expect("stdout");
        BufReader::new(stdout).read_line(&mut line).expect("banner");
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("no address in banner {line:?}"));
        RelayProcess { child, addr, log }
    }

    fn relay(&self) -> Relay {
        Relay::at(self.addr)
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).expect("read log")
    }

    fn open_fds(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.child.id())).map(|d| d.count()).expect("relay's /proc fd dir")
    }
}

#[tokio::test]
async fn trace_log_has_no_payloads() {
    let echo = tcp_server(Behavior::Echo).await;
    let rule = format!("127.0.0.1/32:{}", echo.port());
    let process = RelayProcess::start("trace-log", "trace", &["--allow-target", &rule]);
    let relay = process.relay();
    let payload = b"PAYLOAD-c0ffee-5ecret";
    let mut ws = connect(&relay, &echo.to_string()).await;
    assert_eq!(round_trip(&mut ws, payload).await, payload);
    ws.send(Message::Ping(payload.to_vec().into())).await.expect("ping");
    ws.close(None).await.expect("close");
    let _ = close_of(&mut ws).await;
    // The session's last line is written after it ended; wait for it (bounded).
    let started = Instant::now();
    while !process.log_text().contains("session ended") {
        assert!(started.elapsed() < Duration::from_secs(5), "no 'session ended' in:\n{}", process.log_text());
        sleep(Duration::from_millis(50)).await;
    }
    let log = process.log_text();
    let hex: String = payload.iter().map(|b| format!("{b:02x}")).collect();
    let debug_list = format!("{:?}", &payload[..]);
    let forms = [
        String::from_utf8_lossy(payload).into_owned(),
        "PAYLOAD".to_owned(),
        hex.clone(),
        hex.to_ascii_uppercase(),
        debug_list.trim_matches(['[', ']']).to_owned(),
        format!("{:?}", bytes::Bytes::from_static(payload)),
    ];
    for form in forms {
        assert!(!log.contains(&form), "the log holds {form:?}:\n{log}");
    }
    // The level really was trace (the relay's own per-message sizes), and the session is logged.
    assert!(log.contains("TRACE mysql_tls_doctor_relay::session: relayed to target bytes=21"), "{log}");
    assert!(log.contains("session ended"), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_upgrade_flood_keeps_descriptors_bounded() {
    let echo = tcp_server(Behavior::Echo).await;
    let rule = format!("127.0.0.1/32:{}", echo.port());
    let args = ["--allow-target", &rule, "--max-sessions", "1", "--max-connections", "64"];
    let process = RelayProcess::start("fd-flood", "warn", &args);
    let relay = process.relay();
    // One session holds the only slot, so every upgrade below is refused with 4005 (or 503).
    let mut holder = connect(&relay, &echo.to_string()).await;
    assert_eq!(round_trip(&mut holder, b"hold").await, b"hold");
    sleep(Duration::from_millis(200)).await;
    let before = process.open_fds();

    // 300 upgrades from 30 addresses (under the per-client cap), none of which ever reads.
    let request = upgrade_request(relay.addr, &echo.to_string());
    let mut flood = Vec::with_capacity(300);
    let mut peak = before;
    let started = Instant::now();
    for i in 0..300 {
        let source = format!("127.0.1.{}", 10 + i % 30);
        let mut stream = small_window_stream(&source, relay.addr).await;
        let _ = stream.write_all(request.as_bytes()).await;
        flood.push(stream);
        if i % 10 == 0 {
            peak = peak.max(process.open_fds());
        }
    }
    while started.elapsed() < Duration::from_secs(3) {
        peak = peak.max(process.open_fds());
        sleep(Duration::from_millis(20)).await;
    }
    // 64 HTTP connections, one refusal being closed, the session and its target, some slack.
    assert!(peak <= before + 72, "descriptors: {before} before, peak {peak} during 300 refused upgrades");
    drop(flood);
    // The relay still serves: the holder's session is intact.
    assert_eq!(round_trip(&mut holder, b"still").await, b"still");
    assert!(!process.log_text().contains("Too many open files"), "{}", process.log_text());
}

#[tokio::test]
async fn warns_about_a_rule_that_opens_many_loopback_ports() {
    let process = RelayProcess::start("loopback-warn", "warn", &["--allow-target", "127.0.0.0/8:1-65535"]);
    let relay = process.relay();
    // Wait until it answers, so its start-up lines are written.
    let mut ws = connect(&relay, &format!("127.0.0.1:{}", relay.addr.port())).await;
    let _ = close_of(&mut ws).await;
    let warning = "this rule opens 65535 loopback ports: every local service on them is reachable through the \
                   relay rule=127.0.0.0/8:1-65535";
    let log = process.log_text();
    assert_eq!(
        log.lines()
            .filter(|l| l.contains("WARN"))
            .map(|l| l.split_once("server: ").map(|(_, w)| w))
            .collect::<Vec<_>>(),
        [Some(warning)],
        "{log}"
    );
}
