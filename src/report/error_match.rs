//! The pasted error message in the report: what it points to, and for each cause whether the
//! other inputs (chain, capture, live check) confirm it, rule it out or leave it open. The rules
//! fill it (`rules::error_match`); every view reads it.

use serde::Serialize;

use crate::decode::error_text::ClientFamily;
use crate::vocab::catalogue::RuleId;

/// How sure the message alone makes us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

/// What the other inputs say about one cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
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

/// One possible cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Candidate {
    pub rule: RuleId,
    pub confidence: Confidence,
    /// The words of the message that point here, quoted, and what they mean.
    pub why: String,
    /// The one input that would confirm this cause or rule it out (empty once the inputs did).
    pub next_step: std::borrow::Cow<'static, str>,
    /// What the other inputs say about it; `None` when the message was explained alone
    /// (`mysql-tls-doctor explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<MatchStatus>,
    /// What decided it: the finding that shows it, or the input that rules it out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
}

impl Candidate {
    /// Open when nothing judged it.
    pub fn status(&self) -> MatchStatus {
        self.status.unwrap_or(MatchStatus::Open)
    }
}

/// What a message says (the CLI's `explain --json` output), and in a report what the other
/// inputs say about each cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Explanation {
    /// Whether any phrase of the message was recognised.
    pub recognised: bool,
    /// False for a message that is not about TLS (or not recognised); then `instead` says what it is.
    pub tls_related: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instead: Option<std::borrow::Cow<'static, str>>,
    /// The client family the message comes from, when it says.
    pub client: Option<ClientFamily>,
    /// Most likely first (the message's order within one confidence).
    pub candidates: Vec<Candidate>,
}

impl Explanation {
    /// The candidates the inputs confirm, in order.
    pub fn confirmed(&self) -> impl Iterator<Item = &Candidate> {
        self.candidates.iter().filter(|c| c.status() == MatchStatus::Confirmed)
    }
}
