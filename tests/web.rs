//! The wasm API in a real browser (`wasm-pack test --headless --chrome`).
#![cfg(target_arch = "wasm32")]

use js_sys::Reflect;
use tagsift::web::TagSift;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const GOLDEN: &[u8] = include_bytes!("golden/seed-v1.bin");

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

fn num(v: &JsValue, key: &str) -> f64 {
    get(v, key).as_f64().unwrap()
}

#[wasm_bindgen_test]
fn loads_the_seed_and_pages_newest_first() {
    let sift = TagSift::new(GOLDEN).unwrap();
    assert_eq!(sift.total(), 87);
    let page = sift.page(1, 10).unwrap();
    assert_eq!(
        (num(&page, "total"), num(&page, "page"), num(&page, "pages")),
        (87.0, 1.0, 9.0)
    );
    let articles = js_sys::Array::from(&get(&page, "articles"));
    assert_eq!(articles.length(), 10);
    let first = articles.get(0);
    assert_eq!(get(&first, "date").as_string().unwrap(), "2026-04-03");
    assert_eq!(num(&first, "readMinutes"), 35.0);
    let tags = js_sys::Array::from(&get(&first, "tags"));
    assert_eq!(tags.get(2).as_string().unwrap(), "ci/cd");
}

#[wasm_bindgen_test]
fn the_last_page_is_short_and_pages_past_the_end_clamp() {
    let sift = TagSift::new(GOLDEN).unwrap();
    let page = sift.page(100, 10).unwrap();
    assert_eq!(num(&page, "page"), 9.0);
    let articles = js_sys::Array::from(&get(&page, "articles"));
    assert_eq!(articles.length(), 7);
    assert_eq!(
        get(&articles.get(6), "date").as_string().unwrap(),
        "2020-08-13"
    );
}

fn error_message(bytes: &[u8]) -> String {
    match TagSift::new(bytes) {
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
    assert!(
        error_message(&other).contains("format version 2, but this tagsift reads format version 1")
    );
    let mut corrupt = GOLDEN.to_vec();
    corrupt[100] ^= 1;
    assert!(error_message(&corrupt).contains("corrupt"));
}
