//! The browser side: a [`TagSift`] handle over a decoded index, exported with wasm-bindgen.
//! Queries and results cross the boundary as plain JS objects (serde-wasm-bindgen),
//! typed by the TypeScript declarations below.

use crate::blob;
use crate::engine::{Engine, Query};
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

/// serde-wasm-bindgen looks struct fields up by name, so `deny_unknown_fields` never
/// sees a misspelt key (`tag` for `tags`): check the keys here.
fn reject_unknown_keys(query: &JsValue) -> Result<(), JsError> {
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
    if !query.is_object() {
        return Err(JsError::new("invalid query: expected an object"));
    }
    for key in js_sys::Object::keys(query.unchecked_ref::<js_sys::Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !FIELDS.contains(&key.as_str()) {
            return Err(JsError::new(&format!(
                "invalid query: unknown field `{key}`, expected one of {}",
                FIELDS.join(", ")
            )));
        }
    }
    Ok(())
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
        let query: Query = if query.is_undefined() || query.is_null() {
            Query::default()
        } else {
            reject_unknown_keys(&query)?;
            serde_wasm_bindgen::from_value(query).map_err(|e| JsError::new(&format!("invalid query: {e}")))?
        };
        let result = self.engine.search(&query).map_err(|e| JsError::new(&e.to_string()))?;
        to_js(&result)
    }
}
