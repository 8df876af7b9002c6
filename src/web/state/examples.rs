//! The example inputs behind the "try an example" buttons. The certificates are made by
//! `www/examples/make.sh` with RDS-style names (see there why they cannot be the real ones);
//! each is about 1.5 KB, so they are embedded rather than fetched.

/// One example: the three inputs it fills in.
#[derive(Debug, PartialEq, Eq)]
pub struct Example {
    /// The button text.
    pub name: &'static str,
    pub ca_bundle: &'static str,
    pub chain: &'static str,
    pub hosts: &'static str,
}

const BUNDLE: &str = include_str!("../../../www/examples/bundle.pem");
const CHAIN_OK: &str = include_str!("../../../www/examples/chain-ok.pem");
const CHAIN_LEAF_ONLY: &str = include_str!("../../../www/examples/chain-leaf-only.pem");
const ENDPOINT: &str = "mydb.abc123xyz.us-east-1.rds.amazonaws.com";

pub const ALL: &[Example] = &[
    Example { name: "RDS chain OK", ca_bundle: BUNDLE, chain: CHAIN_OK, hosts: ENDPOINT },
    // The server's leaf alone: what `openssl s_client` prints without -showcerts.
    Example { name: "Missing intermediate", ca_bundle: BUNDLE, chain: CHAIN_LEAF_ONLY, hosts: ENDPOINT },
    // A CNAME of one's own in front of the RDS endpoint.
    Example { name: "Wrong hostname", ca_bundle: BUNDLE, chain: CHAIN_OK, hosts: "db.example.com" },
];
