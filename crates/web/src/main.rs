//! certchain's web page: a Leptos (client-side rendered) front end over `certchain_core::analyze`.
//!
//! The page only gathers inputs (paste, dropped or picked files, passwords, options), runs the
//! core's analysis in wasm and renders the `Report`. No chain logic lives here.
//! Built for `wasm32-unknown-unknown` by Trunk (see `index.html`, `Trunk.toml`); natively this is
//! an empty binary so workspace builds need no browser toolchain.
//!
//! The same wasm also serves the JS API ([`api`], `web/embed/certchain.js`) and the
//! `<certchain-analyzer>` custom element (`web/embed/certchain-element.js`, via [`mount_analyzer`]),
//! so it starts inside other pages and workers too: it takes over `<body>` only on the certchain
//! page, whose body carries `data-certchain-page`.

#[cfg(target_arch = "wasm32")]
mod analysed;
#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
mod drop;
#[cfg(target_arch = "wasm32")]
mod example;
#[cfg(target_arch = "wasm32")]
mod handshake;
#[cfg(target_arch = "wasm32")]
mod inputs;
#[cfg(target_arch = "wasm32")]
mod intermediates;
#[cfg(target_arch = "wasm32")]
mod options;
#[cfg(target_arch = "wasm32")]
mod render;
#[cfg(target_arch = "wasm32")]
mod results;
#[cfg(target_arch = "wasm32")]
mod roots;
#[cfg(target_arch = "wasm32")]
mod state;
#[cfg(target_arch = "wasm32")]
mod summary;
#[cfg(target_arch = "wasm32")]
mod text;
#[cfg(target_arch = "wasm32")]
mod toolkit;
#[cfg(target_arch = "wasm32")]
mod widgets;
#[cfg(target_arch = "wasm32")]
mod wire;
#[cfg(target_arch = "wasm32")]
mod worker;

#[cfg(target_arch = "wasm32")]
pub use embed::{Mounted, mount_analyzer};

fn main() {
    #[cfg(target_arch = "wasm32")]
    embed::start();
}

#[cfg(target_arch = "wasm32")]
mod embed {
    use crate::{api, app, state};
    use wasm_bindgen::prelude::*;

    /// Mounts the page on the certchain page only: elsewhere (a docs page with the element, a
    /// worker using the API) the wasm must not take over the body.
    pub fn start() {
        let body = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body());
        if body.is_some_and(|b| b.has_attribute("data-certchain-page")) {
            leptos::mount::mount_to_body(app::App);
        }
    }

    /// The analyzer mounted by [`mount_analyzer`]; `unmount()` (or `free()`) removes it.
    #[wasm_bindgen]
    pub struct Mounted(Box<dyn std::any::Any>);

    #[wasm_bindgen]
    impl Mounted {
        /// Removes the analyzer and drops its state (inputs, keys) from memory.
        pub fn unmount(self) {
            drop(self.0);
        }
    }

    /// Mounts the full analyzer into `target` (the custom element puts it in its shadow root),
    /// starting with the given flow (`inbound`, `outbound`, `csr`, `keystore`, `generic`) and
    /// trust store (`salesforce`, `mozilla`, `custom`); absent means the page's defaults.
    #[wasm_bindgen(js_name = mountAnalyzer)]
    pub fn mount_analyzer(
        target: web_sys::HtmlElement,
        flow: Option<String>,
        trust: Option<String>,
    ) -> Result<Mounted, JsError> {
        let mut settings = state::Settings { embedded: true, ..state::Settings::default() };
        if let Some(flow) = flow {
            settings.flow = api::flow_named(&flow, "the flow attribute")?;
        }
        if let Some(trust) = trust {
            settings.trust = api::trust_named(&trust, "the trust attribute", true)?;
        }
        let handle = leptos::mount::mount_to(target, move || leptos::view! { <app::Analyzer settings=settings /> });
        Ok(Mounted(Box::new(handle)))
    }
}
