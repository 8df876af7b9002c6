//! Alerts: `AlertLevel level; AlertDescription description;`, two bytes in an alert record.
//! Who sent an alert matters more than the alert: a client's unknown_ca means the client does
//! not trust the server's chain; a server's handshake_failure means no common parameters.
//!
//! Spec: RFC 8446 §6 <https://www.rfc-editor.org/rfc/rfc8446#section-6>; names from the IANA
//! TLS Alerts registry. tshark: `tls.alert_message.level`, `tls.alert_message.desc`.

use std::fmt;

use serde::Serialize;

use super::reader::{Locator, Reader};
use super::{DecodeError, Spanned};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct AlertLevel(pub u8);

impl AlertLevel {
    pub const WARNING: AlertLevel = AlertLevel(1);
    pub const FATAL: AlertLevel = AlertLevel(2);

    pub fn name(self) -> Option<&'static str> {
        match self.0 {
            1 => Some("warning"),
            2 => Some("fatal"),
            _ => None,
        }
    }
}

impl fmt::Display for AlertLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name().unwrap_or("unknown"), self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct AlertDescription(pub u8);

impl AlertDescription {
    pub const CLOSE_NOTIFY: AlertDescription = AlertDescription(0);
    pub const UNEXPECTED_MESSAGE: AlertDescription = AlertDescription(10);
    pub const BAD_RECORD_MAC: AlertDescription = AlertDescription(20);
    pub const HANDSHAKE_FAILURE: AlertDescription = AlertDescription(40);
    pub const BAD_CERTIFICATE: AlertDescription = AlertDescription(42);
    pub const UNSUPPORTED_CERTIFICATE: AlertDescription = AlertDescription(43);
    pub const CERTIFICATE_REVOKED: AlertDescription = AlertDescription(44);
    pub const CERTIFICATE_EXPIRED: AlertDescription = AlertDescription(45);
    pub const CERTIFICATE_UNKNOWN: AlertDescription = AlertDescription(46);
    pub const ILLEGAL_PARAMETER: AlertDescription = AlertDescription(47);
    pub const UNKNOWN_CA: AlertDescription = AlertDescription(48);
    pub const ACCESS_DENIED: AlertDescription = AlertDescription(49);
    pub const DECODE_ERROR: AlertDescription = AlertDescription(50);
    pub const DECRYPT_ERROR: AlertDescription = AlertDescription(51);
    pub const PROTOCOL_VERSION: AlertDescription = AlertDescription(70);
    pub const INSUFFICIENT_SECURITY: AlertDescription = AlertDescription(71);
    pub const INTERNAL_ERROR: AlertDescription = AlertDescription(80);
    pub const INAPPROPRIATE_FALLBACK: AlertDescription = AlertDescription(86);
    pub const USER_CANCELED: AlertDescription = AlertDescription(90);
    pub const MISSING_EXTENSION: AlertDescription = AlertDescription(109);
    pub const UNSUPPORTED_EXTENSION: AlertDescription = AlertDescription(110);
    pub const UNRECOGNIZED_NAME: AlertDescription = AlertDescription(112);
    pub const CERTIFICATE_REQUIRED: AlertDescription = AlertDescription(116);
    pub const NO_APPLICATION_PROTOCOL: AlertDescription = AlertDescription(120);

    pub fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0 => "close_notify",
            10 => "unexpected_message",
            20 => "bad_record_mac",
            21 => "decryption_failed",
            22 => "record_overflow",
            30 => "decompression_failure",
            40 => "handshake_failure",
            41 => "no_certificate",
            42 => "bad_certificate",
            43 => "unsupported_certificate",
            44 => "certificate_revoked",
            45 => "certificate_expired",
            46 => "certificate_unknown",
            47 => "illegal_parameter",
            48 => "unknown_ca",
            49 => "access_denied",
            50 => "decode_error",
            51 => "decrypt_error",
            60 => "export_restriction",
            70 => "protocol_version",
            71 => "insufficient_security",
            80 => "internal_error",
            86 => "inappropriate_fallback",
            90 => "user_canceled",
            100 => "no_renegotiation",
            109 => "missing_extension",
            110 => "unsupported_extension",
            111 => "certificate_unobtainable",
            112 => "unrecognized_name",
            113 => "bad_certificate_status_response",
            114 => "bad_certificate_hash_value",
            115 => "unknown_psk_identity",
            116 => "certificate_required",
            120 => "no_application_protocol",
            _ => return None,
        })
    }
}

impl fmt::Display for AlertDescription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name().unwrap_or("unknown"), self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alert {
    pub level: Spanned<AlertLevel>,
    pub description: Spanned<AlertDescription>,
}

impl Alert {
    /// Decodes a plaintext alert fragment found at `stream_start`.
    pub fn decode(fragment: &[u8], stream_start: usize) -> Result<Alert, DecodeError> {
        let loc = Locator::contiguous(stream_start, fragment.len());
        let mut r = Reader::new(fragment, &loc);
        let level = r.u8("alert level")?.map(AlertLevel); // AlertLevel level
        let description = r.u8("alert description")?.map(AlertDescription); // AlertDescription description
        r.finish("alert")?;
        Ok(Alert { level, description })
    }

    pub fn is_fatal(&self) -> bool {
        self.level.value == AlertLevel::FATAL
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_unknown_ca_alert() {
        assert_eq!(
            Alert::decode(&[2, 48], 10).unwrap(),
            Alert {
                level: Spanned::new(AlertLevel::FATAL, 10..11),
                description: Spanned::new(AlertDescription::UNKNOWN_CA, 11..12),
            }
        );
        assert_eq!(AlertDescription(48).to_string(), "unknown_ca (48)");
        assert_eq!(AlertDescription(112).name(), Some("unrecognized_name"));
        assert_eq!(AlertDescription(200).to_string(), "unknown (200)");
    }

    #[test]
    fn rejects_short_and_long_alerts() {
        assert_eq!(
            Alert::decode(&[2], 0),
            Err(DecodeError::Truncated { offset: 1, what: "alert description", needed: 1 })
        );
        assert_eq!(Alert::decode(&[2, 40, 0], 0), Err(DecodeError::Trailing { offset: 2, what: "alert", count: 1 }));
    }
}
