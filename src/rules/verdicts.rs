//! One verdict per hostname × client: every reason that client refuses the server, in the
//! order it meets them ([`super::clients::Client::order`]) — the chain as it builds it, the
//! validity dates it checks, its hostname rule; for rustls, the real rustls-webpki result
//! decides and the model names the causes.

use crate::decode::pki::chain::{CertPool, ChainFacts};
use crate::decode::pki::names::{self, NameCheck};
use crate::decode::pki::webpki_check::WebpkiOutcome;
use crate::rules::clients::{Check, Client, Partial};
use crate::rules::trust::{classify, TrustCause};
use crate::vocab::catalogue::RuleId;

/// Why one client fails, typed; `explain` turns it into words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Trust(TrustCause),
    Expired {
        cert: usize,
        leaf: bool,
        rds: bool,
    },
    NotYetValid {
        cert: usize,
        leaf: bool,
    },
    LeafIsCa,
    WrongKeyUsage,
    Name {
        check: NameCheck,
    },
    /// Certificate `cert` is signed with SHA-1, which this client refuses (Go ≥ 1.18).
    Sha1Signature {
        cert: usize,
    },
    /// rustls-webpki refused for a reason the other checks do not model.
    Webpki {
        error: String,
    },
}

impl Failure {
    pub fn rule(&self) -> RuleId {
        match self {
            Failure::Trust(t) => t.rule(),
            Failure::Expired { leaf: true, .. } => RuleId::LeafExpired,
            Failure::Expired { rds: true, .. } => RuleId::RdsCaExpired,
            Failure::Expired { .. } => RuleId::CaExpired,
            Failure::NotYetValid { leaf: true, .. } => RuleId::LeafNotYetValid,
            Failure::NotYetValid { .. } => RuleId::CaNotYetValid,
            Failure::LeafIsCa => RuleId::LeafIsCa,
            Failure::WrongKeyUsage => RuleId::WrongKeyUsage,
            Failure::Name { check: NameCheck::CnIgnored { .. } } => RuleId::CnOnlyCertificate,
            Failure::Name { .. } => RuleId::HostnameMismatch,
            Failure::Webpki { .. } => RuleId::WebpkiRefused,
            Failure::Sha1Signature { .. } => RuleId::Sha1SignatureRefused,
        }
    }

    /// The certificates it is about, as pool indices (`leaf`: the path's leaf). A webpki
    /// refusal names none: webpki's error does not say which certificate it met.
    pub fn certificates(&self, leaf: usize) -> Vec<usize> {
        use TrustCause as T;
        match self {
            Failure::Expired { cert, .. } | Failure::NotYetValid { cert, .. } | Failure::Sha1Signature { cert } => {
                vec![*cert]
            }
            Failure::Trust(
                T::MissingIntermediate { last, .. }
                | T::UnknownCa { last, .. }
                | T::AmazonTrustNotInBundle { last, .. },
            ) => vec![*last],
            Failure::Trust(T::AnchorIsIntermediate { anchor, .. }) => vec![*anchor],
            Failure::Trust(T::IssuerKeyMismatch { child, impostor }) => vec![*child, *impostor],
            Failure::Webpki { .. } => Vec::new(),
            _ => vec![leaf],
        }
    }

    /// The one certificate to look at (a verdict cause's `certificate`): for a key mismatch the
    /// same-named CA whose key failed, otherwise the only one of [`Failure::certificates`].
    pub fn certificate(&self, leaf: usize) -> Option<usize> {
        self.certificates(leaf).last().copied()
    }
}

/// Whether this client may stop at the first trusted certificate of this path.
fn partial(client: &Client, pool: &CertPool, facts: &ChainFacts) -> bool {
    match client.partial_chain {
        Partial::No => false,
        Partial::Yes => true,
        Partial::IfNotServed => facts
            .first_trusted
            .and_then(|t| facts.path.get(t))
            .is_some_and(|&i| pool.origins.get(i).is_some_and(|o| o.served.is_none())),
    }
}

