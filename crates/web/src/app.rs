//! The page: its header, the three panels ([`crate::inputs`], [`crate::options`],
//! [`crate::results`]) over one [`AnalyzerState`], and file drops. The state and the analysis
//! loop live in [`crate::state`]; the report's rendering in [`crate::render`].

use crate::state::{AnalyzerState, Settings};
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    view! { <Analyzer settings=Settings::default() /> }
}

#[component]
pub fn Analyzer(settings: Settings) -> impl IntoView {
    let state = AnalyzerState::new(&settings);
    state.analyse_on_change();
    let dragging = state.dragging;
    // The page takes drops anywhere in its window (else Chromium opens the dropped file); an
    // embedded analyzer only on itself, the host page's window being the host's.
    let embedded = settings.embedded;
    if !embedded {
        crate::drop::whole_window(dragging, move |files| state.add_files(files));
    }
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
            role=(!embedded).then_some("main")
            on:dragover=move |ev: web_sys::DragEvent| {
                if embedded {
                    ev.prevent_default();
                    dragging.set(true);
                }
            }
            on:dragleave=move |_| if embedded { dragging.set(false) }
            on:drop=move |ev: web_sys::DragEvent| {
                if embedded {
                    ev.prevent_default();
                    dragging.set(false);
                    state.add_files(ev.data_transfer().and_then(|dt| dt.files()));
                }
            }
        >
            <crate::inputs::InputsPanel state=state />
            <crate::options::OptionsPanel state=state />
            <crate::results::ResultsPanel state=state />
        </div>
        <footer class="foot">
            <p>{format!("certchain {} — runs offline; the analysis is the same as the command-line tool's.", env!("CARGO_PKG_VERSION"))}</p>
        </footer>
    }
}
