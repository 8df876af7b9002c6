//! The pasted error message against the other inputs. [`super::error_message`] lists what the
//! message alone points to; here each candidate is confirmed (the report has its finding, for the
//! client that printed the message when a column stands for it), ruled out (the inputs could show
//! it and do not: the chain was judged, or a connection was captured or probed) or left open.
//! The report then says which cause explains the error, or that the inputs do not reproduce it
//! (the failing client probably sees another CA file or host).
//!
//! One call from `analyze::finish`, after every other rule (a live check's own findings
//! included), so the CLI, the JS API and the page get the same answer.

use crate::decode::error_text::{self, ClientFamily};
use crate::report::error_match::{Explanation, MatchStatus};
use crate::report::{Overall, Report, Status};
use crate::vocab::catalogue::RuleId;
use crate::vocab::{ClientId, Finding};

/// What can rule a cause out when it is absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DecidedBy {
    /// The chain judged for a hostname (the verdict matrix).
    Chain,
    /// A captured or probed connection (its handshake).
    Connection,
    /// Nothing the page is given: the client's own files and account.
    Neither,
}

fn decided_by(rule: RuleId) -> DecidedBy {
    use RuleId as R;
    match rule {
        R::MissingIntermediate
        | R::OutdatedBundle
        | R::WrongRegionBundle
        | R::UnknownCa
        | R::SelfSigned
        | R::RdsCaExpired
        | R::CaExpired
        | R::CaNotYetValid
        | R::LeafExpired
        | R::LeafNotYetValid
        | R::HostnameMismatch
        | R::CnOnlyCertificate
        | R::AnchorIsIntermediate
        | R::LeafIsCa
        | R::WrongKeyUsage
        | R::IssuerKeyMismatch
        | R::RdsProxyAmazonRoot
        | R::Sha1SignatureRefused => DecidedBy::Chain,
        R::ServerOffersNoTls | R::TlsVersionMismatch | R::NoSharedCipher | R::RequireSecureTransport => {
            DecidedBy::Connection
        }
        _ => DecidedBy::Neither,
    }
}

/// The verdict column that stands for a client family (its strictest usual setting: a TLS error
/// means it verified something), or `None` when no column does.
pub fn column_of(family: ClientFamily) -> Option<ClientId> {
    use ClientFamily as F;
    Some(match family {
        F::Libmysqlclient => ClientId::Mysql8VerifyIdentity,
        F::MariadbConnectorC => ClientId::MariadbVerifyServerCert,
        F::ConnectorJ => ClientId::ConnectorJVerifyIdentity,
        F::MariadbConnectorJ => ClientId::MariadbConnectorJ,
        F::GoSqlDriver | F::Go => ClientId::GoCustomCa,
        F::Pymysql => ClientId::PymysqlPython313,
        F::Mysqlclient => ClientId::MysqlclientVerifyCa,
        F::MysqlConnectorPython => ClientId::MysqlConnectorPythonVerifyIdentity,
        F::NodeMysql2 => ClientId::Mysql2VerifyIdentity,
        F::NodeMysql => ClientId::NodeMysql,
        F::NodeMariadb => ClientId::NodeMariadb,
        F::Php => ClientId::PhpMysqliVerify,
        F::RubyMysql2 => ClientId::RubyMysql2VerifyIdentity,
        F::Sqlx | F::Rustls => ClientId::Rustls,
        F::Java | F::Python | F::Node | F::Mysqlconnector | F::MysqlData | F::Dotnet => return None,
    })
}

/// Explains `error_message` (nothing when it is blank) and checks it against `report`: fills
/// `report.error`, adds `error-explained` or `error-not-explained`, and sets `lead_client`
/// from the message when nothing set it before.
pub fn attach(report: &mut Report, error_message: &str) {
    if error_message.trim().is_empty() {
        return;
    }
    let facts = error_text::read(error_message);
    let explanation = super::error_message::from_facts(&facts);
    // The phrase the first candidate quotes: what "your error says".
    let quote = explanation
        .candidates
        .first()
        .and_then(|c| facts.signals.iter().map(|s| s.quote.as_str()).find(|q| c.why.contains(*q)))
        .map(|q| crate::text::clip(q, 120));
    combine(report, explanation, quote.as_deref());
}

/// An explanation checked against `report`, `quote` being the phrase of the message its first
/// candidate points at (the half of [`attach`] that needs none of the phrase tables).
pub fn combine(report: &mut Report, mut m: Explanation, quote: Option<&str>) {
    if report.lead_client.is_none() {
        report.lead_client = m.client.and_then(column_of);
    }
    let lead = report.lead_client;
    for c in &mut m.candidates {
        let (status, decided_by) = judge(report, lead, c.rule);
        if status != MatchStatus::Open {
            c.next_step = "".into();
        }
        (c.status, c.decided_by) = (Some(status), decided_by);
    }
    if let Some(f) = explained(report, &m, lead).or_else(|| not_explained(report, &m, lead, quote)) {
        report.findings.push(f);
        report.findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    }
    if report.overall.status == Status::Incomplete && m.recognised {
        report.overall = Overall { status: Status::Incomplete, headline: incomplete_headline(&m) };
    }
    report.error = Some(m);
}

