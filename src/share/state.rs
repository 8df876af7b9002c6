//! What a link holds.

use serde::{Deserialize, Serialize};

use crate::decode::pki::cert::Cert;
use crate::decode::pki::names::normalize_host;
use crate::decode::pki::pem;
use crate::share::capture::SharedCapture;
use crate::source::inputs::Inputs;

/// At most this many hostnames, each at most 253 characters (a DNS name's limit).
pub const MAX_HOSTS: usize = 32;
pub const MAX_HOST_LEN: usize = 253;
/// At most this many certificates inline.
pub const MAX_CERTS: usize = 64;

/// A certificate: inline DER, or the n-th certificate of the built-in bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CertRef {
    Der(Vec<u8>),
    Builtin(u16),
}

/// The CA bundle: a built-in one by id and hash, or certificates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaRef {
    Builtin { id: String, sha256_prefix: [u8; 8] },
    Certs(Vec<CertRef>),
}

/// Everything a link carries. Field order is the wire order (postcard): append only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedState {
    pub ca: CaRef,
    pub chain: Vec<CertRef>,
    pub hosts: Vec<String>,
    /// Check time (Unix seconds); `None` = "now" for whoever opens it.
    pub at: Option<i64>,
    /// The handshake part of a capture, logins redacted.
    pub capture: Option<SharedCapture>,
    // v2 (`codec`): appended; a link without them is written as v1.
    /// The pasted error message, redacted ([`crate::share::redact`]); empty: none.
    pub error: String,
    /// How the person connects, redacted the same way; empty: not given.
    pub settings: String,
    /// The expiry horizon in days; `None`: the default.
    pub warn_days: Option<u32>,
}

/// At most this many characters of the error message and of the settings travel.
pub const MAX_TEXT: usize = 4096;

/// Redacted, then capped (in characters, so the cut never splits one).
fn shareable(text: &str) -> String {
    let r = crate::share::redact::redact(text.trim());
    r.text.chars().take(MAX_TEXT).collect()
}

/// The built-in bundle a link may refer to: id, its file's SHA-256, its certificates' DER.
pub struct Builtin<'a> {
    pub id: &'a str,
    pub sha256: [u8; 32],
    pub text: &'a str,
    pub ders: Vec<Vec<u8>>,
}

impl<'a> Builtin<'a> {
    pub fn new(id: &'a str, text: &'a str) -> Self {
        let digest = ring::digest::digest(&ring::digest::SHA256, text.as_bytes());
        let mut sha256 = [0u8; 32];
        sha256.copy_from_slice(digest.as_ref());
        Builtin { id, sha256, text, ders: pem::parse(text).certs.into_iter().map(|c| c.der).collect() }
    }

    fn prefix(&self) -> [u8; 8] {
        let mut p = [0u8; 8];
        p.copy_from_slice(self.sha256.get(..8).unwrap_or(&[0; 8]));
        p
    }
}

/// What opening a link gives back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub inputs: Inputs,
    pub at: Option<i64>,
}

/// Certificates the analysis can read, as DER (everything else is dropped).
fn readable_ders(text: &str) -> Vec<Vec<u8>> {
    pem::parse(text).certs.into_iter().filter_map(|c| Cert::from_der(&c.der).ok().map(|c| c.der)).collect()
}

fn refs(ders: Vec<Vec<u8>>, builtin: Option<&Builtin<'_>>) -> Vec<CertRef> {
    ders.into_iter()
        .take(MAX_CERTS)
        .map(|der| match builtin.and_then(|b| b.ders.iter().position(|d| *d == der)) {
            Some(i) => CertRef::Builtin(i as u16),
            None => CertRef::Der(der),
        })
        .collect()
}

impl SharedState {
    /// Builds the state from the inputs. `builtin` is the built-in bundle when the page has it
    /// loaded; with `inputs.ca_label` naming it, the bundle travels by reference.
    pub fn from_inputs(inputs: &Inputs, at: Option<i64>, builtin: Option<&Builtin<'_>>) -> SharedState {
        let ca = match builtin {
            Some(b) if inputs.ca_label.as_deref() == Some(b.id) && inputs.ca_bundle == b.text => {
                CaRef::Builtin { id: b.id.to_owned(), sha256_prefix: b.prefix() }
            }
            _ => CaRef::Certs(refs(readable_ders(&inputs.ca_bundle), builtin)),
        };
        let hosts = inputs
            .hosts
            .iter()
            .map(|h| normalize_host(h))
            .filter(|h| !h.is_empty() && h.len() <= MAX_HOST_LEN)
            .take(MAX_HOSTS)
            .collect();
        let capture = inputs.capture.as_ref().map(SharedCapture::trim).filter(|c| !c.messages.is_empty());
        SharedState {
            ca,
            chain: refs(readable_ders(&inputs.chain), builtin),
            hosts,
            at,
            capture,
            error: shareable(&inputs.error_message),
            settings: shareable(&inputs.settings),
            warn_days: inputs.warn_days,
        }
    }

    /// Turns the state back into inputs. Fails, with words, when it refers to a built-in
    /// bundle the page does not have.
    pub fn into_inputs(self, builtin: Option<&Builtin<'_>>) -> Result<Opened, String> {
        let resolve = |refs: Vec<CertRef>| -> Result<String, String> {
            let mut out = String::new();
            for r in refs {
                let der = match r {
                    CertRef::Der(d) => d,
                    CertRef::Builtin(i) => {
                        builtin.and_then(|b| b.ders.get(usize::from(i)).cloned()).ok_or_else(|| {
                            format!("the link refers to certificate {i} of a built-in bundle this page does not have")
                        })?
                    }
                };
                out.push_str(&pem::to_pem(&der));
            }
            Ok(out)
        };
        let (ca_bundle, ca_label) = match self.ca {
            CaRef::Builtin { id, sha256_prefix } => match builtin {
                Some(b) if b.id == id && b.prefix() == sha256_prefix => (b.text.to_owned(), Some(id)),
                _ => {
                    return Err(format!(
                        "the link uses the built-in bundle '{}', which this version of the page does not ship (or ships in another version)",
                        crate::text::clip(&id, 60)
                    ))
                }
            },
            CaRef::Certs(refs) => (resolve(refs)?, None),
        };
        let hosts = self.hosts.iter().take(MAX_HOSTS).map(|h| crate::text::clip(h, MAX_HOST_LEN)).collect();
        Ok(Opened {
            inputs: Inputs {
                ca_bundle,
                ca_label,
                chain: resolve(self.chain)?,
                hosts,
                capture: self.capture.map(SharedCapture::into_transcript),
                error_message: self.error.chars().take(MAX_TEXT).collect(),
                settings: self.settings.chars().take(MAX_TEXT).collect(),
                warn_days: self.warn_days,
            },
            at: self.at,
        })
    }
}
