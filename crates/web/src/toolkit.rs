//! The Salesforce toolkit panels (issue 4): the error explainer, the ready-to-run commands, and the
//! org's own trust list (`/cacerts.jsp`) as the trust store, remembered in this browser on request.
//!
//! Everything shown comes from the core: `explain::explain`, `commands::commands` and
//! `trust::import_org_list`. This module only gathers the text, renders the results, and talks to
//! the clipboard and localStorage.

use crate::analysed::Analysed;
use crate::browser;
use crate::widgets::CopyButton;
use certchain_core::Flow;
use certchain_core::commands::{CommandOptions, commands};
use certchain_core::explain::{Explanation, explain};
use certchain_core::trust::{ImportMatch, ImportedRoot, UnmatchedToken, import_org_list};
use leptos::prelude::*;
use std::sync::Arc;

/// Where the remembered org list lives in localStorage. Versioned so a later format can move.
const STORAGE_KEY: &str = "certchain.org-trust-list.v1";

/// The toolkit's inputs, shared by the panels and the analysis loop.
#[derive(Clone, Copy)]
pub struct Toolkit {
    /// The pasted error message.
    pub error_text: RwSignal<String>,
    /// The My Domain the commands use (`acme`, `acme.my.salesforce.com` or a URL).
    pub my_domain: RwSignal<String>,
    /// The org trust list's text (a saved `/cacerts.jsp` page, PEM roots, fingerprints, aliases).
    pub org_text: RwSignal<String>,
    /// Keep the org list's roots in localStorage.
    pub remember: RwSignal<bool>,
    /// What happened to the stored list, for the user.
    storage_note: RwSignal<String>,
    /// The import result the org panel shows.
    org: Memo<OrgSummary>,
    /// A list was restored from this browser when the page loaded.
    pub restored: bool,
}

/// What the import of the org list found, in a comparable form for the page.
#[derive(Clone, PartialEq, Default)]
struct OrgSummary {
    roots: usize,
    matched: Vec<ImportedRoot>,
    unmatched: Vec<UnmatchedToken>,
    private_key_lines: Vec<usize>,
    /// The roots alone, as `ImportedStore::roots_text` gives them: what "remember" stores.
    roots_text: String,
    /// A list is given but the bundled root certificates it is matched against are still loading:
    /// nothing is known yet (and nothing in storage may change).
    pending: bool,
}

impl Toolkit {
    /// The toolkit's state, with the org list restored from localStorage when one was remembered.
    pub fn new() -> Toolkit {
        let stored = browser::storage_get(STORAGE_KEY).filter(|text| !text.trim().is_empty());
        // Only roots are ever written; anything else found under the key is not ours to use.
        let stored = match stored {
            Some(text) if text.contains("PRIVATE KEY") => {
                let _ = browser::storage_remove(STORAGE_KEY);
                None
            }
            other => other,
        };
        let restored = stored.is_some();
        let org_text = RwSignal::new(stored.unwrap_or_default());
        // Matching the list needs the bundled root certificates (crate::roots): loaded when a
        // list is first given; the summary is computed again once they are here.
        let roots_ready = RwSignal::new(certchain_core::trust::snapshot_available());
        let org = Memo::new(move |_| {
            org_text.with(|text| {
                if text.trim().is_empty() {
                    return OrgSummary::default();
                }
                if !roots_ready.get() {
                    leptos::task::spawn_local(async move {
                        match crate::roots::ensure_roots().await {
                            Ok(()) => roots_ready.set(true),
                            Err(why) => browser::warn(&why),
                        }
                    });
                    return OrgSummary { pending: true, ..OrgSummary::default() };
                }
                let imported = import_org_list(text);
                OrgSummary {
                    roots: imported.store.anchors.len(),
                    roots_text: imported.roots_text(),
                    matched: imported.matched,
                    unmatched: imported.unmatched,
                    private_key_lines: imported.private_key_lines,
                    pending: false,
                }
            })
        });
        let toolkit = Toolkit {
            error_text: RwSignal::new(String::new()),
            my_domain: RwSignal::new(String::new()),
            org_text,
            remember: RwSignal::new(restored),
            storage_note: RwSignal::new(String::new()),
            org,
            restored,
        };
        toolkit.keep_storage_in_step();
        toolkit
    }

