//! Loading the built-in Amazon RDS bundle: fetched next to the page (a Trunk `copy-file`)
//! only when the user picks it, and checked against the hash the share links refer to, so a
//! stale or tampered copy on the server is reported instead of silently trusted.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::source::builtin::{RDS_GLOBAL_PATH, RDS_GLOBAL_SHA256};

/// Fetches the bundle (relative URL, so the app works under any path) and checks its hash.
pub async fn load() -> Result<String, String> {
    let text = fetch_text(RDS_GLOBAL_PATH).await?;
    if sha256_hex(text.as_bytes()) != RDS_GLOBAL_SHA256 {
        return Err(format!("{RDS_GLOBAL_PATH} on this server is not the expected snapshot (its SHA-256 differs)"));
    }
    Ok(text)
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let resp = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("could not fetch {url}: {}", describe(&e)))?;
    let resp: web_sys::Response =
        resp.dyn_into().map_err(|_| "fetch returned something else than a Response".to_owned())?;
    if !resp.ok() {
        return Err(format!("could not fetch {url}: HTTP {}", resp.status()));
    }
    let text = resp.text().map_err(|e| describe(&e))?;
    let text = JsFuture::from(text).await.map_err(|e| describe(&e))?;
    text.as_string().ok_or_else(|| "the response is not text".to_owned())
}

fn describe(e: &wasm_bindgen::JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|| format!("{e:?}"))
}

fn sha256_hex(data: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, data).as_ref().iter().map(|b| format!("{b:02x}")).collect()
}
