//! Protocol::SSLRequest: the client's "switch to TLS now", a 32-byte payload with sequence id 1.
//!
//! Spec: <https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_ssl_request.html>.
//! Scanners send constant SSLRequests, so the bytes say which tool connected (see the project's
//! reference/clients-and-errors.md; e.g. openssl `apps/s_client.c` hard-codes caps 0x007FAE85,
//! max packet 16 MiB, charset 33).

use serde::Serialize;

use super::caps::{client_filler, Capabilities, MariaDbCapabilities};
use super::cursor::Cursor;
use super::DecodeError;
use crate::vocab::Spanned;

/// The payload length of an SSLRequest.
pub const SSL_REQUEST_LEN: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SslRequest {
    pub capabilities: Spanned<Capabilities>,
    pub max_packet: Spanned<u32>,
    pub charset: Spanned<u8>,
    /// 23 bytes (19 from a MariaDB client), zero per spec.
    pub filler: Spanned<Vec<u8>>,
    /// A MariaDB client's extended capabilities (tshark `mariadb.extcaps.client`).
    pub mariadb_caps: Option<Spanned<MariaDbCapabilities>>,
}

/// A tool recognised by its constant SSLRequest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Tool {
    /// `openssl s_client -starttls mysql` and sslscan send the same bytes.
    OpensslSClientOrSslscan,
    Testssl,
    Nmap,
    Zgrab2,
}

impl Tool {
    pub fn name(self) -> &'static str {
        match self {
            Tool::OpensslSClientOrSslscan => "openssl s_client or sslscan",
            Tool::Testssl => "testssl.sh",
            Tool::Nmap => "nmap",
            Tool::Zgrab2 => "zgrab2",
        }
    }
}

impl SslRequest {
    pub fn decode(payload: &[u8], base: usize) -> Result<SslRequest, DecodeError> {
        let mut c = Cursor::new(payload, base);
        let capabilities = c.u32le("capability flags")?.map(Capabilities); // int<4> client_flag
        let max_packet = c.u32le("max packet size")?; // int<4> max_packet_size
        let charset = c.u8("character set")?; // int<1> character_set
        let (filler, mariadb_caps) = client_filler(&mut c, capabilities.value)?; // string[23] filler
        c.finish("SSLRequest")?;
        if !capabilities.value.contains(Capabilities::CLIENT_SSL) {
            return Err(DecodeError::Invalid {
                offset: capabilities.range.start,
                what: "capability flags",
                expected: "CLIENT_SSL (0x800) set",
                got: format!("{:#010x}", capabilities.value.0),
            });
        }
        Ok(SslRequest { capabilities, max_packet, charset, filler, mariadb_caps })
    }

    pub fn filler_is_zero(&self) -> bool {
        self.filler.value.iter().all(|&b| b == 0)
    }

    /// The tool whose constant SSLRequest this is, if any.
    pub fn tool(&self) -> Option<Tool> {
        let caps = self.capabilities.value.0;
        match (caps, self.max_packet.value, self.charset.value) {
            (0x007F_AE85, _, 33) => Some(Tool::OpensslSClientOrSslscan),
            (0x00FF_AE85, _, _) => Some(Tool::Testssl),
            (0x0000_AE85, _, 8) => Some(Tool::Nmap),
            (0x0000_0800, 0, 0) => Some(Tool::Zgrab2),
            _ => None,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The payload `openssl s_client -starttls mysql` sends (synthetic, from its source).
    pub(crate) fn synthetic_openssl_payload() -> Vec<u8> {
        let mut p = vec![0x85, 0xAE, 0x7F, 0x00, 0x00, 0x00, 0x00, 0x01, 0x21];
        p.extend([0u8; 23]);
        p
    }

    fn payload(caps: u32, max: u32, charset: u8) -> Vec<u8> {
        let mut p = caps.to_le_bytes().to_vec();
        p.extend(max.to_le_bytes());
        p.push(charset);
        p.extend([0u8; 23]);
        p
    }

    #[test]
    fn reads_openssl_ssl_request_whole() {
        let r = SslRequest::decode(&synthetic_openssl_payload(), 4).unwrap();
        assert_eq!(
            r,
            SslRequest {
                capabilities: Spanned::new(Capabilities(0x007F_AE85), 4..8),
                max_packet: Spanned::new(0x0100_0000, 8..12),
                charset: Spanned::new(33, 12..13),
                filler: Spanned::new(vec![0; 23], 13..36),
                mariadb_caps: None,
            }
        );
        assert_eq!(r.tool(), Some(Tool::OpensslSClientOrSslscan));
        assert!(r.filler_is_zero());
    }

    #[test]
    fn reads_tool_fingerprints() {
        let tool = |caps, max, cs| SslRequest::decode(&payload(caps, max, cs), 0).unwrap().tool();
        assert_eq!(tool(0x00FF_AE85, 0x0100_0000, 8), Some(Tool::Testssl));
        assert_eq!(tool(0x0000_AE85, 0x0100_0000, 8), Some(Tool::Nmap));
        assert_eq!(tool(0x0000_0800, 0, 0), Some(Tool::Zgrab2));
        // The mysql client: many more flags, utf8mb4.
        assert_eq!(tool(0x01FF_AA8F | 0x800, 0x0100_0000, 255), None);
    }

    #[test]
    fn reads_mariadb_client_extended_capabilities() {
        // As the MariaDB 10.11 client sends it: CLIENT_MYSQL clear, ext caps 0x1d at the end.
        let mut p = payload(0x00BF_AA84, 0x0100_0000, 33);
        p.truncate(28);
        p.extend(0x1Du32.to_le_bytes());
        let r = SslRequest::decode(&p, 0).unwrap();
        assert_eq!(r.filler.range, 9..28);
        assert_eq!(r.mariadb_caps, Some(Spanned::new(MariaDbCapabilities(0x1D), 28..32)));
        assert_eq!(r.tool(), None);
    }

    #[test]
    fn rejects_without_client_ssl_or_wrong_length() {
        assert!(matches!(
            SslRequest::decode(&payload(0x0000_A685, 0, 33), 4),
            Err(DecodeError::Invalid { offset: 4, what: "capability flags", .. })
        ));
        let mut long = synthetic_openssl_payload();
        long.push(b'u');
        assert_eq!(
            SslRequest::decode(&long, 4),
            Err(DecodeError::Trailing { offset: 36, what: "SSLRequest", count: 1 })
        );
        assert!(matches!(
            SslRequest::decode(&[0x85, 0xAE, 0x7F], 0),
            Err(DecodeError::Truncated { offset: 0, needed: 1, .. })
        ));
    }
}
