//! A fleet check's summary: one row per target, read from that target's [`Report`] (or its
//! transport failure), and the summary's renderings (table, Markdown, CSV). The JSON lines are
//! the reports themselves; this is only the short form.

use serde::Serialize;

use crate::report::{Report, Role, Status};
use crate::text::safe;
use crate::vocab::ClientId;

/// One target's line in the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FleetRow {
    /// `HOST:PORT` as given.
    pub target: String,
    pub server_version: Option<String>,
    /// The RDS CA identifier of the path (or the issuer's name when not an RDS CA).
    pub ca: Option<String>,
    /// The earliest end date of a CA on the path (YYYY-MM-DD).
    pub ca_expires: Option<String>,
    /// Accepted versions (`TLS 1.3, TLS 1.2`), or the one the main handshake used.
    pub tls_versions: Option<String>,
    /// The plaintext-login check's answer, short (only when asked; the fleet fills it from the
    /// typed answer, the report's words are too long for a column).
    pub requires_tls: Option<String>,
    /// Per chosen client: its verdict word (first hostname).
    pub verdicts: Vec<(ClientId, &'static str)>,
    /// The first cause of the first failing chosen client, else the overall status's first error.
    pub cause: Option<String>,
    /// The overall status word, or the transport failure's kind (`refused`, `timed-out` …).
    pub outcome: String,
    /// Counts as a pass for the exit code.
    pub pass: bool,
}

/// The verdict word for one client: the report's own status words.
fn verdict_word(ok: bool, unverified: bool) -> &'static str {
    match (ok, unverified) {
        (true, false) => Status::Pass.word(),
        (true, true) => Status::Unverified.word(),
        (false, _) => Status::Fail.word(),
    }
}

impl FleetRow {
    /// The row of a completed probe. `clients` empty: the report's lead client, else all columns
    /// summarised by the overall status alone.
    pub fn of_report(target: &str, report: &Report, clients: &[ClientId]) -> FleetRow {
        let probe = report.probe.as_ref();
        let chosen: Vec<ClientId> =
            if clients.is_empty() { report.lead_client.into_iter().collect() } else { clients.to_vec() };
        let first_host = report.inputs.hosts.first();
        let verdicts: Vec<(ClientId, &'static str)> = chosen
            .iter()
            .filter_map(|c| {
                let v = report.verdicts.iter().find(|v| v.client == *c && Some(&v.host) == first_host)?;
                Some((*c, verdict_word(v.ok, v.unverified)))
            })
            .collect();
        let failing = report
            .verdicts
            .iter()
            .filter(|v| chosen.is_empty() || chosen.contains(&v.client))
            .find(|v| !v.ok || v.unverified);
        let cause = failing.and_then(|v| v.cause).map(|r| r.as_str().to_owned()).or_else(|| {
            report
                .findings
                .iter()
                .find(|f| f.severity == crate::vocab::catalogue::Severity::Error)
                .map(|f| f.id.as_str().to_owned())
        });
        let status = report.overall.status;
        let pass = match chosen.is_empty() {
            true => matches!(status, Status::Pass | Status::ExpiresSoon),
            false => verdicts.iter().all(|(_, w)| *w == Status::Pass.word()) && !verdicts.is_empty(),
        };
        FleetRow {
            target: target.to_owned(),
            server_version: probe.and_then(|p| p.server_version.clone()),
            ca: ca_of(report),
            ca_expires: ca_expiry(report),
            tls_versions: probe.and_then(|p| {
                let accepted: Vec<String> =
                    p.versions.iter().filter(|v| v.accepted == Some(true)).map(|v| v.version.clone()).collect();
                if p.versions.is_empty() {
                    p.tls_version.clone()
                } else {
                    Some(if accepted.is_empty() { "none".to_owned() } else { accepted.join(", ") })
                }
            }),
            requires_tls: None,
            verdicts,
            cause,
            outcome: status.word().to_owned(),
            pass,
        }
    }

    /// The row of a target whose main handshake never ran: `kind` says why (`refused` …).
    pub fn of_failure(target: &str, kind: &str) -> FleetRow {
        FleetRow {
            target: target.to_owned(),
            server_version: None,
            ca: None,
            ca_expires: None,
            tls_versions: None,
            requires_tls: None,
            verdicts: Vec::new(),
            cause: None,
            outcome: kind.to_owned(),
            pass: false,
        }
    }

    fn cells(&self) -> Vec<String> {
        let o = |s: &Option<String>| s.as_deref().map(safe).unwrap_or_else(|| "—".into());
        let verdicts = if self.verdicts.is_empty() {
            "—".to_owned()
        } else {
            self.verdicts.iter().map(|(c, w)| format!("{c}: {w}")).collect::<Vec<_>>().join("; ")
        };
        vec![
            safe(&self.target),
            o(&self.server_version),
            o(&self.ca),
            o(&self.ca_expires),
            o(&self.tls_versions),
            o(&self.requires_tls),
            verdicts,
            self.outcome.clone(),
            o(&self.cause),
        ]
    }
}

/// The CA certificates on the path (served or from the bundle), leaf excluded.
fn path_cas(report: &Report) -> impl Iterator<Item = &crate::report::CertEntry> {
    let on_path = report.path.iter().filter_map(|i| report.certificates.get(*i));
    let served = report.certificates.iter().filter(|c| c.served_position.is_some());
    // Without a path (an unknown CA), what the server sent still names its CA.
    let from: Vec<&crate::report::CertEntry> = if report.path.len() > 1 { on_path.collect() } else { served.collect() };
    from.into_iter().filter(|c| c.role != Role::Leaf)
}

fn ca_of(report: &Report) -> Option<String> {
    path_cas(report).find_map(|c| c.summary.rds.as_ref().map(|r| r.ca_id.clone())).or_else(|| {
        path_cas(report).last().map(|c| c.summary.common_name.clone().unwrap_or_else(|| c.summary.subject.clone()))
    })
}

fn ca_expiry(report: &Report) -> Option<String> {
    path_cas(report).map(|c| c.summary.not_after.clone()).min().map(|d| d.chars().take(10).collect())
}

pub const HEAD: [&str; 9] =
    ["endpoint", "server", "CA", "CA expires", "TLS", "requires TLS", "verdict", "outcome", "main cause"];

/// Columns padded to their widest cell (counted in characters).
pub fn table<'a, S: AsRef<str> + 'a>(head: &[String], rows: impl Iterator<Item = &'a [S]>) -> String {
    let rows: Vec<Vec<&str>> = rows.map(|r| r.iter().map(AsRef::as_ref).collect()).collect();
    let mut widths: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut l = String::new();
        for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
            if i + 1 == cells.len() {
                l.push_str(c);
            } else {
                l.push_str(c);
                l.push_str(&" ".repeat(w - c.chars().count() + 2));
            }
        }
        l.trim_end().to_owned() + "\n"
    };
    let mut out = line(head.iter().map(String::as_str).collect());
    for r in rows {
        out.push_str(&line(r));
    }
    out
}

