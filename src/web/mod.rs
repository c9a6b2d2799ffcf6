//! The browser side: a [`TagSift`] handle over a decoded index, exported with wasm-bindgen.

use crate::{blob, index::Index, model::Article};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// A loaded index. Create it from the bytes of an index file.
#[wasm_bindgen]
pub struct TagSift {
    index: Index,
}

/// One page of articles in the default order (newest first).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    /// Articles in the index.
    total: u32,
    /// 1-based page shown, clamped to `1..=pages`.
    page: u32,
    /// Page count; at least 1.
    pages: u32,
    per_page: u32,
    articles: Vec<Article>,
}

#[wasm_bindgen]
impl TagSift {
    /// Decodes and validates an index file. Fails with the blob's own message when
    /// the bytes are truncated, corrupt or of another format version.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: &[u8]) -> Result<TagSift, JsError> {
        let index = blob::decode(bytes).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(TagSift { index })
    }

    /// Number of articles in the index.
    #[wasm_bindgen(getter)]
    pub fn total(&self) -> u32 {
        self.index.len() as u32
    }

    /// Page `page` (1-based, clamped to the last page) of `per_page` articles
    /// (clamped to 1..=100), newest first.
    pub fn page(&self, page: u32, per_page: u32) -> Result<JsValue, JsError> {
        let total = self.index.len() as u32;
        let per_page = per_page.clamp(1, 100);
        let pages = total.div_ceil(per_page).max(1);
        let page = page.clamp(1, pages);
        let start = (page - 1) * per_page;
        let end = (start + per_page).min(total);
        let result = Page {
            total,
            page,
            pages,
            per_page,
            articles: (start..end).map(|pos| self.index.article(pos)).collect(),
        };
        serde_wasm_bindgen::to_value(&result).map_err(|e| JsError::new(&e.to_string()))
    }
}
