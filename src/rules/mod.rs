//! Rules → findings, and the verdict matrix hostnames × clients. The rules' documentation is
//! the catalogue in [`crate::vocab::catalogue`]; the checks are here.
//!
//! | module | holds |
//! |---|---|
//! | [`analyze`] | the whole analysis: inputs + `now` → [`crate::report::Report`] |
//! | [`clients`] | the client families, how each one verifies and in which order (with sources) |
//! | [`trust`] | what a client's trust store makes of the path (anchors, partial chains, dates) |
//! | [`verdicts`] | one client × one hostname: every typed failure, in the order that client checks |
//! | [`commands`] | a finding's fix as exact commands to copy: the AWS CLI rotation from the endpoint name, the bundle download, the client flag |
//! | [`explain`] | a failure in words: title, explanation, the exact certificate, CA id and region |
//! | [`error_message`] | a pasted client error message → candidate causes (rule ids), why, and what would decide |
//! | [`error_match`] | the pasted error checked against the chain, capture and live check: each cause confirmed, ruled out or open |
//! | [`capture`] | rules over what the wire shows (no TLS offered, plaintext login, 3159/1045, alerts …) |
//! | [`probe`] | the live check's own findings and section |
//! | [`versions`] | client versions that change the answer (`--client-version`, the page's picker) |
//! | [`settings`] | the person's connection setting: their column, the host, findings for what it really does |
//! | [`snippets`] | the exact settings to use for this server, per client family, and server-side changes |
//! | [`rotation`] | the CA rotation report of an AWS inventory (no probing) and the `modify-db-instance` command per resource |

pub mod analyze;
pub mod capture;
pub mod clients;
pub mod commands;
pub mod error_match;
pub mod error_message;
pub mod explain;
pub mod outcome;
pub mod probe;
pub mod rotation;
pub mod settings;
pub mod snippets;
pub mod trust;
pub mod verdicts;
pub mod versions;

pub use analyze::{analyze, analyze_read, analyze_with, ReadBundle};
