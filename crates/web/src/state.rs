//! The analyzer's state: what the user gave (paste, files, passwords), what they chose (flow,
//! host, trust store, time, keystore password, completion) and the last analysis, as signals in
//! one [`AnalyzerState`] (in the style of Leptos's todomvc `Todos`). Its [`AnalyzerState::job`]
//! turns them into the core's analysis job; [`AnalyzerState::analyse_on_change`] runs one after
//! each edit. The components ([`crate::inputs`], [`crate::options`], [`crate::results`]) read and
//! set these signals and hold no state of their own beyond their widgets'.
//!
//! Inputs live only in memory: nothing is written to storage or the URL.

use crate::analysed::{Analysed, Source};
use crate::browser;
use crate::toolkit::Toolkit;
use crate::worker::{Done, Job, Timing};
use certchain_core::completion::CompletionStatus;
use certchain_core::decode::DecodeErrorKind;
use certchain_core::outputs::EmitRequest;
use certchain_core::time::UnixTime;
use certchain_core::{Flow, Input, Options, PeerName, TrustChoice};
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// Pause after the last edit before analysing: typing stays smooth, results still feel instant.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// The name the pasted text has in the report (read in sentences: "the CSR in the text you pasted").
pub const PASTE_NAME: &str = "the text you pasted";

/// A paste larger than this leaves the text box and becomes an input of its own (listed with the
/// files): Chromium takes seconds to lay out megabytes in a textarea, and every edit would copy them.
pub const BIG_PASTE: usize = 512 * 1024;

/// Inputs at least this large show "Analysing…" while the analysis runs (in the worker when there
/// is one, see `crate::worker`; else on the page, which then does not repaint until it is done).
const SHOW_PROGRESS_FROM: usize = 256 * 1024;

/// Where the analyzer starts: the page uses the defaults; the `<certchain-analyzer>` element sets
/// them from its attributes (see `main.rs`, `mount_analyzer`).
#[derive(Clone, Default)]
pub struct Settings {
    pub flow: Flow,
    pub trust: TrustChoice,
    /// Inside a host page (the custom element): the layout is not the page's `main` landmark,
    /// which belongs to the host page (and two elements would make two).
    pub embedded: bool,
}

/// A file the user dropped or picked (or a paste too big for the text box).
#[derive(Clone)]
pub struct FileInput {
    pub id: u32,
    pub name: String,
    pub bytes: Arc<Vec<u8>>,
    pub password: RwSignal<String>,
}

/// A root certificate file loaded for the custom trust store: name and bytes.
pub type RootFile = (String, Arc<Vec<u8>>);

/// What a password-protected input's last analysis said.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    NeedsPassword,
    WrongPassword,
    Unlocked,
}

/// Everything one analyzer on the page holds. All signals: `Copy`, handed to each component.
#[derive(Clone, Copy)]
pub struct AnalyzerState {
    // What the user gave.
    pub paste: RwSignal<String>,
    pub paste_password: RwSignal<String>,
    pub files: RwSignal<Vec<FileInput>>,
    next_id: StoredValue<u32>,
    /// Files the browser could not read.
    pub read_errors: RwSignal<Vec<String>>,
    /// Files are being dragged over the page.
    pub dragging: RwSignal<bool>,
    /// Inputs that have asked for a password keep their field, so it does not vanish mid-typing.
    pub locks: RwSignal<HashMap<Source, Lock>>,

    // What the user chose.
    pub flow: RwSignal<Flow>,
    /// The server's host name (outbound flow).
    pub host: RwSignal<String>,
    pub trust: RwSignal<TrustChoice>,
    /// Pasted roots for the custom store.
    pub custom_roots: RwSignal<String>,
    /// Root files loaded for the custom store (any format the core decodes, DER included).
    pub root_files: RwSignal<Vec<RootFile>>,
    /// "Check at" as typed (empty: now).
    pub check_time: RwSignal<String>,
    /// Why `check_time` is not a time, if it is not.
    pub time_error: Memo<Option<String>>,
    pub keystore_password: RwSignal<String>,
    /// Complete a chain that lacks an intermediate from the CCADB snapshot (issue 14).
    pub complete: RwSignal<bool>,
    /// The explainer, the commands' My Domain and the org trust list (its text is the org store).
    pub toolkit: Toolkit,

