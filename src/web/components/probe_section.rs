//! What only a live check can tell: the server's version, the negotiated TLS version and
//! suite, the SNI sent, the answer to a plaintext login and which TLS versions it accepts.

use yew::prelude::*;

use crate::report::probe::VersionSupport;
use crate::web::components::ReportRef;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: ReportRef,
}

#[function_component]
pub fn ProbeSection(props: &Props) -> Html {
    let Some(p) = props.report.probe.as_ref() else { return html! {} };
    let row = |label: &'static str, value: Option<&String>| {
        value.map(|v| html! { <><dt>{label}</dt><dd>{v}</dd></> }).unwrap_or_default()
    };
    // An IP address is never sent as SNI (RFC 6066), which matters for RDS proxies.
    let sni = Some(p.sni.clone().unwrap_or_else(|| "none (the server name is an IP address)".into()));
    let handshake_done = p.tls_version.is_some();
    html! {
        <section class="probe" aria-labelledby="probe-h">
            <h3 id="probe-h">{format!("Live check of {}", p.target)}</h3>
            <dl class="probe-facts">
                {row("Server", p.server_version.as_ref())}
                {row("TLS version", p.tls_version.as_ref())}
                {row("Cipher suite", p.cipher_suite.as_ref())}
                if handshake_done { {row("SNI sent", sni.as_ref())} }
                {row("Handshake failed", p.tls_error.as_ref())}
                {row("Plaintext login", p.plaintext_login.as_ref())}
            </dl>
            if !p.versions.is_empty() {
                <table class="versions">
                    <caption>{"TLS versions the server accepts"}</caption>
                    <thead><tr><th scope="col">{"Version"}</th><th scope="col">{"Accepted"}</th><th scope="col">{"Detail"}</th></tr></thead>
                    <tbody>{ for p.versions.iter().map(version_row) }</tbody>
                </table>
            }
        </section>
    }
}

fn version_row(v: &VersionSupport) -> Html {
    let (word, class) = match v.accepted {
        Some(true) => ("yes", "ok"),
        Some(false) => ("no", "no"),
        None => ("unknown", "unknown"),
    };
    html! {
        <tr class={class}>
            <th scope="row">{&v.version}</th>
            <td>{word}</td>
            <td>{&v.detail}</td>
        </tr>
    }
}
