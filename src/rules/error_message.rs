//! A pasted error message → the causes it points to, most likely first. The phrases are read by
//! [`crate::decode::error_text`]; here each reason is mapped to rule ids with a confidence, the
//! words that point there, and the one input that would decide between them. The CLI's
//! `explain` and (later) the page call [`explain`]; neither adds logic of its own.
//!
//! A phrase that names the failed check ("unable to get local issuer certificate") outranks one
//! that only says verification failed ("certificate verify failed"), which outranks one that only
//! says TLS failed ("SSL connection error"). Phrases that are not about TLS (connection refused,
//! 1130, DNS) count only when no TLS phrase is present.

use crate::decode::error_text::{self, ErrorText, Reason, Signal};
use crate::vocab::catalogue::RuleId;

// The types live in the report, which carries the explanation of the pasted error
// (`Report.error`, with each candidate's status); `explain` leaves the status out.
pub use crate::report::error_match::{Candidate, Confidence, Explanation};

use Confidence::{High, Low, Medium};

const CHAIN: &str = "Paste the server's chain (openssl s_client -starttls mysql -connect HOST:3306 -showcerts) and the CA file the client uses, or run the live check: they show whether the server sends its intermediate and which CA the CA file lacks.";
const CHAIN_DATES: &str = "Paste the server's chain or run the live check: the dates of each certificate show which one expired (an expired RDS CA is changed on the instance, an expired leaf on the server).";
const CA_FILE: &str = "Paste the CA file the client uses: it shows whether it holds the root or only an intermediate.";
const HOSTNAME: &str = "Paste the chain and the exact hostname the client connects with (or run the live check with it): the certificate's names decide it.";
const CLOCK: &str =
    "Check the client machine's clock, or paste the chain: the certificate's notBefore shows when it becomes valid.";
const LIVE_TLS: &str = "Run the live check (mysql-tls-doctor probe HOST --versions): it shows whether the server offers TLS and which versions it accepts.";
const CA_PATH: &str = "Check the CA path the client is given (it must exist, be readable by the client's user and start with -----BEGIN CERTIFICATE-----), or paste the file.";
const CLIENT_CERT: &str = "Check the account (SHOW CREATE USER: REQUIRE X509/SUBJECT/ISSUER) and the server's ssl_ca, then give the client a certificate and key issued by that CA.";
const CIPHERS: &str = "Run the live check with --versions and compare the client's cipher and version settings with the server's ssl_cipher and tls_version: the restricted side decides it.";
const ANY_CHECK: &str =
    "Run the live check (or paste the chain and the CA file): the message does not say which check failed.";
const TURN_ON_TLS: &str = "Turn TLS on in the client (ssl-mode=REQUIRED at least; VERIFY_IDENTITY with the CA file is better) and connect again.";
const TRY_TLS: &str = "Connect again with TLS required (mysql --ssl-mode=REQUIRED, mariadb --ssl): if that works, the server or the account requires TLS; if not, the user name or password is wrong.";
const NONE: &str = "";

/// How telling a phrase is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    /// Not about TLS.
    NotTls,
    /// TLS failed, no reason given.
    TlsFailed,
    /// Verification (or the handshake) failed, the check not named.
    Generic,
    /// Names the check or the refusal.
    Specific,
}

/// What one reason means for the diagnosis.
struct Meaning {
    tier: Tier,
    rules: &'static [(RuleId, Confidence)],
    next_step: &'static str,
    /// Completes "«quote» — …".
    says: &'static str,
    /// For a reason that is not about TLS: what it is instead.
    instead: Option<&'static str>,
}

const fn m(tier: Tier, rules: &'static [(RuleId, Confidence)], next_step: &'static str, says: &'static str) -> Meaning {
    Meaning { tier, rules, next_step, says, instead: None }
}

