//! One verdict per hostname × client: the chain as that client builds it, the validity dates
//! it checks, its hostname rule — or, for rustls, the real rustls-webpki result.

use crate::decode::pki::chain::{CertPool, ChainFacts};
use crate::decode::pki::names::{self, NameCheck};
use crate::decode::pki::webpki_check::WebpkiOutcome;
use crate::rules::clients::{Client, Engine, Partial};
use crate::rules::explain;
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
            Failure::NotYetValid { .. } => RuleId::CaExpired,
            Failure::LeafIsCa => RuleId::LeafIsCa,
            Failure::WrongKeyUsage => RuleId::WrongKeyUsage,
            Failure::Name { check: NameCheck::CnIgnored { .. } } => RuleId::CnOnlyCertificate,
            Failure::Name { .. } => RuleId::HostnameMismatch,
            Failure::Webpki { .. } => RuleId::UnknownCa,
        }
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

/// The chain part of a client's check (the same for every hostname).
pub fn chain_failure(client: &Client, pool: &CertPool, facts: &ChainFacts, now: i64) -> Option<Failure> {
    let partial = partial(client, pool, facts);
    if let Some(t) = classify(pool, facts, partial) {
        return Some(Failure::Trust(t));
    }
    let leaf = pool.get(facts.leaf)?;
    let path = facts.used_path(partial);
    let checked = if client.anchor_validity { path } else { path.get(..path.len().saturating_sub(1)).unwrap_or(path) };
    // The leaf itself may be the anchor (a self-signed leaf in the CA file): still dated.
    let checked: Vec<usize> = if checked.is_empty() { vec![facts.leaf] } else { checked.to_vec() };
    for &i in &checked {
        let Some(c) = pool.get(i) else { continue };
        if now > c.not_after {
            return Some(Failure::Expired { cert: i, leaf: i == facts.leaf, rds: c.summary.rds.is_some() });
        }
        if now < c.not_before {
            return Some(Failure::NotYetValid { cert: i, leaf: i == facts.leaf });
        }
    }
    let eku = &leaf.summary.extended_key_usage;
    if !eku.is_empty() && !eku.iter().any(|e| e == "serverAuth" || e == "any") {
        return Some(Failure::WrongKeyUsage);
    }
    if client.engine == Engine::Webpki && leaf.summary.is_ca {
        return Some(Failure::LeafIsCa);
    }
    None
}

/// The hostname part. `None` when it matches or the client checks no name.
pub fn name_failure(client: &Client, pool: &CertPool, facts: &ChainFacts, host: &str) -> Option<Failure> {
    let policy = client.names?;
    let leaf = pool.get(facts.leaf)?;
    let check = names::check(&leaf.summary, host, policy);
    (!check.ok()).then_some(Failure::Name { check })
}

/// For rustls: webpki decides; our model only names the cause. When webpki refuses something
/// the model accepted, its own error is the cause.
pub fn rustls_failure(
    client: &Client,
    pool: &CertPool,
    facts: &ChainFacts,
    webpki: &WebpkiOutcome,
    host_index: usize,
    host: &str,
    now: i64,
) -> Option<Failure> {
    let modelled = chain_failure(client, pool, facts, now).or_else(|| name_failure(client, pool, facts, host));
    let real = webpki.chain.clone().and(webpki.names.get(host_index).cloned().unwrap_or(Ok(())));
    match (real, modelled) {
        (Ok(()), _) => None,
        (Err(_), Some(f)) => Some(f),
        (Err(error), None) => Some(Failure::Webpki { error }),
    }
}

/// Detail line and typical client error for a failure.
pub fn describe(client: &Client, pool: &CertPool, failure: &Failure, host: &str) -> (String, Option<String>) {
    (explain::verdict_detail(pool, failure, host), Some(explain::client_error(client, failure, host)))
}
