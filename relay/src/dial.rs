//! From the `target` parameter to a connected `TcpStream`: parse, check the name, resolve ONCE,
//! check every resolved address, then dial only the checked socket addresses. The stream never
//! goes to a name, so a second DNS answer (rebinding) can never reach an unchecked address.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use tokio::net::TcpStream;
use tokio::time::{timeout, timeout_at, Instant};

use crate::close::CloseReason;
use crate::policy::{Host, Policy, Target};

/// More addresses than this for one name are not dialled (all are still checked).
const MAX_DIAL_ADDRS: usize = 8;

/// A connected target: the stream and the exact address it went to.
#[derive(Debug)]
pub struct Dialled {
    pub stream: TcpStream,
    pub addr: SocketAddr,
    pub target: Target,
}

/// Parses, checks, resolves and connects; every failure is a close reason for the UI.
/// DNS and the TCP connect each get at most `connect_timeout`.
pub async fn dial(policy: &Policy, target: Option<&str>, connect_timeout: Duration) -> Result<Dialled, CloseReason> {
    let raw = target.ok_or_else(|| CloseReason::PolicyRefused("missing target (use ?target=host:port)".into()))?;
    let target: Target = raw.parse().map_err(CloseReason::PolicyRefused)?;
    let verdict = policy.check_name(&target).map_err(CloseReason::PolicyRefused)?;
    let ips = match &target.host {
        Host::Ip(ip) => vec![*ip],
        Host::Name(name) => resolve(name, target.port, connect_timeout).await?,
    };
    let mut addrs: Vec<SocketAddr> = Vec::with_capacity(ips.len());
    for ip in ips {
        // One refused address refuses the name: a name that mixes a public address with a
        // private or metadata one is either misconfigured or an attack.
        let addr = policy.check_addr(verdict, ip, target.port).map_err(CloseReason::PolicyRefused)?;
        if !addrs.contains(&addr) {
            addrs.push(addr);
        }
    }
    addrs.truncate(MAX_DIAL_ADDRS);
    let (stream, addr) = connect(&addrs, connect_timeout).await?;
    Ok(Dialled { stream, addr, target })
}

/// One lookup, bounded in time; its answer is all the relay will ever know about the name.
async fn resolve(name: &str, port: u16, limit: Duration) -> Result<Vec<IpAddr>, CloseReason> {
    let found = timeout(limit, tokio::net::lookup_host((name, port)))
        .await
        .map_err(|_| CloseReason::DnsFailure(format!("{name}: lookup timed out")))?
        .map_err(|e| CloseReason::DnsFailure(format!("{name}: {e}")))?;
    let ips: Vec<IpAddr> = found.map(|sa| sa.ip()).collect();
    if ips.is_empty() {
        return Err(CloseReason::DnsFailure(format!("{name} has no address")));
    }
    Ok(ips)
}

/// Tries the checked addresses in order until one connects, all within `limit`.
async fn connect(addrs: &[SocketAddr], limit: Duration) -> Result<(TcpStream, SocketAddr), CloseReason> {
    let deadline = Instant::now() + limit;
    let mut last = CloseReason::ConnectRefused("no address to connect to".into());
    for &addr in addrs {
        match timeout_at(deadline, TcpStream::connect(addr)).await {
            Ok(Ok(stream)) => {
                // MySQL's handshake is many small messages each way; don't let Nagle delay them.
                let _ = stream.set_nodelay(true);
                return Ok((stream, addr));
            }
            Ok(Err(e)) => last = CloseReason::ConnectRefused(format!("{addr}: {}", e.kind())),
            Err(_) => {
                return Err(CloseReason::ConnectTimeout(format!("{addr}: no answer within {} s", limit.as_secs_f32())));
            }
        }
    }
    Err(last)
}
