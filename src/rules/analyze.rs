//! Rules → findings, and the verdict matrix hostnames × clients.
//!
//! [`analyze`] is the whole pipeline for pasted certificates: parse both inputs, pool the
//! certificates, build the path, then ask every client family in [`super::clients::ALL`] for every
//! reason it refuses the chain and each hostname, in the order it checks them
//! ([`super::verdicts::causes`]). Failures are typed ([`super::verdicts::Failure`]); findings are
//! one per (rule, certificates), each listing the clients and hosts it makes fail.

use std::collections::BTreeMap;

use super::clients::{Client, ALL};
use super::explain;
use super::verdicts::Failure;
use super::versions::ClientVersions;
use crate::decode::pki::cert::Cert;
use crate::decode::pki::chain::{self, CertPool, ChainFacts};
use crate::decode::pki::{names, pem, webpki_check};
use crate::report::{
    Cause, CertEntry, ClientColumn, InputProblem, InputSummary, Overall, Report, Role, Status, Verdict,
};
use crate::source::inputs::Inputs;
use crate::time_fmt::rfc3339;
use crate::vocab::catalogue::{RuleId, Severity};
use crate::vocab::ClientId;
use crate::vocab::Finding;

/// The expiry horizon in days: `Inputs.warn_days`, else the default (the rotation report's).
fn horizon_days(inputs: &Inputs) -> i64 {
    inputs.warn_days.map_or(super::rotation::DEFAULT_HORIZON_DAYS, i64::from)
}

/// Analyses `inputs` as of `now` (seconds since the Unix epoch), every column as its current
/// release behaves. Never panics.
pub fn analyze(inputs: &Inputs, now: i64) -> Report {
    analyze_with(inputs, &ClientVersions::default(), now)
}

/// [`analyze`] with the client versions the person runs (`--client-version`, the page's
/// picker): each column as that version behaves, plus the named causes only a version has.
pub fn analyze_with(inputs: &Inputs, versions: &ClientVersions, now: i64) -> Report {
    analyze_read(inputs, &ReadBundle::of(&inputs.ca_bundle), versions, now)
}

/// The CA bundle's text read once: its PEM blocks and each block's certificate (or why it is
/// not one). Reading the 121 certificates of the RDS global bundle is most of an analysis; the
/// page keeps the last `ReadBundle` and passes it again while the bundle's text is unchanged,
/// so a keystroke in another field does not read the bundle again.
#[derive(Debug, Clone)]
pub struct ReadBundle {
    pem: pem::Parsed,
    certs: Vec<Result<Cert, String>>,
}

impl ReadBundle {
    pub fn of(text: &str) -> ReadBundle {
        let pem = pem::parse(text);
        let certs = read_certs(&pem);
        ReadBundle { pem, certs }
    }
}

fn read_certs(parsed: &pem::Parsed) -> Vec<Result<Cert, String>> {
    parsed.certs.iter().map(|found| Cert::from_der(&found.der).map_err(|e| e.reason)).collect()
}

/// [`analyze_with`] with the CA bundle already read: `bundle` must be
/// `ReadBundle::of(&inputs.ca_bundle)` (`inputs.ca_bundle` itself is not read again).
pub fn analyze_read(inputs: &Inputs, bundle: &ReadBundle, versions: &ClientVersions, now: i64) -> Report {
    let mut report = unfinished(inputs, bundle, versions, now);
    finish(&mut report, &inputs.error_message);
    report
}

/// Every rule but the last two steps ([`finish`]): a live check adds its own findings in
/// between, so that they too decide the error's causes (`rules::probe`).
pub(super) fn unfinished(inputs: &Inputs, bundle: &ReadBundle, versions: &ClientVersions, now: i64) -> Report {
    // The person's setting names their column and may supply the host (rules::settings).
    super::settings::around(inputs, |inputs| analyze_inputs(inputs, bundle, versions, now))
}

/// The last steps, once every finding is in: the error is judged against everything else (for
/// the setting's column if it names one), then the commands are written for the lead column
/// (from the setting or the error: its client flag is one of them).
pub(super) fn finish(report: &mut Report, error_message: &str) {
    super::error_match::attach(report, error_message);
    super::commands::attach(report);
}

