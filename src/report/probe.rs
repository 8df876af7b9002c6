//! The live check's section of the report: what only a live check can know (the versions the
//! server accepts, its answer to a plaintext login, why a connection failed), typed. Versions,
//! suites and alerts become words here and only here, one name per value (the IANA name for a
//! suite), so the section, the text and the decoded conversation name a value the same way.

use serde::{Deserialize, Serialize};

use crate::decode::tls::{AlertDescription, CipherSuite, ProtocolVersion};
use crate::source::probe::machine::TlsError;

/// What the live check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ProbeReport {
    pub target: String,
    pub server_version: Option<String>,
    /// Version and suite of the main handshake, by name ([`version_name`], [`suite_name`]).
    pub tls_version: Option<String>,
    pub cipher_suite: Option<String>,
    pub sni: Option<String>,
    /// Why the main handshake did not complete, in words (a transport error or [`tls_error_words`]).
    pub tls_error: Option<String>,
    /// "Does the server refuse plaintext logins?", answered in words.
    pub plaintext_login: Option<String>,
    /// TLS 1.3, 1.2, 1.1, 1.0: accepted or not, when checked.
    pub versions: Vec<VersionSupport>,
}

/// One TLS version's check, in words (the JSON shape: `{version: "TLS 1.2", accepted, detail}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionSupport {
    /// [`version_name`].
    pub version: String,
    /// `Some(true)` accepted, `Some(false)` refused, `None` not determined.
    pub accepted: Option<bool>,
    /// The answer in words ("refused with alert protocol_version (70)").
    pub detail: String,
}

/// What the server answered to a connection offering only one version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionAnswer {
    /// A completed handshake (rustls: with its suite) or a ServerHello choosing the version.
    Accepted { suite: Option<CipherSuite> },
    /// An alert, a failed handshake or a closed connection.
    Refused { alert: Option<AlertDescription> },
    /// The greeting offers no TLS at all.
    NoTls,
    /// The check could not say (a transport error, a server that is not MySQL …).
    Unknown,
}

impl VersionSupport {
    pub fn of(version: ProtocolVersion, answer: &VersionAnswer) -> VersionSupport {
        let accepted = match answer {
            VersionAnswer::Accepted { .. } => Some(true),
            VersionAnswer::Refused { .. } => Some(false),
            VersionAnswer::NoTls | VersionAnswer::Unknown => None,
        };
        let detail = match answer {
            VersionAnswer::Accepted { suite: Some(s) } => format!("accepted ({})", suite_name(*s)),
            VersionAnswer::Accepted { suite: None } => "accepted".into(),
            VersionAnswer::Refused { alert: Some(a) } => format!("refused with alert {a}"),
            VersionAnswer::Refused { alert: None } => "refused".into(),
            VersionAnswer::NoTls => "the server offers no TLS".into(),
            VersionAnswer::Unknown => "not determined".into(),
        };
        VersionSupport { version: version_name(version), accepted, detail }
    }
}

/// `TLS 1.3`, or the number in hex for a value without a name.
pub fn version_name(v: ProtocolVersion) -> String {
    v.name().map_or_else(|| format!("{:#06x}", v.0), str::to_owned)
}

/// The IANA name (`TLS_AES_256_GCM_SHA384`), or the number in hex for an unregistered one.
pub fn suite_name(s: CipherSuite) -> String {
    s.name().map_or_else(|| format!("{:#06x}", s.0), str::to_owned)
}

/// Why a rustls handshake failed, in words.
pub fn tls_error_words(e: &TlsError) -> String {
    match e {
        TlsError::Alert(a) => format!("the server sent the alert {a}"),
        TlsError::Closed => "the server closed the connection during the TLS handshake".into(),
        TlsError::Other(words) => words.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_names_each_value_once() {
        let section = ProbeReport {
            target: "db:3306".into(),
            server_version: None,
            tls_version: Some(version_name(ProtocolVersion::TLS_1_3)),
            cipher_suite: Some(suite_name(CipherSuite::TLS_AES_256_GCM_SHA384)),
            sni: None,
            tls_error: None,
            plaintext_login: None,
            versions: vec![
                VersionSupport::of(
                    ProtocolVersion::TLS_1_2,
                    &VersionAnswer::Accepted { suite: Some(CipherSuite(0xC030)) },
                ),
                VersionSupport::of(
                    ProtocolVersion::TLS_1_0,
                    &VersionAnswer::Refused { alert: Some(AlertDescription::PROTOCOL_VERSION) },
                ),
                VersionSupport::of(ProtocolVersion(0x7f17), &VersionAnswer::Unknown),
            ],
        };
        let v = serde_json::to_value(&section).expect("json");
        assert_eq!(v["tls_version"], "TLS 1.3");
        assert_eq!(v["cipher_suite"], "TLS_AES_256_GCM_SHA384");
        assert_eq!(
            v["versions"],
            serde_json::json!([
                {"version": "TLS 1.2", "accepted": true, "detail": "accepted (TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)"},
                {"version": "TLS 1.0", "accepted": false, "detail": "refused with alert protocol_version (70)"},
                {"version": "0x7f17", "accepted": null, "detail": "not determined"},
            ])
        );
        assert_eq!(
            tls_error_words(&TlsError::Alert(AlertDescription::HANDSHAKE_FAILURE)),
            "the server sent the alert handshake_failure (40)"
        );
    }
}
