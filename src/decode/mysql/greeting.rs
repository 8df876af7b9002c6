//! The server's greeting, Protocol::HandshakeV10.
//!
//! Spec: <https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html>;
//! MariaDB: <https://mariadb.com/kb/en/connection/#initial-handshake-packet> (extended
//! capabilities in the last 4 reserved bytes when `CLIENT_MYSQL` is clear).
//!
//! tshark names: `mysql.protocol`, `mysql.version`, `mysql.thread_id`, `mysql.caps.server`
//! ([`Greeting::caps_low`]), `mysql.extcaps.server` ([`Greeting::caps_high`]),
//! `mariadb.extcaps.server`, `mysql.server_language` ([`Greeting::charset`]), `mysql.auth_plugin`.

use std::ops::Range;

use serde::Serialize;

use super::caps::{Capabilities, MariaDbCapabilities};
use super::cursor::Cursor;
use super::{lossy, DecodeError};
use crate::vocab::Spanned;

/// MariaDB puts this in front of its version so old clients that parse the major version
/// still see "5.5".
pub const MARIADB_VERSION_PREFIX: &str = "5.5.5-";

/// A decoded HandshakeV10. Fields after the low capability flags are optional in the spec
/// (pre-4.1 servers stop there), hence the `Option`s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Greeting {
    pub protocol: Spanned<u8>,
    /// As sent, MariaDB's `5.5.5-` prefix included.
    pub server_version: Spanned<String>,
    pub connection_id: Spanned<u32>,
    /// The first 8 bytes of the server's nonce (not secret).
    pub auth_data_1: Spanned<Vec<u8>>,
    pub filler: Spanned<u8>,
    pub caps_low: Spanned<u16>,
    pub charset: Option<Spanned<u8>>,
    pub status: Option<Spanned<u16>>,
    pub caps_high: Option<Spanned<u16>>,
    pub auth_data_len: Option<Spanned<u8>>,
    /// 10 bytes, or 6 when MariaDB's extended capabilities take the last 4.
    pub reserved: Option<Spanned<Vec<u8>>>,
    pub mariadb_caps: Option<Spanned<MariaDbCapabilities>>,
    pub auth_data_2: Option<Spanned<Vec<u8>>>,
    pub auth_plugin: Option<Spanned<String>>,
    /// Low and high halves merged.
    pub capabilities: Capabilities,
    /// Bytes after the last field.
    pub trailing: Option<Range<usize>>,
}

impl Greeting {
    /// Decodes a greeting payload that starts at `base` in the server's stream.
    pub fn decode(payload: &[u8], base: usize) -> Result<Greeting, DecodeError> {
        let mut c = Cursor::new(payload, base);
        let protocol = c.u8("protocol version")?; // int<1> protocol version
        match protocol.value {
            10 => {}
            9 => {
                return Err(DecodeError::Unsupported {
                    offset: protocol.range.start,
                    what: "protocol version",
                    got: "9".into(),
                    hint: "HandshakeV9 is from MySQL 3.21 and before",
                })
            }
            other => {
                return Err(DecodeError::Invalid {
                    offset: protocol.range.start,
                    what: "protocol version",
                    expected: "10",
                    got: other.to_string(),
                })
            }
        }
        let server_version = c.nul_str("server version")?.map(lossy); // string<NUL> server_version
        let connection_id = c.u32le("connection id")?; // int<4> thread_id
        let auth_data_1 = c.take(8, "auth-plugin-data part 1")?.map(<[u8]>::to_vec); // string[8]
        let filler = c.u8("filler")?; // int<1> filler
        let caps_low = c.u16le("capability flags (lower 2 bytes)")?; // int<2> capability_flags_1
        let mut g = Greeting {
            protocol,
            server_version,
            connection_id,
            auth_data_1,
            filler,
            capabilities: Capabilities::from_halves(caps_low.value, 0),
            caps_low,
            charset: None,
            status: None,
            caps_high: None,
            auth_data_len: None,
            reserved: None,
            mariadb_caps: None,
            auth_data_2: None,
            auth_plugin: None,
            trailing: None,
        };
        if c.is_empty() {
            return Ok(g);
        }
        g.charset = Some(c.u8("character set")?); // int<1> character_set
        g.status = Some(c.u16le("status flags")?); // int<2> status_flags
        let high = c.u16le("capability flags (upper 2 bytes)")?; // int<2> capability_flags_2
        g.capabilities = Capabilities::from_halves(g.caps_low.value, high.value);
        g.caps_high = Some(high);
        let caps = g.capabilities;
        let auth_len = c.u8("auth-plugin-data length")?; // int<1> auth_plugin_data_len
        if caps.contains(Capabilities::CLIENT_MYSQL) {
            g.reserved = Some(c.take(10, "reserved")?.map(<[u8]>::to_vec)); // string[10] reserved
        } else {
            g.reserved = Some(c.take(6, "reserved")?.map(<[u8]>::to_vec)); // string[6] filler
            let ext = c.u32le("MariaDB extended capabilities")?; // int<4> server capabilities 3rd part
            g.mariadb_caps = Some(ext.map(MariaDbCapabilities));
        }
        if caps.contains(Capabilities::CLIENT_SECURE_CONNECTION) {
            // $len = MAX(13, auth_plugin_data_len - 8)
            let len = usize::from(auth_len.value).saturating_sub(8).max(13);
            g.auth_data_2 = Some(c.take(len, "auth-plugin-data part 2")?.map(<[u8]>::to_vec));
        }
        g.auth_data_len = Some(auth_len);
        if caps.contains(Capabilities::CLIENT_PLUGIN_AUTH) {
            // string<NUL> auth_plugin_name (some 5.5 servers leave the NUL off)
            g.auth_plugin = Some(c.nul_str_or_rest("auth plugin name").map(lossy));
        }
        if !c.is_empty() {
            g.trailing = Some(c.rest().range);
        }
        Ok(g)
    }

