//! The live check's section of the report: what only a live check can know.

use serde::Serialize;

/// What the live check found.
#[derive(Debug, Clone, Serialize)]
pub struct ProbeReport {
    pub target: String,
    pub server_version: Option<String>,
    /// Version and suite of the main handshake.
    pub tls_version: Option<String>,
    pub cipher_suite: Option<String>,
    pub sni: Option<String>,
    /// Why the main handshake did not complete.
    pub tls_error: Option<String>,
    /// "Does the server refuse plaintext logins?", answered in words.
    pub plaintext_login: Option<String>,
    /// TLS 1.3, 1.2, 1.1, 1.0: accepted or not, when checked.
    pub versions: Vec<VersionSupport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VersionSupport {
    pub version: &'static str,
    pub accepted: Option<bool>,
    pub detail: String,
}
