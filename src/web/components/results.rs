//! The result bar (`result_bar`: the answer, the live region screen readers hear) and the
//! results in detail below it; `aria-busy` says a run is pending.

use yew::prelude::*;

use crate::web::components::result_bar::{result_bar, use_reveal};
use crate::web::components::{
    CertList, FindingsList, InputProblems, OverallBanner, ProbeSection, ReportDownload, ReportRef, VerdictMatrix,
};
use crate::web::state::{Builtin, StateHandle};

#[function_component]
pub fn Results() -> Html {
    let bar = use_node_ref();
    let Some(state) = use_context::<StateHandle>() else { return html! {} };
    use_reveal(&state, &bar);
    let busy = !state.is_blank() && state.pending();
    let body = if state.is_blank() {
        html! { <p class="empty">{"Paste a CA bundle, the server's certificate chain and a hostname — or try one of the examples."}</p> }
    } else if let (true, Builtin::Failed(_)) = (state.use_builtin, &state.builtin) {
        html! { <p class="empty">{"The built-in bundle could not be loaded; paste a CA bundle instead."}</p> }
    } else if let Some(report) = state.report.clone() {
        let report = ReportRef(report);
        html! {
            <div class={classes!("report", busy.then_some("stale"))}>
                <OverallBanner report={report.clone()} />
                <ProbeSection report={report.clone()} />
                <InputProblems report={report.clone()} />
                <VerdictMatrix report={report.clone()} />
                <FindingsList report={report.clone()} />
                <CertList report={report.clone()} />
                <ReportDownload report={report} revision={state.report_revision} />
            </div>
        }
    } else if let Some(error) = &state.analysis_error {
        html! { <p class="empty error">{format!("The check could not run: {error}. Reload the page to try again.")}</p> }
    } else {
        html! { <p class="empty">{"Checking…"}</p> }
    };
    html! {
        <>
        {result_bar(&state, &bar)}
        <section id="results" class="results" aria-labelledby="results-h" aria-busy={busy.to_string()}>
            <h2 id="results-h">{"Results"}</h2>
            {body}
        </section>
        </>
    }
}
