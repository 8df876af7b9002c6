//! The report: what every view renders (the CLI's `--json` schema, the JS `analyze()` result,
//! the web page), with its plain-text (`text`) and Markdown (`markdown`) renderings. `fleet`: a fleet check's
//! summary rows; `rotation`: the CA rotation report of an AWS inventory.

pub mod connections;
pub mod error_match;
pub mod fleet;
mod markdown;
mod model;
pub mod probe;
pub mod rotation;
mod text;

pub use model::*;
