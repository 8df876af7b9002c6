//! The inventory worker's messages.
//!
//! Reading an AWS inventory — `aws rds describe-*` JSON ([`crate::source::inventory`], with
//! serde_json) and the rotation report ([`crate::rules::rotation`]) — runs in its own small wasm
//! (`mysql-tls-doctor-inventory`), loaded on the first paste into the inventory panel: mounted in
//! the page itself it took the first load from about 390 to 431 KB gzip (budget 400). The page
//! gets the table's rows ready to show and only sorts them.
//!
//! ```text
//!  page                                 inventory worker
//!   ── Report {job, text, now}       ─►  parse, rotation::report, rows
//!   ◄─ Report {job, table}           ─   (None: nothing pasted)
//! ```

use serde::{Deserialize, Serialize};

use crate::web::state::inventory::InventoryTable;

/// Page → worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ToWorker {
    Report { job: u64, text: String, now: i64 },
}

/// Worker → page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FromWorker {
    Report { job: u64, table: Option<InventoryTable> },
}

/// The inventory worker as [`super::host::WorkerHost`] and [`super::protocol::serve`] see it.
pub struct InventoryProtocol;

impl super::protocol::Protocol for InventoryProtocol {
    type ToWorker = ToWorker;
    type FromWorker = FromWorker;
    const NAME: &'static str = "inventory";
    const URL: &'static str = "./mysql-tls-doctor-inventory_loader.js";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::state::inventory::table;
    use crate::web::worker::protocol::{decode, encode, Envelope};

    #[test]
    fn every_message_round_trips() {
        let text = r#"{"DBInstances": [{"DBInstanceIdentifier": "a", "Engine": "mysql", "EngineVersion": "8.0.36",
            "CACertificateIdentifier": "rds-ca-2019"}]}"#;
        let t = table(text, 1_796_256_000);
        assert_eq!(t.as_ref().map(|t| t.rows.len()), Some(1));
        for msg in [FromWorker::Report { job: 2, table: t }, FromWorker::Report { job: 3, table: None }] {
            let sent = Envelope::Message(&msg);
            assert_eq!(decode::<Envelope<FromWorker>>(&encode(&sent)), Ok(Envelope::Message(msg)));
        }
        let to = ToWorker::Report { job: 1, text: text.into(), now: 5 };
        assert_eq!(decode::<ToWorker>(&encode(&to)), Ok(to));
    }
}