/// Confirmed, ruled out or open, and what decided it.
fn judge(report: &Report, lead: Option<ClientId>, rule: RuleId) -> (MatchStatus, Option<String>) {
    // "no CA file" is a finding about what was pasted here, not about the client's own setting.
    if rule == RuleId::NoCaBundle {
        return (MatchStatus::Open, None);
    }
    let kind = decided_by(rule);
    let lead_verdicts: Vec<_> = report.verdicts.iter().filter(|v| Some(v.client) == lead).collect();
    if kind == DecidedBy::Chain && !lead_verdicts.is_empty() {
        if let Some(v) = lead_verdicts.iter().find(|v| v.causes.iter().any(|c| c.rule == rule)) {
            let detail = v.causes.iter().find(|c| c.rule == rule).map(|c| c.detail.as_str()).unwrap_or_default();
            return (MatchStatus::Confirmed, Some(format!("{} for {}: {detail}", label(v.client), v.host)));
        }
    } else if let Some(f) = report.finding(rule) {
        return (MatchStatus::Confirmed, Some(f.title.clone()));
    }
    match kind {
        DecidedBy::Chain if !report.verdicts.is_empty() => (MatchStatus::RuledOut, Some(chain_words(report, lead))),
        DecidedBy::Connection if report.conversation.is_some() => {
            (MatchStatus::RuledOut, Some("not seen in the connection given (capture or live check)".into()))
        }
        _ => (MatchStatus::Open, None),
    }
}

fn label(id: ClientId) -> &'static str {
    super::clients::client(id).label
}

/// Why the chain rules a cause out, in words.
fn chain_words(report: &Report, lead: Option<ClientId>) -> String {
    let hosts = report.inputs.hosts.join(", ");
    match lead {
        Some(id) if report.verdicts.iter().filter(|v| v.client == id).all(|v| v.ok) => {
            format!("the chain given verifies for {} ({hosts})", label(id))
        }
        Some(id) => format!("not a cause the chain given shows for {} ({hosts})", label(id)),
        None if report.verdicts.iter().all(|v| v.ok) => format!("the chain given verifies for every client ({hosts})"),
        None => format!("not a cause the chain given shows for any client ({hosts})"),
    }
}

/// "Your error is explained by: …" with the confirmed causes.
fn explained(report: &Report, m: &Explanation, lead: Option<ClientId>) -> Option<Finding> {
    let confirmed: Vec<_> = m.confirmed().collect();
    let first = confirmed.first()?;
    let causes: Vec<String> =
        confirmed.iter().map(|c| format!("{} ({})", lower_first(c.rule.rule().summary), c.rule)).collect();
    let mut f = Finding::of(
        RuleId::ErrorExplained,
        format!("Your error is explained by: {}", causes.join("; ")),
        format!(
            "{}{} The inputs show it: {}.",
            first.why,
            sentence_end(&first.why),
            first.decided_by.as_deref().unwrap_or_default()
        ),
    );
    if let Some(cause) = report.finding(first.rule) {
        f.fix = cause.fix.clone();
        f.commands = cause.commands.clone();
    }
    f.clients = lead.into_iter().collect();
    Some(f)
}

/// "Your error says … but …" when every cause the inputs could show is ruled out.
fn not_explained(report: &Report, m: &Explanation, lead: Option<ClientId>, quote: Option<&str>) -> Option<Finding> {
    let all_ruled_out = !m.candidates.is_empty() && m.candidates.iter().all(|c| c.status() == MatchStatus::RuledOut);
    if !m.tls_related || !all_ruled_out {
        return None;
    }
    let says = quote.map_or_else(|| "what it says".to_owned(), |q| format!("\"{q}\""));
    let lead_ok = lead.filter(|id| {
        let mut own = report.verdicts.iter().filter(|v| v.client == *id).peekable();
        own.peek().is_some() && own.all(|v| v.ok)
    });
    let but = match lead_ok {
        Some(id) => format!("the chain you gave verifies for that client ({})", label(id)),
        None if !report.verdicts.is_empty() && report.verdicts.iter().all(|v| v.ok) => {
            "the chain you gave verifies for every client".to_owned()
        }
        None => {
            let ids: Vec<&str> = m.candidates.iter().map(|c| c.rule.as_str()).collect();
            format!("none of the causes it points to ({}) shows in the inputs you gave", ids.join(", "))
        }
    };
    let mut f = Finding::of(
        RuleId::ErrorNotExplained,
        format!(
            "Your error says {says} but {but}: the client probably uses another CA file or connects to another host"
        ),
        RuleId::ErrorNotExplained.rule().why.to_owned(),
    );
    f.clients = lead.into_iter().collect();
    Some(f)
}

/// The headline when only the message can be judged.
fn incomplete_headline(m: &Explanation) -> String {
    if !m.tls_related {
        return format!("Your error is not a TLS problem. {}", m.instead.as_deref().unwrap_or_default());
    }
    let ids: Vec<&str> = m.candidates.iter().map(|c| c.rule.as_str()).collect();
    match ids.len() {
        0 => "Your error is about TLS: paste the chain or run the live check to find the cause".into(),
        1 => format!("Your error points to {}", ids.join(", ")),
        _ => format!("Your error points to one of {}", ids.join(", ")),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "." unless `text` already ends a sentence: the candidate's words are joined to the next one.
fn sentence_end(text: &str) -> &'static str {
    if text.trim_end().ends_with(['.', '!', '?']) {
        ""
    } else {
        "."
    }
}
