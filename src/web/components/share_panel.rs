//! "Copy link…": before anything is copied, the user sees what the link will contain (the
//! core's preview lines), can leave out any input, and sees the link's length — with a
//! warning when chat tools and ticket systems may cut it.

use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::share::{encode, preview};
use crate::web::browser::share_link::{copy, full_link};
use crate::web::state::numbers::thousands;
use crate::web::state::share::{shared_state, LeaveOut};
use crate::web::state::StateHandle;

/// Links longer than this are cut by some chat tools and ticket systems.
const LONG_LINK: usize = 8 * 1024;

#[derive(Clone, Copy, PartialEq)]
enum Part {
    Ca,
    Chain,
    Hosts,
    At,
    Capture,
    Error,
    Settings,
}

#[derive(Clone, PartialEq)]
enum Copied {
    Not,
    Yes,
    /// The clipboard refused; the text is selected for the user to copy.
    Manual(String),
}

/// What the panel shows, made once per change of the inputs or of the choices.
struct Built {
    lines: Vec<String>,
    link: String,
}

#[function_component]
pub fn SharePanel() -> Html {
    let Some(state) = use_context::<StateHandle>() else { return html! {} };
    let open = use_state(|| false);
    let leave_out = use_state(LeaveOut::default);
    let copied = use_state(|| Copied::Not);
    let link_ref = use_node_ref();
    let heading_ref = use_node_ref();
    let toggle_ref = use_node_ref();

    let built = {
        let snapshot = (*state).clone();
        use_memo((state.revision, *leave_out, *open), move |&(_, leave_out, open)| {
            open.then(|| {
                let now = (js_sys::Date::now() / 1000.0) as i64;
                let shared = shared_state(&snapshot, leave_out, now);
                // The core's lines, made safe again: hostnames may carry bidi controls.
                let lines = preview::describe(&shared).iter().map(|l| crate::text::safe(l)).collect();
                Built { lines, link: full_link(&encode(&shared)) }
            })
        })
    };
    {
        let copied = copied.clone();
        let link = (*built).as_ref().map(|b| b.link.clone());
        use_effect_with(link, move |_| copied.set(Copied::Not));
    }
    {
        // Move focus into the panel when it opens, so keyboard and screen reader users land
        // on what they asked for.
        let heading_ref = heading_ref.clone();
        use_effect_with(*open, move |&open| {
            if open {
                if let Some(h) = heading_ref.cast::<web_sys::HtmlElement>() {
                    let _ = h.focus();
                }
            }
        });
    }

    let ontoggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let close = {
        let (open, toggle_ref) = (open.clone(), toggle_ref.clone());
        move || {
            open.set(false);
            if let Some(b) = toggle_ref.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        }
    };
    let onclose = {
        let close = close.clone();
        Callback::from(move |_: MouseEvent| close())
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            close();
        }
    });
    let oncopy = {
        let (copied, link_ref) = (copied.clone(), link_ref.clone());
        let link = (*built).as_ref().map(|b| b.link.clone()).unwrap_or_default();
        Callback::from(move |_: MouseEvent| {
            let (copied, link_ref, link) = (copied.clone(), link_ref.clone(), link.clone());
            spawn_local(async move {
                match copy(&link).await {
                    Ok(()) => copied.set(Copied::Yes),
                    Err(e) => {
                        if let Some(t) = link_ref.cast::<HtmlTextAreaElement>() {
                            let _ = t.focus();
                            t.select();
                        }
                        copied.set(Copied::Manual(e));
                    }
                }
            });
        })
    };
    let include = |part: Part, id: &'static str, label: &'static str, available: bool| {
        let lo = *leave_out;
        let left_out = match part {
            Part::Ca => lo.ca,
            Part::Chain => lo.chain,
            Part::Hosts => lo.hosts,
            Part::At => lo.at,
            Part::Capture => lo.capture,
            Part::Error => lo.error,
            Part::Settings => lo.settings,
        };
        let leave_out = leave_out.clone();
        let onchange = Callback::from(move |_: Event| {
            let mut lo = *leave_out;
            let flag = match part {
                Part::Ca => &mut lo.ca,
                Part::Chain => &mut lo.chain,
                Part::Hosts => &mut lo.hosts,
                Part::At => &mut lo.at,
                Part::Capture => &mut lo.capture,
                Part::Error => &mut lo.error,
                Part::Settings => &mut lo.settings,
            };
            *flag = !*flag;
            leave_out.set(lo);
        });
        html! {
            <label class="check">
                <input type="checkbox" {id} checked={available && !left_out} disabled={!available} {onchange} />
                {label}
            </label>
        }
    };

    // Nothing to share yet.
    if state.is_blank() {
        return html! {};
    }
    let has_capture = state.capture.data().is_some();
    html! {
        <div class="share">
            <button type="button" ref={toggle_ref} class="share-toggle" aria-expanded={open.to_string()} aria-controls="share-panel" onclick={ontoggle}>
                {"Copy link…"}
            </button>
            if let Some(b) = &*built {
                <div id="share-panel" class="share-panel" role="region" aria-labelledby="share-h" {onkeydown}>
                    <h3 id="share-h" tabindex="-1" ref={heading_ref}>{"Share these inputs as a link"}</h3>
                    <p class="help">{"The inputs travel in the link's #fragment, which browsers never send to a server; whoever opens it gets the report recomputed in their own browser."}</p>
                    <fieldset class="share-include">
                        <legend>{"Include"}</legend>
                        {include(Part::Ca, "share-ca", "CA bundle", true)}
                        {include(Part::Chain, "share-chain", "Server chain", true)}
                        {include(Part::Hosts, "share-hosts", "Hostnames", true)}
                        {include(Part::At, "share-at", "Check time", true)}
                        {include(Part::Capture, "share-capture", "Capture (handshake only, logins redacted)", has_capture)}
                        {include(Part::Error, "share-error", "Error message (user names, passwords, client addresses removed)", !state.error_message.trim().is_empty())}
                        {include(Part::Settings, "share-settings", "How you connect (user names, passwords removed)", !state.settings.trim().is_empty())}
                    </fieldset>
                    <h4 id="share-contents-h">{"The link contains"}</h4>
                    <ul class="share-lines" aria-labelledby="share-contents-h">
                        { for b.lines.iter().map(|l| html! {
                            <li class={classes!(l.starts_with("  ").then_some("sub"), l.starts_with("Never included").then_some("never"))}>{l.trim_start()}</li>
                        }) }
                    </ul>
                    <label for="share-link">{format!("Link ({} characters)", thousands(b.link.len() as u64))}</label>
                    <textarea id="share-link" class="share-link" readonly=true rows="3" value={b.link.clone()} ref={link_ref} />
                    if b.link.len() > LONG_LINK {
                        <p class="bad" role="alert">
                            {format!("This link is {} KB long: some chat tools and ticket systems cut links longer than about 8 KB. Leave out the capture or the CA bundle to shorten it.", b.link.len() / 1024)}
                        </p>
                    }
                    <div class="share-actions">
                        <button type="button" class="share-copy" onclick={oncopy}>{"Copy link"}</button>
                        <button type="button" onclick={onclose}>{"Close"}</button>
                    </div>
                    <p class="copy-status" role="status">
                        { match &*copied {
                            Copied::Not => String::new(),
                            Copied::Yes => "Copied to the clipboard.".to_owned(),
                            Copied::Manual(_) => "The browser did not allow copying: the link is selected, press Ctrl+C (⌘C on a Mac) to copy it.".to_owned(),
                        } }
                    </p>
                </div>
            }
        </div>
    }
}
