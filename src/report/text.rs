//! The report as plain text for a terminal. All certificate text in the report is already
//! made safe (`crate::text::safe`), so nothing here can move the cursor or flip the text.

use std::fmt::Write as _;

use super::{Report, Status};
use crate::vocab::catalogue::Severity;

impl Report {
    /// Plain text for a terminal. All certificate text in the report is already made safe.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{} — {}", status_word(self.overall.status), self.overall.headline);
        let _ = writeln!(s, "checked at {}", self.checked_at);
        for line in self.lead_lines() {
            let _ = writeln!(s, "{line}");
        }
        if !self.connections.is_empty() {
            let _ = writeln!(s, "\nconnections (the report is about #{}):", self.selected_connection.unwrap_or(0));
            for line in super::connections::summary_lines(&self.connections, self.selected_connection) {
                let _ = writeln!(s, "{line}");
            }
        }
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
                    let rds = c
                        .summary
                        .rds
                        .as_ref()
                        .map(|r| {
                            format!(
                                " [{}{}]",
                                r.ca_id,
                                r.region.as_deref().map(|g| format!(" {g}")).unwrap_or_default()
                            )
                        })
                        .unwrap_or_default();
                    let _ = writeln!(
                        s,
                        "  {depth}: {}{rds} ({from}; valid {} → {}{}; {})",
                        c.summary.common_name.as_deref().unwrap_or(&c.summary.subject),
                        c.summary.not_before.get(..10).unwrap_or(""),
                        c.summary.not_after.get(..10).unwrap_or(""),
                        if c.valid_at_check_time { "" } else { "; NOT VALID at check time" },
                        c.time_left()
                    );
                }
            }
        }
        if !self.verdicts.is_empty() {
            let _ = writeln!(s, "\nverdicts:");
            for v in &self.verdicts {
                let label = self.clients.iter().find(|c| c.id == v.client).map_or(v.client.as_str(), |c| &*c.label);
                let cause = v.cause.map(|c| format!(" [{c}]")).unwrap_or_default();
                // The first cause in full, then the id of each further one the client would meet
                // next (their words are in the findings below).
                let more: String = v.causes.iter().skip(1).map(|c| format!(" + {}", c.rule)).collect();
                let _ = writeln!(
                    s,
                    "  {:<4} {:<26} {:<40} {}{}{}",
                    if v.ok { "ok" } else { "FAIL" },
                    label,
                    v.host,
                    v.detail,
                    cause,
                    more
                );
            }
        }
        if let Some(p) = &self.probe {
            let _ = writeln!(s, "\nlive check of {}:", p.target);
            if let Some(v) = &p.server_version {
                let _ = writeln!(s, "  server: {v}");
            }
            match (&p.tls_version, &p.tls_error) {
                (Some(v), _) => {
                    let _ = writeln!(
                        s,
                        "  TLS: {}, {}{}",
                        v,
                        p.cipher_suite.as_deref().unwrap_or_default(),
                        p.sni.as_ref().map(|n| format!(", SNI {n}")).unwrap_or_default()
                    );
                }
                (None, Some(e)) => {
                    let _ = writeln!(s, "  TLS: failed: {e}");
                }
                _ => {}
            }
            if let Some(pl) = &p.plaintext_login {
                let _ = writeln!(s, "  plaintext login: {pl}");
            }
            for v in &p.versions {
                let _ = writeln!(s, "  {}: {}", v.version, v.detail);
            }
        }
        for f in &self.findings {
            let _ = writeln!(s, "\n{} [{}] {}", severity_word(f.severity), f.id, f.title);
            let _ = writeln!(s, "  why: {}", f.explanation);
            let _ = writeln!(s, "  fix: {}", f.fix);
            if !f.commands.is_empty() {
                // One command per line, each after its label as a shell comment: the block can
                // be pasted as it is.
                let _ = writeln!(s, "  commands:");
                for c in &f.commands {
                    let _ = writeln!(s, "    # {}\n    {}", c.label, c.text);
                }
            }
        }
        s
    }
}

impl Report {
    /// The person's own column first: its verdict per host, and what their setting was read as.
    pub fn lead_lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(s) = &self.settings {
            let how = s.decisive.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
            let column = s.client.map_or("no verdict column".to_owned(), |c| format!("column {c}"));
            out.push(format!("your setting: {:?}{how} → {column}", s.format));
            out.extend(s.notes.iter().map(|n| format!("  note (at byte {}): {}", n.offset, n.text)));
        }
        let Some(lead) = self.lead_client else { return out };
        let label = self.clients.iter().find(|c| c.id == lead).map_or(lead.as_str(), |c| &*c.label);
        for v in self.verdicts.iter().filter(|v| v.client == lead) {
            let word = match (v.ok, v.unverified) {
                (true, false) => "ok",
                (true, true) => "connects, UNVERIFIED",
                (false, _) => "FAIL",
            };
            let cause = v.cause.map(|c| format!(" [{c}]")).unwrap_or_default();
            out.push(format!("your client, {label}: {word} for {} — {}{cause}", v.host, v.detail));
        }
        out
    }

    /// The snippets, for `check --snippets` (Markdown code blocks when `markdown`).
    pub fn snippets_text(&self, markdown: bool) -> String {
        let mut s = String::new();
        if self.snippets.is_empty() {
            return s;
        }
        let _ = writeln!(s, "\n{}", if markdown { "## Settings to use" } else { "settings to use:" });
        for c in &self.snippets {
            if markdown {
                let _ = writeln!(s, "\n{}:\n\n```\n{}\n```", c.label, c.text.trim_end());
            } else {
                let _ = writeln!(s, "\n# {}\n{}", c.label, c.text.trim_end());
            }
        }
        s
    }
}

pub(super) fn status_word(s: Status) -> &'static str {
    s.word()
}

pub(super) fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}
