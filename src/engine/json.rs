//! A [`SearchResult`] as JSON, written by hand: the browser hands JavaScript one string
//! for `JSON.parse` instead of building the result object by object across the wasm
//! boundary, and no serializer or `core::fmt` enters the wasm. The text is exactly
//! what `serde_json` writes for the same result (the CLI's output), which a test
//! checks on many random results.

use crate::ascii::digits;
use crate::engine::{Facet, SearchResult};
use crate::model::Article;

/// `result` as compact JSON, field for field as its serde derive names them.
pub fn search_result(result: &SearchResult) -> String {
    let mut out = String::with_capacity(256 + result.hits.len() * 512);
    out.push_str("{\"total\":");
    out.push_str(&digits(result.total));
    out.push_str(",\"page\":");
    out.push_str(&digits(result.page));
    out.push_str(",\"pages\":");
    out.push_str(&digits(result.pages));
    out.push_str(",\"perPage\":");
    out.push_str(&digits(result.per_page));
    out.push_str(",\"sort\":");
    string(result.sort.name(), &mut out);
    out.push_str(",\"hits\":[");
    for (i, a) in result.hits.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        article(a, &mut out);
    }
    out.push_str("],\"facets\":{\"tags\":");
    facet(&result.facets.tags, &mut out);
    out.push_str(",\"categories\":");
    facet(&result.facets.categories, &mut out);
    out.push_str(",\"authors\":");
    facet(&result.facets.authors, &mut out);
    out.push_str("}}");
    out
}

fn article(a: &Article, out: &mut String) {
    out.push_str("{\"id\":");
    string(&a.id, out);
    out.push_str(",\"title\":");
    string(&a.title, out);
    out.push_str(",\"url\":");
    optional_string(a.url.as_deref(), out);
    out.push_str(",\"author\":");
    optional_string(a.author.as_deref(), out);
    out.push_str(",\"date\":");
    match a.date {
        Some(d) => string(&d.to_iso(), out),
        None => out.push_str("null"),
    }
    out.push_str(",\"category\":");
    optional_string(a.category.as_deref(), out);
    out.push_str(",\"summary\":");
    string(&a.summary, out);
    out.push_str(",\"tags\":[");
    for (i, t) in a.tags.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(t, out);
    }
    out.push_str("],\"likes\":");
    optional_number(a.likes, out);
    out.push_str(",\"readMinutes\":");
    optional_number(a.read_minutes, out);
    out.push('}');
}

fn facet(f: &Facet, out: &mut String) {
    out.push_str("{\"values\":[");
    for (i, v) in f.values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"value\":");
        string(&v.value, out);
        out.push_str(",\"count\":");
        out.push_str(&digits(v.count));
        out.push_str(",\"selected\":");
        out.push_str(if v.selected { "true" } else { "false" });
        out.push_str(",\"excluded\":");
        out.push_str(if v.excluded { "true" } else { "false" });
        out.push('}');
    }
    out.push_str("],\"distinct\":");
    out.push_str(&digits(f.distinct));
    out.push('}');
}

fn optional_string(s: Option<&str>, out: &mut String) {
    match s {
        Some(s) => string(s, out),
        None => out.push_str("null"),
    }
}

fn optional_number(n: Option<u32>, out: &mut String) {
    match n {
        Some(n) => out.push_str(&digits(n)),
        None => out.push_str("null"),
    }
}

/// `s` as a JSON string, escaped as `serde_json` escapes it.
fn string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
