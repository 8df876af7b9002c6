//! The report's data: the one shape every view renders.

use std::borrow::Cow;

use serde::Serialize;

use crate::decode::pki::cert::CertSummary;
use crate::decode::pki::pem::Problem;
use crate::vocab::catalogue::{RuleId, Severity};
use crate::vocab::{ClientId, CopyText, Finding};

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Report {
    /// The time the chain was checked at (RFC 3339).
    pub checked_at: String,
    pub overall: Overall,
    pub inputs: InputSummary,
    /// Problems reading the inputs, with the input and line.
    pub input_problems: Vec<InputProblem>,
    /// Every distinct certificate: served ones first (in the order sent), then the bundle's.
    pub certificates: Vec<CertEntry>,
    /// The path from the leaf, as indices into `certificates`.
    pub path: Vec<usize>,
    pub findings: Vec<Finding>,
    /// Hostnames × clients.
    pub verdicts: Vec<Verdict>,
    /// The matrix's columns, in display order.
    pub clients: Vec<ClientColumn>,
    /// The decoded connection (captures and probes): messages, fields and byte ranges. User
    /// names and auth data are redacted by the decoder.
    /// Not read back by the page (`web::hooks::analysis`): its capture view decodes the
    /// transcript it holds, and a download takes the worker's JSON as it was written.
    #[serde(skip_serializing_if = "Option::is_none", skip_deserializing)]
    pub conversation: Option<crate::decode::conversation::Conversation>,
    /// What a live check found (only for probes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe: Option<super::probe::ProbeReport>,
    /// What happened in each TCP connection of a capture (empty for other inputs), and the one
    /// the rest of the report is about. Not read back by the page either: its summary is the
    /// capture's own, and reading 12,788 outcomes back from JS values cost its thread ~25 ms
    /// at every edit (e2e 50 MB capture, CPU profile).
    #[serde(default, skip_serializing_if = "Vec::is_empty", skip_deserializing)]
    pub connections: Vec<super::connections::ConnectionOutcome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selected_connection: Option<usize>,
    /// The person's own client column (from their settings or error message, or picked): the
    /// views lead with its verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_client: Option<ClientId>,
    /// The person's connection setting as read (`Inputs.settings`; no user name, no password).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings: Option<crate::decode::settings::Settings>,
    /// The exact settings to use for this server, per client family (the person's first), and
    /// the server-side changes where the fix is there (`rules::snippets`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub snippets: Vec<CopyText>,
    /// The pasted error message: its causes, each confirmed, ruled out or open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<super::error_match::Explanation>,
}

/// The overall answer. Each word means one thing: "fail" is "cannot connect", never "connected,
/// but in clear" (that is `unverified`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Every client verifies every hostname.
    Pass,
    /// Works and verifies, but a certificate on the path expires within the warning horizon.
    ExpiresSoon,
    /// Connects, but the server is not (fully) verified, or the connection is in clear.
    Unverified,
    /// Some clients pass, some fail.
    Mixed,
    /// Cannot connect: no client passes.
    Fail,
    /// Not enough input to decide.
    Incomplete,
}

