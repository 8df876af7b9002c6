//! The caps, and the gate that hands out session permits: one `Semaphore` permit for the global
//! cap plus one per-client slot, both given back when the permit drops (RAII, so an early return
//! or a panic in a session cannot leak a slot).

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::close::Cap;
use crate::per_client::{ClientSlot, PerClient};

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
    /// Concurrent HTTP connections before upgrade from one client address (IPv6: per /64);
    /// more are closed at once, so one client cannot take all of `max_connections`.
    pub connections_per_client: usize,
    /// The DNS lookup and the TCP connect to the target together end within this.
    pub connect_timeout: Duration,
    /// A client must send a complete request head within this, or the connection is dropped
    /// (slow upgrades, idle keep-alive connections).
    pub upgrade_timeout: Duration,
    /// An HTTP connection that is not upgraded by then is closed, however busy (a keep-alive
    /// client reconnects; one that pipelines requests and reads slowly does not keep its slot).
    pub http_time: Duration,
    /// A write to a client (HTTP answer or WebSocket frame) that makes no progress for this long
    /// ends the connection: a client that never reads cannot hold a slot.
    pub write_timeout: Duration,
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
            // A browser opens at most 6 connections per host; 16 leaves room for a few tabs.
            connections_per_client: 16,
            connect_timeout: Duration::from_secs(5),
            upgrade_timeout: Duration::from_secs(10),
            http_time: Duration::from_secs(30),
            write_timeout: Duration::from_secs(10),
            // A TLS record is at most 16 KiB + 2 KiB; 64 KiB leaves room for batching.
            max_message: 64 * 1024,
        }
    }
}

/// Hands out session permits under the global and per-client caps.
#[derive(Debug)]
pub struct SessionGate {
    sessions: Arc<Semaphore>,
    per_client: Arc<PerClient>,
    max_sessions: usize,
}

/// A running session's slot; dropping it frees the slot.
#[derive(Debug)]
pub struct SessionPermit {
    _client: ClientSlot,
    _global: OwnedSemaphorePermit,
}

impl SessionGate {
    /// A gate for `limits.max_sessions` sessions, `limits.sessions_per_client` per client.
    pub fn new(limits: &Limits) -> Arc<SessionGate> {
        Arc::new(SessionGate {
            sessions: Arc::new(Semaphore::new(limits.max_sessions)),
            per_client: PerClient::new(limits.sessions_per_client),
            max_sessions: limits.max_sessions,
        })
    }

    /// Takes a slot for `client` now, or says which cap is full. Never waits: a browser
    /// waiting on a queued upgrade cannot tell why, a 4005 close it can explain.
    pub fn try_enter(&self, client: IpAddr) -> Result<SessionPermit, Cap> {
        let global = Arc::clone(&self.sessions)
            .try_acquire_owned()
            .map_err(|_| Cap::ConcurrentSessions { limit: self.max_sessions })?;
        // On refusal `global` drops here and frees its slot.
        let slot = self.per_client.try_take(client).ok_or(Cap::SessionsPerClient { limit: self.per_client.limit() })?;
        Ok(SessionPermit { _client: slot, _global: global })
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
}
