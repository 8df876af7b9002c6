//! Capability flags as open newtypes: every bit is kept, documented bits have names.
//!
//! MySQL: <https://dev.mysql.com/doc/dev/mysql-server/latest/group__group__cs__capabilities__flags.html>.
//! MariaDB extended capabilities (the greeting's last 4 reserved bytes, read only when
//! `CLIENT_MYSQL` is clear): <https://mariadb.com/kb/en/connection/#capabilities> and
//! <https://mariadb.com/kb/en/mariadb-protocol-differences-with-mysql/>.

use serde::Serialize;

use super::cursor::Cursor;

use super::DecodeError;
use crate::vocab::Spanned;

/// The 32 capability bits of MySQL (greeting: low and high halves merged; SSLRequest and
/// HandshakeResponse41: one `int<4>`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Capabilities(pub u32);

impl Capabilities {
    /// MySQL's CLIENT_LONG_PASSWORD; MariaDB calls it CLIENT_MYSQL and clears it in its greeting.
    pub const CLIENT_LONG_PASSWORD: u32 = 1;
    pub const CLIENT_MYSQL: u32 = 1;
    pub const CLIENT_FOUND_ROWS: u32 = 1 << 1;
    pub const CLIENT_LONG_FLAG: u32 = 1 << 2;
    pub const CLIENT_CONNECT_WITH_DB: u32 = 1 << 3;
    pub const CLIENT_NO_SCHEMA: u32 = 1 << 4;
    pub const CLIENT_COMPRESS: u32 = 1 << 5;
    pub const CLIENT_ODBC: u32 = 1 << 6;
    pub const CLIENT_LOCAL_FILES: u32 = 1 << 7;
    pub const CLIENT_IGNORE_SPACE: u32 = 1 << 8;
    pub const CLIENT_PROTOCOL_41: u32 = 1 << 9;
    pub const CLIENT_INTERACTIVE: u32 = 1 << 10;
    /// The server can switch to TLS (greeting); the client asks to (SSLRequest).
    pub const CLIENT_SSL: u32 = 1 << 11;
    pub const CLIENT_IGNORE_SIGPIPE: u32 = 1 << 12;
    pub const CLIENT_TRANSACTIONS: u32 = 1 << 13;
    pub const CLIENT_RESERVED: u32 = 1 << 14;
    /// Also called CLIENT_RESERVED2: 4.1 authentication (1-byte auth response length).
    pub const CLIENT_SECURE_CONNECTION: u32 = 1 << 15;
    pub const CLIENT_MULTI_STATEMENTS: u32 = 1 << 16;
    pub const CLIENT_MULTI_RESULTS: u32 = 1 << 17;
    pub const CLIENT_PS_MULTI_RESULTS: u32 = 1 << 18;
    pub const CLIENT_PLUGIN_AUTH: u32 = 1 << 19;
    pub const CLIENT_CONNECT_ATTRS: u32 = 1 << 20;
    pub const CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA: u32 = 1 << 21;
    pub const CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS: u32 = 1 << 22;
    pub const CLIENT_SESSION_TRACK: u32 = 1 << 23;
    pub const CLIENT_DEPRECATE_EOF: u32 = 1 << 24;
    pub const CLIENT_OPTIONAL_RESULTSET_METADATA: u32 = 1 << 25;
    pub const CLIENT_ZSTD_COMPRESSION_ALGORITHM: u32 = 1 << 26;
    pub const CLIENT_QUERY_ATTRIBUTES: u32 = 1 << 27;
    pub const MULTI_FACTOR_AUTHENTICATION: u32 = 1 << 28;
    pub const CLIENT_CAPABILITY_EXTENSION: u32 = 1 << 29;
    pub const CLIENT_SSL_VERIFY_SERVER_CERT: u32 = 1 << 30;
    pub const CLIENT_REMEMBER_OPTIONS: u32 = 1 << 31;