impl Status {
    /// The status word every view prints.
    pub const fn word(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::ExpiresSoon => "WORKS, EXPIRES SOON",
            Status::Unverified => "CONNECTS, UNVERIFIED",
            Status::Mixed => "MIXED",
            Status::Fail => "CANNOT CONNECT",
            Status::Incomplete => "INCOMPLETE",
        }
    }

    /// The JSON value (also the page's CSS class).
    pub const fn id(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::ExpiresSoon => "expires-soon",
            Status::Unverified => "unverified",
            Status::Mixed => "mixed",
            Status::Fail => "fail",
            Status::Incomplete => "incomplete",
        }
    }
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Overall {
    pub status: Status,
    pub headline: String,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct InputSummary {
    pub ca_label: Option<String>,
    pub bundle_certificates: usize,
    pub served_certificates: usize,
    pub hosts: Vec<String>,
    /// Private key blocks that were found and discarded.
    pub private_keys_discarded: usize,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct InputProblem {
    /// `ca_bundle` or `chain`.
    pub input: Cow<'static, str>,
    pub line: usize,
    pub message: String,
}

impl InputProblem {
    pub fn new(input: &'static str, p: Problem) -> Self {
        InputProblem { input: Cow::Borrowed(input), line: p.line, message: p.message }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Leaf,
    Intermediate,
    Root,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct CertEntry {
    pub index: usize,
    pub role: Role,
    /// Position in the served chain (0 = first sent).
    pub served_position: Option<usize>,
    /// Position in the CA bundle.
    pub bundle_position: Option<usize>,
    pub on_path: bool,
    /// Within its validity period at `checked_at`.
    pub valid_at_check_time: bool,
    /// Whole days from `checked_at` to its notAfter, rounded down: negative once it has expired
    /// (-1 the day after), 0 on its last day.
    pub expires_in_days: i64,
    #[serde(flatten)]
    pub summary: CertSummary,
}

impl CertEntry {
    /// Its time left in words, with the date: "expires in 1 y 7 mo (2024-08-22)", "expired 19
    /// months ago (2024-08-22)" — every view prints this.
    pub fn time_left(&self) -> String {
        time_left(self.expires_in_days, self.summary.not_after.get(..10).unwrap_or(""))
    }
}

/// "expires in …" / "expired … ago" for `days` (as [`CertEntry::expires_in_days`]) and a date.
pub fn time_left(days: i64, date: &str) -> String {
    match days {
        0 => format!("expires today ({date})"),
        d if d > 0 => format!("expires in {} ({date})", span(d)),
        d => format!("expired {} ago ({date})", span(d.saturating_neg())),
    }
}

/// A span of `days` (> 0) the way people say it: days up to six weeks, then months, then
/// years and months ("1 y 7 mo"). Months are 30.44 days, rounded.
pub fn span(days: i64) -> String {
    if days < 45 {
        return if days == 1 { "1 day".into() } else { format!("{days} days") };
    }
    let months = (days as f64 / 30.436_875).round() as i64;
    match (months / 12, months % 12) {
        (0, 1) => "1 month".into(),
        (0, m) => format!("{m} months"),
        (y, 0) => format!("{y} y"),
        (y, m) => format!("{y} y {m} mo"),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Verdict {
    pub host: String,
    pub client: ClientId,
    /// The client connects.
    pub ok: bool,
    /// It connects without verifying what its setting's name suggests (a CA-only setting, a
    /// verify flag the client ignores): "connects, unverified", never a plain pass.
    pub unverified: bool,
    /// The rule that makes it fail first (`causes[0].rule`; kept for older readers of the JSON).
    pub cause: Option<RuleId>,
    /// One line: what happens (the first cause's detail, or how it passed).
    pub detail: String,
    /// What this client typically prints in this case (for the first cause: a client stops
    /// there).
    pub client_error: Option<String>,
    /// Every reason this client refuses, in the order it meets them; empty when it passes.
    pub causes: Vec<Cause>,
}

/// One reason a client refuses the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Cause {
    pub rule: RuleId,
    /// One line: what is wrong.
    pub detail: String,
    /// The certificate it is about, as an index into `certificates`, when one is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<usize>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct ClientColumn {
    pub id: ClientId,
    pub label: Cow<'static, str>,
    pub setting: Cow<'static, str>,
}

impl Report {
    /// Exit code of `check`: 0 all pass, 1 any fails, 2 unusable input.
    pub fn exit_code(&self) -> i32 {
        match self.overall.status {
            Status::Pass | Status::ExpiresSoon => 0,
            Status::Unverified | Status::Mixed | Status::Fail => 1,
            Status::Incomplete => 2,
        }
    }

    /// Adds a live check's section and findings, most severe first.
    pub fn attach_probe(&mut self, probe: super::probe::ProbeReport, findings: Vec<Finding>) {
        self.probe = Some(probe);
        self.findings.extend(findings);
        self.findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
        // A live check that found no chain to judge still has a verdict: its first error.
        if self.overall.status == Status::Incomplete {
            if let Some(f) = self.findings.iter().find(|f| f.severity == Severity::Error) {
                self.overall = Overall { status: Status::Fail, headline: f.title.clone() };
            } else if let Some(p) = self.probe.as_ref().filter(|p| p.tls_version.is_none()) {
                // Nothing to judge because the check did not get through: say why, not
                // "paste the chain" (the relay refused, DNS, a timeout …).
                if let Some(err) = &p.tls_error {
                    self.overall.headline = format!("The live check of {} did not complete: {err}", p.target);
                }
            }
        }
    }

    pub fn finding(&self, id: RuleId) -> Option<&Finding> {
        self.findings.iter().find(|f| f.id == id)
    }

    pub fn verdict(&self, host: &str, client: ClientId) -> Option<&Verdict> {
        self.verdicts.iter().find(|v| v.host == host && v.client == client)
    }
}

#[cfg(test)]
mod tests {
    use super::{span, time_left};

    #[test]
    fn spans_read_as_people_say_them() {
        let cases: Vec<String> = [1, 14, 44, 45, 174, 364, 365, 573, 730, 13_000].into_iter().map(span).collect();
        assert_eq!(
            cases,
            ["1 day", "14 days", "44 days", "1 month", "6 months", "1 y", "1 y", "1 y 7 mo", "2 y", "35 y 7 mo"]
        );
        assert_eq!(time_left(0, "2024-08-22"), "expires today (2024-08-22)");
        assert_eq!(time_left(573, "2024-08-22"), "expires in 1 y 7 mo (2024-08-22)");
        assert_eq!(time_left(-1, "2024-08-22"), "expired 1 day ago (2024-08-22)");
        assert_eq!(time_left(-578, "2024-08-22"), "expired 1 y 7 mo ago (2024-08-22)");
        assert_eq!(time_left(i64::MIN, ""), format!("expired {} ago ()", span(i64::MAX)));
    }
}
