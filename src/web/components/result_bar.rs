//! The answer, first: the status word, the one-sentence cause and the fix to do first with its
//! commands to copy. It stays in view (sticky) while the person types, and takes the focus when
//! the result of an example, a paste or an opened link arrives — never while they type.

use web_sys::HtmlElement;
use yew::prelude::*;

use crate::web::components::copy_button::commands;
use crate::web::components::rich_text;
use crate::web::state::answer::lead_finding;
use crate::web::state::{Action, StateHandle};

#[function_component]
pub fn ResultBar() -> Html {
    let node = use_node_ref();
    let state = use_context::<StateHandle>();
    {
        let node = node.clone();
        let state = state.clone();
        let key = state.as_ref().map(|s| (s.reveal, s.report_revision, s.report.is_some()));
        use_effect_with(key, move |key| {
            if let (Some(state), Some((Some(want), got, true))) = (state, *key) {
                if want == got {
                    if let Some(el) = node.cast::<HtmlElement>() {
                        let _ = el.focus();
                    }
                    state.dispatch(Action::Revealed);
                }
            }
        });
    }
    let Some(state) = state else { return html! {} };
    let Some(r) = state.report.as_ref().filter(|_| !state.is_blank()) else { return html! {} };
    let status = r.overall.status;
    let fix = lead_finding(r).and_then(|i| r.findings.get(i));
    html! {
        <section id="answer" ref={node} tabindex="-1" aria-live="polite" aria-label="Answer"
            class={classes!("answer", status.id(), state.pending().then_some("stale"))} data-status={status.id()}>
            <p class="answer-head">
                <span class="status-word">{status.word()}</span>
                <span class="headline">{&r.overall.headline}</span>
            </p>
            if let Some(f) = fix {
                <div class="answer-fix">
                    <p class="fix"><strong>{"Fix: "}</strong>{rich_text(&f.fix)}</p>
                    {commands(&f.commands)}
                </div>
            }
            <a class="answer-more" href="#results">{"Details: every client, every finding, the certificates"}</a>
        </section>
    }
}
