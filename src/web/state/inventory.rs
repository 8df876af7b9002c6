//! The page's inventory view: pasted or dropped `aws rds describe-*` JSON → the same rotation
//! report as `fleet --inventory` (one core function, [`rotation::report`]), as rows ready to
//! show, and the table's sort order. [`table`] runs in the inventory worker
//! ([`crate::web::worker::inventory`]): the JSON reader stays out of the page's first load; the
//! page keeps only the rows and sorts them. Plain Rust, tested natively. The page has no bundle
//! at hand, so CA end dates come from a pasted `describe-certificates` or the catalogue
//! (`rotation::CATALOGUE_ENDS`, which a test keeps equal to the bundle's roots). Nothing is
//! probed from here.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::report::rotation::RotationRow;
use crate::rules::rotation::{self, Options};
use crate::source::inventory;

/// A column the table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    State,
    Kind,
    Id,
    Engine,
    Ca,
    CaValidTill,
    Rotation,
}

impl SortKey {
    pub const ALL: [SortKey; 7] = [
        SortKey::Kind,
        SortKey::Id,
        SortKey::Engine,
        SortKey::Ca,
        SortKey::CaValidTill,
        SortKey::State,
        SortKey::Rotation,
    ];

    pub const fn label(self) -> &'static str {
        match self {
            SortKey::State => "State",
            SortKey::Kind => "Kind",
            SortKey::Id => "Identifier",
            SortKey::Engine => "Engine",
            SortKey::Ca => "CA",
            SortKey::CaValidTill => "CA valid till",
            SortKey::Rotation => "Rotation",
        }
    }

    fn compare(self, a: &InventoryRow, b: &InventoryRow) -> Ordering {
        match self {
            SortKey::State => a.state_rank.cmp(&b.state_rank),
            SortKey::Kind => a.kind_rank.cmp(&b.kind_rank),
            SortKey::Id => a.id.cmp(&b.id),
            SortKey::Engine => (&a.engine, &a.engine_version).cmp(&(&b.engine, &b.engine_version)),
            SortKey::Ca => a.ca_id.cmp(&b.ca_id),
            // Unknown dates last.
            SortKey::CaValidTill => a.ca_days_left.unwrap_or(i64::MAX).cmp(&b.ca_days_left.unwrap_or(i64::MAX)),
            SortKey::Rotation => a.restart.cmp(&b.restart),
        }
    }
}

/// One resource of the rotation report as the table shows it: its words, and the ranks it
/// sorts by (the report's own orders: most urgent state first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InventoryRow {
    pub kind: String,
    pub kind_rank: u8,
    pub id: String,
    pub engine: String,
    pub engine_version: String,
    pub ca_id: Option<String>,
    pub ca_valid_till: Option<String>,
    pub ca_days_left: Option<i64>,
    /// The state's id (a CSS class) and words.
    pub state_id: String,
    pub state: String,
    pub state_rank: u8,
    pub restart: String,
    pub command: Option<String>,
    pub why: String,
}

impl From<&RotationRow> for InventoryRow {
    fn from(r: &RotationRow) -> InventoryRow {
        InventoryRow {
            kind: r.kind.word().to_owned(),
            kind_rank: r.kind as u8,
            id: r.id.clone(),
            engine: r.engine.clone(),
            engine_version: r.engine_version.clone(),
            ca_id: r.ca_id.clone(),
            ca_valid_till: r.ca_valid_till.clone(),
            ca_days_left: r.ca_days_left,
            state_id: r.state.id().to_owned(),
            state: r.state.word().to_owned(),
            state_rank: r.state as u8,
            restart: r.restart.word().to_owned(),
            command: r.command.clone(),
            why: r.why.clone(),
        }
    }
}

/// The rotation report of one pasted inventory, as the table shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InventoryTable {
    pub target_ca: String,
    pub rows: Vec<InventoryRow>,
    /// Problems reading the inventory, in words.
    pub problems: Vec<String>,
}

