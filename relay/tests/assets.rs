//! The web app's files over real HTTP on loopback: precompressed answers (brotli, then gzip,
//! then identity) with the right Content-Encoding, Content-Type, Vary and caching headers, the
//! precompressed file's exact bytes as the body, and cheap revalidation (304).

mod support;

use mysql_tls_doctor_relay::Config;
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

const WASM: &str = "app-0123456789abcdef_bg.wasm";
const INDEX: &str = "<!doctype html><script type=\"module\">init();</script><p>Loading the checker…</p>";

/// An answer: status, headers (names lowercased, in order) and the body, de-chunked.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The headers this test pins, sorted; `date` and `last-modified` are checked on their own.
    fn pinned(&self) -> Vec<(String, String)> {
        let mut h: Vec<(String, String)> =
            self.headers.iter().filter(|(n, _)| n != "date" && n != "last-modified").cloned().collect();
        h.sort();
        h
    }
}

/// `GET path` with `headers` over a fresh connection.
async fn get(relay: &Relay, path: &str, headers: &[(&str, &str)]) -> Answer {
    let mut stream = TcpStream::connect(relay.addr).await.expect("tcp connect");
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n", relay.addr);
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).await.expect("write request");
    let mut raw = Vec::new();
    timeout(LIMIT, stream.read_to_end(&mut raw)).await.expect("answer in time").expect("read answer");
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete head");
    let head = String::from_utf8(raw[..end].to_vec()).expect("ascii head");
    let mut lines = head.split("\r\n");
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|c| c.parse().ok()).expect("status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let rest = &raw[end + 4..];
    let chunked = headers.iter().any(|(n, v)| n == "transfer-encoding" && v == "chunked");
    let body = if chunked { dechunk(rest) } else { rest.to_vec() };
    Answer { status, headers, body }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    for _ in 0..10_000 {
        let line_end = rest.windows(2).position(|w| w == b"\r\n").expect("chunk size line");
        let size_text = std::str::from_utf8(&rest[..line_end]).expect("ascii size");
        let size = usize::from_str_radix(size_text.trim(), 16).expect("hex size");
        if size == 0 {
            return body;
        }
        let start = line_end + 2;
        body.extend_from_slice(&rest[start..start + size]);
        rest = &rest[start + size + 2..];
    }
    panic!("more than 10,000 chunks")
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = list.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
    v.sort();
    v
}

/// A dist/ with a hashed wasm (identity, .br and .gz, each with different bytes so the body
/// shows which was sent), a gzip-only css, an unhashed worker loader, and index.html (+ .br).
fn dist(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    let write = |file: &str, bytes: &[u8]| std::fs::write(dir.join(file), bytes).expect("write");
    write(WASM, b"\0asm\x01\0\0\0 identity");
    write(&format!("{WASM}.br"), b"brotli bytes of the wasm");
    write(&format!("{WASM}.gz"), b"\x1f\x8b gzip bytes of the wasm");
    write("style-fedcba9876543210.css", b"p { margin: 0 }");
    write("style-fedcba9876543210.css.gz", b"\x1f\x8b gzip bytes of the css");
    write("worker_loader.js", b"importScripts('./worker.js');");
    write("worker_loader.js.br", b"brotli bytes of the loader");
    write("index.html", INDEX.as_bytes());
    write("index.html.br", b"brotli bytes of index.html");
    dir
}

const SECURITY: [(&str, &str); 4] = [
    ("cross-origin-opener-policy", "same-origin"),
    ("referrer-policy", "no-referrer"),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
];
const BASE_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; \
     form-action 'none'";
const YEAR: &str = "public, max-age=31536000, immutable";

fn expected(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut all: Vec<(&str, &str)> = SECURITY.to_vec();
    all.extend_from_slice(extra);
    pairs(&all)
}

