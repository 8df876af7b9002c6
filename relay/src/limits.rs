//! The caps, and the gate that hands out session permits: one `Semaphore` permit for the global
//! cap plus one count in a per-client map, both given back when the permit drops (RAII, so an
//! early return or a panic in a session cannot leak a slot).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::close::Cap;

/// Every number that bounds what one client, or all clients together, can make the relay do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// A session is closed (4005) after this long, idle or not.
    pub session_time: Duration,
    /// At most this many bytes are relayed in each direction of one session.
    pub bytes_each_way: u64,
    /// Concurrent WebSocket sessions, all clients together.
    pub max_sessions: usize,
    /// Concurrent sessions from one client address (an IPv6 client counts per /64).
    pub sessions_per_client: usize,
    /// Concurrent HTTP connections before upgrade (static files, handshakes in progress).
    /// Accepting waits while all are taken; the kernel's backlog holds the rest.
    pub max_connections: usize,
    /// DNS lookup plus TCP connect to the target, each bounded by this.
    pub connect_timeout: Duration,
    /// A client must send a complete request head within this, or the connection is dropped
    /// (slow upgrades, idle keep-alive connections).
    pub upgrade_timeout: Duration,
    /// Largest WebSocket message (and frame) accepted from a client.
    pub max_message: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            session_time: Duration::from_secs(60),
            bytes_each_way: 1024 * 1024,
            max_sessions: 64,
            sessions_per_client: 8,
            max_connections: 256,
            connect_timeout: Duration::from_secs(5),
            upgrade_timeout: Duration::from_secs(10),
            // A TLS record is at most 16 KiB + 2 KiB; 64 KiB leaves room for batching.
            max_message: 64 * 1024,
        }
    }
}

/// The key a client is counted under: its IPv4 address, or its IPv6 /64 (one host usually
/// owns a whole /64, so counting single v6 addresses would not bound anything).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct ClientKey(IpAddr);

impl ClientKey {
    fn of(ip: IpAddr) -> ClientKey {
        match ip {
            IpAddr::V4(_) => ClientKey(ip),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientKey(IpAddr::V4(v4)),
                None => {
                    let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                    ClientKey(IpAddr::V6(prefix.into()))
                }
            },
        }
    }
}

/// Hands out session permits under the global and per-client caps.
#[derive(Debug)]
pub struct SessionGate {
    sessions: Arc<Semaphore>,
    per_client: Mutex<HashMap<ClientKey, usize>>,
    max_sessions: usize,
    per_client_limit: usize,
}

/// A running session's slot; dropping it frees the slot.
#[derive(Debug)]
pub struct SessionPermit {
    gate: Arc<SessionGate>,
    client: ClientKey,
    _global: OwnedSemaphorePermit,
}

impl SessionGate {
    /// A gate for `limits.max_sessions` sessions, `limits.sessions_per_client` per client.
    pub fn new(limits: &Limits) -> Arc<SessionGate> {
        Arc::new(SessionGate {
            sessions: Arc::new(Semaphore::new(limits.max_sessions)),
            per_client: Mutex::new(HashMap::new()),
            max_sessions: limits.max_sessions,
            per_client_limit: limits.sessions_per_client,
        })
    }

    /// Takes a slot for `client` now, or says which cap is full. Never waits: a browser
    /// waiting on a queued upgrade cannot tell why, a 4005 close it can explain.
    pub fn try_enter(self: &Arc<Self>, client: IpAddr) -> Result<SessionPermit, Cap> {
        let key = ClientKey::of(client);
        let global = Arc::clone(&self.sessions)
            .try_acquire_owned()
            .map_err(|_| Cap::ConcurrentSessions { limit: self.max_sessions })?;
        // The map is only ever updated by whole statements, so a poisoned lock is still sound.
        let mut counts = self.per_client.lock().unwrap_or_else(PoisonError::into_inner);
        let count = counts.get(&key).copied().unwrap_or(0);
        if count >= self.per_client_limit {
            // `global` drops here and frees its slot; no entry was added for a refused client.
            return Err(Cap::SessionsPerClient { limit: self.per_client_limit });
        }
        counts.insert(key, count + 1);
        Ok(SessionPermit { gate: Arc::clone(self), client: key, _global: global })
    }

    /// Waits until every session has ended (used by a graceful shutdown).
    pub async fn drained(&self) {
        let all = u32::try_from(self.max_sessions).unwrap_or(u32::MAX);
        // The semaphore is never closed, so acquiring can only fail if `all` exceeds its size.
        let _ = self.sessions.acquire_many(all).await;
    }

    /// Sessions running now (for logs and tests).
    pub fn active(&self) -> usize {
        self.max_sessions - self.sessions.available_permits()
    }
}

impl Drop for SessionPermit {
    fn drop(&mut self) {
        let mut counts = self.gate.per_client.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = counts.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                // Forget idle clients, so the map stays as small as the set of live sessions.
                counts.remove(&self.client);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate(max: usize, per_client: usize) -> Arc<SessionGate> {
        SessionGate::new(&Limits { max_sessions: max, sessions_per_client: per_client, ..Limits::default() })
    }

    #[test]
    fn per_client_cap_then_release() {
        let g = gate(10, 2);
        let ip: IpAddr = "192.0.2.1".parse().expect("ip");
        let a = g.try_enter(ip).expect("first");
        let _b = g.try_enter(ip).expect("second");
        assert_eq!(g.try_enter(ip).err(), Some(Cap::SessionsPerClient { limit: 2 }));
        assert!(g.try_enter("192.0.2.2".parse().expect("ip")).is_ok());
        drop(a);
        assert!(g.try_enter(ip).is_ok());
    }

    #[test]
    fn global_cap() {
        let g = gate(1, 5);
        let _a = g.try_enter("192.0.2.1".parse().expect("ip")).expect("first");
        assert_eq!(g.try_enter("192.0.2.2".parse().expect("ip")).err(), Some(Cap::ConcurrentSessions { limit: 1 }));
        assert_eq!(g.active(), 1);
    }

    #[test]
    fn ipv6_clients_count_per_64() {
        let g = gate(10, 1);
        let _a = g.try_enter("2001:db8:1:2::1".parse().expect("ip")).expect("first");
        assert!(g.try_enter("2001:db8:1:2::ffff".parse().expect("ip")).is_err());
        assert!(g.try_enter("2001:db8:1:3::1".parse().expect("ip")).is_ok());
    }
}
