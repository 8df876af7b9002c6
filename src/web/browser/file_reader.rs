//! Reading browser `File`s (dropped, pasted or chosen) into [`FileText`]. The bytes are read
//! whole so DER can be told from text before anything is shown.

use wasm_bindgen_futures::JsFuture;

use crate::web::state::files::{file_to_text, FileText};

/// Files larger than this are not read: certificate files are kilobytes, and a huge file
/// would only freeze the tab (the parser refuses 16 MB anyway).
const MAX_FILE_BYTES: f64 = 16.0 * 1024.0 * 1024.0;

/// Reads `files`, in order, into one text.
pub async fn read_all(files: Vec<web_sys::File>) -> FileText {
    let mut out = FileText::default();
    for file in files {
        if file.size() > MAX_FILE_BYTES {
            continue;
        }
        let Ok(buf) = JsFuture::from(file.array_buffer()).await else { continue };
        let one = file_to_text(&js_sys::Uint8Array::new(&buf).to_vec());
        out.key_dropped |= one.key_dropped;
        if !one.text.is_empty() {
            if !out.text.is_empty() && !out.text.ends_with('\n') {
                out.text.push('\n');
            }
            out.text.push_str(&one.text);
        }
    }
    out
}
