//! Fixes to copy: each command's label, its exact text in monospace, and a Copy button that puts
//! exactly that text on the clipboard and then says "Copied" (where the browser refuses, it
//! asks for a manual copy: the text is right there to select).
//!
//! Plain functions, no component: the button's "Copied" is written on the button itself once
//! the clipboard has taken the text (Yew leaves it alone, its virtual DOM still says "Copy"),
//! which spares the page's wasm a component type and its state.

use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::vocab::CopyText;
use crate::web::browser::share_link::copy;

/// A finding's commands, in the order to run them; nothing when the fix is only words.
pub fn commands(list: &[CopyText]) -> Html {
    if list.is_empty() {
        return html! {};
    }
    html! { <ul class="commands">{ for list.iter().map(item) }</ul> }
}

fn item(c: &CopyText) -> Html {
    let text = c.text.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        let (button, text) = (e.target_unchecked_into::<HtmlElement>(), text.clone());
        spawn_local(async move {
            let (word, class) = match copy(&text).await {
                Ok(()) => ("Copied", "copy-button copied"),
                Err(_) => ("Copy refused: select the text", "copy-button"),
            };
            button.set_text_content(Some(word));
            button.set_class_name(class);
        });
    });
    html! {
        <li class="copy">
            <span class="copy-label">{&c.label}</span>
            <span class="copy-row">
                <code class="copy-text">{&c.text}</code>
                // aria-live: a screen reader hears "Copied" like a sighted person sees it.
                <button type="button" class="copy-button" aria-live="polite" {onclick}>{"Copy"}</button>
            </span>
        </li>
    }
}
