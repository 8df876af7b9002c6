//! The verdict matrix as the page lays it out: the person's own client first, then the other
//! columns with every group of columns that agree in every row folded into one ("7 clients:
//! ✗ leaf expired"), and each cell as a mark and the short words of its first cause.
//!
//! Plain Rust over the report, unit-tested natively; `components::verdict_matrix` renders it.
//! The short words are the rule's stable id read as words (`leaf-expired` → "leaf expired"):
//! the catalogue's summaries are sentences, and a second table of short names would be one
//! more thing to keep in step (and more bytes in the page).

use crate::report::{Report, Verdict};
use crate::vocab::catalogue::RuleId;
use crate::vocab::ClientId;

/// What a cell says first, in a symbol that is also spelled out beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Connects and verifies.
    Verified,
    /// Connects without verifying what its setting suggests.
    Unverified,
    /// Refuses the server.
    Fails,
}

impl Mark {
    pub fn of(v: &Verdict) -> Mark {
        match (v.ok, v.unverified) {
            (false, _) => Mark::Fails,
            (true, true) => Mark::Unverified,
            (true, false) => Mark::Verified,
        }
    }

    pub const fn symbol(self) -> &'static str {
        match self {
            Mark::Verified => "✓",
            Mark::Unverified => "!",
            Mark::Fails => "✗",
        }
    }

    /// The CSS class of a cell (`ok` and `fail` as before, so colours stay where they were).
    pub const fn class(self) -> &'static str {
        match self {
            Mark::Verified => "ok",
            Mark::Unverified => "unverified",
            Mark::Fails => "fail",
        }
    }
}

/// A rule's id as words: `missing-intermediate` → "missing intermediate".
pub fn rule_words(rule: RuleId) -> String {
    rule.as_str().replace('-', " ")
}

/// A cell's short text: the first cause's words and how many more there are ("leaf expired
/// +1"), or "verified" / "unverified".
pub fn short(v: &Verdict) -> String {
    match v.causes.split_first() {
        Some((first, [])) => rule_words(first.rule),
        Some((first, more)) => format!("{} +{}", rule_words(first.rule), more.len()),
        None if v.unverified => "unverified".into(),
        None => "verified".into(),
    }
}

/// One column of the page's matrix: a single client, or clients whose cells agree in every row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// In the report's column order; the first one's verdicts stand for the group's cells.
    pub members: Vec<ClientId>,
}

impl Column {
    pub fn is_group(&self) -> bool {
        self.members.len() > 1
    }
}

/// Two cells are "the same" when they share the mark and every cause, in order.
fn same(a: Option<&Verdict>, b: Option<&Verdict>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            Mark::of(a) == Mark::of(b)
                && a.causes.len() == b.causes.len()
                && a.causes.iter().zip(&b.causes).all(|(x, y)| x.rule == y.rule)
        }
        (None, None) => true,
        _ => false,
    }
}

/// The columns in display order: `lead_client` alone first (the person's own client is never
/// folded into a group), then the others in the report's order, each group at the place of its
/// first member.
pub fn columns(r: &Report) -> Vec<Column> {
    let lead = r.lead_client.filter(|l| r.clients.iter().any(|c| c.id == *l));
    let mut out: Vec<Column> = lead.map(|l| Column { members: vec![l] }).into_iter().collect();
    let first = out.len();
    for c in r.clients.iter().filter(|c| Some(c.id) != lead) {
        let agrees =
            |col: &&mut Column| r.inputs.hosts.iter().all(|h| same(r.verdict(h, col.members[0]), r.verdict(h, c.id)));
        match out[first..].iter_mut().find(agrees) {
            Some(col) => col.members.push(c.id),
            None => out.push(Column { members: vec![c.id] }),
        }
    }
    out
}

