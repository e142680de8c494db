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
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

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

/// Whether this page can load the snapshot at all.
pub fn loadable() -> bool {
    available() || LOADER.with(|l| l.borrow().is_some())
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
    let promise = LOADING.with(|loading| -> Result<Promise, String> {
        if let Some(promise) = loading.borrow().as_ref() {
            return Ok(promise.clone());
        }
        let promise: Promise = loader
            .call0(&JsValue::NULL)
            .map_err(|e| not_loaded(&e))?
            .dyn_into()
            .map_err(|_| "the snapshot's loader did not return a promise".to_string())?;
        *loading.borrow_mut() = Some(promise.clone());
        Ok(promise)
    })?;
    let loaded = JsFuture::from(promise).await;
    if available() {
        return Ok(());
    }
    let bytes = match loaded {
        Ok(value) => value.dyn_into::<Uint8Array>().map_err(|_| "the snapshot's loader gave no bytes".to_string())?,
        Err(error) => {
            LOADING.with(|l| *l.borrow_mut() = None); // the next analysis tries again
            return Err(not_loaded(&error));
        }
    };
    provide_der(bytes.to_vec()).map_err(|e| damaged(&e))
}

fn not_loaded(error: &JsValue) -> String {
    let why = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| format!("{error:?}"));
    format!(
        "the CCADB snapshot of intermediates (certchain-intermediates.js) could not be loaded: {why}. A saved copy needs certchain-intermediates.js beside it"
    )
}
