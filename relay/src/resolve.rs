//! DNS lookups, bounded in time and in number: at most [`MAX_LOOKUPS`] at once, each stopped at
//! the session's connect deadline.
//!
//! `tokio::net::lookup_host` runs the system's `getaddrinfo` on a blocking thread, which cannot
//! be cancelled: a timed-out lookup keeps its thread until the resolver gives up. So each
//! lookup runs in its own task that holds a semaphore permit until `getaddrinfo` has really
//! returned, and the session waits for that task's answer only until its deadline. Timed-out
//! lookups therefore still count against the bound, and a flood of names that never answer
//! cannot pile up blocking threads. (An async resolver would make the lookup itself
//! cancellable; this keeps the system's resolver configuration, /etc/hosts included.)

use std::net::IpAddr;
use std::sync::Arc;

use tokio::sync::{oneshot, Semaphore};
use tokio::time::{timeout_at, Instant};

use crate::close::CloseReason;

/// Lookups in flight at once, timed-out ones included.
pub const MAX_LOOKUPS: usize = 16;

/// The relay's resolver.
#[derive(Debug)]
pub struct Resolver {
    permits: Arc<Semaphore>,
}

impl Default for Resolver {
    fn default() -> Self {
        Resolver { permits: Arc::new(Semaphore::new(MAX_LOOKUPS)) }
    }
}

impl Resolver {
    /// One lookup of `name`, done by `deadline` (waiting for a free slot included); its answer
    /// is all the relay will ever know about the name.
    pub async fn lookup(&self, name: &str, port: u16, deadline: Instant) -> Result<Vec<IpAddr>, CloseReason> {
        let failure = |why: &str| CloseReason::DnsFailure(format!("{name}: {why}"));
        let permit = match timeout_at(deadline, Arc::clone(&self.permits).acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            Ok(Err(_)) | Err(_) => return Err(failure("resolver busy (too many lookups in flight)")),
        };
        let (answer_tx, answer_rx) = oneshot::channel();
        let query = (name.to_owned(), port);
        tokio::spawn(async move {
            let found = tokio::net::lookup_host(query).await.map(|addrs| addrs.map(|a| a.ip()).collect::<Vec<_>>());
            drop(permit);
            let _ = answer_tx.send(found);
        });
        let ips = match timeout_at(deadline, answer_rx).await {
            Ok(Ok(Ok(ips))) => ips,
            Ok(Ok(Err(e))) => return Err(failure(&e.to_string())),
            Ok(Err(_)) => return Err(failure("lookup task ended without an answer")),
            Err(_) => return Err(failure("lookup timed out")),
        };
        if ips.is_empty() {
            return Err(failure("no address"));
        }
        Ok(ips)
    }
}
