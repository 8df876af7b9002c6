//! The app's one state and the one reducer that changes it.
//!
//! Everything here except the `Reducible` glue at the bottom is plain Rust over the core
//! types, so the reducer is unit-tested natively (`cargo test --lib`) without a browser. Side effects (timers, fetch, file reading, the clock) live in the components and
//! arrive here as actions.

use std::rc::Rc;

use super::analysis::{AnalysisRequest, Evidence};
use super::capture::{CaptureAction, CaptureState};
use super::examples::Example;
use super::files::FileText;
use super::live::{Live, LiveAction};
use super::share::{LinkStatus, ShareAction};
use super::transcript::SharedTranscript;
use crate::decode::pki::pem::strip_private_keys;
use crate::report::Report;
use crate::rules::versions::ClientVersions;
use crate::source::builtin::RDS_GLOBAL_ID;
use crate::source::inputs::Inputs;

/// The text inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    CaBundle,
    Chain,
    Hosts,
    /// The client's error message as pasted.
    ErrorMessage,
    /// How the person connects (command line, URL, config).
    Settings,
}

/// The built-in RDS bundle, fetched only once the user asks for it (it would triple the
/// first load if it were embedded).
#[derive(Debug, Clone, PartialEq)]
pub enum Builtin {
    NotLoaded,
    Loading,
    Loaded(Rc<str>),
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct State {
    // Rc<str>: a pasted bundle can be 200 KB, and the state is cloned on every keystroke.
    pub ca_bundle: Rc<str>,
    pub chain: Rc<str>,
    pub hosts: Rc<str>,
    pub error_message: Rc<str>,
    pub settings: Rc<str>,
    /// `YYYY-MM-DD` from the date input; empty means "now".
    pub at: String,
    /// Today's local date when the page loaded: checking "today" means checking now.
    pub today: String,
    pub use_builtin: bool,
    pub builtin: Builtin,
    /// A private key was stripped from an input since the warning was last dismissed.
    pub key_removed: bool,
    /// Bumped by every change the analysis depends on; a result is shown only when it was
    /// computed for the current revision, so a slow stale run never overwrites a newer one.
    pub revision: u64,
    pub report: Option<Rc<Report>>,
    pub report_revision: u64,
    /// Why the last analysis gave no report (the core worker failed), until one does.
    pub analysis_error: Option<String>,
    /// The live check: its form, progress and result (see [`super::live`]).
    pub live: Live,
    /// The capture input and what it decoded (see [`super::capture`]).
    pub capture: CaptureState,
    /// The exact check time of an opened share link, until the user picks a date.
    pub pinned_at: Option<i64>,
    /// Opening a share link from the page's URL.
    pub link: LinkStatus,
    /// "Warn when a certificate expires within N days"; None is the core's default.
    pub warn_days: Option<u32>,
    /// The revision whose result takes the focus when it arrives: set by an example, a paste
    /// or an opened link, never by typing (the result bar then updates in place).
    pub reveal: Option<u64>,
    /// The client versions picked (the page's `--client-version`); default: current releases.
    pub client_versions: ClientVersions,
    /// The live-check host last filled in from the settings (replaced when they change, kept
    /// once the person types a target of their own).
    pub live_from_settings: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Action {
    /// The user edited a textarea (typing or pasting text).
    Edit(Field, String),
    /// A dropped, pasted or chosen file was read; appended to the field.
    AddFile(Field, FileText),
    SetAt(String),
    SetClientVersions(ClientVersions),
    UseBuiltin(bool),
    BuiltinFetched(Result<Rc<str>, String>),
    LoadExample(&'static Example),
    DismissKeyWarning,
    Analyzed {
        revision: u64,
        report: Rc<Report>,
    },
    /// The core worker could not analyse this revision (it failed to load, or crashed).
    AnalysisFailed {
        revision: u64,
        error: String,
    },
    Live(LiveAction),
    Capture(CaptureAction),
    Share(ShareAction),
    SetWarnDays(Option<u32>),
    /// Text is being pasted into an input: its result takes the focus.
    Pasted,
    /// The result bar took the focus.
    Revealed,
}

impl State {
    pub fn new(today: String) -> Self {
        State {
            ca_bundle: Rc::from(""),
            chain: Rc::from(""),
            hosts: Rc::from(""),
            error_message: Rc::from(""),
            settings: Rc::from(""),
            at: today.clone(),
            today,
            use_builtin: false,
            builtin: Builtin::NotLoaded,
            key_removed: false,
            revision: 0,
            report: None,
            report_revision: 0,
            analysis_error: None,
            live: Live::new(),
            capture: CaptureState::default(),
            pinned_at: None,
            link: LinkStatus::None,
            warn_days: None,
            reveal: None,
            client_versions: ClientVersions::default(),
            live_from_settings: None,
        }
    }

    pub fn field(&self, f: Field) -> &Rc<str> {
        match f {
            Field::CaBundle => &self.ca_bundle,
            Field::Chain => &self.chain,
            Field::Hosts => &self.hosts,
            Field::ErrorMessage => &self.error_message,
            Field::Settings => &self.settings,
        }
    }

    fn set_field(&mut self, f: Field, text: String) {
        let (clean, removed) = strip_private_keys(&text);
        if removed > 0 {
            self.key_removed = true;
        }
        let slot = match f {
            Field::CaBundle => &mut self.ca_bundle,
            Field::Chain => &mut self.chain,
            Field::Hosts => &mut self.hosts,
            Field::ErrorMessage => &mut self.error_message,
            Field::Settings => &mut self.settings,
        };
        *slot = Rc::from(clean);
        self.revision += 1;
    }

    /// Nothing entered yet: the page shows how to start instead of a wall of "missing" findings.
    pub fn is_blank(&self) -> bool {
        self.chain.trim().is_empty()
            && self.hosts.trim().is_empty()
            && self.ca_bundle.trim().is_empty()
            && self.error_message.trim().is_empty()
            && self.settings.trim().is_empty()
            && !self.use_builtin
            && self.live.result.is_none()
            && self.capture.source == super::capture::Source::None
    }

    /// False while the built-in bundle is chosen but not loaded: analysing without it would
    /// flash a "no CA bundle" verdict.
    pub fn ready(&self) -> bool {
        (!self.use_builtin || matches!(self.builtin, Builtin::Loaded(_))) && !self.capture.busy()
    }

    /// Results are being recomputed (typing, debounce, or loading the bundle).
    pub fn pending(&self) -> bool {
        self.revision != self.report_revision
    }

    /// The core's inputs for the current state.
    pub fn inputs(&self) -> Inputs {
        let (ca_bundle, ca_label) = match (&self.builtin, self.use_builtin) {
            (Builtin::Loaded(text), true) => (text.to_string(), Some(RDS_GLOBAL_ID.to_owned())),
            (_, true) => (String::new(), Some(RDS_GLOBAL_ID.to_owned())),
            (_, false) => (self.ca_bundle.to_string(), None),
        };
        Inputs {
            ca_bundle,
            ca_label,
            chain: self.chain.to_string(),
            hosts: Inputs::hosts_from_text(&self.hosts),
            capture: self.capture.transcript(),
            error_message: self.error_message.to_string(),
            settings: self.settings.to_string(),
            warn_days: self.warn_days,
        }
    }

    /// The analysis of this state as of `now` (see [`super::analysis`]): a finished live check
    /// merges its chain, transcript and section into the analysis of the inputs; a capture
    /// brings every connection's outcome and the selected one's transcript.
    pub fn analysis_request(&self, now: i64) -> AnalysisRequest {
        let mut inputs = self.inputs();
        let transcript = inputs.capture.take().map(|t| SharedTranscript(Rc::new(t)));
        let evidence = match (&self.live.result, self.capture.outcomes()) {
            (Some(live), _) => {
                let live = &live.0;
                Evidence::Live { target: live.target.clone(), host: live.host.clone(), runs: live.runs.clone() }
            }
            (None, Some(outcomes)) => Evidence::Capture { outcomes, selected: self.capture.connection_id() },
            (None, None) => Evidence::Pasted,
        };
        AnalysisRequest { revision: self.revision, now, inputs, transcript, versions: self.client_versions, evidence }
    }

    /// The report for this state, run here (the page runs [`State::analysis_request`] in its
    /// core worker instead).
    pub fn analyze(&self, now: i64) -> Report {
        self.analysis_request(now).run(&mut super::bundle_cache::BundleCache::default())
    }

    /// A host from the settings (as the report read them: the settings reader runs in the
    /// core worker) becomes the live check's target (and its port) while no hostname is typed
    /// and the target is not one the person typed; the analysis takes the same host as its
    /// hostname (`rules::settings`).
    fn fill_live_target(&mut self, parsed: Option<&crate::decode::settings::Settings>) {
        let own_target =
            !self.live.host.trim().is_empty() && self.live_from_settings.as_deref() != Some(&*self.live.host);
        if own_target {
            return;
        }
        let host = parsed.and_then(|p| p.host.clone()).filter(|_| self.hosts.trim().is_empty());
        match host {
            Some(host) => {
                self.live.host = host.clone();
                self.live.port = parsed.and_then(|p| p.port).unwrap_or(3306).to_string();
                self.live_from_settings = Some(host);
            }
            None => {
                if self.live_from_settings.take().is_some() {
                    self.live.host.clear();
                    self.live.port = "3306".into();
                }
            }
        }
    }

    /// The time to check at, in Unix seconds: `now` for today (so a certificate expiring this
    /// afternoon is judged as of now), else midnight UTC of the chosen day.
    pub fn check_time(&self, now: i64) -> i64 {
        if let Some(pinned) = self.pinned_at {
            return pinned;
        }
        if self.at.is_empty() || self.at == self.today {
            return now;
        }
        crate::time_fmt::parse(&self.at).unwrap_or(now)
    }
}

// Not derived: `Report` has no `PartialEq`, and the same analysis is the same `Rc` anyway.
// Yew compares states to decide whether context consumers re-render.
impl PartialEq for State {
    fn eq(&self, o: &Self) -> bool {
        let same_report = match (&self.report, &o.report) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same_report
            && self.revision == o.revision
            && self.report_revision == o.report_revision
            && self.analysis_error == o.analysis_error
            && self.key_removed == o.key_removed
            && self.use_builtin == o.use_builtin
            && self.builtin == o.builtin
            && self.at == o.at
            && self.today == o.today
            && self.ca_bundle == o.ca_bundle
            && self.chain == o.chain
            && self.hosts == o.hosts
            && self.error_message == o.error_message
            && self.settings == o.settings
            && self.live == o.live
            && self.capture == o.capture
            && self.pinned_at == o.pinned_at
            && self.link == o.link
            && self.warn_days == o.warn_days
            && self.reveal == o.reveal
    }
}

/// The reducer: the state after `action`. No I/O, no clock.
pub fn reduce(mut s: State, action: Action) -> State {
    match action {
        Action::Edit(f, text) => {
            s.set_field(f, text);
        }
        Action::AddFile(f, file) => {
            if file.key_dropped {
                s.key_removed = true;
            }
            let joined = append(s.field(f), &file.text);
            s.set_field(f, joined);
        }
        Action::SetAt(at) => {
            s.at = at;
            s.pinned_at = None;
            s.revision += 1;
        }
        Action::SetClientVersions(versions) => {
            s.client_versions = versions;
            s.revision += 1;
        }
        Action::UseBuiltin(on) => {
            s.use_builtin = on;
            if on && matches!(s.builtin, Builtin::NotLoaded | Builtin::Failed(_)) {
                s.builtin = Builtin::Loading;
            }
            s.revision += 1;
        }
        Action::BuiltinFetched(result) => {
            s.builtin = match result {
                Ok(text) => Builtin::Loaded(text),
                Err(e) => Builtin::Failed(e),
            };
            s.revision += 1;
        }
        Action::LoadExample(ex) => {
            s.use_builtin = false;
            s.key_removed = false;
            s.ca_bundle = Rc::from(ex.ca_bundle);
            s.chain = Rc::from(ex.chain);
            s.hosts = Rc::from(ex.hosts);
            s.revision += 1;
            s.reveal = Some(s.revision);
        }
        Action::DismissKeyWarning => s.key_removed = false,
        Action::Capture(a) => {
            if s.capture.apply(a) {
                s.revision += 1;
            }
        }
        Action::Share(a) => {
            let opens = matches!(a, ShareAction::Open { .. });
            super::share::apply(&mut s, a);
            if opens {
                s.reveal = Some(s.revision);
            }
        }
        Action::SetWarnDays(days) => {
            s.warn_days = days;
            s.revision += 1;
        }
        // The edit that carries the pasted text comes next and makes the next revision.
        Action::Pasted => s.reveal = Some(s.revision + 1),
        Action::Revealed => s.reveal = None,
        Action::Live(a) => {
            if s.live.reduce(a) {
                s.revision += 1;
            }
        }
        Action::Analyzed { revision, report } => {
            if revision == s.revision {
                s.fill_live_target(report.settings.as_ref());
                s.report = Some(report);
                s.report_revision = revision;
                s.analysis_error = None;
            }
            // A result that was to take the focus was overtaken by typing: it never will.
            if s.reveal.is_some_and(|r| r < revision) {
                s.reveal = None;
            }
        }
        Action::AnalysisFailed { revision, error } => {
            if revision == s.revision {
                s.report_revision = revision;
                s.analysis_error = Some(error);
            }
        }
    }
    s
}

/// Appends a file's text on its own line, so dropping the leaf then the intermediate builds
/// a chain.
fn append(current: &str, text: &str) -> String {
    if current.trim().is_empty() {
        text.to_owned()
    } else if current.ends_with('\n') {
        format!("{current}{text}")
    } else {
        format!("{current}\n{text}")
    }
}

// Yew glue: the only part of this file that needs the browser.
#[cfg(target_arch = "wasm32")]
impl yew::Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(reduce((*self).clone(), action))
    }
}

/// What components get from the context.
#[cfg(target_arch = "wasm32")]
pub type StateHandle = yew::UseReducerHandle<State>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::state::examples;

