//! Buttons that fill the inputs with a worked example.

use yew::prelude::*;

use crate::web::state::examples::{Example, ALL};
use crate::web::state::{Action, StateHandle};

#[function_component]
pub fn ExamplesBar() -> Html {
    let Some(state) = use_context::<StateHandle>() else { return html! {} };
    let button = |ex: &'static Example| {
        let dispatcher = state.dispatcher();
        let onclick = Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::LoadExample(ex)));
        html! { <button type="button" {onclick}>{ex.name}</button> }
    };
    html! {
        <div class="examples" role="group" aria-labelledby="examples-h">
            <span id="examples-h">{"Try an example:"}</span>
            { for ALL.iter().map(button) }
        </div>
    }
}
