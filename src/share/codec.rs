//! `SharedState` ⇄ `v1.`/`v2.<base64url(deflate(postcard))>`, bounded both ways.
//!
//! v2 appends the error message, the settings and the expiry horizon to v1's fields. A state
//! without them is still written as v1, so links without an error open in pages that read
//! only v1; every v1 link opens here with those fields empty.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::share::capture::SharedCapture;
use crate::share::state::{CaRef, CertRef, SharedState};

/// The version prefix of a link without the v2 fields.
pub const PREFIX: &str = "v1.";
/// The version prefix of a link with an error message, settings or a horizon.
pub const PREFIX_V2: &str = "v2.";
/// Fragments longer than this are refused before decoding (a link is at most a few KB).
pub const MAX_FRAGMENT: usize = 256 * 1024;
/// Decompressed state larger than this is refused: a deflate bomb stops here.
pub const MAX_INFLATED: usize = 1024 * 1024;

/// The v1 wire form, frozen: v1 links are read (and written) with exactly these fields.
#[derive(Serialize, Deserialize)]
struct StateV1 {
    ca: CaRef,
    chain: Vec<CertRef>,
    hosts: Vec<String>,
    at: Option<i64>,
    capture: Option<SharedCapture>,
}

impl From<StateV1> for SharedState {
    fn from(v: StateV1) -> SharedState {
        let StateV1 { ca, chain, hosts, at, capture } = v;
        SharedState { ca, chain, hosts, at, capture, error: String::new(), settings: String::new(), warn_days: None }
    }
}

/// Why a link could not be opened. Every message is meant for the person who clicked it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ShareError {
    #[error("the link's data is {len} characters long; links are limited to {max}")]
    TooLong { len: usize, max: usize },
    #[error("the link was made by a newer or unknown version ('{version}'); this page reads v1 and v2 links")]
    UnknownVersion { version: String },
    #[error("the link's data is not base64url (character {offset}): it was cut or altered")]
    NotBase64 { offset: usize },
    #[error("the link's data would expand beyond {max} bytes; refusing it (it may be a deflate bomb)")]
    TooLarge { max: usize },
    #[error("the link's data is not valid compressed data: it was cut or altered")]
    NotDeflate,
    #[error("the link's data does not describe a diagnosis ({0})")]
    BadState(String),
}

/// The fragment (without `#`): v1 when the state has none of v2's fields.
pub fn encode(state: &SharedState) -> String {
    let v1 = state.error.is_empty() && state.settings.is_empty() && state.warn_days.is_none();
    let (prefix, raw) = if v1 {
        let s = state.clone();
        let old = StateV1 { ca: s.ca, chain: s.chain, hosts: s.hosts, at: s.at, capture: s.capture };
        (PREFIX, postcard::to_allocvec(&old).unwrap_or_default())
    } else {
        (PREFIX_V2, postcard::to_allocvec(state).unwrap_or_default())
    };
    let packed = miniz_oxide::deflate::compress_to_vec(&raw, 10);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// Decodes a fragment (`#` optional). Never panics; bounded in time and memory.
pub fn decode(fragment: &str) -> Result<SharedState, ShareError> {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    if f.len() > MAX_FRAGMENT {
        return Err(ShareError::TooLong { len: f.len(), max: MAX_FRAGMENT });
    }
    let (v2, body) = match (f.strip_prefix(PREFIX), f.strip_prefix(PREFIX_V2)) {
        (Some(body), _) => (false, body),
        (None, Some(body)) => (true, body),
        (None, None) => {
            let version = f.split('.').next().unwrap_or("").chars().take(16).collect::<String>();
            return Err(ShareError::UnknownVersion { version: crate::text::safe(&version) });
        }
    };
    let packed = URL_SAFE_NO_PAD.decode(body.trim_end_matches('=')).map_err(|e| ShareError::NotBase64 {
        offset: match e {
            base64::DecodeError::InvalidByte(o, _) => o + PREFIX.len(),
            _ => f.len(),
        },
    })?;
    let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_INFLATED).map_err(|e| {
        if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput {
            ShareError::TooLarge { max: MAX_INFLATED }
        } else {
            ShareError::NotDeflate
        }
    })?;
    let bad = |e: postcard::Error| ShareError::BadState(e.to_string());
    if v2 {
        postcard::from_bytes(&raw).map_err(bad)
    } else {
        postcard::from_bytes::<StateV1>(&raw).map(SharedState::from).map_err(bad)
    }
}
