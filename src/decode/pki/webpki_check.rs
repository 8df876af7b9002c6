//! The authoritative check for rustls-based clients: rustls-webpki, exactly as rustls' default
//! `WebPkiServerVerifier` runs it (served intermediates as intermediates, every bundle
//! certificate as a trust anchor, `serverAuth` usage), at the caller's `now`.

use std::time::Duration;

use pki_types::{CertificateDer, ServerName, UnixTime};
use webpki::{anchor_from_trusted_cert, EndEntityCert, KeyUsage};

use crate::decode::pki::chain::CertPool;
use crate::decode::pki::names::normalize_host;

/// The webpki outcome for one chain: `Ok` or webpki's own error, as text (`CertExpired …`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebpkiOutcome {
    pub chain: Result<(), String>,
    /// Per hostname (in input order): `Ok` or the webpki error.
    pub names: Vec<Result<(), String>>,
}

/// Runs webpki on the served chain (leaf = `leaf`) against the bundle.
pub fn verify(pool: &CertPool, leaf: usize, hosts: &[String], now: i64) -> WebpkiOutcome {
    let names_unchecked = |why: &str| hosts.iter().map(|_| Err(why.to_owned())).collect();
    let Some(leaf_cert) = pool.get(leaf) else {
        return WebpkiOutcome { chain: Err("no leaf".into()), names: names_unchecked("no leaf") };
    };
    let leaf_der = CertificateDer::from(leaf_cert.der.as_slice());
    let ee = match EndEntityCert::try_from(&leaf_der) {
        Ok(ee) => ee,
        Err(e) => return WebpkiOutcome { chain: Err(format!("{e:?}")), names: names_unchecked("leaf unreadable") },
    };
    let bundle_ders: Vec<CertificateDer<'_>> = pool
        .certs
        .iter()
        .zip(&pool.origins)
        .filter(|(_, o)| o.bundle.is_some())
        .map(|(c, _)| CertificateDer::from(c.der.as_slice()))
        .collect();
    let anchors: Vec<_> = bundle_ders.iter().filter_map(|d| anchor_from_trusted_cert(d).ok()).collect();
    let intermediates: Vec<CertificateDer<'_>> = pool
        .served()
        .into_iter()
        .filter(|&i| i != leaf)
        .filter_map(|i| pool.get(i))
        .map(|c| CertificateDer::from(c.der.as_slice()))
        .collect();
    let time = UnixTime::since_unix_epoch(Duration::from_secs(now.max(0).unsigned_abs()));
    let chain = ee
        .verify_for_usage(
            webpki::ALL_VERIFICATION_ALGS,
            &anchors,
            &intermediates,
            time,
            KeyUsage::server_auth(),
            None,
            None,
        )
        .map(|_| ())
        .map_err(|e| format!("{e:?}"));
    let names = hosts
        .iter()
        .map(|h| {
            let h = normalize_host(h);
            match ServerName::try_from(h.as_str()) {
                Ok(name) => ee.verify_is_valid_for_subject_name(&name).map_err(|e| short_error(&format!("{e:?}"))),
                Err(_) => Err(format!("'{}' is not a valid DNS name or IP address", crate::text::clip(&h, 60))),
            }
        })
        .collect();
    WebpkiOutcome { chain, names }
}

/// webpki's name errors carry the whole list of presented names; keep the variant name.
fn short_error(s: &str) -> String {
    s.split(['(', ' ', '{']).next().unwrap_or(s).to_owned()
}
