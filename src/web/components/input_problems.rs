//! Problems reading the pasted text, each with its input and line.

use yew::prelude::*;

use crate::web::components::{input_name, ReportRef};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: ReportRef,
}

#[function_component]
pub fn InputProblems(props: &Props) -> Html {
    let problems = &props.report.input_problems;
    if problems.is_empty() {
        return html! {};
    }
    html! {
        <section class="problems" aria-labelledby="problems-h">
            <h3 id="problems-h">{format!("Problems reading the input ({})", problems.len())}</h3>
            <ul>
                { for problems.iter().map(|p| {
                    let place = if p.line == 0 { input_name(&p.input).to_owned() } else { format!("{}, line {}", input_name(&p.input), p.line) };
                    html! { <li><strong>{place}{": "}</strong>{&p.message}</li> }
                }) }
            </ul>
        </section>
    }
}
