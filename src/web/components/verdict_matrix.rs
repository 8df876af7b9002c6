//! The verdict matrix: rows are hostnames, columns the client families — the person's own
//! client first, and the columns that agree in every row folded into one group column ("7
//! clients: ✗ leaf expired") that expands into its members. A cell is a mark (✓ verified, !
//! connects unverified, ✗ fails) and the short words of its first cause; every cause and what
//! the client prints are in the cell's details. The hostname column stays in view when the
//! table scrolls sideways (CSS `position: sticky`).

use yew::prelude::*;

use crate::report::{ClientColumn, Report, Verdict};
use crate::vocab::ClientId;
use crate::web::components::{client_label, ReportRef};
use crate::web::state::matrix::{columns, group_label, short, Column, Mark};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: ReportRef,
}

#[function_component]
pub fn VerdictMatrix(props: &Props) -> Html {
    // Groups are named by their first member, which stays the same while the person types.
    let expanded = use_state(Vec::<ClientId>::new);
    let r = &props.report;
    if r.verdicts.is_empty() {
        return html! {};
    }
    let cols = columns(r);
    let is_open = |c: &Column| c.is_group() && expanded.contains(&c.members[0]);
    let two_rows = cols.iter().any(is_open);
    let rowspan = if two_rows { "2" } else { "1" };
    let toggle = |c: &Column| {
        let (expanded, first) = (expanded.clone(), c.members[0]);
        Callback::from(move |_: MouseEvent| {
            let mut list = (*expanded).clone();
            match list.iter().position(|&m| m == first) {
                Some(i) => drop(list.remove(i)),
                None => list.push(first),
            }
            expanded.set(list);
        })
    };
    let head = |c: &Column| {
        if !c.is_group() {
            return single_head(r, c.members[0], rowspan);
        }
        let members: Vec<&str> = c.members.iter().map(|&m| client_label(r, m)).collect();
        let open = is_open(c);
        html! {
            <th scope={if open { "colgroup" } else { "col" }} class="group" colspan={if open { c.members.len().to_string() } else { "1".into() }}
                rowspan={if open { "1" } else { rowspan }}>
                <button type="button" class="group-toggle" aria-expanded={open.to_string()} title={members.join(", ")} onclick={toggle(c)}>
                    {group_label(r, c)}
                </button>
            </th>
        }
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
                            <th scope="col" class="host-col" rowspan={rowspan}>{"Hostname"}</th>
                            { for cols.iter().map(head) }
                        </tr>
                        if two_rows {
                            <tr>
                                { for cols.iter().filter(|c| is_open(c)).flat_map(|c| c.members.iter().map(|&m| single_head(r, m, "1"))) }
                            </tr>
                        }
                    </thead>
                    <tbody>
                        { for r.inputs.hosts.iter().map(|host| html! {
                            <tr>
                                <th scope="row">{host}</th>
                                { for cols.iter().flat_map(|c| {
                                    let shown: &[ClientId] = if c.is_group() && !is_open(c) { &c.members[..1] } else { &c.members };
                                    let group = c.is_group() && !is_open(c);
                                    shown.iter().map(move |&m| cell(r.verdict(host, m), group)).collect::<Vec<_>>()
                                }) }
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

fn single_head(r: &Report, id: ClientId, rowspan: &'static str) -> Html {
    let setting = r.clients.iter().find(|c| c.id == id).map(|c| c.setting);
    html! {
        <th scope="col" {rowspan} title={setting}>
            {client_label(r, id)}
            if r.lead_client == Some(id) {
                <span class="yours">{"your client"}</span>
            }
        </th>
    }
}

fn cell(v: Option<&Verdict>, group: bool) -> Html {
    let Some(v) = v else { return html! { <td>{"—"}</td> } };
    let mark = Mark::of(v);
    let face = html! { <><span class="mark">{mark.symbol()}</span>{" "}<span class="short">{short(v)}</span></> };
    html! {
        <td class={classes!(mark.class(), group.then_some("grouped"))} title={v.detail.clone()}>
            if v.causes.is_empty() {
                {face}
            } else {
                <details class="cell-details">
                    <summary>{face}</summary>
                    <ol class="causes">
                        { for v.causes.iter().map(|c| html! {
                            <li><code class="cause">{c.rule.as_str()}</code>{" "}<span class="detail">{&c.detail}</span></li>
                        }) }
                    </ol>
                    if let Some(err) = &v.client_error {
                        <p class="client-error">{"The client prints: "}<samp>{err}</samp></p>
                    }
                </details>
            }
        </td>
    }
}

fn setting(c: &ClientColumn) -> Html {
    html! { <><dt>{c.label}</dt><dd><code>{c.setting}</code></dd></> }
}
