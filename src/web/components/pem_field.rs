//! A labelled textarea that also takes files: dropped on it, pasted into it, or chosen with
//! its "Load file…" button (the keyboard way). Files are read in the browser only.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{File, FileList, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::web::browser::file_reader::read_all;
use crate::web::state::{Action, Field, StateHandle};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: AttrValue,
    pub label: AttrValue,
    pub help: AttrValue,
    pub field: Field,
    pub value: AttrValue,
    #[prop_or(8)]
    pub rows: u32,
    #[prop_or_default]
    pub placeholder: AttrValue,
    /// Show the "Load file…" button (not for hostnames).
    #[prop_or(true)]
    pub file_button: bool,
}

#[function_component]
pub fn PemField(props: &Props) -> Html {
    let Some(state) = use_context::<StateHandle>() else { return html! {} };
    let dragging = use_state(|| false);
    let field = props.field;

    // Reads files after the event: the File objects stay valid, the event's DataTransfer not.
    let load = {
        let dispatcher = state.dispatcher();
        move |files: Vec<File>| {
            let dispatcher = dispatcher.clone();
            spawn_local(async move {
                let text = read_all(files).await;
                dispatcher.dispatch(Action::AddFile(field, text));
            });
        }
    };
    let oninput = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            dispatcher.dispatch(Action::Edit(field, value));
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default(); // accept the drop
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let dragging = dragging.clone();
        let load = load.clone();
        Callback::from(move |e: DragEvent| {
            dragging.set(false);
            let files = files_of(e.data_transfer().and_then(|d| d.files()));
            if !files.is_empty() {
                e.prevent_default(); // else the browser opens the file
                load(files);
            } // dragged text: the browser inserts it and fires `input`
        })
    };
    let onpaste = {
        let load = load.clone();
        Callback::from(move |e: Event| {
            let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() else { return };
            let files = files_of(e.clipboard_data().and_then(|d| d.files()));
            if !files.is_empty() {
                e.prevent_default();
                load(files);
            } // pasted text: the textarea handles it and fires `input`
        })
    };
    let onchange = Callback::from(move |e: Event| {
        let input = e.target_unchecked_into::<HtmlInputElement>();
        let files = files_of(input.files());
        input.set_value(""); // so choosing the same file again fires `change`
        if !files.is_empty() {
            load(files);
        }
    });

    let help_id = format!("{}-help", props.id);
    html! {
        <div class={classes!("field", "pem-field", dragging.then_some("dragging"))}>
            <div class="field-head">
                <label for={props.id.clone()}>{&props.label}</label>
                if props.file_button {
                    <label class="file-button">
                        {"Load file…"}
                        <input type="file" class="visually-hidden" aria-describedby={help_id.clone()} {onchange} />
                    </label>
                }
            </div>
            <textarea
                id={props.id.clone()}
                rows={props.rows.to_string()}
                spellcheck="false"
                autocomplete="off"
                aria-describedby={help_id.clone()}
                placeholder={props.placeholder.clone()}
                value={props.value.clone()}
                {oninput} {ondragover} {ondragleave} {ondrop} {onpaste}
            />
            <p class="help" id={help_id}>{&props.help}</p>
        </div>
    }
}

fn files_of(list: Option<FileList>) -> Vec<File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}
