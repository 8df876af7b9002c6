//! The pasted error message in the report: what it points to, and for each cause whether the
//! other inputs (chain, capture, live check) confirm it, rule it out or leave it open. The rules
//! fill it (`rules::error_match`); every view reads it.

use serde::Serialize;

use crate::decode::error_text::ClientFamily;
use crate::vocab::catalogue::RuleId;

/// How sure the message alone makes us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

/// What the other inputs say about one cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchStatus {
    /// The inputs show this cause.
    Confirmed,
    /// The inputs could show it and do not.
    RuledOut,
    /// Nothing given decides it.
    Open,
}

impl MatchStatus {
    /// The one word the views print.
    pub fn word(self) -> &'static str {
        match self {
            MatchStatus::Confirmed => "confirmed",
            MatchStatus::RuledOut => "ruled out",
            MatchStatus::Open => "open",
        }
    }
}

/// One cause the message points to, with what the inputs say about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchedCandidate {
    pub rule: RuleId,
    pub confidence: Confidence,
    pub status: MatchStatus,
    /// The words of the message that point here, quoted, and what they mean.
    pub why: String,
    /// The one input that would decide it (empty when the inputs already did).
    pub next_step: &'static str,
    /// What decided it: the finding that shows it, or the input that rules it out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
}

/// The pasted error, explained and checked against the other inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorMatch {
    /// Whether any phrase of the message was recognised.
    pub recognised: bool,
    /// False for a message that is not about TLS; then `instead` says what it is.
    pub tls_related: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instead: Option<&'static str>,
    /// The client family the message comes from, when it says.
    pub client: Option<ClientFamily>,
    /// Most likely first (the message's order within one confidence).
    pub candidates: Vec<MatchedCandidate>,
}

impl ErrorMatch {
    /// The candidates the inputs confirm, in order.
    pub fn confirmed(&self) -> impl Iterator<Item = &MatchedCandidate> {
        self.candidates.iter().filter(|c| c.status == MatchStatus::Confirmed)
    }
}