fn analyze_inputs(inputs: &Inputs, bundle: &ReadBundle, versions: &ClientVersions, now: i64) -> Report {
    let columns: Vec<Client> = ALL.iter().map(|c| super::versions::adjust(c, versions)).collect();
    let mut problems = Vec::new();
    let mut findings = Vec::new();
    let mut pool = CertPool::default();

    let conversation = inputs.capture.as_ref().map(|t| {
        let c = crate::decode::conversation::decode(t);
        let e = crate::evidence::evidence(&c, t);
        (c, e)
    });
    let mut served = pem::parse(&inputs.chain);
    // A TLS ≤ 1.2 capture carries the server's chain: it is the chain when none was pasted.
    if served.certs.is_empty() {
        if let Some((_, e)) = &conversation {
            served.certs =
                e.server_certificates.iter().map(|der| pem::FoundCert { der: der.clone(), line: 0 }).collect();
        }
    }
    let served_certs = read_certs(&served);
    let keys = bundle.pem.private_key_lines.len() + served.private_key_lines.len();
    let mut bundle_count = 0;
    let mut served_count = 0;
    for (input, parsed, certs) in [("chain", &served, &served_certs), ("ca_bundle", &bundle.pem, &bundle.certs)] {
        problems.extend(parsed.problems.iter().cloned().map(|p| InputProblem::new(input, p)));
        for (pos, (found, cert)) in parsed.certs.iter().zip(certs).enumerate() {
            match cert {
                Ok(cert) => {
                    let (s, b) = if input == "chain" { (Some(pos), None) } else { (None, Some(pos)) };
                    pool.add(cert.clone(), s, b);
                    if input == "chain" {
                        served_count += 1
                    } else {
                        bundle_count += 1
                    }
                }
                Err(e) => problems.push(InputProblem {
                    input: input.into(),
                    line: found.line,
                    message: format!("the block on line {} is not a readable certificate ({e})", found.line),
                }),
            }
        }
    }
    let hosts: Vec<String> = inputs.hosts.iter().map(|h| names::normalize_host(h)).filter(|h| !h.is_empty()).collect();

    if keys > 0 {
        findings.push(simple(
            RuleId::PrivateKeyPasted,
            format!("{keys} private key block(s) found and discarded"),
            None,
        ));
    }
    if !problems.is_empty() {
        let first = problems.first().map(|p| format!("{} line {}: {}", p.input, p.line, p.message)).unwrap_or_default();
        findings.push(simple(
            RuleId::InputProblem,
            format!("{} problem(s) reading the input; first: {first}", problems.len()),
            None,
        ));
    }
    if bundle_count == 0 {
        findings.push(simple(RuleId::NoCaBundle, RuleId::NoCaBundle.rule().summary.to_owned(), None));
    }

    let capture_from = findings.len();
    if let Some((_, e)) = &conversation {
        // A TLS 1.3 capture hides the chain; one pasted or recorded by the live check shows it.
        findings.extend(
            super::capture::findings_at(e, Some(now))
                .into_iter()
                .filter(|f| !(f.id == RuleId::ChainEncrypted && served_count > 0)),
        );
    }
    let capture_to = findings.len();

    let facts = chain::build(&pool, now);
    let mut verdict_list = Vec::new();
    if let Some(facts) = &facts {
        let webpki = webpki_check::verify(&pool, facts.leaf, &hosts, now);
        // One finding per (rule, certificates): different certificates failing the same rule
        // are different findings; one cause shared by several clients or hosts is one finding
        // that lists them.
        let mut grouped: BTreeMap<(RuleId, Vec<usize>), Group> = BTreeMap::new();
        for (hi, host) in hosts.iter().enumerate() {
            // Once per host, not per column: whether a column that connects has verified enough.
            let full_check_fails =
                !super::verdicts::causes(&super::clients::FULL_CHECK, &pool, facts, &webpki, hi, host, now).is_empty();
            let mut unverified_clients = Vec::new();
            // Many columns check alike (the Connector/C family, the CA-only settings): each
            // distinct way of checking runs once per host, its causes shared.
            let mut computed: Vec<(&Client, Vec<Failure>, Vec<Cause>)> = Vec::new();
            for client in &columns {
                let (failures, causes) = match computed.iter().find(|(c, ..)| c.checks_like(client)) {
                    Some((_, failures, causes)) => (failures.clone(), causes.clone()),
                    None => {
                        let failures = super::verdicts::causes(client, &pool, facts, &webpki, hi, host, now);
                        let causes = causes_of(&pool, facts, host, &failures);
                        computed.push((client, failures.clone(), causes.clone()));
                        (failures, causes)
                    }
                };
                if failures.is_empty() && full_check_fails {
                    unverified_clients.push(client.id);
                }
                for f in &failures {
                    let g = grouped.entry((f.rule(), f.certificates(facts.leaf))).or_insert_with(|| Group {
                        failure: f.clone(),
                        clients: Vec::new(),
                        hosts: Vec::new(),
                    });
                    if !g.clients.contains(&client.id) {
                        g.clients.push(client.id);
                    }
                    if !g.hosts.contains(host) {
                        g.hosts.push(host.clone());
                    }
                }
                verdict_list.push(verdict(client, &pool, facts, host, &failures, causes, full_check_fails));
            }
            if !unverified_clients.is_empty() {
                findings.push(verifies_less(unverified_clients, host));
            }
        }
        for ((id, certificates), g) in grouped {
            let (title, explanation, fix) = super::explain::finding_text(&pool, &g.failure, &g.hosts);
            findings.push(Finding {
                id,
                severity: id.rule().severity,
                title,
                explanation,
                fix,
                clients: g.clients,
                hosts: g.hosts,
                certificates,
                commands: Vec::new(),
            });
        }
        path_findings(&pool, facts, now, horizon_days(inputs), &mut findings);
        // The chain's finding of a cause the capture also names (a missing intermediate, an
        // expired certificate) lists the clients it fails: it replaces the capture's.
        let chain_ids: Vec<RuleId> = findings.get(capture_to..).unwrap_or_default().iter().map(|f| f.id).collect();
        let mut i = 0;
        findings.retain(|f| {
            i += 1;
            !((capture_from..capture_to).contains(&(i - 1)) && chain_ids.contains(&f.id))
        });
        findings.extend(super::versions::profile_findings(&pool, facts, versions));
    } else if (bundle_count > 0 || !hosts.is_empty()) && conversation.is_none() {
        let mut f = simple(RuleId::NoServerCertificate, RuleId::NoServerCertificate.rule().summary.to_owned(), None);
        // The command for the person's own server, not a literal HOST.
        if let Some(command) = inputs.hosts.first().and_then(|h| s_client_command(h)) {
            f.fix = format!("Paste the output of: {command}");
        }
        findings.push(f);
    }
    if facts.is_none() && bundle_count > 0 {
        findings.extend(proxy_without_amazon_roots(&pool, &hosts));
    }
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    for v in verdict_list.iter_mut().filter(|v| super::clients::client(v.client).engine == super::clients::Engine::Go) {
        v.client_error = v.client_error.take().map(|t| super::versions::go_error(versions, t));
    }

    let mut overall = overall(&verdict_list, &findings, facts.is_some(), &hosts);
    if overall.status == Status::Incomplete {
        // A capture without a chain still has a verdict when it shows an error.
        if let Some(f) = findings.iter().find(|f| f.severity == Severity::Error && conversation.is_some()) {
            overall = Overall { status: Status::Fail, headline: f.title.clone() };
        }
    }
    let certificates = cert_entries(&pool, facts.as_ref(), now);
    Report {
        checked_at: rfc3339(now),
        overall,
        inputs: InputSummary {
            ca_label: inputs.ca_label.clone(),
            bundle_certificates: bundle_count,
            served_certificates: served_count,
            hosts,
            private_keys_discarded: keys,
        },
        input_problems: problems,
        certificates,
        path: facts.as_ref().map(|f| f.path.clone()).unwrap_or_default(),
        findings,
        verdicts: verdict_list,
        clients: ALL
            .iter()
            .map(|c| ClientColumn { id: c.id, label: c.label.into(), setting: c.setting.into() })
            .collect(),
        probe: None,
        conversation: conversation.map(|(c, _)| c),
        connections: Vec::new(),
        selected_connection: None,
        lead_client: None,
        settings: None,
        snippets: Vec::new(),
        error: None,
    }
}

