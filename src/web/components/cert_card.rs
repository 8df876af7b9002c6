//! One certificate in full: the fields a DBA compares with what the server should present.

use yew::prelude::*;

use crate::report::{CertEntry, Role};
use crate::web::components::ReportRef;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: ReportRef,
    /// Index into `report.certificates`.
    pub index: usize,
}

#[function_component]
pub fn CertCard(props: &Props) -> Html {
    let Some(c) = props.report.certificates.get(props.index) else { return html! {} };
    let s = &c.summary;
    let heading_id = format!("cert-{}-h", c.index);
    html! {
        <article class={classes!("cert", (!c.valid_at_check_time).then_some("invalid"))} aria-labelledby={heading_id.clone()}>
            <h4 id={heading_id}>
                <span class="role">{role(c)}</span>
                {s.common_name.as_deref().unwrap_or(&s.subject)}
            </h4>
            <p class="origin">{origin(c)}</p>
            if !c.valid_at_check_time {
                <p class="bad">{"Not valid at the check time"}</p>
            }
            <dl>
                {row("Subject", html! { &s.subject })}
                {row("Issuer", html! { &s.issuer })}
                {row("Serial", html! { <code>{&s.serial}</code> })}
                {row("Valid", html! { <>{format!("{} → {}", s.not_before, s.not_after)}<span class="time-left">{" — "}{c.time_left()}</span></> })}
                {row("Key", html! { &s.key })}
                {row("Signature", html! { &s.signature_algorithm })}
                {row("Names (SAN)", sans(c))}
                {row("CA", html! { ca(c) })}
                if !s.key_usage.is_empty() {
                    {row("Key usage", html! { s.key_usage.join(", ") })}
                }
                if !s.extended_key_usage.is_empty() {
                    {row("Extended key usage", html! { s.extended_key_usage.join(", ") })}
                }
                {row("SHA-256", html! { <code class="fp">{&s.sha256}</code> })}
                if let Some(rds) = &s.rds {
                    {row("Amazon RDS CA", html! { rds_text(rds) })}
                }
            </dl>
        </article>
    }
}

fn row(term: &'static str, value: Html) -> Html {
    html! { <><dt>{term}</dt><dd>{value}</dd></> }
}

fn role(c: &CertEntry) -> &'static str {
    match c.role {
        Role::Leaf => "Server certificate",
        Role::Intermediate => "Intermediate CA",
        Role::Root => "Root CA",
    }
}

fn origin(c: &CertEntry) -> String {
    let sent = c.served_position.map(|p| format!("sent by the server (#{})", p + 1));
    let bundle = c.bundle_position.map(|p| format!("in the CA bundle (#{})", p + 1));
    let from = match (sent, bundle) {
        (Some(a), Some(b)) => format!("{a}, also {b}"),
        (Some(a), None) => a,
        (None, Some(b)) => b,
        (None, None) => String::new(),
    };
    if c.on_path {
        format!("On the path; {from}")
    } else {
        format!("Not on the path; {from}")
    }
}

fn sans(c: &CertEntry) -> Html {
    let s = &c.summary;
    if !s.has_san {
        return html! { <em>{"none (no subjectAltName extension; some clients fall back to the CN)"}</em> };
    }
    let all: Vec<String> = s
        .dns_names
        .iter()
        .map(|d| format!("DNS:{d}"))
        .chain(s.ip_addresses.iter().map(|i| format!("IP:{i}")))
        .chain(s.other_names.iter().cloned())
        .collect();
    html! { all.join(", ") }
}

fn ca(c: &CertEntry) -> String {
    match (c.summary.is_ca, c.summary.path_len) {
        (true, Some(n)) => format!("yes (path length ≤ {n})"),
        (true, None) => "yes".into(),
        (false, _) => "no".into(),
    }
}

fn rds_text(rds: &crate::decode::pki::rds::RdsCa) -> String {
    let mut s = rds.ca_id.clone();
    if let Some(region) = &rds.region {
        s.push_str(&format!(", region {region}"));
    }
    if let Some(env) = &rds.environment {
        s.push_str(&format!(" ({env})"));
    }
    s
}