    fn edited(s: State, f: Field, text: &str) -> State {
        reduce(s, Action::Edit(f, text.to_owned()))
    }

    /// `edited`, then its analysis's answer (as the core worker sends it).
    fn analysed(s: State, f: Field, text: &str) -> State {
        let s = edited(s, f, text);
        let (revision, report) = (s.revision, Rc::new(s.analyze(0)));
        reduce(s, Action::Analyzed { revision, report })
    }

    #[test]
    fn the_settings_host_fills_the_live_target_until_the_person_types_one() {
        let host = "mydb.abc123xyz.us-east-1.rds.amazonaws.com";
        let cli = format!("mysql -h {host} -P 3307 --ssl-mode=VERIFY_IDENTITY");
        let s = analysed(State::new("2026-11-28".into()), Field::Settings, &cli);
        assert_eq!((s.live.host.as_str(), s.live.port.as_str()), (host, "3307"));
        assert_eq!(s.inputs().settings, cli);
        // Other settings replace what they filled in; clearing them clears it.
        let s = analysed(s, Field::Settings, "jdbc:mysql://db.example.com/app?sslMode=VERIFY_IDENTITY");
        assert_eq!((s.live.host.as_str(), s.live.port.as_str()), ("db.example.com", "3306"));
        let s = analysed(s, Field::Settings, "");
        assert_eq!((s.live.host.as_str(), s.live_from_settings.as_deref()), ("", None));
        // Until the report comes, the target is the last one filled in.
        let s = edited(s, Field::Settings, "mysql -h other.example.com");
        assert_eq!(s.live.host, "");
        // A target of one's own stays.
        let mut s = reduce(s, Action::Live(LiveAction::SetHost("10.0.0.5".into())));
        s = analysed(s, Field::Settings, "mysql -h db.example.com");
        assert_eq!(s.live.host, "10.0.0.5");
        // Typed hostnames win over the settings' host.
        let s = analysed(State::new("2026-11-28".into()), Field::Hosts, "other.example.com");
        let s = analysed(s, Field::Settings, "mysql -h db.example.com");
        assert_eq!(s.live.host, "");
    }

