//! The relay end to end on loopback: bytes round-trip, who may connect, which targets are
//! refused and why (close code + reason text), and how sessions end.

mod support;

use futures_util::{SinkExt, StreamExt};
use mysql_tls_doctor_relay::{Config, Policy};
use support::*;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

#[tokio::test]
async fn bytes_round_trip_through_the_relay() {
    let echo = tcp_server(Behavior::Echo).await;
    let relay = start_relay(loopback_config()).await;
    let mut ws = connect(&relay, &echo.to_string()).await;
    let greeting: Vec<u8> = (0..=255u8).cycle().take(60_000).collect();
    assert_eq!(round_trip(&mut ws, &greeting).await, greeting);
    assert_eq!(round_trip(&mut ws, b"\x00").await, b"\x00");
    ws.close(None).await.expect("close");
}

#[tokio::test]
async fn too_big_a_message_is_1009() {
    let echo = tcp_server(Behavior::Echo).await;
    let relay = start_relay(loopback_config()).await;
    let mut ws = connect(&relay, &echo.to_string()).await;
    ws.send(Message::binary(vec![0u8; 64 * 1024 + 1])).await.expect("send");
    assert_eq!(close_of(&mut ws).await, (1009, "message too big (max 65536 bytes)".into()));
}

#[tokio::test]
async fn announces_the_dialled_address_when_asked() {
    let echo = tcp_server(Behavior::Echo).await;
    let relay = start_relay(loopback_config()).await;
    let mut ws = connect(&relay, &format!("{echo}&connected=1")).await;
    let first = ws.next().await.expect("first message").expect("ok");
    assert_eq!(first, Message::text(format!("{{\"connected\":\"{echo}\"}}")));
    assert_eq!(round_trip(&mut ws, b"ping").await, b"ping");
}

#[tokio::test]
async fn upstream_close_is_4007_after_its_bytes() {
    let server = tcp_server(Behavior::Greet(10)).await;
    let relay = start_relay(loopback_config()).await;
    let mut ws = connect(&relay, &server.to_string()).await;
    let first = ws.next().await.expect("message").expect("ok");
    assert_eq!(first, Message::binary(vec![b'g'; 10]));
    let closer = tcp_server(Behavior::CloseAtOnce).await;
    let mut ws = connect(&relay, &closer.to_string()).await;
    assert_eq!(close_of(&mut ws).await, (4007, "upstream closed".into()));
}

#[tokio::test]
async fn text_messages_are_refused() {
    let echo = tcp_server(Behavior::Echo).await;
    let relay = start_relay(loopback_config()).await;
    let mut ws = connect(&relay, &echo.to_string()).await;
    ws.send(Message::text("SELECT 1")).await.expect("send");
    assert_eq!(close_of(&mut ws).await.0, 1003);
}

#[tokio::test]
async fn foreign_origin_is_refused_with_403() {
    let echo = tcp_server(Behavior::Echo).await;
    let relay = start_relay(loopback_config()).await;
    let target = echo.to_string();
    assert_eq!(try_connect(&relay, &target, Some("http://evil.example")).await.err(), Some(403));
    assert_eq!(try_connect(&relay, &target, Some("null")).await.err(), Some(403));
    // Same host, other port: another origin.
    let other_port = format!("http://127.0.0.1:{}", relay.addr.port() + 1);
    assert_eq!(try_connect(&relay, &target, Some(&other_port)).await.err(), Some(403));
    assert_eq!(try_connect(&relay, &target, None).await.err(), Some(403));
    let localhost = format!("http://localhost:{}", relay.addr.port());
    assert!(try_connect(&relay, &target, Some(&localhost)).await.is_ok());
}

#[tokio::test]
async fn missing_origin_allowed_only_by_flag() {
    let echo = tcp_server(Behavior::Echo).await;
    let relay = start_relay(Config { allow_no_origin: true, ..loopback_config() }).await;
    let mut ws = try_connect(&relay, &echo.to_string(), None).await.expect("cli-style client");
    assert_eq!(round_trip(&mut ws, b"x").await, b"x");
    // A browser always sends Origin, and a foreign one is still refused.
    assert_eq!(try_connect(&relay, &echo.to_string(), Some("http://evil.example")).await.err(), Some(403));
}