/// Without a chain the hostname tells: an RDS Proxy endpoint presents an AWS Certificate Manager
/// certificate, so a CA file without any Amazon Trust Services root cannot verify it.
fn proxy_without_amazon_roots(pool: &CertPool, hosts: &[String]) -> Option<Finding> {
    let has_root = pool.certs.iter().any(|c| c.amazon_trust.is_some_and(|a| a.is_root()));
    let proxies: Vec<String> = hosts
        .iter()
        .filter(|h| crate::decode::pki::rds::endpoint(h).is_some_and(|e| e.kind.presents_amazon_trust()))
        .cloned()
        .collect();
    if has_root || proxies.is_empty() {
        return None;
    }
    let mut f = simple(
        RuleId::RdsProxyAmazonRoot,
        format!(
            "{} is an RDS Proxy endpoint: it needs Amazon Root CA 1–4, which the CA file lacks",
            proxies.join(", ")
        ),
        None,
    );
    f.fix = RuleId::RdsProxyAmazonRoot.rule().fix.to_owned();
    f.hosts = proxies;
    Some(f)
}

/// `openssl s_client … HOST:PORT -showcerts </dev/null` for a typed hostname (`db:3307`,
/// `mysql://u@db:3307/x`): the port typed, else 3306; IPv6 in brackets. The page's chain help
/// uses it too.
pub fn s_client_command(raw: &str) -> Option<String> {
    let host = names::normalize_host(raw);
    if host.is_empty() {
        return None;
    }
    let after_host = raw.to_ascii_lowercase().rsplit_once(&host).map(|(_, rest)| rest.to_owned())?;
    let port: u16 = after_host
        .trim_start_matches(']')
        .strip_prefix(':')
        .map(|p| p.split(|c: char| !c.is_ascii_digit()).next().unwrap_or(""))
        .and_then(|p| p.parse().ok())
        .unwrap_or(3306);
    let host = if host.contains(':') { format!("[{host}]") } else { host };
    Some(format!("openssl s_client -starttls mysql -connect {host}:{port} -showcerts </dev/null"))
}