    // The analysis.
    pub analysed: RwSignal<Option<Arc<Analysed>>>,
    /// Analyses finished (a `data-*` attribute the tests wait on).
    pub runs: RwSignal<u32>,
    /// Where the last analysis ran and where its time went (data-* attributes, for measuring).
    pub timing: RwSignal<Timing>,
    /// Set when the analysis itself failed (an internal error in the worker), shown instead of a result.
    pub failure: RwSignal<Option<String>>,
    /// Bytes being analysed, while a large analysis is pending (shown as progress).
    pub busy: RwSignal<Option<usize>>,
    /// The CCADB snapshot's load, once an analysis needed it: asked (once per page), its status
    /// line while loading or why it failed, and a count that analyses again when it arrived.
    /// Types the page already has (Option<String>, u32): a new signal type costs the wasm ~3 KB.
    snapshot_asked: StoredValue<u32>,
    pub snapshot_note: RwSignal<Option<String>>,
    snapshot_ready: RwSignal<u32>,
    /// Every edit bumps it; a pending analysis or a reply for an older one is dropped.
    generation: StoredValue<u64>,
    /// This analyzer's jobs in the analysis worker (each keeps only its newest one waiting).
    owner: u64,
}

impl AnalyzerState {
    /// A fresh analyzer. The org list remembered in this browser, if any, is used again (issue 4).
    pub fn new(settings: &Settings) -> AnalyzerState {
        let toolkit = Toolkit::new();
        let trust = if toolkit.restored && settings.trust == TrustChoice::Salesforce {
            TrustChoice::OrgList
        } else {
            settings.trust.clone()
        };
        let check_time = RwSignal::new(String::new());
        AnalyzerState {
            paste: RwSignal::new(String::new()),
            paste_password: RwSignal::new(String::new()),
            files: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
            read_errors: RwSignal::new(Vec::new()),
            dragging: RwSignal::new(false),
            locks: RwSignal::new(HashMap::new()),
            flow: RwSignal::new(settings.flow),
            host: RwSignal::new(String::new()),
            trust: RwSignal::new(trust),
            custom_roots: RwSignal::new(String::new()),
            root_files: RwSignal::new(Vec::new()),
            check_time,
            time_error: Memo::new(move |_| parse_check_time(&check_time.get()).err()),
            keystore_password: RwSignal::new(String::new()),
            complete: RwSignal::new(true),
            toolkit,
            analysed: RwSignal::new(None),
            runs: RwSignal::new(0),
            timing: RwSignal::new(Timing::default()),
            failure: RwSignal::new(None),
            busy: RwSignal::new(None),
            snapshot_asked: StoredValue::new(0),
            snapshot_note: RwSignal::new(None),
            snapshot_ready: RwSignal::new(0),
            generation: StoredValue::new(0),
            owner: next_owner(),
        }
    }

    /// The current inputs and options as the core's analysis job, with what each input index
    /// stands for. `None` when there is nothing to analyse yet. Reads without tracking.
    pub fn job(&self) -> Option<(Job, Vec<Source>)> {
        let mut inputs = Vec::new();
        let mut sources = Vec::new();
        let text = self.paste.get_untracked();
        if !text.trim().is_empty() {
            let mut input = Input::new(PASTE_NAME, text.into_bytes());
            input.password = Some(self.paste_password.get_untracked()).filter(|p| !p.is_empty());
            inputs.push(input);
            sources.push(Source::Paste);
        }
        for file in self.files.get_untracked() {
            let mut input = Input::new(file.name.clone(), file.bytes.as_ref().clone());
            input.password = Some(file.password.get_untracked()).filter(|p| !p.is_empty());
            inputs.push(input);
            sources.push(Source::File(file.id));
        }
        if inputs.is_empty() {
            return None;
        }
        // Keystores only with a password and real randomness; the core says why one was skipped.
        let entropy = browser::entropy();
        let emit = EmitRequest {
            alias: None,
            password: Some(self.keystore_password.get_untracked()).filter(|p| !p.is_empty() && entropy.is_ok()),
            entropy: entropy.unwrap_or([0; 32]),
        };
        Some((Job { inputs, options: self.options(), emit }, sources))
    }