#[tokio::test]
async fn token_by_query_or_bearer_header() {
    let echo = tcp_server(Behavior::Echo).await;
    let token = "correct-horse-battery-staple";
    let relay = start_relay(Config { token: Some(token.into()), ..loopback_config() }).await;
    let origin = relay.origin();
    assert_eq!(try_connect(&relay, &echo.to_string(), Some(&origin)).await.err(), Some(401));
    let wrong = format!("{echo}&token=correct-horse-battery-stapler");
    assert_eq!(try_connect(&relay, &wrong, Some(&origin)).await.err(), Some(401));
    let right = format!("{echo}&token={token}");
    assert!(try_connect(&relay, &right, Some(&origin)).await.is_ok());

    let mut req = relay.url(&echo.to_string()).into_client_request().expect("request");
    req.headers_mut().insert("Origin", HeaderValue::from_str(&origin).expect("origin"));
    req.headers_mut().insert("Authorization", HeaderValue::from_str(&format!("Bearer {token}")).expect("auth"));
    assert!(tokio_tungstenite::connect_async(req).await.is_ok());
}

/// Opens a session to `target` and returns its close code and reason.
async fn refusal(relay: &Relay, target: &str) -> (u16, String) {
    let mut ws = connect(relay, target).await;
    close_of(&mut ws).await
}

const NOT_ALLOWED: &str = "policy refused: target not allowed by this relay's policy";
const NAME_NOT_ALLOWED: &str =
    "policy refused: target not allowed by this relay's policy (or its name does not resolve)";

#[tokio::test]
async fn refusals_tell_strangers_no_address_and_no_rule() {
    let relay =
        start_relay(Config { policy: Policy::from_rules(vec![rule("127.0.0.1/32:3306")]), ..Config::default() }).await;
    let cases = [
        ("127.0.0.1:25", NOT_ALLOWED),
        ("127.0.0.2:3306", NOT_ALLOWED),
        ("10.0.0.1:3306", NOT_ALLOWED),
        ("169.254.169.254:3306", NOT_ALLOWED),
        // A name that resolves to a refused address reads like one that does not resolve.
        ("localhost:25", NAME_NOT_ALLOWED),
        ("nonsense", "policy refused: target is not host:port (port 1-65535)"),
        // `+` would be a space in a query string.
        ("127.0.0.1:%2B3306", "policy refused: target is not host:port (port 1-65535)"),
        ("127.0.0.1:03306", "policy refused: target is not host:port (port 1-65535)"),
    ];
    for (target, why) in cases {
        assert_eq!(refusal(&relay, target).await, (4001, why.to_owned()), "{target}");
    }
    let missing = format!("ws://{}/relay", relay.addr);
    let mut req = missing.into_client_request().expect("request");
    req.headers_mut().insert("Origin", HeaderValue::from_str(&relay.origin()).expect("origin"));
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.expect("upgrade");
    assert_eq!(close_of(&mut ws).await, (4001, "policy refused: missing target (use ?target=host:port)".into()));

    let rds_only = Config { policy: Policy::from_rules(vec![rule("*.rds.amazonaws.com:3306")]), ..Config::default() };
    let relay = start_relay(rds_only).await;
    assert_eq!(refusal(&relay, "db.example.com:3306").await, (4001, NAME_NOT_ALLOWED.to_owned()));
}

