//! Small widgets shared by the page's components: one copy button, one download button.
use crate::browser;
use leptos::prelude::*;
use std::sync::Arc;

/// Copies `text` to the clipboard and says whether it worked. `label` is the button's accessible
/// name; `visible` a shorter text shown instead (then `label` becomes its aria-label).
#[component]
pub fn CopyButton(
    label: String,
    text: String,
    #[prop(optional, into)] visible: Option<String>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let text = Arc::new(text);
    let aria_label = visible.is_some().then(|| label.clone());
    let shown = visible.unwrap_or(label);
    view! {
        <button type="button" class="button secondary" data-testid=testid aria-label=aria_label on:click=move |_| {
            let text = text.clone();
            leptos::task::spawn_local(async move {
                status.set(match browser::copy(&text).await {
                    Ok(()) => "Copied".to_string(),
                    Err(e) => e,
                });
            });
        }>{shown}</button>
        <span class="copy-status muted" role="status">{move || status.get()}</span>
    }
}

/// Saves `bytes` as the file `name`; an error (the browser refused) is shown beside it.
#[component]
pub fn DownloadButton(label: String, name: String, mime: String, bytes: Vec<u8>) -> impl IntoView {
    let error = RwSignal::new(String::new());
    view! {
        <button type="button" class="button secondary" on:click=move |_| {
            if let Err(e) = browser::download(&name, &mime, &bytes) {
                error.set(e);
            }
        }>{label}</button>
        <span class="sev-error" role="alert">{move || error.get()}</span>
    }
}