    /// The core's options for the current choices: flow and purpose from the core's defaults
    /// (`Options::for_flow`, as the CLI and the JS API), the host as the core reads one.
    fn options(&self) -> Options {
        let at =
            parse_check_time(&self.check_time.get_untracked()).ok().flatten().unwrap_or(UnixTime(browser::now_unix()));
        let flow = self.flow.get_untracked();
        let mut options = Options::for_flow(at, Some(flow), None);
        options.trust = self.trust.get_untracked();
        options.complete = self.complete.get_untracked();
        options.custom_roots = match options.trust {
            TrustChoice::Custom => std::iter::once(Input::new("custom roots", self.custom_roots.get_untracked()))
                .chain(
                    self.root_files.get_untracked().into_iter().map(|(name, bytes)| Input::new(name, bytes.to_vec())),
                )
                .collect(),
            TrustChoice::OrgList => vec![Input::new("org trust list", self.toolkit.org_text.get_untracked())],
            TrustChoice::Salesforce | TrustChoice::Mozilla => Vec::new(),
        };
        if flow == Flow::Outbound {
            options.peer_names = PeerName::parse(&self.host.get_untracked()).into_iter().collect();
        }
        options
    }

    /// Adds files the user dropped or picked, once the browser has read them.
    pub fn add_files(self, list: Option<web_sys::FileList>) {
        let Some(list) = list else { return };
        for index in 0..list.length() {
            let Some(file) = list.item(index) else { continue };
            leptos::task::spawn_local(async move {
                match browser::read_file(&file).await {
                    Ok(bytes) => self.add_file(file.name(), bytes),
                    Err(message) => self.read_errors.update(|errors| errors.push(message)),
                }
            });
        }
    }

