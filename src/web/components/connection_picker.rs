//! Which TCP connection of the capture to show and analyse. The first one that looks like
//! MySQL is chosen by default (the core's `default_connection`).

use web_sys::HtmlSelectElement;
use yew::prelude::*;

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
    let onchange = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            if let Ok(id) = e.target_unchecked_into::<HtmlSelectElement>().value().parse() {
                dispatcher.dispatch(Action::Capture(CaptureAction::SelectConnection(id)));
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
    }
}

fn label(c: &ConnectionInfo) -> String {
    let mysql = if c.likely_mysql { " · MySQL" } else { "" };
    format!("#{} {} → {} · {} packets{mysql}", c.id, c.client, c.server, thousands(c.packets as u64))
}
