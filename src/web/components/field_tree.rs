//! The selected message's decoded fields as a nested list. Every field is focusable; hovering
//! or focusing one lights its bytes in the hex view. Events are handled once at the root
//! (by the `data-path` of the field under the pointer or focus), not by a closure per field.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::decode::conversation::Field;
use crate::web::state::hex_model::SelectedRef;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub selected: SelectedRef,
    pub current: usize,
    /// The lit field's path, if a field is lit.
    pub lit: Option<Vec<usize>>,
    /// A field was hovered or focused (`Some(path)`), or left (`None`).
    pub on_path: Callback<Option<Vec<usize>>>,
}

#[function_component]
pub fn FieldTree(props: &Props) -> Html {
    let Some(m) = props.selected.0.conversation.messages.get(props.current) else { return html! {} };
    let over = {
        let on_path = props.on_path.clone();
        move |e: &Event| on_path.emit(path_of(e))
    };
    let onmouseover = {
        let over = over.clone();
        Callback::from(move |e: MouseEvent| over(&e))
    };
    let onfocusin = Callback::from(move |e: FocusEvent| over(&e));
    let leave = {
        let on_path = props.on_path.clone();
        move || on_path.emit(None)
    };
    let onmouseleave = {
        let leave = leave.clone();
        Callback::from(move |_: MouseEvent| leave())
    };
    let onfocusout = Callback::from(move |_: FocusEvent| leave());
    html! {
        <div class="tree-pane">
            <h3 id="tree-h">{format!("{} — fields", m.kind.label())}</h3>
            <p class="help">{format!("{}, bytes {}–{} of what the {} sent", m.summary, m.range.start, m.range.end, m.dir.sender())}</p>
            <div class="tree" aria-labelledby="tree-h" {onmouseover} {onmouseleave} {onfocusin} {onfocusout}>
                {nodes(&m.fields, &mut Vec::new(), props.lit.as_deref())}
            </div>
        </div>
    }
}

fn nodes(fields: &[Field], path: &mut Vec<usize>, lit: Option<&[usize]>) -> Html {
    if fields.is_empty() {
        return html! {};
    }
    let items: Vec<Html> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            path.push(i);
            let key = path.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(".");
            let is_lit = lit == Some(path.as_slice());
            let children = nodes(&f.children, path, lit);
            path.pop();
            let len = f.range.len();
            html! {
                <li>
                    <span class={classes!("node", is_lit.then_some("lit"))} tabindex="0" data-path={key}
                        title={format!("bytes {}–{} ({len} byte{})", f.range.start, f.range.end, if len == 1 { "" } else { "s" })}>
                        <span class="fname">{f.name}</span>
                        if !f.value.is_empty() {
                            {": "}<span class="fval">{&f.value}</span>
                        }
                    </span>
                    {children}
                </li>
            }
        })
        .collect();
    html! { <ul>{items}</ul> }
}

/// The path of the field an event happened on (`data-path="0.3.1"`).
fn path_of(e: &Event) -> Option<Vec<usize>> {
    let el = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    let node = el.closest("[data-path]").ok()??;
    node.get_attribute("data-path")?.split('.').map(|n| n.parse().ok()).collect()
}
