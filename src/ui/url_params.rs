//! A widget's query as address-bar parameters, and back.
//!
//! `q` (text), repeated `tag`, `mode=any`, repeated `category` and `author`, `sort`,
//! `page` and `per`. Only what differs from the widget's defaults is written, so the
//! plain page has a clean address; reading is lenient (a hand-edited `page=abc` is
//! ignored, not an error), because a shared link must always open.

use crate::engine::query::{Mode, Query, Sort, MAX_PER_PAGE};

/// Every parameter the widget owns; others in the address are left alone.
pub const KEYS: [&str; 8] = ["q", "tag", "mode", "category", "author", "sort", "page", "per"];

/// The parameters for `query`, given the widget's `defaults` (its per-page and sort options).
pub fn to_params(query: &Query, defaults: &Query) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if !query.text.trim().is_empty() {
        out.push(("q", query.text.clone()));
    }
    out.extend(query.tags.iter().map(|t| ("tag", t.clone())));
    if query.mode == Mode::Any {
        out.push(("mode", "any".into()));
    }
    out.extend(query.categories.iter().map(|c| ("category", c.clone())));
    out.extend(query.authors.iter().map(|a| ("author", a.clone())));
    if query.sort != defaults.sort {
        if let Some(sort) = query.sort {
            out.push(("sort", sort.name().into()));
        }
    }
    if query.page > 1 {
        out.push(("page", crate::ascii::digits(query.page)));
    }
    if query.per_page != defaults.per_page {
        out.push(("per", crate::ascii::digits(query.per_page)));
    }
    out
}

/// The query that `params` describe, starting from `defaults`. Unknown or malformed
/// values are skipped.
pub fn from_params<K: AsRef<str>, V: AsRef<str>>(params: impl IntoIterator<Item = (K, V)>, defaults: &Query) -> Query {
    let mut q = defaults.clone();
    for (key, value) in params {
        let value = value.as_ref();
        let push = |list: &mut Vec<String>| {
            if !value.is_empty() && !list.iter().any(|v| v == value) {
                list.push(value.to_string());
            }
        };
        match key.as_ref() {
            "q" => q.text = value.to_string(),
            "tag" => push(&mut q.tags),
            "category" => push(&mut q.categories),
            "author" => push(&mut q.authors),
            "mode" => {
                q.mode = match value {
                    "any" => Mode::Any,
                    _ => Mode::All,
                }
            }
            "sort" => {
                if let Ok(sort) = value.parse::<Sort>() {
                    q.sort = Some(sort);
                }
            }
            "page" => {
                if let Ok(page) = value.parse::<u32>() {
                    q.page = page.max(1);
                }
            }
            "per" => {
                if let Ok(per) = value.parse::<u32>() {
                    q.per_page = per.clamp(1, MAX_PER_PAGE);
                }
            }
            _ => {}
        }
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_package_entry_knows_the_same_parameters() {
        // tagsift.js hides a prerendered view whose address holds any of these, before
        // the wasm (which owns the list) has arrived: the two lists must agree.
        let entry = include_str!("../web/package/tagsift.js");
        let line = entry.lines().find(|l| l.starts_with("const URL_KEYS = [")).expect("URL_KEYS in tagsift.js");
        let listed: Vec<&str> = line.split('"').enumerate().filter(|(i, _)| i % 2 == 1).map(|(_, k)| k).collect();
        assert_eq!(listed, KEYS);
    }

    #[test]
    fn the_default_view_has_no_parameters() {
        assert!(to_params(&Query::default(), &Query::default()).is_empty());
    }

    #[test]
    fn round_trips_a_full_view() {
        let defaults = Query::default();
        let q = Query {
            text: "kafka streams".into(),
            tags: vec!["Kafka".into(), "C++".into()],
            mode: Mode::Any,
            categories: vec!["Backend Development".into()],
            authors: vec!["Ray's Galactic Tech".into()],
            sort: Some(Sort::MostLiked),
            page: 3,
            per_page: 20,
            ..defaults.clone()
        };
        let params = to_params(&q, &defaults);
        let keys: Vec<&str> = params.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["q", "tag", "tag", "mode", "category", "author", "sort", "page", "per"]);
        assert_eq!(from_params(params.iter().map(|(k, v)| (*k, v.as_str())), &defaults), q);
    }

    #[test]
    fn reading_is_lenient() {
        let defaults = Query { per_page: 20, ..Query::default() };
        let q = from_params(
            [
                ("page", "abc"),
                ("sort", "sideways"),
                ("per", "500"),
                ("tag", ""),
                ("tag", "Go"),
                ("tag", "Go"),
                ("x", "1"),
            ],
            &defaults,
        );
        assert_eq!(q, Query { tags: vec!["Go".into()], per_page: 100, ..defaults.clone() });
        assert_eq!(from_params([("page", "0")], &defaults).page, 1);
    }

    #[test]
    fn defaults_are_not_written() {
        let defaults = Query { per_page: 20, sort: Some(Sort::Title), ..Query::default() };
        assert!(to_params(&defaults, &defaults).is_empty());
        let newest = Query { sort: Some(Sort::Newest), ..defaults.clone() };
        assert_eq!(to_params(&newest, &defaults), [("sort", "newest".to_string())]);
    }
}
