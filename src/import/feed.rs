//! RSS 2.0 and Atom feeds. Each item becomes a record for [`fields::map`]:
//! `category` and `dc:subject` elements (Atom: `category/@term`) are its tags,
//! `dc:creator` or `author` its author, and HTML in descriptions is reduced to text.

use super::config::Config;
use super::fields::{self, Origin};
use super::{Batch, ImportError, Location};
use roxmltree::{Document, Node};
use serde_json::{json, Value};
use std::path::Path;

const ATOM: &str = "http://www.w3.org/2005/Atom";
const DC: &str = "http://purl.org/dc/elements/1.1/";

/// True when `text` looks like an RSS or Atom document.
pub fn looks_like_feed(text: &str) -> bool {
    let head: String = text.chars().take(1000).collect();
    head.contains("<rss") || head.contains("<feed")
}

/// `text` with an XML declaration that does not open the file (white space, a
/// byte-order mark or comments come first, which every feed reader accepts) blanked
/// out, character for character, so that lines and columns stay where they were.
fn with_declaration_tolerated(text: &str) -> std::borrow::Cow<'_, str> {
    let Some(at) = text.find("<?xml") else { return text.into() };
    if at == 0 {
        return text.into();
    }
    let before = &text[..at];
    let only_prolog = {
        let mut rest = before.trim_start_matches('\u{feff}').trim_start();
        while let Some(after) = rest.strip_prefix("<!--") {
            match after.find("-->") {
                Some(end) => rest = after[end + 3..].trim_start(),
                None => break,
            }
        }
        rest.is_empty()
    };
    let Some(end) = text[at..].find("?>").map(|e| at + e + 2) else { return text.into() };
    if !only_prolog {
        return text.into();
    }
    let blank: String = text[at..end].chars().map(|c| if c == '\n' { '\n' } else { ' ' }).collect();
    let cleaned = before.replace('\u{feff}', " ");
    [cleaned.as_str(), &blank, &text[end..]].concat().into()
}

pub fn read(path: &Path, text: &str, config: &Config, batch: &mut Batch) {
    let file: std::sync::Arc<Path> = path.into();
    let at = |line: usize| Location { file: file.clone(), line };
    let text = &*with_declaration_tolerated(text);
    let doc = match Document::parse(text) {
        Ok(d) => d,
        Err(e) => {
            // A file that ends early is best named by its last line.
            let ended = matches!(e, roxmltree::Error::UnexpectedEndOfStream | roxmltree::Error::UnclosedRootNode);
            let doctype = text.find("<!DOCTYPE").map(|i| 1 + text[..i].matches('\n').count());
            let line = match (&e, doctype) {
                (roxmltree::Error::DtdDetected, Some(line)) => line,
                _ if ended => text.lines().count().max(1),
                _ => e.pos().row as usize,
            };
            let message = match e {
                roxmltree::Error::DtdDetected => {
                    "the feed declares a document type (<!DOCTYPE …>), which tagsift does \
                                                  not read (it could expand entities without limit): remove it"
                        .to_string()
                }
                _ if ended => format!("the feed ends before its XML does (is it truncated?): {e}"),
                _ => format!("the feed is not well-formed XML: {e}"),
            };
            batch.errors.push(ImportError { at: at(line), message });
            return;
        }
    };
    let root = doc.root_element();
    // Lines by a table of where each starts (roxmltree's `text_pos_at` counts from the
    // start of the text for every node, which made a large feed quadratic).
    let starts: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
    let line_of = |n: Node| 1 + starts.partition_point(|&newline| newline < n.range().start);
    let items: Vec<(Node, Value)> = match root.tag_name().name() {
        "rss" => root.descendants().filter(|n| n.has_tag_name("item")).map(|item| (item, rss_item(item))).collect(),
        "feed" if root.tag_name().namespace() == Some(ATOM) => root
            .children()
            .filter(|n| n.has_tag_name((ATOM, "entry")))
            .map(|entry| (entry, atom_entry(entry)))
            .collect(),
        other => {
            let message = format!("expected an RSS (<rss>) or Atom (<feed>) document, found <{other}>");
            batch.errors.push(ImportError { at: at(line_of(root)), message });
            return;
        }
    };
    for (node, record) in items {
        let line = line_of(node);
        let source = &text[node.range()];
        let mapped = fields::map(&record, &Origin { at: at(line), source }, config, &mut batch.notices);
        batch.add(mapped, at(line));
    }
}

fn child_text<'a>(n: Node<'a, '_>, name: impl Fn(&Node) -> bool) -> Option<String> {
    n.children().find(|c| c.is_element() && name(c)).map(|c| c.text().unwrap_or_default().trim().to_string())
}

