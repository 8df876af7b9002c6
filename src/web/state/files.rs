//! Turning a dropped, pasted or chosen file into text for a textarea.
//!
//! Text files (PEM, `openssl s_client` output) are kept as they are. Anything else is taken
//! to be DER and wrapped in PEM armour, so that it can sit next to other PEM text (the parser
//! ignores bare base64 once a BEGIN line is present). DER that is a private key (PKCS#8,
//! PKCS#1, SEC1) or a PKCS#12 file is dropped, never shown or kept.

/// What a file became.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileText {
    pub text: String,
    /// The file was (or held) a private key and was left out.
    pub key_dropped: bool,
}

pub fn file_to_text(bytes: &[u8]) -> FileText {
    match std::str::from_utf8(bytes) {
        Ok(s) if looks_like_text(s) => FileText { text: s.to_owned(), key_dropped: false },
        _ if der_starts_with_integer(bytes) => FileText { text: String::new(), key_dropped: true },
        _ => FileText { text: crate::decode::pki::pem::to_pem(bytes), key_dropped: false },
    }
}

fn looks_like_text(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// A certificate is `SEQUENCE { SEQUENCE tbsCertificate, … }`; private keys and PKCS#12 are
/// `SEQUENCE { INTEGER version, … }`. So the first byte inside the outer SEQUENCE tells them
/// apart.
fn der_starts_with_integer(der: &[u8]) -> bool {
    let (Some(&0x30), Some(&len)) = (der.first(), der.get(1)) else { return false };
    // Short form: the content starts at 2; long form 0x8N: after N more length bytes.
    let start = if len & 0x80 == 0 { 2 } else { 2 + usize::from(len & 0x7f) };
    der.get(start) == Some(&0x02)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_text_and_armours_der() {
        assert_eq!(file_to_text(b"-----BEGIN CERTIFICATE-----\r\n").text, "-----BEGIN CERTIFICATE-----\r\n");
        // SEQUENCE { SEQUENCE {} }: shaped like a certificate.
        let der = file_to_text(&[0x30, 0x02, 0x30, 0x00]);
        assert_eq!(der.text, "-----BEGIN CERTIFICATE-----\nMAIwAA==\n-----END CERTIFICATE-----\n");
        assert!(!der.key_dropped);
    }

    #[test]
    fn drops_der_private_keys() {
        // PKCS#8 starts SEQUENCE { INTEGER 0, … }; long-form length here.
        let key = file_to_text(&[0x30, 0x81, 0x87, 0x02, 0x01, 0x00, 0x30]);
        assert_eq!(key, FileText { text: String::new(), key_dropped: true });
    }
}
