//! "Error message": the client's error as pasted, first on the page, and under it what the
//! report made of it — each cause the message points to, confirmed, ruled out or still open by
//! the other inputs, with the words that point there and what would decide. The analysis is the
//! core's (`rules::error_match`, inside the one analysis every input goes through).

use yew::prelude::*;

use crate::report::error_match::{Explanation, MatchStatus};
use crate::web::components::{rich_text, PemField};
use crate::web::state::{Field, StateHandle};

#[function_component]
pub fn ErrorInput() -> Html {
    let Some(state) = use_context::<StateHandle>() else { return html! {} };
    // The report of the current text only: a stale one would explain the previous paste.
    let current = (!state.pending() && !state.error_message.trim().is_empty())
        .then(|| state.report.as_ref().and_then(|r| r.error.clone()))
        .flatten();
    html! {
        <div class="error-input">
            <PemField id="error-message" label="Error message" field={Field::ErrorMessage}
                value={AttrValue::from(state.error_message.clone())} rows={4} file_button={false}
                help="The client's error exactly as printed (a stack trace or log line is fine). User names, passwords and client addresses are removed before it goes into a link."
                placeholder="ERROR 2026 (HY000): SSL connection error: error:0A000086:SSL routines::certificate verify failed" />
            if let Some(m) = current {
                {meaning(&m)}
            }
        </div>
    }
}

fn meaning(m: &Explanation) -> Html {
    let client = m.client.map(|c| format!("From: {c}")).unwrap_or_else(|| "Client not named in the message".into());
    html! {
        <section class="error-meaning" aria-labelledby="error-meaning-h">
            <h3 id="error-meaning-h">{"What your error means"}</h3>
            if !m.recognised {
                <p class="help">{"No known error text recognised: paste the whole message (with the lines around it), or run the live check."}</p>
            } else {
                <p class="help error-client">{client}</p>
                if let Some(instead) = &m.instead {
                    <p class="error-instead">{format!("Not a TLS problem. {instead}")}</p>
                }
                <ul class="error-candidates">
                    { for m.candidates.iter().map(|c| html! {
                        <li class={classes!("candidate", status_class(c.status()))} data-rule={c.rule.as_str()} data-status={status_class(c.status())}>
                            <p>
                                <code class="rule-id">{c.rule.as_str()}</code>
                                {" "}<span class="status">{c.status().word()}</span>
                                {" — "}{c.rule.rule().summary}
                            </p>
                            <p class="why">{rich_text(&c.why)}</p>
                            if let Some(d) = &c.decided_by {
                                <p class="decided">{format!("Decided by: {d}")}</p>
                            }
                            if !c.next_step.is_empty() {
                                <p class="next-step">{format!("To decide: {}", c.next_step)}</p>
                            }
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}

fn status_class(s: MatchStatus) -> &'static str {
    match s {
        MatchStatus::Confirmed => "confirmed",
        MatchStatus::RuledOut => "ruled-out",
        MatchStatus::Open => "open",
    }
}