const fn not_tls(
    says: &'static str,
    instead: &'static str,
    rules: &'static [(RuleId, Confidence)],
    next_step: &'static str,
) -> Meaning {
    Meaning { tier: Tier::NotTls, rules, next_step, says, instead: Some(instead) }
}

use RuleId as R;
use Tier::{Generic, Specific, TlsFailed};

const ISSUER_MISSING: &[(RuleId, Confidence)] =
    &[(R::MissingIntermediate, Medium), (R::OutdatedBundle, Medium), (R::UnknownCa, Medium)];
/// Go, Java and rustls say "unknown authority" also for a self-signed certificate (the client
/// lab saw all three do so) and for an RDS Proxy chain against the RDS bundle.
const NO_PATH: &[(RuleId, Confidence)] = &[
    (R::MissingIntermediate, Medium),
    (R::OutdatedBundle, Medium),
    (R::UnknownCa, Medium),
    (R::SelfSigned, Low),
    (R::RdsProxyAmazonRoot, Low),
];
const ANY_VERIFY: &[(RuleId, Confidence)] = &[
    (R::OutdatedBundle, Low),
    (R::MissingIntermediate, Low),
    (R::UnknownCa, Low),
    (R::RdsCaExpired, Low),
    (R::HostnameMismatch, Low),
    // The client lab saw libmysqlclient and PHP print this same text for these too.
    (R::LeafExpired, Low),
    (R::SelfSigned, Low),
    (R::AnchorIsIntermediate, Low),
];