    const NAMES: [(u32, &'static str); 32] = [
        (Self::CLIENT_LONG_PASSWORD, "CLIENT_LONG_PASSWORD"),
        (Self::CLIENT_FOUND_ROWS, "CLIENT_FOUND_ROWS"),
        (Self::CLIENT_LONG_FLAG, "CLIENT_LONG_FLAG"),
        (Self::CLIENT_CONNECT_WITH_DB, "CLIENT_CONNECT_WITH_DB"),
        (Self::CLIENT_NO_SCHEMA, "CLIENT_NO_SCHEMA"),
        (Self::CLIENT_COMPRESS, "CLIENT_COMPRESS"),
        (Self::CLIENT_ODBC, "CLIENT_ODBC"),
        (Self::CLIENT_LOCAL_FILES, "CLIENT_LOCAL_FILES"),
        (Self::CLIENT_IGNORE_SPACE, "CLIENT_IGNORE_SPACE"),
        (Self::CLIENT_PROTOCOL_41, "CLIENT_PROTOCOL_41"),
        (Self::CLIENT_INTERACTIVE, "CLIENT_INTERACTIVE"),
        (Self::CLIENT_SSL, "CLIENT_SSL"),
        (Self::CLIENT_IGNORE_SIGPIPE, "CLIENT_IGNORE_SIGPIPE"),
        (Self::CLIENT_TRANSACTIONS, "CLIENT_TRANSACTIONS"),
        (Self::CLIENT_RESERVED, "CLIENT_RESERVED"),
        (Self::CLIENT_SECURE_CONNECTION, "CLIENT_SECURE_CONNECTION"),
        (Self::CLIENT_MULTI_STATEMENTS, "CLIENT_MULTI_STATEMENTS"),
        (Self::CLIENT_MULTI_RESULTS, "CLIENT_MULTI_RESULTS"),
        (Self::CLIENT_PS_MULTI_RESULTS, "CLIENT_PS_MULTI_RESULTS"),
        (Self::CLIENT_PLUGIN_AUTH, "CLIENT_PLUGIN_AUTH"),
        (Self::CLIENT_CONNECT_ATTRS, "CLIENT_CONNECT_ATTRS"),
        (Self::CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA, "CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA"),
        (Self::CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS, "CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS"),
        (Self::CLIENT_SESSION_TRACK, "CLIENT_SESSION_TRACK"),
        (Self::CLIENT_DEPRECATE_EOF, "CLIENT_DEPRECATE_EOF"),
        (Self::CLIENT_OPTIONAL_RESULTSET_METADATA, "CLIENT_OPTIONAL_RESULTSET_METADATA"),
        (Self::CLIENT_ZSTD_COMPRESSION_ALGORITHM, "CLIENT_ZSTD_COMPRESSION_ALGORITHM"),
        (Self::CLIENT_QUERY_ATTRIBUTES, "CLIENT_QUERY_ATTRIBUTES"),
        (Self::MULTI_FACTOR_AUTHENTICATION, "MULTI_FACTOR_AUTHENTICATION"),
        (Self::CLIENT_CAPABILITY_EXTENSION, "CLIENT_CAPABILITY_EXTENSION"),
        (Self::CLIENT_SSL_VERIFY_SERVER_CERT, "CLIENT_SSL_VERIFY_SERVER_CERT"),
        (Self::CLIENT_REMEMBER_OPTIONS, "CLIENT_REMEMBER_OPTIONS"),
    ];

    /// Merges the greeting's two halves.
    pub fn from_halves(low: u16, high: u16) -> Self {
        Capabilities(u32::from(low) | u32::from(high) << 16)
    }

    pub fn contains(self, flag: u32) -> bool {
        self.0 & flag == flag
    }

    /// Lower 16 bits (tshark `mysql.caps.server` / `mysql.caps.client`).
    pub fn low16(self) -> u16 {
        (self.0 & 0xFFFF) as u16
    }

    /// Upper 16 bits (tshark `mysql.extcaps.server` / `mysql.extcaps.client`).
    pub fn high16(self) -> u16 {
        (self.0 >> 16) as u16
    }

    /// Names of the bits that are set, lowest first. MySQL documents all 32 bits.
    pub fn names(self) -> Vec<&'static str> {
        Self::NAMES.iter().filter(|(bit, _)| self.0 & bit != 0).map(|(_, name)| *name).collect()
    }
}

/// MariaDB's extended capabilities: bits 32–63 of its 64-bit flags, sent as an `int<4>`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct MariaDbCapabilities(pub u32);

