//! The root component: owns the state, shares it by context, and re-runs the analysis (in the
//! core worker, `hooks::analysis`) a moment after the last change.

use yew::prelude::*;

use crate::web::browser::share_link::use_open_link;
use crate::web::components::{CaptureView, InputsPanel, InventoryPanel, LinkNotice, LiveCheck, Results, SharePanel};
use crate::web::hooks::analysis::use_debounced_analysis;
use crate::web::state::{Action, State, StateHandle};

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(|| State::new(today()));
    use_debounced_analysis(&state);
    use_open_link(&state);
    // Text pasted into an input: its result takes the focus (typing never moves it). Only an
    // editable textarea, where a paste always makes an edit — the readonly link box does not.
    let on_paste = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let editable = e.target_dyn_into::<web_sys::HtmlTextAreaElement>().is_some_and(|t| !t.read_only());
            if editable {
                dispatcher.dispatch(Action::Pasted);
            }
        })
    };

    html! {
        <ContextProvider<StateHandle> context={state}>
            <header class="page-head">
                <h1>{"mysql-tls-doctor"}</h1>
                <p>{"Why a MySQL client cannot connect over TLS — and what to change. Paste the CA bundle the client uses, the chain the server sends and the hostname(s); every common client is checked."}</p>
            </header>
            <main>
                <LinkNotice />
                // Narrow screens: one column with the result bar stuck to the top. Wide screens
                // (style.css): the inputs, the decoded capture and the live check on the left,
                // the answer and the details on the right, the bar stuck to the top of its column.
                <div class="workspace" onpaste={on_paste}>
                    <InputsPanel />
                    // Beside its input: a new report never moves it under the pointer.
                    <CaptureView />
                    <div class="outcome">
                        // The result bar, then the details.
                        <Results />
                        // Outside the answer's live region: the panel's text is not a verdict.
                        <SharePanel />
                    </div>
                    // After the results, never between the inputs and the answer.
                    <LiveCheck />
                </div>
                // A separate tool on the same page: a fleet's CA rotation from the AWS CLI's JSON.
                <InventoryPanel />
            </main>
            <footer class="page-foot">
                <p>{"Everything runs in this page: nothing you paste is stored or sent anywhere."}</p>
            </footer>
        </ContextProvider<StateHandle>>
    }
}

/// Today's local date as `YYYY-MM-DD`, the date input's format.
fn today() -> String {
    let d = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", d.get_full_year(), d.get_month() + 1, d.get_date())
}
