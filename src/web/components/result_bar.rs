//! The answer, first: the status word, the one-sentence cause and the fix to do first with its
//! commands to copy. It stays in view (sticky, style.css) while the person types, and takes the
//! focus when the result of an example, a paste or an opened link arrives — never while they
//! type. Rendered by `Results` beside its section (one component: each Yew component type
//! costs the page's wasm its own copy of the component machinery).

use web_sys::HtmlElement;
use yew::prelude::*;

use crate::web::components::copy_button::commands;
use crate::web::components::rich_text;
use crate::web::state::answer::lead_finding;
use crate::web::state::{Action, State, StateHandle};

/// Focuses the bar once the result that should be revealed (`State.reveal`) is shown.
#[hook]
pub fn use_reveal(state: &StateHandle, bar: &NodeRef) {
    let (bar, dispatcher) = (bar.clone(), state.dispatcher());
    let key = (state.reveal, state.report_revision, state.report.is_some());
    use_effect_with(key, move |&(want, got, shown)| {
        if shown && want == Some(got) {
            if let Some(el) = bar.cast::<HtmlElement>() {
                let _ = el.focus();
            }
            dispatcher.dispatch(Action::Revealed);
        }
    });
}

/// The bar, or nothing before there is a result.
pub fn result_bar(state: &State, bar: &NodeRef) -> Html {
    let Some(r) = state.report.as_ref().filter(|_| !state.is_blank()) else { return html! {} };
    let status = r.overall.status;
    let fix = lead_finding(r).and_then(|i| r.findings.get(i));
    html! {
        <section id="answer" ref={bar.clone()} tabindex="-1" aria-live="polite" aria-label="Answer"
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
