//! Path building: from the served leaf, through the served intermediates and the bundle, to a
//! trust anchor — and, when it stops short, where and why.
//!
//! Real clients disagree about what may end a path (OpenSSL needs a self-issued root in the
//! store unless `X509_V_FLAG_PARTIAL_CHAIN`; Go, Java, rustls-webpki and Python 3.13+ accept
//! any certificate of the store), so this module does not decide pass/fail: it finds the best
//! path and records both possible ends. The clients in [`crate::rules::clients`] decide.

use crate::decode::pki::cert::Cert;

/// At most this many certificates in a path (OpenSSL's default depth is 100, Go's is
/// unbounded; real chains are 2–4 deep).
pub const MAX_DEPTH: usize = 8;
/// At most this many signature checks per analysis: bounds hostile inputs with many
/// certificates sharing one name.
pub const MAX_SIGNATURE_CHECKS: usize = 256;

/// Where a certificate came from. A certificate can be in both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Origin {
    /// Position in the server's chain (0 = first sent).
    pub served: Option<usize>,
    /// Position in the CA bundle.
    pub bundle: Option<usize>,
}

/// All certificates of one analysis, each once.
#[derive(Debug, Clone, Default)]
pub struct CertPool {
    pub certs: Vec<Cert>,
    pub origins: Vec<Origin>,
}

impl CertPool {
    /// Adds `cert`, merging with an identical one already present. Returns its index and
    /// whether it was already there *from the same source*.
    pub fn add(&mut self, cert: Cert, served: Option<usize>, bundle: Option<usize>) -> (usize, bool) {
        if let Some(i) = self.certs.iter().position(|c| c.der == cert.der) {
            let o = &mut self.origins[i];
            let dup = (served.is_some() && o.served.is_some()) || (bundle.is_some() && o.bundle.is_some());
            o.served = o.served.or(served);
            o.bundle = o.bundle.or(bundle);
            return (i, dup);
        }
        self.certs.push(cert);
        self.origins.push(Origin { served, bundle });
        (self.certs.len() - 1, false)
    }

    pub fn in_bundle(&self, i: usize) -> bool {
        self.origins.get(i).is_some_and(|o| o.bundle.is_some())
    }

    /// Indices of served certificates in the order the server sent them.
    pub fn served(&self) -> Vec<usize> {
        let mut v: Vec<(usize, usize)> =
            self.origins.iter().enumerate().filter_map(|(i, o)| o.served.map(|p| (p, i))).collect();
        v.sort();
        v.into_iter().map(|(_, i)| i).collect()
    }

    pub fn get(&self, i: usize) -> Option<&Cert> {
        self.certs.get(i)
    }
}

/// How the best path ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathEnd {
    /// At a self-issued certificate of the bundle: every client's kind of anchor.
    TrustedRoot,
    /// At a bundle certificate that is not self-issued, whose issuer is nowhere in the input:
    /// only partial-chain clients accept it.
    TrustedNonRoot { missing_issuer: String },
    /// At a self-issued certificate that is not in the bundle.
    UntrustedRoot,
    /// The last certificate's issuer is neither served nor in the bundle.
    MissingIssuer { issuer: String },
}

/// The outcome of path building.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainFacts {
    /// Pool index of the leaf (the served certificate nothing else was issued by).
    pub leaf: usize,
    /// The best path, leaf first, as pool indices.
    pub path: Vec<usize>,
    pub end: PathEnd,
    /// Position in `path` of the first bundle certificate (where a partial-chain client stops).
    pub first_trusted: Option<usize>,
    /// Served certificates that are not on the path (sent but unused, or unrelated).
    pub unused_served: Vec<usize>,
    /// The server sent its certificates in an order other than leaf → root.
    pub served_out_of_order: bool,
    /// Certificates whose name matches an issuer on the path but whose key did not sign it.
    pub name_only_issuers: Vec<(usize, usize)>,
}

impl ChainFacts {
    /// The part of the path a client uses: up to the first trusted certificate when it
    /// accepts partial chains, the whole path otherwise.
    pub fn used_path(&self, partial: bool) -> &[usize] {
        match (partial, self.first_trusted) {
            (true, Some(t)) => self.path.get(..=t).unwrap_or(&self.path),
            _ => &self.path,
        }
    }
}

