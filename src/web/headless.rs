//! The headless API: a [`TagSift`] handle over a decoded index, for pages that render
//! results themselves. Queries arrive as plain JS objects, read as data; results
//! leave as one JSON string that JavaScript parses (one call across the boundary
//! instead of one per field), typed by the TypeScript declarations in `web/mod.rs`.

use crate::engine::Pages;
use crate::engine::{json, Query, SearchResult};
use crate::shard::content_hash;
use crate::source::{Outcome, Source};
use crate::ui::options::concat;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;

/// A loaded index. Create it from the bytes of an index file (the package's `load(url)`
/// downloads, inflates and opens one).
#[wasm_bindgen]
pub struct TagSift {
    source: RefCell<Source>,
    /// The content hash of the index file's bytes: which deployment `source` is.
    deployment: Cell<u64>,
    /// Where the index file came from: a sharded index's other files are beside it.
    url: Option<String>,
}

/// `result` as the plain object the declarations describe.
fn to_js(result: &SearchResult) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(&json::search_result(result)).map_err(|_| JsError::new("the result could not be parsed"))
}

/// Reads a [`Query`] from a plain JS object (see [`Query::from_value`]).
fn read_query(value: &JsValue) -> Result<Query, JsError> {
    Query::from_value(&crate::web::js::read(value)).map_err(|e| JsError::new(&concat(&["invalid query: ", &e])))
}

#[wasm_bindgen]
impl TagSift {
    /// Opens an index file: a one-file index, or the manifest of a sharded index, whose
    /// other files `needs` names and `add` takes (the package's `searchAsync` fetches
    /// them from beside `url`, the file's address). A compressed one-file index comes
    /// with its payload inflated by the browser (see `payloadToInflate`). Fails with the
    /// file's own message when the bytes are truncated, corrupt or of another format
    /// version.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: &[u8], inflated: Option<Vec<u8>>, url: Option<String>) -> Result<TagSift, JsError> {
        let source = Source::open(bytes, inflated.as_deref()).map_err(|e| JsError::new(&e.message()))?;
        Ok(TagSift { source: RefCell::new(source), deployment: Cell::new(content_hash(bytes)), url })
    }

    /// The index file fetched again, after a file it named was gone or not the one it
    /// named (the site was deployed again): opens it in place of the loaded one and
    /// returns true, or returns false when it is the same deployment (nothing changes).
    pub fn reopen(&self, bytes: &[u8], inflated: Option<Vec<u8>>) -> Result<bool, JsError> {
        let deployment = content_hash(bytes);
        if deployment == self.deployment.get() {
            return Ok(false);
        }
        let source = Source::open(bytes, inflated.as_deref()).map_err(|e| JsError::new(&e.message()))?;
        *self.source.borrow_mut() = source;
        self.deployment.set(deployment);
        Ok(true)
    }

    /// Number of articles in the index.
    #[wasm_bindgen(getter)]
    pub fn total(&self) -> u32 {
        self.source.borrow().len() as u32
    }

    /// The address the index file came from, if given: a sharded index's files are beside it.
    #[wasm_bindgen(getter)]
    pub fn url(&self) -> Option<String> {
        self.url.clone()
    }

    /// Bytes of WebAssembly memory the module holds (it grows and never shrinks).
    #[wasm_bindgen(js_name = memoryBytes)]
    pub fn memory_bytes() -> f64 {
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        f64::from(memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length())
    }

    /// Runs a query. Fails with a clear message for unknown fields or values out of
    /// range, and, for a sharded index, when the query needs files not fetched yet
    /// (`searchAsync` fetches them first).
    #[wasm_bindgen(unchecked_return_type = "SearchResult")]
    pub fn search(&self, #[wasm_bindgen(unchecked_param_type = "Query")] query: JsValue) -> Result<JsValue, JsError> {
        let query = read_query(&query)?;
        match self.source.borrow_mut().search(&query, Pages::One).map_err(|e| JsError::new(&e))? {
            Outcome::Ready { mut result, hits, incomplete, .. } if incomplete.is_empty() => {
                result.hits = hits;
                to_js(&result)
            }
            Outcome::Ready { incomplete: parts, .. } | Outcome::Needs(parts) => Err(JsError::new(&concat(&[
                "this query needs ",
                &crate::ascii::digits(parts.len() as u32),
                " shards of the sharded index that are not loaded yet: use searchAsync",
            ]))),
        }
    }

    /// The files (names beside the index file) that `query` needs and that are not
    /// loaded yet; empty when `search` can answer it.
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn needs(&self, #[wasm_bindgen(unchecked_param_type = "Query")] query: JsValue) -> Result<JsValue, JsError> {
        let query = read_query(&query)?;
        let mut source = self.source.borrow_mut();
        let names = match source.search(&query, Pages::One).map_err(|e| JsError::new(&e))? {
            Outcome::Ready { incomplete: parts, .. } | Outcome::Needs(parts) => source.part_names(&parts),
        };
        Ok(names.into_iter().map(JsValue::from).collect::<js_sys::Array>().into())
    }

    /// Checks and keeps a fetched file of a sharded index, by its name.
    pub fn add(&self, name: &str, bytes: &[u8]) -> Result<(), JsError> {
        self.source.borrow_mut().add(name, bytes).map_err(|e| JsError::new(&concat(&[name, ": ", &e.reason])))
    }
}
