//! Hostile or broken clients: slow and malformed upgrades get dropped or an HTTP error (never a
//! panic), and thousands of sessions leave no descriptor behind. Bounded, loopback only.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;
use std::time::{Duration, Instant};

use mysql_tls_doctor_relay::Config;
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

static PANICS: AtomicUsize = AtomicUsize::new(0);

/// Counts panics anywhere in this test binary (relay tasks included), then reports as usual.
fn count_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            previous(info);
        }));
    });
}

/// Reads until EOF or error; returns how long the relay took to drop us.
async fn dropped_after(mut stream: TcpStream) -> Duration {
    let started = Instant::now();
    let mut buf = [0u8; 256];
    tokio::time::timeout(LIMIT, async {
        while let Ok(n) = stream.read(&mut buf).await {
            if n == 0 {
                break;
            }
        }
    })
    .await
    .expect("relay dropped the connection in time");
    started.elapsed()
}

#[tokio::test]
async fn slow_upgrade_is_dropped() {
    count_panics();
    let config = Config { limits: limits(|l| l.upgrade_timeout = Duration::from_millis(300)), ..loopback_config() };
    let relay = start_relay(config).await;

    // Half a request head, then silence.
    let mut slow = TcpStream::connect(relay.addr).await.expect("connect");
    slow.write_all(b"GET /relay?target=127.0.0.1:3306 HTTP/1.1\r\nHost: x\r\n").await.expect("write");
    let took = dropped_after(slow).await;
    assert!(took < Duration::from_secs(3), "{took:?}");

    // Nothing at all.
    let idle = TcpStream::connect(relay.addr).await.expect("connect");
    let took = dropped_after(idle).await;
    assert!(took < Duration::from_secs(3), "{took:?}");

    // A finished request on a keep-alive connection, then silence: the next head is due in time.
    let mut kept = TcpStream::connect(relay.addr).await.expect("connect");
    kept.write_all(b"GET /relay HTTP/1.1\r\nHost: x\r\nOrigin: http://evil.example\r\n\r\n").await.expect("write");
    let took = dropped_after(kept).await;
    assert!(took < Duration::from_secs(3), "{took:?}");

    // One byte every 100 ms: trickling does not extend the deadline.
    let mut trickle = TcpStream::connect(relay.addr).await.expect("connect");
    let started = Instant::now();
    let request = b"GET /relay?target=127.0.0.1:3306 HTTP/1.1\r\nHost: x\r\nOrigin: y\r\n";
    for byte in request {
        if trickle.write_all(&[*byte]).await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        if started.elapsed() > Duration::from_secs(5) {
            break;
        }
    }
    let total = started.elapsed();
    assert!(total < Duration::from_secs(3), "trickling kept the connection for {total:?}");
    assert_eq!(PANICS.load(Ordering::SeqCst), 0);
}

const KEY: &str = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

