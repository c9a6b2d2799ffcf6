//! The materialiser: makes the DOM under an element equal to a view tree
//! ([`crate::ui::tree`]), changing only what differs.
//!
//! One generic loop stands for every element the widget shows, so the wasm carries a
//! handful of DOM calls instead of a call site per element. Because it compares before
//! it writes, adopting a prerendered view changes nothing, a re-render keeps the
//! elements (and the focus, caret and scroll position) the reader is using, and text
//! only ever enters the DOM as text nodes.

use crate::ui::tree::{Element as View, Node as ViewNode};
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Node};

/// Attributes the view does not own, kept when it does not name them: a `<details>`
/// the reader opened stays open, and `elementtiming` marks a page added for its own
/// paint measurements stay.
const NOT_OURS: &[&str] = &["open", "elementtiming"];

/// Makes `target`, an element whose tag is `view.tag`, equal to `view`: its attributes,
/// the live state of form controls (`value`, `checked`, `selected`), and its children.
pub fn patch(doc: &Document, target: &Element, view: &View) {
    patch_attributes(target, view);
    patch_children(doc, target, &view.children);
    sync_properties(target, view);
}

fn patch_attributes(target: &Element, view: &View) {
    for (name, value) in &view.attrs {
        if target.get_attribute(name).as_deref() != Some(value.as_str()) {
            let _ = target.set_attribute(name, value);
        }
    }
    if target.attributes().length() as usize != view.attrs.len() {
        for name in target.get_attribute_names().iter() {
            let name = name.as_string().unwrap_or_default();
            let wanted = view.attrs.iter().any(|(n, _)| *n == name) || NOT_OURS.contains(&name.as_str());
            if !wanted {
                let _ = target.remove_attribute(&name);
            }
        }
    }
}

fn patch_children(doc: &Document, parent: &Element, children: &[ViewNode]) {
    let existing = parent.child_nodes();
    for (i, child) in children.iter().enumerate() {
        let Some(node) = existing.item(i as u32) else {
            let _ = parent.append_child(&create(doc, child));
            continue;
        };
        match child {
            ViewNode::Text(text) if node.node_type() == Node::TEXT_NODE => {
                if node.node_value().as_deref() != Some(text.as_str()) {
                    node.set_node_value(Some(text));
                }
            }
            ViewNode::Element(view) if is_element(&node, view.tag) => patch(doc, node.unchecked_ref(), view),
            _ => {
                let _ = parent.replace_child(&create(doc, child), &node);
            }
        }
    }
    while existing.length() as usize > children.len() {
        if let Some(last) = parent.last_child() {
            let _ = parent.remove_child(&last);
        }
    }
}

fn is_element(node: &Node, tag: &str) -> bool {
    node.node_type() == Node::ELEMENT_NODE && node.unchecked_ref::<Element>().local_name() == tag
}

/// A new DOM node for `node`. Tag and attribute names are the view's literals, which
/// the DOM always accepts.
pub fn create(doc: &Document, node: &ViewNode) -> Node {
    match node {
        ViewNode::Text(text) => doc.create_text_node(text).into(),
        ViewNode::Element(view) => {
            let Ok(element) = doc.create_element(view.tag) else { return doc.create_text_node("").into() };
            for (name, value) in &view.attrs {
                let _ = element.set_attribute(name, value);
            }
            for child in &view.children {
                let _ = element.append_child(&create(doc, child));
            }
            element.into()
        }
    }
}

/// Form controls show their live state, which their attributes only set until the
/// reader touches them: the box's text, the checked radio, the chosen option.
fn sync_properties(target: &Element, view: &View) {
    match view.tag {
        "input" => {
            sync(target, "value", JsValue::from_str(view.get("value").unwrap_or_default()));
            if view.get("type") == Some("radio") {
                sync(target, "checked", JsValue::from_bool(view.get("checked").is_some()));
            }
        }
        "option" => sync(target, "selected", JsValue::from_bool(view.get("selected").is_some())),
        _ => {}
    }
}

/// Sets property `name` of `target` to `value` unless it already is: writing an input's
/// `value` would move the caret.
fn sync(target: &Element, name: &str, value: JsValue) {
    let key = JsValue::from_str(name);
    if Reflect::get(target, &key).ok().as_ref() != Some(&value) {
        let _ = Reflect::set(target, &key, &value);
    }
}
