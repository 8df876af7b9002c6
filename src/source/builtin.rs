//! Built-in trust stores that ship with the tool.
//!
//! The Amazon RDS global bundle is a dated snapshot (see `shared/data/rds/PROVENANCE.md`:
//! content of 2024-06, 121 certificates). The CLI embeds it; the web app fetches it as a
//! separate file only when the user chooses it, so it does not weigh on the first load.

/// Identifier of the built-in RDS bundle, as the CLI's `--ca-builtin rds` and the UI name it.
pub const RDS_GLOBAL_ID: &str = "rds-global-2024-06";
/// Human label.
pub const RDS_GLOBAL_LABEL: &str = "Amazon RDS global bundle (snapshot of 2024-06, 121 certificates)";
/// Where the web app serves the file.
pub const RDS_GLOBAL_PATH: &str = "rds-global-bundle-2024-06.pem";
/// SHA-256 of the file's bytes, hex lower-case (share links reference it by id + hash).
pub const RDS_GLOBAL_SHA256: &str = "2eb7deebc87eeef8117eddb3894a747c5e4736a684ef84b19082b0b04ef252f0";

/// The bundle's text (native builds only; the web app fetches [`RDS_GLOBAL_PATH`]).
#[cfg(not(target_arch = "wasm32"))]
pub const RDS_GLOBAL_PEM: &str = include_str!("../../www/rds-global-bundle-2024-06.pem");

/// Resolves a `--ca-builtin` name.
#[cfg(not(target_arch = "wasm32"))]
pub fn lookup(name: &str) -> Option<(&'static str, &'static str)> {
    match name {
        "rds" | "rds-global" | RDS_GLOBAL_ID => Some((RDS_GLOBAL_ID, RDS_GLOBAL_PEM)),
        _ => None,
    }
}
