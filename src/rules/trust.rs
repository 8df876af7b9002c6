//! Why a path is not trusted: the chain-level causes, classified once for all clients, with
//! the RDS catalogue's knowledge of which CA and region were needed.

use std::collections::BTreeSet;

use crate::decode::pki::chain::{CertPool, ChainFacts, PathEnd};
use crate::decode::pki::rds::{RdsCa, RdsRole};
use crate::vocab::catalogue::RuleId;

/// A chain-level cause with the evidence its explanation needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustCause {
    /// The issuer of `last` is nowhere; `root_in_bundle` is the bundle certificate that would
    /// have anchored it (RDS knowledge) when known.
    MissingIntermediate {
        last: usize,
        issuer: String,
        issuer_rds: Option<RdsCa>,
        root_in_bundle: Option<usize>,
    },
    /// The bundle has RDS CAs, but not the generation/region the server uses.
    OutdatedBundle {
        needed: RdsCa,
        bundle_ca_ids: Vec<String>,
    },
    WrongRegionBundle {
        needed: RdsCa,
        bundle_region: String,
    },
    /// The path ends at an unknown CA (`root` served and self-issued, or a missing issuer).
    UnknownCa {
        last: usize,
        issuer: String,
        served_root: bool,
        bundle_has_rds: bool,
    },
    SelfSigned {
        leaf: usize,
    },
    /// Ends at a bundle certificate that is not a root.
    AnchorIsIntermediate {
        anchor: usize,
        missing_root: String,
    },
    /// A same-named CA's key did not verify.
    IssuerKeyMismatch {
        child: usize,
        impostor: usize,
    },
    /// An Amazon Trust Services chain (RDS Proxy, Aurora Serverless v1) and a CA file without
    /// any of its roots: `last` is the path's last certificate, `issuer` what it needed.
    AmazonTrustNotInBundle {
        last: usize,
        issuer: String,
    },
}

impl TrustCause {
    pub fn rule(&self) -> RuleId {
        match self {
            TrustCause::MissingIntermediate { .. } => RuleId::MissingIntermediate,
            TrustCause::OutdatedBundle { .. } => RuleId::OutdatedBundle,
            TrustCause::WrongRegionBundle { .. } => RuleId::WrongRegionBundle,
            TrustCause::UnknownCa { .. } => RuleId::UnknownCa,
            TrustCause::SelfSigned { .. } => RuleId::SelfSigned,
            TrustCause::AnchorIsIntermediate { .. } => RuleId::AnchorIsIntermediate,
            TrustCause::IssuerKeyMismatch { .. } => RuleId::IssuerKeyMismatch,
            TrustCause::AmazonTrustNotInBundle { .. } => RuleId::RdsProxyAmazonRoot,
        }
    }
}

/// Why the path is untrusted by a client that does (`partial`) or does not accept a
/// non-root anchor. `None`: trusted.
pub fn classify(pool: &CertPool, facts: &ChainFacts, partial: bool) -> Option<TrustCause> {
    let cause = classify_any(pool, facts, partial)?;
    // Before the generic words: an ACM chain (RDS Proxy) needs another trust store, not a fix.
    Some(amazon_trust(pool, facts, &cause).unwrap_or(cause))
}

/// `AmazonTrustNotInBundle` when the untrusted path is an Amazon Trust Services chain and the
/// CA file holds none of its roots (with one, it is an ordinary missing intermediate or so).
fn amazon_trust(pool: &CertPool, facts: &ChainFacts, cause: &TrustCause) -> Option<TrustCause> {
    let (TrustCause::UnknownCa { last, .. } | TrustCause::MissingIntermediate { last, .. }) = cause else {
        return None;
    };
    let acm = facts
        .path
        .iter()
        .filter_map(|&i| pool.get(i))
        .any(|c| c.amazon_trust.is_some() || c.issuer_amazon_trust.is_some());
    let bundle_has_root = (0..pool.certs.len())
        .filter(|&i| pool.in_bundle(i))
        .any(|i| pool.get(i).and_then(|c| c.amazon_trust).is_some_and(|a| a.is_root()));
    (acm && !bundle_has_root).then(|| TrustCause::AmazonTrustNotInBundle {
        last: *last,
        issuer: pool.get(*last).map(|c| c.summary.issuer.clone()).unwrap_or_default(),
    })
}

