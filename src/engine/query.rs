//! What a search asks ([`Query`]) and what it answers ([`SearchResult`]).
//! Both cross the wasm boundary as plain JS objects with camelCase fields.

use crate::model::{Article, Date};
use crate::value::Value;
use core::fmt;
use serde::{Deserialize, Serialize};

/// How selected tags combine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Every selected tag (AND): clicking tags narrows.
    #[default]
    All,
    /// At least one selected tag (OR).
    Any,
}

/// Result order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sort {
    /// Date descending (the stored order).
    Newest,
    /// Date ascending.
    Oldest,
    /// Reading time descending.
    Longest,
    /// Reading time ascending.
    Shortest,
    /// Likes descending.
    MostLiked,
    /// Title A→Z, case- and accent-insensitive.
    Title,
    /// Text relevance (title hits above summary hits), ties newest first.
    Relevance,
}

impl Sort {
    pub const ALL: [Sort; 7] =
        [Sort::Newest, Sort::Oldest, Sort::Longest, Sort::Shortest, Sort::MostLiked, Sort::Title, Sort::Relevance];

    pub fn name(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
            Sort::Longest => "longest",
            Sort::Shortest => "shortest",
            Sort::MostLiked => "most-liked",
            Sort::Title => "title",
            Sort::Relevance => "relevance",
        }
    }
}

impl core::str::FromStr for Sort {
    type Err = QueryError;
    fn from_str(s: &str) -> Result<Sort, QueryError> {
        Sort::ALL.into_iter().find(|x| x.name() == s).ok_or_else(|| QueryError::UnknownSort(s.to_string()))
    }
}

/// Default and bounds of [`Query::per_page`].
pub const DEFAULT_PER_PAGE: u32 = 10;
pub const MAX_PER_PAGE: u32 = 100;
/// Default number of values returned per facet (selected values are always returned too).
pub const DEFAULT_FACET_LIMIT: u32 = 20;

/// A search. Every field is optional; the empty query returns everything newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Query {
    /// Selected tags, combined by `mode`. Unknown tags match nothing.
    pub tags: Vec<String>,
    pub mode: Mode,
    /// Tags whose articles are left out (NOT).
    pub exclude: Vec<String>,
    /// Categories, OR within.
    pub categories: Vec<String>,
    /// Authors, OR within.
    pub authors: Vec<String>,
    /// Earliest date, inclusive. With a date range, undated articles are left out.
    pub from: Option<Date>,
    /// Latest date, inclusive.
    pub to: Option<Date>,
    /// Text query: every word must match title, summary, author or tags.
    pub text: String,
    /// `None`: relevance when there is text, else newest.
    pub sort: Option<Sort>,
    /// 1-based; clamped to `1..=pages`.
    pub page: u32,
    /// 1..=100.
    pub per_page: u32,
    /// Values per facet, 1..=10000; selected ones come on top of it.
    pub facet_limit: u32,
    /// Narrows each facet's listed values to names containing these words
    /// (folded like text search): the filter box of a long refinement list.
    pub facet_search: FacetSearch,
}

/// Per-facet name filters; empty means every value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct FacetSearch {
    pub tags: String,
    pub categories: String,
    pub authors: String,
}

impl Default for Query {
    fn default() -> Query {
        Query {
            tags: Vec::new(),
            mode: Mode::All,
            exclude: Vec::new(),
            categories: Vec::new(),
            authors: Vec::new(),
            from: None,
            to: None,
            text: String::new(),
            sort: None,
            page: 1,
            per_page: DEFAULT_PER_PAGE,
            facet_limit: DEFAULT_FACET_LIMIT,
            facet_search: FacetSearch::default(),
        }
    }
}

/// The fields of a query object, as JavaScript names them.
pub const FIELDS: [&str; 13] = [
    "tags",
    "mode",
    "exclude",
    "categories",
    "authors",
    "from",
    "to",
    "text",
    "sort",
    "page",
    "perPage",
    "facetLimit",
    "facetSearch",
];

