//! The widget's options, read the same way from the `mount` options object (in the
//! browser), from the element's `data-tagsift-*` attributes (in the browser, and by the
//! prerender step from the page's HTML). Unknown options and bad values are errors that
//! name the option, so a typo is never silently ignored.

use crate::engine::query::{Sort, MAX_PER_PAGE};
use crate::engine::Query;
use crate::ui::action::FacetKind;
use crate::ui::labels::Labels;
pub use crate::value::Value;

/// Where the widget keeps its state in the address bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlState {
    /// `?tag=Kafka&page=2` (the default).
    Query,
    /// `#tag=Kafka&page=2`, for hosts that ignore or rewrite query strings.
    Hash,
    /// Not at all (several widgets on one page, or an app that routes itself).
    Off,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paging {
    /// Numbered pages.
    Pages,
    /// A "Load more" button that appends the next page.
    LoadMore,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// URL of the index file, relative to the page.
    pub index: String,
    pub url_state: UrlState,
    pub paging: Paging,
    /// Results per page, 1..=100.
    pub per_page: u32,
    pub per_page_choices: Vec<u32>,
    /// The sort when the reader has chosen none (`None`: best match with text, else newest).
    pub sort: Option<Sort>,
    /// Values shown per facet before "Show more" (1..=1000), and after it (1..=10000).
    pub tag_limit: u32,
    pub category_limit: u32,
    pub author_limit: u32,
    pub show_more_limit: u32,
    /// Milliseconds of quiet typing before the results follow the search box (0..=10000).
    pub debounce: u32,
    /// Scroll to the top of the results when the page changes.
    pub scroll: bool,
    pub labels: Labels,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            index: "index.bin".into(),
            url_state: UrlState::Query,
            paging: Paging::Pages,
            per_page: 10,
            per_page_choices: vec![10, 20, 50, 100],
            sort: None,
            tag_limit: 20,
            category_limit: 10,
            author_limit: 10,
            show_more_limit: 100,
            debounce: 150,
            scroll: true,
            labels: Labels::default(),
        }
    }
}

/// Every option of the options object, in the order the documentation lists them.
pub const KEYS: [&str; 15] = [
    "index",
    "urlState",
    "paging",
    "perPage",
    "perPageChoices",
    "sort",
    "tagLimit",
    "categoryLimit",
    "authorLimit",
    "showMoreLimit",
    "debounce",
    "scroll",
    "locale",
    "dateFormat",
    "labels",
];

impl Options {
    /// Options from an element's data attributes, as `(name, value)` pairs with the
    /// full attribute names (`data-tagsift`, `data-tagsift-per-page`, …); attributes
    /// that are not the widget's are skipped. `locale` and `dateFormat` are left to the
    /// caller (they are handed to the platform as they are).
    pub fn from_attributes<'a>(attributes: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Options, String> {
        let mut options = Options::default();
        for (name, value) in attributes {
            options.set_attribute(name, value)?;
        }
        Ok(options.finish())
    }

    /// Applies one data attribute (see [`Options::from_attributes`]).
    pub fn set_attribute(&mut self, name: &str, value: &str) -> Result<(), String> {
        if name == "data-tagsift" {
            if !value.is_empty() {
                self.index = value.to_string();
            }
            return Ok(());
        }
        let Some(rest) = name.strip_prefix("data-tagsift-") else { return Ok(()) };
        let key = camel(rest);
        if key == "locale" || key == "dateFormat" {
            return Ok(());
        }
        self.set(&key, &Value::Text(value.to_string())).map_err(|e| concat(&["data-tagsift-", rest, ": ", &e]))
    }

    /// Sets option `key` (an options-object name such as `perPage`). `locale` and
    /// `dateFormat` are the platform's to read and are refused here.
    pub fn set(&mut self, key: &str, value: &Value) -> Result<(), String> {
        match key {
            "labels" => self.labels.set_all(value)?,
            "index" => self.index = text(value)?.to_string(),
            "urlState" => {
                self.url_state = match text(value)? {
                    "query" => UrlState::Query,
                    "hash" => UrlState::Hash,
                    "off" | "false" => UrlState::Off,
                    other => return Err(concat(&["expected query, hash or off, not `", other, "`"])),
                }
            }
            "paging" => {
                self.paging = match text(value)? {
                    "pages" => Paging::Pages,
                    "load-more" => Paging::LoadMore,
                    other => return Err(concat(&["expected pages or load-more, not `", other, "`"])),
                }
            }
            "perPage" => self.per_page = number(value, 1, MAX_PER_PAGE)?,
            "perPageChoices" => {
                let list: Result<Vec<u32>, String> = match value {
                    Value::List(items) => items.iter().map(|v| number(v, 1, MAX_PER_PAGE)).collect(),
                    other => text(other)?
                        .split(',')
                        .map(|v| number(&Value::Text(v.trim().to_string()), 1, MAX_PER_PAGE))
                        .collect(),
                };
                self.per_page_choices = list?;
            }
            "sort" => {
                let name = text(value)?;
                self.sort = Some(name.parse::<Sort>().map_err(|_| {
                    let names: Vec<&str> = Sort::ALL.iter().map(|s| s.name()).collect();
                    concat(&["unknown sort `", name, "`: expected one of ", &names.join(", ")])
                })?)
            }
            "tagLimit" => self.tag_limit = number(value, 1, 1000)?,
            "categoryLimit" => self.category_limit = number(value, 1, 1000)?,
            "authorLimit" => self.author_limit = number(value, 1, 1000)?,
            "showMoreLimit" => self.show_more_limit = number(value, 1, 10_000)?,
            "debounce" => self.debounce = number(value, 0, 10_000)?,
            "scroll" => {
                self.scroll = match value {
                    Value::Bool(b) => *b,
                    other => text(other)? != "false",
                }
            }
            _ => return Err(concat(&["unknown option; expected one of ", &KEYS.join(", ")])),
        }
        Ok(())
    }

    /// Settles what depends on several options: the per-page menu offers `per_page`.
    pub fn finish(mut self) -> Options {
        if !self.per_page_choices.contains(&self.per_page) {
            self.per_page_choices.push(self.per_page);
            self.per_page_choices.sort_unstable();
        }
        self
    }

    /// The query of the plain page: the options' per-page and sort.
    pub fn default_query(&self) -> Query {
        Query { per_page: self.per_page, sort: self.sort, ..Query::default() }
    }

    /// Values of `kind` shown before "Show more".
    pub fn limit(&self, kind: FacetKind) -> u32 {
        match kind {
            FacetKind::Tags => self.tag_limit,
            FacetKind::Categories => self.category_limit,
            FacetKind::Authors => self.author_limit,
        }
    }

    /// Values of `kind` shown, collapsed or expanded.
    pub fn shown(&self, kind: FacetKind, expanded: bool) -> u32 {
        if expanded {
            self.show_more_limit.max(self.limit(kind))
        } else {
            self.limit(kind)
        }
    }
}

