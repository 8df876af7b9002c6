//! "AWS inventory": paste or drop the JSON of `aws rds describe-db-instances` (-clusters,
//! -proxies, -certificates, -engine-versions) and get the CA rotation report as a sortable
//! table with the AWS CLI command per resource. Its own local state
//! ([`crate::web::state::inventory`]); the report is computed in the inventory worker
//! ([`crate::web::worker::inventory`], started on the first paste, so the JSON reader is not in
//! the page's first load). Nothing leaves the page and nothing is probed.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::web::state::inventory::{InventoryAction, InventoryView, SortKey};
use crate::web::worker::host::WorkerHost;
use crate::web::worker::inventory::{FromWorker, InventoryProtocol, ToWorker};

/// Wait this long after the last keystroke before reading the pasted JSON.
const DEBOUNCE_MS: u32 = 200;

impl Reducible for InventoryView {
    type Action = InventoryAction;

    fn reduce(self: Rc<Self>, action: InventoryAction) -> Rc<Self> {
        Rc::new((*self).clone().apply(action))
    }
}

fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// The worker (started on the first paste, again after a failure) and the pending send.
#[derive(Default)]
struct Slot {
    worker: Option<WorkerHost<InventoryProtocol>>,
    timer: Option<Timeout>,
}

fn send(slot: &Rc<RefCell<Slot>>, view: &UseReducerDispatcher<InventoryView>, job: u64, text: String) {
    let mut s = slot.borrow_mut();
    if s.worker.as_ref().is_none_or(WorkerHost::failed) {
        let d = view.clone();
        let started = WorkerHost::<InventoryProtocol>::start(move |msg| {
            d.dispatch(match msg {
                Ok(FromWorker::Report { job, table }) => InventoryAction::Reported { job, table },
                Err(words) => InventoryAction::Failed(words),
            })
        });
        match started {
            Ok(w) => s.worker = Some(w),
            Err(words) => return view.dispatch(InventoryAction::Failed(words)),
        }
    }
    if let Some(w) = &s.worker {
        w.post(&ToWorker::Report { job, text, now: now() });
    }
}

#[function_component]
pub fn InventoryPanel() -> Html {
    let view = use_reducer(InventoryView::default);
    let slot = use_mut_ref(Slot::default);
    // A paste or a drop is read at once; typing waits for a pause.
    let submit = {
        let (view, slot) = (view.clone(), slot.clone());
        Callback::from(move |(text, wait): (String, bool)| {
            let job = view.job + 1;
            view.dispatch(InventoryAction::SetText { text: text.clone(), job });
            let (d, s) = (view.dispatcher(), slot.clone());
            if wait {
                let timer = Timeout::new(DEBOUNCE_MS, move || send(&s, &d, job, text));
                slot.borrow_mut().timer = Some(timer);
            } else {
                slot.borrow_mut().timer = None;
                send(&s, &d, job, text);
            }
        })
    };
    let oninput = {
        let submit = submit.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            let typed = e.input_type().starts_with("insert") && e.input_type() != "insertFromPaste";
            submit.emit((text, typed));
        })
    };
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let submit = submit.clone();
        Callback::from(move |e: DragEvent| {
            let Some(list) = e.data_transfer().and_then(|d| d.files()) else { return };
            let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
            if files.is_empty() {
                return;
            }
            e.prevent_default();
            let submit = submit.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let read = crate::web::browser::file_reader::read_all(files).await;
                submit.emit((read.text, false));
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
        <details class="inventory panel">
            <summary><h2 id="inventory-title">{"AWS inventory: CA rotation report"}</h2></summary>
            <p class="hint" id="inventory-hint">{"Paste or drop the JSON of aws rds describe-db-instances, describe-db-clusters, describe-db-proxies, describe-certificates (and describe-db-engine-versions). Nothing is sent anywhere and nothing is probed."}</p>
            <textarea class="inventory-input" rows="6" spellcheck="false" value={view.text.clone()} {oninput} {ondragover} {ondrop}
                aria-label="AWS CLI JSON" aria-describedby="inventory-hint" />
            if let Some(error) = &view.error {
                <p class="problem" role="alert">{error.clone()}</p>
            }
            if let Some(table) = &view.table {
                <p class="summary" aria-live="polite">{format!("{} resources; target CA {}", table.rows.len(), table.target_ca)}</p>
                <div class="table-scroll">
                <table class="inventory-table" aria-labelledby="inventory-title">
                    <thead><tr>{for SortKey::ALL.iter().map(|k| header(*k))}<th scope="col">{"Command"}</th></tr></thead>
                    <tbody>
                        {for rows.iter().map(|r| html! {
                            <tr class={r.state_id.clone()}>
                                <td>{r.kind.clone()}</td>
                                <th scope="row">{r.id.clone()}</th>
                                <td>{format!("{} {}", r.engine, r.engine_version)}</td>
                                <td>{r.ca_id.clone().unwrap_or_default()}</td>
                                <td>{r.ca_valid_till.clone().unwrap_or_default()}</td>
                                <td title={r.why.clone()}>{r.state.clone()}</td>
                                <td>{r.restart.clone()}</td>
                                <td><code>{r.command.clone().unwrap_or_default()}</code></td>
                            </tr>
                        })}
                    </tbody>
                </table>
                </div>
                {for table.problems.iter().map(|p| html! { <p class="problem">{p.clone()}</p> })}
            }
        </details>
    }
}
