//! Share links in the browser: opening the page's `#v1.` fragment (on load and when the
//! fragment changes), the link's full URL, and copying it.
//!
//! Opening a link reads only the fragment, which the browser never sends to a server; the
//! one request it may cause is for the built-in RDS bundle, the app's own file. Nothing here
//! touches the relay.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use yew::prelude::*;

use crate::share::state::Builtin;
use crate::source::builtin::RDS_GLOBAL_ID;
use crate::web::browser::builtin_bundle;
use crate::web::state::share::{is_share_fragment, needs_builtin, ShareAction};
use crate::web::state::{Action, State, StateHandle};

/// Opens the link in the page's URL on load, and again whenever the fragment changes (a link
/// pasted into the address bar of an open page does not reload it).
#[hook]
pub fn use_open_link(state: &StateHandle) {
    let dispatcher = state.dispatcher();
    use_effect_with((), move |_| {
        let open_current = move || {
            let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
            if is_share_fragment(&hash) {
                spawn_local(open(hash, dispatcher.clone()));
            }
        };
        open_current();
        let listener = Closure::<dyn Fn()>::new(open_current);
        let window = web_sys::window();
        if let Some(w) = &window {
            let _ = w.add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(w) = &window {
                let _ = w.remove_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
            }
            drop(listener);
        }
    });
}

/// Decodes the fragment (bounded; never panics), fetches the built-in bundle if the link
/// refers to it, and restores the inputs — or says, in words, why it cannot.
async fn open(fragment: String, dispatcher: UseReducerDispatcher<State>) {
    let fail = |why: String| dispatcher.dispatch(Action::Share(ShareAction::Failed(why)));
    dispatcher.dispatch(Action::Share(ShareAction::Opening));
    let shared = match crate::share::decode(&fragment) {
        Ok(s) => s,
        Err(e) => return fail(format!("This link cannot be opened: {e}.")),
    };
    let mut text: Option<Rc<str>> = None;
    if needs_builtin(&shared) {
        match builtin_bundle::load().await {
            Ok(t) => text = Some(Rc::from(t)),
            Err(e) => return fail(format!("This link uses the built-in RDS bundle, which could not be loaded: {e}.")),
        }
    }
    let builtin = text.as_deref().map(|t| Builtin::new(RDS_GLOBAL_ID, t));
    match shared.into_inputs(builtin.as_ref()) {
        Ok(opened) => dispatcher.dispatch(Action::Share(ShareAction::Open { opened: Box::new(opened), builtin: text })),
        Err(e) => fail(format!("This link cannot be opened: {e}.")),
    }
}

/// The page's address (without any fragment) followed by `#fragment`.
pub fn full_link(fragment: &str) -> String {
    let location = web_sys::window().map(|w| w.location());
    let part = |f: fn(&web_sys::Location) -> Result<String, JsValue>| {
        location.as_ref().and_then(|l| f(l).ok()).unwrap_or_default()
    };
    format!("{}{}#{fragment}", part(web_sys::Location::origin), part(web_sys::Location::pathname))
}

/// Puts `text` on the clipboard; fails where the browser refuses (no permission, not a
/// secure context), and the caller then selects the text for a manual copy.
pub async fn copy(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let clipboard = window.navigator().clipboard();
    // Older browsers have no navigator.clipboard: calling into undefined would throw.
    if clipboard.is_undefined() {
        return Err("this browser has no clipboard API here".into());
    }
    JsFuture::from(clipboard.write_text(text)).await.map(|_| ()).map_err(|e| format!("{e:?}"))
}
