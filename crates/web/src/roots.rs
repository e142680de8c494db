//! The bundled root certificates, loaded after the page's first paint.
//!
//! Why: they are 181 KB of DER (127 KB compressed: signatures and RSA moduli do not compress), a
//! fifth of the page's first load, and nothing shows them before the first analysis. The web
//! build of the core leaves them out (feature `embedded-roots` off); `scripts/pack-wasm` packs
//! them as `certchain-roots.js` (a module: the page's CSP forbids fetch, as for the wasm), and the
//! host registers how to load it ([`use_roots_loader`], from `web/boot.js`, the offline file, or
//! the embedding API's `init()`, which calls [`provide_roots`] itself). [`ensure_roots`] runs
//! before every analysis and every use of the stores on this thread; the analysis worker gets the
//! same bytes from this thread with its first job (`crate::worker`), so they are loaded once.

use certchain_core::trust::{provide_snapshot_der, snapshot_available};
use js_sys::{Function, Promise, Uint8Array};
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

thread_local! {
    static LOADER: RefCell<Option<Function>> = const { RefCell::new(None) };
    /// Callers that came before the loader (the page mounts, and may restore an org list, while
    /// its wasm starts; `web/boot.js` registers the loader just after): resolved on registration.
    static REGISTERED: RefCell<Option<(Promise, Function)>> = const { RefCell::new(None) };
    /// The load in progress (or done), shared by every caller: the file is imported once.
    static LOADING: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

/// Registers how this page loads the root certificates: a function returning a promise of their
/// bytes (`() => import('./certchain-roots.js').then((m) => m.rootsBytes())`). Called once, at
/// start; nothing is loaded until an analysis needs it.
#[wasm_bindgen(js_name = useRootsLoader)]
pub fn use_roots_loader(loader: Function) {
    LOADER.with(|l| *l.borrow_mut() = Some(loader));
    if let Some((_, resolve)) = REGISTERED.with(|r| r.borrow_mut().take()) {
        let _ = resolve.call0(&JsValue::NULL);
    }
}

/// Resolves once a loader is registered (at once if one is).
async fn loader() -> Function {
    loop {
        if let Some(loader) = LOADER.with(|l| l.borrow().clone()) {
            return loader;
        }
        let registered = REGISTERED.with(|r| {
            r.borrow_mut()
                .get_or_insert_with(|| {
                    let mut resolve = None;
                    let promise = Promise::new(&mut |done, _| resolve = Some(done));
                    (promise, resolve.expect("the Promise executor runs at once"))
                })
                .0
                .clone()
        });
        let _ = JsFuture::from(registered).await;
    }
}

/// Hands the root certificates (`roots.der`'s bytes) to the core; checked against the compiled-in
/// index (length and every certificate's SHA-256) first. Harmless when they are already there.
#[wasm_bindgen(js_name = provideRoots)]
pub fn provide_roots(bytes: Uint8Array) -> Result<(), JsError> {
    provide_snapshot_der(bytes.to_vec()).map_err(|e| JsError::new(&damaged(&e)))
}

fn damaged(why: &str) -> String {
    format!(
        "the bundled root certificates (certchain-roots.js) are damaged: {why}. Reload the page; if it persists, the copy of certchain you are using is broken"
    )
}

/// The root certificates are in the core once this returns `Ok`; the error says what failed and
/// what to do, for the analysis result.
pub async fn ensure_roots() -> Result<(), String> {
    if snapshot_available() {
        return Ok(());
    }
    let loader = loader().await;
    let loaded = load_once(&loader, &LOADING).await;
    if snapshot_available() {
        return Ok(()); // another caller provided them meanwhile
    }
    let bytes = loaded.map_err(|why| not_loaded(&why))?;
    provide_snapshot_der(bytes.to_vec()).map_err(|e| damaged(&e))
}

/// Calls `loader` (a function returning a promise of bytes) once per `loading` slot, shared by
/// every caller: the file is imported once. A failed load is forgotten, so the next caller tries
/// again. The error is the loader's own message. Also used for the CCADB snapshot
/// (crate::intermediates).
pub(crate) async fn load_once(
    loader: &Function,
    loading: &'static std::thread::LocalKey<RefCell<Option<Promise>>>,
) -> Result<Uint8Array, JsValue> {
    let promise = loading.with(|slot| -> Result<Promise, JsValue> {
        if let Some(promise) = slot.borrow().as_ref() {
            return Ok(promise.clone());
        }
        let promise: Promise = loader
            .call0(&JsValue::NULL)?
            .dyn_into()
            .map_err(|_| JsValue::from_str("the loader did not return a promise"))?;
        *slot.borrow_mut() = Some(promise.clone());
        Ok(promise)
    })?;
    match JsFuture::from(promise).await {
        Ok(value) => value.dyn_into::<Uint8Array>().map_err(|_| JsValue::from_str("the loader gave no bytes")),
        Err(error) => {
            loading.with(|l| *l.borrow_mut() = None);
            Err(error)
        }
    }
}

/// The message of a JS error value (an `Error`'s message, or the value as text).
pub(crate) fn js_message(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| format!("{error:?}"))
}

fn not_loaded(error: &JsValue) -> String {
    let why = js_message(error);
    format!(
        "the bundled root certificates (certchain-roots.js) could not be loaded: {why}. Reload the page; a saved copy needs certchain-roots.js beside it"
    )
}
