//! Serves the built web app (Trunk's `dist/`) so one process runs the whole tool, with
//! security headers on every response.
//!
//! The Content-Security-Policy allows only this origin, WebAssembly compilation
//! (`'wasm-unsafe-eval'`, not `'unsafe-eval'`) and, for `index.html`, the SHA-256 hashes of its
//! inline scripts: Trunk writes the wasm loader inline, and hashing it at each request (the
//! file is a few KiB) keeps the CSP right after a rebuild without `'unsafe-inline'` for
//! scripts. Styles keep `'unsafe-inline'`: components may set `style` attributes, and a style
//! cannot run code. `connect-src 'self'` covers the same-origin `ws://` relay endpoint.
//!
//! Files are served precompressed: `scripts/build-web.sh` writes `NAME.br` and `NAME.gz` next
//! to each file, and a request that accepts them gets the smaller one (brotli, then gzip, then
//! the file itself) with `Content-Encoding`, the original `Content-Type` and `Vary:
//! Accept-Encoding` — tower-http's `ServeDir` does the negotiation and answers
//! `If-Modified-Since` with 304. Caching follows [`crate::caching`]: a year for Trunk's hashed
//! names, revalidate for the rest (`index.html`, the workers' fixed names).

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use tower::ServiceExt as _;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::caching::cache_control;
use crate::files::StaticRoot;

/// The policy for everything but `index.html` (which adds its inline-script hashes).
const CSP_BASE: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

fn csp(hashes: &str) -> String {
    CSP_BASE.replace("{hashes}", hashes)
}

/// Routes for the app: `/` and `/index.html` through [`index`], the rest from the directory
/// when [`StaticRoot::allows`] the path (404 otherwise, as for a missing file).
pub fn app_routes(dir: PathBuf) -> Router {
    let root = StaticRoot::new(&dir);
    let files = ServeDir::new(&dir).append_index_html_on_directories(false).precompressed_br().precompressed_gzip();
    let (index_dir, index_files) = (dir, files.clone());
    let index_route = get(move |req: Request| index(index_dir.clone(), index_files.clone(), req));
    Router::new().route("/", index_route.clone()).route("/index.html", index_route).fallback(move |req: Request| {
        let (root, files) = (root.clone(), files.clone());
        async move {
            // The precompressed siblings are checked too: a `.br` symlink must not lead out either.
            let path = req.uri().path();
            let (br, gz) = (format!("{path}.br"), format!("{path}.gz"));
            if !(root.allows(path).await && root.allows(&br).await && root.allows(&gz).await) {
                return (StatusCode::NOT_FOUND, "not found\n").into_response();
            }
            let cache = cache_control(path);
            file_response(&files, req, cache).await
        }
    })
}

/// `req` answered from the directory (precompressed when accepted), with the caching headers.
async fn file_response(files: &ServeDir, req: Request, cache: &'static str) -> Response {
    let mut response = match files.clone().oneshot(req).await {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    };
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        // Whichever encoding was chosen, the answer depended on Accept-Encoding: a shared cache
        // must not hand a brotli body to a client that did not ask for it.
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// Adds the security headers to every response of `router` that lacks them.
pub fn with_security_headers(router: Router) -> Router {
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    let base_csp = HeaderValue::from_str(&csp("")).unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'"));
    router
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, base_csp))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(HeaderName::from_static("cross-origin-opener-policy"), "same-origin"))
}

/// `index.html` (for `/` too) with a CSP that names its inline scripts by hash, served like
/// the other files (precompressed when accepted, 304 when unchanged) but never cached without
/// asking: the file names of the wasm and js it loads change with each build.
async fn index(dir: PathBuf, files: ServeDir, req: Request) -> Response {
    let path = dir.join("index.html");
    let Ok(html) = tokio::fs::read_to_string(&path).await else {
        return not_built(&dir);
    };
    let hashes: String = inline_scripts(&html).map(|s| format!(" 'sha256-{}'", sha256_b64(s))).collect();
    let csp = HeaderValue::from_str(&csp(&hashes)).unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'"));
    let (mut parts, body) = req.into_parts();
    parts.uri = axum::http::Uri::from_static("/index.html");
    let mut response = file_response(&files, Request::from_parts(parts, body), cache_control("/index.html")).await;
    let ok = response.status().is_success();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    if ok {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    }
    response
}

fn not_built(dir: &Path) -> Response {
    let text = format!(
        "the web app is not built: {} has no index.html (run scripts/build-web.sh, or pass --static-dir)\n",
        dir.display()
    );
    (StatusCode::NOT_FOUND, text).into_response()
}

/// The bodies of `<script>` elements without a `src` attribute, exactly as the browser hashes
/// them (the text between the start tag's `>` and `</script>`).
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || loop {
        let start = rest.find("<script")?;
        let after_tag = &rest[start..];
        let tag_end = after_tag.find('>')?;
        let tag = &after_tag[..tag_end];
        let body_and_more = &after_tag[tag_end + 1..];
        let body_end = body_and_more.find("</script>")?;
        let body = &body_and_more[..body_end];
        rest = &body_and_more[body_end..];
        if !tag.contains("src=") {
            return Some(body);
        }
    })
}

fn sha256_b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_scripts_only() {
        let html = "<script src=\"/a.js\"></script><script type=\"module\">\nrun();\n</script><p>";
        let found: Vec<&str> = inline_scripts(html).collect();
        assert_eq!(found, ["\nrun();\n"]);
    }

    #[test]
    fn hashes_like_a_browser() {
        // echo -n "alert('Hello, world.');" | openssl sha256 -binary | openssl base64 (CSP spec example)
        assert_eq!(sha256_b64("alert('Hello, world.');"), "qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng=");
    }
}