    fn add_file(self, name: String, bytes: Vec<u8>) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let entry = FileInput { id, name, bytes: Arc::new(bytes), password: RwSignal::new(String::new()) };
        self.files.update(|list| list.push(entry));
    }

    pub fn remove_file(self, id: u32) {
        self.files.update(|list| list.retain(|f| f.id != id));
    }

    /// A new text in the paste box. Returns false when it was too big for the box and became an
    /// input of its own (the box is then to be emptied).
    pub fn set_paste(self, text: String) -> bool {
        if text.len() <= BIG_PASTE {
            self.paste.set(text);
            return true;
        }
        let name = format!("{PASTE_NAME} ({} KB)", text.len().div_ceil(1024));
        self.add_file(name, text.into_bytes());
        self.paste.set(String::new());
        false
    }

    /// Replaces the custom store's root files with the picked ones, once read.
    pub fn set_root_files(self, list: Option<web_sys::FileList>) {
        let Some(list) = list else { return };
        self.root_files.set(Vec::new());
        for index in 0..list.length() {
            let Some(file) = list.item(index) else { continue };
            leptos::task::spawn_local(async move {
                match browser::read_file(&file).await {
                    Ok(bytes) => self.root_files.update(|r| r.push((file.name(), Arc::new(bytes)))),
                    Err(message) => self.read_errors.update(|errors| errors.push(message)),
                }
            });
        }
    }

    /// What the last analysis said about this input's password, once it asked for one.
    pub fn lock(self, source: Source) -> Option<Lock> {
        self.locks.with(|l| l.get(&source).copied())
    }

    /// Analyses after every edit, debounced: every edit bumps the generation; only the last one
    /// analyses, and only the newest reply is shown.
    pub fn analyse_on_change(self) {
        let state = self;
        Effect::new(move |_| {
            state.paste.track();
            state.paste_password.track();
            state.files.with(|list| list.iter().for_each(|f| f.password.track()));
            state.flow.track();
            state.host.track();
            state.trust.track();
            state.custom_roots.track();
            state.root_files.track();
            state.toolkit.org_text.track();
            state.check_time.track();
            state.keystore_password.track();
            state.complete.track();
            // Analyse again once the snapshot has arrived (it was asked for by a report).
            state.snapshot_ready.track();
            let size = state.paste.with(String::len)
                + state.files.with(|list| list.iter().map(|f| f.bytes.len()).sum::<usize>());
            // Painted during the debounce pause, before the analysis occupies the page.
            state.busy.set((size >= SHOW_PROGRESS_FROM).then_some(size));
            state.generation.update_value(|g| *g += 1);
            let mine = state.generation.get_value();
            set_timeout(move || state.analyse(mine), DEBOUNCE);
        });
    }

    /// Sends the current job to the worker (or runs it here), unless generation `mine` is stale.
    fn analyse(self, mine: u64) {
        // A reply for an older edit is stale: dropped unread (the generation moved on).
        let current = move || self.generation.try_get_value() == Some(mine);
        if !current() {
            return;
        }
        let Some((job, sources)) = self.job() else {
            self.show(Ok(None));
            return;
        };
        crate::worker::analyse(self.owner, job, current, move |outcome| {
            if current() {
                self.show(outcome.map(|done| Some((done, sources))));
            }
        });
    }

    /// Shows an analysis (`None`: nothing to analyse) or why it failed.
    fn show(self, outcome: Result<Option<(Done, Vec<Source>)>, String>) {
        match outcome {
            Ok(Some((done, sources))) => {
                self.failure.set(None);
                self.load_snapshot_if_asked(&done);
                let a =
                    Analysed { report: done.report, emitted: done.emitted, sources, millis: done.timing.analysis_ms };
                self.locks.update(|locks| update_locks(locks, &a));
                self.analysed.set(Some(Arc::new(a)));
                self.timing.set(done.timing);
            }
            Ok(None) => {
                self.failure.set(None);
                self.analysed.set(None);
            }
            Err(why) => {
                self.failure.set(Some(why));
                self.analysed.set(None);
            }
        }
        self.busy.set(None);
        self.runs.update(|n| *n += 1);
    }

    /// An issuer is missing and the snapshot is not here yet: this report is shown, the snapshot
    /// loaded (one whole file), and the analysis runs again when it arrives.
    fn load_snapshot_if_asked(self, done: &Done) {
        let wants_snapshot =
            done.report.completion.as_ref().is_some_and(|c| c.status == CompletionStatus::SnapshotNotLoaded);
        if !wants_snapshot || self.snapshot_asked.get_value() != 0 {
            return;
        }
        self.snapshot_asked.set_value(1);
        self.snapshot_note.set(Some(
            "An issuer is missing: loading certchain's CCADB snapshot of disclosed intermediates (one 2 MB file from this site, the same for everyone)…".into(),
        ));
        leptos::task::spawn_local(async move {
            match crate::intermediates::ensure_intermediates().await {
                Ok(()) => {
                    self.snapshot_note.set(None);
                    self.snapshot_ready.update(|n| *n += 1);
                }
                Err(why) => self.snapshot_note.set(Some(format!("The chain could not be completed offline: {why}."))),
            }
        });
    }
}

/// The analysis worker's owner id of each analyzer on the page (the page, or embedded elements).
fn next_owner() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// `2026-06-01 00:00`, `2026-06-01T00:00[:00]` or a date alone, read as UTC.
/// `Ok(None)` = empty (use now).
fn parse_check_time(value: &str) -> Result<Option<UnixTime>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let value = &if value.len() == 10 { format!("{value}T00:00") } else { value.replacen(' ', "T", 1) };
    let full = match value.len() {
        16 => format!("{value}:00Z"),
        _ if value.ends_with('Z') || value.contains('+') => value.to_string(),
        _ => format!("{value}Z"),
    };
    UnixTime::parse_rfc3339(&full).map(Some).map_err(|_| {
        format!("'{value}' is not a date and time: write it as 2026-06-01 00:00 (UTC), or clear it to check at the current time")
    })
}

