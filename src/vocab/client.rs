//! The verdict matrix's column ids. How each client verifies is described in
//! [`crate::rules::clients`]; this is only the stable name every layer can refer to.

use serde::{Deserialize, Serialize};

/// One column of the verdict matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClientId {
    Mysql8VerifyCa,
    Mysql8VerifyIdentity,
    MariadbVerifyServerCert,
    ConnectorJVerifyIdentity,
    GoCustomCa,
    PymysqlPython312,
    PymysqlPython313,
    Mysql2VerifyIdentity,
    Rustls,
}

impl ClientId {
    pub fn as_str(self) -> &'static str {
        match self {
            ClientId::Mysql8VerifyCa => "mysql8-verify-ca",
            ClientId::Mysql8VerifyIdentity => "mysql8-verify-identity",
            ClientId::MariadbVerifyServerCert => "mariadb-verify-server-cert",
            ClientId::ConnectorJVerifyIdentity => "connector-j-verify-identity",
            ClientId::GoCustomCa => "go-custom-ca",
            ClientId::PymysqlPython312 => "pymysql-python312",
            ClientId::PymysqlPython313 => "pymysql-python313",
            ClientId::Mysql2VerifyIdentity => "mysql2-verify-identity",
            ClientId::Rustls => "rustls",
        }
    }
}

impl std::fmt::Display for ClientId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
