//! Protocol::HandshakeResponse41: the client's login. It carries the user name and a
//! password-derived auth response, so both are **redacted by default**: the decoded struct keeps
//! only where they are and how long they are; [`HandshakeResponse41::reveal_user`] is the one
//! explicit way to read the name back from the stream.
//!
//! Spec: <https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_response.html>.
//! tshark: `mysql.caps.client` is [`Capabilities::low16`] of [`HandshakeResponse41::capabilities`].

use std::fmt;
use std::ops::Range;

use serde::{Serialize, Serializer};

use super::caps::{client_filler, Capabilities, MariaDbCapabilities};
use super::cursor::Cursor;
use super::{lossy, DecodeError};
use crate::vocab::Spanned;

/// Stands in for a secret: shows as `‹redacted›` everywhere (Debug, Display, JSON).
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Redacted;

impl Redacted {
    pub const TEXT: &'static str = "‹redacted›";
}

impl fmt::Display for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(Self::TEXT)
    }
}

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(Self::TEXT)
    }
}

impl Serialize for Redacted {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(Self::TEXT)
    }
}

/// One connection attribute (`_client_name`, `_os`, `program_name` …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attribute {
    pub key: Spanned<String>,
    pub value: Spanned<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandshakeResponse41 {
    pub capabilities: Spanned<Capabilities>,
    pub max_packet: Spanned<u32>,
    pub charset: Spanned<u8>,
    /// 23 bytes (19 from a MariaDB client).
    pub filler: Spanned<Vec<u8>>,
    /// A MariaDB client's extended capabilities (tshark `mariadb.extcaps.client`).
    pub mariadb_caps: Option<Spanned<MariaDbCapabilities>>,
    /// Always [`Redacted`].
    pub user: Redacted,
    /// The user field including its NUL terminator.
    pub user_range: Range<usize>,
    /// Bytes of the name (terminator excluded).
    pub user_len: usize,
    /// The auth response field including its length prefix.
    pub auth_response_range: Range<usize>,
    /// Bytes of the password-derived value.
    pub auth_response_len: usize,
    pub database: Option<Spanned<String>>,
    pub auth_plugin: Option<Spanned<String>>,
    pub attributes: Option<Spanned<Vec<Attribute>>>,
    /// Why the attributes did not decode (the fields before them still count).
    pub attributes_error: Option<DecodeError>,
    pub zstd_level: Option<Spanned<u8>>,
    pub trailing: Option<Range<usize>>,
}

impl HandshakeResponse41 {
    pub fn decode(payload: &[u8], base: usize) -> Result<HandshakeResponse41, DecodeError> {
        let mut c = Cursor::new(payload, base);
        let capabilities = c.u32le("capability flags")?.map(Capabilities); // int<4> client_flag
        let caps = capabilities.value;
        if !caps.contains(Capabilities::CLIENT_PROTOCOL_41) {
            return Err(DecodeError::Unsupported {
                offset: capabilities.range.start,
                what: "capability flags",
                got: format!("{:#010x} without CLIENT_PROTOCOL_41", caps.0),
                hint: "HandshakeResponse320 is from pre-4.1 clients",
            });
        }
        let max_packet = c.u32le("max packet size")?; // int<4> max_packet_size
        let charset = c.u8("character set")?; // int<1> character_set
        let (filler, mariadb_caps) = client_filler(&mut c, caps)?; // string[23] filler
        let user = c.nul_str("user name")?; // string<NUL> username
        let auth_start = c.offset();
        let auth = if caps.contains(Capabilities::CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA) {
            c.lenenc_str("auth response")? // string<lenenc> auth_response
        } else if caps.contains(Capabilities::CLIENT_SECURE_CONNECTION) {
            let len = c.u8("auth response length")?; // int<1> auth_response_length
            c.take(usize::from(len.value), "auth response")? // string[$len] auth_response
        } else {
            c.nul_str("auth response")? // string<NUL> auth_response
        };
        let mut r = HandshakeResponse41 {
            capabilities,
            max_packet,
            charset,
            filler,
            mariadb_caps,
            user: Redacted,
            user_len: user.value.len(),
            user_range: user.range,
            auth_response_range: auth_start..auth.range.end,
            auth_response_len: auth.value.len(),
            database: None,
            auth_plugin: None,
            attributes: None,
            attributes_error: None,
            zstd_level: None,
            trailing: None,
        };
        if caps.contains(Capabilities::CLIENT_CONNECT_WITH_DB) {
            r.database = Some(c.nul_str("database")?.map(lossy)); // string<NUL> database
        }
        if caps.contains(Capabilities::CLIENT_PLUGIN_AUTH) {
            // string<NUL> client_plugin_name (some clients omit the NUL when it is last)
            r.auth_plugin = Some(c.nul_str_or_rest("client plugin name").map(lossy));
        }
        if caps.contains(Capabilities::CLIENT_CONNECT_ATTRS) && !c.is_empty() {
            match attributes(&mut c) {
                Ok(a) => r.attributes = Some(a),
                Err(e) => {
                    r.attributes_error = Some(e);
                    c.rest();
                }
            }
        }
        if caps.contains(Capabilities::CLIENT_ZSTD_COMPRESSION_ALGORITHM) && !c.is_empty() {
            r.zstd_level = Some(c.u8("zstd compression level")?); // int<1> zstd_compression_level
        }
        if !c.is_empty() {
            r.trailing = Some(c.rest().range);
        }
        Ok(r)
    }

    /// The user name, read from the client's stream: the only way to see it.
    pub fn reveal_user(&self, stream: &[u8]) -> Option<String> {
        let start = self.user_range.start;
        stream.get(start..start.checked_add(self.user_len)?).map(lossy)
    }

