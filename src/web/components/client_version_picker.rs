//! The client versions the person runs (the page's side of `--client-version`): one select per
//! family of [`crate::rules::versions::FAMILIES`], "current release" first. What a version
//! changes is decided in `rules::versions` alone; this only turns a choice into
//! [`ClientVersions`] through the same `FAMILY=VERSION` reader the CLI uses.
//! Mounted in the inputs panel; the state keeps the `ClientVersions` and its analysis of pasted
//! inputs calls `rules::analyze_with` with them (a capture's or a live check's report uses the
//! current releases).

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::rules::versions::{ClientVersions, Family, FAMILIES};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub versions: ClientVersions,
    pub on_change: Callback<ClientVersions>,
}

/// The select's value for "no version chosen".
const CURRENT: &str = "";

#[function_component]
pub fn ClientVersionPicker(props: &Props) -> Html {
    html! {
        <fieldset class="client-versions">
            <legend>{"Client versions"}</legend>
            { for FAMILIES.iter().map(|&(family, id, what, choices)| select(props, family, id, what, choices)) }
            <p class="help">{"Source-modelled for versions the lab does not run; see docs/client-rules.md."}</p>
        </fieldset>
    }
}

fn select(
    props: &Props,
    family: Family,
    id: &'static str,
    what: &'static str,
    choices: &'static [&'static str],
) -> Html {
    let chosen = props.versions.get(family).map(|v| v.to_string());
    let onchange = {
        let (versions, on_change) = (props.versions, props.on_change.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut next = versions;
            if value == CURRENT {
                clear(&mut next, family);
            } else if next.set(&format!("{id}={value}")).is_err() {
                return;
            }
            on_change.emit(next);
        })
    };
    let field = format!("client-version-{id}");
    html! {
        <div class="field">
            <label for={field.clone()}>{what}</label>
            <select id={field} {onchange}>
                <option value={CURRENT} selected={chosen.is_none()}>{"current release"}</option>
                { for choices.iter().map(|c| {
                    let selected = chosen.as_deref() == crate::rules::versions::Version::parse(c).map(|v| v.to_string()).as_deref();
                    html! { <option value={*c} {selected}>{*c}</option> }
                }) }
            </select>
        </div>
    }
}

fn clear(v: &mut ClientVersions, family: Family) {
    match family {
        Family::Mariadb => v.mariadb = None,
        Family::Go => v.go = None,
        Family::Mysql2 => v.mysql2 = None,
        Family::Mysqljs => v.mysqljs = None,
    }
}
