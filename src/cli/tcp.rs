//! Runs a [`Probe`] over a native TCP connection (the CLI; the browser uses the relay). It
//! lives with the CLI, not in the probe core: deadlines read the clock, which the core never does.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use crate::source::probe::machine::{Check, Probe};

/// Connects to `addr` and runs one check, within `timeout` overall.
pub fn run(addr: &str, server_name: &str, check: Check, random: [u8; 32], timeout: Duration) -> Result<Probe, String> {
    let deadline = Instant::now() + timeout;
    let target = addr
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {addr}: {e}"))?
        .next()
        .ok_or_else(|| format!("{addr} resolves to no address"))?;
    let mut stream = TcpStream::connect_timeout(&target, timeout)
        .map_err(|e| format!("cannot connect to {addr} ({target}): {e}"))?;
    let _ = stream.set_nodelay(true);
    let mut probe = Probe::new(check, server_name, random);
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let out = probe.take_output();
        if !out.is_empty() {
            stream.write_all(&out).map_err(|e| format!("sending to {addr}: {e}"))?;
        }
        if probe.is_done() {
            break;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(format!("{addr} did not answer within {} s (stage {:?})", timeout.as_secs(), probe.stage()));
        }
        let _ = stream.set_read_timeout(Some(left));
        match stream.read(&mut buf) {
            Ok(0) => probe.on_close(),
            Ok(n) => probe.on_data(buf.get(..n).unwrap_or_default()),
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                return Err(format!("{addr} did not answer within {} s (stage {:?})", timeout.as_secs(), probe.stage()))
            }
            Err(_) => probe.on_close(),
        }
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
    Ok(probe)
}
