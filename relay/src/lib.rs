//! mysql-tls-doctor's relay: a WebSocket-to-TCP bridge for the in-browser live probe, which
//! says no by default (see "Relay security" in the project's DESIGN.md).
//!
//! `GET /relay?target=host:port` upgrades to a WebSocket whose binary messages carry the raw
//! TCP bytes of a connection the relay opens to the target. TLS runs in the browser, so the
//! relay only ever sees the MySQL greeting, the SSLRequest and ciphertext; it logs sizes,
//! addresses and close reasons, never payloads.
//!
//! ```text
//! browser ──ws──► server.rs  accept loop: connection Semaphore + per_client.rs cap, deadlines,
//!                   │            stall.rs (writes must progress), shutdown
//!                   ├─ endpoint.rs  /relay: access.rs (Origin 403, token 401), handshake
//!                   │               checks (400/426), a slot from limits.rs, then upgrade
//!                   │     └─ session.rs  dial.rs (policy.rs + addr.rs: check name, resolve.rs
//!                   │                    once, check every address, own.rs: not the relay itself,
//!                   │                    dial the checked one), copy both ways under the caps,
//!                   │                    close.rs reason (detail to the log, less to the client)
//!                   └─ serve.rs     the built web app, precompressed (files.rs: no dotfiles, no
//!                                   symlink escapes; caching.rs: a year for hashed names),
//!                                   CSP and nosniff on every response
//! logging.rs: never payloads in the log; ratelog.rs: refusals logged at a bounded rate
//! ```
//!
//! Close codes (see [`close::code`], shared with the page through `mysql-tls-doctor-relay-proto`):
//! 4001 policy refused, 4002 DNS failure (only with `--verbose-reasons`; otherwise 4001, so a
//! stranger cannot tell which names exist), 4003 connect refused, 4004 connect timeout, 4005 cap
//! reached, 4007 upstream closed; 4006 is reserved (origin and token are refused with HTTP
//! 403/401 before the upgrade).
#![forbid(unsafe_code)]

pub mod access;
pub mod addr;
pub mod caching;
pub mod close;
pub mod config;
pub mod dial;
pub mod endpoint;
pub mod files;
pub mod limits;
pub mod logging;
pub mod own;
pub mod per_client;
pub mod policy;
pub mod ratelog;
pub mod resolve;
pub mod serve;
pub mod server;
pub mod session;
pub mod stall;

pub use close::{Cap, CloseReason, TargetRefusal};
pub use config::{Config, ConfigError};
pub use limits::Limits;
pub use policy::{AllowRule, Policy, RuleError};
pub use server::run;

/// Resolves once the shutdown flag is set (or its sender is gone). Wraps `wait_for` so no
/// non-`Send` watch guard is held across an await in a spawned task.
pub(crate) async fn stopped(rx: &mut tokio::sync::watch::Receiver<bool>) {
    let _ = rx.wait_for(|stop| *stop).await;
}
