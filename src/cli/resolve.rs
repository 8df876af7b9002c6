//! Name resolution within a deadline. `getaddrinfo` blocks for as long as the system resolver
//! likes (resolv.conf's timeout × attempts × servers: half a minute and more for a name whose
//! DNS server does not answer), and std has no timeout for it, so a per-target deadline would
//! not hold for the name lookup. An `IP:PORT` is parsed without the resolver; a name is looked
//! up on a short-lived thread, and the caller stops waiting at the deadline (the thread ends on
//! its own and its answer is dropped). At most [`MAX_PENDING`] such threads wait at once: past
//! that a name is refused at once rather than piling threads up behind a stalled resolver.

use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

/// Name lookups that may be waiting at once (the fleet's concurrency cap is 256; a resolver
/// that answers keeps this near the number of targets in flight).
pub const MAX_PENDING: usize = 64;

static PENDING: AtomicUsize = AtomicUsize::new(0);

/// Why a name gave no address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    /// The resolver answered: no such name, or no address (its words).
    Failed(String),
    /// The deadline passed first, or too many lookups were already waiting.
    TimedOut(String),
}

/// The first address of `addr` (`HOST:PORT`), looked up by `deadline`.
pub fn resolve(addr: &str, deadline: Instant) -> Result<SocketAddr, ResolveError> {
    if let Ok(ip) = addr.parse::<SocketAddr>() {
        return Ok(ip);
    }
    let name = addr.to_owned();
    let lookup = move || match name.to_socket_addrs() {
        Ok(mut addrs) => addrs.next().ok_or_else(|| format!("{name} resolves to no address")),
        Err(e) => Err(format!("cannot resolve {name}: {e}")),
    };
    match within(&PENDING, MAX_PENDING, deadline, lookup) {
        Waited::Done(result) => result.map_err(ResolveError::Failed),
        Waited::TimedOut => Err(ResolveError::TimedOut(format!("resolving {addr} took longer than the deadline"))),
        Waited::Busy => Err(ResolveError::TimedOut(format!(
            "resolving {addr}: {MAX_PENDING} name lookups are already waiting for the resolver"
        ))),
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Waited<T> {
    Done(T),
    TimedOut,
    Busy,
}

/// Runs `f` on its own thread and waits for it until `deadline`; refuses when `pending`
/// already counts `cap` waiting threads.
fn within<T: Send + 'static>(
    pending: &'static AtomicUsize,
    cap: usize,
    deadline: Instant,
    f: impl FnOnce() -> T + Send + 'static,
) -> Waited<T> {
    if pending.fetch_add(1, Ordering::SeqCst) >= cap {
        pending.fetch_sub(1, Ordering::SeqCst);
        return Waited::Busy;
    }
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new().name("resolve".into()).spawn(move || {
        let _ = tx.send(f());
        pending.fetch_sub(1, Ordering::SeqCst);
    });
    if spawned.is_err() {
        pending.fetch_sub(1, Ordering::SeqCst);
        return Waited::Busy;
    }
    match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        Ok(value) => Waited::Done(value),
        Err(_) => Waited::TimedOut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn an_ip_needs_no_resolver_and_localhost_resolves() {
        let soon = Instant::now() + Duration::from_secs(5);
        assert_eq!(resolve("127.0.0.1:3306", soon), Ok("127.0.0.1:3306".parse().expect("an address")));
        assert_eq!(resolve("[::1]:3306", soon), Ok("[::1]:3306".parse().expect("an address")));
        assert_eq!(resolve("localhost:3306", soon).map(|a| (a.ip().is_loopback(), a.port())), Ok((true, 3306)));
        assert_eq!(
            resolve("no-port-here", soon),
            Err(ResolveError::Failed("cannot resolve no-port-here: invalid socket address".into()))
        );
    }

    #[test]
    fn a_stalled_lookup_costs_the_deadline_and_no_more() {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let start = Instant::now();
        let slow = || std::thread::sleep(Duration::from_secs(3));
        assert_eq!(within(&COUNT, 4, start + Duration::from_millis(100), slow), Waited::TimedOut);
        assert!(start.elapsed() < Duration::from_secs(2), "waited {:?}", start.elapsed());
        assert_eq!(within(&COUNT, 4, Instant::now() + Duration::from_secs(5), || 7), Waited::Done(7));
    }

    #[test]
    fn past_the_cap_a_lookup_is_refused_at_once() {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let slow = || std::thread::sleep(Duration::from_millis(1500));
        let now = Instant::now();
        assert_eq!(within(&COUNT, 2, now, slow), Waited::TimedOut);
        assert_eq!(within(&COUNT, 2, now, slow), Waited::TimedOut);
        assert_eq!(within(&COUNT, 2, Instant::now() + Duration::from_secs(5), || 1), Waited::Busy);
        // The stalled ones end on their own and free their places.
        std::thread::sleep(Duration::from_millis(2000));
        assert_eq!(COUNT.load(Ordering::SeqCst), 0);
        assert_eq!(within(&COUNT, 2, Instant::now() + Duration::from_secs(5), || 1), Waited::Done(1));
    }
}
