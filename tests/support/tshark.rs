//! Real captures with tshark on the loopback interface, and tshark as the oracle for our
//! decoders (see shared/reference/test-infra.md). Bounded: every wait has a deadline.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use super::mariadb::{find_program, run_bounded};

/// A running capture of one loopback TCP port into a pcapng file.
pub struct Capture {
    child: Child,
    pub file: PathBuf,
}

impl Capture {
    /// Starts `tshark -i lo -f 'tcp port PORT'` and waits until it is capturing.
    pub fn start(port: u16, file: &Path) -> Capture {
        let tshark = find_program("tshark").expect("tshark is installed (scripts/setup.sh)");
        let mut child = Command::new(tshark)
            .args(["-i", "lo", "-f", &format!("tcp port {port}"), "-w"])
            .arg(file)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start tshark");
        let stderr = child.stderr.take().expect("tshark stderr");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains("Capturing on") {
                    let _ = tx.send(());
                }
            }
        });
        if rx.recv_timeout(Duration::from_secs(20)).is_err() {
            let _ = child.kill();
            panic!("tshark did not start capturing within 20 s");
        }
        // tshark says "Capturing on" a moment before the filter is live.
        std::thread::sleep(Duration::from_millis(1000));
        Capture { child, file: file.to_owned() }
    }

    /// Stops the capture (SIGINT, so tshark flushes the file) and returns the file.
    pub fn stop(mut self) -> PathBuf {
        std::thread::sleep(Duration::from_millis(500));
        let _ = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status();
        for _ in 0..100 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return self.file.clone();
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.file.clone()
    }
}

impl Drop for Capture {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `tshark -r FILE -d tcp.port==PORT,mysql [-Y FILTER] -T fields -e …`: one row per packet
/// that has any of the fields, each field's value as tshark prints it.
pub fn fields(file: &Path, port: u16, filter: Option<&str>, fields: &[&str]) -> Vec<Vec<String>> {
    let tshark = find_program("tshark").expect("tshark is installed");
    let mut cmd = Command::new(tshark);
    cmd.arg("-r").arg(file).args(["-d", &format!("tcp.port=={port},mysql")]);
    if let Some(f) = filter {
        cmd.args(["-Y", f]);
    }
    cmd.args(["-T", "fields", "-E", "separator=|"]);
    for f in fields {
        cmd.args(["-e", f]);
    }
    let out = run_bounded(&mut cmd, Duration::from_secs(60));
    assert!(out.success(), "tshark failed: {}", out.stderr);
    out.stdout
        .lines()
        .filter(|l| l.chars().any(|c| c != '|'))
        .map(|l| l.split('|').map(str::to_owned).collect())
        .collect()
}

/// `editcap -F pcap IN OUT`: a classic pcap of a pcapng capture (what `replicate_pcap` reads).
pub fn to_pcap(pcapng: &Path, pcap: &Path) {
    let editcap = find_program("editcap").expect("editcap is installed with tshark");
    let out = run_bounded(Command::new(editcap).args(["-F", "pcap"]).arg(pcapng).arg(pcap), Duration::from_secs(60));
    assert!(out.success(), "editcap failed: {}", out.stderr);
}
