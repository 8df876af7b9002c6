//! Load numbers for the relay, and for any WebSocket-to-TCP bridge that relays binary
//! messages (websockify), measured the same way. Loopback only; every mode is bounded.
//!
//! ```text
//! bench echo                      TCP echo server on 127.0.0.1:0; prints the port; exits after 30 min
//! bench throughput URL MIB [KIB]  one session, MIB MiB through an echo target, in KIB KiB messages (64)
//! bench latency URL ROUNDS        ping-pong of 32 bytes; prints the median RTT in microseconds
//! bench tcp-latency ADDR ROUNDS   the same straight to the echo server (the baseline)
//! bench idle URL N PID            holds N sessions open and idle, prints PID's VmRSS in KiB
//! ```
//! `compare.sh` in `relay/bench/` drives these against the relay and websockify.

use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

/// No mode runs longer than this.
const BOUND: Duration = Duration::from_secs(300);

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map(String::as_str).unwrap_or("");
    match arg(0) {
        "echo" => echo().await,
        "throughput" => timeout(BOUND, throughput(arg(1), arg(2).parse()?, arg(3).parse().unwrap_or(64))).await?,
        "latency" => timeout(BOUND, latency(arg(1), arg(2).parse()?)).await?,
        "tcp-latency" => timeout(BOUND, tcp_latency(arg(1), arg(2).parse()?)).await?,
        "idle" => timeout(BOUND, idle(arg(1), arg(2).parse()?, arg(3))).await?,
        other => bail!("unknown mode {other:?}; see the header of relay/examples/bench.rs"),
    }
}

async fn echo() -> anyhow::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    println!("{}", listener.local_addr()?.port());
    let serve = async {
        while let Ok((mut stream, _)) = listener.accept().await {
            let _ = stream.set_nodelay(true);
            tokio::spawn(async move {
                let (mut r, mut w) = stream.split();
                let _ = tokio::io::copy(&mut r, &mut w).await;
            });
        }
    };
    let _ = timeout(Duration::from_secs(1800), serve).await;
    Ok(())
}

type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>;

async fn open(url: &str) -> anyhow::Result<Ws> {
    let mut req = url.into_client_request()?;
    // The relay is started with --allow-no-origin; websockify ignores Origin. Send a browser-like
    // one anyway, so both see the same request.
    let origin = format!("http://{}", req.uri().authority().map(|a| a.as_str()).unwrap_or("127.0.0.1"));
    req.headers_mut().insert("Origin", HeaderValue::from_str(&origin)?);
    let (ws, _) = tokio_tungstenite::connect_async(req).await.with_context(|| format!("connecting to {url}"))?;
    Ok(ws)
}

async fn throughput(url: &str, mib: usize, kib: usize) -> anyhow::Result<()> {
    let message = kib.clamp(1, 1024) * 1024;
    let total = mib * 1024 * 1024 / message * message;
    let ws = open(url).await?;
    let (mut tx, mut rx) = ws.split();
    let started = Instant::now();
    let writer = tokio::spawn(async move {
        let chunk = bytes::Bytes::from(vec![0x5a; message]);
        let mut sent = 0;
        while sent < total {
            tx.send(Message::Binary(chunk.clone())).await?;
            sent += message;
        }
        anyhow::Ok(tx)
    });
    let mut got = 0;
    while got < total {
        match rx.next().await.context("stream ended early")?? {
            Message::Binary(b) => got += b.len(),
            Message::Close(frame) => bail!("closed early: {frame:?}"),
            _ => {}
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let _ = writer.await?;
    // Each byte crosses the bridge twice (to the echo server and back); report the one-way rate.
    println!("{:.1}", total as f64 / secs / 1e6);
    Ok(())
}

fn median_us(mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    samples[samples.len() / 2].as_secs_f64() * 1e6
}

async fn latency(url: &str, rounds: usize) -> anyhow::Result<()> {
    let mut ws = open(url).await?;
    let payload = vec![0x42; 32];
    let mut samples = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = Instant::now();
        ws.send(Message::binary(payload.clone())).await?;
        let mut got = 0;
        while got < payload.len() {
            match ws.next().await.context("stream ended early")?? {
                Message::Binary(b) => got += b.len(),
                Message::Close(frame) => bail!("closed early: {frame:?}"),
                _ => {}
            }
        }
        samples.push(started.elapsed());
    }
    println!("{:.0}", median_us(samples));
    Ok(())
}

async fn tcp_latency(addr: &str, rounds: usize) -> anyhow::Result<()> {
    let mut stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let payload = [0x42; 32];
    let mut buf = [0u8; 32];
    let mut samples = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = Instant::now();
        stream.write_all(&payload).await?;
        stream.read_exact(&mut buf).await?;
        samples.push(started.elapsed());
    }
    println!("{:.0}", median_us(samples));
    Ok(())
}

fn vm_rss_kib(pid: &str) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).context("no VmRSS line")?;
    Ok(line.split_whitespace().nth(1).context("no VmRSS value")?.parse()?)
}

async fn idle(url: &str, sessions: usize, pid: &str) -> anyhow::Result<()> {
    let before = vm_rss_kib(pid)?;
    let mut open_sessions = Vec::with_capacity(sessions);
    for _ in 0..sessions {
        let mut ws = open(url).await?;
        // One byte through each, so every session really reached its target.
        ws.send(Message::binary(vec![1u8])).await?;
        match ws.next().await.context("stream ended early")?? {
            Message::Binary(_) => {}
            other => bail!("session not established: {other:?}"),
        }
        open_sessions.push(ws);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let held = vm_rss_kib(pid)?;
    println!("{before} {held}");
    for mut ws in open_sessions {
        let _ = ws.close(None).await;
    }
    Ok(())
}
