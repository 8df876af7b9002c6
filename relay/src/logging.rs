//! The relay's log set-up. The README promises "never payloads", at every level: tungstenite and
//! tokio-tungstenite log each frame, payload included (as hex), at trace level, and the
//! `tracing-log` bridge would pass that on. Their targets are dropped here by a filter that sits
//! beside `RUST_LOG`, so no `RUST_LOG` value (`trace`, `tungstenite=trace`) can turn them on.

use tracing_subscriber::filter::{filter_fn, EnvFilter};
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;
use tracing_subscriber::Layer as _;

/// Log targets (and their submodules) that may write message payloads.
const PAYLOAD_TARGETS: &[&str] = &["tungstenite", "tokio_tungstenite", "axum::extract::ws"];

/// Whether `target` is one of [`PAYLOAD_TARGETS`] or inside one.
pub fn logs_payloads(target: &str) -> bool {
    PAYLOAD_TARGETS.iter().any(|t| target.strip_prefix(t).is_some_and(|rest| rest.is_empty() || rest.starts_with("::")))
}

/// Logs to stderr at `RUST_LOG` (default `info`), never from [`PAYLOAD_TARGETS`].
pub fn init() {
    let env = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let no_payloads = filter_fn(|meta| !logs_payloads(meta.target()));
    // Colour only for a terminal: a log file or journald should not get escape codes.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .with_filter(env)
        .with_filter(no_payloads);
    tracing_subscriber::registry().with(layer).init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_payload_targets() {
        for t in ["tungstenite", "tungstenite::protocol", "tokio_tungstenite::compat", "axum::extract::ws"] {
            assert!(logs_payloads(t), "{t}");
        }
        for t in ["mysql_tls_doctor_relay::session", "tungstenite_x", "axum::serve", "hyper"] {
            assert!(!logs_payloads(t), "{t}");
        }
    }
}