/// The pieces joined (messages without `format!`, which would bring `core::fmt` into the wasm).
pub fn concat(pieces: &[&str]) -> String {
    pieces.concat()
}

fn text(value: &Value) -> Result<&str, String> {
    value.text().ok_or_else(|| "expected a string".into())
}

/// A whole number in `min..=max`, given as a number or as text (data attributes).
fn number(value: &Value, min: u32, max: u32) -> Result<u32, String> {
    // Text is parsed as an integer: float parsing would add its tables to the wasm.
    let n = match value {
        Value::Text(t) => t.trim().parse::<u32>().ok(),
        other => other.whole(),
    };
    match n {
        Some(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(concat(&[
            "expected a whole number from ",
            &crate::ascii::digits(min),
            " to ",
            &crate::ascii::digits(max),
        ])),
    }
}

/// `per-page` → `perPage`.
fn camel(kebab: &str) -> String {
    let mut out = String::with_capacity(kebab.len());
    let mut upper = false;
    for c in kebab.chars() {
        if c == '-' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_attributes_set_options() {
        let o = Options::from_attributes([
            ("data-tagsift", "search/index.bin"),
            ("data-tagsift-per-page", "25"),
            ("data-tagsift-per-page-choices", "10, 50"),
            ("data-tagsift-url-state", "hash"),
            ("data-tagsift-paging", "load-more"),
            ("data-tagsift-scroll", "false"),
            ("data-tagsift-locale", "de"),
            ("class", "search"),
        ])
        .unwrap();
        assert_eq!(o.index, "search/index.bin");
        assert_eq!((o.per_page, o.per_page_choices.as_slice()), (25, &[10, 25, 50][..]));
        assert_eq!((o.url_state, o.paging, o.scroll), (UrlState::Hash, Paging::LoadMore, false));
    }

    #[test]
    fn bad_values_name_the_attribute() {
        let e = Options::from_attributes([("data-tagsift-per-page", "500")]).unwrap_err();
        assert_eq!(e, "data-tagsift-per-page: expected a whole number from 1 to 100");
        let e = Options::from_attributes([("data-tagsift-sort", "popular")]).unwrap_err();
        assert!(e.starts_with("data-tagsift-sort: unknown sort `popular`: expected one of newest,"), "{e}");
        let e = Options::from_attributes([("data-tagsift-perpage", "5")]).unwrap_err();
        assert!(e.starts_with("data-tagsift-perpage: unknown option; expected one of index, urlState"), "{e}");
    }

    #[test]
    fn object_values_may_be_numbers_lists_and_booleans() {
        let mut o = Options::default();
        o.set("perPage", &Value::Number(20.0)).unwrap();
        o.set("perPageChoices", &Value::List(vec![Value::Number(5.0), Value::Number(15.0)])).unwrap();
        o.set("scroll", &Value::Bool(false)).unwrap();
        assert!(o.set("perPage", &Value::Number(2.5)).is_err());
        assert!(o.set("debounce", &Value::Bool(true)).is_err());
        let o = o.finish();
        assert_eq!(o.per_page_choices, [5, 15, 20]);
        assert!(!o.scroll);
        assert_eq!(o.default_query().per_page, 20);
    }
}
