//! `mysql-tls-doctor-relay`: flags in, `mysql_tls_doctor_relay::run` does the rest.
//! Exit codes: 0 after Ctrl-C/SIGTERM, 1 on a bad flag, unreadable token file, bind failure or
//! invalid configuration (clap's own usage errors exit 2).
#![forbid(unsafe_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use clap::Parser;
use mysql_tls_doctor_relay::{run, AllowRule, Config, Limits, Policy};
use tokio::net::TcpListener;

/// Serves the mysql-tls-doctor web app and the WebSocket relay its live probe uses.
///
/// The relay refuses by default: only this page's origin, only port 3306 on public addresses.
/// Loopback and private targets need an explicit rule; link-local and cloud metadata addresses
/// are always refused.
#[derive(Debug, Parser)]
#[command(version, about, long_about)]
struct Flags {
    /// Address to listen on. Listening beyond loopback needs --allow-origin (and consider --token-file).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,

    /// Directory of the built web app (Trunk's dist/).
    #[arg(long, default_value = "dist")]
    static_dir: PathBuf,

    /// Serve only /relay, no files.
    #[arg(long)]
    no_static: bool,

    /// Allowed Origin, e.g. https://doctor.example.com (repeatable). Default: this relay's own
    /// http://HOST:PORT (and http://localhost:PORT on loopback).
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    allow_origins: Vec<String>,

    /// Accept clients that send no Origin header (the CLI, scripts). Browsers always send one.
    #[arg(long)]
    allow_no_origin: bool,

    /// Allowed target, PATTERN:PORTS (repeatable; replaces the default public:3306). PATTERN is
    /// `public`, a CIDR or address (127.0.0.1/32, ::1, 10.0.0.0/8), a host name or *.suffix;
    /// PORTS is N or N-M. Examples: 127.0.0.1/32:3306  *.rds.amazonaws.com:3306  public:3306-3307
    #[arg(long = "allow-target", value_name = "RULE", value_parser = parse_rule)]
    allow_targets: Vec<AllowRule>,

    /// File holding a bearer token (>= 16 bytes) every /relay request must present, as
    /// `Authorization: Bearer T` or `?token=T`.
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,

    /// Longest session, in seconds.
    #[arg(long, value_name = "SECS", default_value = "60", value_parser = parse_secs)]
    session_time: Duration,

    /// Most bytes relayed each way in one session.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().bytes_each_way)]
    max_bytes: u64,

    /// Most concurrent sessions.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_sessions)]
    max_sessions: usize,

    /// Most concurrent sessions from one client address (IPv6: one /64).
    #[arg(long, value_name = "N", default_value_t = Limits::default().sessions_per_client)]
    max_sessions_per_client: usize,

    /// Most concurrent HTTP connections not (yet) upgraded.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_connections)]
    max_connections: usize,

    /// Most concurrent HTTP connections not (yet) upgraded from one client address (IPv6: one /64).
    #[arg(long, value_name = "N", default_value_t = Limits::default().connections_per_client)]
    max_connections_per_client: usize,

    /// Largest WebSocket message accepted from a client, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_message)]
    max_message: usize,

    /// The DNS lookup and the TCP connect to the target together must end within this many seconds.
    #[arg(long, value_name = "SECS", default_value = "5", value_parser = parse_secs)]
    connect_timeout: Duration,

    /// A request head (the upgrade) must arrive within this many seconds.
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = parse_secs)]
    upgrade_timeout: Duration,

    /// An HTTP connection not upgraded within this many seconds is closed.
    #[arg(long, value_name = "SECS", default_value = "30", value_parser = parse_secs)]
    http_time: Duration,

    /// A write to a client that makes no progress for this many seconds ends the connection.
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = parse_secs)]
    write_timeout: Duration,

    /// Tell clients the detailed close reasons (resolved addresses, the refusing rule, resolver
    /// errors), for a personal relay. By default clients get reasons that disclose none of it;
    /// the log always has the detail.
    #[arg(long)]
    verbose_reasons: bool,
}

fn parse_rule(s: &str) -> Result<AllowRule, String> {
    s.parse::<AllowRule>().map_err(|e| e.to_string())
}

fn parse_secs(s: &str) -> Result<Duration, String> {
    let secs: f64 = s.parse().map_err(|_| format!("{s:?} is not a number of seconds"))?;
    Duration::try_from_secs_f64(secs).map_err(|_| format!("{s:?} is not a valid number of seconds"))
}

impl Flags {
    fn config(self) -> anyhow::Result<Config> {
        let token = match &self.token_file {
            Some(path) => {
                let text =
                    std::fs::read_to_string(path).with_context(|| format!("reading token file {}", path.display()))?;
                Some(text.trim().to_owned())
            }
            None => None,
        };
        Ok(Config {
            allowed_origins: self.allow_origins,
            allow_no_origin: self.allow_no_origin,
            policy: Policy::from_rules(self.allow_targets),
            limits: Limits {
                session_time: self.session_time,
                bytes_each_way: self.max_bytes,
                max_sessions: self.max_sessions,
                sessions_per_client: self.max_sessions_per_client,
                max_connections: self.max_connections,
                connections_per_client: self.max_connections_per_client,
                connect_timeout: self.connect_timeout,
                upgrade_timeout: self.upgrade_timeout,
                http_time: self.http_time,
                write_timeout: self.write_timeout,
                max_message: self.max_message,
            },
            token,
            static_dir: (!self.no_static).then_some(self.static_dir),
            verbose_reasons: self.verbose_reasons,
        })
    }
}

#[tokio::main]
async fn main() {
    mysql_tls_doctor_relay::logging::init();
    if let Err(e) = start(Flags::parse()).await {
        eprintln!("mysql-tls-doctor-relay: {e:#}");
        std::process::exit(1);
    }
}

async fn start(flags: Flags) -> anyhow::Result<()> {
    let listen = flags.listen;
    let config = flags.config()?;
    let listener = TcpListener::bind(listen).await.with_context(|| format!("listening on {listen}"))?;
    let local = listener.local_addr()?;
    // Validate before printing the banner, so a bad configuration never looks like it started.
    config.validate(local)?;
    println!("mysql-tls-doctor is running at http://{local}/  (Ctrl-C stops it)");
    run(listener, config, stop_signal()).await
}

/// Ctrl-C or SIGTERM (what `docker stop` and systemd send).
async fn stop_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(term) => term,
            Err(_) => {
                let _ = ctrl_c.await;
                return;
            }
        };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}
