//! The verdict matrix's column ids. How each client verifies is described in
//! [`crate::rules::clients`]; this is only the stable name every layer can refer to.

use serde::{Deserialize, Serialize};

/// `Name = "stable-id"`, once per column, in display order: the enum, [`ClientId::as_str`] and
/// [`ClientId::ALL`] come from this one list.
macro_rules! declare_clients {
    ($($name:ident = $id:literal),* $(,)?) => {
        /// One column of the verdict matrix.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum ClientId {
            $($name,)*
        }

        impl ClientId {
            /// Every column, in display order.
            pub const ALL: &[ClientId] = &[$(ClientId::$name,)*];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ClientId::$name => $id,)*
                }
            }

            /// The column with this stable id.
            pub fn parse(id: &str) -> Option<ClientId> {
                match id {
                    $($id => Some(ClientId::$name),)*
                    _ => None,
                }
            }
        }
    };
}

declare_clients! {
    Mysql8VerifyCa = "mysql8-verify-ca",
    Mysql8VerifyIdentity = "mysql8-verify-identity",
    MariadbVerifyServerCert = "mariadb-verify-server-cert",
    ConnectorJVerifyIdentity = "connector-j-verify-identity",
    GoCustomCa = "go-custom-ca",
    PymysqlPython312 = "pymysql-python312",
    PymysqlPython313 = "pymysql-python313",
    Mysql2VerifyIdentity = "mysql2-verify-identity",
    Rustls = "rustls",
    // Client lab (lab-core).
    MariadbSslCaOnly = "mariadb-ssl-ca-only",
    MysqlConnectorPythonVerifyIdentity = "mysql-connector-python-verify-identity",
    MysqlConnectorPythonVerifyCert = "mysql-connector-python-verify-cert",
    MysqlConnectorPythonCaOnly = "mysql-connector-python-ca-only",
    MysqlclientVerifyCa = "mysqlclient-verify-ca",
    MysqlclientCaOnly = "mysqlclient-ca-only",
    PymysqlCaOnly = "pymysql-ca-only",
    PhpMysqliVerify = "php-mysqli-verify",
    PhpPdoVerifyFalse = "php-pdo-verify-false",
    PerlDbdMariadbVerify = "perl-dbd-mariadb-verify",
    Mysql2CaOnly = "mysql2-ca-only",
    NodeMysql = "node-mysql",
    NodeMariadb = "node-mariadb",
    // Client lab (lab-more).
    RubyMysql2VerifyIdentity = "ruby-mysql2-verify-identity",
    MariadbConnectorJ = "mariadb-connector-j",
}

impl std::fmt::Display for ClientId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::ClientId;

    #[test]
    fn serde_id_is_the_declared_id() {
        for &id in ClientId::ALL {
            assert_eq!(serde_json::to_value(id).ok(), Some(serde_json::Value::String(id.as_str().into())));
        }
        assert_eq!(ClientId::ALL.len(), 24);
        for &id in ClientId::ALL {
            assert_eq!(ClientId::parse(id.as_str()), Some(id));
        }
        assert_eq!(ClientId::parse("no-such-client"), None);
    }
}