impl MariaDbCapabilities {
    pub const MARIADB_CLIENT_PROGRESS: u32 = 1;
    /// Withdrawn in later versions; still named so old captures read well.
    pub const MARIADB_CLIENT_COM_MULTI: u32 = 1 << 1;
    pub const MARIADB_CLIENT_STMT_BULK_OPERATIONS: u32 = 1 << 2;
    pub const MARIADB_CLIENT_EXTENDED_METADATA: u32 = 1 << 3;
    pub const MARIADB_CLIENT_CACHE_METADATA: u32 = 1 << 4;
    pub const MARIADB_CLIENT_BULK_UNIT_RESULTS: u32 = 1 << 5;

    const NAMES: [(u32, &'static str); 6] = [
        (Self::MARIADB_CLIENT_PROGRESS, "MARIADB_CLIENT_PROGRESS"),
        (Self::MARIADB_CLIENT_COM_MULTI, "MARIADB_CLIENT_COM_MULTI"),
        (Self::MARIADB_CLIENT_STMT_BULK_OPERATIONS, "MARIADB_CLIENT_STMT_BULK_OPERATIONS"),
        (Self::MARIADB_CLIENT_EXTENDED_METADATA, "MARIADB_CLIENT_EXTENDED_METADATA"),
        (Self::MARIADB_CLIENT_CACHE_METADATA, "MARIADB_CLIENT_CACHE_METADATA"),
        (Self::MARIADB_CLIENT_BULK_UNIT_RESULTS, "MARIADB_CLIENT_BULK_UNIT_RESULTS"),
    ];

    pub fn contains(self, flag: u32) -> bool {
        self.0 & flag == flag
    }

    /// Names of the documented bits that are set.
    pub fn names(self) -> Vec<&'static str> {
        Self::NAMES.iter().filter(|(bit, _)| self.0 & bit != 0).map(|(_, name)| *name).collect()
    }

    /// Set bits without a documented name (kept, shown as hex).
    pub fn unknown_bits(self) -> u32 {
        Self::NAMES.iter().fold(self.0, |acc, (bit, _)| acc & !bit)
    }
}

/// The filler and, from a MariaDB client, its extended capabilities.
pub(crate) type ClientFiller = (Spanned<Vec<u8>>, Option<Spanned<MariaDbCapabilities>>);

/// The 23 filler bytes of an SSLRequest or HandshakeResponse41. A MariaDB client (one that
/// clears `CLIENT_MYSQL`) puts its extended capabilities in the last 4.
pub(crate) fn client_filler(c: &mut Cursor<'_>, caps: Capabilities) -> Result<ClientFiller, DecodeError> {
    if caps.contains(Capabilities::CLIENT_MYSQL) {
        let filler = c.take(23, "filler")?.map(<[u8]>::to_vec); // string[23] filler
        Ok((filler, None))
    } else {
        let filler = c.take(19, "filler")?.map(<[u8]>::to_vec); // string[19] filler
        let ext = c.u32le("MariaDB extended capabilities")?; // int<4> extended client capabilities
        Ok((filler, Some(ext.map(MariaDbCapabilities))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_named_bits() {
        let c = Capabilities(0x0000_0801);
        assert_eq!(c.names(), vec!["CLIENT_LONG_PASSWORD", "CLIENT_SSL"]);
        assert!(c.contains(Capabilities::CLIENT_SSL));
        assert!(!c.contains(Capabilities::CLIENT_PROTOCOL_41));
        assert_eq!(Capabilities(u32::MAX).names().len(), 32);
    }

    #[test]
    fn reads_halves_like_tshark() {
        let c = Capabilities::from_halves(0xF7FE, 0x81BF);
        assert_eq!(c, Capabilities(0x81BF_F7FE));
        assert_eq!((c.low16(), c.high16()), (0xF7FE, 0x81BF));
    }

    #[test]
    fn keeps_unknown_mariadb_bits() {
        let m = MariaDbCapabilities(0x8000_001D);
        assert_eq!(
            m.names(),
            vec![
                "MARIADB_CLIENT_PROGRESS",
                "MARIADB_CLIENT_STMT_BULK_OPERATIONS",
                "MARIADB_CLIENT_EXTENDED_METADATA",
                "MARIADB_CLIENT_CACHE_METADATA"
            ]
        );
        assert_eq!(m.unknown_bits(), 0x8000_0000);
    }
}
