//! Each cap ends or refuses a session with 4005 and says which cap.

mod support;

use std::time::{Duration, Instant};

use futures_util::SinkExt;
use mysql_tls_doctor_relay::Config;
use support::*;
use tokio_tungstenite::tungstenite::Message;

fn capped(f: impl FnOnce(&mut mysql_tls_doctor_relay::Limits)) -> Config {
    Config { limits: limits(f), ..loopback_config() }
}

#[tokio::test]
async fn session_time_cap() {
    let echo = tcp_server(Behavior::Echo).await;
    let relay = start_relay(capped(|l| l.session_time = Duration::from_millis(400))).await;
    let started = Instant::now();
    let mut ws = connect(&relay, &echo.to_string()).await;
    assert_eq!(round_trip(&mut ws, b"still here").await, b"still here");
    let (code, reason) = close_of(&mut ws).await;
    assert_eq!((code, reason.as_str()), (4005, "session time cap reached (0.4 s)"));
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(400) && took < Duration::from_secs(3), "{took:?}");
}

#[tokio::test]
async fn byte_cap_client_to_server() {
    let sink = tcp_server(Behavior::Sink).await;
    let relay = start_relay(capped(|l| l.bytes_each_way = 100_000)).await;
    let mut ws = connect(&relay, &sink.to_string()).await;
    ws.send(Message::binary(vec![1u8; 60_000])).await.expect("send");
    ws.send(Message::binary(vec![1u8; 60_000])).await.expect("send");
    assert_eq!(close_of(&mut ws).await, (4005, "byte cap reached: client to server (100000 bytes)".into()));
}

#[tokio::test]
async fn byte_cap_server_to_client() {
    let talker = tcp_server(Behavior::Greet(300_000)).await;
    let relay = start_relay(capped(|l| l.bytes_each_way = 100_000)).await;
    let mut ws = connect(&relay, &talker.to_string()).await;
    // close_of skips (and so counts nothing of) the binary messages that came before the cap.
    assert_eq!(close_of(&mut ws).await, (4005, "byte cap reached: server to client (100000 bytes)".into()));
}

#[tokio::test]
async fn bytes_up_to_the_cap_pass() {
    let echo = tcp_server(Behavior::Echo).await;
    let relay = start_relay(capped(|l| l.bytes_each_way = 1000)).await;
    let mut ws = connect(&relay, &echo.to_string()).await;
    assert_eq!(round_trip(&mut ws, &[7u8; 1000]).await, vec![7u8; 1000]);
    ws.send(Message::binary(vec![1u8])).await.expect("send");
    assert_eq!(close_of(&mut ws).await.0, 4005);
}

#[tokio::test]
async fn pings_count_against_the_byte_cap() {
    let echo = tcp_server(Behavior::Echo).await;
    let relay = start_relay(capped(|l| l.bytes_each_way = 1000)).await;
    let mut ws = connect(&relay, &echo.to_string()).await;
    // Each costs 100 + 16 bytes: the ninth crosses 1000.
    for _ in 0..9 {
        ws.send(Message::Ping(vec![0u8; 100].into())).await.expect("send ping");
    }
    assert_eq!(close_of(&mut ws).await, (4005, "byte cap reached: client to server (1000 bytes)".into()));
}

#[tokio::test]
async fn concurrent_session_cap() {
    let echo = tcp_server(Behavior::Echo).await;
    let relay = start_relay(capped(|l| {
        l.max_sessions = 2;
        l.sessions_per_client = 10;
    }))
    .await;
    let mut a = connect(&relay, &echo.to_string()).await;
    let mut b = connect(&relay, &echo.to_string()).await;
    assert_eq!(round_trip(&mut a, b"a").await, b"a");
    assert_eq!(round_trip(&mut b, b"b").await, b"b");
    let mut c = connect(&relay, &echo.to_string()).await;
    assert_eq!(close_of(&mut c).await, (4005, "concurrent session cap reached (2)".into()));
    // A slot frees when a session ends.
    a.close(None).await.expect("close");
    let _ = close_of(&mut a).await;
    let mut d = None;
    for _ in 0..50 {
        let mut ws = connect(&relay, &echo.to_string()).await;
        ws.send(Message::binary(b"d".to_vec())).await.expect("send");
        match tokio::time::timeout(Duration::from_millis(500), futures_util::StreamExt::next(&mut ws)).await {
            Ok(Some(Ok(Message::Binary(bytes)))) if bytes.as_ref() == b"d" => {
                d = Some(ws);
                break;
            }
            _ => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
    assert!(d.is_some(), "a new session after one ended");
}

#[tokio::test]
async fn sessions_per_client_cap() {
    let echo = tcp_server(Behavior::Echo).await;
    let relay = start_relay(capped(|l| {
        l.max_sessions = 10;
        l.sessions_per_client = 2;
    }))
    .await;
    let target = echo.to_string();
    let mut a = connect_from(&relay, "127.0.0.1", &target).await;
    let mut b = connect_from(&relay, "127.0.0.1", &target).await;
    assert_eq!(round_trip(&mut a, b"a").await, b"a");
    assert_eq!(round_trip(&mut b, b"b").await, b"b");
    let mut c = connect_from(&relay, "127.0.0.1", &target).await;
    assert_eq!(close_of(&mut c).await, (4005, "sessions per client cap reached (2)".into()));
    // Another client address is counted apart.
    let mut other = connect_from(&relay, "127.0.0.2", &target).await;
    assert_eq!(round_trip(&mut other, b"o").await, b"o");
}