#[tokio::test]
async fn malformed_upgrades_get_an_http_error() {
    count_panics();
    let echo = tcp_server(Behavior::Echo).await;
    let relay = start_relay(loopback_config()).await;
    let origin = format!("Origin: {}\r\n", relay.origin());
    let path = format!("/relay?target={echo}");
    let head = |first: &str, headers: &[&str]| format!("{first}\r\nHost: x\r\n{origin}{}\r\n", headers.concat());
    let get = format!("GET {path} HTTP/1.1");
    let cases: Vec<(&str, String, u16)> = vec![
        ("no Upgrade header", head(&get, &["Connection: Upgrade\r\n", KEY, "Sec-WebSocket-Version: 13\r\n"]), 400),
        ("no Connection header", head(&get, &["Upgrade: websocket\r\n", KEY, "Sec-WebSocket-Version: 13\r\n"]), 400),
        (
            "no key",
            head(&get, &["Connection: Upgrade\r\n", "Upgrade: websocket\r\n", "Sec-WebSocket-Version: 13\r\n"]),
            400,
        ),
        (
            "bad key",
            head(
                &get,
                &[
                    "Connection: Upgrade\r\n",
                    "Upgrade: websocket\r\n",
                    "Sec-WebSocket-Key: abc\r\n",
                    "Sec-WebSocket-Version: 13\r\n",
                ],
            ),
            400,
        ),
        (
            "wrong version",
            head(&get, &["Connection: Upgrade\r\n", "Upgrade: websocket\r\n", KEY, "Sec-WebSocket-Version: 8\r\n"]),
            400,
        ),
        (
            "HTTP/1.0",
            head(
                &format!("GET {path} HTTP/1.0"),
                &["Connection: Upgrade\r\n", "Upgrade: websocket\r\n", KEY, "Sec-WebSocket-Version: 13\r\n"],
            ),
            400,
        ),
        (
            "POST",
            head(
                &format!("POST {path} HTTP/1.1"),
                &["Connection: Upgrade\r\n", "Upgrade: websocket\r\n", KEY, "Sec-WebSocket-Version: 13\r\n"],
            ),
            405,
        ),
        ("plain GET", head(&get, &[]), 426),
        ("bad query", head("GET /relay?target=%zz%&&=&connected HTTP/1.1", &[]), 426),
        ("not HTTP", "\x00\x01\x02 hello\r\n\r\n".to_owned(), 400),
        ("huge head", head(&get, &[&format!("X-Junk: {}\r\n", "a".repeat(20_000))]), 431),
        ("bad header line", "GET / HTTP/1.1\r\nno colon here\r\n\r\n".to_owned(), 400),
    ];
    for (what, request, want) in cases {
        let got = raw_status(&relay, request.as_bytes()).await;
        assert_eq!(got, want, "{what}");
    }
    // The relay still works, and nothing panicked on the way.
    let mut ws = connect(&relay, &echo.to_string()).await;
    assert_eq!(round_trip(&mut ws, b"ok").await, b"ok");
    assert_eq!(PANICS.load(Ordering::SeqCst), 0);
}

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").map(|dir| dir.count()).unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_descriptor_leak_after_2000_sessions() {
    count_panics();
    let echo = tcp_server(Behavior::Echo).await;
    // Dropped sockets free their slot only when the relay notices; don't let the caps race it.
    let config = Config { limits: limits(|l| l.sessions_per_client = 64), ..loopback_config() };
    let relay = start_relay(config).await;
    let target = echo.to_string();
    // Warm up (lazily opened descriptors such as the runtime's), then measure.
    let mut ws = connect(&relay, &target).await;
    assert_eq!(round_trip(&mut ws, b"warm").await, b"warm");
    ws.close(None).await.expect("close");
    let _ = close_of(&mut ws).await;
    drop(ws);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let before = open_fds();

    let started = Instant::now();
    // 8 at a time, 250 rounds; some end by the client, some by
    // just dropping the socket (a vanished browser tab).
    for round in 0..250 {
        let mut batch = Vec::new();
        for i in 0..8 {
            let (relay_ref, target) = (&relay, target.clone());
            batch.push(async move {
                let mut ws = connect(relay_ref, &target).await;
                assert_eq!(round_trip(&mut ws, b"x").await, b"x");
                if (round + i) % 2 == 0 {
                    ws.close(None).await.expect("close");
                    let _ = close_of(&mut ws).await;
                }
            });
        }
        futures_util::future::join_all(batch).await;
        assert!(started.elapsed() < Duration::from_secs(120), "2000 sessions took too long");
    }
    // Sessions end asynchronously on the relay side; give them a bounded moment.
    let mut after = open_fds();
    for _ in 0..100 {
        if after <= before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        after = open_fds();
    }
    assert!(after <= before, "descriptors: {before} before, {after} after 2000 sessions");
    assert_eq!(PANICS.load(Ordering::SeqCst), 0);
}
