//! Counting by client, for the per-client caps (sessions, open HTTP connections). A client is
//! its IPv4 address or its IPv6 /64: one host usually owns a whole /64, so counting single v6
//! addresses would not bound anything.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};

/// The key a client is counted under.
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

/// At most `limit` slots per client.
#[derive(Debug)]
pub struct PerClient {
    counts: Mutex<HashMap<ClientKey, usize>>,
    limit: usize,
}

/// One client's slot; dropping it gives the slot back (RAII, so no early return leaks one).
#[derive(Debug)]
pub struct ClientSlot {
    owner: Arc<PerClient>,
    key: ClientKey,
}

impl PerClient {
    pub fn new(limit: usize) -> Arc<PerClient> {
        Arc::new(PerClient { counts: Mutex::new(HashMap::new()), limit })
    }

    /// The cap this counts against.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// A slot for `ip`, or `None` when it has `limit` already.
    pub fn try_take(self: &Arc<Self>, ip: IpAddr) -> Option<ClientSlot> {
        let key = ClientKey::of(ip);
        // The map is only ever updated by whole statements, so a poisoned lock is still sound.
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        let count = counts.entry(key).or_insert(0);
        if *count >= self.limit {
            return None;
        }
        *count += 1;
        Some(ClientSlot { owner: Arc::clone(self), key })
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut counts = self.owner.counts.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = counts.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                // Forget idle clients, so the map stays as small as the set of live slots.
                counts.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("test ip")
    }

    #[test]
    fn counts_per_client_and_gives_back() {
        let p = PerClient::new(1);
        let a = p.try_take(ip("192.0.2.1")).expect("first");
        assert!(p.try_take(ip("192.0.2.1")).is_none());
        assert!(p.try_take(ip("::ffff:192.0.2.1")).is_none());
        let _b = p.try_take(ip("192.0.2.2")).expect("other client");
        drop(a);
        let _c = p.try_take(ip("192.0.2.1")).expect("given back");
    }

    #[test]
    fn ipv6_counts_per_64() {
        let p = PerClient::new(1);
        let _a = p.try_take(ip("2001:db8:1:2::1")).expect("first");
        assert!(p.try_take(ip("2001:db8:1:2::ffff")).is_none());
        let _b = p.try_take(ip("2001:db8:1:3::1")).expect("other /64");
    }
}
