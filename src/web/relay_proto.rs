//! The relay's protocol as the page sees it (relay/README.md): the WebSocket URL for a target
//! and what a close code means. Plain Rust, so it is unit-tested natively; the WebSocket
//! itself is in `crate::web::browser::relay_client` (wasm32 only). The close codes and reason
//! words come from the relay's own protocol crate, so the two ends cannot drift apart.

use mysql_tls_doctor_relay_proto::{code as codes, reason as words};

/// The URLs for one target behind one relay.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RelayUrls {
    /// `ws(s)://RELAY/relay?target=HOST:PORT&connected=1`: what the page opens.
    pub ws: String,
    /// The same request over `http(s)://`: opened in a tab, it shows why the relay refuses
    /// the upgrade (403 origin, 401 token), which a browser hides from a WebSocket.
    pub http: String,
    /// `HOST:PORT` as the relay and the report name it (IPv6 in brackets).
    pub target: String,
}

/// Builds the URLs for `host:port` behind `relay` (`http(s)://` or `ws(s)://`, optionally with
/// a path prefix; a bare `host:port` is taken as `http://`).
pub fn urls(relay: &str, host: &str, port: u16) -> Result<RelayUrls, String> {
    let relay = relay.trim().trim_end_matches('/');
    let (secure, rest) = match relay.split_once("://") {
        Some((scheme, rest)) => match scheme.to_ascii_lowercase().as_str() {
            "http" | "ws" => (false, rest),
            "https" | "wss" => (true, rest),
            other => return Err(format!("the relay address must start with http:// or https:// (got {other}://)")),
        },
        None => (false, relay),
    };
    if rest.is_empty() || rest.contains(['?', '#', ' ']) {
        return Err(format!("'{}' is not a relay address (e.g. http://127.0.0.1:8080)", crate::text::clip(relay, 80)));
    }
    let host = host.trim().trim_start_matches('[').trim_end_matches(']');
    if host.is_empty() {
        return Err("enter the MySQL server's host name or address".into());
    }
    if !host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':')) {
        return Err(format!("'{}' is not a host name or IP address", crate::text::clip(host, 80)));
    }
    // Only IPv6 addresses contain ':'; the relay wants them bracketed (`[::1]:3306`).
    let target = if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") };
    // '[' , ']' and ':' are legal in a query, but escaped they survive any proxy unchanged.
    let query = format!("target={}&connected=1", target.replace('[', "%5B").replace(']', "%5D").replace(':', "%3A"));
    let (ws, http) = if secure { ("wss", "https") } else { ("ws", "http") };
    Ok(RelayUrls { ws: format!("{ws}://{rest}/relay?{query}"), http: format!("{http}://{rest}/relay?{query}"), target })
}

/// Parses the port field: 1–65535.
pub fn port(text: &str) -> Result<u16, String> {
    match text.trim().parse::<u16>() {
        Ok(p) if p > 0 => Ok(p),
        _ => Err(format!("the port must be a number from 1 to 65535 (got '{}')", crate::text::clip(text.trim(), 20))),
    }
}

/// What a WebSocket close means for the probe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Closed {
    /// The MySQL server closed the TCP connection (4007): the probe decides what that means
    /// at its stage, like a closed socket in the CLI.
    ByServer,
    /// The relay could not or would not carry the connection, in words.
    Relay(String),
}

/// Explains close `code` with its `reason`. `opened`: whether the upgrade had succeeded (a
/// browser reports a refused upgrade — origin 403, token 401 — only as 1006).
pub fn closed(code: u16, reason: &str, opened: bool, urls: &RelayUrls) -> Closed {
    let reason = crate::text::clip(reason.trim(), 200);
    let why = |prefix: &str| mysql_tls_doctor_relay_proto::detail(&reason, prefix).to_owned();
    Closed::Relay(match code {
        codes::UPSTREAM_CLOSED => return Closed::ByServer,
        codes::POLICY_REFUSED => format!("the relay refused this target: {}", why(words::POLICY_REFUSED)),
        codes::DNS_FAILURE => format!("the relay could not resolve {}: {}", urls.target, why(words::DNS_FAILURE)),
        codes::CONNECT_REFUSED => format!(
            "the server refused the connection ({}); is MySQL listening on {}?",
            why(words::CONNECT_REFUSED),
            urls.target
        ),
        codes::CONNECT_TIMEOUT => format!(
            "the connection to {} timed out ({}): a firewall or security group may drop it",
            urls.target,
            why(words::CONNECT_TIMEOUT)
        ),
        codes::CAP_REACHED => format!("the relay stopped the session: {reason}"),
        codes::ABNORMAL if !opened => {
            format!("the relay refused the connection (origin or token?) — open {} in a tab to see why", urls.http)
        }
        codes::ABNORMAL => "the connection to the relay was lost".into(),
        codes::GOING_AWAY => "the relay is shutting down".into(),
        codes::MESSAGE_TOO_BIG => format!("a message was too big for the relay ({reason})"),
        codes::INTERNAL_ERROR => format!("the relay had an I/O error ({reason})"),
        _ if reason.is_empty() => format!("the relay closed the connection (code {code})"),
        _ => format!("the relay closed the connection (code {code}: {reason})"),
    })
}

