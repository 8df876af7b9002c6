//! `mysql-tls-doctor decode`: what a capture holds, message by message, with the findings
//! the wire alone supports (no CA bundle involved).

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::decode::conversation::{self, Conversation, Field};
use crate::decode::pki::cert::{Cert, CertSummary};
use crate::evidence::Evidence;
use crate::report::connections::{summary_lines, ConnectionOutcome, LIST_MAX};
use crate::rules::capture as capture_rules;
use crate::rules::outcome::Judged;
use crate::source::capture::{Decoded, Format};
use crate::vocab::Direction;
use crate::vocab::Finding;

/// The JSON of `decode --json`.
#[derive(Debug, Serialize)]
pub struct DecodeReport {
    pub input: String,
    /// Every TCP connection with its outcome, first the summary the text prints.
    pub connections: Connections,
    pub selected: Option<usize>,
    pub problems: Vec<String>,
    pub conversation: Conversation,
    pub evidence: Evidence,
    pub certificates: Vec<CertSummary>,
    pub findings: Vec<Finding>,
}

/// Every connection's outcome and how it was read, side by side (the same index): in the
/// JSON one object per connection, the outcome's fields first. Kept apart so the outcomes are
/// not copied into a second list of 10,000 entries (memory stays under the file's size).
#[derive(Debug, Default)]
pub struct Connections {
    pub outcomes: Vec<ConnectionOutcome>,
    pub read: Vec<HowRead>,
}

/// How one connection was read.
#[derive(Debug, Serialize)]
pub struct HowRead {
    pub first_packet: usize,
    /// Empty lists are left out: a capture of 10,000 connections prints them 10,000 times.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<(Direction, u64)>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// One connection in the JSON.
#[derive(Serialize)]
struct Entry<'a> {
    #[serde(flatten)]
    outcome: &'a ConnectionOutcome,
    #[serde(flatten)]
    read: &'a HowRead,
}

impl Serialize for Connections {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.outcomes.iter().zip(&self.read).map(|(outcome, read)| Entry { outcome, read }))
    }
}

pub fn run(path: &Path, format: Format, id: Option<usize>, now: i64) -> anyhow::Result<DecodeReport> {
    let Judged { decoded, outcomes, selected } = super::capture_file::read_judged(path, format, now, id)?;
    let problems = decoded.problems().iter().map(|p| crate::text::safe(&p.to_string())).collect();
    let t = super::capture_file::transcript(&decoded, selected, path)?;
    let connections = match &decoded {
        Decoded::Connections { connections, .. } => Connections {
            outcomes,
            read: connections
                .iter()
                .map(|c| HowRead { first_packet: c.first_packet, gaps: c.gaps.clone(), notes: c.notes.clone() })
                .collect(),
        },
        Decoded::Bytes { .. } => Connections::default(),
    };
    // The command ends right after this: freeing tens of thousands of transcripts one by one
    // was a tenth of `decode`'s time on a capture of 10,000 sessions, and the OS takes the
    // memory back at once when the process exits.
    std::mem::forget(decoded);
    let c = conversation::decode(&t);
    let evidence = crate::evidence::evidence(&c, &t);
    let certificates =
        evidence.server_certificates.iter().filter_map(|d| Cert::from_der(d).ok()).map(|c| c.summary).collect();
    Ok(DecodeReport {
        input: crate::text::safe(&path.display().to_string()),
        selected: if connections.outcomes.is_empty() { None } else { selected },
        connections,
        problems,
        findings: capture_rules::findings_at(&evidence, Some(now)),
        conversation: c,
        evidence,
        certificates,
    })
}

fn tree(out: &mut String, fields: &[Field], depth: usize) {
    for f in fields {
        let _ = writeln!(
            out,
            "{:indent$}{}: {}  [{}..{}]",
            "",
            f.name,
            f.value,
            f.range.start,
            f.range.end,
            indent = 6 + depth * 2
        );
        tree(out, &f.children, depth + 1);
    }
}

impl DecodeReport {
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let outcomes = &self.connections.outcomes;
        if !outcomes.is_empty() {
            let lines = summary_lines(outcomes, self.selected);
            if outcomes.len() <= LIST_MAX {
                let _ = writeln!(s, "connections:");
            }
            for line in lines {
                let _ = writeln!(s, "{line}");
            }
            if let Some(id) = self.selected {
                let _ = writeln!(s, "\nconnection #{id} (`--connection N` shows another):");
            }
        }
        for p in &self.problems {
            let _ = writeln!(s, "problem: {p}");
        }
        let _ = writeln!(s, "\nmessages:");
        for m in &self.conversation.messages {
            let seq = m.seq.map(|q| format!(" seq {q}")).unwrap_or_default();
            let _ = writeln!(
                s,
                "  {} #{}{seq} {}  [{}..{}]",
                m.dir.arrow(),
                m.index_in_dir,
                m.summary,
                m.range.start,
                m.range.end
            );
            tree(&mut s, &m.fields, 0);
        }
        for e in &self.conversation.errors {
            let _ = writeln!(s, "  decode problem at byte {}: {}", e.offset, e.message);
        }
        if !self.certificates.is_empty() {
            let _ = writeln!(s, "\nserver certificates:");
            for c in &self.certificates {
                let _ = writeln!(s, "  {} (issuer {}; {} → {})", c.subject, c.issuer, c.not_before, c.not_after);
            }
        }
        for f in &self.findings {
            let _ = writeln!(s, "\n[{}] {}\n  why: {}\n  fix: {}", f.id, f.title, f.explanation, f.fix);
        }
        s
    }
}