#[tokio::test]
async fn verbose_reasons_name_the_value_and_why() {
    let config = Config {
        policy: Policy::from_rules(vec![rule("127.0.0.1/32:3306")]),
        verbose_reasons: true,
        ..Config::default()
    };
    let relay = start_relay(config).await;
    let cases = [
        ("127.0.0.1:25", "policy refused: port 25 not allowed"),
        ("127.0.0.2:3306", "policy refused: address 127.0.0.2 is loopback"),
        ("10.0.0.1:3306", "policy refused: address 10.0.0.1 is private"),
        ("nonsense", "policy refused: target \"nonsense\" is not host:port"),
        ("127.0.0.1:%2B3306", "policy refused: target \"127.0.0.1:+3306\" is not host:port"),
        ("127.0.0.1:03306", "policy refused: target \"127.0.0.1:03306\" is not host:port"),
    ];
    for (target, why) in cases {
        assert_eq!(refusal(&relay, target).await, (4001, why.to_owned()), "{target}");
    }
    let rds_only = Config {
        policy: Policy::from_rules(vec![rule("*.rds.amazonaws.com:3306")]),
        verbose_reasons: true,
        ..Config::default()
    };
    let relay = start_relay(rds_only).await;
    assert_eq!(
        refusal(&relay, "db.example.com:3306").await,
        (4001, "policy refused: host db.example.com not allowed".into())
    );
}

#[tokio::test]
async fn link_local_and_metadata_refused_even_with_a_permissive_rule() {
    let everything = vec![rule("0.0.0.0/0:1-65535"), rule("::/0:1-65535"), rule("public:1-65535")];
    let config = Config { policy: Policy::from_rules(everything), verbose_reasons: true, ..Config::default() };
    let relay = start_relay(config).await;
    let cases = [
        ("169.254.169.254:80", "address 169.254.169.254 is cloud metadata"),
        ("169.254.10.1:3306", "address 169.254.10.1 is link-local"),
        ("100.100.100.200:80", "address 100.100.100.200 is cloud metadata"),
        ("[fd00:ec2::254]:80", "address fd00:ec2::254 is cloud metadata"),
        ("[fe80::1]:3306", "address fe80::1 is link-local"),
        ("[::ffff:169.254.169.254]:80", "address ::ffff:169.254.169.254 is cloud metadata"),
        // IPv4-translated (RFC 2765) is judged, and dialled, as the address it embeds.
        ("[::ffff:0:a9fe:a9fe]:80", "address ::ffff:0:a9fe:a9fe is cloud metadata"),
        ("[64:ff9b::a9fe:a9fe]:80", "address 64:ff9b::a9fe:a9fe embeds a refused ipv4 address"),
        ("0.0.0.0:3306", "address 0.0.0.0 is in 0.0.0.0/8 (this network)"),
        ("224.0.0.1:3306", "address 224.0.0.1 is multicast"),
        ("255.255.255.255:3306", "address 255.255.255.255 is broadcast"),
        ("metadata.google.internal:80", "host metadata.google.internal is cloud metadata"),
    ];
    for (target, why) in cases {
        assert_eq!(refusal(&relay, target).await, (4001, format!("policy refused: {why}")), "{target}");
    }
}

#[tokio::test]
async fn the_relay_is_never_its_own_target() {
    let echo = tcp_server(Behavior::Echo).await;
    let relay = start_relay(Config {
        policy: Policy::from_rules(vec![rule("127.0.0.0/8:1-65535"), rule("::1/128:1-65535")]),
        verbose_reasons: true,
        ..Config::default()
    })
    .await;
    let own = relay.addr;
    let port = own.port();
    let cases = [
        (own.to_string(), format!("policy refused: address {own} is this relay itself")),
        (format!("[::ffff:127.0.0.1]:{port}"), format!("policy refused: address {own} is this relay itself")),
        (format!("[::ffff:0:7f00:1]:{port}"), format!("policy refused: address {own} is this relay itself")),
    ];
    for (target, why) in cases {
        assert_eq!(refusal(&relay, &target).await, (4001, why), "{target}");
    }
    // By name: localhost resolves to 127.0.0.1 (and maybe ::1, where nothing listens).
    let (code, reason) = refusal(&relay, &format!("localhost:{port}")).await;
    assert_eq!((code, reason.as_str()), (4001, format!("policy refused: address {own} is this relay itself").as_str()));
    // Other loopback ports stay reachable.
    let mut ws = connect(&relay, &echo.to_string()).await;
    assert_eq!(round_trip(&mut ws, b"ok").await, b"ok");
}