#[tokio::test]
async fn a_hashed_file_is_sent_as_brotli_then_gzip_then_itself_and_kept_a_year() {
    let dir = dist("precompressed");
    let relay = start_relay(Config { static_dir: Some(dir.clone()), ..loopback_config() }).await;
    let path = format!("/{WASM}");
    let cases: [(&str, Option<&str>, &[u8]); 5] = [
        ("br, gzip", Some("br"), b"brotli bytes of the wasm"),
        ("gzip, deflate, br, zstd", Some("br"), b"brotli bytes of the wasm"),
        ("gzip", Some("gzip"), b"\x1f\x8b gzip bytes of the wasm"),
        ("br;q=0.5, gzip;q=1", Some("gzip"), b"\x1f\x8b gzip bytes of the wasm"),
        ("identity", None, b"\0asm\x01\0\0\0 identity"),
    ];
    for (accept, encoding, body) in cases {
        let answer = get(&relay, &path, &[("Accept-Encoding", accept)]).await;
        assert_eq!(answer.status, 200, "{accept}");
        let length = body.len().to_string();
        let mut extra = vec![
            ("accept-ranges", "bytes"),
            ("cache-control", YEAR),
            ("connection", "close"),
            ("content-length", length.as_str()),
            ("content-security-policy", BASE_CSP),
            ("content-type", "application/wasm"),
            ("vary", "accept-encoding"),
        ];
        if let Some(e) = encoding {
            extra.push(("content-encoding", e));
        }
        assert_eq!(answer.pinned(), expected(&extra), "{accept}");
        assert_eq!(answer.body, body, "{accept}");
    }
    // No Accept-Encoding at all: the file itself.
    let plain = get(&relay, &path, &[]).await;
    assert_eq!((plain.header("content-encoding"), plain.body.as_slice()), (None, &b"\0asm\x01\0\0\0 identity"[..]));

    // Only a .gz next to the css: a brotli-accepting browser gets the gzip.
    let css = get(&relay, "/style-fedcba9876543210.css", &[("Accept-Encoding", "br, gzip")]).await;
    assert_eq!(
        (css.status, css.header("content-encoding"), css.header("content-type"), css.header("cache-control")),
        (200, Some("gzip"), Some("text/css"), Some(YEAR))
    );
    assert_eq!(css.body, b"\x1f\x8b gzip bytes of the css");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn unhashed_files_revalidate_and_an_unchanged_one_costs_a_304() {
    let dir = dist("revalidate");
    let relay = start_relay(Config { static_dir: Some(dir.clone()), ..loopback_config() }).await;
    let loader = get(&relay, "/worker_loader.js", &[("Accept-Encoding", "br, gzip")]).await;
    assert_eq!(
        (loader.status, loader.header("content-encoding"), loader.header("content-type")),
        (200, Some("br"), Some("text/javascript"))
    );
    assert_eq!((loader.header("cache-control"), loader.header("vary")), (Some("no-cache"), Some("accept-encoding")));
    assert_eq!(loader.body, b"brotli bytes of the loader");
    let modified = loader.header("last-modified").expect("a Last-Modified to revalidate with").to_owned();
    let again =
        get(&relay, "/worker_loader.js", &[("Accept-Encoding", "br, gzip"), ("If-Modified-Since", &modified)]).await;
    assert_eq!((again.status, again.body.len()), (304, 0));
    assert_eq!((again.header("cache-control"), again.header("vary")), (Some("no-cache"), Some("accept-encoding")));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn index_html_is_precompressed_no_cache_and_keeps_its_script_hashes() {
    let dir = dist("index");
    let relay = start_relay(Config { static_dir: Some(dir.clone()), ..loopback_config() }).await;
    // echo -n "init();" | openssl sha256 -binary | base64
    let csp = BASE_CSP
        .replace("'wasm-unsafe-eval'", "'wasm-unsafe-eval' 'sha256-GEnM5q1nYY/iACnyMTdov+tNp9OFcBnnDgNXUXaVNXc='");
    for path in ["/", "/index.html"] {
        let answer = get(&relay, path, &[("Accept-Encoding", "gzip, deflate, br")]).await;
        assert_eq!(answer.status, 200, "{path}");
        let length = b"brotli bytes of index.html".len().to_string();
        let extra = [
            ("accept-ranges", "bytes"),
            ("cache-control", "no-cache"),
            ("connection", "close"),
            ("content-encoding", "br"),
            ("content-length", length.as_str()),
            ("content-security-policy", csp.as_str()),
            ("content-type", "text/html; charset=utf-8"),
            ("vary", "accept-encoding"),
        ];
        assert_eq!(answer.pinned(), expected(&extra), "{path}");
        assert_eq!(answer.body, b"brotli bytes of index.html", "{path}");
        let modified = answer.header("last-modified").expect("Last-Modified").to_owned();
        let again = get(&relay, path, &[("Accept-Encoding", "br"), ("If-Modified-Since", &modified)]).await;
        assert_eq!((again.status, again.header("cache-control")), (304, Some("no-cache")), "{path}");
    }
    // Without brotli (there is no index.html.gz): the file itself.
    let plain = get(&relay, "/", &[("Accept-Encoding", "gzip")]).await;
    assert_eq!((plain.status, plain.header("content-encoding")), (200, None));
    assert_eq!(plain.body, INDEX.as_bytes());
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_precompressed_sibling_leading_out_is_not_served() {
    let outside = temp_dir("assets-outside");
    std::fs::write(outside.join("secret"), "outside").expect("write");
    let dir = temp_dir("assets-symlink");
    std::fs::write(dir.join("app.js"), "inside").expect("write");
    std::os::unix::fs::symlink(outside.join("secret"), dir.join("app.js.br")).expect("symlink");
    let relay = start_relay(Config { static_dir: Some(dir.clone()), ..loopback_config() }).await;
    let answer = get(&relay, "/app.js", &[("Accept-Encoding", "br")]).await;
    assert_eq!((answer.status, answer.body.as_slice()), (404, &b"not found\n"[..]));
    let _ = std::fs::remove_dir_all(dir);
    let _ = std::fs::remove_dir_all(outside);
}
