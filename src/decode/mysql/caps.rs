//! Capability flags as open newtypes: every bit is kept, documented bits have names.
//!
//! MySQL: <https://dev.mysql.com/doc/dev/mysql-server/latest/group__group__cs__capabilities__flags.html>.
//! MariaDB extended capabilities (the greeting's last 4 reserved bytes, read only when
//! `CLIENT_MYSQL` is clear): <https://mariadb.com/kb/en/connection/#capabilities> and
//! <https://mariadb.com/kb/en/mariadb-protocol-differences-with-mysql/>.

use super::cursor::Cursor;

use super::DecodeError;
use crate::vocab::Spanned;

crate::decode::newtype::open_flags! {
    /// The 32 capability bits of MySQL (greeting: low and high halves merged; SSLRequest and
    /// HandshakeResponse41: one `int<4>`). MySQL documents all 32.
    pub struct Capabilities(u32);
    /// MariaDB calls it CLIENT_MYSQL and clears it in its greeting ([`Capabilities::CLIENT_MYSQL`]).
    CLIENT_LONG_PASSWORD = 1,
    CLIENT_FOUND_ROWS = 1 << 1,
    CLIENT_LONG_FLAG = 1 << 2,
    CLIENT_CONNECT_WITH_DB = 1 << 3,
    CLIENT_NO_SCHEMA = 1 << 4,
    CLIENT_COMPRESS = 1 << 5,
    CLIENT_ODBC = 1 << 6,
    CLIENT_LOCAL_FILES = 1 << 7,
    CLIENT_IGNORE_SPACE = 1 << 8,
    CLIENT_PROTOCOL_41 = 1 << 9,
    CLIENT_INTERACTIVE = 1 << 10,
    /// The server can switch to TLS (greeting); the client asks to (SSLRequest).
    CLIENT_SSL = 1 << 11,
    CLIENT_IGNORE_SIGPIPE = 1 << 12,
    CLIENT_TRANSACTIONS = 1 << 13,
    CLIENT_RESERVED = 1 << 14,
    /// Also called CLIENT_RESERVED2: 4.1 authentication (1-byte auth response length).
    CLIENT_SECURE_CONNECTION = 1 << 15,
    CLIENT_MULTI_STATEMENTS = 1 << 16,
    CLIENT_MULTI_RESULTS = 1 << 17,
    CLIENT_PS_MULTI_RESULTS = 1 << 18,
    CLIENT_PLUGIN_AUTH = 1 << 19,
    CLIENT_CONNECT_ATTRS = 1 << 20,
    CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA = 1 << 21,
    CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS = 1 << 22,
    CLIENT_SESSION_TRACK = 1 << 23,
    CLIENT_DEPRECATE_EOF = 1 << 24,
    CLIENT_OPTIONAL_RESULTSET_METADATA = 1 << 25,
    CLIENT_ZSTD_COMPRESSION_ALGORITHM = 1 << 26,
    CLIENT_QUERY_ATTRIBUTES = 1 << 27,
    MULTI_FACTOR_AUTHENTICATION = 1 << 28,
    CLIENT_CAPABILITY_EXTENSION = 1 << 29,
    CLIENT_SSL_VERIFY_SERVER_CERT = 1 << 30,
    CLIENT_REMEMBER_OPTIONS = 1 << 31,
}

impl Capabilities {
    /// MariaDB's name for bit 0 (MySQL's CLIENT_LONG_PASSWORD): an alias, so it is not in the
    /// list, and `names()` says CLIENT_LONG_PASSWORD as tshark does.
    pub const CLIENT_MYSQL: u32 = Self::CLIENT_LONG_PASSWORD;

    /// Merges the greeting's two halves.
    pub fn from_halves(low: u16, high: u16) -> Self {
        Capabilities(u32::from(low) | u32::from(high) << 16)
    }

    /// Lower 16 bits (tshark `mysql.caps.server` / `mysql.caps.client`).
    pub fn low16(self) -> u16 {
        (self.0 & 0xFFFF) as u16
    }

    /// Upper 16 bits (tshark `mysql.extcaps.server` / `mysql.extcaps.client`).
    pub fn high16(self) -> u16 {
        (self.0 >> 16) as u16
    }
}

crate::decode::newtype::open_flags! {
    /// MariaDB's extended capabilities: bits 32–63 of its 64-bit flags, sent as an `int<4>`.
    pub struct MariaDbCapabilities(u32);
    MARIADB_CLIENT_PROGRESS = 1,
    /// Withdrawn in later versions; still named so old captures read well.
    MARIADB_CLIENT_COM_MULTI = 1 << 1,
    MARIADB_CLIENT_STMT_BULK_OPERATIONS = 1 << 2,
    MARIADB_CLIENT_EXTENDED_METADATA = 1 << 3,
    MARIADB_CLIENT_CACHE_METADATA = 1 << 4,
    MARIADB_CLIENT_BULK_UNIT_RESULTS = 1 << 5,
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
        assert_eq!(Capabilities(u32::MAX).unknown_bits(), 0, "MySQL names every bit");
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
