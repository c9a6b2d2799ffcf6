//! A view as data: elements with attributes and children, and text.
//!
//! The widget describes what it shows as a [`Node`] tree, once, without a browser. Two
//! renderers turn the same tree into output: [`crate::ui::html`] writes HTML (the
//! prerendered first view, the snapshot tests), and the browser's materialiser
//! (`web::materialize`) makes the DOM equal to it. Text only ever becomes text: the
//! HTML renderer escapes it and the materialiser sets it as text nodes.
//!
//! The tree is built so that parsing its HTML gives back the same tree: adjacent text
//! is merged into one node and empty text is dropped, as an HTML parser would.

/// An element or a run of text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
}

/// An element: a lower-case tag name, attributes in order, children. Boxed, so that
/// the builder passes one pointer from call to call (a by-value struct costs the wasm
/// a copy at every step of every chain).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element(Box<Data>);

/// What an [`Element`] holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Data {
    pub tag: &'static str,
    /// Names are literals; a boolean attribute (`hidden`, `disabled`) has the value "".
    pub attrs: Vec<(&'static str, String)>,
    pub children: Vec<Node>,
}

impl core::ops::Deref for Element {
    type Target = Data;
    fn deref(&self) -> &Data {
        &self.0
    }
}

impl core::ops::DerefMut for Element {
    fn deref_mut(&mut self) -> &mut Data {
        &mut self.0
    }
}

/// A new element `tag` with no attributes or children.
#[inline(never)]
pub fn el(tag: &'static str) -> Element {
    Element(Box::new(Data { tag, attrs: Vec::new(), children: Vec::new() }))
}

impl Element {
    /// Sets attribute `name` (replacing an earlier value).
    // Not generic and not inlined: the view calls these hundreds of times, and one copy
    // each keeps the wasm small.
    #[inline(never)]
    pub fn attr(mut self, name: &'static str, value: &str) -> Element {
        self.set(name, value.to_string());
        self
    }

    pub fn class(self, class: &str) -> Element {
        self.attr("class", class)
    }

    /// Sets the boolean attribute `name` when `on`.
    #[inline(never)]
    pub fn flag(self, name: &'static str, on: bool) -> Element {
        if on {
            self.attr(name, "")
        } else {
            self
        }
    }

    /// Appends `text`, merged into a preceding text child; empty text adds nothing.
    #[inline(never)]
    pub fn text(mut self, text: &str) -> Element {
        self.push_text(text);
        self
    }

    #[inline(never)]
    pub fn child(mut self, node: Element) -> Element {
        self.push(Node::Element(node));
        self
    }

    pub fn children(mut self, nodes: impl IntoIterator<Item = Node>) -> Element {
        for node in nodes {
            self.push(node);
        }
        self
    }

    /// Appends `node`, merging text into a preceding text child.
    #[inline(never)]
    pub fn push(&mut self, node: Node) {
        match node {
            Node::Text(text) => self.push_text(&text),
            element => self.children.push(element),
        }
    }

    pub fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.children.last_mut() {
            Some(Node::Text(last)) => last.push_str(text),
            _ => self.children.push(Node::Text(text.to_string())),
        }
    }

    /// The value of attribute `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    fn set(&mut self, name: &'static str, value: String) {
        match self.attrs.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.attrs.push((name, value)),
        }
    }

    /// The elements below this one, depth first (this one excluded).
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        let mut stack: Vec<&Element> = vec![self];
        while let Some(e) = stack.pop() {
            for child in e.children.iter().rev() {
                if let Node::Element(c) = child {
                    stack.push(c);
                }
            }
            if !core::ptr::eq(e, self) {
                out.push(e);
            }
        }
        out
    }

    /// Every text below this one, concatenated (as `textContent` reads it).
    pub fn text_content(&self) -> String {
        let mut out = String::new();
        collect_text(&self.children, &mut out);
        out
    }
}

fn collect_text(nodes: &[Node], out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => collect_text(&e.children, out),
        }
    }
}

impl From<Element> for Node {
    fn from(e: Element) -> Node {
        Node::Element(e)
    }
}

/// Text as a node.
pub fn text(text: impl Into<String>) -> Node {
    Node::Text(text.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjacent_text_merges_and_empty_text_vanishes() {
        let mut p = el("p").text("a").text("").text(" · ");
        p.push(text("b"));
        let p = p.child(el("b")).text("c");
        assert_eq!(p.children, [Node::Text("a · b".into()), Node::Element(el("b")), Node::Text("c".into())]);
        assert_eq!(p.text_content(), "a · bc");
    }

    #[test]
    fn attributes_replace_and_flags_are_empty_values() {
        let b = el("button").attr("type", "button").attr("type", "submit").flag("hidden", true).flag("disabled", false);
        assert_eq!(b.attrs, [("type", "submit".to_string()), ("hidden", String::new())]);
        assert_eq!(b.get("hidden"), Some(""));
        assert_eq!(b.get("disabled"), None);
    }

    #[test]
    fn descendants_are_depth_first() {
        let tree = el("div").child(el("p").child(el("b"))).child(el("i"));
        let tags: Vec<_> = tree.descendants().iter().map(|e| e.tag).collect();
        assert_eq!(tags, ["p", "b", "i"]);
    }
}
