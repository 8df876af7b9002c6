//! The page's inventory view: pasted or dropped `aws rds describe-*` JSON → the same rotation
//! report as `fleet --inventory` (one core function, [`rotation::report`]), and the table's
//! sort order. Plain Rust, tested natively. The page has no bundle at hand, so CA end dates come
//! from a pasted `describe-certificates` or the catalogue (`rotation::CATALOGUE_ENDS`, which a
//! test keeps equal to the bundle's roots). Nothing is probed from here.

use std::cmp::Ordering;

use crate::report::rotation::{RotationReport, RotationRow};
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

    fn compare(self, a: &RotationRow, b: &RotationRow) -> Ordering {
        match self {
            SortKey::State => a.state.cmp(&b.state),
            SortKey::Kind => a.kind.cmp(&b.kind),
            SortKey::Id => a.id.cmp(&b.id),
            SortKey::Engine => (&a.engine, &a.engine_version).cmp(&(&b.engine, &b.engine_version)),
            SortKey::Ca => a.ca_id.cmp(&b.ca_id),
            // Unknown dates last.
            SortKey::CaValidTill => a.ca_days_left.unwrap_or(i64::MAX).cmp(&b.ca_days_left.unwrap_or(i64::MAX)),
            SortKey::Rotation => a.restart.word().cmp(b.restart.word()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InventoryAction {
    /// New text (pasted or a dropped file's); `now` is the page's clock.
    SetText {
        text: String,
        now: i64,
    },
    /// A header clicked: sort by it, or flip the order when it already sorts.
    Sort(SortKey),
    Clear,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InventoryView {
    pub text: String,
    pub report: Option<RotationReport>,
    pub sort: Option<SortKey>,
    pub descending: bool,
}

impl InventoryView {
    pub fn apply(mut self, action: InventoryAction) -> InventoryView {
        match action {
            InventoryAction::SetText { text, now } => {
                let inv = inventory::parse(&text);
                self.report = (!text.trim().is_empty()).then(|| rotation::report(&inv, &[], &Options::new(now)));
                self.text = text;
            }
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
    pub fn rows(&self) -> Vec<&RotationRow> {
        let Some(report) = &self.report else { return Vec::new() };
        let mut rows: Vec<&RotationRow> = report.rows.iter().collect();
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
        let v = InventoryView::default().apply(InventoryAction::SetText { text: INV.into(), now });
        assert_eq!(ids(&v), ["b-old", "c-none", "a-new"], "most urgent first");
        let v = v.apply(InventoryAction::Sort(SortKey::Id));
        assert_eq!(ids(&v), ["a-new", "b-old", "c-none"]);
        let v = v.apply(InventoryAction::Sort(SortKey::Id));
        assert_eq!(ids(&v), ["c-none", "b-old", "a-new"]);
        let v = v.apply(InventoryAction::Sort(SortKey::CaValidTill));
        assert_eq!(ids(&v), ["b-old", "a-new", "c-none"], "unknown dates last");
        assert_eq!(
            v.report.as_ref().map(|r| r.rows.iter().filter_map(|r| r.command.clone()).collect::<Vec<_>>()),
            Some(vec![
                "aws rds modify-db-instance --db-instance-identifier b-old --ca-certificate-identifier rds-ca-rsa2048-g1 --apply-immediately".to_owned(),
                "aws rds modify-db-instance --db-instance-identifier c-none --ca-certificate-identifier rds-ca-rsa2048-g1 --apply-immediately".to_owned(),
            ])
        );
        assert_eq!(v.apply(InventoryAction::Clear), InventoryView::default());
    }
}