    /// MariaDB says so in its version string, or by clearing `CLIENT_MYSQL` in a 4.1 greeting.
    pub fn is_mariadb(&self) -> bool {
        self.server_version.value.contains("MariaDB")
            || (self.capabilities.contains(Capabilities::CLIENT_PROTOCOL_41)
                && !self.capabilities.contains(Capabilities::CLIENT_MYSQL))
    }

    /// The version without MariaDB's `5.5.5-` compatibility prefix.
    pub fn version(&self) -> &str {
        let v = self.server_version.value.as_str();
        match v.strip_prefix(MARIADB_VERSION_PREFIX) {
            Some(rest) if self.is_mariadb() => rest,
            _ => v,
        }
    }

    pub fn offers_tls(&self) -> bool {
        self.capabilities.contains(Capabilities::CLIENT_SSL)
    }

    /// The server's nonce: both auth-plugin-data parts, without MySQL's trailing NUL.
    pub fn nonce(&self) -> Vec<u8> {
        let mut n = self.auth_data_1.value.clone();
        if let Some(p2) = &self.auth_data_2 {
            n.extend(p2.value.iter().copied());
            if n.last() == Some(&0) {
                n.pop();
            }
        }
        n
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A synthetic MySQL 8.0 greeting payload (caching_sha2_password, CLIENT_SSL), built from the
    /// documented layout.
    pub(crate) fn synthetic_mysql8_payload() -> Vec<u8> {
        let mut p = vec![10];
        p.extend(b"8.0.36\0");
        p.extend(42u32.to_le_bytes());
        p.extend(b"abcdefgh");
        p.push(0);
        p.extend(0xFFFFu16.to_le_bytes());
        p.push(255); // utf8mb4_0900_ai_ci
        p.extend(0x0002u16.to_le_bytes());
        p.extend(0xDFFFu16.to_le_bytes());
        p.push(21);
        p.extend([0u8; 10]);
        p.extend(b"ijklmnopqrst\0");
        p.extend(b"caching_sha2_password\0");
        p
    }

    /// A synthetic MariaDB 10.11 greeting payload: `5.5.5-` prefix, CLIENT_MYSQL clear,
    /// extended capabilities 0x1D, TLS offered.
    pub(crate) fn synthetic_mariadb_payload() -> Vec<u8> {
        let mut p = vec![10];
        p.extend(b"5.5.5-10.11.6-MariaDB-0+deb12u1\0");
        p.extend(7u32.to_le_bytes());
        p.extend(b"ABCDEFGH");
        p.push(0);
        p.extend(0xFFFEu16.to_le_bytes());
        p.push(45);
        p.extend(0x0002u16.to_le_bytes());
        p.extend(0x81FFu16.to_le_bytes());
        p.push(21);
        p.extend([0u8; 6]);
        p.extend(0x1Du32.to_le_bytes());
        p.extend(b"IJKLMNOPQRST\0");
        p.extend(b"mysql_native_password\0");
        p
    }

    #[test]
    fn reads_mysql8_greeting_whole() {
        let p = synthetic_mysql8_payload();
        let g = Greeting::decode(&p, 4).unwrap();
        assert_eq!(
            g,
            Greeting {
                protocol: Spanned::new(10, 4..5),
                server_version: Spanned::new("8.0.36".into(), 5..12),
                connection_id: Spanned::new(42, 12..16),
                auth_data_1: Spanned::new(b"abcdefgh".to_vec(), 16..24),
                filler: Spanned::new(0, 24..25),
                caps_low: Spanned::new(0xFFFF, 25..27),
                charset: Some(Spanned::new(255, 27..28)),
                status: Some(Spanned::new(2, 28..30)),
                caps_high: Some(Spanned::new(0xDFFF, 30..32)),
                auth_data_len: Some(Spanned::new(21, 32..33)),
                reserved: Some(Spanned::new(vec![0; 10], 33..43)),
                mariadb_caps: None,
                auth_data_2: Some(Spanned::new(b"ijklmnopqrst\0".to_vec(), 43..56)),
                auth_plugin: Some(Spanned::new("caching_sha2_password".into(), 56..78)),
                capabilities: Capabilities(0xDFFF_FFFF),
                trailing: None,
            }
        );
        assert!(g.offers_tls());
        assert!(!g.is_mariadb());
        assert_eq!(g.nonce(), b"abcdefghijklmnopqrst".to_vec());
        assert_eq!(g.version(), "8.0.36");
    }

    #[test]
    fn reads_mariadb_extended_capabilities() {
        let p = synthetic_mariadb_payload();
        let g = Greeting::decode(&p, 0).unwrap();
        assert!(g.is_mariadb());
        assert_eq!(g.version(), "10.11.6-MariaDB-0+deb12u1");
        assert_eq!(g.server_version.value, "5.5.5-10.11.6-MariaDB-0+deb12u1");
        assert_eq!(g.capabilities.low16(), 0xFFFE);
        assert!(g.offers_tls());
        assert_eq!(g.capabilities.high16(), 0x81FF);
        assert_eq!(g.reserved.as_ref().map(|r| r.range.clone()), Some(54..60));
        assert_eq!(g.mariadb_caps, Some(Spanned::new(MariaDbCapabilities(0x1D), 60..64)));
        assert_eq!(g.auth_plugin.map(|a| a.value), Some("mysql_native_password".into()));
    }

    #[test]
    fn reads_pre_41_greeting_that_stops_after_capabilities() {
        let mut p = vec![10];
        p.extend(b"3.23.58\0");
        p.extend(1u32.to_le_bytes());
        p.extend(b"12345678\0");
        p.extend(0x002Cu16.to_le_bytes());
        let g = Greeting::decode(&p, 0).unwrap();
        assert_eq!(g.charset, None);
        assert_eq!(g.capabilities, Capabilities(0x2C));
        assert!(!g.offers_tls());
    }

    #[test]
    fn reads_plugin_name_without_nul_and_reports_trailing() {
        let mut p = synthetic_mysql8_payload();
        p.pop();
        let g = Greeting::decode(&p, 0).unwrap();
        assert_eq!(g.auth_plugin, Some(Spanned::new("caching_sha2_password".into(), 52..73)));
        let mut p = synthetic_mysql8_payload();
        p.extend([1, 2]);
        assert_eq!(Greeting::decode(&p, 0).unwrap().trailing, Some(74..76));
    }

    #[test]
    fn rejects_truncated_greeting_with_field_and_offset() {
        let p = synthetic_mysql8_payload();
        let cut = p.get(..35).unwrap();
        assert_eq!(Greeting::decode(cut, 4), Err(DecodeError::Truncated { offset: 33, what: "reserved", needed: 4 }));
        assert_eq!(
            Greeting::decode(&[10, b'8'], 0),
            Err(DecodeError::Unterminated { offset: 1, what: "server version" })
        );
    }

    #[test]
    fn rejects_other_protocol_versions() {
        assert!(matches!(Greeting::decode(&[9, 0], 10), Err(DecodeError::Unsupported { offset: 10, .. })));
        assert_eq!(
            Greeting::decode(&[0x16], 0),
            Err(DecodeError::Invalid { offset: 0, what: "protocol version", expected: "10", got: "22".into() })
        );
    }
}
