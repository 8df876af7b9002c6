//! Decoding: bytes and pasted text in, typed messages and certificates with byte ranges out.
//! Every decoder is total (bad input becomes an error with an offset or line, never a panic).
//!
//! | module | holds |
//! |---|---|
//! | [`mysql`] | MySQL connection-phase packets over a checked cursor |
//! | [`tls`] | TLS records and handshake messages, alerts; versions, suites and alerts as open newtypes |
//! | [`conversation`] | one connection decoded in wire order through the phase table, with field trees |
//! | `newtype` | the `open_enum!` / `open_flags!` macros: wire values and flag words declared from one list |
//! | [`error_text`] | a pasted client error message into typed facts: client family, MySQL error number, OpenSSL/X509/TLS reasons, wrappers |
//! | [`pki`] | PEM/DER input, certificate summaries, path building, hostname policies, rustls-webpki, the RDS catalogue |

pub mod conversation;
pub mod error_text;
pub mod mysql;
pub(crate) mod newtype;
pub mod pki;
pub mod settings;
#[cfg(test)]
pub(crate) mod test_wire;
pub mod tls;
