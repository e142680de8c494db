//! The page: inputs (paste, files, passwords), options, and the analysis loop.
//!
//! Every edit schedules one analysis after a short pause (debounce); the result is rendered by
//! [`crate::render`]. Inputs live only in memory: nothing is written to storage or the URL.

use crate::browser;
use crate::render::{ReportView, Source};
use crate::worker::{Job, Timing};
use certchain_core::decode::DecodeErrorKind;
use certchain_core::outputs::{EmitRequest, Emitted};
use certchain_core::time::UnixTime;
use certchain_core::{Flow, Input, Options, PeerName, Report, TrustChoice};
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
const BIG_PASTE: usize = 512 * 1024;

/// Inputs at least this large show "Analysing…" while the analysis runs (in the worker when there
/// is one, see `crate::worker`; else on the page, which then does not repaint until it is done).
const SHOW_PROGRESS_FROM: usize = 256 * 1024;

/// A file the user dropped or picked.
#[derive(Clone)]
pub struct FileInput {
    pub id: u32,
    pub name: String,
    pub bytes: Arc<Vec<u8>>,
    pub password: RwSignal<String>,
}

/// A root certificate file loaded for the custom trust store: name and bytes.
type RootFile = (String, Arc<Vec<u8>>);

/// What a password-protected input's last analysis said.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    NeedsPassword,
    WrongPassword,
    Unlocked,
}

/// One finished analysis, with what each input index stands for.
pub struct Analysed {
    pub report: Report,
    /// The output files the core built from this analysis.
    pub emitted: Emitted,
    pub sources: Vec<Source>,
    pub millis: f64,
}

/// The flows, in the words the page shows.
const FLOWS: [(Flow, &str, &str); 5] = [
    (Flow::Inbound, "inbound", "My API client calls Salesforce (mutual TLS on port 8443)"),
    (Flow::Outbound, "outbound", "Salesforce calls my server (callout to my HTTPS endpoint)"),
    (Flow::CsrUpload, "csr_upload", "Uploading a CA-signed certificate to Salesforce (from its CSR)"),
    (Flow::Keystore, "keystore", "Building a keystore for Salesforce (Import from Keystore)"),
    (Flow::Generic, "generic", "Just check this chain"),
];

/// The stores, in the words the page shows; the Salesforce one is labelled as what it is, an
/// estimate, with its date (`trust::salesforce_estimate_label`).
const TRUSTS: [(TrustChoice, &str, &str); 4] = [
    (TrustChoice::Salesforce, "salesforce", ""),
    (TrustChoice::Mozilla, "mozilla", "Mozilla's root store (bundled)"),
    (TrustChoice::Custom, "custom", "My own roots (paste them below)"),
    (TrustChoice::OrgList, "org", "My org's list (paste /cacerts.jsp)"),
];

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

#[component]
pub fn App() -> impl IntoView {
    view! { <Analyzer settings=Settings::default() /> }
}

