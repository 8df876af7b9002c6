//! Share links in the app state: what a link is built from (with the inputs the user chose
//! to leave out), and restoring the inputs when the page is opened with a `#v1.`/`#v2.` link.
//!
//! Plain Rust (no browser), unit-tested natively; the fetching and the clipboard are in
//! `web::browser::share_link`.

use std::rc::Rc;

use super::capture::CaptureAction;
use super::reducer::{Builtin, State};
use crate::share::state::{Builtin as SharedBuiltin, CaRef, CertRef, Opened, SharedState};
use crate::source::builtin::RDS_GLOBAL_ID;

/// Opening a link, as the page tells the user about it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum LinkStatus {
    #[default]
    None,
    Opening,
    Opened,
    /// Why the link could not be opened, in words for whoever clicked it.
    Failed(String),
}

#[derive(Debug, Clone)]
pub enum ShareAction {
    Opening,
    Failed(String),
    /// The link's inputs, and the built-in bundle's text when the link needed it.
    Open {
        opened: Box<Opened>,
        builtin: Option<Rc<str>>,
    },
    Dismiss,
}

/// Inputs the user chose to leave out of a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LeaveOut {
    pub ca: bool,
    pub chain: bool,
    pub hosts: bool,
    pub at: bool,
    pub capture: bool,
    pub error: bool,
    pub settings: bool,
}

/// Applies a share action to the whole state (a link replaces every input).
pub fn apply(s: &mut State, action: ShareAction) {
    match action {
        ShareAction::Opening => s.link = LinkStatus::Opening,
        ShareAction::Failed(why) => s.link = LinkStatus::Failed(why),
        ShareAction::Dismiss => s.link = LinkStatus::None,
        ShareAction::Open { opened, builtin } => {
            let Opened { inputs, at } = *opened;
            if let Some(text) = builtin {
                s.builtin = Builtin::Loaded(text);
            }
            s.use_builtin =
                inputs.ca_label.as_deref() == Some(RDS_GLOBAL_ID) && matches!(s.builtin, Builtin::Loaded(_));
            s.ca_bundle = Rc::from(if s.use_builtin { String::new() } else { inputs.ca_bundle });
            s.chain = Rc::from(inputs.chain);
            s.hosts = Rc::from(inputs.hosts.join("\n"));
            s.error_message = Rc::from(inputs.error_message);
            s.settings = Rc::from(inputs.settings);
            // The exact time the sender checked at, so the same day's certificate that expires
            // at noon is judged the same; the date input shows its day.
            s.pinned_at = at;
            s.at = at.map(crate::time_fmt::date).unwrap_or_else(|| s.today.clone());
            s.key_removed = false;
            match inputs.capture {
                Some(t) => s.capture.apply(CaptureAction::Restore(t)),
                None => s.capture.apply(CaptureAction::Clear),
            };
            s.link = LinkStatus::Opened;
            s.revision += 1;
        }
    }
}

/// The built-in bundle as the share code wants it, when the page has it loaded.
pub fn loaded_builtin(s: &State) -> Option<SharedBuiltin<'_>> {
    match &s.builtin {
        Builtin::Loaded(text) => Some(SharedBuiltin::new(RDS_GLOBAL_ID, text)),
        _ => None,
    }
}

/// What a link made now holds. `now` is the current time (Unix seconds): "today" is shared as
/// the exact time of the check, another day as that day.
pub fn shared_state(s: &State, leave_out: LeaveOut, now: i64) -> SharedState {
    let builtin = loaded_builtin(s);
    let mut state = SharedState::from_inputs(&s.inputs(), Some(s.check_time(now)), builtin.as_ref());
    if leave_out.ca {
        state.ca = CaRef::Certs(Vec::new());
    }
    if leave_out.chain {
        state.chain.clear();
    }
    if leave_out.hosts {
        state.hosts.clear();
    }
    if leave_out.at {
        state.at = None;
    }
    if leave_out.capture {
        state.capture = None;
    }
    if leave_out.error {
        state.error.clear();
    }
    if leave_out.settings {
        state.settings.clear();
    }
    state
}