fn rss_item(item: Node) -> Value {
    let plain = |c: &Node, local: &str| c.tag_name().name() == local && c.tag_name().namespace().is_none();
    let tags: Vec<String> = item
        .children()
        .filter(|c| plain(c, "category") || c.has_tag_name((DC, "subject")))
        .filter_map(|c| c.text().map(|t| t.trim().to_string()))
        .collect();
    // RSS `author` is `email (Name)`: the name when there is one.
    let rss_author = child_text(item, |c| plain(c, "author")).map(|a| match (a.find('('), a.rfind(')')) {
        (Some(open), Some(close)) if open < close => a[open + 1..close].trim().to_string(),
        _ => a,
    });
    let author = child_text(item, |c| c.has_tag_name((DC, "creator"))).or(rss_author);
    json!({
        "title": child_text(item, |c| plain(c, "title")).map(|t| html_to_text(&t)),
        "url": child_text(item, |c| plain(c, "link")),
        "author": author,
        "date": child_text(item, |c| plain(c, "pubDate")).or_else(|| child_text(item, |c| c.has_tag_name((DC, "date")))),
        "summary": child_text(item, |c| plain(c, "description")).map(|d| html_to_text(&d)),
        "tags": tags,
    })
}

fn atom_entry(entry: Node) -> Value {
    let atom = |local: &'static str| move |c: &Node| c.has_tag_name((ATOM, local));
    let link = entry
        .children()
        .filter(|c| c.has_tag_name((ATOM, "link")))
        .find(|c| matches!(c.attribute("rel"), None | Some("alternate")))
        .and_then(|c| c.attribute("href").map(str::to_string));
    let author = entry.children().find(atom("author")).and_then(|a| child_text(a, atom("name")));
    let tags: Vec<String> = entry
        .children()
        .filter(atom("category"))
        .filter_map(|c| c.attribute("label").or(c.attribute("term")).map(|t| t.trim().to_string()))
        .collect();
    let summary = entry.children().find(atom("summary")).or_else(|| entry.children().find(atom("content"))).map(|s| {
        match s.attribute("type") {
            Some("html") => html_to_text(s.text().unwrap_or_default()),
            Some("xhtml") => collapse(&s.descendants().filter_map(|d| d.text()).collect::<Vec<_>>().join(" ")),
            _ => collapse(s.text().unwrap_or_default()),
        }
    });
    json!({
        "title": child_text(entry, atom("title")).map(|t| html_to_text(&t)),
        "url": link,
        "author": author,
        "date": child_text(entry, atom("published")).or_else(|| child_text(entry, atom("updated"))),
        "summary": summary,
        "tags": tags,
    })
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text of an HTML fragment: tags dropped (and `script`/`style` with their content),
/// entities decoded, white space collapsed.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let Some(close) = after.find('>') else {
            // A lone `<` is text.
            out.push_str(after);
            rest = "";
            break;
        };
        let tag = after[1..close].trim_start_matches('/').to_ascii_lowercase();
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        rest = &after[close + 1..];
        if (name == "script" || name == "style") && !after[1..].starts_with('/') {
            let end = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = lower.find(&end).map_or("", |i| &rest[i..]);
            continue;
        }
        out.push(' ');
    }
    out.push_str(rest);
    collapse(&html_escape::decode_html_entities(&out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declaration_after_white_space_or_comments_is_tolerated() {
        for text in [
            "\n<?xml version=\"1.0\"?>\n<rss/>",
            "\u{feff}  <?xml version=\"1.0\"?><rss/>",
            "<!-- generated -->\n<?xml version=\"1.0\"?>\n<rss/>",
        ] {
            let cleaned = with_declaration_tolerated(text);
            assert!(Document::parse(&cleaned).is_ok(), "{text:?} -> {cleaned:?}");
            assert_eq!(cleaned.lines().count(), text.lines().count(), "lines are kept");
        }
        assert_eq!(with_declaration_tolerated("<rss/>"), "<rss/>");
        // Anything else before it is not hidden.
        assert!(Document::parse(&with_declaration_tolerated("text <?xml version=\"1.0\"?><rss/>")).is_err());
    }

    #[test]
    fn html_becomes_text() {
        assert_eq!(
            html_to_text("<p>Hello <b>world</b> &amp; <i>more</i></p><script>x()</script>!"),
            "Hello world & more !"
        );
        assert_eq!(html_to_text("a < b"), "a < b");
        assert_eq!(html_to_text("caf&eacute; &#x2011; &lt;tag&gt;"), "café \u{2011} <tag>");
    }
}
