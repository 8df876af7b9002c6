//! The report: what every view renders (the CLI's `--json` schema, the JS `analyze()` result,
//! the web page), with its plain-text (`text`) and Markdown (`markdown`) renderings.

pub mod connections;
mod markdown;
mod model;
pub mod probe;
mod text;

pub use model::*;
