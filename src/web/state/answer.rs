//! The answer the page leads with: the status, the one-sentence cause (the report's headline)
//! and the fix to do first — the finding whose fix and commands the result bar shows.
//!
//! Plain Rust over the report, unit-tested natively; `components::result_bar` renders it.

use crate::report::{Report, Status};
use crate::vocab::catalogue::Severity;

/// The index into `report.findings` of the fix to show first: for the person's own client
/// (`lead_client`) when one is set and a finding names it, else the first error, else (a
/// report that works but warns, e.g. a CA that expires soon) the first warning. None when
/// there is nothing to change.
pub fn lead_finding(r: &Report) -> Option<usize> {
    let serious = |s: Severity| s >= Severity::Warning;
    if r.overall.status == Status::Pass && !r.findings.iter().any(|f| f.severity == Severity::Warning) {
        return None;
    }
    let own = r
        .lead_client
        .and_then(|lead| r.findings.iter().position(|f| f.severity == Severity::Error && f.clients.contains(&lead)));
    own.or_else(|| r.findings.iter().position(|f| f.severity == Severity::Error))
        .or_else(|| r.findings.iter().position(|f| serious(f.severity)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::inputs::Inputs;
    use crate::vocab::catalogue::RuleId;
    use crate::web::state::examples;

    fn report_of(ex: usize, at: &str) -> Report {
        let e = &examples::ALL[ex];
        let inputs = Inputs {
            ca_bundle: e.ca_bundle.to_owned(),
            chain: e.chain.to_owned(),
            hosts: Inputs::hosts_from_text(e.hosts),
            ..Inputs::default()
        };
        crate::rules::analyze(&inputs, crate::time_fmt::parse(at).unwrap_or(0))
    }

    fn lead_id(r: &Report) -> Option<RuleId> {
        lead_finding(r).map(|i| r.findings[i].id)
    }

    #[test]
    fn shows_no_fix_when_every_client_verifies() {
        assert_eq!(lead_id(&report_of(0, "2026-11-28")), None);
    }

    #[test]
    fn shows_the_fix_for_the_persons_own_client_first() {
        // A CNAME of one's own, years later: every verifying client refuses the expired leaf,
        // and those that check the name also the name.
        let mut r = report_of(2, "2041-01-01");
        assert_eq!(lead_id(&r), Some(RuleId::LeafExpired));
        // With the name's finding first, it is the fix — unless the person's own client is
        // one that never checks the name (mysql 8 VERIFY_CA): then theirs is the expired leaf.
        r.findings.swap(0, 1);
        assert_eq!(lead_id(&r), Some(RuleId::HostnameMismatch));
        r.lead_client = Some(crate::vocab::ClientId::Mysql8VerifyCa);
        assert_eq!(lead_id(&r), Some(RuleId::LeafExpired));
        // A client no error names (it connects, unverified) gets the first error's fix.
        r.lead_client = Some(crate::vocab::ClientId::PhpPdoVerifyFalse);
        assert_eq!(lead_id(&r), Some(RuleId::HostnameMismatch));
    }

    #[test]
    fn shows_the_first_error_as_the_fix() {
        assert_eq!(lead_id(&report_of(1, "2026-11-28")), Some(RuleId::MissingIntermediate));
        assert_eq!(lead_id(&report_of(2, "2026-11-28")), Some(RuleId::HostnameMismatch));
    }
}
