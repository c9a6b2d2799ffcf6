//! The widget's DOM in a real browser (`wasm-pack test --headless --chrome`): mounted
//! on a fresh element over the seed index, driven with real clicks.
#![cfg(all(target_arch = "wasm32", feature = "widget"))]

#[path = "support/inflate.rs"]
mod inflate;

use inflate::{inflated, json};
use js_sys::Reflect;
use tagsift::web::widget::{mount_widget, Widget, WidgetHost};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Document, Element, Event, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const GOLDEN: &[u8] = include_bytes!("golden/seed-v3.bin");

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A host that records what the widget asks for, and runs its timer.
fn host() -> WidgetHost {
    let host = js_sys::Object::new();
    let log = js_sys::Array::new();
    Reflect::set(&host, &"asked".into(), &log).unwrap();
    let methods = [
        ("fetch", "names", "this.asked.push(...names)"),
        ("reload", "", "this.asked.push('reload')"),
        ("schedule", "ms", "clearTimeout(this.timer); this.timer = setTimeout(() => this.widget.settle(), ms)"),
        ("cancel", "", "clearTimeout(this.timer)"),
    ];
    for (name, args, body) in methods {
        Reflect::set(&host, &name.into(), &js_sys::Function::new_with_args(args, body)).unwrap();
    }
    host.unchecked_into()
}

/// Mounts a widget with extra options given as JSON and hands it `bytes` as its index;
/// the address bar is left alone (`urlState: "off"`) so the tests do not disturb the
/// runner's page. The element's events reach the widget as the package entry delegates
/// them.
async fn mount(bytes: &[u8], options: &str) -> (HtmlElement, Result<Widget, JsValue>) {
    let element: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&element).unwrap();
    let options = json(options);
    Reflect::set(&options, &"urlState".into(), &"off".into()).unwrap();
    let host = host();
    let widget = mount_widget(element.clone(), options, host.clone().unchecked_into()).map_err(JsValue::from);
    if let Ok(widget) = &widget {
        Reflect::set(&host, &"widget".into(), &JsValue::from(widget.clone())).unwrap();
        for kind in ["click", "input", "change", "submit"] {
            let widget = widget.clone();
            let listener = Closure::<dyn FnMut(Event)>::new(move |event: Event| widget.handle(&event));
            element.add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref()).unwrap();
            listener.forget();
        }
        let payload = match tagsift::web::payload_to_inflate(bytes) {
            Ok(_) => inflated(bytes).await,
            Err(_) => None,
        };
        widget.open(bytes, payload);
    }
    (element, widget)
}

fn find(root: &Element, selector: &str) -> HtmlElement {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).unchecked_into()
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn renders_the_seed_like_the_listing() {
    let (el, widget) = mount(GOLDEN, "{}").await;
    let widget = widget.unwrap();
    assert_eq!(widget.total(), 87);
    assert_eq!(widget.error(), None);
    assert_eq!(text(&el, "[role=status]"), "87 articles · Page 1 of 9");
    assert_eq!(count(&el, "article.tagsift-card"), 10);
    assert_eq!(count(&el, ".tagsift-facet[data-facet=tags] button[aria-pressed]"), 20);
    assert_eq!(text(&el, "article .tagsift-meta"), "Apr 3, 2026 · Backend Development");
    assert_eq!(find(&el, "article time").get_attribute("datetime").unwrap(), "2026-04-03");
    assert_eq!(find(&el, "nav[aria-label=Pagination] [aria-current=page]").text_content().unwrap(), "1");
    assert_eq!(find(&el, "input[type=search]").get_attribute("id"), find(&el, "label").get_attribute("for"));
    assert!(find(&el, ".tagsift").has_attribute("data-live"));
    widget.destroy();
    assert_eq!(el.child_element_count(), 0);
}

