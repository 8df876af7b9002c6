//! The web app's entry point (built by Trunk for wasm32). Natively it is an empty program, so
//! a plain `cargo build` of every target still works.

#[cfg(target_arch = "wasm32")]
fn main() {
    // index.html's static shell (title, inputs, "Loading the checker…") goes as the app
    // mounts: both happen before the browser paints again, so the page never flashes empty.
    if let Some(shell) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("shell")) {
        shell.remove();
    }
    yew::Renderer::<mysql_tls_doctor::web::App>::new().render();
}

/// `window.wasmBindings.analyze(inputs)`: see [`mysql_tls_doctor::web::js_api`]. Exported
/// here so that only this binary carries it (not the probe worker).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn analyze(inputs: wasm_bindgen::JsValue) -> Result<js_sys::Promise, wasm_bindgen::JsValue> {
    mysql_tls_doctor::web::js_api::analyze(inputs)
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
