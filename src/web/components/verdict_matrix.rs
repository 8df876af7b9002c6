//! The verdict matrix: rows are hostnames, columns the client families. Each cell says pass
//! or fail in words (not only by colour), every rule that fails it (the first, then "+ …" for
//! the ones the client meets next), and what the client prints.

use yew::prelude::*;

use crate::report::{ClientColumn, Verdict};
use crate::web::components::ReportRef;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: ReportRef,
}

#[function_component]
pub fn VerdictMatrix(props: &Props) -> Html {
    let r = &props.report;
    if r.verdicts.is_empty() {
        return html! {};
    }
    html! {
        <section class="verdicts" aria-labelledby="verdicts-h">
            <h3 id="verdicts-h">{"Verdict per client"}</h3>
            // Focusable so keyboard users can scroll the wide table.
            <div class="matrix-wrap" tabindex="0" role="region" aria-labelledby="verdicts-h">
                <table class="matrix">
                    <thead>
                        <tr>
                            <th scope="col">{"Hostname"}</th>
                            { for r.clients.iter().map(|c| html! { <th scope="col" title={c.setting}>{c.label}</th> }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for r.inputs.hosts.iter().map(|host| html! {
                            <tr>
                                <th scope="row">{host}</th>
                                { for r.clients.iter().map(|c| cell(r.verdict(host, c.id))) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <details class="settings">
                <summary>{"What each column stands for"}</summary>
                <dl>{ for r.clients.iter().map(setting) }</dl>
            </details>
        </section>
    }
}

fn cell(v: Option<&Verdict>) -> Html {
    let Some(v) = v else { return html! { <td>{"—"}</td> } };
    let title = v.client_error.clone().unwrap_or_else(|| v.detail.clone());
    html! {
        <td class={if v.ok { "ok" } else { "fail" }} title={title}>
            <span class="mark">{if v.ok { "✓ passes" } else { "✗ fails" }}</span>
            if let Some(cause) = v.cause {
                <code class="cause">{cause.as_str()}</code>
            }
            <span class="detail">{&v.detail}</span>
            // What the client would refuse next, once the first cause is fixed.
            if v.causes.len() > 1 {
                <ul class="more-causes" aria-label="further causes">
                    { for v.causes.iter().skip(1).map(|c| html! {
                        <li title={c.detail.clone()}>{"+ "}<code class="cause">{c.rule.as_str()}</code></li>
                    }) }
                </ul>
            }
            if let Some(err) = &v.client_error {
                <details class="client-error">
                    <summary>{"client error"}</summary>
                    <samp>{err}</samp>
                </details>
            }
        </td>
    }
}

fn setting(c: &ClientColumn) -> Html {
    html! { <><dt>{c.label}</dt><dd><code>{c.setting}</code></dd></> }
}
