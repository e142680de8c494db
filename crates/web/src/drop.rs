//! Files in: drops anywhere in the page's window with a page-wide hint (issue 16 item 10), and
//! file pickers that are one styled button each (the native input is hidden: no extra Tab stop).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// True when the drag carries files (a text drag into the paste box keeps its default).
fn carries_files(ev: &web_sys::DragEvent) -> bool {
    ev.data_transfer().is_some_and(|dt| dt.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
}

/// Takes file drops anywhere in the window: `add` gets the files, `dragging` shows the hint.
pub fn whole_window(dragging: RwSignal<bool>, add: impl Fn(Option<web_sys::FileList>) + 'static) {
    let _ = window_event_listener(leptos::ev::dragover, move |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
            dragging.set(true);
        }
    });
    // Leaving the window (no element to enter) or pressing Escape ends the drag.
    let _ = window_event_listener(leptos::ev::dragleave, move |ev| {
        if ev.related_target().is_none() {
            dragging.set(false);
        }
    });
    let _ = window_event_listener(leptos::ev::drop, move |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
            dragging.set(false);
            add(ev.data_transfer().and_then(|dt| dt.files()));
        }
    });
}

/// Shown over the whole page while files are dragged over it.
#[component]
pub fn DropHint(dragging: RwSignal<bool>) -> impl IntoView {
    view! {
        <div class="drop-hint" class:shown=move || dragging.get() aria-hidden="true" data-testid="drop-hint">
            <p>"Drop your files to add them — they are read in this page, nothing is uploaded"</p>
        </div>
    }
}

/// A button that opens the file chooser of a hidden `<input type=file>` (`data-testid` = `id`).
#[component]
pub fn FilePicker(id: &'static str, label: &'static str, on_pick: impl Fn(web_sys::Event) + 'static) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    view! {
        <input id=id node_ref=input type="file" multiple hidden data-testid=id on:change=on_pick />
        <button
            type="button"
            class="button"
            data-testid=format!("{id}-button")
            on:click=move |_| {
                if let Some(input) = input.get() {
                    let input: &web_sys::HtmlElement = input.unchecked_ref();
                    input.click();
                }
            }
        >
            {label}
        </button>
    }
}
