//! Thin wrappers over browser APIs: clock, timing, file reading, downloads, clipboard.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Seconds since the epoch, from the browser's clock (the core never reads a clock).
pub fn now_unix() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// High-resolution milliseconds, for measuring analysis time; on the page and in the analysis
/// worker (which has `performance` but no `window`).
pub fn now_ms() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// Reads a picked or dropped file as bytes (binary formats such as DER and PKCS#12 stay intact).
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("could not read {}: {}", file.name(), describe(&e)))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Offers `bytes` as a download named `name`. The bytes never leave the page.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let inner = || -> Result<(), JsValue> {
        let parts = js_sys::Array::new();
        parts.push(&js_sys::Uint8Array::from(bytes));
        let props = web_sys::BlobPropertyBag::new();
        props.set_type(mime);
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &props)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob)?;
        let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
        let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
        // Revoke later: the download reads the blob asynchronously.
        leptos::prelude::set_timeout(
            move || {
                let _ = web_sys::Url::revoke_object_url(&url);
            },
            std::time::Duration::from_secs(30),
        );
        Ok(())
    };
    inner().map_err(|e| format!("could not save {name}: {}", describe(&e)))
}

/// Copies text to the clipboard; resolves to an error message when the browser refuses.
pub async fn copy(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    JsFuture::from(window.navigator().clipboard().write_text(text))
        .await
        .map(|_| ())
        .map_err(|e| format!("the browser refused clipboard access: {}", describe(&e)))
}

fn describe(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

/// 32 random bytes from the browser (salts and IVs of the keystores the core builds).
pub fn entropy() -> Result<[u8; 32], String> {
    let mut bytes = [0u8; 32];
    web_sys::window()
        .ok_or("no window")?
        .crypto()
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes))
        .map_err(|e| format!("the browser's random number generator is unavailable: {}", describe(&e)))?;
    Ok(bytes)
}

/// The page's localStorage, or why it is unavailable (disabled, or a sandboxed frame).
fn local_storage() -> Result<web_sys::Storage, String> {
    let unavailable = "this browser does not let the page use its storage (localStorage is off or blocked)";
    web_sys::window()
        .ok_or("no window")?
        .local_storage()
        .map_err(|e| format!("{unavailable}: {}", describe(&e)))?
        .ok_or_else(|| unavailable.to_string())
}

/// The value stored under `key`, if any (and if storage is available).
pub fn storage_get(key: &str) -> Option<String> {
    local_storage().ok()?.get_item(key).ok().flatten()
}

/// Stores `value` under `key`. Only for data that may outlive the page: never keys or inputs.
pub fn storage_set(key: &str, value: &str) -> Result<(), String> {
    local_storage()?
        .set_item(key, value)
        .map_err(|e| format!("the browser refused to store the list (storage full or blocked): {}", describe(&e)))
}

/// Removes `key` from storage.
pub fn storage_remove(key: &str) -> Result<(), String> {
    local_storage()?.remove_item(key).map_err(|e| format!("the browser refused to remove the list: {}", describe(&e)))
}

/// A warning in the browser's console (for what the page cannot show anywhere better).
pub fn warn(message: &str) {
    web_sys::console::warn_1(&message.into());
}
