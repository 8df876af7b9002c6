//! A finding: one rule that applies, with the words for this case and what it is about.

use serde::Serialize;

use super::catalogue::{RuleId, Severity};
use super::client::ClientId;

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
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
    /// The fix as exact commands or settings to copy (an `aws rds …` command, a client flag, a
    /// URL), in the order to run them; empty when the fix is only words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commands: Vec<CopyText>,
}

/// One thing to copy: a shell command, a statement, a setting line or a code fragment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct CopyText {
    /// What it does, in a few words ("Switch the instance to rds-ca-rsa2048-g1").
    pub label: String,
    /// The exact text, ready to paste.
    pub text: String,
}

impl Finding {
    /// A finding of rule `id` with its severity, the given words and the rule's general fix.
    pub fn of(id: RuleId, title: String, explanation: String) -> Finding {
        let rule = id.rule();
        Finding {
            id,
            severity: rule.severity,
            title,
            explanation,
            fix: rule.fix.to_owned(),
            clients: Vec::new(),
            hosts: Vec::new(),
            certificates: Vec::new(),
            commands: Vec::new(),
        }
    }
}