#[wasm_bindgen_test]
async fn clicks_filter_and_chips_undo() {
    let (el, widget) = mount(GOLDEN, "{}").await;
    let _widget = widget.unwrap();
    find(&el, "button[data-action=toggle][data-value=Kafka]").click();
    assert_eq!(text(&el, "[role=status]"), "9 articles · Page 1 of 1");
    assert_eq!(
        find(&el, "button[data-action=toggle][data-value=Kafka]").get_attribute("aria-pressed").unwrap(),
        "true"
    );
    find(&el, "button[data-action=toggle][data-value=Streaming]").click();
    assert_eq!(text(&el, "[role=status]"), "3 articles · Page 1 of 1");
    find(&el, "input[data-action=mode][value=any]").click();
    assert_eq!(text(&el, "[role=status]"), "12 articles · Page 1 of 2");
    assert_eq!(count(&el, ".tagsift-chip"), 2);
    assert_eq!(find(&el, ".tagsift-chip").get_attribute("aria-label").unwrap(), "Remove Tag: Kafka");
    find(&el, ".tagsift-chip").click();
    assert_eq!(text(&el, "[role=status]"), "6 articles · Page 1 of 1");
    find(&el, ".tagsift-clear").click();
    assert_eq!(text(&el, "[role=status]"), "87 articles · Page 1 of 9");
    assert!(find(&el, ".tagsift-refinements").has_attribute("hidden"));
    find(&el, "button[data-key='page:9']").click();
    assert_eq!(text(&el, "[role=status]"), "87 articles · Page 9 of 9");
    assert_eq!(count(&el, "article"), 7);
    assert!(find(&el, "button[data-key='page:next']").has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn every_string_and_format_follows_the_options() {
    let options = r#"{
        "locale": "de",
        "labels": {
            "articles": { "one": "{count} Artikel", "other": "{count} Artikel" },
            "pageOf": "Seite {page} von {pages}",
            "searchLabel": "Artikel durchsuchen",
            "likes": "{count} Likes"
        }
    }"#;
    let (el, widget) = mount(GOLDEN, options).await;
    widget.unwrap();
    assert_eq!(text(&el, "[role=status]"), "87 Artikel · Seite 1 von 9");
    assert_eq!(text(&el, "label"), "Artikel durchsuchen");
    assert_eq!(text(&el, "article time"), "3. Apr. 2026");
    assert!(text(&el, "article .tagsift-engagement").starts_with("0 Likes"));
}

#[wasm_bindgen_test]
async fn load_more_appends_the_next_page() {
    // The handle is dropped at once: the widget lives on with its element.
    let (el, widget) = mount(GOLDEN, r#"{"paging": "load-more", "perPage": 20}"#).await;
    drop(widget.unwrap());
    assert_eq!(text(&el, "[role=status]"), "87 articles");
    assert_eq!(count(&el, "article"), 20);
    find(&el, "button[data-action=load-more]").click();
    assert_eq!(count(&el, "article"), 40);
    for shown in [60, 80, 87] {
        find(&el, "button[data-action=load-more]").click();
        assert_eq!(count(&el, "article"), shown);
    }
    assert_eq!(count(&el, "button[data-action=load-more]"), 0);
}

#[wasm_bindgen_test]
async fn bad_options_and_bad_files_are_reported_in_the_widget() {
    let (el, widget) = mount(GOLDEN, r#"{"perPag": 20}"#).await;
    let message = widget.err().and_then(|e| e.dyn_into::<js_sys::Error>().ok()).map(|e| String::from(e.message()));
    assert!(message
        .as_deref()
        .unwrap_or_default()
        .starts_with("tagsift: option `perPag`: unknown option; expected one of index,"));
    assert_eq!(el.get_attribute("role").as_deref(), Some("alert"));

    let (el, widget) = mount(b"<!doctype html>", "{}").await;
    let widget = widget.unwrap();
    assert!(widget.error().unwrap().contains("This is not a tagsift index"));
    assert!(!find(&el, ".tagsift-alert").has_attribute("hidden"));
    assert!(find(&el, ".tagsift-body").has_attribute("hidden"));
    assert_eq!(widget.total(), 0);
    // Try again asks the host for the index again and shows the loading state.
    find(&el, ".tagsift-alert button[data-action=retry]").click();
    assert_eq!(text(&el, "[role=status]"), "Loading articles…");
}

#[wasm_bindgen_test]
async fn intl_writes_english_exactly_as_the_prerender_does() {
    use tagsift::model::Date;
    use tagsift::ui::format::{English, Format};
    let intl = tagsift::web::format::IntlFormat::new(&JsValue::from_str("en"), &JsValue::UNDEFINED);
    for n in [0, 1, 7, 999, 1000, 12_345, 1_000_000, u32::MAX] {
        assert_eq!(intl.number(n), English.number(n), "{n}");
        assert_eq!(intl.plural(n), English.plural(n), "{n}");
    }
    let start = Date::from_ymd(1999, 12, 25).unwrap().0;
    for d in (start..start + 11_000).step_by(13) {
        assert_eq!(intl.date(Date(d)), English.date(Date(d)), "{}", Date(d));
    }
}
