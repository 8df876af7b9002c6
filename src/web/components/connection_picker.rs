//! Which TCP connection of the capture to show and analyse, with what happened in each: the
//! summary table first (one row per connection, or grouped with counts for many — "9,874 ×
//! tls-established", grouped in the capture worker), each row a way to jump there; then a select of the connections. The
//! most telling connection is chosen by default (the core's `most_telling`: a failure over a
//! success over a refusal).

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::report::connections::{OutcomeGroup, LIST_MAX};
use crate::web::components::DataRefProp;
use crate::web::state::capture::CaptureAction;
use crate::web::state::capture_model::ConnectionInfo;
use crate::web::state::numbers::thousands;
use crate::web::state::{Action, StateHandle};

/// A capture with 12,000 connections would make a select of 12,000 options; this many are
/// listed (the chosen one always), the rest are counted.
const LISTED: usize = 1000;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub data: DataRefProp,
    pub selected: Option<usize>,
}

#[function_component]
pub fn ConnectionPicker(props: &Props) -> Html {
    let Some(state) = use_context::<StateHandle>() else { return html! {} };
    let connections = props.data.0.connections();
    if connections.is_empty() {
        return html! {};
    }
    let pick = {
        let dispatcher = state.dispatcher();
        Callback::from(move |id: usize| dispatcher.dispatch(Action::Capture(CaptureAction::SelectConnection(id))))
    };
    let onchange = {
        let pick = pick.clone();
        Callback::from(move |e: Event| {
            if let Ok(id) = e.target_unchecked_into::<HtmlSelectElement>().value().parse() {
                pick.emit(id);
            }
        })
    };
    let listed: Vec<&ConnectionInfo> = connections
        .iter()
        .enumerate()
        .filter(|(i, c)| *i < LISTED || Some(c.id) == props.selected)
        .map(|(_, c)| c)
        .collect();
    let mysql = connections.iter().filter(|c| c.likely_mysql).count();
    html! {
        <>
            if connections.len() > LIST_MAX {
                {group_table(props.data.0.groups(), connections.len(), &pick)}
            } else {
                {connection_table(connections, props.selected, &pick)}
            }
            <div class="field connection-picker">
                <label for="capture-connection">{"Connection"}</label>
                <select id="capture-connection" {onchange} aria-describedby="capture-connection-help">
                    { for listed.iter().map(|c| html! {
                        <option value={c.id.to_string()} selected={Some(c.id) == props.selected}>{label(c)}</option>
                    }) }
                </select>
                <p class="help" id="capture-connection-help">
                    {format!("{} connection(s), {} likely MySQL", thousands(connections.len() as u64), thousands(mysql as u64))}
                    if connections.len() > listed.len() {
                        {format!("; the first {} are listed", thousands(LISTED as u64))}
                    }
                </p>
            </div>
        </>
    }
}

/// One row per connection: its outcome, who failed and how, the versions; a button to show it.
fn connection_table(connections: &[ConnectionInfo], selected: Option<usize>, pick: &Callback<usize>) -> Html {
    html! {
        <table class="connection-summary">
            <caption>{"What happened in each connection"}</caption>
            <thead><tr>
                <th scope="col">{"#"}</th>
                <th scope="col">{"Client → server"}</th>
                <th scope="col">{"Outcome"}</th>
                <th scope="col">{"TLS"}</th>
                <th scope="col">{"Server"}</th>
            </tr></thead>
            <tbody>
                { for connections.iter().map(|c| {
                    let o = &c.outcome;
                    let id = c.id;
                    let onclick = { let pick = pick.clone(); Callback::from(move |_| pick.emit(id)) };
                    let current = Some(id) == selected;
                    html! {
                        <tr class={classes!(o.outcome.id(), current.then_some("selected"))} aria-current={current.then_some("true")}>
                            <td><button type="button" class="link" {onclick} aria-label={format!("Show connection #{id}")}>{format!("#{id}")}</button></td>
                            <td>{format!("{} → {}", c.client, c.server)}</td>
                            <td>{o.words()}</td>
                            <td>{o.tls_version.clone().unwrap_or_default()}</td>
                            <td>{o.server_version.as_deref().map(crate::text::safe).unwrap_or_default()}</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

/// Connections alike grouped with their counts, largest first; a button to show the first.
fn group_table(grouped: &[OutcomeGroup], total: usize, pick: &Callback<usize>) -> Html {
    html! {
        <table class="connection-summary grouped">
            <caption>{format!("What happened in the {} connections", thousands(total as u64))}</caption>
            <thead><tr>
                <th scope="col">{"Connections"}</th>
                <th scope="col">{"Outcome"}</th>
                <th scope="col">{"First"}</th>
            </tr></thead>
            <tbody>
                { for grouped.iter().map(|g| {
                    let first = g.first;
                    let onclick = { let pick = pick.clone(); Callback::from(move |_| pick.emit(first)) };
                    html! {
                        <tr class={g.example.outcome.id()}>
                            <td>{format!("{} ×", thousands(g.count as u64))}</td>
                            <td>{g.example.words()}</td>
                            <td><button type="button" class="link" {onclick}>{format!("show #{first}")}</button></td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

fn label(c: &ConnectionInfo) -> String {
    format!("#{} {} → {} · {} packets · {}", c.id, c.client, c.server, thousands(c.packets as u64), c.outcome.words())
}