/// Picks the leaf: normally the first served certificate; when the server's order is off,
/// the served certificate that issued none of the others.
fn pick_leaf(pool: &CertPool, served: &[usize]) -> Option<(usize, bool)> {
    let first = *served.first()?;
    let issues_another = |i: usize| {
        served.iter().any(|&j| j != i && pool.certs[j].names_issuer(&pool.certs[i]) && !pool.certs[j].self_issued())
    };
    if !issues_another(first) {
        return Some((first, false));
    }
    served.iter().copied().find(|&i| !issues_another(i)).map(|i| (i, true))
}

struct Search<'a> {
    pool: &'a CertPool,
    now: i64,
    checks: usize,
    best: Option<(Rank, Vec<usize>, PathEnd)>,
    name_only: Vec<(usize, usize)>,
}

/// Higher is better: how far the path gets, then whether it is valid now, then shorter.
type Rank = (u8, bool, std::cmp::Reverse<usize>);

impl Search<'_> {
    fn verified(&mut self, child: usize, parent: usize) -> bool {
        if self.checks >= MAX_SIGNATURE_CHECKS {
            return false;
        }
        self.checks += 1;
        let ok = self.pool.certs[child].is_signed_by(&self.pool.certs[parent]);
        if !ok && !self.name_only.contains(&(child, parent)) {
            self.name_only.push((child, parent));
        }
        ok
    }

    fn consider(&mut self, path: &[usize], end: PathEnd) {
        let level = match end {
            PathEnd::TrustedRoot => 3,
            PathEnd::TrustedNonRoot { .. } => 2,
            PathEnd::UntrustedRoot => 1,
            PathEnd::MissingIssuer { .. } => {
                if path.iter().any(|&i| self.pool.in_bundle(i)) {
                    2
                } else {
                    0
                }
            }
        };
        let valid = path.iter().all(|&i| self.pool.certs[i].is_valid_at(self.now));
        let rank: Rank = (level, valid, std::cmp::Reverse(path.len()));
        if self.best.as_ref().is_none_or(|(r, _, _)| rank > *r) {
            self.best = Some((rank, path.to_vec(), end));
        }
    }

    fn walk(&mut self, path: &mut Vec<usize>) {
        let Some(&last) = path.last() else { return };
        let cert = &self.pool.certs[last];
        if cert.self_issued() {
            let end = if self.pool.in_bundle(last) { PathEnd::TrustedRoot } else { PathEnd::UntrustedRoot };
            self.consider(path, end);
            return;
        }
        let mut candidates: Vec<usize> = (0..self.pool.certs.len())
            .filter(|&j| !path.contains(&j) && cert.names_issuer(&self.pool.certs[j]))
            .collect();
        // Trusted first, then currently valid, then the one that lasts longest.
        candidates.sort_by_key(|&j| {
            let c = &self.pool.certs[j];
            (!self.pool.in_bundle(j), !c.is_valid_at(self.now), std::cmp::Reverse(c.not_after))
        });
        let mut extended = false;
        if path.len() < MAX_DEPTH {
            for j in candidates {
                if self.verified(last, j) {
                    extended = true;
                    path.push(j);
                    self.walk(path);
                    path.pop();
                    if self.best.as_ref().is_some_and(|(r, _, _)| r.0 == 3 && r.1) {
                        return; // a valid path to a trusted root: nothing beats it
                    }
                }
            }
        }
        if !extended {
            let issuer = cert.summary.issuer.clone();
            let end = if self.pool.in_bundle(last) {
                PathEnd::TrustedNonRoot { missing_issuer: issuer }
            } else {
                PathEnd::MissingIssuer { issuer }
            };
            self.consider(path, end);
        }
    }
}

/// Builds the best path from the served leaf. `None` when nothing was served.
pub fn build(pool: &CertPool, now: i64) -> Option<ChainFacts> {
    let served = pool.served();
    let (leaf, served_out_of_order) = pick_leaf(pool, &served)?;
    let mut search = Search { pool, now, checks: 0, best: None, name_only: Vec::new() };
    search.walk(&mut vec![leaf]);
    let (_, path, end) = search.best?;
    let first_trusted = path.iter().position(|&i| pool.in_bundle(i));
    let unused_served = served.iter().copied().filter(|i| !path.contains(i)).collect();
    let name_only_issuers = search.name_only.into_iter().filter(|(c, _)| path.contains(c)).collect();
    Some(ChainFacts { leaf, path, end, first_trusted, unused_served, served_out_of_order, name_only_issuers })
}
