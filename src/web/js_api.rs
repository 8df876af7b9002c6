//! The JavaScript entry point: `analyze(inputs)` resolves to the same JSON as the CLI's
//! `--json`. It runs in the page's core worker, like the page's own analyses
//! (`web::hooks::analysis`), hence a promise.
//!
//! ```js
//! const report = await window.wasmBindings.analyze({
//!   ca_bundle: pemText, ca_label: null, chain: chainText,
//!   hosts: ["mydb.abc123xyz.us-east-1.rds.amazonaws.com"], at: "2026-08-22",
//!   error_message: "ERROR 2026 (HY000): …", settings: "mysql -h … --ssl-mode=VERIFY_IDENTITY",
//! });
//! ```

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;

use crate::rules::versions::ClientVersions;
use crate::source::inputs::Inputs;
use crate::web::state::analysis::{AnalysisRequest, Evidence};

/// The argument object: [`Inputs`] plus an optional check time. Every field may be absent
/// (or null).
struct JsInputs {
    ca_bundle: String,
    ca_label: Option<String>,
    chain: String,
    hosts: Vec<String>,
    /// RFC 3339 or `YYYY-MM-DD`; now when absent.
    at: Option<String>,
    error_message: String,
    settings: String,
}

/// Reads the argument by hand: deserializing it with serde would put serde_wasm_bindgen's
/// deserializer (and the float printing of its error messages) into the page's wasm.
fn read_inputs(v: &JsValue) -> Result<JsInputs, String> {
    if !v.is_object() {
        return Err("expected an object { ca_bundle, ca_label, chain, hosts, at, error_message, settings }".into());
    }
    let field = |k: &str| Reflect::get(v, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    let text = |k: &str| -> Result<Option<String>, String> {
        let f = field(k);
        if f.is_undefined() || f.is_null() {
            return Ok(None);
        }
        f.as_string().map(Some).ok_or_else(|| format!("'{k}' must be a string"))
    };
    let hosts = field("hosts");
    // An array of names, or the textarea's text (one per line) for convenience.
    let hosts = if let Some(text) = hosts.as_string() {
        Inputs::hosts_from_text(&text)
    } else if Array::is_array(&hosts) {
        Array::from(&hosts)
            .iter()
            .map(|h| h.as_string().ok_or("'hosts' must hold strings"))
            .collect::<Result<_, _>>()?
    } else if hosts.is_undefined() || hosts.is_null() {
        Vec::new()
    } else {
        return Err("'hosts' must be an array of names or a string".into());
    };
    Ok(JsInputs {
        ca_bundle: text("ca_bundle")?.unwrap_or_default(),
        ca_label: text("ca_label")?,
        chain: text("chain")?.unwrap_or_default(),
        hosts,
        at: text("at")?,
        error_message: text("error_message")?.unwrap_or_default(),
        settings: text("settings")?.unwrap_or_default(),
    })
}

/// Analyses certificates as the page does: a promise of the report. Throws an `Error` when the
/// argument is not an inputs object or `at` is not a date; rejects with one when the core
/// worker fails. Exported to JavaScript by the web app's binary (`src/bin/web.rs`), not here:
/// an export in the library would be linked into every wasm binary.
pub fn analyze(inputs: JsValue) -> Result<js_sys::Promise, JsValue> {
    let js = read_inputs(&inputs).map_err(|e| error(&format!("analyze(): bad argument: {e}")))?;
    let now = match js.at.as_deref() {
        Some(at) => crate::time_fmt::parse(at).map_err(|e| error(&format!("analyze(): {e}")))?,
        // Date.now() is milliseconds; the core wants seconds.
        None => (js_sys::Date::now() / 1000.0) as i64,
    };
    let inputs = Inputs {
        ca_bundle: js.ca_bundle,
        ca_label: js.ca_label,
        chain: js.chain,
        hosts: js.hosts,
        error_message: js.error_message,
        settings: js.settings,
        ..Inputs::default()
    };
    let request = AnalysisRequest {
        revision: 0,
        now,
        inputs,
        transcript: None,
        versions: ClientVersions::default(),
        evidence: Evidence::Pasted,
    };
    Ok(js_sys::Promise::new(&mut |resolve, reject| {
        crate::web::hooks::analysis::analyse(request.clone(), move |answer| {
            let _ = match answer {
                Ok(report) => resolve.call1(&JsValue::NULL, &report),
                Err(words) => reject.call1(&JsValue::NULL, &error(&format!("analyze(): {words}"))),
            };
        });
    }))
}

fn error(msg: &str) -> JsValue {
    js_sys::Error::new(msg).into()
}