/// Every reason `client` refuses the chain and `host`, in the order the client makes its
/// checks. Empty: it connects. For rustls, webpki decides each part (chain, name) and the model
/// only names the causes; a refusal the model does not explain is webpki's own error.
pub fn causes(
    client: &Client,
    pool: &CertPool,
    facts: &ChainFacts,
    webpki: &WebpkiOutcome,
    host_index: usize,
    host: &str,
    now: i64,
) -> Vec<Failure> {
    let modelled = modelled(client, pool, facts, host, now);
    if client.engine != crate::rules::clients::Engine::Webpki {
        return modelled.into_iter().map(|(_, f)| f).collect();
    }
    let name_real = webpki.names.get(host_index).cloned().unwrap_or(Ok(()));
    // rustls checks the name after the chain (clients::WEBPKI ends with `Name`).
    let mut out = Vec::new();
    for (real, is_name_part) in [(&webpki.chain, false), (&name_real, true)] {
        let Err(error) = real else { continue };
        let before = out.len();
        out.extend(modelled.iter().filter(|(c, _)| (*c == Check::Name) == is_name_part).map(|(_, f)| f.clone()));
        if out.len() == before {
            out.push(Failure::Webpki { error: error.clone() });
        }
    }
    out
}

/// What our model of `client` finds, each failure with the check that found it, in
/// `client.order`.
fn modelled(client: &Client, pool: &CertPool, facts: &ChainFacts, host: &str, now: i64) -> Vec<(Check, Failure)> {
    let partial = partial(client, pool, facts);
    let leaf = facts.leaf;
    // The leaf may be its own anchor (a self-signed leaf in the CA file): then it is dated as
    // the leaf, and there is no separate anchor.
    let (cas, anchor): (&[usize], Option<usize>) = match facts.used_path(partial) {
        [_, cas @ .., anchor] => (cas, Some(*anchor)),
        _ => (&[], None),
    };
    let mut out = Vec::new();
    for &check in client.order {
        let mut push = |f: Option<Failure>| out.extend(f.map(|f| (check, f)));
        match check {
            Check::Trust => push(classify(pool, facts, partial).map(Failure::Trust)),
            Check::LeafDates => push(dates(pool, leaf, leaf, now)),
            Check::CaDates { down: false } => cas.iter().for_each(|&i| push(dates(pool, i, leaf, now))),
            Check::CaDates { down: true } => cas.iter().rev().for_each(|&i| push(dates(pool, i, leaf, now))),
            Check::AnchorDates => push(anchor.and_then(|a| dates(pool, a, leaf, now))),
            Check::Usage => push(pool.get(leaf).and_then(|c| {
                let eku = &c.summary.extended_key_usage;
                (!eku.is_empty() && !eku.iter().any(|e| e == "serverAuth" || e == "any"))
                    .then_some(Failure::WrongKeyUsage)
            })),
            Check::LeafNotCa => push(pool.get(leaf).filter(|c| c.summary.is_ca).map(|_| Failure::LeafIsCa)),
            Check::Name => push(name_failure(client, pool, facts, host)),
            // The anchor's own signature is never checked: only what it and the CAs signed.
            Check::NoSha1 if anchor.is_some() => {
                let signed: Vec<usize> = std::iter::once(leaf).chain(cas.iter().copied()).collect();
                for i in signed {
                    let sha1 = pool.get(i).is_some_and(|c| c.summary.signature_algorithm.starts_with("sha1"));
                    if sha1 && Some(i) != anchor {
                        push(Some(Failure::Sha1Signature { cert: i }));
                    }
                }
            }
            Check::NoSha1 => {}
        }
    }
    out
}

/// Certificate `i` outside its validity period at `now`.
fn dates(pool: &CertPool, i: usize, leaf: usize, now: i64) -> Option<Failure> {
    let c = pool.get(i)?;
    if now > c.not_after {
        Some(Failure::Expired { cert: i, leaf: i == leaf, rds: c.summary.rds.is_some() })
    } else if now < c.not_before {
        Some(Failure::NotYetValid { cert: i, leaf: i == leaf })
    } else {
        None
    }
}

/// The hostname part. `None` when it matches or the client checks no name.
fn name_failure(client: &Client, pool: &CertPool, facts: &ChainFacts, host: &str) -> Option<Failure> {
    let policy = client.names?;
    let leaf = pool.get(facts.leaf)?;
    let check = names::check(&leaf.summary, host, policy);
    (!check.ok()).then_some(Failure::Name { check })
}
