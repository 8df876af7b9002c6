//! The annotated hex view of the bytes one side sent, with the selected message shaded and
//! the lit field's bytes marked. Hovering a byte lights its field; clicking it selects its
//! message. With the keyboard: focus the view, move the cursor with the arrow keys (Home, End,
//! Page Up/Down), Enter selects the message under the cursor; what the cursor is on is read
//! out in the status line below.
//!
//! Pointer events are handled once on the container, by the `data-off` of the byte under
//! the pointer, rather than by thousands of per-byte closures.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::vocab::Direction;
use crate::web::components::HexRow;
use crate::web::state::hex_model::{field_at, marks, window, Active, SelectedRef, ROW};
use crate::web::state::numbers::thousands;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub selected: SelectedRef,
    pub current: usize,
    pub active: Option<Active>,
    /// The pointer or cursor is on this byte (`None`: on none).
    pub on_byte: Callback<Option<usize>>,
    /// Select the message holding this byte.
    pub on_pick: Callback<usize>,
}

#[function_component]
pub fn HexView(props: &Props) -> Html {
    let cursor = use_state(|| None::<usize>);
    let container = use_node_ref();
    let s = &props.selected.0;
    let current = s.conversation.messages.get(props.current);
    let (dir, msg_range) = current.map(|m| (m.dir, m.range.clone())).unwrap_or((Direction::ServerToClient, 0..0));
    let bytes = s.transcript.bytes(dir);
    let shown = window(bytes.len(), &msg_range);
    let cur = (*cursor).filter(|c| shown.contains(c));

    {
        // Bring the selected message into view inside the scroll box (not the page).
        let container = container.clone();
        let first = msg_range.start.max(shown.start);
        use_effect_with((props.selected.clone(), props.current), move |_| reveal(&container, first));
    }

    let onmouseover = {
        let on_byte = props.on_byte.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(off) = offset_of(&e) {
                on_byte.emit(Some(off));
            }
        })
    };
    let onmouseleave = {
        let on_byte = props.on_byte.clone();
        Callback::from(move |_: MouseEvent| on_byte.emit(None))
    };
    let onclick = {
        let (cursor, on_pick) = (cursor.clone(), props.on_pick.clone());
        Callback::from(move |e: MouseEvent| {
            if let Some(off) = offset_of(&e) {
                cursor.set(Some(off));
                on_pick.emit(off);
            }
        })
    };
    let onfocus = {
        let (cursor, on_byte, start) = (cursor.clone(), props.on_byte.clone(), msg_range.start.max(shown.start));
        Callback::from(move |_: FocusEvent| {
            let at = cur.unwrap_or(start);
            cursor.set(Some(at));
            on_byte.emit(Some(at));
        })
    };
    let onblur = {
        let on_byte = props.on_byte.clone();
        Callback::from(move |_: FocusEvent| on_byte.emit(None))
    };
    let onkeydown = {
        let (cursor, container) = (cursor.clone(), container.clone());
        let (on_byte, on_pick, shown) = (props.on_byte.clone(), props.on_pick.clone(), shown.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some(at) = cur.or(Some(shown.start)).filter(|_| !shown.is_empty()) else { return };
            let last = shown.end - 1;
            let next = match e.key().as_str() {
                "ArrowRight" => at.saturating_add(1).min(last),
                "ArrowLeft" => at.saturating_sub(1).max(shown.start),
                "ArrowDown" => at.saturating_add(ROW).min(last),
                "ArrowUp" => at.saturating_sub(ROW).max(shown.start),
                "PageDown" => at.saturating_add(ROW * 16).min(last),
                "PageUp" => at.saturating_sub(ROW * 16).max(shown.start),
                "Home" => shown.start,
                "End" => last,
                "Enter" | " " => {
                    e.prevent_default();
                    on_pick.emit(at);
                    return;
                }
                _ => return,
            };
            e.prevent_default(); // the arrows would scroll the page
            cursor.set(Some(next));
            on_byte.emit(Some(next));
            reveal(&container, next);
        })
    };

    let lit = props.active.as_ref().filter(|a| a.dir == dir).map(|a| a.range.clone());
    let rows = marks(&s.conversation, dir, &shown, props.current, lit.as_ref());
    let whole = shown.len() == bytes.len();
    let title = format!(
        "Bytes sent by the {} ({}): {} bytes{}",
        dir.sender(),
        dir.arrow(),
        thousands(bytes.len() as u64),
        if whole { String::new() } else { format!(", showing {}–{}", shown.start, shown.end) }
    );
    html! {
        <div class="hex-pane">
            <h3 id="hex-h">{title}</h3>
            <div class="hex" ref={container} tabindex="0" role="group" aria-labelledby="hex-h" aria-describedby="hex-help hex-status"
                {onmouseover} {onmouseleave} {onclick} {onfocus} {onblur} {onkeydown}>
                { for shown.clone().step_by(ROW).zip(rows).map(|(start, marks)| {
                    let end = (start + ROW).min(shown.end);
                    html! {
                        <HexRow key={start} offset={start} bytes={bytes.get(start..end).unwrap_or_default().to_vec()} {marks}
                            cursor={cur.filter(|c| (start..end).contains(c)).map(|c| c - start)} />
                    }
                }) }
            </div>
            <p class="help" id="hex-help">{"Hover a byte to see its field, or a field to see its bytes. Keyboard: focus the bytes, move with the arrow keys, Enter selects the message under the cursor."}</p>
            <p class="hex-status" id="hex-status" aria-live="polite">{describe(props, cur)}</p>
        </div>
    }
}

/// What the status line says about the lit bytes.
fn describe(props: &Props, cursor: Option<usize>) -> String {
    let Some(a) = &props.active else { return String::new() };
    let s = &props.selected.0;
    let at = cursor.map(|c| format!("Byte {c} (0x{c:x}): ")).unwrap_or_default();
    let what = match (&a.path, s.conversation.messages.get(props.current)) {
        (Some(path), Some(m)) => match field_at(&m.fields, path) {
            Some(f) if f.value.is_empty() => f.name.to_owned(),
            Some(f) => format!("{} = {}", f.name, f.value),
            None => String::new(),
        },
        _ => s
            .conversation
            .messages
            .iter()
            .find(|m| m.dir == a.dir && m.range == a.range)
            .map(|m| format!("{} (click or press Enter to select it)", m.kind.label()))
            .unwrap_or_default(),
    };
    format!("{at}{what}, bytes {}–{}", a.range.start, a.range.end)
}

fn offset_of(e: &MouseEvent) -> Option<usize> {
    let el = e.target()?.dyn_into::<Element>().ok()?;
    el.get_attribute("data-off")?.parse().ok()
}

/// Scrolls the hex box (only it) so that the row holding byte `off` is visible.
fn reveal(container: &NodeRef, off: usize) {
    let Some(boxed) = container.cast::<HtmlElement>() else { return };
    let selector = format!("[data-row=\"{}\"]", off / ROW * ROW);
    let Some(row) = boxed.query_selector(&selector).ok().flatten().and_then(|r| r.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    let (top, height) = (row.offset_top(), row.offset_height());
    let (scroll, visible) = (boxed.scroll_top(), boxed.client_height());
    if top < scroll {
        boxed.set_scroll_top(top);
    } else if top + height > scroll + visible {
        boxed.set_scroll_top(top + height - visible);
    }
}
