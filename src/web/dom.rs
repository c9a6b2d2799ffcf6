//! A small element builder over web-sys: text only ever enters the DOM as text nodes
//! (`textContent`), never as markup.

use wasm_bindgen::{JsCast, JsValue, UnwrapThrowExt};
use web_sys::{Document, Element, Node};

pub type DomResult<T = ()> = Result<T, JsValue>;

/// The document a widget renders into.
#[derive(Clone)]
pub struct Html {
    doc: Document,
}

impl Html {
    pub fn new(doc: Document) -> Html {
        Html { doc }
    }

    pub fn document(&self) -> &Document {
        &self.doc
    }

    pub fn window(&self) -> web_sys::Window {
        self.doc.default_view().unwrap_or_else(|| web_sys::window().unwrap_throw())
    }

    /// A new element under construction. Tag names are literals, which
    /// `createElement` always accepts: its error path is unreachable and throws.
    pub fn el(&self, tag: &str) -> Builder {
        Builder(self.doc.create_element(tag).unwrap_throw())
    }

    /// A typed element, e.g. `HtmlInputElement` for `input`.
    pub fn typed<T: JsCast>(&self, tag: &str) -> T {
        self.el(tag).build().unchecked_into()
    }
}

/// An element being built. Attribute names are literals, which `setAttribute` accepts,
/// so its (name-validation) errors are not reachable and are ignored.
pub struct Builder(Element);

impl Builder {
    pub fn class(self, class: &str) -> Builder {
        self.0.set_class_name(class);
        self
    }

    pub fn attr(self, name: &str, value: &str) -> Builder {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// Sets the attribute when `on`, for boolean attributes such as `hidden`.
    pub fn flag(self, name: &str, on: bool) -> Builder {
        if on {
            let _ = self.0.set_attribute(name, "");
        }
        self
    }

    /// Appends `text` as a text node.
    pub fn text(self, text: &str) -> Builder {
        let _ = self.0.append_with_str_1(text);
        self
    }

    pub fn child(self, child: &Node) -> Builder {
        let _ = self.0.append_child(child);
        self
    }

    pub fn build(self) -> Element {
        self.0
    }
}

/// Appends `child` to `parent` (which cannot fail for the elements built here).
pub fn append(parent: &Node, child: &Node) {
    let _ = parent.append_child(child);
}

/// Appends `text` to `parent` as a text node.
pub fn append_text(parent: &Element, text: &str) {
    let _ = parent.append_with_str_1(text);
}

/// Replaces every child of `parent` with `children`.
pub fn replace_children(parent: &Element, children: &[Node]) {
    let array: js_sys::Array = children.iter().collect();
    parent.replace_children_with_node(&array);
}

/// Sets or removes a boolean attribute.
pub fn set_flag(el: &Element, name: &str, on: bool) {
    let _ = if on { el.set_attribute(name, "") } else { el.remove_attribute(name) };
}
