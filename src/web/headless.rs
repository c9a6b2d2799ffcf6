//! The headless API: a [`TagSift`] handle over a decoded index, for pages that render
//! results themselves. Queries and results cross the boundary as plain JS objects
//! (serde-wasm-bindgen), typed by the TypeScript declarations in `web/mod.rs`.

use crate::engine::{Mode, Query, Sort};
use crate::model::Date;
use crate::shard::Part;
use crate::web::fetch::fetch_bytes;
use crate::web::source::{Outcome, Source};
use serde::Serialize;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A loaded index. Create it from the bytes of an index file.
#[wasm_bindgen]
pub struct TagSift {
    source: Rc<RefCell<Source>>,
    /// Where the index file came from: a sharded index's shards are beside it.
    base: Option<String>,
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

/// Reads a [`Query`] from a plain JS object. Written by hand rather than with serde:
/// it rejects misspelt keys (serde-wasm-bindgen looks fields up by name, so
/// `deny_unknown_fields` never sees them), names the field in every error, and keeps
/// serde's generic deserializer out of the wasm.
fn read_query(value: &JsValue) -> Result<Query, String> {
    const FIELDS: [&str; 13] = [
        "tags",
        "mode",
        "exclude",
        "categories",
        "authors",
        "from",
        "to",
        "text",
        "sort",
        "page",
        "perPage",
        "facetLimit",
        "facetSearch",
    ];
    let mut q = Query::default();
    if value.is_undefined() || value.is_null() {
        return Ok(q);
    }
    let object: &js_sys::Object = value.dyn_ref().ok_or("expected an object")?;
    for key in js_sys::Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        let v = js_sys::Reflect::get(object, &JsValue::from_str(&key)).unwrap_or(JsValue::UNDEFINED);
        if v.is_undefined() || v.is_null() {
            continue;
        }
        let string = |v: &JsValue| v.as_string().ok_or_else(|| format!("`{key}` must be a string"));
        let strings = |v: &JsValue| -> Result<Vec<String>, String> {
            let array: &js_sys::Array = v.dyn_ref().ok_or_else(|| format!("`{key}` must be an array of strings"))?;
            array.iter().map(|x| x.as_string().ok_or_else(|| format!("`{key}` must be an array of strings"))).collect()
        };
        let number = |v: &JsValue| match v.as_f64() {
            Some(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => Ok(n as u32),
            _ => Err(format!("`{key}` must be a whole number")),
        };
        let date = |v: &JsValue| {
            let s = string(v)?;
            Date::parse_iso(&s).ok_or_else(|| format!("`{key}` must be a date like 2026-04-03, not `{s}`"))
        };
        match key.as_str() {
            "tags" => q.tags = strings(&v)?,
            "exclude" => q.exclude = strings(&v)?,
            "categories" => q.categories = strings(&v)?,
            "authors" => q.authors = strings(&v)?,
            "mode" => {
                q.mode = match string(&v)?.as_str() {
                    "all" => Mode::All,
                    "any" => Mode::Any,
                    other => return Err(format!("unknown mode `{other}`: expected all or any")),
                }
            }
            "from" => q.from = Some(date(&v)?),
            "to" => q.to = Some(date(&v)?),
            "text" => q.text = string(&v)?,
            "sort" => q.sort = Some(string(&v)?.parse::<Sort>().map_err(|e| e.to_string())?),
            "page" => q.page = number(&v)?,
            "perPage" => q.per_page = number(&v)?,
            "facetLimit" => q.facet_limit = number(&v)?,
            "facetSearch" => {
                let object: &js_sys::Object = v.dyn_ref().ok_or("`facetSearch` must be an object")?;
                for facet in js_sys::Object::keys(object).iter() {
                    let facet = facet.as_string().unwrap_or_default();
                    let text = js_sys::Reflect::get(object, &JsValue::from_str(&facet)).unwrap_or(JsValue::UNDEFINED);
                    let text = text.as_string().ok_or_else(|| format!("`facetSearch.{facet}` must be a string"))?;
                    match facet.as_str() {
                        "tags" => q.facet_search.tags = text,
                        "categories" => q.facet_search.categories = text,
                        "authors" => q.facet_search.authors = text,
                        _ => {
                            return Err(format!(
                                "unknown facet `facetSearch.{facet}`: expected tags, categories or authors"
                            ))
                        }
                    }
                }
            }
            _ => return Err(format!("unknown field `{key}`, expected one of {}", FIELDS.join(", "))),
        }
    }
    Ok(q)
}

#[wasm_bindgen]
impl TagSift {
    /// Decodes and validates an index file: a one-file index, or the manifest of a
    /// sharded index, whose shards `searchAsync` fetches from beside `url` (the file's
    /// address). Fails with the file's own message when the bytes are truncated,
    /// corrupt or of another format version.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: &[u8], url: Option<String>) -> Result<TagSift, JsError> {
        let source = Source::open(bytes).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(TagSift { source: Rc::new(RefCell::new(source)), base: url })
    }