/// A finding explained by its rule's general words.
fn simple(id: RuleId, title: String, cert: Option<usize>) -> Finding {
    let mut f = Finding::of(id, title, id.rule().why.to_owned());
    f.certificates = cert.into_iter().collect();
    f
}

/// The clients and hosts one failure applies to (the first one met is the one explained).
struct Group {
    failure: Failure,
    clients: Vec<ClientId>,
    hosts: Vec<String>,
}

/// One cell of the matrix: the causes in the client's order, the first one's words on top.
/// The columns that connect to `host` although the full check refuses it.
fn verifies_less(clients: Vec<ClientId>, host: &str) -> Finding {
    let ids: Vec<&str> = clients.iter().map(|c| c.as_str()).collect();
    let mut f = simple(
        RuleId::SettingVerifiesLess,
        format!("{} connect(s) to {host} without verifying it: {}", ids.len(), ids.join(", ")),
        None,
    );
    f.clients = clients;
    f.hosts = vec![host.to_owned()];
    f
}

/// A verdict's causes: the failures with their one-line details.
fn causes_of(pool: &CertPool, facts: &ChainFacts, host: &str, failures: &[Failure]) -> Vec<Cause> {
    failures
        .iter()
        .map(|f| Cause {
            rule: f.rule(),
            detail: explain::verdict_detail(pool, f, host),
            certificate: f.certificate(facts.leaf),
        })
        .collect()
}

fn verdict(
    client: &Client,
    pool: &CertPool,
    facts: &ChainFacts,
    host: &str,
    failures: &[Failure],
    causes: Vec<Cause>,
    full_check_fails: bool,
) -> Verdict {
    Verdict {
        host: host.to_owned(),
        client: client.id,
        ok: causes.is_empty(),
        unverified: causes.is_empty() && full_check_fails,
        cause: causes.first().map(|c| c.rule),
        detail: causes.first().map_or_else(|| ok_detail(client, pool, facts, host), |c| c.detail.clone()),
        // A client stops at the first failure: that is what it prints.
        client_error: failures.first().map(|f| explain::client_error(client, f, host)),
        causes,
    }
}

