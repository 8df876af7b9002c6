//! Test harness: an in-process relay on 127.0.0.1:0, small TCP servers standing in for MySQL,
//! and a tokio-tungstenite client. Everything stays on loopback; every wait is bounded.
#![allow(dead_code)] // each test binary uses a different part of the harness

use std::net::SocketAddr;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use mysql_tls_doctor_relay::{run, AllowRule, Config, Limits, Policy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::oneshot;
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// Every await in a test is bounded by this.
pub const LIMIT: Duration = Duration::from_secs(10);

pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;
pub type RawWs = WebSocketStream<TcpStream>;

/// A running relay; dropping it stops it.
pub struct Relay {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
}

impl Relay {
    /// A relay that runs elsewhere (another process); dropping this stops nothing.
    pub fn at(addr: SocketAddr) -> Relay {
        Relay { addr, stop: None }
    }

    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn url(&self, target: &str) -> String {
        format!("ws://{}/relay?target={target}", self.addr)
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A config that allows every port on 127.0.0.1 (the tests' stand-in servers live there).
pub fn loopback_config() -> Config {
    Config { policy: Policy::from_rules(vec![rule("127.0.0.1/32:1-65535")]), ..Config::default() }
}

pub fn rule(s: &str) -> AllowRule {
    s.parse().expect("test rule")
}

pub fn limits(f: impl FnOnce(&mut Limits)) -> Limits {
    let mut l = Limits::default();
    f(&mut l);
    l
}

/// Starts `run` on 127.0.0.1:0 in this runtime.
pub async fn start_relay(config: Config) -> Relay {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind relay");
    let addr = listener.local_addr().expect("relay addr");
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        run(listener, config, async {
            let _ = stopped.await;
        })
        .await
        .expect("relay run");
    });
    Relay { addr, stop: Some(stop) }
}

/// What a stand-in server does with each connection.
#[derive(Debug, Clone, Copy)]
pub enum Behavior {
    /// Echoes every byte back.
    Echo,
    /// Writes this many bytes at once, then waits for the client to close.
    Greet(usize),
    /// Reads and discards everything.
    Sink,
    /// Closes right after accepting.
    CloseAtOnce,
}

/// Starts a TCP server on 127.0.0.1:0 (a stand-in for MySQL); returns its address.
pub async fn tcp_server(behavior: Behavior) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind server");
    let addr = listener.local_addr().expect("server addr");
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 64 * 1024];
                match behavior {
                    Behavior::Echo => {
                        let (mut r, mut w) = stream.split();
                        let _ = tokio::io::copy(&mut r, &mut w).await;
                    }
                    Behavior::Greet(n) => {
                        let _ = stream.write_all(&vec![b'g'; n]).await;
                        while matches!(stream.read(&mut buf).await, Ok(n) if n > 0) {}
                    }
                    Behavior::Sink => while matches!(stream.read(&mut buf).await, Ok(n) if n > 0) {},
                    Behavior::CloseAtOnce => drop(stream),
                }
            });
        }
    });
    addr
}

/// Opens a WebSocket with the relay's own Origin.
pub async fn connect(relay: &Relay, target: &str) -> Ws {
    try_connect(relay, target, Some(&relay.origin())).await.expect("websocket upgrade")
}

/// Opens a WebSocket with the given Origin (or none); Err carries the HTTP status of a refusal.
pub async fn try_connect(relay: &Relay, target: &str, origin: Option<&str>) -> Result<Ws, u16> {
    let mut req = relay.url(target).into_client_request().expect("request");
    if let Some(origin) = origin {
        req.headers_mut().insert("Origin", HeaderValue::from_str(origin).expect("origin"));
    }
    match timeout(LIMIT, tokio_tungstenite::connect_async(req)).await.expect("connect in time") {
        Ok((ws, _)) => Ok(ws),
        Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => Err(resp.status().as_u16()),
        Err(e) => panic!("unexpected websocket error: {e}"),
    }
}

