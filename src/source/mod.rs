//! Where the bytes come from: what the person pastes ([`inputs`]), the shipped RDS bundle
//! ([`builtin`]), capture files ([`capture`]), the AWS inventory JSON ([`inventory`]) and the live probe ([`probe`]). Capture and probe
//! both end in a [`crate::vocab::Transcript`], so everything after them takes one road.

pub mod builtin;
pub mod capture;
pub mod inputs;
pub mod inventory;
pub mod probe;