/// A group's header: "7 clients: ✗ leaf expired" when its cell reads the same in every row,
/// else "7 clients" (the rows then say what each one gets).
pub fn group_label(r: &Report, col: &Column) -> String {
    let n = col.members.len();
    let Some(&first) = col.members.first() else { return String::new() };
    let mut cells = r.inputs.hosts.iter().map(|h| r.verdict(h, first).map(|v| (Mark::of(v), short(v))));
    match cells.next().flatten() {
        Some(one) if cells.all(|c| c.as_ref() == Some(&one)) => format!("{n} clients: {} {}", one.0.symbol(), one.1),
        _ => format!("{n} clients"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::inputs::Inputs;
    use crate::web::state::examples;

    fn report_of(ex: usize, hosts: &[&str], at: &str) -> Report {
        let e = &examples::ALL[ex];
        let inputs = Inputs {
            ca_bundle: e.ca_bundle.to_owned(),
            chain: e.chain.to_owned(),
            hosts: hosts.iter().map(|h| h.to_string()).collect(),
            ..Inputs::default()
        };
        crate::rules::analyze(&inputs, crate::time_fmt::parse(at).unwrap_or(0))
    }

    fn labels(r: &Report) -> Vec<String> {
        columns(r)
            .iter()
            .map(|c| {
                if c.is_group() {
                    group_label(r, c)
                } else {
                    format!("{}: {}", c.members[0].as_str(), {
                        let v = r.verdict(&r.inputs.hosts[0], c.members[0]).unwrap();
                        format!("{} {}", Mark::of(v).symbol(), short(v))
                    })
                }
            })
            .collect()
    }

    const ENDPOINT: &str = "mydb.abc123xyz.us-east-1.rds.amazonaws.com";

    /// Each row's cells as the page shows them: "✗ hostname mismatch".
    fn cells(r: &Report) -> Vec<Vec<String>> {
        let cols = columns(r);
        r.inputs
            .hosts
            .iter()
            .map(|h| {
                cols.iter()
                    .filter_map(|c| r.verdict(h, c.members[0]))
                    .map(|v| format!("{} {}", Mark::of(v).symbol(), short(v)))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn folds_the_columns_that_agree_into_groups() {
        // The missing intermediate: every verifying client fails the same way, and the settings
        // that verify nothing connect.
        let r = report_of(1, &[ENDPOINT], "2026-11-28");
        assert_eq!(r.clients.len(), 24);
        assert_eq!(labels(&r), ["21 clients: ✗ missing intermediate", "3 clients: ! unverified"]);
        let cols = columns(&r);
        assert_eq!(cols.iter().map(|c| c.members.len()).collect::<Vec<_>>(), [21, 3]);
        // Each group keeps the report's column order.
        let order =
            |c: &Column| c.members.iter().map(|m| r.clients.iter().position(|k| k.id == *m)).collect::<Vec<_>>();
        assert!(cols.iter().all(|c| order(c).windows(2).all(|w| w[0] < w[1])));
    }

    #[test]
    fn a_group_whose_rows_differ_is_named_by_its_size_only() {
        let r = report_of(0, &[ENDPOINT, "db.example.com"], "2026-11-28");
        assert_eq!(labels(&r), ["10 clients", "14 clients"]);
        // The clients that do not check the name connect to the CNAME unverified; the others refuse it.
        assert_eq!(cells(&r), [["✓ verified", "✓ verified"], ["! unverified", "✗ hostname mismatch"]]);
        // Years later the same chain fails everywhere it verifies, for one reason.
        let r = report_of(0, &[ENDPOINT], "2041-01-01");
        assert_eq!(labels(&r), ["21 clients: ✗ leaf expired", "3 clients: ! unverified"]);
    }

    #[test]
    fn leads_with_the_persons_own_client_alone() {
        let mut r = report_of(1, &[ENDPOINT], "2026-11-28");
        let lead = r.clients[5].id;
        r.lead_client = Some(lead);
        let cols = columns(&r);
        assert_eq!(cols[0].members, vec![lead]);
        assert_eq!(cols.iter().map(|c| c.members.len()).collect::<Vec<_>>(), [1, 20, 3]);
    }

    #[test]
    fn a_cell_reads_as_its_mark_and_first_causes_words() {
        assert_eq!(rule_words(RuleId::MissingIntermediate), "missing intermediate");
        assert_eq!(rule_words(RuleId::HostnameMismatch), "hostname mismatch");
        // Expired and for another name: the first cause and how many follow.
        let r = report_of(0, &["db.example.com"], "2041-01-01");
        // Clients meet the two in their own order: some check the name before the dates.
        assert_eq!(cells(&r), [["✗ leaf expired", "✗ leaf expired +1", "✗ hostname mismatch +1", "! unverified"]]);
        assert_eq!(
            labels(&r),
            [
                "7 clients: ✗ leaf expired",
                "11 clients: ✗ leaf expired +1",
                "3 clients: ✗ hostname mismatch +1",
                "3 clients: ! unverified"
            ]
        );
    }
}