/// Exhaustive: a new reason does not compile until it is given a meaning here.
fn meaning(reason: Reason) -> Meaning {
    match reason {
        Reason::IssuerNotFoundLocally => m(Specific, ISSUER_MISSING, CHAIN, "the issuer of a certificate of the path is neither sent by the server nor in the CA file: a missing intermediate and a CA file without the right root print the same words"),
        Reason::UnknownAuthority => m(Specific, NO_PATH, CHAIN, "no path from the server's certificate to a CA the client trusts: the server may not send its intermediate, or the CA file lacks the CA"),
        Reason::IssuerNotFound => m(Specific, &[(R::AnchorIsIntermediate, High)], CA_FILE, "the path ends at a CA-file certificate whose own issuer is missing: the CA file holds an intermediate without its root"),
        Reason::LeafIssuerNotFound => m(Specific, &[(R::MissingIntermediate, Medium), (R::OutdatedBundle, Medium)], CHAIN, "the server sent its certificate alone and its issuer is not in the CA file"),
        Reason::InsecureSha1 => m(Specific, &[(R::Sha1SignatureRefused, High)], CHAIN, "Go 1.18+ refused a SHA-1 signature on the path and reports the issuer as unknown"),
        Reason::PartialChain => m(Specific, &[(R::MissingIntermediate, Medium), (R::UnknownCa, Low)], CHAIN, "the chain could not be completed up to a root"),
        Reason::SelfSignedLeaf => m(Specific, &[(R::SelfSigned, High)], CHAIN, "the server's certificate is self-signed (often the one MySQL/MariaDB generate at start-up)"),
        Reason::SelfSignedInChain => m(Specific, &[(R::UnknownCa, Medium), (R::OutdatedBundle, Medium)], CHAIN, "the chain ends at a root that is not in the CA file"),
        Reason::Expired => m(Specific, &[(R::RdsCaExpired, Medium), (R::LeafExpired, Medium), (R::CaExpired, Medium)], CHAIN_DATES, "a certificate of the path has expired; the message does not say which"),
        Reason::NotYetValid => m(Specific, &[(R::LeafNotYetValid, High)], CLOCK, "a certificate is not valid yet (or the client's clock is wrong)"),
        Reason::NameMismatch => m(Specific, &[(R::HostnameMismatch, High)], HOSTNAME, "the name the client connects with is not in the server's certificate"),
        Reason::LegacyCommonName => m(Specific, &[(R::CnOnlyCertificate, High)], HOSTNAME, "the name is only in the certificate's CN, which Go ignores"),
        Reason::UnsupportedPurpose => m(Specific, &[(R::WrongKeyUsage, High)], CHAIN, "the server's certificate is not for TLS servers"),
        Reason::SignatureFailure => m(Specific, &[(R::IssuerKeyMismatch, High)], CHAIN, "a signature on the path does not verify: a CA with the right name but another key"),
        Reason::CaUsedAsEndEntity => m(Specific, &[(R::LeafIsCa, High)], CHAIN, "the server's certificate is a CA certificate"),
        Reason::VerifyFailed => m(Generic, ANY_VERIFY, ANY_CHECK, "the client rejected the server's certificate; this client does not say which check failed"),
        Reason::ProtocolVersion => m(Specific, &[(R::TlsVersionMismatch, High)], LIVE_TLS, "client and server have no TLS version in common"),
        Reason::NoSharedCipher => m(Specific, &[(R::NoSharedCipher, High)], CIPHERS, "client and server have no cipher suite in common"),
        Reason::HandshakeFailureAlert => m(Specific, &[(R::NoSharedCipher, Medium), (R::TlsVersionMismatch, Medium), (R::ClientCertRequired, Low)], CIPHERS, "the server ended the handshake with handshake_failure: nothing in common (suites, versions), or a client certificate it wanted"),
        Reason::CertificateRequired => m(Specific, &[(R::ClientCertRequired, High)], CLIENT_CERT, "the server asked for a client certificate and got none"),
        Reason::ClientCertificateRejected => m(Specific, &[(R::ClientCertRequired, Medium), (R::TlsAlert, Low)], CLIENT_CERT, "the server rejected the client's certificate (an alert from the server)"),
        Reason::UnknownSslError => m(Generic, &[(R::TlsVersionMismatch, Medium)], LIVE_TLS, "OpenSSL gave libmysqlclient no reason: classically a MySQL 8 client and a server limited to TLS 1.0/1.1"),
        Reason::ClosedDuringHandshake => m(Generic, &[(R::TlsVersionMismatch, Medium), (R::NoSharedCipher, Low)], LIVE_TLS, "the server closed the connection during the handshake without an alert: typically it accepted nothing the client offered"),
        Reason::HandshakeFailed => m(TlsFailed, &[(R::OutdatedBundle, Low), (R::MissingIntermediate, Low), (R::UnknownCa, Low), (R::TlsVersionMismatch, Low)], ANY_CHECK, "the TLS handshake failed; this part of the message does not say why"),
        Reason::TlsStartFailed => m(TlsFailed, &[(R::BadCaFile, Medium), (R::OutdatedBundle, Low), (R::MissingIntermediate, Low), (R::UnknownCa, Low)], CA_PATH, "TLS did not start: mysqlnd prints this when the CA file does not load and when the handshake fails"),
        Reason::CaFileMissing => m(Specific, &[(R::BadCaFile, High)], CA_PATH, "the CA path does not exist"),
        Reason::CaFileUnreadable => m(Specific, &[(R::BadCaFile, High)], CA_PATH, "the CA file cannot be read by the client's user"),
        Reason::CaFileNotPem => m(Specific, &[(R::BadCaFile, High)], CA_PATH, "the CA file holds no certificate in the format the client reads (PEM, or a keystore for Java)"),
        Reason::CaFileLoadFailed => m(Specific, &[(R::BadCaFile, High)], CA_PATH, "the client could not load its CA file"),
        Reason::CaRequiredForMode => m(Specific, &[(R::NoCaBundle, High)], CA_PATH, "a verifying ssl-mode was given without --ssl-ca"),
        Reason::GoneAwayAtConnect => m(Generic, &[(R::ServerOffersNoTls, Medium)], LIVE_TLS, "PHP asked for TLS and the server's greeting offers none: mysqlnd then closes the connection and reports it as \"MySQL server has gone away\""),
        Reason::ServerNoTls => m(Specific, &[(R::ServerOffersNoTls, High)], LIVE_TLS, "the client requires TLS and the server's greeting does not offer it"),
        Reason::InsecureTransport => m(Specific, &[(R::RequireSecureTransport, High)], TURN_ON_TLS, "the server requires TLS (require_secure_transport=ON) and the client connected without it"),
        Reason::AuthNeedsSecureConnection => m(Specific, &[(R::CachingSha2Plaintext, High)], TURN_ON_TLS, "caching_sha2_password needs TLS (or the server's RSA key) and the client connected without TLS"),
        Reason::AccessDenied => not_tls("the server refused the login; TLS worked or was not used", "The server refused the user name or password (1045). A plaintext login to an account created REQUIRE SSL/X509, or to MariaDB with require_secure_transport, is refused with the same words.", &[(R::AccessDeniedPlaintext, Low), (R::ClientCertRequired, Low)], TRY_TLS),
        Reason::HostNotAllowed => not_tls("the server refused this client host before any TLS", "The server refuses this client host before any TLS (1130): no account matches the host the client connects from.", &[(R::RefusedBeforeGreeting, High)], NONE),
        Reason::HostBlocked => not_tls("the server blocks this client host", "The server blocks this client host after too many failed connections (1129): FLUSH HOSTS, or raise max_connect_errors.", &[(R::RefusedBeforeGreeting, High)], NONE),
        Reason::TooManyConnections => not_tls("the server refused: too many connections", "The server has reached max_connections (1040) and refused before any TLS.", &[(R::RefusedBeforeGreeting, High)], NONE),
        Reason::ConnectionRefused => not_tls("the TCP connection was refused", "Nothing accepts TCP connections on that host and port (connection refused): the server is down, listens on another port or address, or a firewall rejects the connection.", &[], NONE),
        Reason::ConnectTimeout => not_tls("the TCP connection timed out", "The server did not answer (timeout): a firewall or security group drops the packets, or the host is wrong (RDS: the security group's inbound rule for 3306, public accessibility).", &[], NONE),
        Reason::UnknownHost => not_tls("the hostname does not resolve", "The hostname does not resolve (DNS): check its spelling; RDS private endpoints resolve only inside their VPC.", &[], NONE),
        Reason::LocalSocket => not_tls("a Unix-socket connection", "A Unix-socket connection failed: no TCP and no TLS were involved (give -h with a hostname and --protocol=TCP to reach a remote server).", &[], NONE),
        Reason::UnknownDatabase => not_tls("the database name is unknown", "The login worked; the database name is wrong (1049).", &[], NONE),
        Reason::LostBeforeGreeting => not_tls("the connection closed before the server's greeting", "The connection closed before the server's greeting, so before any TLS: a proxy, a firewall or the wrong port, or the server's connect_timeout.", &[], NONE),
    }
}