impl Query {
    /// Reads a query object as JavaScript hands it over (the headless API's `search`).
    /// Misspelt keys are refused (a typo must not silently widen a search), every error
    /// names its field, and `null` or `undefined` fields keep their defaults. Written
    /// by hand rather than with serde: it keeps serde's generic deserializer out of the
    /// wasm.
    pub fn from_value(value: &Value) -> Result<Query, String> {
        let mut q = Query::default();
        let fields = match value {
            Value::Null => return Ok(q),
            Value::Object(fields) => fields,
            _ => return Err("expected an object".into()),
        };
        for (key, v) in fields {
            if v.is_null() {
                continue;
            }
            let must = |what: &str| ["`", key, "` must be ", what].concat();
            let string = |v: &Value| v.text().map(str::to_string).ok_or_else(|| must("a string"));
            let strings = |v: &Value| {
                match v {
                    Value::List(items) => {
                        items.iter().map(|x| x.text().map(str::to_string)).collect::<Option<Vec<_>>>()
                    }
                    _ => None,
                }
                .ok_or_else(|| must("an array of strings"))
            };
            let number = |v: &Value| v.whole().ok_or_else(|| must("a whole number"));
            let date = |v: &Value| {
                let s = string(v)?;
                Date::parse_iso(&s).ok_or_else(|| [&must("a date like 2026-04-03, not `"), s.as_str(), "`"].concat())
            };
            match key.as_str() {
                "tags" => q.tags = strings(v)?,
                "exclude" => q.exclude = strings(v)?,
                "categories" => q.categories = strings(v)?,
                "authors" => q.authors = strings(v)?,
                "mode" => {
                    q.mode = match string(v)?.as_str() {
                        "all" => Mode::All,
                        "any" => Mode::Any,
                        other => return Err(["unknown mode `", other, "`: expected all or any"].concat()),
                    }
                }
                "from" => q.from = Some(date(v)?),
                "to" => q.to = Some(date(v)?),
                "text" => q.text = string(v)?,
                "sort" => q.sort = Some(string(v)?.parse::<Sort>().map_err(|e| e.message())?),
                "page" => q.page = number(v)?,
                "perPage" => q.per_page = number(v)?,
                "facetLimit" => q.facet_limit = number(v)?,
                "facetSearch" => {
                    let Value::Object(facets) = v else { return Err(must("an object")) };
                    for (facet, text) in facets {
                        let text = text.text().map(str::to_string);
                        let text = text.ok_or_else(|| ["`facetSearch.", facet, "` must be a string"].concat())?;
                        match facet.as_str() {
                            "tags" => q.facet_search.tags = text,
                            "categories" => q.facet_search.categories = text,
                            "authors" => q.facet_search.authors = text,
                            _ => {
                                return Err([
                                    "unknown facet `facetSearch.",
                                    facet,
                                    "`: expected tags, categories or authors",
                                ]
                                .concat())
                            }
                        }
                    }
                }
                _ => return Err(["unknown field `", key, "`, expected one of ", &FIELDS.join(", ")].concat()),
            }
        }
        Ok(q)
    }

    /// Checks the bounds; the engine calls this first.
    pub fn validate(&self) -> Result<(), QueryError> {
        if !(1..=MAX_PER_PAGE).contains(&self.per_page) {
            return Err(QueryError::PerPage(self.per_page));
        }
        if !(1..=10_000).contains(&self.facet_limit) {
            return Err(QueryError::FacetLimit(self.facet_limit));
        }
        Ok(())
    }

    /// The order used: the explicit sort, else relevance with text, else newest.
    pub fn effective_sort(&self) -> Sort {
        match self.sort {
            Some(Sort::Relevance) if !crate::engine::text::has_words(&self.text) => Sort::Newest,
            Some(s) => s,
            None if crate::engine::text::has_words(&self.text) => Sort::Relevance,
            None => Sort::Newest,
        }
    }
}

/// A query the engine refuses, with a message a user can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryError {
    PerPage(u32),
    FacetLimit(u32),
    UnknownSort(String),
}

impl QueryError {
    /// The message (built without `core::fmt`, which the browser build leaves out).
    pub fn message(&self) -> String {
        use crate::ascii::digits;
        match self {
            QueryError::PerPage(n) => {
                ["perPage must be between 1 and ", &digits(MAX_PER_PAGE), ", not ", &digits(*n)].concat()
            }
            QueryError::FacetLimit(n) => ["facetLimit must be between 1 and 10000, not ", &digits(*n)].concat(),
            QueryError::UnknownSort(s) => {
                let names: Vec<&str> = Sort::ALL.iter().map(|s| s.name()).collect();
                ["unknown sort `", s, "`: expected one of ", &names.join(", ")].concat()
            }
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for QueryError {}

/// One value of a facet with its count under the current query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FacetValue {
    pub value: String,
    /// Results if this value were chosen (for OR groups: ignoring the group's own choice).
    pub count: u32,
    pub selected: bool,
    /// Tags only: the value is excluded (NOT).
    pub excluded: bool,
}

/// A facet's values, by count descending then name; at most `facetLimit` plus the selected.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Facet {
    pub values: Vec<FacetValue>,
    /// Values with a non-zero count or selected, before the limit: "show more" if larger.
    pub distinct: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Facets {
    pub tags: Facet,
    pub categories: Facet,
    pub authors: Facet,
}

/// What a search returns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchResult {
    /// Matching articles.
    pub total: u32,
    /// The page shown (the requested one, clamped to `1..=pages`).
    pub page: u32,
    /// At least 1.
    pub pages: u32,
    pub per_page: u32,
    /// The order applied.
    pub sort: Sort,
    pub hits: Vec<Article>,
    pub facets: Facets,
}
