//! Findings: what is wrong, why it matters, how to fix it (with the exact commands to copy),
//! and for which clients.

use yew::prelude::*;

use crate::report::Report;
use crate::vocab::catalogue::Severity;
use crate::vocab::Finding;
use crate::web::components::copy_button::commands;
use crate::web::components::{client_label, rich_text, ReportRef};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: ReportRef,
}

#[function_component]
pub fn FindingsList(props: &Props) -> Html {
    let r = &props.report;
    html! {
        <section class="findings" aria-labelledby="findings-h">
            <h3 id="findings-h">{format!("Findings ({})", r.findings.len())}</h3>
            if r.findings.is_empty() {
                <p>{"Nothing to report."}</p>
            } else {
                <ol>{ for r.findings.iter().map(|f| finding(r, f)) }</ol>
            }
        </section>
    }
}

fn finding(r: &Report, f: &Finding) -> Html {
    let (word, class) = match f.severity {
        Severity::Error => ("Error", "sev-error"),
        Severity::Warning => ("Warning", "sev-warning"),
        Severity::Info => ("Info", "sev-info"),
    };
    let clients: Vec<&str> = f.clients.iter().map(|&c| client_label(r, c)).collect();
    html! {
        <li class={classes!("finding", class)}>
            <h4>
                <span class="sev">{word}</span>
                {&f.title}
                <code class="rule-id">{f.id.as_str()}</code>
            </h4>
            <p class="why">{rich_text(&f.explanation)}</p>
            <p class="fix"><strong>{"Fix: "}</strong>{rich_text(&f.fix)}</p>
            {commands(&f.commands)}
            if !clients.is_empty() {
                <p class="who"><strong>{"Fails for: "}</strong>{clients.join(", ")}</p>
            }
            if !f.hosts.is_empty() {
                <p class="who"><strong>{"Hostnames: "}</strong>{f.hosts.join(", ")}</p>
            }
        </li>
    }
}