    #[test]
    fn strips_a_pasted_private_key_and_raises_the_warning() {
        let key = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n";
        let s = edited(State::new("2026-11-28".into()), Field::Chain, &format!("{}{key}", examples::ALL[0].chain));
        assert_eq!(&*s.chain, examples::ALL[0].chain);
        assert!(s.key_removed);
        let s = reduce(s, Action::DismissKeyWarning);
        assert!(!s.key_removed);
    }

    #[test]
    fn keeps_only_the_result_of_the_current_revision() {
        let s = edited(State::new("2026-11-28".into()), Field::Hosts, "a.example");
        let stale = s.revision;
        let s = edited(s, Field::Hosts, "b.example");
        let report = Rc::new(crate::rules::analyze(&s.inputs(), 0));
        let s = reduce(s, Action::Analyzed { revision: stale, report: report.clone() });
        assert!(s.report.is_none() && s.pending());
        let current = s.revision;
        let s = reduce(s, Action::Analyzed { revision: current, report });
        assert!(s.report.is_some() && !s.pending());
    }

    #[test]
    fn uses_the_builtin_bundle_only_once_loaded() {
        let s = reduce(State::new("2026-11-28".into()), Action::UseBuiltin(true));
        assert_eq!(s.builtin, Builtin::Loading);
        assert!(!s.ready());
        let s = reduce(s, Action::BuiltinFetched(Ok(Rc::from("PEM"))));
        assert!(s.ready());
        let inputs = s.inputs();
        assert_eq!((inputs.ca_bundle.as_str(), inputs.ca_label.as_deref()), ("PEM", Some(RDS_GLOBAL_ID)));
        let s = reduce(s, Action::UseBuiltin(false));
        assert_eq!(s.inputs().ca_label, None);
    }

