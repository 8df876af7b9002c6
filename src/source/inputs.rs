//! What the user gives us. Certificates as text only: the views turn DER files into text before
//! they get here (the CLI base64-encodes them, the page wraps them in PEM armour), so pasted,
//! dropped and CLI inputs take one road.

use serde::{Deserialize, Serialize};

use crate::vocab::Transcript;

/// The inputs of one analysis, from the CLI flags, the page's fields or an opened share link.
/// (The JS `analyze()` argument, `web/js_api.rs`, has the same text fields but no capture.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Inputs {
    /// The CA bundle the client is given (`--ssl-ca`): PEM, base64 or DER-as-base64.
    pub ca_bundle: String,
    /// A name for the bundle when it is a built-in one (e.g. `rds-global-2024-06`); the text
    /// itself is still in `ca_bundle`.
    pub ca_label: Option<String>,
    /// The certificates the server sent, leaf first (often `openssl s_client -showcerts` output).
    pub chain: String,
    /// Hostnames or IP addresses the client connects with.
    pub hosts: Vec<String>,
    /// One captured (or probed) connection. Its TLS ≤ 1.2 Certificate message serves as the
    /// chain when `chain` is empty. Never serialized (it may hold a login), nor read: the page's
    /// analysis request carries it beside the inputs (`web::state::analysis`).
    #[serde(skip)]
    pub capture: Option<Transcript>,
    /// The client's error message as pasted (empty: none). Explained, then confirmed or ruled out
    /// by the other inputs. Redacted (user names, client IPs, passwords) before it enters a link.
    pub error_message: String,
    /// How the person connects (empty: not given): a command line, my.cnf section, URL, DSN or
    /// config object. It names their client column, the host and port, and the CA path.
    pub settings: String,
    /// Warn when a certificate on the path expires within this many days (`--warn-days`, the
    /// page's horizon); `None`: the default horizon.
    pub warn_days: Option<u32>,
}

impl Inputs {
    /// Hostnames from a textarea: one per line, commas and blanks also separate.
    pub fn hosts_from_text(text: &str) -> Vec<String> {
        text.split(|c: char| c == '\n' || c == ',' || c.is_whitespace())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }
}