/// Findings about the path that are not any client's failure.
fn path_findings(pool: &CertPool, facts: &ChainFacts, now: i64, horizon_days: i64, out: &mut Vec<Finding>) {
    expiry_findings(pool, facts, now, horizon_days, out);
    if facts.served_out_of_order {
        out.push(simple(
            RuleId::ServedChainOrder,
            RuleId::ServedChainOrder.rule().summary.to_owned(),
            Some(facts.leaf),
        ));
    }
    for &i in &facts.unused_served {
        let name = pool.get(i).map(|c| c.name().to_owned()).unwrap_or_default();
        out.push(simple(
            RuleId::UnusedServedCertificate,
            format!("The server sends '{name}', which is not on the path"),
            Some(i),
        ));
    }
}

/// What ends within the horizon: one finding for the RDS CA generation (its CAs and the server
/// certificates they issue end together; the rotation is one change), one per other certificate.
fn expiry_findings(pool: &CertPool, facts: &ChainFacts, now: i64, horizon_days: i64, out: &mut Vec<Finding>) {
    let soon = |c: &Cert| c.is_valid_at(now) && c.not_after - now < horizon_days.saturating_mul(86_400);
    let days = |c: &Cert| (c.not_after - now).div_euclid(86_400);
    let ending: Vec<(usize, &Cert)> =
        facts.path.iter().filter_map(|&i| pool.get(i).map(|c| (i, c))).filter(|(_, c)| soon(c)).collect();
    let (rds, other): (Vec<_>, Vec<_>) =
        ending.iter().partition(|(_, c)| c.summary.rds.is_some() || c.issuer_rds.is_some());
    // RDS renews the server certificates of the CAs that rotate them (the G1 ones) by itself:
    // such a leaf's end asks nothing of anyone.
    let rds: Vec<_> = rds
        .into_iter()
        .filter(|(_, c)| {
            c.summary.rds.is_some()
                || !c.issuer_rds.as_ref().is_some_and(|r| super::rotation::renews_server_certificates(&r.ca_id))
        })
        .collect();
    // An RDS CA on the path that has already expired is an error with the same rotation.
    let rds_expired =
        facts.path.iter().filter_map(|&i| pool.get(i)).any(|c| c.summary.rds.is_some() && c.not_after < now);
    if let Some((_, first)) = rds.iter().filter(|_| !rds_expired).min_by_key(|(_, c)| c.not_after) {
        let ca = first.summary.rds.as_ref().or(first.issuer_rds.as_ref());
        let ca_name = ca
            .map(|r| match &r.region {
                Some(g) => format!("{} ({g})", r.ca_id),
                None => r.ca_id.clone(),
            })
            .unwrap_or_default();
        let date = crate::time_fmt::date(first.not_after);
        let span = crate::report::span(days(first).max(1));
        let target = super::rotation::DEFAULT_TARGET_CA;
        let generation = ca
            .and_then(|r| super::rotation::catalogue_end(&r.ca_id))
            .map(|end| {
                format!(
                    " {} as a whole ends on {}.",
                    ca.map(|r| r.ca_id.as_str()).unwrap_or(""),
                    crate::time_fmt::date(end)
                )
            })
            .unwrap_or_default();
        let lasts = super::rotation::catalogue_end(target).map(crate::time_fmt::date).unwrap_or_default();
        let mut f = simple(
            RuleId::RdsCaExpiresSoon,
            format!("The server's RDS CA {ca_name} ends on {date}, in {span}: rotate to {target} now"),
            None,
        );
        f.explanation = format!(
            "{} on the path end{} within the {horizon_days}-day horizon, the first on {date}.{generation} On that day every client that verifies the server fails, whatever bundle it has. {target} lasts until {lasts}.",
            rds.iter().map(|(_, c)| format!("'{}'", c.name())).collect::<Vec<_>>().join(", "),
            if rds.len() == 1 { "s" } else { "" },
        );
        f.certificates = rds.iter().map(|(i, _)| *i).collect();
        out.push(f);
    }
    for (i, c) in other {
        let date = crate::time_fmt::date(c.not_after);
        out.push(simple(
            RuleId::ExpiresSoon,
            format!("'{}' expires on {date}, in {}", c.name(), crate::report::span(days(c).max(1))),
            Some(i),
        ));
    }
}

