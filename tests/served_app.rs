//! The built app (`dist/`, from `scripts/build-web.sh`) as the relay serves it, over real HTTP on
//! loopback: index.html and the page's wasm come precompressed (brotli for `br, gzip`, gzip for
//! `gzip`) with the right headers, their bodies are the build's `.br`/`.gz` files, and those
//! decompress to the files themselves.
//!
//! Skipped (with the reason) when dist/ is not built or has no precompressed files, unless `CI`
//! is set; then that is a failure. Every read is bounded in time.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(10);

fn dist() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist")
}

/// The page's wasm (Trunk's hashed name).
fn page_wasm(dist: &Path) -> Option<String> {
    std::fs::read_dir(dist)
        .ok()?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| n.starts_with("mysql-tls-doctor-web-") && n.ends_with("_bg.wasm"))
}

fn skip_reason(dist: &Path) -> Option<String> {
    let wasm = match page_wasm(dist) {
        Some(w) => w,
        None => return Some("dist/ is not built (run scripts/build-web.sh)".into()),
    };
    if !dist.join(format!("{wasm}.br")).is_file() || !dist.join("index.html.gz").is_file() {
        return Some("dist/ has no .br/.gz files (rebuild with scripts/build-web.sh)".into());
    }
    None
}

/// The real relay serving `dist`, on its own runtime; stopped on drop.
struct Relay {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Relay {
    fn start(dist: PathBuf) -> Relay {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime");
        let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind on loopback");
        let addr = listener.local_addr().expect("address");
        let config = mysql_tls_doctor_relay::Config { static_dir: Some(dist), ..Default::default() };
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            rt.block_on(mysql_tls_doctor_relay::run(listener, config, async {
                let _ = stopped.await;
            }))
            .expect("the relay runs");
        });
        Relay { addr, stop: Some(stop), thread: Some(thread) }
    }

    /// `GET path` with `Accept-Encoding: accept`: the status, headers (lowercased names) and body.
    fn get(&self, path: &str, accept: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
        let mut s = TcpStream::connect(self.addr).expect("connect");
        s.set_read_timeout(Some(LIMIT)).expect("timeout");
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAccept-Encoding: {accept}\r\nConnection: close\r\n\r\n",
            self.addr
        );
        s.write_all(request.as_bytes()).expect("write");
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read the answer in time");
        let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a head");
        let head = String::from_utf8_lossy(&raw[..end]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|c| c.parse().ok()).unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        (status, headers, raw[end + 4..].to_vec())
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// `tool -dc file` (brotli, gzip): the decompressed bytes.
fn decompressed(tool: &str, file: &Path) -> Vec<u8> {
    let out = Command::new(tool).arg("-dc").arg(file).output().expect("the decompressor runs");
    assert!(out.status.success(), "{tool} -dc {}", file.display());
    out.stdout
}

#[test]
fn the_built_app_is_served_precompressed() {
    let dist = dist();
    if let Some(reason) = skip_reason(&dist) {
        assert!(std::env::var_os("CI").is_none(), "{reason}");
        eprintln!("skipped: {reason}");
        return;
    }
    let wasm = page_wasm(&dist).expect("the page's wasm");
    let relay = Relay::start(dist.clone());
    let read = |name: &str| std::fs::read(dist.join(name)).expect("a dist file");

    let cases = [
        ("/", "index.html", "br, gzip", Some("br"), "text/html; charset=utf-8", "no-cache"),
        ("/", "index.html", "gzip", Some("gzip"), "text/html; charset=utf-8", "no-cache"),
        (
            &*format!("/{wasm}"),
            &*wasm,
            "gzip, deflate, br",
            Some("br"),
            "application/wasm",
            "public, max-age=31536000, immutable",
        ),
        (&*format!("/{wasm}"), &*wasm, "gzip", Some("gzip"), "application/wasm", "public, max-age=31536000, immutable"),
        (&*format!("/{wasm}"), &*wasm, "identity", None, "application/wasm", "public, max-age=31536000, immutable"),
        (
            "/mysql-tls-doctor-capture_loader.js",
            "mysql-tls-doctor-capture_loader.js",
            "br",
            Some("br"),
            "text/javascript",
            "no-cache",
        ),
    ];
    for (path, file, accept, encoding, content_type, cache) in cases {
        let (status, headers, body) = relay.get(path, accept);
        let got = (
            status,
            header(&headers, "content-encoding"),
            header(&headers, "content-type"),
            header(&headers, "cache-control"),
            header(&headers, "vary"),
        );
        assert_eq!(got, (200, encoding, Some(content_type), Some(cache), Some("accept-encoding")), "{path} {accept}");
        let served = match encoding {
            Some("br") => format!("{file}.br"),
            Some(_) => format!("{file}.gz"),
            None => file.to_owned(),
        };
        assert!(body == read(&served), "{path} {accept}: the body is not {served}");
    }
    // The build's precompressed files are the files themselves, compressed.
    for file in ["index.html", wasm.as_str(), "mysql-tls-doctor-capture_loader.js"] {
        assert!(decompressed("brotli", &dist.join(format!("{file}.br"))) == read(file), "{file}.br");
        assert!(decompressed("gzip", &dist.join(format!("{file}.gz"))) == read(file), "{file}.gz");
    }
}
