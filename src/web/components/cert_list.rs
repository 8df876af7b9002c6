//! The certificates: a card for each one on the path or sent by the server (path order
//! first), and the rest of the CA bundle as a count with an expandable list — a bundle of
//! 120 roots in full would bury the few that matter.

use yew::prelude::*;

use crate::report::CertEntry;
use crate::source::builtin::{RDS_GLOBAL_ID, RDS_GLOBAL_LABEL};
use crate::web::components::{CertCard, ReportRef};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: ReportRef,
}

#[function_component]
pub fn CertList(props: &Props) -> Html {
    let r = &props.report;
    let mut shown: Vec<usize> = r.path.clone();
    shown.extend(r.certificates.iter().filter(|c| c.served_position.is_some() && !c.on_path).map(|c| c.index));
    let rest: Vec<&CertEntry> = r
        .certificates
        .iter()
        .filter(|c| c.bundle_position.is_some() && c.served_position.is_none() && !c.on_path)
        .collect();
    if shown.is_empty() && rest.is_empty() {
        return html! {};
    }
    let bundle_name = match r.inputs.ca_label.as_deref() {
        Some(RDS_GLOBAL_ID) => RDS_GLOBAL_LABEL,
        _ => "the CA bundle",
    };
    html! {
        <section class="certs" aria-labelledby="certs-h">
            <h3 id="certs-h">{"Certificates"}</h3>
            <div class="cards">
                { for shown.iter().map(|&i| html! { <CertCard report={props.report.clone()} index={i} /> }) }
            </div>
            if !rest.is_empty() {
                <details class="bundle-list">
                    <summary>{format!("{} other certificate(s) in {bundle_name}", rest.len())}</summary>
                    <ul>{ for rest.iter().map(|c| bundle_item(c)) }</ul>
                </details>
            }
        </section>
    }
}

fn bundle_item(c: &CertEntry) -> Html {
    let s = &c.summary;
    let rds = s
        .rds
        .as_ref()
        .map(|r| format!(" [{}{}]", r.ca_id, r.region.as_deref().map(|g| format!(", {g}")).unwrap_or_default()));
    html! {
        <li class={classes!((!c.valid_at_check_time).then_some("invalid"))}>
            {s.common_name.as_deref().unwrap_or(&s.subject)}
            {rds.unwrap_or_default()}
            <span class="dates">{format!(" valid {} → {}", s.not_before.get(..10).unwrap_or(""), s.not_after.get(..10).unwrap_or(""))}</span>
            if !c.valid_at_check_time { <span class="bad">{" (expired or not yet valid)"}</span> }
        </li>
    }
}
