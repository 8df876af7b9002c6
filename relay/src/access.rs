//! Who may open a session: the `Origin` check and the optional bearer token, both decided
//! before the upgrade.
//!
//! Both refusals are plain HTTP (403 for the origin, 401 for the token), not WebSocket close
//! codes: a page from a foreign origin must not get a socket at all (no cross-site WebSocket
//! hijacking, nothing to probe), and an unauthenticated client should cost the relay nothing
//! beyond the request head. A browser sees only "connection failed" (close 1006) for these; the
//! app can tell why by fetching the same `/relay?...` URL without upgrading, which returns the
//! same 403/401 with a text body (and 426 Upgrade Required when access would be granted).
//!
//! The token may come as `Authorization: Bearer T` (CLI clients) or `?token=T` (browsers: the
//! WebSocket API cannot set headers). The query form's trade-off: a URL is more likely to be
//! logged by a reverse proxy in front of the relay; the relay itself never logs query strings.

use axum::http::{header, HeaderMap, StatusCode};

/// Why a request was refused before the upgrade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No `Origin` header and `--allow-no-origin` not given.
    NoOrigin,
    /// An `Origin` not in the allowed list (or several `Origin` headers).
    ForeignOrigin,
    /// A token is required and none (or a wrong one) was given.
    BadToken,
}

impl Refusal {
    /// The HTTP status and the body text.
    pub fn response(self) -> (StatusCode, &'static str) {
        match self {
            Refusal::NoOrigin => (
                StatusCode::FORBIDDEN,
                "origin refused: no Origin header (start the relay with --allow-no-origin for non-browser clients)\n",
            ),
            Refusal::ForeignOrigin => (
                StatusCode::FORBIDDEN,
                "origin refused: this page's origin is not allowed by the relay (see --allow-origin)\n",
            ),
            Refusal::BadToken => {
                (StatusCode::UNAUTHORIZED, "token required: pass ?token=... or Authorization: Bearer ...\n")
            }
        }
    }
}

/// The access rules, fixed at startup.
#[derive(Debug, Clone)]
pub struct Access {
    origins: Vec<String>,
    allow_no_origin: bool,
    token: Option<String>,
}

impl Access {
    /// `origins` are already normalized by `Config::validate`.
    pub fn new(origins: Vec<String>, allow_no_origin: bool, token: Option<String>) -> Access {
        Access { origins, allow_no_origin, token }
    }

    /// Checks the request's `Origin` and token.
    pub fn check(&self, headers: &HeaderMap, query_token: Option<&str>) -> Result<(), Refusal> {
        let mut origins = headers.get_all(header::ORIGIN).iter();
        match (origins.next(), origins.next()) {
            (None, _) if self.allow_no_origin => {}
            (None, _) => return Err(Refusal::NoOrigin),
            (Some(origin), None) => {
                // Browsers serialize the scheme and host in lower case; compare the same way.
                let origin = origin.to_str().map_err(|_| Refusal::ForeignOrigin)?.to_ascii_lowercase();
                if !self.origins.contains(&origin) {
                    return Err(Refusal::ForeignOrigin);
                }
            }
            (Some(_), Some(_)) => return Err(Refusal::ForeignOrigin),
        }
        let Some(expected) = &self.token else {
            return Ok(());
        };
        let bearer =
            headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
        match bearer.or(query_token) {
            Some(given) if constant_time_eq(given.as_bytes(), expected.as_bytes()) => Ok(()),
            _ => Err(Refusal::BadToken),
        }
    }
}

/// Compares without an early exit, so response time does not reveal how much of a guess was
/// right (the length is not secret: it is at least 16 bytes either way).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.append(name.clone(), HeaderValue::from_str(value).expect("header"));
        }
        h
    }

    #[test]
    fn origin_rules() {
        let a = Access::new(vec!["http://127.0.0.1:8080".into()], false, None);
        assert_eq!(a.check(&headers(&[(header::ORIGIN, "http://127.0.0.1:8080")]), None), Ok(()));
        assert_eq!(a.check(&headers(&[(header::ORIGIN, "HTTP://127.0.0.1:8080")]), None), Ok(()));
        assert_eq!(a.check(&headers(&[(header::ORIGIN, "http://evil.example")]), None), Err(Refusal::ForeignOrigin));
        assert_eq!(a.check(&headers(&[(header::ORIGIN, "null")]), None), Err(Refusal::ForeignOrigin));
        assert_eq!(a.check(&HeaderMap::new(), None), Err(Refusal::NoOrigin));
        let two = headers(&[(header::ORIGIN, "http://127.0.0.1:8080"), (header::ORIGIN, "http://evil.example")]);
        assert_eq!(a.check(&two, None), Err(Refusal::ForeignOrigin));
        let cli = Access::new(vec![], true, None);
        assert_eq!(cli.check(&HeaderMap::new(), None), Ok(()));
    }

    #[test]
    fn token_by_header_or_query() {
        let a = Access::new(vec![], true, Some("0123456789abcdef".into()));
        assert_eq!(a.check(&HeaderMap::new(), None), Err(Refusal::BadToken));
        assert_eq!(a.check(&HeaderMap::new(), Some("0123456789abcdeX")), Err(Refusal::BadToken));
        assert_eq!(a.check(&HeaderMap::new(), Some("0123456789abcdef")), Ok(()));
        let bearer = headers(&[(header::AUTHORIZATION, "Bearer 0123456789abcdef")]);
        assert_eq!(a.check(&bearer, None), Ok(()));
    }
}
