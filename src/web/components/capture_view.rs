//! The decoded capture: connection picker, packet list, the selected message's field tree and
//! the annotated hex view. Hovering or focusing a field lights its bytes; hovering a byte (or
//! moving the hex cursor onto it) lights its field. The selection and the highlight are this
//! view's own state: they do not change the analysis.

use std::rc::Rc;

use yew::prelude::*;

use crate::decode::conversation;
use crate::vocab::Transcript;
use crate::web::components::{ConnectionPicker, FieldTree, HexView, PacketList};
use crate::web::state::capture::CaptureData;
use crate::web::state::hex_model::{active_for_byte, field_at, message_at, Active, Selected, SelectedRef};
use crate::web::state::numbers::thousands;
use crate::web::state::StateHandle;

/// At most this many of a capture's problems are listed.
const PROBLEMS_SHOWN: usize = 10;

/// Compares transcripts by identity, for memoising.
#[derive(PartialEq)]
struct Key(Option<TranscriptPtr>);

struct TranscriptPtr(Rc<Transcript>);

impl PartialEq for TranscriptPtr {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.0, &o.0)
    }
}

#[function_component]
pub fn CaptureView() -> Html {
    let Some(state) = use_context::<StateHandle>() else { return html! {} };
    let data = state.capture.data().cloned();
    let conn = state.capture.connection_id();
    // Decoded once per connection's transcript, not on every render or keystroke elsewhere.
    let selected = use_memo(Key(state.capture.selected_transcript().map(TranscriptPtr)), |Key(t)| {
        let t = t.as_ref()?.0.clone();
        Some(SelectedRef(Rc::new(Selected { conversation: conversation::decode(&t), transcript: t })))
    });
    let message = use_state(|| 0usize);
    let active = use_state(|| None::<Active>);
    {
        // A new connection starts at its first message, with nothing lit.
        let (message, active) = (message.clone(), active.clone());
        use_effect_with(selected.clone(), move |_| {
            message.set(0);
            active.set(None);
        });
    }
    let Some(data) = data else { return html! {} };
    let Some(sel) = (*selected).clone() else {
        // Another connection was picked and its transcript is on its way from the worker.
        if data.connections().is_empty() {
            return html! {};
        }
        return html! {
            <section class="capture-view" aria-labelledby="capture-view-h">
                <h2 id="capture-view-h">{"Decoded capture"}</h2>
                <ConnectionPicker data={DataRefProp(data.clone())} selected={conn} />
                {problems(&data, None)}
                <p class="empty" role="status">{format!("Loading connection #{}…", conn.unwrap_or_default())}</p>
            </section>
        };
    };
    let count = sel.0.conversation.messages.len();
    let current = (*message).min(count.saturating_sub(1));
    let dir = sel.0.conversation.messages.get(current).map(|m| m.dir);

    let on_select = {
        let (message, active) = (message.clone(), active.clone());
        Callback::from(move |i: usize| {
            message.set(i);
            active.set(None);
        })
    };
    let on_field = {
        let (sel, active) = (sel.clone(), active.clone());
        Callback::from(move |path: Option<Vec<usize>>| {
            let m = sel.0.conversation.messages.get(current);
            let lit = m.zip(path).and_then(|(m, path)| {
                let range = field_at(&m.fields, &path)?.range.clone();
                Some(Active { dir: m.dir, range, path: Some(path) })
            });
            active.set(lit);
        })
    };
    let on_byte = {
        let (sel, active) = (sel.clone(), active.clone());
        Callback::from(move |off: Option<usize>| {
            active.set(dir.zip(off).and_then(|(dir, off)| active_for_byte(&sel.0, current, dir, off)));
        })
    };
    let on_pick = {
        let (sel, on_select) = (sel.clone(), on_select.clone());
        Callback::from(move |off: usize| {
            if let Some(i) = dir.and_then(|d| message_at(&sel.0.conversation, d, off)) {
                on_select.emit(i);
            }
        })
    };

    let lit_path = active.as_ref().and_then(|a| a.path.clone());
    html! {
        <section class="capture-view" aria-labelledby="capture-view-h">
            <h2 id="capture-view-h">{"Decoded capture"}</h2>
            <ConnectionPicker data={DataRefProp(data.clone())} selected={conn} />
            {problems(&data, Some(&sel))}
            if count == 0 {
                <p class="empty">{empty_words(&data, conn)}</p>
            } else {
                <div class="capture-panes">
                    <PacketList selected={sel.clone()} current={current} on_select={on_select} />
                    <FieldTree selected={sel.clone()} current={current} lit={lit_path} on_path={on_field} />
                </div>
                <HexView selected={sel} current={current} active={(*active).clone()} {on_byte} {on_pick} />
            }
        </section>
    }
}

/// The decoded capture as a prop (equal when it is the same decode).
#[derive(Clone)]
pub struct DataRefProp(pub Rc<CaptureData>);

impl PartialEq for DataRefProp {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.0, &o.0)
    }
}

fn problems(data: &CaptureData, sel: Option<&SelectedRef>) -> Html {
    let reading: Vec<String> = data.problems().iter().map(|p| crate::text::safe(p)).collect();
    let decoding: Vec<&str> =
        sel.map(|s| s.0.conversation.errors.iter().map(|e| e.message.as_str()).collect()).unwrap_or_default();
    let total = reading.len() + decoding.len();
    if total == 0 {
        return html! {};
    }
    let shown = reading.iter().map(String::as_str).chain(decoding.iter().copied()).take(PROBLEMS_SHOWN);
    html! {
        <details class="capture-problems">
            <summary>{format!("{} problem(s) decoding the capture", thousands(total as u64))}</summary>
            <ul>
                { for shown.map(|p| html! { <li>{p}</li> }) }
                if total > PROBLEMS_SHOWN {
                    <li>{format!("… and {} more", thousands((total - PROBLEMS_SHOWN) as u64))}</li>
                }
            </ul>
        </details>
    }
}

/// What to say for a connection without messages: its outcome (a refused one has no bytes).
fn empty_words(data: &CaptureData, id: Option<usize>) -> String {
    match data.connections().iter().find(|c| Some(c.id) == id) {
        Some(c) => format!("No MySQL or TLS messages in this connection: {}.", c.outcome.words()),
        None => "No MySQL or TLS messages were decoded in this connection.".into(),
    }
}