/// A fragment the page opens as a link: `#v` + version digits + `.`. Unknown versions are
/// opened too, so that the page can say which version it cannot read; other fragments (an
/// anchor like `#results`) are left alone.
pub fn is_share_fragment(hash: &str) -> bool {
    let Some(rest) = hash.strip_prefix("#v") else { return false };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && rest.as_bytes().get(digits) == Some(&b'.')
}

/// The link refers to the built-in bundle (as the CA, or for one of its certificates), so
/// the page must fetch it before the link can be opened.
pub fn needs_builtin(s: &SharedState) -> bool {
    let by_ref = |refs: &[CertRef]| refs.iter().any(|r| matches!(r, CertRef::Builtin(_)));
    match &s.ca {
        CaRef::Builtin { .. } => true,
        CaRef::Certs(c) => by_ref(c) || by_ref(&s.chain),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::{decode, encode};
    use crate::web::state::examples;
    use crate::web::state::{reduce, Action};

    fn opened(link: &str, builtin: Option<&SharedBuiltin<'_>>) -> Box<Opened> {
        Box::new(decode(link).expect("decodes").into_inputs(builtin).expect("opens"))
    }

    #[test]
    fn a_link_restores_inputs_and_the_exact_check_time() {
        let s = reduce(State::new("2026-11-28".into()), Action::LoadExample(&examples::ALL[2]));
        let now = 1_795_000_000;
        let link = encode(&shared_state(&s, LeaveOut::default(), now));
        let mut other = State::new("2027-01-01".into());
        apply(&mut other, ShareAction::Open { opened: opened(&link, None), builtin: None });
        assert_eq!(other.link, LinkStatus::Opened);
        assert_eq!(other.check_time(0), now);
        assert_eq!(other.at, crate::time_fmt::date(now));
        assert_eq!(&*other.hosts, "db.example.com");
        let verdicts =
            |s: &State| crate::rules::analyze(&s.inputs(), now).verdicts.iter().map(|v| v.ok).collect::<Vec<_>>();
        assert_eq!(verdicts(&s), verdicts(&other));
        // Picking a date by hand unpins it.
        let other = reduce(other, Action::SetAt("2030-01-01".into()));
        assert_eq!(other.check_time(0), 1_893_456_000);
    }

    #[test]
    fn opens_versioned_fragments_only() {
        for (hash, open) in
            [("#v1.abc", true), ("#v2.x", true), ("#v1", false), ("#results", false), ("", false), ("#v.x", false)]
        {
            assert_eq!(is_share_fragment(hash), open, "{hash}");
        }
    }

    #[test]
    fn leaves_out_what_the_user_unticks() {
        let s = reduce(State::new("2026-11-28".into()), Action::LoadExample(&examples::ALL[0]));
        let all = LeaveOut { ca: true, chain: true, hosts: true, at: true, capture: true, error: true, settings: true };
        let state = shared_state(&s, all, 0);
        assert_eq!(
            state,
            SharedState {
                ca: CaRef::Certs(Vec::new()),
                chain: Vec::new(),
                hosts: Vec::new(),
                at: None,
                capture: None,
                error: String::new(),
                settings: String::new(),
                warn_days: None
            }
        );
        assert!(!needs_builtin(&state));
    }

    #[test]
    fn the_builtin_bundle_goes_by_reference_and_comes_back_loaded() {
        let pem = crate::source::builtin::RDS_GLOBAL_PEM;
        let mut s = reduce(State::new("2026-11-28".into()), Action::UseBuiltin(true));
        s = reduce(s, Action::BuiltinFetched(Ok(Rc::from(pem))));
        let state = shared_state(&s, LeaveOut::default(), 0);
        assert!(needs_builtin(&state));
        let link = encode(&state);
        assert!(link.len() < 200, "{}", link.len());
        let b = SharedBuiltin::new(RDS_GLOBAL_ID, pem);
        let mut other = State::new("2026-11-28".into());
        apply(&mut other, ShareAction::Open { opened: opened(&link, Some(&b)), builtin: Some(Rc::from(pem)) });
        assert!(other.use_builtin && other.ready());
        assert_eq!(other.inputs().ca_label.as_deref(), Some(RDS_GLOBAL_ID));
    }
}