    #[test]
    fn appends_files_on_their_own_line() {
        let s = edited(State::new("2026-11-28".into()), Field::Chain, "A");
        let s = reduce(s, Action::AddFile(Field::Chain, FileText { text: "B\n".into(), key_dropped: true }));
        assert_eq!(&*s.chain, "A\nB\n");
        assert!(s.key_removed);
    }

    #[test]
    fn checks_today_at_now_and_other_days_at_midnight_utc() {
        let mut s = State::new("2026-11-28".into());
        assert_eq!(s.check_time(1_800_000_000), 1_800_000_000);
        s.at = "2030-01-01".into();
        assert_eq!(s.check_time(0), 1_893_456_000);
    }

    #[test]
    fn reveals_the_result_of_an_example_or_a_paste_but_not_of_typing() {
        let s = edited(State::new("2026-11-28".into()), Field::Hosts, "a.example");
        assert_eq!(s.reveal, None);
        let s = reduce(s, Action::LoadExample(&examples::ALL[1]));
        assert_eq!(s.reveal, Some(s.revision));
        let s = reduce(s, Action::Revealed);
        assert_eq!(s.reveal, None);
        let s = reduce(s, Action::Pasted);
        let s = edited(s, Field::Chain, examples::ALL[0].chain);
        assert_eq!(s.reveal, Some(s.revision));
        // Typing on before the result came: the result of the paste's revision is dropped, and
        // so is the wish to reveal it.
        let pasted = s.revision;
        let s = edited(s, Field::Hosts, "b.example");
        let report = Rc::new(crate::rules::analyze(&s.inputs(), 0));
        let s = reduce(s, Action::Analyzed { revision: pasted + 1, report });
        assert_eq!(s.reveal, None);
    }

    #[test]
    fn passes_the_warning_horizon_to_the_core() {
        let s = reduce(State::new("2026-11-28".into()), Action::SetWarnDays(Some(400)));
        assert_eq!((s.inputs().warn_days, s.revision), (Some(400), 1));
        let s = reduce(s, Action::SetWarnDays(None));
        assert_eq!(s.inputs().warn_days, None);
    }

    #[test]
    fn examples_give_the_verdicts_their_buttons_promise() {
        use crate::report::Status;
        let now = crate::time_fmt::parse("2026-11-28").unwrap_or(0);
        let status = |i: usize| {
            crate::rules::analyze(
                &reduce(State::new(String::new()), Action::LoadExample(&examples::ALL[i])).inputs(),
                now,
            )
            .overall
            .status
        };
        // The missing intermediate stops every verifying client; the settings that verify nothing
        // (PDO verify=false, ssl_ca-only Python drivers) still connect, so it is Mixed, not Fail.
        assert_eq!([status(0), status(1), status(2)], [Status::Pass, Status::Mixed, Status::Mixed]);
    }
}
