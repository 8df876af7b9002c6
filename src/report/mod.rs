//! The report: what every view renders (the CLI's `--json` schema, the JS `analyze()` result,
//! the web page) and its plain-text rendering.

use serde::Serialize;

use crate::diagnose::clients::ClientId;
use crate::diagnose::rules::{RuleId, Severity};
use crate::pki::cert::CertSummary;
use crate::pki::pem::Problem;

#[derive(Debug, Clone, Serialize)]
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every client verifies every hostname.
    Pass,
    /// Some clients pass, some fail.
    Mixed,
    /// No client passes.
    Fail,
    /// Not enough input to decide.
    Incomplete,
}

#[derive(Debug, Clone, Serialize)]
pub struct Overall {
    pub status: Status,
    pub headline: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct InputSummary {
    pub ca_label: Option<String>,
    pub bundle_certificates: usize,
    pub served_certificates: usize,
    pub hosts: Vec<String>,
    /// Private key blocks that were found and discarded.
    pub private_keys_discarded: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct InputProblem {
    /// `ca_bundle` or `chain`.
    pub input: &'static str,
    pub line: usize,
    pub message: String,
}

impl InputProblem {
    pub fn new(input: &'static str, p: Problem) -> Self {
        InputProblem { input, line: p.line, message: p.message }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Leaf,
    Intermediate,
    Root,
}

#[derive(Debug, Clone, Serialize)]
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
    #[serde(flatten)]
    pub summary: CertSummary,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub id: RuleId,
    pub severity: Severity,
    pub title: String,
    pub explanation: String,
    pub fix: String,
    /// Clients this finding makes fail (empty when it is not about a verdict).
    pub clients: Vec<ClientId>,
    pub hosts: Vec<String>,
    /// Certificates it is about, as indices into `certificates`.
    pub certificates: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    pub host: String,
    pub client: ClientId,
    pub ok: bool,
    /// The rule that makes it fail.
    pub cause: Option<RuleId>,
    /// One line: what happens.
    pub detail: String,
    /// What this client typically prints in this case.
    pub client_error: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClientColumn {
    pub id: ClientId,
    pub label: &'static str,
    pub setting: &'static str,
}

impl Report {
    /// Exit code of `check`: 0 all pass, 1 any fails, 2 unusable input.
    pub fn exit_code(&self) -> i32 {
        match self.overall.status {
            Status::Pass => 0,
            Status::Mixed | Status::Fail => 1,
            Status::Incomplete => 2,
        }
    }

    pub fn finding(&self, id: RuleId) -> Option<&Finding> {
        self.findings.iter().find(|f| f.id == id)
    }

    pub fn verdict(&self, host: &str, client: ClientId) -> Option<&Verdict> {
        self.verdicts.iter().find(|v| v.host == host && v.client == client)
    }

    /// Plain text for a terminal. All certificate text in the report is already made safe.
    pub fn to_text(&self) -> String {
        use std::fmt::Write as _;
        let mut s = String::new();
        let _ = writeln!(s, "{} — {}", status_word(self.overall.status), self.overall.headline);
        let _ = writeln!(s, "checked at {}", self.checked_at);
        for p in &self.input_problems {
            let _ = writeln!(s, "input {} line {}: {}", p.input, p.line, p.message);
        }
        if !self.path.is_empty() {
            let _ = writeln!(s, "\nchain:");
            for (depth, &i) in self.path.iter().enumerate() {
                if let Some(c) = self.certificates.get(i) {
                    let from = match (c.served_position, c.bundle_position) {
                        (Some(_), Some(_)) => "sent by server, in bundle",
                        (Some(_), None) => "sent by server",
                        (None, Some(_)) => "from bundle",
                        (None, None) => "",
                    };
                    let rds = c.summary.rds.as_ref().map(|r| format!(" [{}{}]", r.ca_id, r.region.as_deref().map(|g| format!(" {g}")).unwrap_or_default())).unwrap_or_default();
                    let _ = writeln!(
                        s,
                        "  {depth}: {}{rds} ({from}; valid {} → {}{})",
                        c.summary.common_name.as_deref().unwrap_or(&c.summary.subject),
                        c.summary.not_before.get(..10).unwrap_or(""),
                        c.summary.not_after.get(..10).unwrap_or(""),
                        if c.valid_at_check_time { "" } else { "; NOT VALID at check time" }
                    );
                }
            }
        }
        if !self.verdicts.is_empty() {
            let _ = writeln!(s, "\nverdicts:");
            for v in &self.verdicts {
                let label = v.client.client().label;
                let cause = v.cause.map(|c| format!(" [{c}]")).unwrap_or_default();
                let _ = writeln!(s, "  {:<4} {:<26} {:<40} {}{}", if v.ok { "ok" } else { "FAIL" }, label, v.host, v.detail, cause);
            }
        }
        for f in &self.findings {
            let _ = writeln!(s, "\n{} [{}] {}", severity_word(f.severity), f.id, f.title);
            let _ = writeln!(s, "  why: {}", f.explanation);
            let _ = writeln!(s, "  fix: {}", f.fix);
        }
        s
    }
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Pass => "PASS",
        Status::Mixed => "MIXED",
        Status::Fail => "FAIL",
        Status::Incomplete => "INCOMPLETE",
    }
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}
