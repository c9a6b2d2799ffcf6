//! The browser side: a [`TagSift`] handle over a decoded index, exported with wasm-bindgen.
//! Queries and results cross the boundary as plain JS objects (serde-wasm-bindgen),
//! typed by the TypeScript declarations below.

use crate::blob;
use crate::engine::{Engine, Mode, Query, Sort};
use crate::model::Date;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

export type Mode = "all" | "any";
export type Sort = "newest" | "oldest" | "longest" | "shortest" | "most-liked" | "title" | "relevance";

/** A search; every field is optional. The empty query returns everything newest first. */
export interface Query {
  /** Selected tags, combined by `mode`. Unknown tags match nothing. */
  tags?: string[];
  /** `all` (AND, the default) or `any` (OR). */
  mode?: Mode;
  /** Tags whose articles are left out. */
  exclude?: string[];
  /** Categories (OR within). */
  categories?: string[];
  /** Authors (OR within). */
  authors?: string[];
  /** Earliest date, inclusive. */
  from?: IsoDate | null;
  /** Latest date, inclusive. */
  to?: IsoDate | null;
  /** Every word must match title, summary, author or tags. */
  text?: string;
  /** Default: relevance when there is text, else newest. */
  sort?: Sort | null;
  /** 1-based, clamped to the last page. Default 1. */
  page?: number;
  /** 1..=100, default 10. */
  perPage?: number;
  /** Values per facet, 1..=10000, default 20 (selected values come on top). */
  facetLimit?: number;
}

export interface Article {
  id: string;
  title: string;
  url: string | null;
  author: string | null;
  date: IsoDate | null;
  category: string | null;
  summary: string;
  tags: string[];
  likes: number | null;
  readMinutes: number | null;
}

export interface FacetValue {
  value: string;
  /** Results if this value were chosen (OR groups ignore their own selection). */
  count: number;
  selected: boolean;
  excluded: boolean;
}

export interface Facet {
  /** By count descending, then name. */
  values: FacetValue[];
  /** Values available before `facetLimit`: show "more" when larger than `values.length`. */
  distinct: number;
}

export interface SearchResult {
  total: number;
  page: number;
  pages: number;
  perPage: number;
  sort: Sort;
  hits: Article[];
  facets: { tags: Facet; categories: Facet; authors: Facet };
}
"#;

/// A loaded index. Create it from the bytes of an index file.
#[wasm_bindgen]
pub struct TagSift {
    engine: Engine,
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

/// Reads a [`Query`] from a plain JS object. Written by hand rather than with serde:
/// it rejects misspelt keys (serde-wasm-bindgen looks fields up by name, so
/// `deny_unknown_fields` never sees them), names the field in every error, and keeps
/// serde's generic deserializer out of the wasm.
fn read_query(value: &JsValue) -> Result<Query, String> {
    const FIELDS: [&str; 12] = [
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
            _ => return Err(format!("unknown field `{key}`, expected one of {}", FIELDS.join(", "))),
        }
    }
    Ok(q)
}

#[wasm_bindgen]
impl TagSift {
    /// Decodes and validates an index file. Fails with the blob's own message when
    /// the bytes are truncated, corrupt or of another format version.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: &[u8]) -> Result<TagSift, JsError> {
        let index = blob::decode(bytes).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(TagSift { engine: Engine::new(index) })
    }

    /// Number of articles in the index.
    #[wasm_bindgen(getter)]
    pub fn total(&self) -> u32 {
        self.engine.index().len() as u32
    }

    /// Runs a query. Fails with a clear message for unknown fields or values out of range.
    #[wasm_bindgen(unchecked_return_type = "SearchResult")]
    pub fn search(&self, #[wasm_bindgen(unchecked_param_type = "Query")] query: JsValue) -> Result<JsValue, JsError> {
        let query = read_query(&query).map_err(|e| JsError::new(&format!("invalid query: {e}")))?;
        let result = self.engine.search(&query).map_err(|e| JsError::new(&e.to_string()))?;
        to_js(&result)
    }
}