#[component]
pub fn Analyzer(settings: Settings) -> impl IntoView {
    let paste = RwSignal::new(String::new());
    let paste_password = RwSignal::new(String::new());
    let files = RwSignal::new(Vec::<FileInput>::new());
    let next_id = StoredValue::new(0u32);
    let flow = RwSignal::new(settings.flow);
    let host = RwSignal::new(String::new());
    let trust = RwSignal::new(settings.trust);
    // The org list remembered in this browser, if any, is used again (issue 4).
    let toolkit = crate::toolkit::Toolkit::new();
    if toolkit.restored && trust.get_untracked() == TrustChoice::Salesforce {
        trust.set(TrustChoice::OrgList);
    }
    let custom_roots = RwSignal::new(String::new());
    // Root files loaded for the custom store (any format the core decodes, DER included).
    let root_files = RwSignal::new(Vec::<RootFile>::new());
    let check_time = RwSignal::new(String::new());
    let keystore_password = RwSignal::new(String::new());
    // Complete a chain that lacks an intermediate from the CCADB snapshot (issue 14).
    let complete = RwSignal::new(true);
    // The snapshot's load, once an analysis needed it: asked (once per page), its status line
    // while loading or why it failed, and a count that analyses again when it arrived. Types the
    // page already has (Option<String>, u32): a new signal type costs the wasm ~3 KB.
    let snapshot_asked = StoredValue::new(0u32);
    let snapshot_note = RwSignal::new(None::<String>);
    let snapshot_ready = RwSignal::new(0u32);
    let read_errors = RwSignal::new(Vec::<String>::new());
    let dragging = RwSignal::new(false);

    let analysed = RwSignal::new(None::<Arc<Analysed>>);
    let runs = RwSignal::new(0u32);
    // Where the last analysis ran and where its time went (data-* attributes, for measuring).
    let timing = RwSignal::new(Timing::default());
    // Set when the analysis itself failed (an internal error in the worker), shown instead of a result.
    let failure = RwSignal::new(None::<String>);
    // This analyzer's jobs in the analysis worker (each keeps only its newest one waiting).
    let owner = next_owner();
    // Bytes being analysed, while a large analysis is pending (shown as progress).
    let busy = RwSignal::new(None::<usize>);
    // Inputs that have asked for a password keep their field, so it does not vanish mid-typing.
    let locks = RwSignal::new(HashMap::<Source, Lock>::new());

    let time_error = Memo::new(move |_| parse_check_time(&check_time.get()).err());

    // Debounced analysis: every edit bumps the generation; only the last one analyses.
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        paste.track();
        paste_password.track();
        files.with(|list| list.iter().for_each(|f| f.password.track()));
        flow.track();
        host.track();
        trust.track();
        custom_roots.track();
        root_files.track();
        toolkit.org_text.track();
        check_time.track();
        keystore_password.track();
        complete.track();
        // Analyse again once the snapshot has arrived (it was asked for by a report).
        snapshot_ready.track();
        let size = paste.with(String::len) + files.with(|list| list.iter().map(|f| f.bytes.len()).sum::<usize>());
        // Painted during the debounce pause, before the analysis occupies the page.
        busy.set((size >= SHOW_PROGRESS_FROM).then_some(size));
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        set_timeout(
            move || {
                if generation.try_get_value() != Some(mine) {
                    return;
                }
                let job = build_job(
                    paste,
                    paste_password,
                    files,
                    flow,
                    host,
                    trust,
                    (custom_roots, root_files, toolkit.org_text),
                    check_time,
                    keystore_password,
                    complete,
                );
                let Some((job, sources)) = job else {
                    failure.set(None);
                    analysed.set(None);
                    busy.set(None);
                    runs.update(|n| *n += 1);
                    return;
                };
                // A reply for an older edit is stale: dropped unread (the generation moved on).
                let current = move || generation.try_get_value() == Some(mine);
                crate::worker::analyse(owner, job, current, move |outcome| {
                    if !current() {
                        return;
                    }
                    let done = match outcome {
                        Ok(done) => done,
                        Err(why) => {
                            failure.set(Some(why));
                            analysed.set(None);
                            busy.set(None);
                            runs.update(|n| *n += 1);
                            return;
                        }
                    };
                    failure.set(None);
                    // An issuer is missing and the snapshot is not here yet: show this report,
                    // load the snapshot (one whole file), and the effect analyses again.
                    let wants_snapshot =
                        done.report.completion.as_ref().is_some_and(|c| {
                            c.status == certchain_core::completion::CompletionStatus::SnapshotNotLoaded
                        });
                    if wants_snapshot && snapshot_asked.get_value() == 0 {
                        snapshot_asked.set_value(1);
                        snapshot_note.set(Some(
                            "An issuer is missing: loading certchain's CCADB snapshot of disclosed intermediates (one 2 MB file from this site, the same for everyone)…".into(),
                        ));
                        leptos::task::spawn_local(async move {
                            match crate::intermediates::ensure_intermediates().await {
                                Ok(()) => {
                                    snapshot_note.set(None);
                                    snapshot_ready.update(|n| *n += 1);
                                }
                                Err(why) => {
                                    snapshot_note.set(Some(format!("The chain could not be completed offline: {why}.")))
                                }
                            }
                        });
                    }
                    let a = Analysed {
                        report: done.report,
                        emitted: done.emitted,
                        sources,
                        millis: done.timing.analysis_ms,
                    };
                    locks.update(|locks| update_locks(locks, &a));
                    analysed.set(Some(Arc::new(a)));
                    timing.set(done.timing);
                    busy.set(None);
                    runs.update(|n| *n += 1);
                });
            },
            DEBOUNCE,
        );
    });

    let add_files = move |list: Option<web_sys::FileList>| {
        let Some(list) = list else { return };
        for index in 0..list.length() {
            let Some(file) = list.item(index) else { continue };
            leptos::task::spawn_local(async move {
                match browser::read_file(&file).await {
                    Ok(bytes) => {
                        let id = next_id.get_value();
                        next_id.set_value(id + 1);
                        let entry = FileInput {
                            id,
                            name: file.name(),
                            bytes: Arc::new(bytes),
                            password: RwSignal::new(String::new()),
                        };
                        files.update(|list| list.push(entry));
                    }
                    Err(message) => read_errors.update(|errors| errors.push(message)),
                }
            });
        }
    };

    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        add_files(ev.data_transfer().and_then(|dt| dt.files()));
    };
    // The page takes drops anywhere in its window (else Chromium opens the dropped file); an
    // embedded analyzer only on itself, the host page's window being the host's.
    if !settings.embedded {
        crate::drop::whole_window(dragging, add_files);
    }
    let on_pick = move |ev: web_sys::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        add_files(input.files());
        // Allow picking the same file again after removing it.
        input.set_value("");
    };

    let paste_lock = move || locks.with(|l| l.get(&Source::Paste).copied());

    view! {
        <header class="top">
            <h1>"certchain"</h1>
            <p class="tagline">
                "Check a certificate chain for Salesforce mutual TLS. Everything is analysed inside this page: "
                "nothing is uploaded, stored or sent anywhere."
            </p>
        </header>
        <crate::drop::DropHint dragging=dragging />
        <div
            class="layout"
            role=(!settings.embedded).then_some("main")
            on:dragover=move |ev: web_sys::DragEvent| {
                if settings.embedded {
                    ev.prevent_default();
                    dragging.set(true);
                }
            }
            on:dragleave=move |_| if settings.embedded { dragging.set(false) }
            on:drop=move |ev| if settings.embedded { on_drop(ev) }
        >
            <section class="panel inputs" aria-labelledby="inputs-heading">
                <h2 id="inputs-heading">"1. Your certificates"</h2>
                <label for="paste" class="field-label">
                    "Paste certificates, chains, keys, CSRs — or a whole e-mail with a certificate in it"
                </label>
                <textarea
                    id="paste"
                    data-testid="paste"
                    class="paste"
                    spellcheck="false"
                    autocomplete="off"
                    placeholder="-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----"
                    prop:value=move || paste.get()
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        if text.len() <= BIG_PASTE {
                            paste.set(text);
                            return;
                        }
                        let id = next_id.get_value();
                        next_id.set_value(id + 1);
                        let name = format!("{PASTE_NAME} ({} KB)", text.len().div_ceil(1024));
                        let bytes = Arc::new(text.into_bytes());
                        files.update(|list| {
                            list.push(FileInput { id, name, bytes, password: RwSignal::new(String::new()) })
                        });
                        paste.set(String::new());
                        if let Some(area) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlTextAreaElement>(t).ok()) {
                            area.set_value("");
                        }
                    }
                ></textarea>
                {move || {
                    paste_lock()
                        .map(|lock| {
                            view! {
                                <PasswordField
                                    id="paste-password".to_string()
                                    label=format!("Password for {PASTE_NAME}")
                                    lock=lock
                                    value=paste_password
                                    testid="password-paste".to_string()
                                />
                            }
                        })
                }}
                <div class="dropzone" class:dragging=move || dragging.get() data-testid="dropzone">
                    <p>"Drop files anywhere on the page (PEM, DER, .p7b, .p12, .pfx, .jks, .key, .csr), or"</p>
                    <crate::drop::FilePicker id="file-picker" label="Choose files…" on_pick=on_pick />
                    <crate::example::TryExample paste=paste />
                </div>
                <ul class="files" data-testid="files" aria-label="Files added">
                    <For each=move || files.get() key=|f| f.id let:file>
                        <FileRow file=file files=files locks=locks />
                    </For>
                </ul>
                <div class="read-errors" role="alert">
                    {move || read_errors.get().into_iter().map(|e| view! { <p class="sev-error">{e}</p> }).collect_view()}
                </div>
                <crate::summary::Summary analysed=analysed failure=failure flow=flow />
                {move || {
                    analysed
                        .get()
                        .filter(|a| !a.report.keys.is_empty())
                        .map(|_| {
                            view! {
                                <p class="note" data-testid="key-note">
                                    "A private key is among your inputs. It stays on this page: it is not uploaded, "
                                    "not stored, and not included in the report."
                                </p>
                            }
                        })
                }}
                <crate::toolkit::ErrorInput toolkit=toolkit />
            </section>

            <section class="panel options" aria-labelledby="options-heading">
                <h2 id="options-heading">"2. What you are doing"</h2>
                <fieldset>
                    <legend>"Flow"</legend>
                    {FLOWS
                        .iter()
                        .map(|&(value, id, text)| {
                            view! {
                                <label class="choice">
                                    <input
                                        type="radio"
                                        name="flow"
                                        value=id
                                        data-testid=format!("flow-{id}")
                                        prop:checked=move || flow.get() == value
                                        on:change=move |_| flow.set(value)
                                    />
                                    {text}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <Show when=move || flow.get() == Flow::Outbound>
                    <label for="host" class="field-label">"Your server's host name (optional)"</label>
                    <input
                        id="host"
                        type="text"
                        data-testid="host"
                        placeholder="api.example.com"
                        autocomplete="off"
                        prop:value=move || host.get()
                        on:input=move |ev| host.set(event_target_value(&ev))
                    />
                </Show>
                <fieldset>
                    <legend>"Trusted roots"</legend>
                    {TRUSTS
                        .iter()
                        .map(|(value, id, text)| {
                            let estimate = *value == TrustChoice::Salesforce;
                            let text = if estimate {
                                certchain_core::trust::salesforce_estimate_label()
                            } else {
                                text.to_string()
                            };
                            let value = value.clone();
                            let checked = value.clone();
                            view! {
                                <label class="choice">
                                    <input
                                        type="radio"
                                        name="trust"
                                        value=*id
                                        data-testid=format!("trust-{id}")
                                        prop:checked=move || trust.get() == checked
                                        on:change=move |_| trust.set(value.clone())
                                    />
                                    {text}
                                </label>
                                // The estimate is one step from the real list: the org's /cacerts.jsp.
                                {estimate.then(|| view! {
                                    <button
                                        type="button"
                                        class="button secondary import-org-list"
                                        data-testid="import-org-list"
                                        on:click=move |_| trust.set(TrustChoice::OrgList)
                                    >
                                        "Import your org's /cacerts.jsp instead"
                                    </button>
                                })}
                            }
                        })
                        .collect_view()}
                </fieldset>
                <Show when=move || trust.get() == TrustChoice::Custom>
                    <label for="custom-roots" class="field-label">"Your trusted root certificates (PEM)"</label>
                    <textarea
                        id="custom-roots"
                        class="roots"
                        data-testid="custom-roots"
                        spellcheck="false"
                        prop:value=move || custom_roots.get()
                        on:input=move |ev| custom_roots.set(event_target_value(&ev))
                    ></textarea>
                    <p class="field-label">"…or load root files (PEM, DER, .p7b)"</p>
                    <crate::drop::FilePicker
                        id="root-picker"
                        label="Choose root files…"
                        on_pick=move |ev: web_sys::Event| {
                            let input = event_target::<web_sys::HtmlInputElement>(&ev);
                            let Some(list) = input.files() else { return };
                            root_files.set(Vec::new());
                            for index in 0..list.length() {
                                let Some(file) = list.item(index) else { continue };
                                leptos::task::spawn_local(async move {
                                    match browser::read_file(&file).await {
                                        Ok(bytes) => root_files.update(|r| r.push((file.name(), Arc::new(bytes)))),
                                        Err(message) => read_errors.update(|errors| errors.push(message)),
                                    }
                                });
                            }
                        }
                    />
                    <p class="muted small" data-testid="root-files">
                        {move || root_files.with(|r| r.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>().join(", "))}
                    </p>
                </Show>
                <Show when=move || trust.get() == TrustChoice::OrgList>
                    <crate::toolkit::OrgListPanel toolkit=toolkit />
                </Show>
                {move || {
                    analysed
                        .get()
                        .map(|a| {
                            let info = &a.report.trust_store;
                            view! {
                                <p class="trust-info" data-testid="trust-info">
                                    {format!("{} — {} roots", info.name, info.roots)}
                                    {(!info.snapshot_date.is_empty())
                                        .then(|| format!(", snapshot of {}", info.snapshot_date))}
                                    {(!info.source.is_empty()).then(|| format!(" (source: {})", info.source))}
                                </p>
                            }
                        })
                }}
                <label for="check-time" class="field-label">"Check at (UTC, optional — empty means now)"</label>
                // Text, not datetime-local: that costs one Tab stop per date part.
                <input
                    id="check-time"
                    type="text"
                    inputmode="numeric"
                    placeholder="2026-06-01 00:00"
                    autocomplete="off"
                    data-testid="check-time"
                    aria-describedby="check-time-error"
                    prop:value=move || check_time.get()
                    on:input=move |ev| check_time.set(event_target_value(&ev))
                />
                <p id="check-time-error" class="sev-error" role="alert">{move || time_error.get()}</p>
                <label for="keystore-password" class="field-label">
                    "Keystore password (optional: also builds keystore.p12 and keystore.jks)"
                </label>
                <input
                    id="keystore-password"
                    type="password"
                    autocomplete="new-password"
                    data-testid="keystore-password"
                    prop:value=move || keystore_password.get()
                    on:input=move |ev| keystore_password.set(event_target_value(&ev))
                />
                <label class="choice">
                    <input
                        type="checkbox"
                        data-testid="complete-chain"
                        prop:checked=move || complete.get()
                        on:change=move |ev| complete.set(event_target_checked(&ev))
                    />
                    "Complete a missing intermediate from certchain's CCADB snapshot (one 2 MB file from this site, loaded only when needed)"
                </label>
            </section>

            <section
                class="results"
                aria-labelledby="results-heading"
                data-testid="results"
                data-runs=move || runs.get().to_string()
                data-analysis-ms=move || analysed.get().map(|a| fixed(a.millis, 100)).unwrap_or_default()
                data-analysed-in=move || if timing.get().in_worker { "worker" } else { "page" }
                data-round-trip-ms=move || fixed(timing.get().round_trip_ms, 100)
                data-serialize-ms=move || fixed(timing.get().serialize_ms, 100)
                data-decode-ms=move || fixed(timing.get().decode_ms, 100)
                data-finished-at=move || fixed(timing.get().finished_at, 100)
            >
                <h2 id="results-heading">"3. Result"</h2>
                {move || busy.get().map(|size| view! {
                    <p class="progress" role="status" data-testid="progress">
                        {format!("Analysing {} MB of input…", fixed(size as f64 / 1_048_576.0, 10))}
                    </p>
                })}
                {move || {
                    let text = snapshot_note.get().filter(|_| complete.get())?;
                    Some(view! { <p class="progress" role="status" data-testid="snapshot-progress">{text}</p> })
                }}
                <crate::toolkit::Explanations toolkit=toolkit analysed=analysed />
                {move || match analysed.get() {
                    Some(a) => view! { <ReportView analysed=a /> }.into_any(),
                    None if failure.with(Option::is_some) => {
                        view! {
                            <p class="sev-error analysis-failed" role="alert" data-testid="analysis-failed">
                                {move || failure.get()}
                            </p>
                        }
                            .into_any()
                    }
                    None => {
                        view! { <p class="empty">"Paste or drop your certificates above: the details appear here."</p> }
                            .into_any()
                    }
                }}
                <crate::toolkit::CommandsPanel toolkit=toolkit analysed=analysed flow=flow host=host />
            </section>
        </div>
        <footer class="foot">
            <p>{format!("certchain {} — runs offline; the analysis is the same as the command-line tool's.", env!("CARGO_PKG_VERSION"))}</p>
        </footer>
    }
}

/// `value` with 2 decimals (`scale` 100) or 1 (`scale` 10), as `{:.2}` / `{:.1}` print a
/// non-negative number. Integer arithmetic: `{:.N}` links core's exact float formatting into the
/// wasm (~5 KB) for these few attributes.
fn fixed(value: f64, scale: u32) -> String {
    let scaled = (value.max(0.0) * f64::from(scale)).round() as u64;
    let scale = u64::from(scale);
    let width = if scale == 10 { 1 } else { 2 };
    format!("{}.{:0width$}", scaled / scale, scaled % scale)
}

/// A dropped or picked file, with its password field once the analysis asks for one.
#[component]
fn FileRow(file: FileInput, files: RwSignal<Vec<FileInput>>, locks: RwSignal<HashMap<Source, Lock>>) -> impl IntoView {
    let id = file.id;
    let lock = move || locks.with(|l| l.get(&Source::File(id)).copied());
    let size = file.bytes.len();
    let name = file.name.clone();
    view! {
        <li class="file" data-testid="file">
            <span class="file-name">{file.name.clone()}</span>
            <span class="muted">{format!(" {size} bytes")}</span>
            <button
                type="button"
                class="link"
                aria-label=format!("Remove {name}")
                on:click=move |_| files.update(|list| list.retain(|f| f.id != id))
            >
                "Remove"
            </button>
            {move || {
                lock()
                    .map(|lock| {
                        view! {
                            <PasswordField
                                id=format!("password-{id}")
                                label=format!("Password for {}", file.name)
                                lock=lock
                                value=file.password
                                testid=format!("password-{}", file.name)
                            />
                        }
                    })
            }}
        </li>
    }
}

#[component]
fn PasswordField(id: String, label: String, lock: Lock, value: RwSignal<String>, testid: String) -> impl IntoView {
    let (status, class) = match lock {
        Lock::NeedsPassword => ("This input is protected: enter its password.", "sev-warning"),
        Lock::WrongPassword => ("Wrong password for this input.", "sev-error"),
        Lock::Unlocked => ("Unlocked.", "sev-ok"),
    };
    let status_id = format!("{id}-status");
    view! {
        <div class="password">
            <label for=id.clone() class="field-label">{label}</label>
            <input
                id=id
                type="password"
                autocomplete="off"
                data-testid=testid
                aria-describedby=status_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <span id=status_id class=class data-testid="password-status">{status}</span>
        </div>
    }
}

/// The analysis worker's owner id of each analyzer on the page (the page, or embedded elements).
fn next_owner() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Reads the current inputs and options into the core's analysis job, with what each input
/// index stands for. `None` when there is nothing to analyse yet.
#[allow(clippy::too_many_arguments)]
fn build_job(
    paste: RwSignal<String>,
    paste_password: RwSignal<String>,
    files: RwSignal<Vec<FileInput>>,
    flow: RwSignal<Flow>,
    host: RwSignal<String>,
    trust: RwSignal<TrustChoice>,
    (custom_roots, root_files, org_text): (RwSignal<String>, RwSignal<Vec<RootFile>>, RwSignal<String>),
    check_time: RwSignal<String>,
    keystore_password: RwSignal<String>,
    complete: RwSignal<bool>,
) -> Option<(Job, Vec<Source>)> {
    let mut inputs = Vec::new();
    let mut sources = Vec::new();
    let text = paste.get_untracked();
    if !text.trim().is_empty() {
        let mut input = Input::new(PASTE_NAME, text.into_bytes());
        input.password = Some(paste_password.get_untracked()).filter(|p| !p.is_empty());
        inputs.push(input);
        sources.push(Source::Paste);
    }
    for file in files.get_untracked() {
        let mut input = Input::new(file.name.clone(), file.bytes.as_ref().clone());
        input.password = Some(file.password.get_untracked()).filter(|p| !p.is_empty());
        inputs.push(input);
        sources.push(Source::File(file.id));
    }
    if inputs.is_empty() {
        return None;
    }
    let at = parse_check_time(&check_time.get_untracked()).ok().flatten().unwrap_or(UnixTime(browser::now_unix()));
    let flow = flow.get_untracked();
    let mut options = Options::new(at);
    options.flow = flow;
    options.purpose = flow.default_purpose();
    options.trust = trust.get_untracked();
    options.complete = complete.get_untracked();
    if options.trust == TrustChoice::Custom {
        options.custom_roots = vec![Input::new("custom roots", custom_roots.get_untracked().into_bytes())];
        for (name, bytes) in root_files.get_untracked() {
            options.custom_roots.push(Input::new(name, bytes.as_ref().clone()));
        }
    }
    if options.trust == TrustChoice::OrgList {
        options.custom_roots = vec![Input::new("org trust list", org_text.get_untracked().into_bytes())];
    }
    let host = host.get_untracked().trim().to_string();
    if flow == Flow::Outbound && !host.is_empty() {
        let name = if host.parse::<std::net::IpAddr>().is_ok() { PeerName::Ip(host) } else { PeerName::Dns(host) };
        options.peer_names = vec![name];
    }
    // Keystores only with a password and real randomness; the core says why one was skipped.
    let entropy = browser::entropy();
    let emit = EmitRequest {
        alias: None,
        password: Some(keystore_password.get_untracked()).filter(|p| !p.is_empty() && entropy.is_ok()),
        entropy: entropy.unwrap_or([0; 32]),
    };
    Some((Job { inputs, options, emit }, sources))
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
