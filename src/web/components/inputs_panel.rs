//! The inputs: CA bundle (or the built-in RDS bundle), server chain, hostnames, check date,
//! and the private-key warning.

use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::source::builtin::RDS_GLOBAL_LABEL;
use crate::web::browser::builtin_bundle;
use crate::web::components::{CaptureInput, ClientVersionPicker, ExamplesBar, PemField};
use crate::web::state::{Action, Builtin, Field, StateHandle};

#[function_component]
pub fn InputsPanel() -> Html {
    let Some(state) = use_context::<StateHandle>() else { return html! {} };

    let on_versions = {
        let state = state.clone();
        Callback::from(move |v| state.dispatch(Action::SetClientVersions(v)))
    };
    let on_builtin = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            // Fetch on first use (or after a failure) only: the file is 186 KB.
            let fetch = on && matches!(state.builtin, Builtin::NotLoaded | Builtin::Failed(_));
            state.dispatch(Action::UseBuiltin(on));
            if fetch {
                let dispatcher = state.dispatcher();
                spawn_local(async move {
                    let result = builtin_bundle::load().await.map(Rc::from);
                    dispatcher.dispatch(Action::BuiltinFetched(result));
                });
            }
        })
    };
    let on_at = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            dispatcher.dispatch(Action::SetAt(e.target_unchecked_into::<HtmlInputElement>().value()))
        })
    };
    let on_dismiss = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::DismissKeyWarning))
    };

    html! {
        <section class="inputs" aria-labelledby="inputs-h">
            <h2 id="inputs-h">{"Inputs"}</h2>
            <ExamplesBar />
            if state.key_removed {
                <div class="warning" role="alert">
                    <p>{"A private key was removed from the input; it was not kept or sent anywhere."}</p>
                    <button type="button" onclick={on_dismiss}>{"Dismiss"}</button>
                </div>
            }
            <div class="grid">
                <div class="bundle-col">
                    if state.use_builtin {
                        {builtin_box(&state.builtin)}
                    } else {
                        <PemField id="ca-bundle" label="CA bundle" field={Field::CaBundle} value={AttrValue::from(state.ca_bundle.clone())}
                            help="The file the client is given (--ssl-ca, sslrootcert, trust store): PEM text, or drop a .pem/.crt/.der file."
                            placeholder="-----BEGIN CERTIFICATE-----" />
                    }
                    <label class="check">
                        <input type="checkbox" id="use-builtin" checked={state.use_builtin} onchange={on_builtin} />
                        {"Use the built-in Amazon RDS global bundle"}
                    </label>
                </div>
                <PemField id="chain" label="Server certificate chain" field={Field::Chain} value={AttrValue::from(state.chain.clone())}
                    help="What the server sends, leaf first — e.g. the output of: openssl s_client -starttls mysql -connect HOST:3306 -showcerts"
                    placeholder="-----BEGIN CERTIFICATE-----" />
                <CaptureInput />
                <PemField id="hosts" label="Hostnames" field={Field::Hosts} value={AttrValue::from(state.hosts.clone())} rows={3}
                    file_button={false}
                    help="One per line: the name(s) or IP addresses the client connects with."
                    placeholder="mydb.abc123xyz.us-east-1.rds.amazonaws.com" />
                <div class="field">
                    <label for="at">{"Check at"}</label>
                    <input type="date" id="at" value={state.at.clone()} onchange={on_at} aria-describedby="at-help" />
                    if let Some(t) = state.pinned_at {
                        // A shared link's exact check time, which the date input cannot show.
                        <p class="help" id="at-help">{format!("As in the shared link: {}. Pick a day to check another date.", crate::time_fmt::rfc3339(t))}</p>
                    } else {
                        <p class="help" id="at-help">{"Today by default; pick another day to see whether the chain will still pass then."}</p>
                    }
                </div>
                <details class="versions">
                    <summary>{"Client versions"}</summary>
                    <ClientVersionPicker versions={state.client_versions} on_change={on_versions} />
                </details>
            </div>
        </section>
    }
}

fn builtin_box(builtin: &Builtin) -> Html {
    let status = match builtin {
        Builtin::NotLoaded | Builtin::Loading => html! { <p class="help">{"Loading…"}</p> },
        Builtin::Loaded(_) => html! { <p class="help">{"Loaded. Untick to paste your own bundle again."}</p> },
        Builtin::Failed(e) => html! { <p class="bad">{format!("Could not load it: {e}")}</p> },
    };
    html! {
        <div class="field builtin">
            <p class="label">{"CA bundle"}</p>
            <p class="builtin-name">{RDS_GLOBAL_LABEL}</p>
            {status}
        </div>
    }
}
