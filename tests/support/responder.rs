//! An in-test MySQL greeting/TLS responder on loopback: many listeners (one per target) on one
//! small tokio runtime, each with a behaviour — a good server (greeting with CLIENT_SSL,
//! SSLRequest, a real rustls handshake with a given chain), a server without TLS, an ERR
//! instead of a greeting, a silent one, one that trickles its greeting a byte at a time, one
//! that announces a 16 MiB greeting and streams it, and closed ports (connection refused).
//!
//! Every wait on the responder's side is bounded too ([`HOLD`]), and dropping the responder
//! stops the runtime, so a test that fails cannot leave it running.

use std::net::TcpListener as StdListener;
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::{ServerConfig, ServerConnection};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::wire;

/// The longest the responder keeps any connection open.
pub const HOLD: Duration = Duration::from_secs(30);

/// What a target does.
#[derive(Clone)]
pub enum Behaviour {
    /// Greeting (MariaDB 10.11, CLIENT_SSL), then TLS with this configuration.
    Good(Arc<ServerConfig>),
    /// A greeting without CLIENT_SSL.
    NoTls,
    /// ERR 1040 "Too many connections" instead of a greeting.
    TooMany,
    /// Accepts and never sends a byte.
    Silent,
    /// Sends its greeting one byte every 250 ms.
    Trickle,
    /// Announces a 16 MiB - 1 packet and streams zeros (up to 8 MiB).
    Huge,
    /// Nothing listens: the connection is refused.
    Refused,
}

impl Behaviour {
    pub fn name(&self) -> &'static str {
        match self {
            Behaviour::Good(_) => "good",
            Behaviour::NoTls => "no-tls",
            Behaviour::TooMany => "too-many",
            Behaviour::Silent => "silent",
            Behaviour::Trickle => "trickle",
            Behaviour::Huge => "huge",
            Behaviour::Refused => "refused",
        }
    }
}

/// A TLS 1.2 + 1.3 server configuration from a PEM chain (leaf first) and a PKCS#8 key.
pub fn server_config(chain_pem: &str, key_pem: &str) -> Arc<ServerConfig> {
    let chain: Vec<CertificateDer<'static>> = mysql_tls_doctor::decode::pki::pem::parse(chain_pem)
        .certs
        .into_iter()
        .map(|c| CertificateDer::from(c.der))
        .collect();
    let key = rustls::pki_types::pem::PemObject::from_pem_slice(key_pem.as_bytes()).expect("a PEM private key");
    let key: PrivateKeyDer<'static> = key;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("server config");
    Arc::new(config)
}

/// The running listeners; stops on drop.
pub struct Responder {
    rt: Option<tokio::runtime::Runtime>,
    /// `127.0.0.1:PORT` and its behaviour's name, in the order asked.
    pub targets: Vec<(String, &'static str)>,
}

impl Responder {
    /// Starts `count` listeners of each behaviour.
    pub fn start(plan: &[(Behaviour, usize)]) -> Responder {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let mut targets = Vec::new();
        for (behaviour, count) in plan {
            for _ in 0..*count {
                if let Behaviour::Refused = behaviour {
                    // Bind, note the port, close: nothing listens there any more.
                    let l = StdListener::bind("127.0.0.1:0").expect("bind");
                    let port = l.local_addr().expect("addr").port();
                    drop(l);
                    targets.push((format!("127.0.0.1:{port}"), behaviour.name()));
                    continue;
                }
                let listener = rt.block_on(TcpListener::bind("127.0.0.1:0")).expect("bind a responder port");
                let port = listener.local_addr().expect("addr").port();
                targets.push((format!("127.0.0.1:{port}"), behaviour.name()));
                let b = behaviour.clone();
                rt.spawn(async move {
                    while let Ok((stream, _)) = listener.accept().await {
                        let b = b.clone();
                        tokio::spawn(async move {
                            let _ = tokio::time::timeout(HOLD, serve(stream, b)).await;
                        });
                    }
                });
            }
        }
        Responder { rt: Some(rt), targets }
    }
}

impl Drop for Responder {
    fn drop(&mut self) {
        if let Some(rt) = self.rt.take() {
            rt.shutdown_timeout(Duration::from_secs(2));
        }
    }
}

/// The MariaDB greeting, with or without CLIENT_SSL.
fn greeting(tls: bool) -> Vec<u8> {
    let mut p = wire::greeting_payload(wire::Server::MariaDb);
    if !tls {
        // protocol(1) + version + NUL + thread id(4) + scramble(8) + filler(1), then the lower
        // capability flags: clear CLIENT_SSL (0x0800).
        let caps_at = 1 + b"5.5.5-10.11.6-MariaDB\0".len() + 4 + 9;
        if let Some(b) = p.get_mut(caps_at + 1) {
            *b &= !0x08;
        }
    }
    wire::packet(0, &p)
}

async fn wait_for_close(stream: &mut TcpStream) {
    let mut buf = [0u8; 4096];
    while let Ok(n) = stream.read(&mut buf).await {
        if n == 0 {
            break;
        }
    }
}

async fn serve(mut stream: TcpStream, b: Behaviour) {
    let _ = stream.set_nodelay(true);
    match b {
        Behaviour::Good(config) => {
            let _ = good(stream, config).await;
        }
        Behaviour::NoTls => {
            let _ = stream.write_all(&greeting(false)).await;
            wait_for_close(&mut stream).await;
        }
        Behaviour::TooMany => {
            let _ = stream.write_all(&wire::err_packet(0, 1040, "08004", "Too many connections")).await;
        }
        Behaviour::Silent | Behaviour::Refused => wait_for_close(&mut stream).await,
        Behaviour::Trickle => {
            for byte in greeting(true) {
                if stream.write_all(&[byte]).await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            wait_for_close(&mut stream).await;
        }
        Behaviour::Huge => {
            let _ = stream.write_all(&[0xff, 0xff, 0xff, 0x00, 0x0a]).await;
            let chunk = vec![b'x'; 64 * 1024];
            for _ in 0..128 {
                if stream.write_all(&chunk).await.is_err() {
                    return;
                }
            }
        }
    }
}

async fn good(mut stream: TcpStream, config: Arc<ServerConfig>) -> std::io::Result<()> {
    stream.write_all(&greeting(true)).await?;
    // SSLRequest: a 4-byte header and 32 bytes; the ClientHello may follow in the same read.
    let mut pending = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    while pending.len() < 36 {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        pending.extend_from_slice(buf.get(..n).unwrap_or_default());
    }
    let mut tls = ServerConnection::new(config).map_err(std::io::Error::other)?;
    let mut input = pending.split_off(36);
    loop {
        let mut reader = &input[..];
        while !reader.is_empty() {
            tls.read_tls(&mut reader)?;
            if tls.process_new_packets().is_err() {
                // Send the alert rustls queued, then stop.
                let mut out = Vec::new();
                while tls.wants_write() {
                    tls.write_tls(&mut out)?;
                }
                let _ = stream.write_all(&out).await;
                return Ok(());
            }
        }
        let mut out = Vec::new();
        while tls.wants_write() {
            tls.write_tls(&mut out)?;
        }
        if !out.is_empty() {
            stream.write_all(&out).await?;
        }
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        input = buf.get(..n).unwrap_or_default().to_vec();
    }
}
