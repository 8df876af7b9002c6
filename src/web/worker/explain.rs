//! The explain request: a pasted client error message → the causes it points to
//! ([`crate::rules::error_message::explain`], the CLI's `explain`), answered by the capture
//! worker. The phrase tables of [`crate::decode::error_text`] and the meanings of
//! [`crate::rules::error_message`] then live in that worker's wasm, not in the page's first
//! load; the page gets the answer as [`Explained`].
//!
//! ```text
//!  page                                      capture worker
//!   ── Explain {id, text}                  ─►  rules::error_message::explain(text)
//!   ◄─ Explained {id, explained}           ─   (the page keeps the answer of its latest id)
//! ```
//!
//! [`Explained`] is [`Explanation`] with owned words: rule ids as their stable ids (the page
//! maps them back with [`crate::vocab::catalogue::RuleId::parse`]; a derived `Deserialize` of
//! `RuleId` would carry the table of every name into the page) and the client family and
//! confidence as their JSON words, so the page needs none of the explain code to read it.

use serde::{Deserialize, Serialize};

use crate::rules::error_message::{Confidence, Explanation};

/// What a pasted error message says, as the page receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explained {
    /// Whether any phrase of the message was recognised.
    pub recognised: bool,
    /// False for a message that is not about TLS (or not recognised); then `instead` says what it is.
    pub tls_related: bool,
    pub instead: Option<String>,
    /// The client family that printed the message (`libmysqlclient`, `connector-j`, …), as in
    /// the CLI's `explain --json`.
    pub client: Option<String>,
    /// Most likely first.
    pub causes: Vec<ExplainedCause>,
}

/// One possible cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExplainedCause {
    /// The rule's stable id (`missing-intermediate`).
    pub rule: String,
    /// `high`, `medium` or `low`, as in the CLI's `explain --json`.
    pub confidence: String,
    /// The words of the message that point here, quoted, and what they mean.
    pub why: String,
    /// The one input that would confirm this cause or rule it out.
    pub next_step: String,
}

impl Explained {
    /// The page's form of the core's explanation (in the worker).
    pub fn of(e: &Explanation) -> Explained {
        Explained {
            recognised: e.recognised,
            tls_related: e.tls_related,
            instead: e.instead.map(str::to_owned),
            client: e.client.map(|c| c.as_str().to_owned()),
            causes: e
                .candidates
                .iter()
                .map(|c| ExplainedCause {
                    rule: c.rule.as_str().to_owned(),
                    confidence: confidence_word(c.confidence).to_owned(),
                    why: c.why.clone(),
                    next_step: c.next_step.to_owned(),
                })
                .collect(),
        }
    }
}

/// The word serde gives each confidence (`rename_all = "lowercase"`), without serde_json.
fn confidence_word(c: Confidence) -> &'static str {
    match c {
        Confidence::High => "high",
        Confidence::Medium => "medium",
        Confidence::Low => "low",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::error_message::explain;

    #[test]
    fn carries_the_same_words_as_the_cli_json() {
        for text in [
            "ERROR 2026 (HY000): SSL connection error: error:0A000086:SSL routines::certificate verify failed",
            "x509: certificate signed by unknown authority",
            "ERROR 2003 (HY000): Can't connect to MySQL server on 'db.example.com:3306' (111)",
            "",
        ] {
            let core = explain(text);
            let page = Explained::of(&core);
            let json = serde_json::to_value(&core).expect("json");
            assert_eq!(page.recognised, core.recognised, "{text}");
            assert_eq!(serde_json::Value::Bool(page.tls_related), json["tls_related"], "{text}");
            assert_eq!(page.instead.as_deref(), core.instead, "{text}");
            assert_eq!(page.client.as_deref(), json["client"].as_str(), "{text}");
            let causes: Vec<(String, String, String, String)> = core
                .candidates
                .iter()
                .zip(json["candidates"].as_array().into_iter().flatten())
                .map(|(c, j)| {
                    let word = j["confidence"].as_str().unwrap_or_default().to_owned();
                    (c.rule.as_str().to_owned(), word, c.why.clone(), c.next_step.to_owned())
                })
                .collect();
            let got: Vec<(String, String, String, String)> = page
                .causes
                .iter()
                .map(|c| (c.rule.clone(), c.confidence.clone(), c.why.clone(), c.next_step.clone()))
                .collect();
            assert_eq!(got, causes, "{text}");
            // Each id maps back to its rule on the page.
            for c in &page.causes {
                assert_eq!(crate::vocab::catalogue::RuleId::parse(&c.rule).map(|r| r.as_str()), Some(c.rule.as_str()));
            }
        }
    }

    #[test]
    fn a_verify_failure_names_its_causes() {
        let page = Explained::of(&explain("x509: certificate signed by unknown authority"));
        assert_eq!((page.recognised, page.tls_related, page.client.as_deref()), (true, true, Some("go")));
        let ids: Vec<(&str, &str)> = page.causes.iter().map(|c| (c.rule.as_str(), c.confidence.as_str())).collect();
        // rules::error_message's NO_PATH, in its order.
        assert_eq!(
            ids,
            [
                ("missing-intermediate", "medium"),
                ("outdated-bundle", "medium"),
                ("unknown-ca", "medium"),
                ("self-signed", "low"),
                ("rds-proxy-amazon-root", "low"),
            ]
        );
        assert_eq!(
            page.causes[0].why,
            "\"x509: certificate signed by unknown authority\" — no path from the server's certificate to a CA the client trusts: the server may not send its intermediate, or the CA file lacks the CA"
        );
    }
}