    /// The value of attribute `key` (e.g. `_client_name`), if sent.
    pub fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes.as_ref()?.value.iter().find(|a| a.key.value == key).map(|a| a.value.value.as_str())
    }
}

/// `int<lenenc>` total length, then `string<lenenc>` key/value pairs.
fn attributes(c: &mut Cursor<'_>) -> Result<Spanned<Vec<Attribute>>, DecodeError> {
    let start = c.offset();
    let len = c.lenenc_int("attributes length")?;
    let n = usize::try_from(len.value).unwrap_or(usize::MAX);
    let mut sub = c.sub(n, "attributes")?;
    let mut list = Vec::new();
    while !sub.is_empty() {
        let key = sub.lenenc_str("attribute key")?.map(lossy);
        let value = sub.lenenc_str("attribute value")?.map(lossy);
        list.push(Attribute { key, value });
    }
    Ok(Spanned::new(list, start..c.offset()))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A synthetic mysql-8 client login: lenenc auth data, database, plugin, attributes.
    pub(crate) fn synthetic_payload(user: &[u8]) -> Vec<u8> {
        let caps = Capabilities::CLIENT_PROTOCOL_41
            | Capabilities::CLIENT_SECURE_CONNECTION
            | Capabilities::CLIENT_PLUGIN_AUTH
            | Capabilities::CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA
            | Capabilities::CLIENT_CONNECT_WITH_DB
            | Capabilities::CLIENT_CONNECT_ATTRS
            | Capabilities::CLIENT_LONG_PASSWORD;
        let mut p = caps.to_le_bytes().to_vec();
        p.extend(0x0100_0000u32.to_le_bytes());
        p.push(255);
        p.extend([0u8; 23]);
        p.extend(user);
        p.push(0);
        p.push(32);
        p.extend([0x5Au8; 32]);
        p.extend(b"shop\0");
        p.extend(b"caching_sha2_password\0");
        p.extend([21, 12]);
        p.extend(b"_client_name");
        p.push(7);
        p.extend(b"libmysq");
        p
    }

    #[test]
    fn reads_login_with_user_redacted() {
        let p = synthetic_payload(b"alice");
        let r = HandshakeResponse41::decode(&p, 4).unwrap();
        assert_eq!(
            r,
            HandshakeResponse41 {
                capabilities: Spanned::new(Capabilities(0x0038_8209), 4..8),
                max_packet: Spanned::new(0x0100_0000, 8..12),
                charset: Spanned::new(255, 12..13),
                filler: Spanned::new(vec![0; 23], 13..36),
                mariadb_caps: None,
                user: Redacted,
                user_range: 36..42,
                user_len: 5,
                auth_response_range: 42..75,
                auth_response_len: 32,
                database: Some(Spanned::new("shop".into(), 75..80)),
                auth_plugin: Some(Spanned::new("caching_sha2_password".into(), 80..102)),
                attributes: Some(Spanned::new(
                    vec![Attribute {
                        key: Spanned::new("_client_name".into(), 103..116),
                        value: Spanned::new("libmysq".into(), 116..124),
                    }],
                    102..124
                )),
                attributes_error: None,
                zstd_level: None,
                trailing: None,
            }
        );
        assert_eq!(format!("{:?}", r.user), "‹redacted›");
        assert!(!format!("{r:?}").contains("alice"));
        assert!(!serde_json::to_string(&r).unwrap().contains("alice"));
        let mut stream = vec![0u8; 4];
        stream.extend(&p);
        assert_eq!(r.reveal_user(&stream), Some("alice".into()));
        assert_eq!(r.attribute("_client_name"), Some("libmysq"));
    }

    #[test]
    fn reads_one_byte_auth_length_without_lenenc_flag() {
        let caps = Capabilities::CLIENT_PROTOCOL_41 | Capabilities::CLIENT_SECURE_CONNECTION;
        let mut p = caps.to_le_bytes().to_vec();
        p.extend([0u8; 4 + 1 + 23]);
        p.extend(b"bob\0");
        p.push(20);
        p.extend([1u8; 20]);
        let r = HandshakeResponse41::decode(&p, 0).unwrap();
        assert_eq!((r.user_range.clone(), r.user_len), (32..36, 3));
        assert_eq!((r.auth_response_range.clone(), r.auth_response_len), (36..57, 20));
        assert_eq!((r.database, r.auth_plugin, r.trailing), (None, None, None));
        assert_eq!(
            r.mariadb_caps,
            Some(Spanned::new(MariaDbCapabilities(0), 28..32)),
            "CLIENT_MYSQL clear: a MariaDB client"
        );
    }

    #[test]
    fn keeps_fields_when_attributes_are_bad() {
        let mut p = synthetic_payload(b"u");
        p.truncate(p.len() - 3);
        let r = HandshakeResponse41::decode(&p, 0).unwrap();
        assert_eq!(r.auth_plugin.map(|a| a.value), Some("caching_sha2_password".into()));
        assert_eq!(r.attributes_error, Some(DecodeError::Truncated { offset: 95, what: "attributes", needed: 3 }));
    }

    #[test]
    fn rejects_truncated_auth_response() {
        let p = synthetic_payload(b"alice");
        assert_eq!(
            HandshakeResponse41::decode(p.get(..50).unwrap(), 0),
            Err(DecodeError::Truncated { offset: 39, what: "auth response", needed: 21 })
        );
        assert!(matches!(HandshakeResponse41::decode(&[0u8; 40], 0), Err(DecodeError::Unsupported { offset: 0, .. })));
    }
}
