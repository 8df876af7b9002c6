//! `GET /relay?target=host:port[&token=T][&connected=1]`: the checks made before the upgrade,
//! then the hand-off to [`crate::session`].
//!
//! Order: origin and token (HTTP 403/401, see `access.rs`), then the handshake itself (HTTP 400
//! for HTTP/1.0, a bad `Sec-WebSocket-Key`, missing upgrade headers; 426 for a plain GET that
//! passed access), then a session slot. A full cap, a refused target, a DNS or connect failure
//! all happen after the upgrade, as 4000-range close codes, because a browser can read a close
//! code but never the status of a failed upgrade. Refused upgrades are bounded too: at most
//! `--max-sessions` cap refusals are being closed at once, and beyond that the answer is HTTP 503
//! (each open refusal is a descriptor; unbounded, a flood of them exhausted the relay's).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode, Version};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use base64::Engine as _;
use serde::Deserialize;
use tokio::sync::{watch, Semaphore};

use crate::access::Access;
use crate::dial::Dialer;
use crate::limits::{Limits, SessionGate};
use crate::ratelog::LogBudget;
use crate::session::{self, CapRefusal, SessionRequest};

/// The peer address of the TCP connection, put into each request by the accept loop.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub SocketAddr);

/// What every `/relay` request needs; shared by all connections.
#[derive(Debug)]
pub struct RelayState {
    pub access: Access,
    pub dialer: Dialer,
    pub limits: Limits,
    pub gate: Arc<SessionGate>,
    /// Slots for upgrades that are only closed with a cap refusal (4005).
    pub refusing: Arc<Semaphore>,
    /// Lines about refusals (upgrades, sessions, connections), rate-limited.
    pub refusal_log: LogBudget,
    /// Send clients the detailed close reasons (`--verbose-reasons`).
    pub verbose_reasons: bool,
    pub shutdown: watch::Receiver<bool>,
}

/// The query string. Unknown parameters are ignored; a malformed query is a 400 from axum.
#[derive(Debug, Deserialize)]
pub struct RelayQuery {
    target: Option<String>,
    token: Option<String>,
    connected: Option<String>,
}

/// `Connection: close` on a refusal: hyper then ends the connection after the answer.
const CLOSE: [(header::HeaderName, &str); 1] = [(header::CONNECTION, "close")];

/// The `/relay` handler.
pub async fn relay(
    State(state): State<Arc<RelayState>>,
    Extension(ClientAddr(client)): Extension<ClientAddr>,
    version: Version,
    headers: HeaderMap,
    Query(query): Query<RelayQuery>,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    if let Err(refusal) = state.access.check(&headers, query.token.as_deref()) {
        if let Some(left_out) = state.refusal_log.take() {
            tracing::info!(%client, ?refusal, left_out, "upgrade refused");
        }
        // Closing after the answer: a refused client keeps no connection slot for --upgrade-timeout.
        return (CLOSE, refusal.response()).into_response();
    }
    // RFC 6455 §4.1: the opening handshake is HTTP/1.1 or later; axum accepts 1.0 too.
    if version < Version::HTTP_11 {
        return (StatusCode::BAD_REQUEST, "websocket needs HTTP/1.1\n").into_response();
    }
    let upgrade = match upgrade {
        Ok(upgrade) => upgrade,
        Err(
            WebSocketUpgradeRejection::InvalidConnectionHeader(_) | WebSocketUpgradeRejection::InvalidUpgradeHeader(_),
        ) if !headers.contains_key(header::SEC_WEBSOCKET_KEY) => {
            // A plain GET that passed the access checks: tells the app "the relay would accept you".
            return (StatusCode::UPGRADE_REQUIRED, [(header::UPGRADE, "websocket")], "upgrade to a websocket\n")
                .into_response();
        }
        Err(rejection) => return rejection.into_response(),
    };
    if !valid_key(&headers) {
        return (StatusCode::BAD_REQUEST, "Sec-WebSocket-Key must be 16 bytes in base64\n").into_response();
    }
    let permit = match state.gate.try_enter(client.ip()) {
        Ok(permit) => Ok(permit),
        Err(cap) => match Arc::clone(&state.refusing).try_acquire_owned() {
            Ok(slot) => Err(CapRefusal { cap, slot }),
            Err(_) => {
                if let Some(left_out) = state.refusal_log.take() {
                    tracing::info!(%client, %cap, left_out, "upgrade refused: too many refusals in flight");
                }
                return (StatusCode::SERVICE_UNAVAILABLE, CLOSE, "the relay is busy; try again later\n")
                    .into_response();
            }
        },
    };
    let request = SessionRequest {
        client,
        target: query.target,
        announce: query.connected.is_some_and(|v| v == "1" || v == "true"),
        permit,
    };
    let max_message = state.limits.max_message;
    upgrade
        // Old websockify clients offer "binary"; choosing it keeps them working.
        .protocols(["binary"])
        .max_message_size(max_message)
        .max_frame_size(max_message)
        // tungstenite zero-fills its whole read buffer, so this is resident per session: 16 KiB
        // keeps 1,000 idle sessions near 24 MB (64 KiB cost 70 MB for no measurable speed-up).
        // Sends are flushed per message anyway, so no write buffering.
        .read_buffer_size(16 * 1024)
        .write_buffer_size(0)
        .max_write_buffer_size(max_message.max(session::CHUNK) * 2)
        .on_upgrade(move |socket| async move {
            session::run(socket, request, &state).await;
        })
}

/// RFC 6455 §4.2.1: the key is a base64-encoded 16-byte value.
fn valid_key(headers: &HeaderMap) -> bool {
    headers
        .get(header::SEC_WEBSOCKET_KEY)
        .and_then(|key| base64::engine::general_purpose::STANDARD.decode(key.as_bytes()).ok())
        .is_some_and(|key| key.len() == 16)
}
