//! The "Live check" panel: relay, host, port and the extra checks. Probe runs each planned
//! check on its own WebSocket, one after the other, in the probe worker; the finished result
//! merges into the report (the page's CA bundle and hostnames give the verdicts).

use std::rc::Rc;

use futures::StreamExt;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::rules::probe::CheckRun;
use crate::source::inputs::Inputs;
use crate::web::components::LiveProgress;
use crate::web::state::live::Job;
use crate::web::state::live::{done_step, LiveAction, LiveResult, Step};
use crate::web::state::{Action, StateHandle};
use crate::web::worker::host::WorkerHost;
use crate::web::worker::probe::{FromWorker, ProbeProtocol};

#[function_component]
pub fn LiveCheck() -> Html {
    let Some(state) = use_context::<StateHandle>() else { return html! {} };

    // The relay normally serves this page, so its address is the page's origin.
    {
        let dispatcher = state.dispatcher();
        let empty = state.live.relay.is_empty();
        use_effect_with((), move |_| {
            if let Some(origin) = empty.then(page_origin).flatten() {
                dispatcher.dispatch(Action::Live(LiveAction::SetRelay(origin)));
            }
        });
    }
    let text = |set: fn(String) -> LiveAction| {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            dispatcher.dispatch(Action::Live(set(e.target_unchecked_into::<HtmlInputElement>().value())))
        })
    };
    let check = |set: fn(bool) -> LiveAction| {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            dispatcher.dispatch(Action::Live(set(e.target_unchecked_into::<HtmlInputElement>().checked())))
        })
    };
    let onsubmit = {
        let state = state.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default(); // a form, so Enter in any field probes; never a page load
            if !state.live.running {
                start(&state);
            }
        })
    };
    let on_clear = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Live(LiveAction::Clear)))
    };
    let live = &state.live;

    html! {
        <section class="live" aria-labelledby="live-h">
            <h2 id="live-h">{"Live check"}</h2>
            <p class="help">{"Connects to a MySQL server through the relay and runs the TLS handshake in this page: the relay only carries the bytes (after the SSLRequest, ciphertext). No credentials are sent; the CA bundle and hostnames above give the verdicts."}</p>
            <form class="live-form" {onsubmit}>
                <div class="field relay">
                    <label for="live-relay">{"Relay address"}</label>
                    <input id="live-relay" type="url" value={live.relay.clone()} oninput={text(LiveAction::SetRelay)}
                        aria-describedby="live-relay-help" autocomplete="off" spellcheck="false" />
                    <p class="help" id="live-relay-help">{"The mysql-tls-doctor relay; by default the one serving this page."}</p>
                </div>
                <div class="field host">
                    <label for="live-host">{"Host"}</label>
                    <input id="live-host" type="text" value={live.host.clone()} oninput={text(LiveAction::SetHost)}
                        placeholder="mydb.abc123xyz.us-east-1.rds.amazonaws.com" autocomplete="off" spellcheck="false" />
                </div>
                <div class="field port">
                    <label for="live-port">{"Port"}</label>
                    <input id="live-port" type="text" inputmode="numeric" value={live.port.clone()} oninput={text(LiveAction::SetPort)} />
                </div>
                <div class="live-options">
                    <label class="check">
                        <input type="checkbox" id="live-require-tls" checked={live.require_tls} onchange={check(LiveAction::SetRequireTls)} />
                        {"Does the server require TLS?"}
                    </label>
                    <label class="check">
                        <input type="checkbox" id="live-versions" checked={live.versions} onchange={check(LiveAction::SetVersions)} />
                        {"Which TLS versions?"}
                    </label>
                </div>
                <div class="live-actions">
                    <button type="submit" class="primary" disabled={live.running}>{if live.running { "Probing…" } else { "Probe" }}</button>
                    if live.result.is_some() && !live.running {
                        <button type="button" onclick={on_clear}>{"Clear live result"}</button>
                    }
                </div>
            </form>
            if let Some(error) = &live.error {
                <p class="bad" role="alert">{error}</p>
            }
            <LiveProgress />
        </section>
    }
}

/// Validates the form and runs the checks in the probe worker, one connection each.
fn start(state: &StateHandle) {
    let dispatcher = state.dispatcher();
    let req = match state.live.request(&Inputs::hosts_from_text(&state.hosts)) {
        Ok(req) => req,
        Err(e) => return dispatcher.dispatch(Action::Live(LiveAction::Invalid(e))),
    };
    let run = state.live.run + 1;
    let checks = req.job.checks();
    dispatcher.dispatch(Action::Live(LiveAction::Start { run, checks: checks.clone() }));
    spawn_local(async move {
        let started = js_sys::Date::now();
        let on_step = |index, step| dispatcher.dispatch(Action::Live(LiveAction::Step { run, index, step }));
        let runs = match work(&req.job, on_step).await {
            // In plan order; fewer when the first check could not connect.
            Ok(runs) => runs,
            // The worker itself failed: shown like a transport failure of the first check.
            Err(error) => {
                let outcome = Err(error);
                dispatcher.dispatch(Action::Live(LiveAction::Step { run, index: 0, step: done_step(&outcome) }));
                checks
                    .first()
                    .map(|&check| CheckRun { check, outcome, server_version: None, transcript: None })
                    .into_iter()
                    .collect()
            }
        };
        let elapsed_ms = (js_sys::Date::now() - started).max(0.0) as u32;
        let result = LiveResult { target: req.job.urls.target, host: req.host, runs, elapsed_ms };
        dispatcher.dispatch(Action::Live(LiveAction::Finished { run, result: Rc::new(result) }));
    });
}

/// Runs `job` in a fresh worker (terminated when this returns), reporting its steps.
async fn work(job: &Job, on_step: impl Fn(usize, Step)) -> Result<Vec<CheckRun>, String> {
    let (tx, mut events) = futures::channel::mpsc::unbounded();
    let worker = WorkerHost::<ProbeProtocol>::start(move |msg| {
        let _ = tx.unbounded_send(msg);
    })?;
    worker.post(job);
    while let Some(event) = events.next().await {
        match event {
            Ok(FromWorker::Step { index, step }) => on_step(index, step),
            Ok(FromWorker::Finished { runs }) => return Ok(runs),
            Err(error) => return Err(error),
        }
    }
    Err("the probe worker stopped without an answer".into())
}

fn page_origin() -> Option<String> {
    let origin = web_sys::window()?.location().origin().ok()?;
    // file:// pages have the opaque origin "null": the user must type the relay's address.
    (origin.starts_with("http")).then_some(origin)
}