    /// While "remember" is on, localStorage holds the current list's roots (never a key: a list
    /// with a private key in it is refused); turning it off removes them.
    fn keep_storage_in_step(self) {
        let Toolkit { remember, org, storage_note, .. } = self;
        // The state is whether "remember" was on at the last run that saw a finished summary.
        Effect::new(move |previous: Option<Option<bool>>| {
            let previous = previous.flatten();
            let on = remember.get();
            let summary = org.get();
            if summary.pending {
                return previous; // a restored list must not be dropped while the roots load
            }
            if !on {
                if previous == Some(true) {
                    storage_note.set(match browser::storage_remove(STORAGE_KEY) {
                        Ok(()) => "Not remembered: the list was removed from this browser.".to_string(),
                        Err(e) => e,
                    });
                }
                return Some(on);
            }
            let note = if let Some(line) = summary.private_key_lines.first() {
                let _ = browser::storage_remove(STORAGE_KEY);
                format!(
                    "Not stored: the pasted text holds a private key (line {line}). A trust list needs roots only: remove the key, and keep it out of this page's storage."
                )
            } else if summary.roots == 0 {
                let _ = browser::storage_remove(STORAGE_KEY);
                "Nothing stored yet: no root was matched in the list.".to_string()
            } else {
                // "remember" is on at the first run only when the list was restored on load.
                let verb = if previous.is_none() { "Restored from this browser" } else { "Remembered in this browser" };
                match browser::storage_set(STORAGE_KEY, &summary.roots_text) {
                    Ok(()) => format!(
                        "{verb}: {} root{} (fingerprints and root certificates only).",
                        summary.roots,
                        plural(summary.roots)
                    ),
                    Err(e) => e,
                }
            };
            storage_note.set(note);
            Some(on)
        });
    }

