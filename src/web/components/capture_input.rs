//! The "Capture" input: a textarea for pasted hex or base64, a "Load file…" button and
//! drag-and-drop for pcap/pcapng/binary files, a format picker, and the decoding status with
//! a progress bar. The decoding itself runs in the capture worker (`capture_decode`), once per content.

use wasm_bindgen::JsCast;
use web_sys::{File, FileList, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::source::capture::Format;
use crate::web::hooks::capture_decode::{use_capture_decoding, FileSlot};
use crate::web::state::capture::{CaptureAction, CaptureData, CaptureState, Source, Status};
use crate::web::state::capture_model::{format_named, Capture};
use crate::web::state::numbers::{human_bytes, thousands};
use crate::web::state::{Action, StateHandle};

#[function_component]
pub fn CaptureInput() -> Html {
    let Some(state) = use_context::<StateHandle>() else { return html! {} };
    let file: FileSlot = use_mut_ref(|| None::<File>);
    use_capture_decoding(&state, file.clone());
    let dragging = use_state(|| false);

    // Only the first file counts: a capture is one file.
    let load = {
        let dispatcher = state.dispatcher();
        move |list: Option<FileList>| -> bool {
            let Some(f) = list.and_then(|l| l.get(0)) else { return false };
            let (name, size) = (f.name(), f.size() as u64);
            *file.borrow_mut() = Some(f);
            dispatcher.dispatch(Action::Capture(CaptureAction::FileChosen { name, size }));
            true
        }
    };
    let oninput = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            dispatcher.dispatch(Action::Capture(CaptureAction::EditText(text)));
        })
    };
    let onformat = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let format = format_named(&value);
            dispatcher.dispatch(Action::Capture(CaptureAction::SetFormat(format)));
        })
    };
    let onclear = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Capture(CaptureAction::Clear)))
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
        let (dragging, load) = (dragging.clone(), load.clone());
        Callback::from(move |e: DragEvent| {
            dragging.set(false);
            // Dragged text is left to the textarea, which fires `input`; files are ours,
            // else the browser would open them.
            if load(e.data_transfer().and_then(|d| d.files())) {
                e.prevent_default();
            }
        })
    };
    let onpaste = {
        let load = load.clone();
        Callback::from(move |e: Event| {
            let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() else { return };
            if load(e.clipboard_data().and_then(|d| d.files())) {
                e.prevent_default();
            }
        })
    };
    let onchange = Callback::from(move |e: Event| {
        let input = e.target_unchecked_into::<HtmlInputElement>();
        let files = input.files();
        load(files);
        input.set_value(""); // so choosing the same file again fires `change`
    });

    let c = &state.capture;
    let placeholder = match &c.source {
        Source::File { name, .. } => format!("Loaded from the file {name}"),
        Source::Link => "Loaded from the shared link".to_owned(),
        _ => "Paste hex or base64, or drop a file".to_owned(),
    };
    html! {
        <div class={classes!("field", "capture-field", dragging.then_some("dragging"))} {ondragover} {ondragleave} {ondrop}>
            <div class="field-head">
                <label for="capture">{"Capture"}</label>
                <label class="file-button">
                    {"Load file…"}
                    <input type="file" class="visually-hidden" aria-describedby="capture-help" {onchange} />
                </label>
            </div>
            <textarea id="capture" rows="5" spellcheck="false" autocomplete="off" aria-describedby="capture-help capture-status"
                placeholder={placeholder} value={c.text.clone()} {oninput} {onpaste} />
            <div class="capture-options">
                <label for="capture-format">{"Format"}</label>
                <select id="capture-format" onchange={onformat}>
                    { for Format::ALL.iter().map(|f| html! { <option value={f.name()} selected={*f == c.format}>{format_label(*f)}</option> }) }
                </select>
                if c.source != Source::None {
                    <button type="button" onclick={onclear}>{"Clear capture"}</button>
                }
            </div>
            <div id="capture-status">{status(c)}</div>
            <p class="help" id="capture-help">
                {"A tcpdump or Wireshark capture (pcap, pcapng) of the connection, or a hex dump (xxd, hexdump -C, tcpdump -X, Wireshark) or base64 of its bytes. Decoded in this page only; user names and auth data are never shown."}
            </p>
        </div>
    }
}

fn format_label(f: Format) -> &'static str {
    match f {
        Format::Auto => "detect",
        Format::Hex => "hex dump",
        Format::Base64 => "base64",
        Format::Raw => "raw bytes",
        Format::Pcap => "pcap",
        Format::Pcapng => "pcapng",
    }
}

fn status(c: &CaptureState) -> Html {
    match &c.status {
        Status::Idle => html! {},
        Status::Pending => html! { <p class="help" role="status">{"Decoding…"}</p> },
        Status::Decoding { progress, total } => {
            let name = match &c.source {
                Source::File { name, .. } => name.as_str(),
                _ => "the capture",
            };
            html! {
                <div class="capture-progress" role="status">
                    <progress max={total.to_string()} value={progress.bytes.to_string()} aria-label="Decoding progress"></progress>
                    <span>{format!("Decoding {name}: {} of {} · {} frames · {} connections",
                        human_bytes(progress.bytes), human_bytes(*total), thousands(progress.frames as u64), thousands(progress.connections as u64))}</span>
                </div>
            }
        }
        Status::Ready(data) => html! { <p class="help capture-summary" role="status">{summary(&c.source, data)}</p> },
        Status::Failed(e) => html! { <p class="bad" role="alert">{format!("Could not decode the capture: {e}")}</p> },
    }
}

fn summary(source: &Source, data: &CaptureData) -> String {
    let from = match source {
        Source::File { name, size } => format!("{name} ({}): ", human_bytes(*size)),
        _ => String::new(),
    };
    match data {
        CaptureData::Decoded(Capture::Connections { connections, link_type, frames, problems, .. }) => {
            let issues =
                if problems.is_empty() { String::new() } else { format!(", {} problem(s) reading it", problems.len()) };
            format!(
                "{from}{} TCP connection(s) in {} frame(s), {link_type}{issues}",
                thousands(connections.len() as u64),
                thousands(*frames as u64)
            )
        }
        CaptureData::Decoded(Capture::Bytes { len, format, .. }) => {
            format!("{from}{} bytes ({format}) of one direction", thousands(*len as u64))
        }
        CaptureData::Shared(t) => format!("From the link: {} handshake message(s), user names redacted", t.order.len()),
    }
}
