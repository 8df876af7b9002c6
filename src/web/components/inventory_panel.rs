//! "AWS inventory": paste or drop the JSON of `aws rds describe-db-instances` (-clusters,
//! -proxies, -certificates, -engine-versions) and get the CA rotation report as a sortable
//! table with the AWS CLI command per resource. Its own local state
//! ([`crate::web::state::inventory`]); nothing leaves the page and nothing is probed.
//! Not mounted yet: mounted in the page it took the first load from about 390 to 431 KB gzip
//! (budget 400), so it needs lazy loading before it goes in.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::web::state::inventory::{InventoryAction, InventoryView, SortKey};

impl Reducible for InventoryView {
    type Action = InventoryAction;

    fn reduce(self: std::rc::Rc<Self>, action: InventoryAction) -> std::rc::Rc<Self> {
        std::rc::Rc::new((*self).clone().apply(action))
    }
}

fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

#[function_component]
pub fn InventoryPanel() -> Html {
    let view = use_reducer(InventoryView::default);
    let oninput = {
        let view = view.dispatcher();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            view.dispatch(InventoryAction::SetText { text, now: now() });
        })
    };
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let view = view.dispatcher();
        Callback::from(move |e: DragEvent| {
            let Some(list) = e.data_transfer().and_then(|d| d.files()) else { return };
            let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
            if files.is_empty() {
                return;
            }
            e.prevent_default();
            let view = view.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let read = crate::web::browser::file_reader::read_all(files).await;
                view.dispatch(InventoryAction::SetText { text: read.text, now: now() });
            });
        })
    };
    let (sort, descending) = (view.sort, view.descending);
    let header = |key: SortKey| {
        let dispatcher = view.dispatcher();
        let aria_sort = match (sort == Some(key), descending) {
            (true, false) => "ascending",
            (true, true) => "descending",
            (false, _) => "none",
        };
        html! {
            <th scope="col" aria-sort={aria_sort}>
                <button type="button" class="sort" onclick={Callback::from(move |_: MouseEvent| dispatcher.dispatch(InventoryAction::Sort(key)))}>
                    {key.label()}
                </button>
            </th>
        }
    };
    let rows = view.rows();
    html! {
        <section class="inventory panel" aria-labelledby="inventory-title">
            <h2 id="inventory-title">{"AWS inventory: CA rotation"}</h2>
            <p class="hint">{"Paste or drop the JSON of aws rds describe-db-instances, describe-db-clusters, describe-db-proxies, describe-certificates (and describe-db-engine-versions). Nothing is sent anywhere."}</p>
            <textarea class="inventory-input" rows="6" spellcheck="false" value={view.text.clone()} {oninput} {ondragover} {ondrop}
                aria-label="AWS CLI JSON" />
            if let Some(report) = &view.report {
                <p class="summary">{format!("{} resources; target CA {}", report.rows.len(), report.target_ca)}</p>
                <table class="inventory-table">
                    <thead><tr>{for SortKey::ALL.iter().map(|k| header(*k))}<th scope="col">{"Command"}</th></tr></thead>
                    <tbody>
                        {for rows.iter().map(|r| html! {
                            <tr class={r.state.id()}>
                                <td>{r.kind.word()}</td>
                                <td>{r.id.clone()}</td>
                                <td>{format!("{} {}", r.engine, r.engine_version)}</td>
                                <td>{r.ca_id.clone().unwrap_or_default()}</td>
                                <td>{r.ca_valid_till.clone().unwrap_or_default()}</td>
                                <td title={r.why.clone()}>{r.state.word()}</td>
                                <td>{r.restart.word()}</td>
                                <td><code>{r.command.clone().unwrap_or_default()}</code></td>
                            </tr>
                        })}
                    </tbody>
                </table>
                {for report.problems.iter().map(|p| html! { <p class="problem">{p.clone()}</p> })}
            }
        </section>
    }
}
