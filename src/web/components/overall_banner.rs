//! What was checked: the time, the certificates and the hostnames. The status word and the
//! headline are in the result bar (`result_bar`); `data-status` stays here too, for tests that
//! wait for the results region to settle.

use yew::prelude::*;

use crate::source::builtin::{RDS_GLOBAL_ID, RDS_GLOBAL_LABEL};
use crate::vocab::catalogue::RuleId;
use crate::web::components::ReportRef;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: ReportRef,
}

#[function_component]
pub fn OverallBanner(props: &Props) -> Html {
    let r = &props.report;
    let class = r.overall.status.id();
    let bundle = match r.inputs.ca_label.as_deref() {
        Some(RDS_GLOBAL_ID) => RDS_GLOBAL_LABEL.to_owned(),
        Some(label) => format!("{label}, {} certificate(s)", r.inputs.bundle_certificates),
        None => format!("{} certificate(s)", r.inputs.bundle_certificates),
    };
    // TLS 1.3 encrypts the chain: a capture shows none, but the server did send it.
    let encrypted = r.inputs.served_certificates == 0 && r.findings.iter().any(|f| f.id == RuleId::ChainEncrypted);
    let served = if encrypted {
        "server's certificates encrypted (TLS 1.3)".to_owned()
    } else {
        format!("server sent {} certificate(s)", r.inputs.served_certificates)
    };
    html! {
        <div class={classes!("banner", class)} data-status={class}>
            <p class="meta">
                {format!("Checked at {} · {served} · CA bundle: {bundle} · {} hostname(s)",
                    r.checked_at, r.inputs.hosts.len())}
            </p>
        </div>
    }
}