#[tokio::test]
async fn a_name_resolving_to_a_refused_address_is_refused() {
    // The default policy (public:3306): localhost passes the name check, then its address fails.
    let relay = start_relay(Config::default()).await;
    assert_eq!(refusal(&relay, "localhost:3306").await, (4001, NAME_NOT_ALLOWED.to_owned()));
    let verbose = start_relay(Config { verbose_reasons: true, ..Config::default() }).await;
    let (code, reason) = refusal(&verbose, "localhost:3306").await;
    // localhost may resolve to ::1 first or 127.0.0.1 first; both are loopback.
    let want = ["policy refused: address 127.0.0.1 is loopback", "policy refused: address ::1 is loopback"];
    assert_eq!(code, 4001);
    assert!(want.contains(&reason.as_str()), "{reason}");
}

#[tokio::test]
async fn a_name_is_dialled_at_its_checked_address() {
    let echo = tcp_server(Behavior::Echo).await;
    // localhost may also resolve to ::1; one refused address refuses the name, so allow both.
    // Nothing listens on ::1 at this port, so the relay moves on to the next checked address.
    let both = vec![rule("127.0.0.1/32:1-65535"), rule("::1/128:1-65535")];
    let relay = start_relay(Config { policy: Policy::from_rules(both), ..Config::default() }).await;
    let mut ws = connect(&relay, &format!("localhost:{}&connected=1", echo.port())).await;
    let first = ws.next().await.expect("message").expect("ok");
    assert_eq!(first, Message::text(format!("{{\"connected\":\"{echo}\"}}")));
    assert_eq!(round_trip(&mut ws, b"hello").await, b"hello");
}

#[tokio::test]
async fn connect_refused_is_4003() {
    let closed = {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        l.local_addr().expect("addr")
    };
    let relay = start_relay(loopback_config()).await;
    assert_eq!(refusal(&relay, &closed.to_string()).await, (4003, "connect refused: connection refused".into()));
    let verbose = start_relay(Config { verbose_reasons: true, ..loopback_config() }).await;
    assert_eq!(
        refusal(&verbose, &closed.to_string()).await,
        (4003, format!("connect refused: {closed}: connection refused"))
    );
}

#[tokio::test]
async fn connect_timeout_is_4004() {
    // A listener with a full accept queue: Linux drops further SYNs, so connects hang.
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket.bind("127.0.0.1:0".parse().expect("addr")).expect("bind");
    let listener = socket.listen(0).expect("listen");
    let addr = listener.local_addr().expect("addr");
    let mut fillers = Vec::new();
    for _ in 0..4 {
        if let Ok(Ok(s)) =
            tokio::time::timeout(std::time::Duration::from_millis(200), tokio::net::TcpStream::connect(addr)).await
        {
            fillers.push(s);
        }
    }
    let config =
        Config { limits: limits(|l| l.connect_timeout = std::time::Duration::from_millis(300)), ..loopback_config() };
    let relay = start_relay(config).await;
    assert_eq!(refusal(&relay, &addr.to_string()).await, (4004, "connect timeout: no answer within 0.3 s".into()));
    drop(listener);
}

#[tokio::test]
async fn shutdown_closes_sessions_with_1001() {
    let echo = tcp_server(Behavior::Echo).await;
    let relay = start_relay(loopback_config()).await;
    let mut ws = connect(&relay, &echo.to_string()).await;
    assert_eq!(round_trip(&mut ws, b"x").await, b"x");
    drop(relay);
    assert_eq!(close_of(&mut ws).await, (1001, "relay shutting down".into()));
}

