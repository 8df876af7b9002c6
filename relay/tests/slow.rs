//! Slow and stalled clients lose their slots: HTTP connections that pipeline requests and never
//! read, HTTP connections past their deadline, one client holding many connections, and a
//! WebSocket client that floods pings and never reads. Bounded in count and time, loopback only.

mod support;

use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use mysql_tls_doctor_relay::Config;
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::time::{sleep, timeout};
use tokio_tungstenite::tungstenite::Message;

const BIG: usize = 4 << 20;

/// A static directory with a 4 MiB file, far more than loopback's socket buffers take at once
/// against a 4 KiB receive window.
fn big_static_dir(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    std::fs::write(dir.join("index.html"), "<!doctype html>").expect("write");
    std::fs::write(dir.join("big.wasm"), vec![0u8; BIG]).expect("write");
    std::fs::write(dir.join("small.js"), "ok").expect("write");
    dir
}

#[tokio::test]
async fn pipelined_requests_never_read_lose_their_connection() {
    let dir = big_static_dir("pipelined");
    let config = Config {
        static_dir: Some(dir.clone()),
        // One connection in all: while the stalled client holds it, nobody else is served.
        limits: limits(|l| {
            l.max_connections = 1;
            l.write_timeout = Duration::from_millis(500);
            l.http_time = Duration::from_secs(30);
        }),
        ..loopback_config()
    };
    let relay = start_relay(config).await;
    let mut stalled = small_window_stream("127.0.0.1", relay.addr).await;
    let request = b"GET /big.wasm HTTP/1.1\r\nHost: x\r\n\r\n".repeat(5);
    stalled.write_all(&request).await.expect("write requests");
    let started = Instant::now();
    // The next client is served once the stalled one is dropped, long before --http-time.
    let answer = http_get(&relay, "/small.js").await;
    let took = started.elapsed();
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(answer.ends_with("\r\n\r\nok"), "{answer}");
    assert!(took < Duration::from_secs(4), "a new client waited {took:?}");
    // The stalled connection was closed: reading it now ends (EOF or reset) before all five answers.
    let mut got = 0usize;
    let mut buf = vec![0u8; 64 * 1024];
    timeout(LIMIT, async {
        while let Ok(n @ 1..) = stalled.read(&mut buf).await {
            got += n;
        }
    })
    .await
    .expect("stalled connection ended");
    assert!(got < 5 * BIG, "read {got} bytes: all answers were delivered");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_reader_loses_its_connection_at_the_http_deadline() {
    let dir = big_static_dir("deadline");
    let http_time = Duration::from_millis(1500);
    let config = Config {
        static_dir: Some(dir.clone()),
        limits: limits(|l| {
            l.max_connections = 1;
            l.write_timeout = Duration::from_secs(5);
            l.http_time = http_time;
        }),
        ..loopback_config()
    };
    let relay = start_relay(config).await;
    let mut slow = small_window_stream("127.0.0.1", relay.addr).await;
    slow.write_all(b"GET /big.wasm HTTP/1.1\r\nHost: x\r\n\r\n").await.expect("write request");
    let started = Instant::now();
    // 2 KiB every 20 ms: always progressing (no stall), never done within the deadline. What the
    // kernel had already buffered still arrives after the relay closed, so stop after 6 s.
    let reader = tokio::spawn(async move {
        let mut buf = [0u8; 2048];
        while started.elapsed() < Duration::from_secs(6) {
            if let Ok(0) | Err(_) = slow.read(&mut buf).await {
                break;
            }
            sleep(Duration::from_millis(20)).await;
        }
    });
    // The only connection slot comes free at the deadline, not before.
    let answer = http_get(&relay, "/small.js").await;
    let took = started.elapsed();
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(took >= http_time - Duration::from_millis(100) && took < Duration::from_secs(4), "served after {took:?}");
    timeout(LIMIT, reader).await.expect("reader ends").expect("reader task");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn one_client_cannot_hold_every_connection() {
    let config = Config {
        limits: limits(|l| {
            l.max_connections = 8;
            l.connections_per_client = 2;
        }),
        ..loopback_config()
    };
    let relay = start_relay(config).await;
    let _a = small_window_stream("127.0.0.1", relay.addr).await;
    let _b = small_window_stream("127.0.0.1", relay.addr).await;
    // A third from the same address is closed at once, without an answer.
    let mut third = small_window_stream("127.0.0.1", relay.addr).await;
    let _ = third.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").await;
    let mut buf = [0u8; 64];
    let read = timeout(Duration::from_secs(2), third.read(&mut buf)).await.expect("closed in time");
    assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
    // Another address is served.
    let mut other = small_window_stream("127.0.0.2", relay.addr).await;
    other.write_all(b"GET /relay HTTP/1.1\r\nHost: x\r\n\r\n").await.expect("write");
    assert_eq!(read_head(&mut other).await, 403);
}

/// A masked client ping frame with a 125-byte payload (RFC 6455 §5.2, §5.5.2).
fn ping_frame() -> Vec<u8> {
    let mask = [1u8, 2, 3, 4];
    let mut frame = vec![0x89, 0x80 | 125];
    frame.extend_from_slice(&mask);
    frame.extend((0..125).map(|i| b'p' ^ mask[i % 4]));
    frame
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ping_flood_with_a_stopped_reader_frees_its_slot_after_session_time() {
    let echo = tcp_server(Behavior::Echo).await;
    let session_time = Duration::from_secs(2);
    let config = Config {
        limits: limits(|l| {
            l.session_time = session_time;
            l.max_sessions = 1;
            // So the session time, not the byte cap or a stalled write, is what ends it.
            l.bytes_each_way = 1 << 30;
            l.write_timeout = Duration::from_secs(60);
        }),
        ..loopback_config()
    };
    let relay = start_relay(config).await;
    let mut flooder = small_window_stream("127.0.0.1", relay.addr).await;
    flooder.write_all(upgrade_request(relay.addr, &echo.to_string()).as_bytes()).await.expect("write upgrade");
    assert_eq!(read_head(&mut flooder).await, 101);
    let started = Instant::now();
    // Pings until the relay stops taking them (its pongs have nowhere to go) or 8 s pass; never read.
    let flood = tokio::spawn(async move {
        let frame = ping_frame().repeat(64);
        let mut sent = 0usize;
        while started.elapsed() < Duration::from_secs(8) && sent < 200_000 {
            match timeout(Duration::from_millis(200), flooder.write_all(&frame)).await {
                Ok(Ok(())) => sent += 64,
                Ok(Err(_)) => break,
                Err(_) => sleep(Duration::from_millis(50)).await,
            }
        }
        flooder
    });
    sleep(Duration::from_millis(300)).await;
    // While the flood holds the only slot, others are told so.
    let mut refused = connect(&relay, &echo.to_string()).await;
    assert_eq!(close_of(&mut refused).await, (4005, "concurrent session cap reached (1)".into()));
    drop(refused);
    // Shortly after the session time the slot is free again. (A refusal still being closed holds
    // one of --max-sessions refusal slots, so a quick retry may get 503.)
    let origin = relay.origin();
    let freed = loop {
        if let Ok(mut ws) = try_connect(&relay, &echo.to_string(), Some(&origin)).await {
            ws.send(Message::binary(b"d".to_vec())).await.expect("send");
            match timeout(Duration::from_millis(500), ws.next()).await {
                Ok(Some(Ok(Message::Binary(bytes)))) if bytes.as_ref() == b"d" => break started.elapsed(),
                _ => {}
            }
        }
        assert!(started.elapsed() < session_time + Duration::from_secs(5), "slot still held");
        sleep(Duration::from_millis(100)).await;
    };
    assert!(freed >= session_time && freed < session_time + Duration::from_secs(4), "freed after {freed:?}");
    drop(timeout(LIMIT, flood).await.expect("flood ends"));
}
