//! `mysql-tls-doctor fleet`: many endpoints at once, and the CA rotation report of an AWS
//! inventory. Each target goes through the same probe and report as `probe`
//! ([`crate::cli::probe::run_checks`], [`crate::cli::probe::report_of`]); this module only
//! reads the targets, schedules the checks ([`schedule`]) and prints.
//!
//! Exit codes: 0 every target passes (inventory: no CA expired or expiring); 1 some target does
//! not pass or could not be checked (inventory: some CA expired or expiring); 2 unusable input
//! (no targets, a malformed target line, more than the cap, an unreadable inventory).

pub mod progress;
pub mod schedule;
pub mod targets;

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context as _};
use clap::Args as ClapArgs;
use serde::Serialize;

use super::probe::{self as probe_cli, Endpoint};
use super::tcp::MAX_SERVER_BYTES;
use super::CaArgs;
use crate::report::fleet::{self as summary, FleetRow};
use crate::report::Report;
use crate::rules::rotation;
use crate::source::inputs::Inputs;
use crate::source::probe::machine::{Check, LoginAnswer, OfferKind, Outcome};
use crate::vocab::ClientId;

#[derive(Debug, ClapArgs)]
pub struct FleetArgs {
    /// Targets, `HOST[:PORT]` (port 3306 by default).
    pub targets: Vec<String>,
    /// A file of targets, one `HOST[:PORT]` per line (`#` comments); `-` reads standard input.
    #[arg(long = "targets", value_name = "FILE")]
    pub targets_file: Option<PathBuf>,
    /// The JSON of `aws rds describe-db-instances`, `describe-db-clusters`, `describe-db-proxies`,
    /// `describe-certificates` (and `describe-db-engine-versions`); repeat for several files, `-`
    /// reads standard input. Prints the CA rotation report without probing.
    #[arg(long, value_name = "FILE")]
    pub inventory: Vec<PathBuf>,
    /// With --inventory: also probe every endpoint it lists.
    #[arg(long, requires = "inventory")]
    pub probe: bool,
    #[command(flatten)]
    pub ca: CaArgs,
    /// The client(s) whose verdict the table shows (a column id of `rules`; repeat). Default:
    /// the overall status.
    #[arg(long = "client", value_name = "ID")]
    pub clients: Vec<String>,
    /// Also check whether each server refuses a plaintext login (made-up user, no password).
    #[arg(long)]
    pub require_tls_check: bool,
    /// Also check which TLS versions each server accepts (four more connections per target).
    #[arg(long)]
    pub versions: bool,
    /// Targets checked at once (= connections open at once); at most 256.
    #[arg(long, default_value_t = 32, value_name = "N")]
    pub concurrency: usize,
    /// Seconds each target may take, all its checks together.
    #[arg(long, default_value_t = 10, value_name = "SECS")]
    pub timeout: u64,
    /// New connections per second over the whole run; at most 5000.
    #[arg(long, default_value_t = 200, value_name = "N")]
    pub rate: u32,
    /// Extra attempts of a connection that failed before the server said anything (reset, no
    /// local port); never after bytes were exchanged. At most 3.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub retries: u32,
    /// At most this many targets per run (hard cap 10,000).
    #[arg(long, default_value_t = 5_000, value_name = "N")]
    pub max_targets: usize,
    /// Check as of this time (RFC 3339 or YYYY-MM-DD); default now.
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// A CA or certificate ending within this many days "expires soon" (the inventory's rows and
    /// every probed target's report).
    #[arg(long = "warn-days", alias = "horizon-days", default_value_t = rotation::DEFAULT_HORIZON_DAYS as u32, value_name = "DAYS")]
    pub horizon_days: u32,
    /// Inventory: the CA the printed commands move to.
    #[arg(long = "to", default_value = rotation::DEFAULT_TARGET_CA, value_name = "CA_ID")]
    pub target_ca: String,
    /// Inventory: print the commands without `--apply-immediately` (next maintenance window).
    #[arg(long)]
    pub no_apply_immediately: bool,
    /// JSON lines, one object per target as each finishes (inventory: the report as one line first).
    #[arg(long, conflicts_with_all = ["markdown", "csv"])]
    pub json: bool,
    #[arg(long, conflicts_with = "csv")]
    pub markdown: bool,
    #[arg(long)]
    pub csv: bool,
}

