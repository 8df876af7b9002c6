//! The inventory worker's side (wasm32, inside a dedicated Web Worker): one report per
//! message (see [`super::inventory`] for why this is a worker).

use super::inventory::{FromWorker, InventoryProtocol, ToWorker};
use super::protocol::{reply, serve};
use crate::web::state::inventory::table;

/// The worker's entry point (its `main`).
pub fn start() {
    serve::<InventoryProtocol>(|msg, _| match msg {
        ToWorker::Report { job, text, now } => reply(&FromWorker::Report { job, table: table(&text, now) }),
    });
}