/// The address in the relay's `{"connected":"IP:PORT"}` text message.
pub fn dialled(text: &str) -> Option<String> {
    // The relay writes exactly this shape and an address needs no escapes; a JSON parser
    // would add its weight to the worker for one fixed message.
    let addr = text.trim().strip_prefix(r#"{"connected":""#)?.strip_suffix(r#""}"#)?;
    addr.chars().all(|c| c.is_ascii_hexdigit() || matches!(c, '.' | ':' | '[' | ']')).then(|| addr.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_ws_and_http_urls_from_the_page_origin() {
        let u = urls("http://127.0.0.1:8080/", "db.example", 3306).expect("urls");
        assert_eq!(u.ws, "ws://127.0.0.1:8080/relay?target=db.example%3A3306&connected=1");
        assert_eq!(u.http, "http://127.0.0.1:8080/relay?target=db.example%3A3306&connected=1");
        assert_eq!(u.target, "db.example:3306");
        let u = urls("https://tools.example/doctor", "::1", 3307).expect("urls");
        assert_eq!(u.ws, "wss://tools.example/doctor/relay?target=%5B%3A%3A1%5D%3A3307&connected=1");
        assert_eq!(u.target, "[::1]:3307");
        assert_eq!(
            urls("localhost:8080", "[::1]", 1).map(|u| u.ws),
            Ok("ws://localhost:8080/relay?target=%5B%3A%3A1%5D%3A1&connected=1".into())
        );
    }

    #[test]
    fn rejects_bad_relay_addresses_hosts_and_ports() {
        assert!(urls("ftp://x", "h", 1).is_err_and(|e| e.contains("ftp://")));
        assert!(urls("", "h", 1).is_err());
        assert!(urls("http://x", "", 1).is_err_and(|e| e.contains("host")));
        assert!(urls("http://x", "a b&c=d", 1).is_err_and(|e| e.contains("not a host")));
        assert_eq!(port(" 3306 "), Ok(3306));
        assert!(port("0").is_err() && port("65536").is_err() && port("x").is_err());
    }

    #[test]
    fn explains_close_codes_in_words() {
        let u = urls("http://r:1", "db", 3306).expect("urls");
        let relay = |code, reason, opened| match closed(code, reason, opened, &u) {
            Closed::Relay(s) => s,
            Closed::ByServer => "by server".into(),
        };
        assert_eq!(relay(4007, "upstream closed", true), "by server");
        assert_eq!(
            relay(4001, "policy refused: port 25 not allowed", true),
            "the relay refused this target: port 25 not allowed"
        );
        assert_eq!(
            relay(4003, "connect refused: 10.0.0.1:3306: connection refused", true),
            "the server refused the connection (10.0.0.1:3306: connection refused); is MySQL listening on db:3306?"
        );
        assert!(relay(4004, "connect timeout: 10.0.0.1:3306", true).contains("timed out (10.0.0.1:3306)"));
        assert_eq!(
            relay(4005, "session time cap reached (60 s)", true),
            "the relay stopped the session: session time cap reached (60 s)"
        );
        assert_eq!(
            relay(1006, "", false),
            "the relay refused the connection (origin or token?) — open http://r:1/relay?target=db%3A3306&connected=1 in a tab to see why"
        );
        assert_eq!(relay(1006, "", true), "the connection to the relay was lost");
        assert_eq!(relay(1234, "", true), "the relay closed the connection (code 1234)");
    }

    #[test]
    fn reads_the_dialled_address() {
        assert_eq!(dialled(r#"{"connected":"127.0.0.1:3306"}"#).as_deref(), Some("127.0.0.1:3306"));
        assert_eq!(dialled(r#"{"connected":"[::1]:3306"}"#).as_deref(), Some("[::1]:3306"));
        assert_eq!(dialled("hello"), None);
        assert_eq!(dialled(r#"{"connected":"<b>"}"#), None);
    }
}
