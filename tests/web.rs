//! The headless API in a real browser (`wasm-pack test --headless --chrome`).
#![cfg(all(target_arch = "wasm32", feature = "headless"))]

#[path = "support/inflate.rs"]
mod inflate;

use inflate::{inflated, json};
use js_sys::Reflect;
use tagsift::web::TagSift;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const GOLDEN: &[u8] = include_bytes!("golden/seed-v3.bin");

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

fn num(v: &JsValue, key: &str) -> f64 {
    get(v, key).as_f64().unwrap()
}

async fn seed() -> TagSift {
    TagSift::new(GOLDEN, inflated(GOLDEN).await, None).unwrap()
}

#[wasm_bindgen_test]
async fn loads_the_seed_and_pages_newest_first() {
    let sift = seed().await;
    assert_eq!(sift.total(), 87);
    let page = sift.search(JsValue::UNDEFINED).unwrap();
    assert_eq!((num(&page, "total"), num(&page, "page"), num(&page, "pages")), (87.0, 1.0, 9.0));
    let articles = js_sys::Array::from(&get(&page, "hits"));
    assert_eq!(articles.length(), 10);
    let first = articles.get(0);
    assert_eq!(get(&first, "date").as_string().unwrap(), "2026-04-03");
    assert_eq!(num(&first, "readMinutes"), 35.0);
    let tags = js_sys::Array::from(&get(&first, "tags"));
    assert_eq!(tags.get(2).as_string().unwrap(), "ci/cd");
}

#[wasm_bindgen_test]
async fn the_last_page_is_short_and_pages_past_the_end_clamp() {
    let sift = seed().await;
    let page = sift.search(json(r#"{"page": 100}"#)).unwrap();
    assert_eq!(num(&page, "page"), 9.0);
    let articles = js_sys::Array::from(&get(&page, "hits"));
    assert_eq!(articles.length(), 7);
    assert_eq!(get(&articles.get(6), "date").as_string().unwrap(), "2020-08-13");
}

#[wasm_bindgen_test]
async fn search_takes_and_returns_plain_objects() {
    let sift = seed().await;
    let r = sift.search(json(r#"{"tags": ["Kafka", "Streaming"], "mode": "any"}"#)).unwrap();
    assert_eq!(num(&r, "total"), 12.0);
    let r = sift.search(json(r#"{"tags": ["Kafka", "Streaming"]}"#)).unwrap();
    assert_eq!(num(&r, "total"), 3.0);
    let tags = get(&get(&r, "facets"), "tags");
    let first = js_sys::Array::from(&get(&tags, "values")).get(0);
    assert_eq!(get(&first, "value").as_string().unwrap(), "Kafka");
    assert_eq!(get(&first, "selected").as_bool(), Some(true));
    // Text search runs in the browser's own normalisation: U+2011 and CJK.
    let r = sift.search(json(r#"{"text": "high-concurrency"}"#)).unwrap();
    assert!(num(&r, "total") >= 2.0);
    assert_eq!(get(&r, "sort").as_string().unwrap(), "relevance");
    let r = sift.search(json(r#"{"text": "泡姆"}"#)).unwrap();
    assert_eq!(num(&r, "total"), 1.0);
    let r = sift.search(json(r#"{"text": "CAFÉ idempotncy"}"#)).unwrap();
    assert_eq!(num(&r, "total"), 0.0);
    let r = sift.search(json(r#"{"from": "2025-01-01", "sort": "oldest"}"#)).unwrap();
    let hits = js_sys::Array::from(&get(&r, "hits"));
    assert!(get(&hits.get(0), "date").as_string().unwrap().as_str() >= "2025-01-01");
    assert!(get(&hits.get(0), "url").is_null(), "missing values are null, as in the CLI's JSON");
    // A one-file index needs nothing more.
    assert_eq!(js_sys::Array::from(&sift.needs(json(r#"{"text": "kafka"}"#)).unwrap()).length(), 0);
}

#[wasm_bindgen_test]
async fn bad_queries_are_errors_with_clear_messages() {
    let sift = seed().await;
    let message = |q: &str| {
        let e: JsValue = sift.search(json(q)).err().unwrap_or_else(|| panic!("no error for {q}")).into();
        get(&e, "message").as_string().unwrap()
    };
    assert_eq!(message(r#"{"perPage": 0}"#), "perPage must be between 1 and 100, not 0");
    assert_eq!(
        message(r#"{"sort": "popular"}"#),
        "invalid query: unknown sort `popular`: expected one of newest, oldest, longest, shortest, most-liked, title, relevance"
    );
    assert_eq!(message(r#"{"tags": "Kafka"}"#), "invalid query: `tags` must be an array of strings");
    assert_eq!(message(r#"{"page": 1.5}"#), "invalid query: `page` must be a whole number");
    assert_eq!(
        message(r#"{"from": "yesterday"}"#),
        "invalid query: `from` must be a date like 2026-04-03, not `yesterday`"
    );
    assert!(message(r#"{"tag": ["Kafka"]}"#).contains("unknown field `tag`"));
    // A page's own cyclic objects are read to a bound, not without end.
    let cyclic = js_sys::Function::new_no_args(
        "const q = { tags: ['Kafka'] }; for (const k of 'abcdefghij') q[k] = q; q.tags.push(q.tags); return q;",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    let e: JsValue = sift.search(cyclic).map(|_| ()).expect_err("a cyclic query is an error").into();
    assert!(get(&e, "message").as_string().unwrap().starts_with("invalid query: "));
}

fn error_message(bytes: &[u8], inflated: Option<Vec<u8>>) -> String {
    match TagSift::new(bytes, inflated, None) {
        Ok(_) => panic!("expected an error"),
        Err(e) => {
            let v: JsValue = e.into();
            get(&v, "message").as_string().unwrap()
        }
    }
}

fn inflate_error(bytes: &[u8]) -> String {
    let e: JsValue = tagsift::web::payload_to_inflate(bytes).unwrap_err().into();
    get(&e, "message").as_string().unwrap()
}

#[wasm_bindgen_test]
async fn damaged_files_are_errors_with_clear_messages() {
    assert!(inflate_error(&GOLDEN[..GOLDEN.len() - 1]).contains("truncated"));
    assert!(error_message(b"<html>404</html>", None).contains("not a tagsift index"));
    let mut other = GOLDEN.to_vec();
    other[8] = 4;
    assert!(inflate_error(&other).contains("format version 4, but this tagsift reads format version 3"));
    let mut corrupt = GOLDEN.to_vec();
    corrupt[100] ^= 1;
    assert!(inflate_error(&corrupt).contains("corrupt"));
    assert!(error_message(GOLDEN, None).contains("compressed"), "a compressed index without its payload");
    let mut short = inflated(GOLDEN).await.unwrap();
    short.pop();
    assert!(error_message(GOLDEN, Some(short)).contains("inflates to"));
}