/// Reads `text` and lists the causes it points to. Pure and total.
pub fn explain(text: &str) -> Explanation {
    from_facts(&error_text::read(text))
}

/// The same from facts already read (the page may hold them).
pub fn from_facts(facts: &ErrorText) -> Explanation {
    let meanings: Vec<(&Signal, Meaning)> = facts.signals.iter().map(|s| (s, meaning(s.reason))).collect();
    let top = meanings.iter().map(|(_, m)| m.tier).max();
    let mut candidates: Vec<Candidate> = Vec::new();
    for (signal, meaning) in meanings.iter().filter(|(_, m)| Some(m.tier) == top) {
        for &(rule, confidence) in meaning.rules {
            match candidates.iter_mut().find(|c| c.rule == rule) {
                Some(known) => known.confidence = known.confidence.max(confidence),
                None => candidates.push(Candidate {
                    rule,
                    confidence,
                    why: format!("\"{}\" — {}", crate::text::clip(&signal.quote, 160), meaning.says),
                    next_step: meaning.next_step.into(),
                    status: None,
                    decided_by: None,
                }),
            }
        }
    }
    // Stable: within one confidence, the order of the message and of each reason's list.
    candidates.sort_by_key(|c| std::cmp::Reverse(c.confidence));
    let tls_related = top.is_some_and(|t| t > Tier::NotTls);
    let instead = if tls_related { None } else { meanings.iter().find_map(|(_, m)| m.instead) };
    Explanation {
        recognised: top.is_some(),
        tls_related,
        instead: instead.map(Into::into),
        client: facts.client,
        candidates,
    }
}