fn classify_any(pool: &CertPool, facts: &ChainFacts, partial: bool) -> Option<TrustCause> {
    match &facts.end {
        PathEnd::TrustedRoot => None,
        PathEnd::TrustedNonRoot { missing_issuer } => {
            if partial {
                return None;
            }
            let anchor = *facts.path.last()?;
            Some(TrustCause::AnchorIsIntermediate { anchor, missing_root: missing_issuer.clone() })
        }
        _ if partial && facts.first_trusted.is_some() => None,
        PathEnd::UntrustedRoot => {
            let last = *facts.path.last()?;
            if facts.path.len() == 1 {
                Some(TrustCause::SelfSigned { leaf: last })
            } else {
                Some(TrustCause::UnknownCa {
                    last,
                    issuer: pool.get(last)?.summary.subject.clone(),
                    served_root: true,
                    bundle_has_rds: bundle_rds(pool).next().is_some(),
                })
            }
        }
        PathEnd::MissingIssuer { issuer } => {
            let last = *facts.path.last()?;
            if let Some(&(child, impostor)) = facts.name_only_issuers.iter().find(|(c, _)| *c == last) {
                return Some(TrustCause::IssuerKeyMismatch { child, impostor });
            }
            let cert = pool.get(last)?;
            if let Some(needed) = &cert.issuer_rds {
                return Some(classify_rds(pool, last, issuer, needed));
            }
            if facts.path.len() == 1 {
                Some(TrustCause::MissingIntermediate {
                    last,
                    issuer: issuer.clone(),
                    issuer_rds: None,
                    root_in_bundle: None,
                })
            } else {
                Some(TrustCause::UnknownCa {
                    last,
                    issuer: issuer.clone(),
                    served_root: false,
                    bundle_has_rds: bundle_rds(pool).next().is_some(),
                })
            }
        }
    }
}

fn bundle_rds(pool: &CertPool) -> impl Iterator<Item = (usize, &RdsCa)> {
    pool.certs
        .iter()
        .enumerate()
        .filter(|(i, _)| pool.in_bundle(*i))
        .filter_map(|(i, c)| c.summary.rds.as_ref().map(|r| (i, r)))
}

/// The root that anchors an RDS CA: same identifier, same region or the global root.
fn anchors(root: &RdsCa, needed: &RdsCa) -> bool {
    root.role == RdsRole::Root
        && root.ca_id == needed.ca_id
        && root.environment == needed.environment
        && (root.region.is_none() || root.region == needed.region)
}

fn classify_rds(pool: &CertPool, last: usize, issuer: &str, needed: &RdsCa) -> TrustCause {
    let root_in_bundle = bundle_rds(pool).find(|(_, r)| anchors(r, needed)).map(|(i, _)| i);
    if needed.role == RdsRole::Intermediate && root_in_bundle.is_some() {
        return TrustCause::MissingIntermediate {
            last,
            issuer: issuer.to_owned(),
            issuer_rds: Some(needed.clone()),
            root_in_bundle,
        };
    }
    let regions: BTreeSet<&str> = bundle_rds(pool).filter_map(|(_, r)| r.region.as_deref()).collect();
    let ca_ids: BTreeSet<&str> = bundle_rds(pool).map(|(_, r)| r.ca_id.as_str()).collect();
    if ca_ids.is_empty() {
        return TrustCause::UnknownCa { last, issuer: issuer.to_owned(), served_root: false, bundle_has_rds: false };
    }
    if let (1, Some(region)) = (regions.len(), regions.first()) {
        if needed.region.as_deref().is_some_and(|n| n != *region) {
            return TrustCause::WrongRegionBundle { needed: needed.clone(), bundle_region: (*region).to_owned() };
        }
    }
    TrustCause::OutdatedBundle {
        needed: needed.clone(),
        bundle_ca_ids: ca_ids.into_iter().map(str::to_owned).collect(),
    }
}
