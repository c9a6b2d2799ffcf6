//! The wasm API in a real browser (`wasm-pack test --headless --chrome`).
#![cfg(target_arch = "wasm32")]

use js_sys::Reflect;
use tagsift::web::TagSift;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const GOLDEN: &[u8] = include_bytes!("golden/seed-v2.bin");

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

fn num(v: &JsValue, key: &str) -> f64 {
    get(v, key).as_f64().unwrap()
}

#[wasm_bindgen_test]
fn loads_the_seed_and_pages_newest_first() {
    let sift = TagSift::new(GOLDEN, None).unwrap();
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
fn the_last_page_is_short_and_pages_past_the_end_clamp() {
    let sift = TagSift::new(GOLDEN, None).unwrap();
    let page = sift.search(query(r#"{"page": 100}"#)).unwrap();
    assert_eq!(num(&page, "page"), 9.0);
    let articles = js_sys::Array::from(&get(&page, "hits"));
    assert_eq!(articles.length(), 7);
    assert_eq!(get(&articles.get(6), "date").as_string().unwrap(), "2020-08-13");
}

fn query(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

#[wasm_bindgen_test]
fn search_takes_and_returns_plain_objects() {
    let sift = TagSift::new(GOLDEN, None).unwrap();
    let r = sift.search(query(r#"{"tags": ["Kafka", "Streaming"], "mode": "any"}"#)).unwrap();
    assert_eq!(num(&r, "total"), 12.0);
    let r = sift.search(query(r#"{"tags": ["Kafka", "Streaming"]}"#)).unwrap();
    assert_eq!(num(&r, "total"), 3.0);
    let tags = get(&get(&r, "facets"), "tags");
    let first = js_sys::Array::from(&get(&tags, "values")).get(0);
    assert_eq!(get(&first, "value").as_string().unwrap(), "Kafka");
    assert_eq!(get(&first, "selected").as_bool(), Some(true));
    // Text search runs in the browser's own normalisation: U+2011 and CJK.
    let r = sift.search(query(r#"{"text": "high-concurrency"}"#)).unwrap();
    assert!(num(&r, "total") >= 2.0);
    assert_eq!(get(&r, "sort").as_string().unwrap(), "relevance");
    let r = sift.search(query(r#"{"text": "泡姆"}"#)).unwrap();
    assert_eq!(num(&r, "total"), 1.0);
    let r = sift.search(query(r#"{"text": "CAFÉ idempotncy"}"#)).unwrap();
    assert_eq!(num(&r, "total"), 0.0);
    let r = sift.search(query(r#"{"from": "2025-01-01", "sort": "oldest"}"#)).unwrap();
    let hits = js_sys::Array::from(&get(&r, "hits"));
    assert!(get(&hits.get(0), "date").as_string().unwrap().as_str() >= "2025-01-01");
    assert!(get(&hits.get(0), "url").is_null(), "missing values are null, as in the CLI's JSON");
}

#[wasm_bindgen_test]
fn bad_queries_are_errors_with_clear_messages() {
    let sift = TagSift::new(GOLDEN, None).unwrap();
    let message = |q: &str| {
        let e: JsValue = sift.search(query(q)).err().unwrap_or_else(|| panic!("no error for {q}")).into();
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
}

fn error_message(bytes: &[u8]) -> String {
    match TagSift::new(bytes, None) {
        Ok(_) => panic!("expected an error"),
        Err(e) => {
            let v: JsValue = e.into();
            get(&v, "message").as_string().unwrap()
        }
    }
}

#[wasm_bindgen_test]
fn damaged_files_are_errors_with_clear_messages() {
    assert!(error_message(&GOLDEN[..GOLDEN.len() - 1]).contains("truncated"));
    assert!(error_message(b"<html>404</html>").contains("not a tagsift index"));
    let mut other = GOLDEN.to_vec();
    other[8] = 2;
    assert!(error_message(&other).contains("format version 2, but this tagsift reads format version 1"));
    let mut corrupt = GOLDEN.to_vec();
    corrupt[100] ^= 1;
    assert!(error_message(&corrupt).contains("corrupt"));
}
