//! Downloads: index files and shards, by the platform's `fetch`.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A readable message from a JS exception.
pub fn describe(error: JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(e) => String::from(e.message()),
        None => error.as_string().unwrap_or_else(|| "an unexpected error".into()),
    }
}

/// The body of a `fetch` response; HTTP errors and network failures as messages.
pub async fn fetch_bytes(response: js_sys::Promise) -> Result<Vec<u8>, String> {
    let response = JsFuture::from(response).await.map_err(describe)?;
    let response: web_sys::Response = response.dyn_into().map_err(describe)?;
    if !response.ok() {
        return Err(format!("the server answered HTTP {} {}", response.status(), response.status_text()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(describe)?).await.map_err(describe)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// `name` resolved against `base` (the index file's URL), itself relative to the page.
pub fn resolve(base: &str, name: &str) -> String {
    let page = web_sys::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten());
    let absolute = page.and_then(|p| web_sys::Url::new_with_base(base, &p).ok());
    absolute
        .and_then(|b| web_sys::Url::new_with_base(name, &b.href()).ok())
        .map_or_else(|| name.to_string(), |u| u.href())
}