#[tokio::test]
async fn serves_the_app_with_security_headers() {
    let dir = temp_dir("static");
    let script = "\nimport init from '/app.js';\nawait init();\n";
    std::fs::write(
        dir.join("index.html"),
        format!("<!doctype html><script type=\"module\">{script}</script><script src=\"/app.js\"></script>"),
    )
    .expect("write");
    std::fs::write(dir.join("app.js"), "export default function init() {}").expect("write");
    std::fs::write(dir.join("app_bg.wasm"), b"\0asm\x01\0\0\0").expect("write");
    let relay = start_relay(Config { static_dir: Some(dir.clone()), ..loopback_config() }).await;

    let index = http_get(&relay, "/").await.to_ascii_lowercase();
    assert!(index.starts_with("http/1.1 200"), "{index}");
    // echo -n "$script" | openssl sha256 -binary | base64
    let hash = {
        use base64::Engine as _;
        use sha2::Digest as _;
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script.as_bytes())).to_ascii_lowercase()
    };
    assert!(index.contains(&format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}'")), "{index}");
    assert!(index.contains("x-content-type-options: nosniff"), "{index}");
    assert!(index.contains("frame-ancestors 'none'"), "{index}");

    let js = http_get(&relay, "/app.js").await.to_ascii_lowercase();
    assert!(js.contains("content-type: text/javascript"), "{js}");
    assert!(js.contains("content-security-policy: default-src 'self'"), "{js}");
    assert!(js.contains("x-content-type-options: nosniff"), "{js}");
    let wasm = http_get(&relay, "/app_bg.wasm").await.to_ascii_lowercase();
    assert!(wasm.contains("content-type: application/wasm"), "{wasm}");

    for escape in ["/../Cargo.toml", "/%2e%2e/Cargo.toml", "/..%2fCargo.toml"] {
        let answer = http_get(&relay, escape).await;
        assert!(answer.starts_with("HTTP/1.1 404") || answer.starts_with("HTTP/1.1 400"), "{escape}: {answer}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn serves_no_dotfiles_and_no_symlinks_leading_out() {
    let outside = temp_dir("outside");
    std::fs::write(outside.join("secret.txt"), "outside").expect("write");
    let dir = temp_dir("dotfiles");
    std::fs::write(dir.join("index.html"), "<!doctype html>").expect("write");
    std::fs::write(dir.join("app.js"), "inside").expect("write");
    std::fs::write(dir.join(".env"), "TOKEN=x").expect("write");
    std::fs::create_dir_all(dir.join(".git")).expect("mkdir");
    std::fs::write(dir.join(".git/config"), "[core]").expect("write");
    std::os::unix::fs::symlink(outside.join("secret.txt"), dir.join("leak.txt")).expect("symlink");
    std::os::unix::fs::symlink(&outside, dir.join("out")).expect("symlink");
    std::os::unix::fs::symlink(dir.join("app.js"), dir.join("alias.js")).expect("symlink");
    let relay = start_relay(Config { static_dir: Some(dir.clone()), ..loopback_config() }).await;
    let status = |answer: &str| answer.split(' ').nth(1).unwrap_or("").to_owned();
    for path in ["/.env", "/.git/config", "/%2eenv", "/%2Egit/config", "/leak.txt", "/out/secret.txt"] {
        let answer = http_get(&relay, path).await;
        assert_eq!(status(&answer), "404", "{path}: {answer}");
        assert!(!answer.contains("TOKEN") && !answer.contains("outside") && !answer.contains("[core]"), "{path}");
    }
    // A symlink that stays inside is served.
    let answer = http_get(&relay, "/alias.js").await;
    assert_eq!(status(&answer), "200", "{answer}");
    assert!(answer.ends_with("inside"), "{answer}");
    let _ = std::fs::remove_dir_all(dir);
    let _ = std::fs::remove_dir_all(outside);
}

#[tokio::test]
async fn a_missing_app_says_how_to_build_it() {
    let dir = temp_dir("empty");
    let relay = start_relay(Config { static_dir: Some(dir.clone()), ..loopback_config() }).await;
    let answer = http_get(&relay, "/").await;
    assert!(answer.starts_with("HTTP/1.1 404") && answer.contains("the web app is not built"), "{answer}");
    let _ = std::fs::remove_dir_all(dir);
}
