//! The options panel ("2. What you are doing"): the flow, the server's host, the trust store (with
//! the custom roots or the org's list), the time to check at, the keystore password and completion
//! from the CCADB snapshot. Each control sets one signal of [`AnalyzerState`]; the core turns them
//! into `Options` ([`AnalyzerState::job`]).

use crate::state::AnalyzerState;
use certchain_core::{Flow, TrustChoice};
use leptos::prelude::*;

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

#[component]
pub fn OptionsPanel(state: AnalyzerState) -> impl IntoView {
    let AnalyzerState { flow, host, check_time, time_error, keystore_password, complete, .. } = state;
    view! {
        <section class="panel options" aria-labelledby="options-heading">
            <h2 id="options-heading">"2. What you are doing"</h2>
            <FlowChoice flow=flow />
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
            <TrustChoices state=state />
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
    }
}

#[component]
fn FlowChoice(flow: RwSignal<Flow>) -> impl IntoView {
    view! {
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
    }
}

/// The trust store, its roots (custom or the org's list) and what the last analysis used.
#[component]
fn TrustChoices(state: AnalyzerState) -> impl IntoView {
    let AnalyzerState { trust, custom_roots, root_files, analysed, toolkit, .. } = state;
    view! {
        <fieldset>
            <legend>"Trusted roots"</legend>
            {TRUSTS
                .iter()
                .map(|(value, id, text)| {
                    let estimate = *value == TrustChoice::Salesforce;
                    let text = if estimate { certchain_core::trust::salesforce_estimate_label() } else { text.to_string() };
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
                on_pick=move |ev: web_sys::Event| state.set_root_files(event_target::<web_sys::HtmlInputElement>(&ev).files())
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
                            {(!info.snapshot_date.is_empty()).then(|| format!(", snapshot of {}", info.snapshot_date))}
                            {(!info.source.is_empty()).then(|| format!(" (source: {})", info.source))}
                        </p>
                    }
                })
        }}
    }
}
