//! "Warn when a certificate expires within N days": the expiry horizon the rules read
//! (`Inputs.warn_days`; empty is the default).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::web::state::{Action, StateHandle};

/// The core's default horizon, shown as the input's placeholder and initial value.
const DEFAULT_DAYS: u32 = 180;

/// A plain function the inputs panel calls, not a component: one less component type in the
/// page's wasm.
pub fn horizon_input(state: &StateHandle) -> Html {
    let onchange = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            // Empty or not a number: back to the default, as the CLI without --warn-days.
            let days = text.trim().parse::<u32>().ok().filter(|&d| d != DEFAULT_DAYS);
            dispatcher.dispatch(Action::SetWarnDays(days))
        })
    };
    let value = state.warn_days.unwrap_or(DEFAULT_DAYS).to_string();
    html! {
        <div class="field horizon">
            <label for="warn-days">{"Warn when a certificate expires within"}</label>
            <span class="horizon-row">
                <input type="number" id="warn-days" min="0" max="3650" step="1" {value} {onchange} aria-describedby="warn-days-help" />
                {" days"}
            </span>
            <p class="help" id="warn-days-help">{"A CA or server certificate that ends sooner is a warning, with the rotation to do now."}</p>
        </div>
    }
}