/// One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A leading
/// `=`, `+`, `-` or `@` is prefixed with `'` so a spreadsheet never runs pasted text as a formula
/// (a negative number stays a number).
pub fn csv_field(s: &str) -> String {
    let number = s.strip_prefix('-').is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
    let s = if s.starts_with(['=', '+', '-', '@']) && !number { format!("'{s}") } else { s.to_owned() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The summary table of a fleet run, then the counts.
pub fn to_text(rows: &[FleetRow]) -> String {
    let cells: Vec<Vec<String>> = rows.iter().map(FleetRow::cells).collect();
    let head = HEAD.map(String::from);
    let mut out = table(&head, cells.iter().map(Vec::as_slice));
    out.push_str(&format!("\n{}\n", counts(rows)));
    out
}

pub fn to_markdown(rows: &[FleetRow]) -> String {
    let mut out =
        format!("## Fleet check\n\n{}\n\n| {} |\n|{}\n", counts(rows), HEAD.join(" | "), "---|".repeat(HEAD.len()));
    for r in rows {
        out.push_str(&format!(
            "| {} |\n",
            r.cells().iter().map(|c| c.replace('|', "\\|")).collect::<Vec<_>>().join(" | ")
        ));
    }
    out
}

pub fn to_csv(rows: &[FleetRow]) -> String {
    let mut out =
        String::from("target,server_version,ca,ca_expires,tls_versions,requires_tls,verdicts,outcome,cause\n");
    for r in rows {
        let o = |s: &Option<String>| s.clone().unwrap_or_default();
        let verdicts = r.verdicts.iter().map(|(c, w)| format!("{c}: {w}")).collect::<Vec<_>>().join("; ");
        let fields = [
            r.target.clone(),
            o(&r.server_version),
            o(&r.ca),
            o(&r.ca_expires),
            o(&r.tls_versions),
            o(&r.requires_tls),
            verdicts,
            r.outcome.clone(),
            o(&r.cause),
        ];
        out.push_str(&fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// `1000 targets: 950 pass, 30 fail, 20 could not be checked`.
pub fn counts(rows: &[FleetRow]) -> String {
    let pass = rows.iter().filter(|r| r.pass).count();
    // A transport failure's row has no server version: the check never got a greeting.
    let unchecked = rows.iter().filter(|r| !r.pass && r.server_version.is_none()).count();
    format!(
        "{} targets: {} pass, {} do not pass, {} could not be checked",
        rows.len(),
        pass,
        rows.len() - pass - unchecked,
        unchecked
    )
}