/// What became of one target.
pub enum TargetResult {
    /// `requires_tls`: the plaintext-login answer in one or two words, for the table.
    Report { report: Box<Report>, requires_tls: Option<&'static str> },
    /// Nothing to judge: `kind` is a [`FailureKind`] id, or `not-mysql` when the bytes where a
    /// greeting belongs are not MySQL (a 16 MiB "greeting", an HTTP server …).
    Failed { kind: &'static str, message: String },
}

/// The `error` of a target whose greeting was not MySQL.
pub const NOT_MYSQL: &str = "not-mysql";

/// A JSON line of a checked target: `target`, then `probe --json`'s fields.
#[derive(Serialize)]
struct ReportLine<'a> {
    target: &'a str,
    #[serde(flatten)]
    report: &'a Report,
}

/// A JSON line of a target that could not be checked.
#[derive(Serialize)]
struct ErrorLine<'a> {
    target: &'a str,
    error: &'a str,
    detail: &'a str,
}

/// What every target is checked against.
pub struct Plan {
    pub inputs: Inputs,
    pub checks: Vec<Check>,
    pub now: i64,
    /// How many reports are built at once ([`schedule::Slots::per_core`]).
    pub analysis: schedule::Slots,
}

/// One target, start to end: the same checks and report as `probe`.
pub fn check_target(target: &str, plan: &Plan, budget: probe_cli::Budget, before_connect: &dyn Fn()) -> TargetResult {
    let ep = Endpoint::new(target, &plan.inputs.hosts);
    let runs = probe_cli::run_checks(&ep, &plan.checks, budget, before_connect);
    if let Some(e) = probe_cli::main_failure(&runs) {
        return TargetResult::Failed { kind: e.kind.id(), message: e.message.clone() };
    }
    let main = runs.iter().find(|(c, _)| *c == Check::Tls(OfferKind::Both)).and_then(|(_, r)| r.as_ref().ok());
    if let Some(Outcome::NotMysql { detail }) = main.and_then(|p| p.outcome()) {
        return TargetResult::Failed { kind: NOT_MYSQL, message: detail.clone() };
    }
    let requires_tls = runs.iter().find(|(c, _)| *c == Check::RequireTls).map(|(_, r)| {
        match r.as_ref().ok().and_then(|p| p.outcome()) {
            // ER_SECURE_TRANSPORT_REQUIRED: MySQL refuses the plaintext login itself.
            Some(Outcome::Login(LoginAnswer::Err { code: 3159, .. })) => "yes",
            // MariaDB answers 1045 both for an unknown user and under require_secure_transport.
            Some(Outcome::Login(LoginAnswer::Err { code: 1045, .. })) => "cannot tell (1045)",
            Some(Outcome::Login(LoginAnswer::Ok | LoginAnswer::AuthSwitch { .. })) => "no",
            Some(Outcome::Login(LoginAnswer::Err { .. })) => "other error",
            _ => "not determined",
        }
    });
    let report = Box::new(
        plan.analysis.run(|| probe_cli::report_of(&ep, &runs, plan.inputs.clone(), &Default::default(), plan.now)),
    );
    TargetResult::Report { report, requires_tls }
}

/// How the run prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Markdown,
    Csv,
}

/// Checks every target, streaming JSON lines (or collecting rows for the table) and progress;
/// returns the rows in target order.
pub fn run_targets(
    targets: &[String],
    plan: &Plan,
    limits: schedule::Limits,
    clients: &[ClientId],
    format: Format,
    out: &mut dyn Write,
    show_progress: bool,
) -> anyhow::Result<Vec<FleetRow>> {
    let mut rows: Vec<Option<FleetRow>> = vec![None; targets.len()];
    let mut progress = progress::Progress::new(targets.len());
    let mut write_err = None;
    let job = |t: &str, budget, before: &dyn Fn()| check_target(t, plan, budget, before);
    schedule::run(targets, limits, &job, &mut |i, result| {
        let target = targets.get(i).map(String::as_str).unwrap_or_default();
        let row = match &result {
            TargetResult::Report { report, requires_tls } => {
                let mut row = FleetRow::of_report(target, report, clients);
                row.requires_tls = requires_tls.map(str::to_owned);
                row
            }
            TargetResult::Failed { kind, .. } => FleetRow::of_failure(target, kind),
        };
        if format == Format::Json && write_err.is_none() {
            let written = match &result {
                TargetResult::Report { report, .. } => serde_json::to_writer(&mut *out, &ReportLine { target, report }),
                TargetResult::Failed { kind, message } => {
                    serde_json::to_writer(&mut *out, &ErrorLine { target, error: kind, detail: message })
                }
            };
            let flushed = written.map_err(anyhow::Error::from).and_then(|()| {
                writeln!(out)?;
                out.flush()?;
                Ok(())
            });
            write_err = flushed.err();
        }
        if show_progress {
            progress.finished(target, &row.outcome, row.pass, row.server_version.is_some());
        }
        if let Some(slot) = rows.get_mut(i) {
            *slot = Some(row);
        }
    });
    if let Some(e) = write_err {
        return Err(e.context("writing the results"));
    }
    Ok(rows.into_iter().flatten().collect())
}

