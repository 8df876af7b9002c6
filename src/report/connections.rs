//! What happened in each TCP connection of a capture: the report's `connections` section, its
//! summary (one line per connection, or grouped with counts for many) and which connection is
//! the most telling one to show first. The rules fill it (`rules::outcome`); this knows no
//! rule logic.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::vocab::catalogue::RuleId;

/// How one connection ended, from what its bytes prove.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The SYN was answered by RST: nothing listens on that port.
    TcpRefused,
    /// The server sent an ERR instead of its greeting (1129, 1130, 1040 …).
    RefusedBeforeGreeting,
    /// One side closed after the greeting, before any login or SSLRequest.
    ClosedAfterGreeting,
    /// The client logged in without TLS, whatever the answer.
    PlaintextLogin,
    /// The handshake completed and both sides went on: application data both ways.
    TlsEstablished,
    /// An alert, or a side closing during or right after the handshake.
    TlsFailed,
    /// The capture ends before anything decisive.
    Incomplete,
}

impl Outcome {
    /// The JSON value, also the word the summaries print.
    pub const fn id(self) -> &'static str {
        match self {
            Outcome::TcpRefused => "tcp-refused",
            Outcome::RefusedBeforeGreeting => "refused-before-greeting",
            Outcome::ClosedAfterGreeting => "closed-after-greeting",
            Outcome::PlaintextLogin => "plaintext-login",
            Outcome::TlsEstablished => "tls-established",
            Outcome::TlsFailed => "tls-failed",
            Outcome::Incomplete => "incomplete",
        }
    }

    /// How telling a connection with this outcome is, to pick the one shown first: a failure
    /// over a success over a refusal (higher first).
    const fn rank(self) -> u8 {
        match self {
            Outcome::TlsFailed => 6,
            Outcome::ClosedAfterGreeting | Outcome::RefusedBeforeGreeting => 5,
            Outcome::PlaintextLogin => 4,
            Outcome::TlsEstablished => 3,
            Outcome::Incomplete => 2,
            Outcome::TcpRefused => 1,
        }
    }
}

/// The side that ended a failed connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Client,
    Server,
}

impl Side {
    pub const fn word(self) -> &'static str {
        match self {
            Side::Client => "client",
            Side::Server => "server",
        }
    }
}

/// One TCP connection's outcome (`connections[*]` in the JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionOutcome {
    /// The capture's connection id (Wireshark's `tcp.stream`).
    pub id: usize,
    pub client: String,
    pub server: String,
    pub packets: usize,
    /// On a MySQL port, or the server spoke first like one.
    pub likely_mysql: bool,
    pub outcome: Outcome,
    /// Who ended a failed connection; null when nobody failed.
    pub failed_by: Option<Side>,
    /// The root cause as a rule id, when the bytes show one.
    #[serde(serialize_with = "rule_id_out", deserialize_with = "rule_id")]
    pub cause: Option<RuleId>,
    /// Where and how it ended, in words ("client alert unknown_ca after the server's
    /// certificate"); the grouped summary groups by it.
    pub step: String,
    /// The greeting's version string, as sent.
    pub server_version: Option<String>,
    /// The negotiated TLS version ("TLS 1.3").
    pub tls_version: Option<String>,
}

/// A rule id as its stable id, in JSON and to the page alike (postcard would write a derived
/// enum as its index, which only a derived `Deserialize` reads).
fn rule_id_out<S: serde::Serializer>(id: &Option<RuleId>, s: S) -> Result<S::Ok, S::Error> {
    id.map(RuleId::as_str).serialize(s)
}

/// A rule id as serialised (its stable id), read back by [`RuleId::parse`].
fn rule_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<RuleId>, D::Error> {
    let id: Option<String> = Deserialize::deserialize(d)?;
    id.map(|id| RuleId::parse(&id).ok_or_else(|| serde::de::Error::custom(format!("unknown rule id '{id}'"))))
        .transpose()
}

impl ConnectionOutcome {
    /// `tls-failed by client: step`, the words of one summary line.
    pub fn words(&self) -> String {
        let mut s = self.outcome.id().to_owned();
        if let Some(by) = self.failed_by {
            let _ = write!(s, " by {}", by.word());
        }
        if !self.step.is_empty() {
            let _ = write!(s, ": {}", self.step);
        }
        s
    }
}

/// Connections alike in outcome, side, cause and step, with how many there are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeGroup {
    pub count: usize,
    /// The first connection of the group: the one to jump to.
    pub first: usize,
    /// That connection's outcome (every member has the same words).
    pub example: ConnectionOutcome,
}

/// Above this many connections the summary is grouped.
pub const LIST_MAX: usize = 20;

/// What makes connections alike: outcome, side, cause, step.
type GroupKey<'a> = (Outcome, Option<Side>, Option<RuleId>, &'a str);

