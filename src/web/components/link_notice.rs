//! What happened to the shared link the page was opened with: being opened, opened (the
//! inputs below came from it), or refused with the reason (cut, altered, a deflate bomb, a
//! newer version …).

use yew::prelude::*;

use crate::share::redact::{Removed, CLIENT, PASSWORD, USER};
use crate::web::state::share::{LinkStatus, ShareAction};
use crate::web::state::{Action, StateHandle};

#[function_component]
pub fn LinkNotice() -> Html {
    let Some(state) = use_context::<StateHandle>() else { return html! {} };
    let dismiss = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Share(ShareAction::Dismiss)))
    };
    match &state.link {
        LinkStatus::None => html! {},
        LinkStatus::Opening => html! { <p class="link-notice" role="status">{"Opening the shared link…"}</p> },
        LinkStatus::Opened => html! {
            <div class="link-notice opened" role="status">
                <p>{"Opened a shared link: the inputs below came from it, and the report was recomputed in this browser. Nothing was sent anywhere."}</p>
                if let Some(words) = redacted(&state.error_message, &state.settings) {
                    <p class="link-redacted">{words}</p>
                }
                <button type="button" onclick={dismiss}>{"Dismiss"}</button>
            </div>
        },
        LinkStatus::Failed(why) => html! {
            <div class="link-notice failed" role="alert">
                <p>{why}</p>
                <button type="button" onclick={dismiss}>{"Dismiss"}</button>
            </div>
        },
    }
}

/// What the sender's page removed from the error message and settings before making the link
/// (the placeholders are all that is left of them).
fn redacted(error: &str, settings: &str) -> Option<String> {
    let parts: Vec<String> = [("error message", error), ("connection settings", settings)]
        .iter()
        .filter_map(|(what, text)| {
            let words = Removed::in_text(text).words();
            (!words.is_empty()).then(|| format!("{} from the {what}", words.join(", ")))
        })
        .collect();
    (!parts.is_empty())
        .then(|| format!("Removed before sharing: {} (shown as {USER}, {PASSWORD}, {CLIENT}).", parts.join("; ")))
}