fn read_text(path: &PathBuf) -> anyhow::Result<String> {
    if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).context("reading standard input")?;
        Ok(s)
    } else {
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
    }
}

/// Usable-input failures exit 2 (the binary maps errors to 2).
pub fn run(args: FleetArgs, out: &mut dyn Write) -> anyhow::Result<i32> {
    let now = match &args.at {
        Some(s) => crate::time_fmt::parse(s).map_err(anyhow::Error::msg)?,
        None => super::now(),
    };
    let format = match (args.json, args.markdown, args.csv) {
        (true, _, _) => Format::Json,
        (_, true, _) => Format::Markdown,
        (_, _, true) => Format::Csv,
        _ => Format::Table,
    };
    let clients = args
        .clients
        .iter()
        .map(|c| {
            ClientId::parse(c).with_context(|| {
                let ids: Vec<&str> = ClientId::ALL.iter().map(|c| c.as_str()).collect();
                format!("unknown client '{}': use one of {}", crate::text::clip(c, 40), ids.join(", "))
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;

    let mut exit = 0;
    let mut targets = Vec::new();
    if !args.inventory.is_empty() {
        let mut text = String::new();
        for p in &args.inventory {
            text.push_str(&read_text(p)?);
            text.push('\n');
        }
        let inv = crate::source::inventory::parse(&text);
        if inv.is_empty() {
            let why: Vec<String> = inv.problems.iter().map(|p| p.message.clone()).collect();
            bail!("the inventory holds no instances, clusters, proxies or certificates: {}", why.join("; "));
        }
        let bundle = rotation::ca_ends_from_bundle(
            crate::source::builtin::RDS_GLOBAL_PEM,
            crate::source::builtin::RDS_GLOBAL_ID,
        );
        let opts = rotation::Options {
            now,
            horizon_days: i64::from(args.horizon_days),
            target_ca: args.target_ca.clone(),
            apply_immediately: !args.no_apply_immediately,
        };
        let report = rotation::report(&inv, &bundle, &opts);
        match format {
            Format::Json => {
                serde_json::to_writer(&mut *out, &serde_json::json!({ "rotation": &report }))?;
                writeln!(out)?;
            }
            Format::Markdown => write!(out, "{}", report.to_markdown())?,
            Format::Csv => write!(out, "{}", report.to_csv())?,
            Format::Table => write!(out, "{}", report.to_text())?,
        }
        out.flush()?;
        exit = report.exit_code();
        if !args.probe {
            return Ok(exit);
        }
        targets = inv.endpoints();
    }
    for t in &args.targets {
        targets::check(t).map_err(anyhow::Error::msg)?;
    }
    targets.extend(args.targets.iter().cloned());
    if let Some(path) = &args.targets_file {
        let list = targets::parse_list(&read_text(path)?).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        targets.extend(list);
    }
    let targets = targets::dedup(targets);
    let cap = args.max_targets.min(schedule::MAX_TARGETS);
    if targets.is_empty() {
        bail!("no targets: give HOST[:PORT] arguments, --targets FILE or --inventory FILE");
    }
    if targets.len() > cap {
        bail!(
            "{} targets, more than the cap of {cap} per run (--max-targets, at most {})",
            targets.len(),
            schedule::MAX_TARGETS
        );
    }
    let (ca_bundle, ca_label) = args.ca.read()?;
    let plan = Plan {
        inputs: Inputs { ca_bundle, ca_label, warn_days: Some(args.horizon_days), ..Inputs::default() },
        checks: crate::rules::probe::plan(args.require_tls_check, args.versions),
        now,
        analysis: schedule::Slots::per_core(),
    };
    let limits = schedule::Limits {
        concurrency: args.concurrency.clamp(1, schedule::MAX_CONCURRENCY),
        timeout: Duration::from_secs(args.timeout.clamp(1, 300)),
        rate: args.rate.clamp(1, schedule::MAX_RATE),
        retries: args.retries.min(3),
        max_bytes: MAX_SERVER_BYTES,
    };
    let rows = run_targets(&targets, &plan, limits, &clients, format, out, true)?;
    match format {
        Format::Json => {}
        Format::Table => write!(out, "{}", summary::to_text(&rows))?,
        Format::Markdown => write!(out, "{}", summary::to_markdown(&rows))?,
        Format::Csv => write!(out, "{}", summary::to_csv(&rows))?,
    }
    if rows.iter().any(|r| !r.pass) {
        exit = 1;
    }
    Ok(exit)
}
