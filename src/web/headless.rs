//! The headless API: a [`TagSift`] handle over a decoded index, for pages that render
//! results themselves. Queries arrive as plain JS objects, read field by field; results
//! leave as one JSON string that JavaScript parses (one call across the boundary
//! instead of one per field), typed by the TypeScript declarations in `web/mod.rs`.

use crate::engine::{json, Mode, Query, SearchResult, Sort};
use crate::model::Date;
use crate::ui::options::concat;
use crate::web::source::{Outcome, Source};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// A loaded index. Create it from the bytes of an index file (the package's `load(url)`
/// downloads, inflates and opens one).
#[wasm_bindgen]
pub struct TagSift {
    source: RefCell<Source>,
    /// Where the index file came from: a sharded index's other files are beside it.
    url: Option<String>,
}

/// `result` as the plain object the declarations describe.
fn to_js(result: &SearchResult) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(&json::search_result(result)).map_err(|_| JsError::new("the result could not be parsed"))
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
        let must = |what: &str| concat(&["`", &key, "` must be ", what]);
        let string = |v: &JsValue| v.as_string().ok_or_else(|| must("a string"));
        let strings = |v: &JsValue| -> Result<Vec<String>, String> {
            let array: &js_sys::Array = v.dyn_ref().ok_or_else(|| must("an array of strings"))?;
            array.iter().map(|x| x.as_string().ok_or_else(|| must("an array of strings"))).collect()
        };
        let number = |v: &JsValue| match v.as_f64() {
            Some(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => Ok(n as u32),
            _ => Err(must("a whole number")),
        };
        let date = |v: &JsValue| {
            let s = string(v)?;
            Date::parse_iso(&s).ok_or_else(|| concat(&[&must("a date like 2026-04-03, not `"), &s, "`"]))
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
                    other => return Err(concat(&["unknown mode `", other, "`: expected all or any"])),
                }
            }
            "from" => q.from = Some(date(&v)?),
            "to" => q.to = Some(date(&v)?),
            "text" => q.text = string(&v)?,
            "sort" => {
                let name = string(&v)?;
                let sort = name.parse::<Sort>().map_err(|_| {
                    let names: Vec<&str> = Sort::ALL.iter().map(|s| s.name()).collect();
                    concat(&["unknown sort `", &name, "`: expected one of ", &names.join(", ")])
                })?;
                q.sort = Some(sort);
            }
            "page" => q.page = number(&v)?,
            "perPage" => q.per_page = number(&v)?,
            "facetLimit" => q.facet_limit = number(&v)?,
            "facetSearch" => {
                let object: &js_sys::Object = v.dyn_ref().ok_or("`facetSearch` must be an object")?;
                for facet in js_sys::Object::keys(object).iter() {
                    let facet = facet.as_string().unwrap_or_default();
                    let text = js_sys::Reflect::get(object, &JsValue::from_str(&facet)).unwrap_or(JsValue::UNDEFINED);
                    let text =
                        text.as_string().ok_or_else(|| concat(&["`facetSearch.", &facet, "` must be a string"]))?;
                    match facet.as_str() {
                        "tags" => q.facet_search.tags = text,
                        "categories" => q.facet_search.categories = text,
                        "authors" => q.facet_search.authors = text,
                        _ => {
                            return Err(concat(&[
                                "unknown facet `facetSearch.",
                                &facet,
                                "`: expected tags, categories or authors",
                            ]))
                        }
                    }
                }
            }
            _ => return Err(concat(&["unknown field `", &key, "`, expected one of ", &FIELDS.join(", ")])),
        }
    }
    Ok(q)
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
        Ok(TagSift { source: RefCell::new(source), url })
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
        let query = read_query(&query).map_err(|e| JsError::new(&concat(&["invalid query: ", &e])))?;
        match self.source.borrow_mut().answer(&query, false).map_err(|e| JsError::new(&e))? {
            Outcome::Ready { mut result, hits, .. } => {
                result.hits = hits;
                to_js(&result)
            }
            Outcome::Needs(parts) => Err(JsError::new(&concat(&[
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
        let query = read_query(&query).map_err(|e| JsError::new(&concat(&["invalid query: ", &e])))?;
        let mut source = self.source.borrow_mut();
        let names = match source.answer(&query, false).map_err(|e| JsError::new(&e))? {
            Outcome::Ready { .. } => Vec::new(),
            Outcome::Needs(parts) => source.part_names(&parts),
        };
        Ok(names.into_iter().map(JsValue::from).collect::<js_sys::Array>().into())
    }

    /// Checks and keeps a fetched file of a sharded index, by its name.
    pub fn add(&self, name: &str, bytes: &[u8]) -> Result<(), JsError> {
        self.source.borrow_mut().add(name, bytes).map_err(|e| JsError::new(&concat(&[name, ": ", &e])))
    }
}
