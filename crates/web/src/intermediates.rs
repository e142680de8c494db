//! The CCADB snapshot of intermediate CA certificates (certchain_core::intermediates), loaded only
//! when an analysis finds an issuer missing.
//!
//! Why: 4.7 MB of DER (about 2.3 MB compressed), eight times the rest of the page, and most
//! analyses never need it. `scripts/pack-wasm` packs it as `certchain-intermediates.js`, a module
//! imported from the page's own origin (the CSP's connect-src stays 'none'): ONE whole file, the
//! same for every user, so the request reveals nothing about the certificate being analysed. The
//! host registers how to load it ([`use_intermediates_loader`], from `web/boot.js`); the page
//! asks [`ensure_intermediates`] when a report says `snapshot_not_loaded`, then analyses again.
//! The analysis worker gets the bytes from this thread before its next job (`crate::worker`).

use certchain_core::intermediates::{available, provide_der};
use js_sys::{Function, Promise, Uint8Array};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static LOADER: RefCell<Option<Function>> = const { RefCell::new(None) };
    /// The load in progress (or done), shared by every caller: the file is imported once.
    static LOADING: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

/// Registers how this page loads the snapshot: a function returning a promise of its bytes
/// (`() => import('./certchain-intermediates.js').then((m) => m.intermediatesBytes())`).
/// Nothing is loaded until an analysis needs it. Without a loader (the embedding API, an offline
/// copy without the snapshot) completion says the snapshot is not available.
#[wasm_bindgen(js_name = useIntermediatesLoader)]
pub fn use_intermediates_loader(loader: Function) {
    LOADER.with(|l| *l.borrow_mut() = Some(loader));
}

/// Hands the snapshot's bytes (`intermediates.der`) to the core, checked against its compiled-in
/// length and SHA-256. Harmless when they are already there.
#[wasm_bindgen(js_name = provideIntermediates)]
pub fn provide_intermediates(bytes: Uint8Array) -> Result<(), JsError> {
    provide_der(bytes.to_vec()).map_err(|e| JsError::new(&damaged(&e)))
}

fn damaged(why: &str) -> String {
    format!(
        "the CCADB snapshot of intermediates (certchain-intermediates.js) is damaged: {why}. Reload the page; if it persists, the copy of certchain you are using is broken"
    )
}

/// The snapshot is in the core once this returns `Ok`; the error says what failed.
pub async fn ensure_intermediates() -> Result<(), String> {
    if available() {
        return Ok(());
    }
    let Some(loader) = LOADER.with(|l| l.borrow().clone()) else {
        return Err("this copy of certchain does not include the CCADB snapshot of intermediates".into());
    };
    let loaded = crate::roots::load_once(&loader, &LOADING).await;
    if available() {
        return Ok(());
    }
    let bytes = loaded.map_err(|error| {
        format!(
            "the CCADB snapshot of intermediates (certchain-intermediates.js) could not be loaded: {}. A saved copy needs certchain-intermediates.js beside it",
            crate::roots::js_message(&error)
        )
    })?;
    provide_der(bytes.to_vec()).map_err(|e| damaged(&e))
}
