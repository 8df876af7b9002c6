//! "Download report (JSON)": the same JSON as the CLI's `--json`, and "(Markdown)" for a
//! ticket, each made on click (serializing a 120-certificate report on every render would
//! cost more than it is worth).

use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};
use yew::prelude::*;

use crate::web::components::ReportRef;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: ReportRef,
    /// The revision the report was made for: its JSON as the core worker wrote it.
    pub revision: u64,
}

#[function_component]
pub fn ReportDownload(props: &Props) -> Html {
    let onclick = {
        let (report, revision) = (props.report.clone(), props.revision);
        Callback::from(move |_: MouseEvent| {
            if let Some(json) = to_json(&report, revision) {
                let _ = download("mysql-tls-doctor-report.json", "application/json", &json);
            }
        })
    };
    // Markdown for a ticket: the same report, rendered by the core.
    let onmarkdown = {
        let report = props.report.clone();
        Callback::from(move |_: MouseEvent| {
            let _ = download("mysql-tls-doctor-report.md", "text/markdown", &report.0.to_markdown());
        })
    };
    html! {
        <p class="download">
            <button type="button" {onclick}>{"Download report (JSON)"}</button>
            {" "}
            <button type="button" onclick={onmarkdown}>{"Download report (Markdown)"}</button>
        </p>
    }
}

/// The CLI's JSON: the value the core worker wrote (with the decoded conversation, which the
/// page's `Report` does not keep), else the page's report through the same serializer.
fn to_json(report: &ReportRef, revision: u64) -> Option<String> {
    use serde::Serialize;
    let value = match crate::web::hooks::analysis::shown_json(revision) {
        Some(value) => value,
        None => report.0.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).ok()?,
    };
    js_sys::JSON::stringify_with_replacer_and_space(&value, &wasm_bindgen::JsValue::NULL, &2.into()).ok()?.as_string()
}

/// Saves `text` through a temporary object URL: nothing leaves the page.
fn download(name: &str, mime: &str, text: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&text.into());
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = Url::create_object_url_with_blob(&blob).ok()?;
    let a = web_sys::window()?.document()?.create_element("a").ok()?.dyn_into::<HtmlAnchorElement>().ok()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // Revoking at once can cancel the download in some browsers; the URL is ours only.
    gloo_timers::callback::Timeout::new(30_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Some(())
}
