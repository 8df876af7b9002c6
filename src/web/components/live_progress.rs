//! The live check's step-by-step progress, one row per check, in a polite live region so a
//! screen reader hears each step as it happens.

use yew::prelude::*;

use crate::web::state::live::{check_label, CheckProgress, Live, Step};
use crate::web::state::StateHandle;

#[function_component]
pub fn LiveProgress() -> Html {
    let Some(state) = use_context::<StateHandle>() else { return html! {} };
    let live = &state.live;
    html! {
        <div class="live-progress" aria-live="polite" aria-busy={live.running.to_string()}>
            if !live.progress.is_empty() {
                <ol class="checks">{ for live.progress.iter().map(|p| row(p, live)) }</ol>
            }
            if let Some(result) = live.result.as_ref().filter(|_| !live.running) {
                <p class="live-done" id="live-done">
                    {format!("Finished in {} ms. The results below use the chain {} presented, checked against the CA bundle and hostnames above.",
                        result.0.elapsed_ms, result.0.target)}
                </p>
            }
        </div>
    }
}

fn row(p: &CheckProgress, live: &Live) -> Html {
    let state = match p.steps.last() {
        Some(Step::Done { ok: true, .. }) => "done",
        Some(Step::Done { ok: false, .. }) => "failed",
        Some(_) => "running",
        None if live.running => "pending",
        None => "skipped",
    };
    html! {
        <li class={classes!("check-row", state)} data-state={state}>
            <span class="check-name">{check_label(&p.check)}</span>
            if state == "skipped" {
                <span class="step">{" — not run: the first connection failed"}</span>
            }
            <ol class="steps">{ for p.steps.iter().map(step) }</ol>
        </li>
    }
}

fn step(s: &Step) -> Html {
    match s {
        Step::Connecting => html! { <li>{"connecting to the relay"}</li> },
        Step::Dialled(addr) => html! { <li>{format!("relay connected to {addr}")}</li> },
        Step::Greeting(version) => html! { <li>{format!("greeting from {version}")}</li> },
        Step::SslRequest => html! { <li>{"SSLRequest sent, TLS handshake"}</li> },
        Step::PlaintextLogin => html! { <li>{"plaintext login sent for a made-up user"}</li> },
        Step::Done { words, ok } => html! {
            <li class={if *ok { "ok" } else { "fail" }}>{if *ok { "✓ " } else { "✗ " }}{words}</li>
        },
    }
}
