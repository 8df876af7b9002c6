//! The connection's messages in wire order: direction, MySQL sequence id, type and summary.
//! Each is a button, so the list works with the keyboard.

use yew::prelude::*;

use crate::decode::conversation::Message;

use crate::vocab::Direction;
use crate::web::state::hex_model::SelectedRef;

/// A long connection (queries after the login) can hold thousands of messages; the handshake
/// is at the start, and listing the rest would only slow the page.
const LISTED: usize = 500;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub selected: SelectedRef,
    /// Index of the selected message.
    pub current: usize,
    pub on_select: Callback<usize>,
}

#[function_component]
pub fn PacketList(props: &Props) -> Html {
    let messages = &props.selected.0.conversation.messages;
    let item = |(i, m): (usize, &Message)| {
        let on_select = props.on_select.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_select.emit(i));
        let current = i == props.current;
        let who = match m.dir {
            Direction::ClientToServer => "sent by the client",
            Direction::ServerToClient => "sent by the server",
        };
        html! {
            <li>
                <button type="button" class={classes!("packet", current.then_some("current"))} aria-pressed={current.to_string()} {onclick}>
                    <span class={classes!("dir", dir_class(m.dir))} title={who}>{m.dir.arrow()}</span>
                    <span class="seq" title="MySQL sequence id">{m.seq.map(|s| format!("#{s}")).unwrap_or_default()}</span>
                    <span class="kind">{m.kind.label()}</span>
                    <span class="summary">{&m.summary}</span>
                </button>
            </li>
        }
    };
    html! {
        <div class="packets-pane">
            <h3 id="packets-h">{format!("Messages ({})", messages.len())}</h3>
            <ol class="packets" aria-labelledby="packets-h">
                { for messages.iter().enumerate().take(LISTED).map(item) }
            </ol>
            if messages.len() > LISTED {
                <p class="help">{format!("… and {} more messages (not listed)", messages.len() - LISTED)}</p>
            }
        </div>
    }
}

fn dir_class(d: Direction) -> &'static str {
    match d {
        Direction::ClientToServer => "c2s",
        Direction::ServerToClient => "s2c",
    }
}