/// Opens a WebSocket from a chosen loopback source address (127.0.0.2 is another "client").
pub async fn connect_from(relay: &Relay, source: &str, target: &str) -> RawWs {
    let socket = TcpSocket::new_v4().expect("socket");
    socket.bind(format!("{source}:0").parse().expect("source")).expect("bind source");
    let stream = socket.connect(relay.addr).await.expect("tcp connect");
    let mut req = relay.url(target).into_client_request().expect("request");
    req.headers_mut().insert("Origin", HeaderValue::from_str(&relay.origin()).expect("origin"));
    let (ws, _) =
        timeout(LIMIT, tokio_tungstenite::client_async(req, stream)).await.expect("upgrade in time").expect("upgrade");
    ws
}

/// Reads until the close frame and returns its code and reason (binary data is skipped).
pub async fn close_of<S>(ws: &mut WebSocketStream<S>) -> (u16, String)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let wait = async {
        while let Some(message) = ws.next().await {
            match message.expect("websocket message") {
                Message::Close(Some(frame)) => return (u16::from(frame.code), frame.reason.to_string()),
                Message::Close(None) => return (1005, String::new()),
                _ => {}
            }
        }
        panic!("stream ended without a close frame")
    };
    timeout(LIMIT, wait).await.expect("close frame in time")
}

/// Sends `data` and reads back exactly as many bytes of binary messages.
pub async fn round_trip<S>(ws: &mut WebSocketStream<S>, data: &[u8]) -> Vec<u8>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    ws.send(Message::binary(data.to_vec())).await.expect("send");
    let mut got = Vec::with_capacity(data.len());
    timeout(LIMIT, async {
        while got.len() < data.len() {
            match ws.next().await.expect("stream open").expect("message") {
                Message::Binary(b) => got.extend_from_slice(&b),
                other => panic!("unexpected message {other:?}"),
            }
        }
    })
    .await
    .expect("echo in time");
    got
}

/// Sends a raw HTTP request and returns the status code of the answer (0 when the relay just
/// closed the connection).
pub async fn raw_status(relay: &Relay, request: &[u8]) -> u16 {
    let mut stream = TcpStream::connect(relay.addr).await.expect("tcp connect");
    stream.write_all(request).await.expect("write request");
    let mut buf = Vec::new();
    let _ = timeout(LIMIT, async {
        let mut chunk = [0u8; 1024];
        while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await;
    let head = String::from_utf8_lossy(&buf);
    head.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0)
}

/// `GET path` over a fresh connection; returns the whole answer as text (head and body).
pub async fn http_get(relay: &Relay, path: &str) -> String {
    let mut stream = TcpStream::connect(relay.addr).await.expect("tcp connect");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", relay.addr);
    stream.write_all(request.as_bytes()).await.expect("write request");
    let mut answer = Vec::new();
    timeout(LIMIT, stream.read_to_end(&mut answer)).await.expect("answer in time").expect("read answer");
    String::from_utf8_lossy(&answer).into_owned()
}

/// A fresh directory under the system temp dir, unique to this process and `name`.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("relay-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The raw bytes of a WebSocket upgrade request for `target` with the relay's own Origin.
pub fn upgrade_request(relay_addr: SocketAddr, target: &str) -> String {
    format!(
        "GET /relay?target={target} HTTP/1.1\r\nHost: {relay_addr}\r\nOrigin: http://{relay_addr}\r\n\
         Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
    )
}

/// A TCP connection from `source` (a 127.0.0.0/8 address) with a small receive buffer, so a
/// client that stops reading stalls the relay's writes soon.
pub async fn small_window_stream(source: &str, to: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().expect("socket");
    socket.set_recv_buffer_size(4096).expect("recv buffer");
    socket.bind(format!("{source}:0").parse().expect("source")).expect("bind source");
    timeout(LIMIT, socket.connect(to)).await.expect("connect in time").expect("tcp connect")
}

/// Reads one HTTP response head (up to the blank line) byte by byte, so nothing after it is
/// consumed; returns the status code.
pub async fn read_head(stream: &mut TcpStream) -> u16 {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    timeout(LIMIT, async {
        while !head.ends_with(b"\r\n\r\n") {
            match stream.read(&mut byte).await {
                Ok(1) => head.push(byte[0]),
                _ => break,
            }
        }
    })
    .await
    .expect("response head in time");
    let text = String::from_utf8_lossy(&head);
    text.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0)
}
