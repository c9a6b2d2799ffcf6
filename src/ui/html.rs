//! A [`Node`] tree as HTML: the prerendered first view and the view snapshots.
//!
//! The output is what the HTML standard's fragment serializer writes (a browser's
//! `outerHTML`): text with `&`, `<`, `>` and no-break spaces escaped, every attribute
//! double-quoted with `&`, `"`, `<`, `>` and no-break spaces escaped, and nothing added
//! between elements. So an HTML parser builds exactly the tree that was rendered, and
//! the browser tests can compare the DOM with this text byte for byte.

use crate::ui::tree::{Element, Node};

/// Elements without an end tag.
const VOID: &[&str] = &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"];

/// `node` as HTML.
pub fn render(node: &Node) -> String {
    let mut out = String::new();
    write(node, &mut out);
    out
}

/// Appends `node` as HTML to `out`.
pub fn write(node: &Node, out: &mut String) {
    match node {
        Node::Text(t) => escape_text(t, out),
        Node::Element(e) => write_element(e, out),
    }
}

fn write_element(e: &Element, out: &mut String) {
    out.push('<');
    out.push_str(e.tag);
    for (name, value) in &e.attrs {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        escape_attribute(value, out);
        out.push('"');
    }
    out.push('>');
    if VOID.contains(&e.tag) {
        return;
    }
    for child in &e.children {
        write(child, out);
    }
    out.push_str("</");
    out.push_str(e.tag);
    out.push('>');
}

/// `text` as HTML text content.
pub fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // A parser turns U+00A0 into the same character; written as an entity it
            // survives editors that normalise white space.
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
}

/// `value` as the content of a double-quoted attribute.
pub fn escape_attribute(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::tree::{el, text};

    #[test]
    fn escapes_text_and_attributes() {
        let node: Node = el("p")
            .attr("title", "a \"quoted\" & <b>")
            .flag("hidden", true)
            .text("<script>alert(1)</script> & more")
            .child(el("input").attr("value", "x"))
            .into();
        assert_eq!(
            render(&node),
            "<p title=\"a &quot;quoted&quot; &amp; &lt;b&gt;\" hidden=\"\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; more<input value=\"x\"></p>"
        );
        assert_eq!(render(&text("a\u{a0}b")), "a&nbsp;b");
    }
}
