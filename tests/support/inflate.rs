//! For the browser tests: a compressed index inflated by the platform, as the package's
//! io.js does it (`DecompressionStream("deflate-raw")`).

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The inflated payload of `bytes`, or `None` when the file is stored.
pub async fn inflated(bytes: &[u8]) -> Option<Vec<u8>> {
    let at = tagsift::web::payload_to_inflate(bytes).unwrap()? as usize;
    let blob = web_sys::Blob::new_with_u8_array_sequence(&Array::of1(&Uint8Array::from(&bytes[at..]))).unwrap();
    let global = js_sys::global();
    let constructor: js_sys::Function = Reflect::get(&global, &"DecompressionStream".into()).unwrap().unchecked_into();
    let inflater = Reflect::construct(&constructor, &Array::of1(&"deflate-raw".into())).unwrap();
    let stream = blob.stream().pipe_through(inflater.unchecked_ref());
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&stream)).unwrap();
    let buffer = JsFuture::from(response.array_buffer().unwrap()).await.unwrap();
    Some(Uint8Array::new(&buffer).to_vec())
}

/// `JSON.parse(json)`.
pub fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}
