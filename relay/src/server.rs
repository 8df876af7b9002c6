//! The accept loop: a `Semaphore` bounds open HTTP connections (accepting waits for a free
//! slot) and a per-client count bounds one client's share (more are closed at once); hyper reads
//! each request head under the upgrade timeout, every not-upgraded connection ends by
//! `http_time` and every write must progress within `write_timeout` (see `stall.rs`); a shutdown
//! signal stops accepting, closes sessions with 1001 and waits (bounded) for them to end.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::routing::get;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::time::{sleep, timeout};
use tower::ServiceExt as _;

use crate::access::Access;
use crate::config::Config;
use crate::dial::Dialer;
use crate::endpoint::{self, ClientAddr, RelayState};
use crate::limits::SessionGate;
use crate::own::OwnAddr;
use crate::per_client::{ClientSlot, PerClient};
use crate::policy::LOOPBACK_PORTS_WARN;
use crate::ratelog::LogBudget;
use crate::resolve::Resolver;
use crate::serve;
use crate::stall::StallTimeout;

/// How long a shutdown waits for sessions to send their close frames and end.
const DRAIN: Duration = Duration::from_secs(5);
/// hyper's smallest allowed read buffer; a request head larger than this is refused (431).
const MAX_HEAD: usize = 16 * 1024;

/// Serves `/relay` (and the app, if `config.static_dir` is set) on `listener` until `shutdown`
/// completes. Returns an error only for an invalid configuration.
pub async fn run(listener: TcpListener, config: Config, shutdown: impl Future) -> anyhow::Result<()> {
    let local = listener.local_addr()?;
    let origins = config.validate(local)?;
    tracing::info!(%local, ?origins, rules = ?config.policy.rules().iter().map(ToString::to_string).collect::<Vec<_>>(), "relay listening");
    for rule in config.policy.rules() {
        if rule.loopback_ports() > LOOPBACK_PORTS_WARN {
            tracing::warn!(
                %rule,
                "this rule opens {} loopback ports: every local service on them is reachable through the relay",
                rule.loopback_ports()
            );
        }
    }
    let (stop_tx, stop_rx) = watch::channel(false);
    let gate = SessionGate::new(&config.limits);
    let state = Arc::new(RelayState {
        access: Access::new(origins, config.allow_no_origin, config.token.clone()),
        dialer: Dialer {
            policy: config.policy.clone(),
            own: OwnAddr::new(local),
            resolver: Resolver::default(),
            connect_timeout: config.limits.connect_timeout,
        },
        limits: config.limits.clone(),
        gate: Arc::clone(&gate),
        refusing: Arc::new(Semaphore::new(config.limits.max_sessions)),
        refusal_log: LogBudget::default(),
        verbose_reasons: config.verbose_reasons,
        shutdown: stop_rx.clone(),
    });
    let mut router = Router::new().route("/relay", get(endpoint::relay)).with_state(Arc::clone(&state));
    if let Some(dir) = &config.static_dir {
        if !dir.join("index.html").is_file() {
            tracing::warn!(dir = %dir.display(), "no index.html in the static directory: only /relay will work");
        }
        router = router.merge(serve::app_routes(dir.clone()));
    }
    let router = serve::with_security_headers(router);
    let connections = Arc::new(Semaphore::new(config.limits.max_connections));
    let per_client = PerClient::new(config.limits.connections_per_client);

    tokio::pin!(shutdown);
    let mut backoff = Duration::from_millis(10);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&connections).acquire_owned() => permit?,
            _ = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of descriptors and similar: wait and retry rather than spin or exit.
                    tracing::warn!(error = %e, "accept failed; retrying");
                    sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(1));
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        backoff = Duration::from_millis(10);
        let Some(slot) = per_client.try_take(peer.ip()) else {
            if let Some(left_out) = state.refusal_log.take() {
                tracing::info!(%peer, limit = per_client.limit(), left_out, "connection refused: per-client cap");
            }
            // Dropping the stream (and `permit`) closes it at once and frees the slot.
            continue;
        };
        let conn = Connection {
            router: router.clone(),
            peer,
            limits: config.limits.clone(),
            stop: stop_rx.clone(),
            _slots: (permit, slot),
        };
        tokio::spawn(conn.serve(stream));
    }

    drop(listener);
    let _ = stop_tx.send(true);
    tracing::info!(sessions = gate.active(), "shutting down");
    let all = u32::try_from(config.limits.max_connections).unwrap_or(u32::MAX);
    let drained = timeout(DRAIN, async {
        gate.drained().await;
        let _ = connections.acquire_many(all).await;
    })
    .await;
    if drained.is_err() {
        tracing::warn!(sessions = gate.active(), "shutdown: some sessions did not end in time");
    }
    Ok(())
}

/// One accepted TCP connection and its slots (global and per client), held until it is
/// upgraded or ends.
struct Connection {
    router: Router,
    peer: SocketAddr,
    limits: crate::limits::Limits,
    stop: watch::Receiver<bool>,
    _slots: (OwnedSemaphorePermit, ClientSlot),
}

impl Connection {
    async fn serve(mut self, stream: TcpStream) {
        let _ = stream.set_nodelay(true);
        let (router, peer) = (self.router.clone(), self.peer);
        let service = hyper::service::service_fn(move |mut req: Request<Incoming>| {
            req.extensions_mut().insert(ClientAddr(peer));
            router.clone().oneshot(req)
        });
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            // Covers slow and idle clients alike: the next request head must arrive in time.
            .header_read_timeout(self.limits.upgrade_timeout)
            .max_buf_size(MAX_HEAD);
        // The wrapper stays under the upgraded WebSocket too, so a session's writes must progress.
        let io = TokioIo::new(StallTimeout::new(stream, self.limits.write_timeout));
        let conn = http.serve_connection(io, service).with_upgrades();
        tokio::pin!(conn);
        // On upgrade `conn` completes and the session lives on in its own task, so this deadline
        // bounds only the HTTP part; the slots go with it.
        let result = tokio::select! {
            result = conn.as_mut() => result,
            _ = sleep(self.limits.http_time) => {
                tracing::debug!(peer = %self.peer, "http connection closed: not upgraded within --http-time");
                return;
            }
            _ = crate::stopped(&mut self.stop) => {
                conn.as_mut().graceful_shutdown();
                timeout(Duration::from_secs(1), conn.as_mut()).await.unwrap_or(Ok(()))
            }
        };
        if let Err(e) = result {
            // Timeouts, resets, malformed heads: normal on an open port, so not a warning.
            tracing::debug!(peer = %self.peer, error = %e, "http connection ended");
        }
    }
}
