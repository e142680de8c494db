//! "Try an example" (issue 16 item 10): a built-in broken case for a first-time visitor — a
//! client certificate sent without its first intermediate, with a private key that is not its
//! own (two problems that block the chain). About 3 KB of PEM: the wasm's budget is 640 KB gzip.

use leptos::prelude::*;

const EXAMPLE: &str = concat!(
    include_str!("../../../tests/fixtures/chains/rsa2048/leaf.pem"),
    include_str!("../../../tests/fixtures/chains/rsa2048/int2.pem"),
    include_str!("../../../tests/fixtures/outputs/inputs/weak.key"),
);

/// Puts the example into the paste box (replacing what is there).
#[component]
pub fn TryExample(paste: RwSignal<String>) -> impl IntoView {
    view! {
        <button type="button" class="button secondary" data-testid="try-example" on:click=move |_| paste.set(EXAMPLE.to_string())>
            "Try an example"
        </button>
    }
}
