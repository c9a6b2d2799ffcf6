//! The materialiser in a real browser: the DOM it builds is the view tree exactly (the
//! same tree as HTML gives the same DOM), adopting parsed HTML changes nothing, and a
//! re-render touches only what differs, keeping the reader's focus and typing.
#![cfg(all(target_arch = "wasm32", feature = "widget"))]

use tagsift::ui::html;
use tagsift::ui::tree::{el, Element as View, Node};
use tagsift::web::materialize::patch;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh `<div>` in the page.
fn host() -> Element {
    let div = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    div
}

/// The DOM under `root` as HTML, written by the browser.
fn inner(root: &Element) -> String {
    root.inner_html()
}

/// Counts the DOM mutations `f` causes under `root`.
fn mutations(root: &Element, f: impl FnOnce()) -> u32 {
    let observer = web_sys::MutationObserver::new(&js_sys::Function::new_no_args("")).unwrap();
    let options = web_sys::MutationObserverInit::new();
    options.set_subtree(true);
    options.set_child_list(true);
    options.set_attributes(true);
    options.set_character_data(true);
    observer.observe_with_options(root, &options).unwrap();
    f();
    let n = observer.take_records().length();
    observer.disconnect();
    n
}

fn list(items: &[&str], pressed: usize) -> View {
    let mut ul = el("ul").class("list");
    for (i, item) in items.iter().enumerate() {
        let button = el("button")
            .attr("type", "button")
            .attr("aria-pressed", if i == pressed { "true" } else { "false" })
            .attr("data-value", item)
            .text(item);
        ul.push(el("li").child(button).into());
    }
    el("div").child(el("input").attr("type", "search").attr("value", "")).child(ul)
}

#[wasm_bindgen_test]
fn the_dom_is_the_tree_and_its_html_is_the_renderers() {
    let root = host();
    let view = el("section")
        .child(el("p").class("x").text("a < b & \"c\" ").child(el("mark").text("<img src=x onerror=alert(1)>")))
        .child(
            el("button")
                .attr("data-value", "\" onmouseover=\"alert(1)")
                .attr("title", "<b>\u{a0}&")
                .flag("hidden", true)
                .text("go"),
        );
    patch(&document(), &root, &el("div").child(view.clone()));
    assert_eq!(root.child_element_count(), 1);
    assert_eq!(root.first_element_child().unwrap().outer_html(), html::render(&Node::Element(view)));
    assert_eq!(root.query_selector_all("img").unwrap().length(), 0, "text stays text");
    assert_eq!(
        root.query_selector("button").unwrap().unwrap().get_attribute("data-value").as_deref(),
        Some("\" onmouseover=\"alert(1)")
    );
}

#[wasm_bindgen_test]
fn adopting_the_same_view_parsed_from_html_changes_nothing() {
    let root = host();
    let view = list(&["Kafka", "Go", "C++ & <Rust>"], 1);
    root.set_inner_html(&html::render(&Node::Element(view.clone())));
    let adopted = root.first_element_child().unwrap();
    let before = inner(&root);
    assert_eq!(mutations(&root, || patch(&document(), &adopted, &view)), 0);
    assert_eq!(inner(&root), before);
}

#[wasm_bindgen_test]
fn a_re_render_changes_only_what_differs() {
    let root = host();
    patch(&document(), &root, &el("div").child(list(&["Kafka", "Go", "Rust"], 0)));
    let first_button = root.query_selector("button").unwrap().unwrap();
    // One attribute of two buttons differs: two mutations, the same elements.
    let n = mutations(&root, || patch(&document(), &root, &el("div").child(list(&["Kafka", "Go", "Rust"], 1))));
    assert_eq!(n, 2);
    assert!(root.query_selector("button").unwrap().unwrap().is_same_node(Some(&first_button)));
    // Fewer items: the extra ones go; attributes no longer wanted are removed.
    patch(&document(), &root, &el("div").child(list(&["Kafka"], 9)));
    assert_eq!(root.query_selector_all("li").unwrap().length(), 1);
    assert_eq!(inner(&root), html::render(&Node::Element(list(&["Kafka"], 9))));
}

#[wasm_bindgen_test]
fn the_readers_focus_and_typing_survive_a_render() {
    let root = host();
    let view = |value: &str| el("div").child(el("input").attr("type", "search").attr("value", value));
    patch(&document(), &root, &el("div").child(view("")));
    let input: HtmlInputElement = root.query_selector("input").unwrap().unwrap().unchecked_into();
    input.focus().unwrap();
    input.set_value("kaf");
    input.set_selection_range(1, 1).unwrap();
    // The view follows the typing: nothing is written, the caret stays.
    patch(&document(), &root, &el("div").child(view("kaf")));
    assert_eq!(document().active_element().unwrap(), input.clone().unchecked_into::<Element>());
    assert_eq!((input.value(), input.selection_start().unwrap()), ("kaf".to_string(), Some(1)));
    // A new value (Back, Clear all) is shown even after the reader typed.
    patch(&document(), &root, &el("div").child(view("")));
    assert_eq!(input.value(), "");
}

#[wasm_bindgen_test]
fn radios_and_options_show_the_views_choice_after_the_reader_changed_them() {
    let root = host();
    let form = |any: bool, sort: &str| {
        let radio = |value: &str, on: bool| {
            el("input").attr("type", "radio").attr("name", "m").attr("value", value).flag("checked", on)
        };
        let mut select = el("select");
        for s in ["newest", "oldest"] {
            select.push(el("option").attr("value", s).flag("selected", s == sort).text(s).into());
        }
        el("div").child(el("form").child(radio("all", !any)).child(radio("any", any)).child(select))
    };
    patch(&document(), &root, &form(false, "newest"));
    let any: HtmlInputElement = root.query_selector("input[value=any]").unwrap().unwrap().unchecked_into();
    let select: web_sys::HtmlSelectElement = root.query_selector("select").unwrap().unwrap().unchecked_into();
    any.click();
    select.set_value("oldest");
    // The view still says "all" and "newest" (the reader's change was refused, say).
    patch(&document(), &root, &form(false, "newest"));
    assert!(!any.checked());
    assert_eq!(select.value(), "newest");
    patch(&document(), &root, &form(true, "oldest"));
    assert!(any.checked());
    assert_eq!(select.value(), "oldest");
}

#[wasm_bindgen_test]
fn a_details_element_the_reader_opened_stays_open() {
    let root = host();
    let view = el("div").child(el("details").child(el("summary").text("Filters")).child(el("p").text("x")));
    patch(&document(), &root, &view);
    let details = root.query_selector("details").unwrap().unwrap();
    details.set_attribute("open", "").unwrap();
    patch(&document(), &root, &view);
    assert!(details.has_attribute("open"));
}
