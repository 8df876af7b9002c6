//! Everything `run` needs besides the listener, checked once at load by [`Config::validate`]:
//! a relay with a bad rule, an empty token or a zero cap does not start.

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::limits::Limits;
use crate::policy::Policy;

/// The relay's configuration. `Config::default()` is the safe default: own origin only,
/// `public:3306`, the default caps, no token, no static files.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Allowed `Origin` values (`http://host:port`). Empty means the relay's own origin, derived
    /// from the listening address (and `localhost` for a loopback listener).
    pub allowed_origins: Vec<String>,
    /// Accept a WebSocket with no `Origin` header (non-browser clients such as the CLI). Browsers
    /// always send one, so this does not open the relay to other web pages.
    pub allow_no_origin: bool,
    /// The target allowlist.
    pub policy: Policy,
    /// Caps and timeouts.
    pub limits: Limits,
    /// A bearer token every `/relay` request must carry (header or `?token=`).
    pub token: Option<String>,
    /// Where the built web app is; `None` serves no files (only `/relay`).
    pub static_dir: Option<PathBuf>,
    /// Tell clients the detailed close reason (resolved addresses, which rule refused, resolver
    /// errors), as the log has it. For a personal relay; off, clients get words that disclose
    /// nothing about the network or the rules.
    pub verbose_reasons: bool,
}

/// A configuration the relay refuses to start with.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// A listener on 0.0.0.0 or :: has no single origin of its own.
    #[error("listening on {addr} (all interfaces): the relay cannot know which host name browsers use; give --allow-origin http://HOST:{port}", port = addr.port())]
    UnspecifiedListenerNeedsOrigin { addr: SocketAddr },
    /// An origin that is not `scheme://host[:port]`.
    #[error("origin {origin:?} is not scheme://host[:port] (no path, no trailing slash)")]
    BadOrigin { origin: String },
    /// A token shorter than 16 bytes is guessable.
    #[error("the token has {len} bytes; use at least 16 (e.g. `openssl rand -hex 16`)")]
    ShortToken { len: usize },
    /// A cap or timeout of zero, or a count too large for a semaphore.
    #[error("{name} must be between 1 and {max} (got {got})")]
    BadLimit { name: &'static str, got: u128, max: u128 },
}

/// The most sessions or connections a cap may allow (far above what one process can hold).
const MAX_COUNT: usize = 1 << 20;
/// The largest WebSocket message a client may be allowed to send (64 MiB).
const MAX_MESSAGE: usize = 64 << 20;

impl Config {
    /// Checks the configuration against the address the relay listens on, and returns the
    /// origins to accept.
    pub fn validate(&self, local: SocketAddr) -> Result<Vec<String>, ConfigError> {
        let l = &self.limits;
        let counts = [
            ("--max-sessions", l.max_sessions, MAX_COUNT),
            ("--max-sessions-per-client", l.sessions_per_client, MAX_COUNT),
            ("--max-connections", l.max_connections, MAX_COUNT),
            ("--max-connections-per-client", l.connections_per_client, MAX_COUNT),
            ("--max-message", l.max_message, MAX_MESSAGE),
        ];
        for (name, got, max) in counts {
            if got == 0 || got > max {
                return Err(ConfigError::BadLimit { name, got: got as u128, max: max as u128 });
            }
        }
        let times = [
            ("--session-time", l.session_time),
            ("--connect-timeout", l.connect_timeout),
            ("--upgrade-timeout", l.upgrade_timeout),
            ("--http-time", l.http_time),
            ("--write-timeout", l.write_timeout),
        ];
        for (name, got) in times {
            if got.is_zero() {
                return Err(ConfigError::BadLimit { name, got: 0, max: u128::from(u64::MAX) });
            }
        }
        if l.bytes_each_way == 0 {
            return Err(ConfigError::BadLimit { name: "--max-bytes", got: 0, max: u128::from(u64::MAX) });
        }
        if let Some(token) = &self.token {
            if token.len() < 16 {
                return Err(ConfigError::ShortToken { len: token.len() });
            }
        }
        if !self.allowed_origins.is_empty() {
            return self.allowed_origins.iter().map(|o| normalize_origin(o)).collect();
        }
        own_origins(local)
    }
}

/// `http://HOST:PORT` as a browser serializes it: lower-case, no default port, IPv6 in brackets.
fn origin_for(host: &str, port: u16) -> String {
    if port == 80 {
        format!("http://{host}")
    } else {
        format!("http://{host}:{port}")
    }
}

fn own_origins(local: SocketAddr) -> Result<Vec<String>, ConfigError> {
    let ip = local.ip();
    if ip.is_unspecified() {
        return Err(ConfigError::UnspecifiedListenerNeedsOrigin { addr: local });
    }
    let host = match ip {
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => format!("[{v6}]"),
    };
    let mut origins = vec![origin_for(&host, local.port())];
    if ip.is_loopback() {
        // `localhost` always names this machine, so a page on http://localhost:PORT is ours too.
        origins.push(origin_for("localhost", local.port()));
    }
    Ok(origins)
}

/// Checks and lower-cases a configured origin.
fn normalize_origin(origin: &str) -> Result<String, ConfigError> {
    let bad = || ConfigError::BadOrigin { origin: origin.to_owned() };
    let lower = origin.to_ascii_lowercase();
    let (scheme, rest) = lower.split_once("://").ok_or_else(bad)?;
    let host_ok = !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b));
    if !matches!(scheme, "http" | "https") || !host_ok {
        return Err(bad());
    }
    Ok(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(s: &str) -> SocketAddr {
        s.parse().expect("addr")
    }

    #[test]
    fn own_origin_of_a_loopback_listener() {
        let origins = Config::default().validate(addr("127.0.0.1:8080")).expect("valid");
        assert_eq!(origins, ["http://127.0.0.1:8080", "http://localhost:8080"]);
        let origins = Config::default().validate(addr("[::1]:80")).expect("valid");
        assert_eq!(origins, ["http://[::1]", "http://localhost"]);
    }

    #[test]
    fn rejects_bad_configs() {
        let any = addr("0.0.0.0:8080");
        assert!(matches!(Config::default().validate(any), Err(ConfigError::UnspecifiedListenerNeedsOrigin { .. })));
        let c = Config { allowed_origins: vec!["https://x.example/".into()], ..Config::default() };
        assert!(matches!(c.validate(any), Err(ConfigError::BadOrigin { .. })));
        let c = Config { token: Some("short".into()), ..Config::default() };
        assert_eq!(c.validate(addr("127.0.0.1:1")), Err(ConfigError::ShortToken { len: 5 }));
        let c = Config { limits: Limits { max_sessions: 0, ..Limits::default() }, ..Config::default() };
        assert!(matches!(c.validate(addr("127.0.0.1:1")), Err(ConfigError::BadLimit { name: "--max-sessions", .. })));
    }

    #[test]
    fn configured_origins_replace_the_default() {
        let c = Config { allowed_origins: vec!["HTTPS://Doctor.example".into()], ..Config::default() };
        assert_eq!(c.validate(addr("0.0.0.0:8080")), Ok(vec!["https://doctor.example".to_owned()]));
    }
}
