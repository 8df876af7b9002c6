//! OpenSSL's packed error codes as printed by `ERR_error_string_n`: `error:1416F086:SSL
//! routines:tls_process_server_certificate:certificate verify failed` (1.1) and
//! `error:0A000086:SSL routines::certificate verify failed` (3.x). The reason survives when a
//! client truncates the text after the code.
//!
//! Packing (OpenSSL `include/openssl/err.h`): 1.1 is `lib << 24 | func << 12 | reason`; 3.x drops
//! the function, `lib << 23 | reason` (23 bits), and marks system errors (`errno`) with the top
//! bit: `error:80000002:system library::No such file or directory`.

use std::ops::Range;

use serde::Serialize;

use super::Reason;

/// Which layout the code was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Packing {
    /// OpenSSL 1.0/1.1: library, function, reason.
    Openssl11,
    /// OpenSSL 3.x: library and reason.
    Openssl3,
    /// OpenSSL 3.x system error: the reason is an `errno`.
    Openssl3System,
}

/// One `error:XXXXXXXX` code, unpacked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct OpensslCode {
    pub code: u32,
    pub packing: Packing,
    /// ERR_LIB_* (2 system, 9 PEM, 11 X509, 20 SSL).
    pub lib: u32,
    pub reason: u32,
    pub span: Range<usize>,
}

const LIB_SYS: u32 = 2;
const LIB_PEM: u32 = 9;
const LIB_X509: u32 = 11;
const LIB_SSL: u32 = 20;

/// (lib, reason) → what it says. Numbers from OpenSSL `include/openssl/sslerr.h`, `pemerr.h`,
/// `x509err.h` (identical in 1.1.1 and 3.x) and errno.
const REASONS: &[(u32, u32, Reason)] = &[
    (LIB_SSL, 134, Reason::VerifyFailed),           // SSL_R_CERTIFICATE_VERIFY_FAILED
    (LIB_SSL, 258, Reason::ProtocolVersion),        // SSL_R_UNSUPPORTED_PROTOCOL
    (LIB_SSL, 1070, Reason::ProtocolVersion),       // SSL_R_TLSV1_ALERT_PROTOCOL_VERSION
    (LIB_SSL, 193, Reason::NoSharedCipher),         // SSL_R_NO_SHARED_CIPHER
    (LIB_SSL, 181, Reason::NoSharedCipher),         // SSL_R_NO_CIPHERS_AVAILABLE
    (LIB_SSL, 1040, Reason::HandshakeFailureAlert), // SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE
    (LIB_SSL, 1116, Reason::CertificateRequired),   // SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED
    (LIB_SSL, 1048, Reason::ClientCertificateRejected), // SSL_R_TLSV1_ALERT_UNKNOWN_CA
    (LIB_SSL, 1042, Reason::ClientCertificateRejected), // SSL_R_SSLV3_ALERT_BAD_CERTIFICATE
    (LIB_PEM, 108, Reason::CaFileNotPem),           // PEM_R_NO_START_LINE
    (LIB_X509, 136, Reason::CaFileNotPem),          // X509_R_NO_CERTIFICATE_OR_CRL_FOUND
];

impl OpensslCode {
    /// Unpacks `code`: a 3.x code has no function bits (12–22), a 1.1 code almost always has.
    pub fn unpack(code: u32, span: Range<usize>) -> OpensslCode {
        if code & 0x8000_0000 != 0 {
            return OpensslCode {
                code,
                packing: Packing::Openssl3System,
                lib: LIB_SYS,
                reason: code & 0x7FFF_FFFF,
                span,
            };
        }
        if (code >> 12) & 0x7FF == 0 {
            OpensslCode { code, packing: Packing::Openssl3, lib: (code >> 23) & 0xFF, reason: code & 0x7F_FFFF, span }
        } else {
            OpensslCode { code, packing: Packing::Openssl11, lib: code >> 24, reason: code & 0xFFF, span }
        }
    }

    /// What the code says, when it is one this reader knows.
    pub fn reason(&self) -> Option<Reason> {
        if self.lib == LIB_SYS {
            // errno: ENOENT 2, EACCES 13 — only a file the client opened (the CA file, in practice).
            return match self.reason {
                2 => Some(Reason::CaFileMissing),
                13 => Some(Reason::CaFileUnreadable),
                _ => None,
            };
        }
        REASONS.iter().find(|(lib, reason, _)| *lib == self.lib && *reason == self.reason).map(|(_, _, r)| *r)
    }
}

/// Every `error:` followed by exactly eight hex digits and `:` in the lower-cased text.
pub fn find_all(lower: &str) -> Vec<OpensslCode> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find("error:") {
        let start = from + at + "error:".len();
        from = start;
        let Some(hex) = lower.get(start..start + 8) else { break };
        if lower.as_bytes().get(start + 8) != Some(&b':') || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            continue;
        }
        if let Ok(code) = u32::from_str_radix(hex, 16) {
            out.push(OpensslCode::unpack(code, start - "error:".len()..start + 8));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unpacks_both_layouts() {
        let v11 = OpensslCode::unpack(0x1416_F086, 0..0);
        assert_eq!((v11.packing, v11.lib, v11.reason), (Packing::Openssl11, 20, 134));
        let v3 = OpensslCode::unpack(0x0A00_0086, 0..0);
        assert_eq!((v3.packing, v3.lib, v3.reason), (Packing::Openssl3, 20, 134));
        let sys = OpensslCode::unpack(0x8000_0002, 0..0);
        assert_eq!((sys.packing, sys.lib, sys.reason), (Packing::Openssl3System, 2, 2));
        let pem3 = OpensslCode::unpack(0x0480_006C, 0..0);
        assert_eq!((pem3.lib, pem3.reason, pem3.reason()), (9, 108, Some(Reason::CaFileNotPem)));
        let x509_11 = OpensslCode::unpack(0x0B08_4088, 0..0);
        assert_eq!((x509_11.lib, x509_11.reason, x509_11.reason()), (11, 136, Some(Reason::CaFileNotPem)));
        assert_eq!(OpensslCode::unpack(0x0A00_045C, 0..0).reason(), Some(Reason::CertificateRequired));
    }

    #[test]
    fn finds_codes_with_their_spans_and_skips_lookalikes() {
        let text = "ssl connection error: error:0a000086:ssl routines::x; error:zz; error:1234567:";
        let codes = find_all(text);
        assert_eq!(codes.len(), 1);
        assert_eq!(codes[0].span, 22..36);
        assert_eq!(&text[codes[0].span.clone()], "error:0a000086");
        assert_eq!(find_all("error:"), Vec::new());
        assert_eq!(find_all("error:0a00"), Vec::new());
    }
}
