//! `SharedState` ⇄ `v1.<base64url(deflate(postcard))>`, bounded both ways.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use crate::share::state::SharedState;

/// The version prefix of every link this code writes.
pub const PREFIX: &str = "v1.";
/// Fragments longer than this are refused before decoding (a link is at most a few KB).
pub const MAX_FRAGMENT: usize = 256 * 1024;
/// Decompressed state larger than this is refused: a deflate bomb stops here.
pub const MAX_INFLATED: usize = 1024 * 1024;

/// Why a link could not be opened. Every message is meant for the person who clicked it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ShareError {
    #[error("the link's data is {len} characters long; links are limited to {max}")]
    TooLong { len: usize, max: usize },
    #[error("the link was made by a newer or unknown version ('{version}'); this page reads v1 links")]
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

/// The fragment (without `#`).
pub fn encode(state: &SharedState) -> String {
    let raw = postcard::to_allocvec(state).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(&raw, 10);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// Decodes a fragment (`#` optional). Never panics; bounded in time and memory.
pub fn decode(fragment: &str) -> Result<SharedState, ShareError> {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    if f.len() > MAX_FRAGMENT {
        return Err(ShareError::TooLong { len: f.len(), max: MAX_FRAGMENT });
    }
    let Some(body) = f.strip_prefix(PREFIX) else {
        let version = f.split('.').next().unwrap_or("").chars().take(16).collect::<String>();
        return Err(ShareError::UnknownVersion { version: crate::text::safe(&version) });
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
    postcard::from_bytes(&raw).map_err(|e| ShareError::BadState(e.to_string()))
}
