//! Share links: the inputs of a diagnosis in a URL fragment, `#v1.<base64url(deflate(state))>`.
//!
//! Inputs, not results: the page that opens a link recomputes the report. What goes in is what
//! the analysis understood — certificates as DER, normalised hostnames, the check time — so
//! pasted text around the certificates (private keys, passwords, prompts) can never reach a
//! link. Certificates of the built-in RDS bundle travel as an index, the bundle itself as its
//! id + hash. Opening a link is bounded (fragment length, inflated size, counts) and total.
//!
//! - [`state`]: what a link holds, built from [`crate::source::inputs::Inputs`] and turned back into them.
//! - [`codec`]: the bytes ⇄ fragment text, with its caps.
//! - [`preview`]: what the user is shown before copying.
//! - [`redact`]: user names, passwords and client addresses out of pasted text (the error message).

pub mod capture;
pub mod codec;
pub mod preview;
pub mod redact;
pub mod state;

pub use codec::{decode, encode, ShareError};
pub use state::{Opened, SharedState};
