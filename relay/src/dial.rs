//! From the `target` parameter to a connected `TcpStream`: parse, check the name, resolve ONCE,
//! check every resolved address (and that it is not the relay itself), then dial only the
//! checked socket addresses. The stream never goes to a name, so a second DNS answer
//! (rebinding) can never reach an unchecked address.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::TcpStream;
use tokio::time::{timeout_at, Instant};

use crate::close::{CloseReason, TargetRefusal};
use crate::own::OwnAddr;
use crate::policy::{Host, Policy, Target};
use crate::resolve::Resolver;

/// More addresses than this for one name are not dialled (all are still checked).
const MAX_DIAL_ADDRS: usize = 8;

/// A connected target: the stream and the exact address it went to.
#[derive(Debug)]
pub struct Dialled {
    pub stream: TcpStream,
    pub addr: SocketAddr,
    pub target: Target,
}

/// Everything a dial needs, fixed at start-up.
#[derive(Debug)]
pub struct Dialer {
    pub policy: Policy,
    pub own: OwnAddr,
    pub resolver: Resolver,
    /// The DNS lookup and the TCP connect together end by then.
    pub connect_timeout: Duration,
}

impl Dialer {
    /// Parses, checks, resolves and connects; every failure is a close reason.
    pub async fn dial(&self, target: Option<&str>) -> Result<Dialled, CloseReason> {
        let deadline = Instant::now() + self.connect_timeout;
        let refused = |r: TargetRefusal| CloseReason::PolicyRefused(r);
        let target: Target =
            target.ok_or(refused(TargetRefusal::Missing))?.parse().map_err(|e| refused(TargetRefusal::Malformed(e)))?;
        // What the client named decides what it may be told: it knows its own literal address.
        let refusal = match &target.host {
            Host::Ip(_) => TargetRefusal::Address,
            Host::Name(_) => TargetRefusal::Name,
        };
        let verdict = self.policy.check_name(&target).map_err(|why| refused(refusal(why)))?;
        let ips = match &target.host {
            Host::Ip(ip) => vec![*ip],
            Host::Name(name) => self.resolver.lookup(name, target.port, deadline).await?,
        };
        let mut addrs: Vec<SocketAddr> = Vec::with_capacity(ips.len());
        for ip in ips {
            // One refused address refuses the name: a name that mixes a public address with a
            // private or metadata one is either misconfigured or an attack.
            let addr = self.policy.check_addr(verdict, ip, target.port).map_err(|why| refused(refusal(why)))?;
            if self.own.is_self(addr) {
                return Err(refused(refusal(format!("address {addr} is this relay itself"))));
            }
            if !addrs.contains(&addr) {
                addrs.push(addr);
            }
        }
        addrs.truncate(MAX_DIAL_ADDRS);
        let (stream, addr) = connect(&addrs, deadline, self.connect_timeout).await?;
        Ok(Dialled { stream, addr, target })
    }
}

/// Tries the checked addresses in order until one connects, all by `deadline`.
async fn connect(
    addrs: &[SocketAddr],
    deadline: Instant,
    limit: Duration,
) -> Result<(TcpStream, SocketAddr), CloseReason> {
    let mut last = CloseReason::DnsFailure("no address to connect to".into());
    for &addr in addrs {
        match timeout_at(deadline, TcpStream::connect(addr)).await {
            Ok(Ok(stream)) => {
                // MySQL's handshake is many small messages each way; don't let Nagle delay them.
                let _ = stream.set_nodelay(true);
                return Ok((stream, addr));
            }
            Ok(Err(e)) => last = CloseReason::ConnectRefused { addr, kind: e.kind().to_string() },
            Err(_) => return Err(CloseReason::ConnectTimeout { addr, limit }),
        }
    }
    Err(last)
}
