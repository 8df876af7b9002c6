//! `mysql-tls-doctor decode`: what a capture holds, message by message, with the findings
//! the wire alone supports (no CA bundle involved).

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::decode::conversation::{self, Conversation, Field};
use crate::decode::pki::cert::{Cert, CertSummary};
use crate::evidence::Evidence;
use crate::rules::capture as capture_rules;
use crate::source::capture::{Connection, Decoded, Format};
use crate::vocab::Finding;

/// The JSON of `decode --json`.
#[derive(Debug, Serialize)]
pub struct DecodeReport {
    pub input: String,
    pub connections: Vec<Connection>,
    pub selected: Option<usize>,
    pub problems: Vec<String>,
    pub conversation: Conversation,
    pub evidence: Evidence,
    pub certificates: Vec<CertSummary>,
    pub findings: Vec<Finding>,
}

pub fn run(path: &Path, format: Format, id: Option<usize>) -> anyhow::Result<DecodeReport> {
    let decoded = super::capture_file::read(path, format)?;
    let t = super::capture_file::transcript(&decoded, id, path)?;
    let (connections, selected) = match &decoded {
        Decoded::Connections { connections, .. } => {
            let sel = id.or_else(|| decoded.default_connection().or(connections.first()).map(|c| c.id));
            (connections.clone(), sel)
        }
        Decoded::Bytes { .. } => (Vec::new(), None),
    };
    let c = conversation::decode(&t);
    let evidence = crate::evidence::evidence(&c, &t);
    let certificates =
        evidence.server_certificates.iter().filter_map(|d| Cert::from_der(d).ok()).map(|c| c.summary).collect();
    Ok(DecodeReport {
        input: crate::text::safe(&path.display().to_string()),
        connections,
        selected,
        problems: decoded.problems().iter().map(|p| crate::text::safe(&p.to_string())).collect(),
        findings: capture_rules::findings(&evidence),
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
        if !self.connections.is_empty() {
            let _ = writeln!(s, "connections:");
            for c in &self.connections {
                let mark = if Some(c.id) == self.selected { "*" } else { " " };
                let _ = writeln!(
                    s,
                    " {mark} #{} {} → {} ({} packets{})",
                    c.id,
                    c.client,
                    c.server,
                    c.packets,
                    if c.likely_mysql { ", MySQL" } else { "" }
                );
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
