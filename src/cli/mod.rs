//! The CLI's flags and commands (native only). Exit codes of `check`: 0 every client verifies
//! every hostname, 1 any fails, 2 the input is unusable (nothing to check, unreadable file).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use base64::Engine as _;
use clap::{Args as ClapArgs, Parser, Subcommand};

mod capture_file;
pub mod decode;
pub mod explain;
pub mod fleet;
pub mod probe;
mod resolve;
pub mod tcp;

use crate::rules::analyze_with;
use crate::source::builtin;
use crate::source::inputs::Inputs;
use crate::vocab::catalogue::RULES;

#[derive(Debug, Parser)]
#[command(
    name = "mysql-tls-doctor",
    version,
    about = "Explains why a MySQL client cannot connect over TLS, and what to change"
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a server's certificate chain against a CA bundle for hostnames, per client.
    // The shared flags are optional where they are declared; `check` needs a CA, the server's
    // certificates (a chain or a capture) and a host, with clap's own messages for a missing one
    // — except that a capture alone is enough: it reports what the capture proves and asks for
    // the bundle and hostname only for the verdicts that need them.
    #[command(
        mut_arg("ca", |a| a.required_unless_present_any(["ca_builtin", "capture"])),
        mut_arg("chain", |a| a.required_unless_present("capture")),
        mut_arg("hosts", |a| a.required_unless_present_any(["capture", "settings", "settings_file"]))
    )]
    Check {
        #[command(flatten)]
        ca: CaArgs,
        #[command(flatten)]
        server: ServerArgs,
        /// Check as of this time (RFC 3339 or YYYY-MM-DD); default now.
        #[arg(long, value_name = "RFC3339")]
        at: Option<String>,
        /// Print the report as JSON.
        #[arg(long, conflicts_with = "markdown")]
        json: bool,
        /// Print the report as Markdown (for a ticket).
        #[arg(long)]
        markdown: bool,
        #[command(flatten)]
        client_versions: ClientVersionArgs,
        #[command(flatten)]
        horizon: HorizonArgs,
        #[command(flatten)]
        settings: SettingsArgs,
        #[command(flatten)]
        error: ErrorArgs,
        /// Also print the exact settings to use for this server, per client family.
        #[arg(long)]
        snippets: bool,
    },
    /// Probe a live server: greeting, SSLRequest, a rustls handshake; then the verdict matrix
    /// for the chain it presented.
    Probe {
        /// HOST[:PORT] (port 3306 by default).
        target: String,
        #[command(flatten)]
        ca: CaArgs,
        /// Names to check the certificate against (default: the target's host).
        #[arg(long = "host", value_name = "NAME")]
        hosts: Vec<String>,
        /// Also check whether the server refuses a plaintext login (made-up user, no password).
        #[arg(long)]
        require_tls_check: bool,
        /// Also check which TLS versions (1.3, 1.2, 1.1, 1.0) the server accepts.
        #[arg(long)]
        versions: bool,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        client_versions: ClientVersionArgs,
        #[command(flatten)]
        horizon: HorizonArgs,
        #[command(flatten)]
        error: ErrorArgs,
    },
    /// Check many servers at once (same probe and verdicts as `probe`), and/or read an AWS
    /// inventory (`aws rds describe-*` JSON) into a CA rotation report. Exit 0 all pass, 1 some
    /// do not pass, 2 unusable input.
    Fleet(fleet::FleetArgs),
    /// Decode a capture: MySQL greeting, SSLRequest, TLS handshake, alerts, ERR packets.
    Decode {
        /// The capture file; `-` reads standard input.
        file: PathBuf,
        #[arg(long, default_value = "auto", value_name = "auto|hex|base64|raw|pcap|pcapng")]
        format: crate::source::capture::Format,
        /// Which connection (default: the first MySQL one).
        #[arg(long, value_name = "N")]
        connection: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// Print a share link for the same inputs as `check` (the data stays in the URL fragment).
    Share {
        #[command(flatten)]
        ca: CaArgs,
        #[command(flatten)]
        server: ServerArgs,
        /// Fix the check time in the link (default: whenever it is opened).
        #[arg(long, value_name = "RFC3339")]
        at: Option<String>,
        /// Where the app is served.
        #[arg(long, default_value = "http://127.0.0.1:8080/", value_name = "URL")]
        base: String,
    },
    /// Explain a pasted client error message: its likely causes (rule ids), most likely first.
    /// Exit 0 recognised, 1 nothing recognised, 2 unusable input.
    Explain {
        /// The message; read from standard input when absent.
        text: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List every rule (cause) with its documentation.
    Rules {
        #[arg(long)]
        json: bool,
    },
}

/// The client versions the person runs: `check` and `probe` (rules::versions).
#[derive(Debug, ClapArgs)]
pub struct ClientVersionArgs {
    /// FAMILY=VERSION, repeatable: mariadb=11.4 (verifies by default), go=1.14 (CN fallback;
    /// SHA-1 from 1.18), mysql2=3.9.0 / mysqljs=2.18.1 (their ssl: 'Amazon RDS' profile).
    #[arg(long = "client-version", value_name = "FAMILY=VERSION")]
    client_version: Vec<String>,
}

impl ClientVersionArgs {
    fn read(&self) -> anyhow::Result<crate::rules::versions::ClientVersions> {
        Ok(crate::rules::versions::ClientVersions::parse_all(&self.client_version)?)
    }
}

/// The expiry horizon: `check` and `probe` (`fleet` has its own flag of the same name, shared
/// with its inventory report).
#[derive(Debug, ClapArgs)]
pub struct HorizonArgs {
    /// Warn when a certificate on the path (or the server's RDS CA) expires within this many
    /// days; default 180.
    #[arg(long, value_name = "DAYS")]
    warn_days: Option<u32>,
}

/// How the person connects (`check`): their column, the host when no --host is given, and
/// findings for what the setting does. User names and passwords in it are not kept.
#[derive(Debug, ClapArgs)]
pub struct SettingsArgs {
    /// The connection setting: a mysql/mariadb command, my.cnf section, JDBC URL, Go DSN, URL,
    /// Python/node/PHP code, .NET connection string or database.yml entry.
    #[arg(long, value_name = "TEXT", conflicts_with = "settings_file")]
    settings: Option<String>,
    /// The same, read from a file (`-`: standard input).
    #[arg(long, value_name = "PATH")]
    settings_file: Option<PathBuf>,
}

impl SettingsArgs {
    fn read(self) -> anyhow::Result<String> {
        text_or_file(self.settings, self.settings_file)
    }
}

/// The client's error message (`check`, `probe`): explained, then each likely cause confirmed
/// or ruled out by the chain, the capture or the live check, as the page does with its "Error
/// message" input. Printed back only as the report's quoted phrases; never logged.
#[derive(Debug, ClapArgs)]
pub struct ErrorArgs {
    /// The error message the client printed (a log line or stack trace is fine).
    #[arg(long = "error", value_name = "TEXT", conflicts_with = "error_file")]
    error: Option<String>,
    /// The same, read from a file (`-`: standard input).
    #[arg(long, value_name = "PATH")]
    error_file: Option<PathBuf>,
}

impl ErrorArgs {
    fn read(self) -> anyhow::Result<String> {
        text_or_file(self.error, self.error_file)
    }
}

/// `text`, else the file's text (`-`: standard input), else empty.
fn text_or_file(text: Option<String>, file: Option<PathBuf>) -> anyhow::Result<String> {
    Ok(match (text, file) {
        (Some(text), _) => text,
        (None, Some(path)) if path == Path::new("-") => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).context("reading standard input")?;
            text
        }
        (None, Some(path)) => {
            std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?
        }
        (None, None) => String::new(),
    })
}

