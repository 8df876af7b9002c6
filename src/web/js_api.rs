//! The JavaScript entry point: `analyze(inputs)` returns the same JSON as the CLI's `--json`.
//!
//! ```js
//! const report = window.wasmBindings.analyze({
//!   ca_bundle: pemText, ca_label: null, chain: chainText,
//!   hosts: ["mydb.abc123xyz.us-east-1.rds.amazonaws.com"], at: "2026-08-22",
//! });
//! ```

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::inputs::Inputs;

/// The argument object: [`Inputs`] plus an optional check time.
#[derive(Deserialize)]
struct JsInputs {
    #[serde(default)]
    ca_bundle: String,
    #[serde(default)]
    ca_label: Option<String>,
    #[serde(default)]
    chain: String,
    #[serde(default)]
    hosts: Hosts,
    /// RFC 3339 or `YYYY-MM-DD`; now when absent.
    #[serde(default)]
    at: Option<String>,
}

/// An array of names, or the textarea's text (one per line) for convenience.
#[derive(Deserialize)]
#[serde(untagged)]
enum Hosts {
    List(Vec<String>),
    Text(String),
}

impl Default for Hosts {
    fn default() -> Self {
        Hosts::List(Vec::new())
    }
}

/// Analyses certificates as the page does. Throws an `Error` when the argument is not an
/// inputs object or `at` is not a date. Exported to JavaScript by the web app's binary
/// (`src/bin/web.rs`), not here: an export in the library would be linked into every wasm
/// binary, the probe worker too, and pull the whole analysis in with it.
pub fn analyze(inputs: JsValue) -> Result<JsValue, JsValue> {
    let js: JsInputs = serde_wasm_bindgen::from_value(inputs).map_err(|e| error(&format!("analyze(): bad argument: {e}")))?;
    let now = match js.at.as_deref() {
        Some(at) => crate::time_fmt::parse(at).map_err(|e| error(&format!("analyze(): {e}")))?,
        // Date.now() is milliseconds; the core wants seconds.
        None => (js_sys::Date::now() / 1000.0) as i64,
    };
    let hosts = match js.hosts {
        Hosts::List(list) => list,
        Hosts::Text(text) => Inputs::hosts_from_text(&text),
    };
    let inputs = Inputs { ca_bundle: js.ca_bundle, ca_label: js.ca_label, chain: js.chain, hosts, capture: None };
    let report = crate::diagnose::analyze(&inputs, now);
    // json_compatible: maps as plain objects and None as null, i.e. exactly the CLI's JSON.
    report.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| error(&e.to_string()))
}

fn error(msg: &str) -> JsValue {
    js_sys::Error::new(msg).into()
}
