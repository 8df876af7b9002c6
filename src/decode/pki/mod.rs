//! Certificates: parsing pasted text, summaries, the RDS catalogue, chain building, hostname
//! rules and the rustls-webpki check.

pub mod cert;
pub mod chain;
pub mod dn;
pub mod names;
pub mod pem;
pub mod rds;
pub mod webpki_check;
