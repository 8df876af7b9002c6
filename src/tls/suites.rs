//! Cipher suites as an open newtype. Constants for the suites MySQL servers and clients
//! commonly negotiate; names for every IANA-registered suite come from `tls-parser`'s table;
//! anything else is shown as hex.
//!
//! Registry: <https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-4>.
//! tshark: `tls.handshake.ciphersuite`.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct CipherSuite(pub u16);

impl CipherSuite {
    // TLS 1.3 (RFC 8446 §B.4)
    pub const TLS_AES_128_GCM_SHA256: CipherSuite = CipherSuite(0x1301);
    pub const TLS_AES_256_GCM_SHA384: CipherSuite = CipherSuite(0x1302);
    pub const TLS_CHACHA20_POLY1305_SHA256: CipherSuite = CipherSuite(0x1303);
    pub const TLS_AES_128_CCM_SHA256: CipherSuite = CipherSuite(0x1304);
    // TLS 1.2 ECDHE
    pub const TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: CipherSuite = CipherSuite(0xC02B);
    pub const TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: CipherSuite = CipherSuite(0xC02C);
    pub const TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: CipherSuite = CipherSuite(0xC02F);
    pub const TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: CipherSuite = CipherSuite(0xC030);
    pub const TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: CipherSuite = CipherSuite(0xCCA8);
    pub const TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: CipherSuite = CipherSuite(0xCCA9);
    pub const TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: CipherSuite = CipherSuite(0xC013);
    pub const TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: CipherSuite = CipherSuite(0xC014);
    pub const TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256: CipherSuite = CipherSuite(0xC027);
    pub const TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384: CipherSuite = CipherSuite(0xC028);
    // TLS 1.2 DHE
    pub const TLS_DHE_RSA_WITH_AES_128_GCM_SHA256: CipherSuite = CipherSuite(0x009E);
    pub const TLS_DHE_RSA_WITH_AES_256_GCM_SHA384: CipherSuite = CipherSuite(0x009F);
    // RSA key exchange (no forward secrecy)
    pub const TLS_RSA_WITH_AES_128_CBC_SHA: CipherSuite = CipherSuite(0x002F);
    pub const TLS_RSA_WITH_AES_256_CBC_SHA: CipherSuite = CipherSuite(0x0035);
    pub const TLS_RSA_WITH_AES_128_CBC_SHA256: CipherSuite = CipherSuite(0x003C);
    pub const TLS_RSA_WITH_AES_256_CBC_SHA256: CipherSuite = CipherSuite(0x003D);
    pub const TLS_RSA_WITH_AES_128_GCM_SHA256: CipherSuite = CipherSuite(0x009C);
    pub const TLS_RSA_WITH_AES_256_GCM_SHA384: CipherSuite = CipherSuite(0x009D);
    // Signalling values
    pub const TLS_EMPTY_RENEGOTIATION_INFO_SCSV: CipherSuite = CipherSuite(0x00FF);
    pub const TLS_FALLBACK_SCSV: CipherSuite = CipherSuite(0x5600);

    /// The IANA name, `GREASE`, or `None` for an unregistered value.
    pub fn name(self) -> Option<&'static str> {
        if self.is_grease() {
            return Some("GREASE");
        }
        tls_parser::TlsCipherSuite::from_id(self.0).map(|s| s.name)
    }

    pub fn is_grease(self) -> bool {
        super::is_grease(self.0)
    }

    /// A TLS 1.3 suite (0x13xx).
    pub fn is_tls13(self) -> bool {
        self.0 >> 8 == 0x13
    }
}

impl fmt::Display for CipherSuite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => write!(f, "{n} ({:#06x})", self.0),
            None => write!(f, "{:#06x}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_common_suites() {
        let cases = [
            (
                CipherSuite::TLS_AES_128_GCM_SHA256,
                "TLS_AES_128_GCM_SHA256",
            ),
            (
                CipherSuite::TLS_AES_256_GCM_SHA384,
                "TLS_AES_256_GCM_SHA384",
            ),
            (
                CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
                "TLS_CHACHA20_POLY1305_SHA256",
            ),
            (
                CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            ),
            (
                CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            ),
            (
                CipherSuite::TLS_RSA_WITH_AES_256_CBC_SHA,
                "TLS_RSA_WITH_AES_256_CBC_SHA",
            ),
            (
                CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV,
                "TLS_EMPTY_RENEGOTIATION_INFO_SCSV",
            ),
        ];
        for (suite, name) in cases {
            assert_eq!(suite.name(), Some(name), "{:#06x}", suite.0);
        }
    }

    #[test]
    fn keeps_unknown_and_grease_values() {
        assert_eq!(CipherSuite(0x1A1A).to_string(), "GREASE (0x1a1a)");
        assert_eq!(CipherSuite(0xFEFE).name(), None);
        assert_eq!(CipherSuite(0xFEFE).to_string(), "0xfefe");
        assert_eq!(
            CipherSuite(0x1302).to_string(),
            "TLS_AES_256_GCM_SHA384 (0x1302)"
        );
        assert!(CipherSuite(0x1302).is_tls13());
    }
}
