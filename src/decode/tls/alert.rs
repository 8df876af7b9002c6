//! Alerts: `AlertLevel level; AlertDescription description;`, two bytes in an alert record.
//! Who sent an alert matters more than the alert: a client's unknown_ca means the client does
//! not trust the server's chain; a server's handshake_failure means no common parameters.
//!
//! Spec: RFC 8446 §6 <https://www.rfc-editor.org/rfc/rfc8446#section-6>; names from the IANA
//! TLS Alerts registry. tshark: `tls.alert_message.level`, `tls.alert_message.desc`.

use serde::Serialize;

use super::reader::{Locator, Reader};
use super::{DecodeError, Spanned};

crate::decode::newtype::open_enum! {
    pub struct AlertLevel(u8), display decimal;
    WARNING = 1 => "warning",
    FATAL = 2 => "fatal",
}

crate::decode::newtype::open_enum! {
    pub struct AlertDescription(u8), display decimal;
    CLOSE_NOTIFY = 0 => "close_notify",
    UNEXPECTED_MESSAGE = 10 => "unexpected_message",
    BAD_RECORD_MAC = 20 => "bad_record_mac",
    DECRYPTION_FAILED = 21 => "decryption_failed",
    RECORD_OVERFLOW = 22 => "record_overflow",
    DECOMPRESSION_FAILURE = 30 => "decompression_failure",
    HANDSHAKE_FAILURE = 40 => "handshake_failure",
    NO_CERTIFICATE = 41 => "no_certificate",
    BAD_CERTIFICATE = 42 => "bad_certificate",
    UNSUPPORTED_CERTIFICATE = 43 => "unsupported_certificate",
    CERTIFICATE_REVOKED = 44 => "certificate_revoked",
    CERTIFICATE_EXPIRED = 45 => "certificate_expired",
    CERTIFICATE_UNKNOWN = 46 => "certificate_unknown",
    ILLEGAL_PARAMETER = 47 => "illegal_parameter",
    UNKNOWN_CA = 48 => "unknown_ca",
    ACCESS_DENIED = 49 => "access_denied",
    DECODE_ERROR = 50 => "decode_error",
    DECRYPT_ERROR = 51 => "decrypt_error",
    EXPORT_RESTRICTION = 60 => "export_restriction",
    PROTOCOL_VERSION = 70 => "protocol_version",
    INSUFFICIENT_SECURITY = 71 => "insufficient_security",
    INTERNAL_ERROR = 80 => "internal_error",
    INAPPROPRIATE_FALLBACK = 86 => "inappropriate_fallback",
    USER_CANCELED = 90 => "user_canceled",
    NO_RENEGOTIATION = 100 => "no_renegotiation",
    MISSING_EXTENSION = 109 => "missing_extension",
    UNSUPPORTED_EXTENSION = 110 => "unsupported_extension",
    CERTIFICATE_UNOBTAINABLE = 111 => "certificate_unobtainable",
    UNRECOGNIZED_NAME = 112 => "unrecognized_name",
    BAD_CERTIFICATE_STATUS_RESPONSE = 113 => "bad_certificate_status_response",
    BAD_CERTIFICATE_HASH_VALUE = 114 => "bad_certificate_hash_value",
    UNKNOWN_PSK_IDENTITY = 115 => "unknown_psk_identity",
    CERTIFICATE_REQUIRED = 116 => "certificate_required",
    NO_APPLICATION_PROTOCOL = 120 => "no_application_protocol",
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