impl Explanation {
    /// The CLI's exit code: 0 recognised, 1 nothing recognised.
    pub fn exit_code(&self) -> i32 {
        if self.recognised {
            0
        } else {
            1
        }
    }

    /// Plain text for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let client = self.client.map_or_else(|| "not recognised".to_owned(), |c| c.to_string());
        if !self.recognised {
            out.push_str("No known error text recognised in the message.\n");
            out.push_str("Paste the whole message (with the lines around it), or run the live check.\n");
            return out;
        }
        out.push_str(&format!("client: {client}\n"));
        if let Some(instead) = &self.instead {
            out.push_str(&format!("Not a TLS problem. {instead}\n"));
        }
        if !self.candidates.is_empty() {
            let heading = if self.tls_related { "Likely causes" } else { "If TLS is involved after all" };
            out.push_str(&format!("{heading}, most likely first:\n"));
        }
        let mut last_step = "";
        for c in &self.candidates {
            out.push_str(&format!("  {} ({:?}): {}\n", c.rule, c.confidence, c.rule.rule().summary));
            out.push_str(&format!("    why: {}\n", c.why));
            if !c.next_step.is_empty() && c.next_step != last_step {
                out.push_str(&format!("    to decide: {}\n", c.next_step));
                last_step = &c.next_step;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::error_text::ClientFamily;

    fn rules(e: &Explanation) -> Vec<RuleId> {
        e.candidates.iter().map(|c| c.rule).collect()
    }

    #[test]
    fn a_named_check_outranks_a_generic_failure() {
        let e = explain("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get issuer certificate (_ssl.c:1006)");
        assert_eq!(rules(&e), vec![RuleId::AnchorIsIntermediate]);
        assert_eq!(e.candidates[0].confidence, Confidence::High);
        assert_eq!(
            e.candidates[0].why,
            "\"unable to get issuer certificate\" — the path ends at a CA-file certificate whose own issuer is missing: the CA file holds an intermediate without its root"
        );
        assert_eq!(e.client, Some(ClientFamily::Python));
        assert!(e.tls_related);
    }

    #[test]
    fn a_message_that_is_not_tls_says_what_it_is_instead() {
        let e = explain("ERROR 2003 (HY000): Can't connect to MySQL server on 'db.example.com:3306' (111)");
        assert_eq!((e.recognised, e.tls_related), (true, false));
        assert_eq!(e.candidates, Vec::new());
        assert_eq!(e.instead.as_deref().map(|s| &s[..26]), Some("Nothing accepts TCP connec"));
    }

    #[test]
    fn nothing_recognised_is_exit_1_and_not_tls() {
        let e = explain("the quick brown fox");
        assert_eq!((e.recognised, e.tls_related, e.instead.as_deref(), e.exit_code()), (false, false, None, 1));
        assert_eq!(explain("").exit_code(), 1);
    }

    #[test]
    fn every_reason_has_a_meaning_with_words() {
        // `meaning` is an exhaustive match; this checks each arm's words are filled in.
        for p in crate::decode::error_text::patterns::REASONS {
            let m = meaning(p.reason);
            assert!(!m.says.is_empty(), "{:?}", p.reason);
            assert_eq!(m.instead.is_some(), m.tier == Tier::NotTls, "{:?}", p.reason);
            if m.tier != Tier::NotTls {
                assert!(!m.rules.is_empty() && !m.next_step.is_empty(), "{:?}", p.reason);
            }
        }
    }
}
