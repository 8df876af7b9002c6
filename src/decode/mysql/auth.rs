//! The authentication exchange after the login: AuthSwitchRequest (`0xFE`, the server wants
//! another plugin) and AuthMoreData (`0x01`, plugin-specific data, e.g. caching_sha2_password's
//! "fast auth succeeded" / "perform full authentication" or its RSA public key).
//!
//! Specs: <https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_auth_switch_request.html>,
//! <https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_auth_more_data.html>,
//! <https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html>.

use serde::Serialize;

use super::cursor::Cursor;

use super::{lossy, DecodeError};
use crate::vocab::Spanned;

pub const AUTH_SWITCH_HEADER: u8 = 0xFE;
pub const AUTH_MORE_DATA_HEADER: u8 = 0x01;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthSwitchRequest {
    pub header: Spanned<u8>,
    /// `None` for the one-byte OldAuthSwitchRequest (switch to mysql_old_password).
    pub plugin: Option<Spanned<String>>,
    /// The new nonce (not secret).
    pub data: Option<Spanned<Vec<u8>>>,
}

impl AuthSwitchRequest {
    pub fn decode(payload: &[u8], base: usize) -> Result<AuthSwitchRequest, DecodeError> {
        let mut c = Cursor::new(payload, base);
        let header = c.u8("auth switch header")?; // int<1> 0xFE
        expect(&header, AUTH_SWITCH_HEADER, "0xfe", "auth switch header")?;
        if c.is_empty() {
            return Ok(AuthSwitchRequest { header, plugin: None, data: None });
        }
        let plugin = c.nul_str("plugin name")?.map(lossy); // string<NUL> plugin name
        let data = c.rest().map(<[u8]>::to_vec); // string<EOF> auth plugin data
        Ok(AuthSwitchRequest { header, plugin: Some(plugin), data: Some(data) })
    }

    /// The plugin asked for (`mysql_old_password` for the one-byte form).
    pub fn plugin_name(&self) -> &str {
        self.plugin.as_ref().map_or("mysql_old_password", |p| p.value.as_str())
    }
}

/// caching_sha2_password's one-byte AuthMoreData messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FastAuth {
    /// 0x03: the cached hash matched.
    Success,
    /// 0x04: the server needs the password itself: over TLS, or RSA-encrypted, otherwise the
    /// client fails with error 2061.
    FullAuthenticationRequired,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthMoreData {
    pub header: Spanned<u8>,
    pub data: Spanned<Vec<u8>>,
}

impl AuthMoreData {
    pub fn decode(payload: &[u8], base: usize) -> Result<AuthMoreData, DecodeError> {
        let mut c = Cursor::new(payload, base);
        let header = c.u8("auth more data header")?; // int<1> 0x01
        expect(&header, AUTH_MORE_DATA_HEADER, "0x01", "auth more data header")?;
        let data = c.rest().map(<[u8]>::to_vec); // string<EOF> authentication method data
        Ok(AuthMoreData { header, data })
    }

    /// The caching_sha2_password state byte, when the data is exactly one.
    pub fn fast_auth(&self) -> Option<FastAuth> {
        match self.data.value.as_slice() {
            [3] => Some(FastAuth::Success),
            [4] => Some(FastAuth::FullAuthenticationRequired),
            _ => None,
        }
    }

    /// The server sent its RSA public key (PEM).
    pub fn is_public_key(&self) -> bool {
        self.data.value.starts_with(b"-----BEGIN ")
    }
}

fn expect(header: &Spanned<u8>, want: u8, expected: &'static str, what: &'static str) -> Result<(), DecodeError> {
    if header.value == want {
        Ok(())
    } else {
        Err(DecodeError::Invalid { offset: header.range.start, what, expected, got: format!("{:#04x}", header.value) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_auth_switch() {
        let mut p = vec![0xFE];
        p.extend(b"mysql_native_password\0");
        p.extend(b"0123456789abcdefghij\0");
        let a = AuthSwitchRequest::decode(&p, 4).unwrap();
        assert_eq!(
            a,
            AuthSwitchRequest {
                header: Spanned::new(0xFE, 4..5),
                plugin: Some(Spanned::new("mysql_native_password".into(), 5..27)),
                data: Some(Spanned::new(b"0123456789abcdefghij\0".to_vec(), 27..48)),
            }
        );
        assert_eq!(a.plugin_name(), "mysql_native_password");
    }

    #[test]
    fn reads_old_auth_switch() {
        let a = AuthSwitchRequest::decode(&[0xFE], 0).unwrap();
        assert_eq!(a.plugin_name(), "mysql_old_password");
    }

    #[test]
    fn reads_caching_sha2_states() {
        let full = AuthMoreData::decode(&[1, 4], 4).unwrap();
        assert_eq!(full, AuthMoreData { header: Spanned::new(1, 4..5), data: Spanned::new(vec![4], 5..6) });
        assert_eq!(full.fast_auth(), Some(FastAuth::FullAuthenticationRequired));
        assert_eq!(AuthMoreData::decode(&[1, 3], 0).unwrap().fast_auth(), Some(FastAuth::Success));
        let key = AuthMoreData::decode(b"\x01-----BEGIN PUBLIC KEY-----\n", 0).unwrap();
        assert!(key.is_public_key());
        assert_eq!(key.fast_auth(), None);
    }

    #[test]
    fn rejects_wrong_headers() {
        assert!(matches!(AuthMoreData::decode(&[0xFE], 2), Err(DecodeError::Invalid { offset: 2, .. })));
        assert_eq!(
            AuthSwitchRequest::decode(&[0xFE, b'x'], 0),
            Err(DecodeError::Unterminated { offset: 1, what: "plugin name" })
        );
        assert!(matches!(AuthSwitchRequest::decode(&[], 0), Err(DecodeError::Truncated { offset: 0, needed: 1, .. })));
    }
}
