//! A fix to copy: its label, the exact text in monospace, and a Copy button that puts exactly
//! that text on the clipboard and then says "Copied" (or, where the browser refuses, selects
//! nothing and asks for a manual copy: the text is right there to select).

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::vocab::CopyText;
use crate::web::browser::share_link::copy;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub label: AttrValue,
    pub text: AttrValue,
}

#[derive(Clone, Copy, PartialEq)]
enum Copied {
    Not,
    Yes,
    Refused,
}

#[function_component]
pub fn CopyButton(props: &Props) -> Html {
    let copied = use_state(|| Copied::Not);
    let onclick = {
        let (copied, text) = (copied.clone(), props.text.clone());
        Callback::from(move |_: MouseEvent| {
            let (copied, text) = (copied.clone(), text.clone());
            spawn_local(
                async move { copied.set(if copy(&text).await.is_ok() { Copied::Yes } else { Copied::Refused }) },
            );
        })
    };
    let word = match *copied {
        Copied::Not => "Copy",
        Copied::Yes => "Copied",
        Copied::Refused => "Copy refused: select the text",
    };
    html! {
        <li class="copy">
            <span class="copy-label">{&props.label}</span>
            <span class="copy-row">
                <code class="copy-text">{&props.text}</code>
                // aria-live: a screen reader hears "Copied" like a sighted person sees it.
                <button type="button" class={classes!("copy-button", (*copied == Copied::Yes).then_some("copied"))}
                    aria-live="polite" {onclick}>{word}</button>
            </span>
        </li>
    }
}

/// A finding's commands, in the order to run them; nothing when the fix is only words.
pub fn commands(list: &[CopyText]) -> Html {
    if list.is_empty() {
        return html! {};
    }
    html! {
        <ul class="commands">
            { for list.iter().map(|c| html! {
                <CopyButton label={AttrValue::from(c.label.clone())} text={AttrValue::from(c.text.clone())} />
            }) }
        </ul>
    }
}