    /// Number of articles in the index.
    #[wasm_bindgen(getter)]
    pub fn total(&self) -> u32 {
        self.source.borrow().len() as u32
    }

    /// Bytes of WebAssembly memory the module holds (it grows and never shrinks).
    #[wasm_bindgen(js_name = memoryBytes)]
    pub fn memory_bytes() -> f64 {
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        f64::from(memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length())
    }

    /// Runs a query. Fails with a clear message for unknown fields or values out of
    /// range, and, for a sharded index, when the query needs shards not fetched yet
    /// (`searchAsync` fetches them).
    #[wasm_bindgen(unchecked_return_type = "SearchResult")]
    pub fn search(&self, #[wasm_bindgen(unchecked_param_type = "Query")] query: JsValue) -> Result<JsValue, JsError> {
        let query = read_query(&query).map_err(|e| JsError::new(&format!("invalid query: {e}")))?;
        match self.source.borrow_mut().answer(&query, false).map_err(|e| JsError::new(&e))? {
            Outcome::Ready { mut result, hits, .. } => {
                result.hits = hits;
                to_js(&result)
            }
            Outcome::Needs(parts) => Err(JsError::new(&format!(
                "this query needs {} shards of the sharded index that are not loaded yet: use searchAsync",
                parts.len()
            ))),
        }
    }

    /// Runs a query, first fetching the shards it needs (a sharded index; a one-file
    /// index answers at once). Fetched shards are kept for later queries.
    #[wasm_bindgen(js_name = searchAsync, unchecked_return_type = "Promise<SearchResult>")]
    pub fn search_async(&self, #[wasm_bindgen(unchecked_param_type = "Query")] query: JsValue) -> js_sys::Promise {
        let source = Rc::clone(&self.source);
        let base = self.base.clone();
        let query = read_query(&query).map_err(|e| format!("invalid query: {e}"));
        wasm_bindgen_futures::future_to_promise(async move {
            let query = query.map_err(|e| JsValue::from(JsError::new(&e)))?;
            let fail = |e: String| JsValue::from(JsError::new(&e));
            loop {
                let outcome = source.borrow_mut().answer(&query, false).map_err(fail)?;
                let parts: Vec<Part> = match outcome {
                    Outcome::Ready { mut result, hits, .. } => {
                        result.hits = hits;
                        return to_js(&result).map_err(JsValue::from);
                    }
                    Outcome::Needs(parts) => parts,
                };
                let base = base.as_deref().ok_or_else(|| fail("a sharded index needs the URL it came from".into()))?;
                let urls = parts
                    .iter()
                    .map(|&p| {
                        source.borrow().part_url(base, p).ok_or_else(|| fail("only a sharded index has parts".into()))
                    })
                    .collect::<Result<Vec<String>, JsValue>>()?;
                let window = web_sys::window().ok_or_else(|| fail("no window".into()))?;
                let responses: Vec<js_sys::Promise> = urls.iter().map(|u| window.fetch_with_str(u)).collect();
                for ((part, url), response) in parts.into_iter().zip(&urls).zip(responses) {
                    let name = url.rsplit('/').next().unwrap_or(url);
                    let bytes = fetch_bytes(response).await.map_err(|e| fail(format!("{name}: {e}")))?;
                    source.borrow_mut().add_part(part, &bytes).map_err(|e| fail(format!("{name}: {e}")))?;
                }
            }
        })
    }
}