    /// Forget the stored list now.
    fn forget(self) {
        self.remember.set(false);
        let note = match browser::storage_remove(STORAGE_KEY) {
            Ok(()) => "Forgotten: nothing of the list is stored in this browser.".to_string(),
            Err(e) => e,
        };
        self.storage_note.set(note);
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The org trust list: paste area, file drop/pick, what matched and what did not, "remember".
#[component]
pub fn OrgListPanel(toolkit: Toolkit) -> impl IntoView {
    let Toolkit { org_text, remember, storage_note, org, .. } = toolkit;
    let read_error = RwSignal::new(String::new());
    let dragging = RwSignal::new(false);
    let load = move |list: Option<web_sys::FileList>| {
        let Some(list) = list else { return };
        read_error.set(String::new());
        for index in 0..list.length() {
            let Some(file) = list.item(index) else { continue };
            leptos::task::spawn_local(async move {
                match browser::read_file(&file).await {
                    Ok(bytes) => {
                        // A saved page is text; append so several files make one list.
                        let text = String::from_utf8_lossy(&bytes).into_owned();
                        org_text.update(|current| {
                            if !current.trim().is_empty() && !current.ends_with('\n') {
                                current.push('\n');
                            }
                            current.push_str(&text);
                        });
                    }
                    Err(message) => read_error.set(message),
                }
            });
        }
    };
    view! {
        <div
            class="org-list"
            class:dragging=move || dragging.get()
            data-testid="org-list-panel"
            on:dragover=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                ev.stop_propagation();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=move |ev: web_sys::DragEvent| {
                // The list is not a certificate input: keep the page's own drop handler out of it.
                ev.prevent_default();
                ev.stop_propagation();
                dragging.set(false);
                load(ev.data_transfer().and_then(|dt| dt.files()));
            }
        >
            <label for="org-list" class="field-label">"Your org's trusted roots"</label>
            <p id="org-list-help" class="muted small">
                "Open https://<MyDomain>.my.salesforce.com/cacerts.jsp, save the page (or copy its text) and paste or drop it here. "
                "Root certificates (PEM), SHA-1/SHA-256 fingerprints and cacerts aliases work too."
            </p>
            <textarea
                id="org-list"
                class="roots"
                data-testid="org-list"
                spellcheck="false"
                autocomplete="off"
                aria-describedby="org-list-help org-list-summary"
                prop:value=move || org_text.get()
                on:input=move |ev| org_text.set(event_target_value(&ev))
            ></textarea>
            <label for="org-list-picker" class="field-label">"…or load the saved page (HTML, text or PEM)"</label>
            <input
                id="org-list-picker"
                type="file"
                multiple
                accept=".html,.htm,.txt,.pem,.crt,.cer"
                data-testid="org-list-picker"
                on:change=move |ev: web_sys::Event| {
                    let input = event_target::<web_sys::HtmlInputElement>(&ev);
                    load(input.files());
                    input.set_value("");
                }
            />
            <p class="sev-error" role="alert" data-testid="org-list-read-error">{move || read_error.get()}</p>
            <div id="org-list-summary" class="org-summary" role="status" data-testid="org-list-summary">
                {move || {
                    let summary = org.get();
                    if org_text.with(|t| t.trim().is_empty()) {
                        return view! { <p class="muted">"No list yet: until you add one, no root is trusted."</p> }.into_any();
                    }
                    if summary.pending {
                        return view! { <p class="muted" data-testid="org-list-pending">"Matching the list against the bundled roots…"</p> }.into_any();
                    }
                    let n_unmatched = summary.unmatched.len();
                    let unmatched_class = if n_unmatched > 0 { "sev-warning" } else { "muted" };
                    view! {
                        <p>
                            <strong data-testid="org-matched-count" data-count=summary.roots.to_string()>
                                {format!("{} root{} matched", summary.roots, plural(summary.roots))}
                            </strong>
                            " · "
                            <span
                                class=unmatched_class
                                data-testid="org-unmatched-count"
                                data-count=n_unmatched.to_string()
                            >
                                {format!("{n_unmatched} item{} not matched", plural(n_unmatched))}
                            </span>
                        </p>
                        {summary.private_key_lines.first().map(|line| view! {
                            <p class="sev-error" data-testid="org-list-key-warning">
                                {format!("Line {line} holds a private key: a trust list needs none. It is ignored here, and the list is not remembered while it is there.")}
                            </p>
                        })}
                        {(n_unmatched > 0).then(|| view! {
                            <ul class="org-unmatched" data-testid="org-unmatched" aria-label="Items not matched">
                                {summary.unmatched.iter().map(|u| view! {
                                    <li>
                                        <span class="muted">{format!("line {}: ", u.line)}</span>
                                        <code class="token">{u.token.clone()}</code>
                                        {format!(" — {}", u.reason)}
                                    </li>
                                }).collect_view()}
                            </ul>
                        })}
                        {(!summary.matched.is_empty()).then(|| view! {
                            <details class="extra" data-testid="org-matched">
                                <summary>{format!("Matched entries ({})", summary.matched.len())}</summary>
                                <ul class="org-matched">
                                    {summary.matched.iter().map(|m| {
                                        let how = match m.matched_by {
                                            ImportMatch::Certificate => "certificate",
                                            ImportMatch::Sha256 => "SHA-256",
                                            ImportMatch::Sha1 => "SHA-1",
                                            ImportMatch::Alias => "alias",
                                        };
                                        let name = m.alias.clone().unwrap_or_else(|| m.sha256.chars().take(16).collect());
                                        view! {
                                            <li>
                                                <span class="muted">{format!("line {}: ", m.line)}</span>
                                                <span class="mono">{name}</span>
                                                <span class="muted">{format!(" (by {how})")}</span>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </details>
                        })}
                    }
                        .into_any()
                }}
            </div>
            <div class="org-remember">
                <label class="choice">
                    <input
                        type="checkbox"
                        data-testid="org-remember"
                        aria-describedby="org-storage-note"
                        prop:checked=move || remember.get()
                        on:change=move |ev| remember.set(event_target_checked(&ev))
                    />
                    "Remember this list in this browser (roots only, never keys)"
                </label>
                <button type="button" class="button secondary" data-testid="org-forget" on:click=move |_| toolkit.forget()>
                    "Forget"
                </button>
            </div>
            <p id="org-storage-note" class="muted small" role="status" data-testid="org-storage-note">
                {move || storage_note.get()}
            </p>
        </div>
    }
}

/// The second input: the error message the user got.
#[component]
pub fn ErrorInput(toolkit: Toolkit) -> impl IntoView {
    let error_text = toolkit.error_text;
    view! {
        <label for="error-message" class="field-label">"The error you got (optional)"</label>
        <p id="error-message-help" class="muted small">
            "Paste the message from OpenSSL, curl, Java, Node.js, Python or Salesforce: the result says what it means "
            "and, with your certificates above, which one causes it."
        </p>
        <textarea
            id="error-message"
            class="error-message"
            data-testid="error-message"
            spellcheck="false"
            autocomplete="off"
            aria-describedby="error-message-help"
            placeholder="error 20 at 0 depth lookup: unable to get local issuer certificate"
            prop:value=move || error_text.get()
            on:input=move |ev| error_text.set(event_target_value(&ev))
        ></textarea>
    }
}

/// What the pasted error means, and (with a report) what in the certificates causes it.
#[component]
pub fn Explanations(toolkit: Toolkit, analysed: RwSignal<Option<Arc<Analysed>>>) -> impl IntoView {
    let error_text = toolkit.error_text;
    let explained = Memo::new(move |_| {
        let text = error_text.get();
        if text.trim().is_empty() {
            return None;
        }
        let analysed = analysed.get();
        let report = analysed.as_ref().map(|a| &a.report);
        // Each cause links to its finding (one explanation per problem, not repeated here).
        let linked = explain(&text, report)
            .into_iter()
            .map(|e| {
                let links = match (&e.cause, report) {
                    (Some(cause), Some(report)) => cause
                        .findings
                        .iter()
                        .map(|c| report.findings.iter().position(|f| f.code == c.code && f.title == c.title))
                        .collect(),
                    _ => Vec::new(),
                };
                (e, links)
            })
            .collect::<Vec<_>>();
        Some(linked)
    });
    move || {
        explained.get().map(|list| {
            let body = if list.is_empty() {
                view! {
                    <p class="muted" data-testid="explanation-none">
                        "certchain does not recognise this message. Paste the whole error (the line with the error number or name), "
                        "or check the findings below."
                    </p>
                }
                .into_any()
            } else {
                list.into_iter().map(|(e, links)| view! { <ExplanationCard explanation=e links=links /> }).collect_view().into_any()
            };
            view! {
                <section class="explainer" aria-labelledby="explainer-heading" data-testid="explainer">
                    <h3 id="explainer-heading">"Your error message"</h3>
                    {body}
                </section>
            }
        })
    }
}

#[component]
fn ExplanationCard(explanation: Explanation, links: Vec<Option<usize>>) -> impl IntoView {
    let Explanation { source, id, name, meaning, in_flow, checks, openssl, cause, .. } = explanation;
    let checks = checks.into_iter().map(|c| c.as_str().to_string()).collect::<Vec<_>>();
    view! {
        <article class="explanation" data-testid="explanation" data-id=id>
            <p class="explanation-name">
                <span class="pill pill-info">{source.name()}</span>
                <strong data-testid="explanation-name">{name}</strong>
            </p>
            <p data-testid="explanation-meaning">{meaning}</p>
            <p data-testid="explanation-in-flow"><strong>"In your flow: "</strong>{in_flow}</p>
            {cause.map(|cause| view! {
                <div class="cause" data-testid="explanation-cause">
                    <p><strong>"In your certificates: "</strong>{cause.summary}</p>
                    {(!cause.findings.is_empty()).then(|| view! {
                        <ul class="cause-findings">
                            {cause.findings.into_iter().enumerate().map(|(n, f)| {
                                let sev = f.severity.as_str();
                                let short = certchain_core::findings::catalogue::entry(f.code).title;
                                let target = links.get(n).copied().flatten();
                                view! {
                                    <li data-testid="cause-finding" data-code=f.code.as_str()>
                                        <span class=format!("pill pill-{sev}")>{sev}</span>
                                        {match target {
                                            Some(i) => view! {
                                                <a href=format!("#{}", crate::render::finding_anchor(i))>{format!("#{} {short}", i + 1)}</a>
                                            }.into_any(),
                                            None => f.title.into_any(),
                                        }}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    })}
                    {(!cause.certificates.is_empty()).then(|| view! {
                        <p class="muted small" data-testid="cause-certificates">
                            {format!("Certificate{}: {}", plural(cause.certificates.len()),
                                cause.certificates.iter().map(|c| format!("'{}'", c.name)).collect::<Vec<_>>().join(", "))}
                        </p>
                    })}
                </div>
            })}
            <p class="muted small">
                {openssl.map(|o| view! {
                    "OpenSSL: " <code>{format!("error {}: {}", o.code, o.text)}</code> " (" <code>{o.name}</code> ") · "
                })}
                {(!checks.is_empty()).then(|| format!("Checks: {}", checks.join(", ")))}
            </p>
        </article>
    }
}

/// Ready-to-run commands for the analysed files, each with a copy button.
#[component]
pub fn CommandsPanel(
    toolkit: Toolkit,
    analysed: RwSignal<Option<Arc<Analysed>>>,
    flow: RwSignal<Flow>,
    host: RwSignal<String>,
) -> impl IntoView {
    let my_domain = toolkit.my_domain;
    let list = Memo::new(move |_| {
        let analysed = analysed.get()?;
        let report = &analysed.report;
        let domain = my_domain.get().trim().to_string();
        let server = host.get().trim().to_string();
        let options = CommandOptions {
            my_domain: (!domain.is_empty()).then_some(domain),
            server_host: (flow.get() == Flow::Outbound && !server.is_empty()).then_some(server),
            ..CommandOptions::for_report(report)
        };
        Some(commands(report, &options))
    });
    view! {
        // Shown once there is a report; the My Domain field stays put while the list updates.
        <Show when=move || analysed.with(|a| a.is_some())>
            <section class="commands-panel" aria-labelledby="commands-heading" data-testid="commands">
                <h3 id="commands-heading">"Test it: ready-to-run commands"</h3>
                <p class="muted small">
                    "The file names are those of the files above. The commands run on your machine; this page runs none."
                </p>
                <label for="my-domain" class="field-label">"Your My Domain (optional)"</label>
                <input
                    id="my-domain"
                    type="text"
                    class="my-domain"
                    data-testid="my-domain"
                    placeholder="acme or acme.my.salesforce.com"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || my_domain.get()
                    on:input=move |ev| my_domain.set(event_target_value(&ev))
                />
                <ol class="command-list">
                    {move || list.get().unwrap_or_default().into_iter().map(|c| view! {
                        <li class="command-item" data-testid="command-item" data-title=c.title.clone()>
                            <h4>{c.title.clone()}</h4>
                            <pre class="command" tabindex="0" data-testid="command" aria-label=format!("Command: {}", c.title)>
                                <code>{c.command.clone()}</code>
                            </pre>
                            <div class="actions">
                                <CopyButton label=format!("Copy: {}", c.title) text=c.command visible="Copy" testid="copy-command" />
                            </div>
                            <p class="muted small">{c.explanation}</p>
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        </Show>
    }
}