/// Groups alike connections, largest group first (ties: the first met first).
pub fn groups(list: &[ConnectionOutcome]) -> Vec<OutcomeGroup> {
    let mut index: std::collections::HashMap<GroupKey<'_>, usize> = std::collections::HashMap::new();
    let mut out: Vec<OutcomeGroup> = Vec::new();
    for c in list {
        let key = (c.outcome, c.failed_by, c.cause, c.step.as_str());
        match index.get(&key).and_then(|&i| out.get_mut(i)) {
            Some(g) => g.count += 1,
            None => {
                index.insert(key, out.len());
                out.push(OutcomeGroup { count: 1, first: c.id, example: c.clone() });
            }
        }
    }
    out.sort_by_key(|g| std::cmp::Reverse(g.count));
    out
}

/// The connection to show first: the most telling outcome, MySQL ones (and refusals, which
/// carry no bytes to recognise MySQL by) before others, the first met among equals.
pub fn most_telling(list: &[ConnectionOutcome]) -> Option<usize> {
    list.iter().max_by_key(|c| telling_key(c)).map(|c| c.id)
}

/// How telling a connection is, for [`most_telling`]: the larger key wins; among equals the
/// lower id (the first met).
pub type TellingKey = (bool, u8, std::cmp::Reverse<usize>);

pub fn telling_key(c: &ConnectionOutcome) -> TellingKey {
    let mysql = c.likely_mysql || c.outcome == Outcome::TcpRefused;
    (mysql, c.outcome.rank(), std::cmp::Reverse(c.id))
}

/// `12,345`: counts as people read them.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The summary as text lines: one per connection (`*` marks `selected`), or grouped with
/// counts when there are more than [`LIST_MAX`].
pub fn summary_lines(list: &[ConnectionOutcome], selected: Option<usize>) -> Vec<String> {
    if list.len() > LIST_MAX {
        let mut lines = vec![format!("{} connections:", thousands(list.len() as u64))];
        for g in groups(list) {
            lines.push(format!("  {} × {} (first: #{})", thousands(g.count as u64), g.example.words(), g.first));
        }
        return lines;
    }
    list.iter()
        .map(|c| {
            let mark = if Some(c.id) == selected { "*" } else { " " };
            let versions: Vec<&str> =
                [c.tls_version.as_deref(), c.server_version.as_deref()].into_iter().flatten().collect();
            let versions = if versions.is_empty() { String::new() } else { format!(" [{}]", versions.join(", ")) };
            format!("{mark} #{} {} → {}  {}{versions}", c.id, c.client, c.server, c.words())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn(id: usize, outcome: Outcome, mysql: bool) -> ConnectionOutcome {
        ConnectionOutcome {
            id,
            client: "127.0.0.1:50000".into(),
            server: "127.0.0.1:3306".into(),
            packets: 2,
            likely_mysql: mysql,
            outcome,
            failed_by: None,
            cause: None,
            step: String::new(),
            server_version: None,
            tls_version: None,
        }
    }

    #[test]
    fn the_most_telling_connection_is_a_failure_over_a_success_over_a_refusal() {
        let mut list: Vec<_> = (0..10).map(|i| conn(i, Outcome::TcpRefused, false)).collect();
        assert_eq!(most_telling(&list), Some(0));
        list.push(conn(10, Outcome::TlsEstablished, true));
        assert_eq!(most_telling(&list), Some(10));
        list.push(conn(11, Outcome::RefusedBeforeGreeting, true));
        list.push(conn(12, Outcome::RefusedBeforeGreeting, true));
        assert_eq!(most_telling(&list), Some(11));
        list.push(conn(13, Outcome::TlsFailed, false));
        assert_eq!(most_telling(&list), Some(11), "a MySQL connection before another");
        assert_eq!(most_telling(&[]), None);
    }

    #[test]
    fn an_outcome_crosses_to_the_page_and_back() {
        let mut c = conn(3, Outcome::TlsFailed, true);
        c.cause = Some(RuleId::MissingIntermediate);
        let bytes = postcard::to_allocvec(&c).expect("encodes");
        assert_eq!(postcard::from_bytes::<ConnectionOutcome>(&bytes).ok(), Some(c));
    }

    #[test]
    fn many_connections_are_grouped_with_counts() {
        let mut list: Vec<_> = (0..30).map(|i| conn(i, Outcome::TlsEstablished, true)).collect();
        let mut failed = conn(30, Outcome::TlsFailed, true);
        failed.failed_by = Some(Side::Client);
        failed.cause = Some(RuleId::TlsAlert);
        failed.step = "alert unknown_ca".into();
        list.push(failed);
        assert_eq!(
            summary_lines(&list, None),
            [
                "31 connections:",
                "  30 × tls-established (first: #0)",
                "  1 × tls-failed by client: alert unknown_ca (first: #30)"
            ]
        );
        assert_eq!(thousands(9874), "9,874");
        assert_eq!(thousands(123_456_789), "123,456,789");
        assert_eq!(thousands(12), "12");
    }
}