/// The CA bundle the client is given: `check`, `probe` and `share`.
#[derive(Debug, ClapArgs)]
pub struct CaArgs {
    /// The CA file the client uses (PEM bundle, DER or base64). `-` reads standard input.
    #[arg(long, value_name = "FILE", conflicts_with = "ca_builtin")]
    ca: Option<PathBuf>,
    /// A built-in CA bundle: `rds` (the Amazon RDS global bundle, 2024-06 snapshot).
    #[arg(long, value_name = "NAME")]
    ca_builtin: Option<String>,
}

/// What the server presented and the names the client uses: `check` and `share`.
#[derive(Debug, ClapArgs)]
pub struct ServerArgs {
    /// The server's certificates, leaf first (e.g. `openssl s_client -showcerts` output).
    #[arg(long, value_name = "FILE")]
    chain: Option<PathBuf>,
    /// A capture (pcap, pcapng, hex dump, base64, raw) of the connection: decoded, its
    /// findings merged, and a TLS ≤ 1.2 Certificate message used as the chain.
    #[arg(long, value_name = "FILE")]
    capture: Option<PathBuf>,
    /// Which connection of the capture (default: the first MySQL one).
    #[arg(long, value_name = "N")]
    connection: Option<usize>,
    /// A hostname or IP the client connects with; repeat for several.
    #[arg(long = "host", value_name = "HOST")]
    hosts: Vec<String>,
}

/// Reads a certificate file as text; binary (DER) files become base64 text, which the parser
/// reads like a pasted base64 certificate.
fn read_cert_file(path: &Path) -> anyhow::Result<String> {
    let bytes = if path == Path::new("-") {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut b).context("reading standard input")?;
        b
    } else {
        std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?
    };
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => base64::engine::general_purpose::STANDARD.encode(e.into_bytes()),
    })
}

