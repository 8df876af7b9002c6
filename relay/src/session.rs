//! One WebSocket ↔ TCP session: take a slot, dial the target, copy bytes both ways until
//! something ends it, then say why in a close frame.
//!
//! Binary messages carry raw TCP bytes in both directions; nothing else is sent before the
//! target's first byte, except, if the client asked with `&connected=1`, one text message
//! `{"connected":"IP:PORT"}` naming the address actually dialled. Text from the client is
//! refused (1003): there is no control channel to confuse with data.
//!
//! One copy per direction: client→target ends by shutting down the TCP write half (FIN), and
//! target→client ends by sending the close frame. The first to end (or the time cap, or the
//! relay shutting down) ends the session; the other direction is dropped.

use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use tokio::io::AsyncWriteExt;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::watch;
use tokio::time::{sleep_until, timeout, Instant};

use crate::close::{Cap, CloseReason};
use crate::dial::{dial, Dialled};
use crate::limits::{Limits, SessionPermit};
use crate::policy::Policy;

/// How much of the target's output one WebSocket message carries at most.
pub(crate) const CHUNK: usize = 64 * 1024;
/// How long we wait for the client's close frame after ours, so browsers see a clean close.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// What the endpoint learned from the request, handed to the session after the upgrade.
#[derive(Debug)]
pub struct SessionRequest {
    pub client: SocketAddr,
    pub target: Option<String>,
    pub announce: bool,
    /// The slot, or the cap that was full when the request came in.
    pub permit: Result<SessionPermit, Cap>,
}

/// Bytes relayed each way, for the log line.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    to_target: u64,
    to_client: u64,
}

/// Runs the session to its end. Logs one line, without payload bytes.
pub async fn run(
    socket: WebSocket,
    req: SessionRequest,
    policy: &Policy,
    limits: &Limits,
    mut shutdown: watch::Receiver<bool>,
) {
    let started = Instant::now();
    let (mut tx, mut rx) = socket.split();
    let _permit = match req.permit {
        Ok(permit) => permit,
        Err(cap) => {
            let reason = CloseReason::CapReached(cap);
            tracing::info!(client = %req.client, %reason, "session refused");
            return finish(tx, rx, &reason).await;
        }
    };
    let dialled = tokio::select! {
        d = dial(policy, req.target.as_deref(), limits.connect_timeout) => d,
        _ = crate::stopped(&mut shutdown) => Err(CloseReason::Shutdown),
    };
    let Dialled { stream, addr, target } = match dialled {
        Ok(d) => d,
        Err(reason) => {
            tracing::info!(client = %req.client, code = reason.code(), %reason, "session refused");
            return finish(tx, rx, &reason).await;
        }
    };
    let mut counts = Counts::default();
    let reason = if req.announce
        && tx.send(Message::Text(format!("{{\"connected\":\"{addr}\"}}").into())).await.is_err()
    {
        CloseReason::ClientClosed
    } else {
        let (tcp_rx, tcp_tx) = stream.into_split();
        let deadline = started + limits.session_time;
        tokio::select! {
            r = client_to_target(&mut rx, tcp_tx, limits.bytes_each_way, limits.max_message, &mut counts.to_target) => r,
            r = target_to_client(tcp_rx, &mut tx, limits.bytes_each_way, &mut counts.to_client) => r,
            _ = sleep_until(deadline) => CloseReason::CapReached(Cap::SessionTime { limit: limits.session_time }),
            _ = crate::stopped(&mut shutdown) => CloseReason::Shutdown,
        }
    };
    tracing::info!(
        client = %req.client, %target, %addr, code = reason.code(), %reason,
        to_target = counts.to_target, to_client = counts.to_client,
        ms = started.elapsed().as_millis() as u64, "session ended"
    );
    finish(tx, rx, &reason).await;
}

/// Client → target: binary messages become TCP bytes; ends with the TCP write half shut down.
async fn client_to_target(
    rx: &mut SplitStream<WebSocket>,
    mut tcp: OwnedWriteHalf,
    cap: u64,
    max_message: usize,
    sent: &mut u64,
) -> CloseReason {
    let reason = loop {
        let Some(message) = rx.next().await else {
            break CloseReason::ClientClosed;
        };
        match message {
            Ok(Message::Binary(bytes)) => {
                let total = *sent + bytes.len() as u64;
                if total > cap {
                    break CloseReason::CapReached(Cap::BytesToTarget { limit: cap });
                }
                if let Err(e) = tcp.write_all(&bytes).await {
                    break CloseReason::Io(format!("writing to target: {}", e.kind()));
                }
                *sent = total;
            }
            Ok(Message::Text(_)) => break CloseReason::TextMessage,
            // tungstenite has already queued the close reply.
            Ok(Message::Close(_)) => break CloseReason::ClientClosed,
            // Pings are answered by tungstenite itself; pongs need nothing.
            Ok(Message::Ping(_) | Message::Pong(_)) => {}
            Err(e) => break client_error(e, max_message),
        }
    };
    // FIN to the target: it sees a clean end of input, as with a client that closed normally.
    let _ = tcp.shutdown().await;
    reason
}

/// A read error from the client: too big a message is worth a 1009 it can read; anything else
/// (a protocol error, a vanished client) leaves nothing more to say.
fn client_error(e: axum::Error, max_message: usize) -> CloseReason {
    match e.into_inner().downcast_ref::<tungstenite::Error>() {
        Some(tungstenite::Error::Capacity(_)) => CloseReason::MessageTooBig { limit: max_message },
        _ => CloseReason::ClientClosed,
    }
}

/// Target → client: TCP bytes become binary messages; ends when the target closes or fails.
async fn target_to_client(
    tcp: OwnedReadHalf,
    tx: &mut SplitSink<WebSocket, Message>,
    cap: u64,
    sent: &mut u64,
) -> CloseReason {
    loop {
        // Wait for data before allocating, so an idle session holds no read buffer.
        if let Err(e) = tcp.readable().await {
            return CloseReason::Io(format!("reading from target: {}", e.kind()));
        }
        let mut buf = bytes::BytesMut::with_capacity(CHUNK);
        match tcp.try_read_buf(&mut buf) {
            Ok(0) => return CloseReason::UpstreamClosed,
            Ok(n) => {
                let total = *sent + n as u64;
                if total > cap {
                    return CloseReason::CapReached(Cap::BytesToClient { limit: cap });
                }
                if tx.send(Message::Binary(buf.freeze())).await.is_err() {
                    return CloseReason::ClientClosed;
                }
                *sent = total;
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(e) => return CloseReason::Io(format!("reading from target: {}", e.kind())),
        }
    }
}

/// Sends the close frame (unless the client closed first: tungstenite answered it already),
/// flushes, and waits briefly for the client's reply so the close is clean.
async fn finish(mut tx: SplitSink<WebSocket, Message>, mut rx: SplitStream<WebSocket>, reason: &CloseReason) {
    if *reason != CloseReason::ClientClosed {
        let frame = CloseFrame { code: reason.code(), reason: reason.text().into() };
        let _ = tx.send(Message::Close(Some(frame))).await;
    }
    let _ = tx.close().await;
    let _ = timeout(CLOSE_GRACE, async { while let Some(Ok(_)) = rx.next().await {} }).await;
}
