//! The inputs panel ("1. Your certificates"): the paste box, dropped and picked files with their
//! password fields, the verdict right under them, and the error message to explain.

use crate::analysed::Source;
use crate::state::{AnalyzerState, FileInput, Lock, PASTE_NAME};
use leptos::prelude::*;

#[component]
pub fn InputsPanel(state: AnalyzerState) -> impl IntoView {
    let AnalyzerState { paste, paste_password, files, read_errors, dragging, analysed, failure, flow, toolkit, .. } =
        state;
    let on_pick = move |ev: web_sys::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        state.add_files(input.files());
        // Allow picking the same file again after removing it.
        input.set_value("");
    };
    view! {
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
                    if !state.set_paste(event_target_value(&ev)) {
                        // Too big for the box: it became an input of its own.
                        event_target::<web_sys::HtmlTextAreaElement>(&ev).set_value("");
                    }
                }
            ></textarea>
            {move || {
                state
                    .lock(Source::Paste)
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
                    <FileRow file=file state=state />
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
    }
}

/// A dropped or picked file, with its password field once the analysis asks for one.
#[component]
fn FileRow(file: FileInput, state: AnalyzerState) -> impl IntoView {
    let id = file.id;
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
                on:click=move |_| state.remove_file(id)
            >
                "Remove"
            </button>
            {move || {
                state
                    .lock(Source::File(id))
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