impl CaArgs {
    /// The bundle's text and, for a built-in one, its label (neither flag: an empty bundle).
    fn read(self) -> anyhow::Result<(String, Option<String>)> {
        Ok(match (self.ca, self.ca_builtin) {
            (Some(path), _) => (read_cert_file(&path)?, None),
            (None, Some(name)) => match builtin::lookup(&name) {
                Some((id, pem)) => (pem.to_owned(), Some(id.to_owned())),
                None => bail!("unknown built-in bundle '{name}': use `rds`"),
            },
            (None, None) => (String::new(), None),
        })
    }
}

impl ServerArgs {
    /// The analysis inputs: these files read, with the CA bundle.
    fn inputs(self, (ca_bundle, ca_label): (String, Option<String>)) -> anyhow::Result<Inputs> {
        Ok(Inputs {
            ca_bundle,
            ca_label,
            chain: read_optional(self.chain)?,
            hosts: self.hosts,
            capture: capture_input(self.capture.as_deref(), self.connection)?,
            ..Inputs::default()
        })
    }
}

fn read_optional(path: Option<PathBuf>) -> anyhow::Result<String> {
    Ok(path.map(|c| read_cert_file(&c)).transpose()?.unwrap_or_default())
}

fn capture_input(path: Option<&Path>, connection: Option<usize>) -> anyhow::Result<Option<crate::vocab::Transcript>> {
    let Some(path) = path else { return Ok(None) };
    let decoded = capture_file::read(path, crate::source::capture::Format::Auto)?;
    capture_file::transcript(&decoded, connection, path).map(Some)
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

fn print_report(report: &crate::report::Report, json: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    if json {
        serde_json::to_writer_pretty(&mut *out, report)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", report.to_text())?;
    }
    Ok(())
}

/// Runs a command, writing to `out`; returns the exit code.
pub fn run(args: Args, out: &mut dyn Write) -> anyhow::Result<i32> {
    // Standard output is line-buffered: a pretty JSON of 10,000 connections would be one
    // write(2) per line (a tenth of `decode`'s time on a 40 MB capture).
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
    let code = run_to(args, &mut buffered)?;
    buffered.flush()?;
    Ok(code)
}

fn run_to(args: Args, out: &mut dyn Write) -> anyhow::Result<i32> {
    match args.command {
        Command::Check { ca, mut server, at, json, markdown, client_versions, horizon, settings, error, snippets } => {
            let client_versions = client_versions.read()?;
            let settings = settings.read()?;
            let error_message = error.read()?;
            let server_connection = server.connection;
            let ca = ca.read()?;
            if ca.0.is_empty() && ca.1.is_none() && server.capture.is_none() {
                bail!("give --ca FILE or --ca-builtin rds");
            }
            let when = match at {
                Some(s) => crate::time_fmt::parse(&s).map_err(anyhow::Error::msg)?,
                None => now(),
            };
            let report = match server.capture.take() {
                Some(path) => {
                    let judged = capture_file::read_judged(
                        &path,
                        crate::source::capture::Format::Auto,
                        when,
                        server_connection,
                    )?;
                    if let Some(id) = server_connection {
                        capture_file::transcript(&judged.decoded, Some(id), &path)?;
                    }
                    let inputs = Inputs { warn_days: horizon.warn_days, settings, error_message, ..server.inputs(ca)? };
                    judged.report(&inputs, when)
                }
                None => {
                    let inputs = Inputs { warn_days: horizon.warn_days, settings, error_message, ..server.inputs(ca)? };
                    analyze_with(&inputs, &client_versions, when)
                }
            };
            if markdown {
                write!(out, "{}", report.to_markdown())?;
            } else {
                print_report(&report, json, out)?;
            }
            if snippets && !json {
                write!(out, "{}", report.snippets_text(markdown))?;
            }
            Ok(report.exit_code())
        }
        Command::Probe { target, ca, hosts, require_tls_check, versions, json, client_versions, horizon, error } => {
            let client_versions = client_versions.read()?;
            let error_message = error.read()?;
            let (ca_bundle, ca_label) = ca.read()?;
            let checks = crate::rules::probe::plan(require_tls_check, versions);
            let inputs =
                Inputs { ca_bundle, ca_label, hosts, warn_days: horizon.warn_days, error_message, ..Inputs::default() };
            let report = probe::probe(&target, inputs, checks, &client_versions, now());
            print_report(&report, json, out)?;
            Ok(report.exit_code())
        }
        Command::Fleet(args) => fleet::run(args, out),
        Command::Decode { file, format, connection, json } => {
            let report = decode::run(&file, format, connection, now())?;
            if json {
                // A writer of a known type: the serializer's many small writes are inlined,
                // not calls through `dyn Write` (a twentieth of `decode` on 10,000 connections).
                let mut w = std::io::BufWriter::with_capacity(1 << 16, &mut *out);
                serde_json::to_writer_pretty(&mut w, &report)?;
                writeln!(w)?;
                w.flush()?;
            } else {
                write!(out, "{}", report.to_text())?;
            }
            // The process ends next: freeing 10,000 connections' entries one by one is work
            // the OS does at once (as `decode::run` does for the decoded capture).
            std::mem::forget(report);
            Ok(0)
        }
        Command::Share { ca, server, at, base } => {
            let inputs = server.inputs(ca.read()?)?;
            let at = at.map(|s| crate::time_fmt::parse(&s).map_err(anyhow::Error::msg)).transpose()?;
            let builtin = inputs
                .ca_label
                .as_deref()
                .and_then(builtin::lookup)
                .map(|(id, pem)| crate::share::state::Builtin::new(id, pem));
            let state = crate::share::SharedState::from_inputs(&inputs, at, builtin.as_ref());
            for line in crate::share::preview::describe(&state) {
                eprintln!("{line}");
            }
            let link = format!("{}#{}", base.split('#').next().unwrap_or(&base), crate::share::encode(&state));
            eprintln!("({} characters)", link.len());
            writeln!(out, "{link}")?;
            Ok(0)
        }
        Command::Explain { text, json } => explain::run(text, json, &mut std::io::stdin(), out),
        Command::Rules { json } => {
            if json {
                serde_json::to_writer_pretty(&mut *out, RULES)?;
                writeln!(out)?;
            } else {
                for r in RULES {
                    writeln!(
                        out,
                        "{} ({:?})\n  {}\n  checks: {}\n  why: {}\n  fix: {}",
                        r.id, r.severity, r.summary, r.checks, r.why, r.fix
                    )?;
                    if !r.example.is_empty() {
                        writeln!(out, "  example: {}", r.example)?;
                    }
                    writeln!(out)?;
                }
            }
            Ok(0)
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::error::ErrorKind;
    use clap::CommandFactory as _;

    use super::*;

    #[test]
    fn the_flag_declarations_agree() {
        // Panics on a `mut_arg` naming no argument, or a `conflicts_with` naming none.
        Args::command().debug_assert();
    }

    #[test]
    fn check_needs_what_share_may_leave_out() {
        let missing = |argv: &[&str]| Args::try_parse_from(argv).map(|_| ()).map_err(|e| e.kind());
        assert_eq!(missing(&["x", "check", "--host", "db"]), Err(ErrorKind::MissingRequiredArgument));
        assert_eq!(
            missing(&["x", "check", "--ca-builtin", "rds", "--chain", "c"]),
            Err(ErrorKind::MissingRequiredArgument)
        );
        assert_eq!(missing(&["x", "check", "--ca-builtin", "rds", "--capture", "p", "--host", "db"]), Ok(()));
        assert_eq!(missing(&["x", "share"]), Ok(()));
        assert_eq!(
            missing(&["x", "probe", "db", "--ca", "a", "--ca-builtin", "rds"]),
            Err(ErrorKind::ArgumentConflict)
        );
        // The horizon: check, probe and fleet (fleet's older name still works).
        let horizon = |argv: &[&str]| match Args::try_parse_from(argv).map(|a| a.command) {
            Ok(Command::Check { horizon, .. } | Command::Probe { horizon, .. }) => horizon.warn_days.map(i64::from),
            Ok(Command::Fleet(f)) => Some(i64::from(f.horizon_days)),
            _ => None,
        };
        assert_eq!(horizon(&["x", "check", "--ca-builtin", "rds", "--chain", "c", "--host", "h"]), None);
        assert_eq!(
            horizon(&["x", "check", "--ca-builtin", "rds", "--chain", "c", "--host", "h", "--warn-days", "600"]),
            Some(600)
        );
        assert_eq!(horizon(&["x", "probe", "db", "--ca-builtin", "rds", "--warn-days", "30"]), Some(30));
        assert_eq!(horizon(&["x", "fleet", "db"]), Some(180));
        assert_eq!(horizon(&["x", "fleet", "db", "--warn-days", "90"]), Some(90));
        assert_eq!(horizon(&["x", "fleet", "db", "--horizon-days", "45"]), Some(45));
        assert_eq!(horizon(&["x", "probe", "db", "--warn-days", "-1"]), None, "no negative horizon");
        let Command::Share { ca, server, .. } =
            Args::parse_from(["x", "share", "--ca-builtin", "rds", "--host", "a", "--host", "b", "--connection", "2"])
                .command
        else {
            panic!("not share");
        };
        assert_eq!((ca.ca, ca.ca_builtin.as_deref()), (None, Some("rds")));
        assert_eq!(
            (server.hosts, server.connection, server.chain),
            (vec!["a".to_owned(), "b".to_owned()], Some(2), None)
        );
    }
}