/// The report of `text` as of `now`; `None` when nothing was pasted. Runs in the inventory
/// worker.
pub fn table(text: &str, now: i64) -> Option<InventoryTable> {
    if text.trim().is_empty() {
        return None;
    }
    let report = rotation::report(&inventory::parse(text), &[], &Options::new(now));
    Some(InventoryTable {
        target_ca: report.target_ca.clone(),
        rows: report.rows.iter().map(InventoryRow::from).collect(),
        problems: report.problems,
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InventoryAction {
    /// New text (pasted or a dropped file's), sent to the worker as job `job`.
    SetText {
        text: String,
        job: u64,
    },
    /// The worker's answer for job `job` (an older job's answer is dropped).
    Reported {
        job: u64,
        table: Option<InventoryTable>,
    },
    /// The worker failed: the words to show.
    Failed(String),
    /// A header clicked: sort by it, or flip the order when it already sorts.
    Sort(SortKey),
    Clear,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InventoryView {
    pub text: String,
    /// The job whose answer the view waits for.
    pub job: u64,
    pub table: Option<InventoryTable>,
    pub error: Option<String>,
    pub sort: Option<SortKey>,
    pub descending: bool,
}

impl InventoryView {
    pub fn apply(mut self, action: InventoryAction) -> InventoryView {
        match action {
            InventoryAction::SetText { text, job } => {
                self.text = text;
                self.job = job;
            }
            InventoryAction::Reported { job, table } if job == self.job => {
                self.table = table;
                self.error = None;
            }
            InventoryAction::Reported { .. } => {}
            InventoryAction::Failed(words) => self.error = Some(words),
            InventoryAction::Sort(key) => {
                self.descending = self.sort == Some(key) && !self.descending;
                self.sort = Some(key);
            }
            InventoryAction::Clear => self = InventoryView::default(),
        }
        self
    }

    /// The rows in the chosen order (the report's own order, most urgent first, by default).
    /// The sort is stable, so equal keys keep the report's order.
    pub fn rows(&self) -> Vec<&InventoryRow> {
        let Some(table) = &self.table else { return Vec::new() };
        let mut rows: Vec<&InventoryRow> = table.rows.iter().collect();
        if let Some(key) = self.sort {
            rows.sort_by(|a, b| {
                let o = key.compare(a, b);
                if self.descending {
                    o.reverse()
                } else {
                    o
                }
            });
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INV: &str = r#"{"DBInstances": [
        {"DBInstanceIdentifier": "b-old", "Engine": "mysql", "EngineVersion": "5.7.44", "CACertificateIdentifier": "rds-ca-2019"},
        {"DBInstanceIdentifier": "a-new", "Engine": "mysql", "EngineVersion": "8.0.36", "CACertificateIdentifier": "rds-ca-rsa2048-g1"},
        {"DBInstanceIdentifier": "c-none", "Engine": "mariadb", "EngineVersion": "10.11.8"}]}"#;

    fn ids(v: &InventoryView) -> Vec<&str> {
        v.rows().iter().map(|r| r.id.as_str()).collect()
    }

    #[test]
    fn pasting_builds_the_report_and_headers_sort_it_both_ways() {
        let now = 1_796_256_000; // 2026-12-03
        let v = InventoryView::default()
            .apply(InventoryAction::SetText { text: INV.into(), job: 1 })
            .apply(InventoryAction::Reported { job: 1, table: table(INV, now) });
        assert_eq!(ids(&v), ["b-old", "c-none", "a-new"], "most urgent first");
        let v = v.apply(InventoryAction::Sort(SortKey::Id));
        assert_eq!(ids(&v), ["a-new", "b-old", "c-none"]);
        let v = v.apply(InventoryAction::Sort(SortKey::Id));
        assert_eq!(ids(&v), ["c-none", "b-old", "a-new"]);
        let v = v.apply(InventoryAction::Sort(SortKey::CaValidTill));
        assert_eq!(ids(&v), ["b-old", "a-new", "c-none"], "unknown dates last");
        assert_eq!(
            v.table.as_ref().map(|t| t.rows.iter().filter_map(|r| r.command.clone()).collect::<Vec<_>>()),
            Some(vec![
                "aws rds modify-db-instance --db-instance-identifier b-old --ca-certificate-identifier rds-ca-rsa2048-g1 --apply-immediately".to_owned(),
                "aws rds modify-db-instance --db-instance-identifier c-none --ca-certificate-identifier rds-ca-rsa2048-g1 --apply-immediately".to_owned(),
            ])
        );
        assert_eq!(v.apply(InventoryAction::Clear), InventoryView::default());
    }

    #[test]
    fn an_answer_for_an_older_paste_is_dropped_and_a_blank_paste_has_no_table() {
        let now = 1_796_256_000;
        let v = InventoryView::default()
            .apply(InventoryAction::SetText { text: INV.into(), job: 1 })
            .apply(InventoryAction::SetText { text: " ".into(), job: 2 })
            .apply(InventoryAction::Reported { job: 1, table: table(INV, now) });
        assert_eq!(v.table, None);
        assert_eq!(table(" \n", now), None);
        assert_eq!(
            table("{\"DBInstances\": [", now),
            Some(InventoryTable {
                target_ca: "rds-ca-rsa2048-g1".into(),
                rows: vec![],
                problems: vec!["document 1, line 1, column 17: not the JSON of an `aws rds describe-…` command: EOF while parsing a list at line 1 column 17".into()],
            })
        );
        let v = v.apply(InventoryAction::Failed("the inventory worker failed: could not load".into()));
        assert_eq!(v.error.as_deref(), Some("the inventory worker failed: could not load"));
    }
}