fn update_locks(locks: &mut HashMap<Source, Lock>, analysed: &Analysed) {
    for (input, source) in analysed.report.inputs.iter().zip(&analysed.sources) {
        let state = if input.errors.iter().any(|e| e.kind == DecodeErrorKind::WrongPassword) {
            Some(Lock::WrongPassword)
        } else if input.errors.iter().any(|e| e.kind == DecodeErrorKind::PasswordRequired) {
            Some(Lock::NeedsPassword)
        } else if locks.contains_key(source) {
            Some(Lock::Unlocked)
        } else {
            None
        };
        if let Some(state) = state {
            locks.insert(*source, state);
        }
    }
}

/// In headless Chromium (wasm-bindgen-test; `scripts/web-test` runs them): the job the state builds.
#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use certchain_core::Purpose;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    /// Leptos's executor, which mounting a page starts: these tests build the state alone, and
    /// its effects spawn tasks. A second call (another test started it) is refused, harmlessly.
    fn start_executor() {
        let _ = any_spawner::Executor::init_wasm_bindgen();
    }

    #[wasm_bindgen_test]
    fn nothing_given_is_no_job() {
        start_executor();
        let state = AnalyzerState::new(&Settings::default());
        assert!(state.job().is_none());
        state.paste.set("  \n".into());
        assert!(state.job().is_none(), "white space alone is nothing to analyse");
    }

    #[wasm_bindgen_test]
    fn the_job_carries_inputs_and_the_core_s_options() {
        start_executor();
        let state = AnalyzerState::new(&Settings { flow: Flow::Outbound, ..Settings::default() });
        state.paste.set("pasted".into());
        state.paste_password.set("pw".into());
        assert!(!state.set_paste("x".repeat(BIG_PASTE + 1)), "a big paste becomes an input of its own");
        assert!(state.set_paste("pasted".into()));
        state.host.set(" [::1] ".into());
        state.trust.set(TrustChoice::Custom);
        state.custom_roots.set("roots".into());
        state.root_files.set(vec![("root.der".into(), Arc::new(vec![0x30]))]);
        state.check_time.set("2026-06-01".into());
        state.complete.set(false);
        let (job, sources) = state.job().unwrap();
        let names: Vec<&str> = job.inputs.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, [PASTE_NAME, "the text you pasted (513 KB)"]);
        assert_eq!(sources, [Source::Paste, Source::File(0)]);
        assert_eq!(job.inputs[0].password.as_deref(), Some("pw"));
        let o = &job.options;
        assert_eq!((o.flow, o.purpose), (Flow::Outbound, Purpose::Server));
        assert_eq!(o.peer_names, [PeerName::Ip("::1".into())]);
        let roots: Vec<&str> = o.custom_roots.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(roots, ["custom roots", "root.der"]);
        assert_eq!(o.at, UnixTime(1_780_272_000));
        assert!(!o.complete);
        assert!(job.emit.password.is_none(), "no keystore without a password");

        // The host counts only in the outbound flow; another store drops the custom roots.
        state.flow.set(Flow::Generic);
        state.trust.set(TrustChoice::Mozilla);
        let (job, _) = state.job().unwrap();
        assert_eq!((job.options.purpose, job.options.peer_names.len()), (Purpose::Any, 0));
        assert!(job.options.custom_roots.is_empty());
    }

    #[wasm_bindgen_test]
    fn a_check_time_that_is_not_one_says_so() {
        start_executor();
        assert_eq!(parse_check_time(""), Ok(None));
        assert_eq!(parse_check_time("2026-06-01 00:00"), Ok(Some(UnixTime(1_780_272_000))));
        assert!(parse_check_time("June").unwrap_err().contains("2026-06-01 00:00 (UTC)"));
    }
}
