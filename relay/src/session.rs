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
//! relay shutting down) ends the session; the other direction is dropped. The close that follows
//! is bounded as a whole ([`CLOSE_TIME`]): a client that never reads cannot keep its slot by
//! leaving the close frame unsent. Pings and pongs count against the client-to-server byte cap,
//! so a ping flood ends like any other flood.

use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use tokio::io::AsyncWriteExt;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::OwnedSemaphorePermit;
use tokio::time::{sleep_until, timeout, Instant};

use crate::close::{Cap, CloseReason};
use crate::dial::Dialled;
use crate::endpoint::RelayState;
use crate::limits::SessionPermit;

/// How much of the target's output one WebSocket message carries at most.
pub(crate) const CHUNK: usize = 64 * 1024;
/// The whole close: our close frame sent and flushed, and the client's reply read (so browsers
/// see a clean close). After this the socket is dropped, ready or not.
const CLOSE_TIME: Duration = Duration::from_secs(2);
/// What a ping or pong costs against the byte cap besides its payload: an empty one is not free.
const CONTROL_COST: u64 = 16;

/// A cap that was full when the upgrade came in, and the slot that bounds how many such
/// refusals are being closed at once.
#[derive(Debug)]
pub struct CapRefusal {
    pub cap: Cap,
    pub slot: OwnedSemaphorePermit,
}

/// What the endpoint learned from the request, handed to the session after the upgrade.
#[derive(Debug)]
pub struct SessionRequest {
    pub client: SocketAddr,
    pub target: Option<String>,
    pub announce: bool,
    /// The slot, or the cap that was full when the request came in.
    pub permit: Result<SessionPermit, CapRefusal>,
}

/// Bytes relayed each way, for the log line.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    to_target: u64,
    to_client: u64,
}

/// Runs the session to its end, then logs one line without payload bytes. The session's slot
/// is given back when this returns, which the close bound makes sure happens.
pub async fn run(socket: WebSocket, req: SessionRequest, state: &RelayState) {
    let started = Instant::now();
    let (limits, client) = (&state.limits, req.client);
    let mut shutdown = state.shutdown.clone();
    let (mut tx, mut rx) = socket.split();
    let permit = match req.permit {
        Ok(permit) => permit,
        Err(CapRefusal { cap, slot }) => {
            let reason = CloseReason::CapReached(cap);
            finish(tx, rx, &reason, state.verbose_reasons).await;
            drop(slot);
            if let Some(left_out) = state.refusal_log.take() {
                tracing::info!(%client, code = reason.code(), %reason, left_out, "session refused");
            }
            return;
        }
    };
    let dialled = tokio::select! {
        d = state.dialer.dial(req.target.as_deref()) => d,
        _ = crate::stopped(&mut shutdown) => Err(CloseReason::Shutdown),
    };
    let Dialled { stream, addr, target } = match dialled {
        Ok(d) => d,
        Err(reason) => {
            finish(tx, rx, &reason, state.verbose_reasons).await;
            if let Some(left_out) = state.refusal_log.take() {
                tracing::info!(%client, code = reason.code(), %reason, left_out, "session refused");
            }
            return;
        }
    };
    let mut counts = Counts::default();
    let deadline = started + limits.session_time;
    let time_up = || CloseReason::CapReached(Cap::SessionTime { limit: limits.session_time });
    let announce = Message::Text(format!("{{\"connected\":\"{addr}\"}}").into());
    let early = if req.announce {
        match tokio::time::timeout_at(deadline, tx.send(announce)).await {
            Ok(Ok(())) => None,
            Ok(Err(_)) => Some(CloseReason::ClientClosed),
            Err(_) => Some(time_up()),
        }
    } else {
        None
    };
    let reason = match early {
        Some(reason) => reason,
        None => {
            let (tcp_rx, tcp_tx) = stream.into_split();
            tokio::select! {
                r = client_to_target(&mut rx, tcp_tx, limits.bytes_each_way, limits.max_message, &mut counts.to_target) => r,
                r = target_to_client(tcp_rx, &mut tx, limits.bytes_each_way, &mut counts.to_client) => r,
                _ = sleep_until(deadline) => time_up(),
                _ = crate::stopped(&mut shutdown) => CloseReason::Shutdown,
            }
        }
    };
    finish(tx, rx, &reason, state.verbose_reasons).await;
    drop(permit);
    tracing::info!(
        client = %client, %target, %addr, code = reason.code(), %reason,
        to_target = counts.to_target, to_client = counts.to_client,
        ms = started.elapsed().as_millis() as u64, "session ended"
    );
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
                tracing::trace!(bytes = bytes.len(), "relayed to target");
                *sent = total;
            }
            Ok(Message::Text(_)) => break CloseReason::TextMessage,
            // tungstenite has already queued the close reply.
            Ok(Message::Close(_)) => break CloseReason::ClientClosed,
            // Pings are answered by tungstenite itself; pongs need nothing. Both still count, so
            // a client cannot keep the relay busy with them for free.
            Ok(Message::Ping(bytes) | Message::Pong(bytes)) => {
                let total = *sent + bytes.len() as u64 + CONTROL_COST;
                if total > cap {
                    break CloseReason::CapReached(Cap::BytesToTarget { limit: cap });
                }
                *sent = total;
            }
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
                tracing::trace!(bytes = n, "relayed to client");
                *sent = total;
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(e) => return CloseReason::Io(format!("reading from target: {}", e.kind())),
        }
    }
}

/// Sends the close frame (unless the client closed first: tungstenite answered it already),
/// flushes, and waits for the client's reply so the close is clean; all of it within
/// [`CLOSE_TIME`], since a client that does not read would leave the send waiting forever.
async fn finish(
    mut tx: SplitSink<WebSocket, Message>,
    mut rx: SplitStream<WebSocket>,
    reason: &CloseReason,
    verbose: bool,
) {
    let close = async {
        if *reason != CloseReason::ClientClosed {
            let (code, text) = reason.for_client(verbose);
            let _ = tx.send(Message::Close(Some(CloseFrame { code, reason: text.into() }))).await;
        }
        let _ = tx.close().await;
        while let Some(Ok(_)) = rx.next().await {}
    };
    let _ = timeout(CLOSE_TIME, close).await;
}