fn ok_detail(client: &Client, pool: &CertPool, facts: &ChainFacts, host: &str) -> String {
    let Some(leaf) = pool.get(facts.leaf) else { return "ok".into() };
    match client.names {
        None => "chain verified (no hostname check in this mode)".into(),
        Some(policy) => match names::check(&leaf.summary, host, policy) {
            names::NameCheck::Matched { by } => format!("verified; name matched by {by}"),
            _ => "verified".into(),
        },
    }
}

fn overall(verdicts: &[Verdict], findings: &[Finding], have_chain: bool, hosts: &[String]) -> Overall {
    if !have_chain {
        return Overall {
            status: Status::Incomplete,
            headline: "Paste the server's certificate chain to check it".into(),
        };
    }
    if hosts.is_empty() {
        return Overall { status: Status::Incomplete, headline: "Add the hostname(s) the client connects with".into() };
    }
    // A column that connects without verifying is no pass ("passes for" names only verified
    // ones), but it does connect: "cannot connect" (Fail) is only for a server nothing reaches.
    let verified = |v: &&Verdict| v.ok && !v.unverified;
    let passed = verdicts.iter().filter(verified).count();
    let first_error = findings.iter().find(|f| f.severity == Severity::Error).map(|f| f.title.clone());
    if passed == verdicts.len() {
        // Works today, ends within the horizon: its own status, the date in the headline.
        let ending = findings.iter().find(|f| matches!(f.id, RuleId::RdsCaExpiresSoon | RuleId::ExpiresSoon));
        if let Some(f) = ending {
            return Overall {
                status: Status::ExpiresSoon,
                headline: format!("Every client verifies {}, but: {}", hosts.join(", "), f.title),
            };
        }
        let warn = findings
            .iter()
            .find(|f| f.severity == Severity::Warning)
            .map(|f| format!(" (but: {})", f.title))
            .unwrap_or_default();
        Overall { status: Status::Pass, headline: format!("Every client verifies {}{warn}", hosts.join(", ")) }
    } else if verdicts.iter().all(|v| v.ok) {
        let which = findings.iter().find(|f| f.id == RuleId::SettingVerifiesLess).map(|f| f.title.clone());
        Overall { status: Status::Unverified, headline: which.unwrap_or_default() }
    } else if verdicts.iter().all(|v| !v.ok) {
        Overall { status: Status::Fail, headline: format!("No client can verify: {}", first_error.unwrap_or_default()) }
    } else {
        let mut ok_clients: Vec<&str> = Vec::new();
        for v in verdicts.iter().filter(verified) {
            let l = super::clients::client(v.client).label;
            if !ok_clients.contains(&l)
                && verdicts.iter().filter(|w| w.client == v.client).all(|w| w.ok && !w.unverified)
            {
                ok_clients.push(l);
            }
        }
        let ok_part =
            if ok_clients.is_empty() { String::new() } else { format!("passes for {}; ", ok_clients.join(", ")) };
        Overall {
            status: Status::Mixed,
            headline: format!("Some clients fail: {ok_part}{}", first_error.unwrap_or_default()),
        }
    }
}

/// Certificates in pool order: served first (as sent), then the bundle's, so that an entry's
/// position is its `index`.
fn cert_entries(pool: &CertPool, facts: Option<&ChainFacts>, now: i64) -> Vec<CertEntry> {
    let path: &[usize] = facts.map(|f| f.path.as_slice()).unwrap_or(&[]);
    let leaf = facts.map(|f| f.leaf);
    pool.certs
        .iter()
        .zip(&pool.origins)
        .enumerate()
        .map(|(i, (c, o))| CertEntry {
            index: i,
            role: if Some(i) == leaf {
                Role::Leaf
            } else if c.self_issued() {
                Role::Root
            } else {
                Role::Intermediate
            },
            served_position: o.served,
            bundle_position: o.bundle,
            on_path: path.contains(&i),
            valid_at_check_time: c.is_valid_at(now),
            expires_in_days: (c.not_after - now).div_euclid(86_400),
            summary: c.summary.clone(),
        })
        .collect()
}
