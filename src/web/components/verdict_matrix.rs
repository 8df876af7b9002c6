//! The verdict matrix: rows are hostnames, columns the client families — the person's own
//! client first, and the columns that agree in every row folded into one group column ("7
//! clients: ✗ leaf expired") whose button expands it into its members. A cell is a mark (✓
//! verified, ! connects unverified, ✗ fails) and the short words of its first cause; every cause
//! and what the client prints are in the cell's details. The hostname column stays in view when
//! the table scrolls sideways (CSS `position: sticky`).

use yew::prelude::*;

use crate::report::{ClientColumn, Report};
use crate::vocab::ClientId;
use crate::web::components::{client_label, ReportRef};
use crate::web::state::matrix::{columns, group_label, short, Mark};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: ReportRef,
}

#[function_component]
pub fn VerdictMatrix(props: &Props) -> Html {
    // Open groups, named by their first member (which stays the same while the person types).
    let open = use_state(Vec::<ClientId>::new);
    let r = &props.report;
    if r.verdicts.is_empty() {
        return html! {};
    }
    // Each shown column: a client, and the group button its header carries (a folded group's
    // only column, or an open group's first one).
    let mut shown: Vec<(ClientId, Option<Html>)> = Vec::new();
    for col in columns(r) {
        let first = col.members[0];
        if !col.is_group() {
            shown.push((first, None));
            continue;
        }
        let is_open = open.contains(&first);
        let onclick = {
            let open = open.clone();
            Callback::from(move |_: MouseEvent| {
                let mut list = (*open).clone();
                match list.iter().position(|&m| m == first) {
                    Some(i) => drop(list.remove(i)),
                    None => list.push(first),
                }
                open.set(list);
            })
        };
        let button = html! {
            <button type="button" class="group-toggle" aria-expanded={is_open.to_string()} {onclick}>{group_label(r, &col)}</button>
        };
        let members = if is_open { &col.members[..] } else { &col.members[..1] };
        for (i, &m) in members.iter().enumerate() {
            shown.push((m, (i == 0).then(|| button.clone())));
        }
    }
    let head = |(id, button): &(ClientId, Option<Html>)| match button {
        // A folded group's header is its button alone: its cells are the first member's.
        Some(b) if !open.contains(id) => html! { <th scope="col" class="group">{b.clone()}</th> },
        b => html! {
            <th scope="col" title={r.clients.iter().find(|c| c.id == *id).map(|c| c.setting.to_string())}>
                {b.clone().unwrap_or_default()}
                <span class="client">{client_label(r, *id)}</span>
                if r.lead_client == Some(*id) {
                    <span class="yours">{"your client"}</span>
                }
            </th>
        },
    };
    html! {
        <section class="verdicts" aria-labelledby="verdicts-h">
            <h3 id="verdicts-h">{"Verdict per client"}</h3>
            <p class="matrix-key help">{"✓ connects and verifies · ! connects without verifying · ✗ refuses the server. Open a cell for every cause."}</p>
            // Focusable so keyboard users can scroll the wide table.
            <div class="matrix-wrap" tabindex="0" role="region" aria-labelledby="verdicts-h">
                <table class="matrix">
                    <thead>
                        <tr>
                            <th scope="col" class="host-col">{"Hostname"}</th>
                            { for shown.iter().map(head) }
                        </tr>
                    </thead>
                    <tbody>
                        { for r.inputs.hosts.iter().map(|host| html! {
                            <tr>
                                <th scope="row">{host}</th>
                                { for shown.iter().map(|(id, _)| cell(r, host, *id)) }
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

fn cell(r: &Report, host: &str, id: ClientId) -> Html {
    let Some(v) = r.verdict(host, id) else { return html! { <td>{"—"}</td> } };
    let mark = Mark::of(v);
    let face = html! { <><span class="mark">{mark.symbol()}</span>{" "}<span class="short">{short(v)}</span></> };
    html! {
        <td class={mark.class()} title={v.detail.clone()}>
            if v.causes.is_empty() {
                {face}
            } else {
                <details class="cell-details">
                    <summary>{face}</summary>
                    <ol class="causes">{ for v.causes.iter().map(cause) }</ol>
                    if let Some(err) = &v.client_error {
                        <p class="client-error">{"The client prints: "}<samp>{err}</samp></p>
                    }
                </details>
            }
        </td>
    }
}

fn cause(c: &crate::report::Cause) -> Html {
    html! { <li><code class="cause">{c.rule.as_str()}</code>{" "}<span class="detail">{&c.detail}</span></li> }
}

fn setting(c: &ClientColumn) -> Html {
    html! { <><dt>{&*c.label}</dt><dd><code>{&*c.setting}</code></dd></> }
}
