//! The shared vocabulary, at the bottom of the stack: the words every stage uses to talk about
//! a connection and a diagnosis. It imports nothing from the crate.
//!
//! | module | holds |
//! |---|---|
//! | [`catalogue`] | the rule catalogue: every rule's stable id, severity and documentation |
//! | [`client`] | the verdict matrix's column ids |
//! | [`finding`] | a finding: a rule, its words for this case, the clients, hosts and certificates it is about |
//! | [`span`] | a decoded value with the byte range it came from |
//! | [`transcript`] | one connection's bytes per direction, in wire order |

pub mod catalogue;
pub mod client;
pub mod finding;
pub mod span;
pub mod transcript;

pub use catalogue::{RuleId, Severity};
pub use client::ClientId;
pub use finding::{CopyText, Finding};
pub use span::Spanned;
pub use transcript::{Direction, Transcript};
